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
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bgfetch/devtools/bench/bodies"
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

// realisticBody is bodies.Realistic, the body storage's scale benchmark stores.
func realisticBody(seed, size int) []byte { return bodies.Realistic(seed, size) }

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
