// Command genhar writes a HAR file of n entries as bgfetch history --har writes them, with realistic JSON
// bodies (0.5-4 KB, English and Chinese, every one different; entry i with i%1000 == 0 holds
// "needle-<i>"), for the scale benchmarks (bench/scale.sh): importing it gives a history of n realistic
// attempts. Usage: genhar -n 100000 -appid wx123 > file.har
//
// With -serve ADDR it is instead a server of such bodies: /new/SIZE answers a different realistic body of
// SIZE bytes each time, /same/SIZE always the same one (a periodic update whose data did not change). It
// prints "serving on http://HOST:PORT" once listening.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

func main() {
	n := flag.Int("n", 100000, "entries")
	appid := flag.String("appid", "wxbench", "appid of every entry")
	serve := flag.String("serve", "", "serve bodies on this address instead of writing a HAR file")
	flag.Parse()
	if *serve != "" {
		if err := serveBodies(*serve); err != nil {
			fmt.Fprintln(os.Stderr, "genhar:", err)
			os.Exit(1)
		}
		return
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprint(w, `{"log": {"version": "1.2", "creator": {"name": "BgFetch DevTools", "version": "bench"}, "entries": [`)
	for i := range *n {
		if i > 0 {
			w.WriteByte(',')
		}
		body := realisticBody(i, 512+(i*7919)%3584)
		text, _ := json.Marshal(string(body))
		status, cached, reason := 200, true, ""
		if i%50 == 7 {
			status, cached, reason = 404, false, "the server answered HTTP 404; the platform caches only 2xx responses"
		}
		fetchType := []string{"periodic", "pre"}[i%2]
		fmt.Fprintf(w, `{"startedDateTime": %q, "time": 35, "request": {"method": "GET", "url": "https://api.example.com/bg?appid=%s&timestamp=%d",
"httpVersion": "HTTP/1.1", "headers": [{"name": "User-Agent", "value": "Mozilla/5.0 MicroMessenger"}], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
"response": {"status": %d, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [{"name": "Content-Type", "value": "application/json"}], "cookies": [],
"content": {"size": %d, "mimeType": "application/json", "text": %s}, "redirectURL": "", "headersSize": -1, "bodySize": -1},
"cache": {}, "timings": {"send": 0, "wait": 30, "receive": 5},
"_bgfetch": {"appid": %q, "fetchType": %q, "platform": "weapp", "cached": %v, "reason": %q, "variant": "main"}}`,
			t0.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano), *appid, 1_700_000_000_000+i,
			status, len(body), text, *appid, fetchType, cached, reason)
	}
	fmt.Fprint(w, "]}}\n")
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "genhar:", err)
		os.Exit(1)
	}
}

// realisticBody is storage's scale benchmark body (storage/scale_bench_test.go): a JSON body of about size
// bytes like a prefetch response, different for every seed.
func realisticBody(seed, size int) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), 42))
	var b strings.Builder
	b.Grow(size + 256)
	fmt.Fprintf(&b, `{"code":0,"version":%d,"updatedAt":"2026-05-%02dT%02d:%02d:00+08:00","data":{"items":[`,
		seed, 1+seed%28, seed%24, seed%60)
	zh := []string{"周期性更新", "数据预拉取", "限时优惠", "新品上架", "热门推荐", "会员专享", "今日特价", "猜你喜欢"}
	en := []string{"Summer Sale", "New Arrivals", "Best Sellers", "Members Only", "Daily Deal", "Top Picks"}
	for j := 0; b.Len() < size-120; j++ {
		title := en[r.IntN(len(en))]
		if r.IntN(2) == 0 {
			title = zh[r.IntN(len(zh))]
		}
		fmt.Fprintf(&b, `{"id":%d,"sku":"SKU-%06X","title":"%s %d","price":%d.%02d,"stock":%d,`+
			`"image":"https://cdn.example.com/img/%08x.jpg","tags":["%s","t%d"],"at":%d},`,
			seed*100+j, r.Uint32()&0xffffff, title, r.IntN(1000), r.IntN(10000), r.IntN(100), r.IntN(500),
			r.Uint32(), zh[r.IntN(len(zh))], r.IntN(50), 1_700_000_000+r.IntN(1_000_000))
	}
	if seed%1000 == 0 {
		fmt.Fprintf(&b, `{"note":"needle-%d"},`, seed)
	}
	b.WriteString(`{}]}}`)
	return []byte(b.String())
}

func serveBodies(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var seq atomic.Int64
	body := func(w http.ResponseWriter, r *http.Request, seed int) {
		size, err := strconv.Atoi(r.PathValue("size"))
		if err != nil || size < 200 || size > 16<<20 {
			http.Error(w, "size must be between 200 and 16777216", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		// Exactly size bytes (256KB is the most the platform caches): a shorter body, padded with spaces.
		b := realisticBody(seed, size-400)
		_, _ = w.Write(append(b, strings.Repeat(" ", size-len(b))...))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/new/{size}", func(w http.ResponseWriter, r *http.Request) { body(w, r, int(seq.Add(1))) })
	mux.HandleFunc("/same/{size}", func(w http.ResponseWriter, r *http.Request) { body(w, r, 1) })
	fmt.Printf("serving on http://%s\n", ln.Addr())
	return http.Serve(ln, mux)
}
