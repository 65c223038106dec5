package core

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/fetch"
)

// writeGenHAR writes a HAR file of n entries as bgfetch writes them, without holding it: appid of each
// entry's _bgfetch, body bodySize bytes of text, cached as given.
func writeGenHAR(w io.Writer, n, bodySize int, appid string, cached bool) {
	bw := bufio.NewWriter(w)
	body := strings.Repeat("b", bodySize)
	fmt.Fprint(bw, `{"log": {"version": "1.2", "creator": {"name": "BgFetch DevTools", "version": "t"}, "pages": [{"id": "p", "x": [1, {"y": 2}]}], "entries": [`)
	for i := range n {
		if i > 0 {
			bw.WriteByte(',')
		}
		fmt.Fprintf(bw, `{"startedDateTime": %q, "time": 12, "request": {"method": "GET", "url": "https://example.com/bg?appid=%s&n=%d",
			"httpVersion": "HTTP/1.1", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
			"response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
			"content": {"size": %d, "mimeType": "text/plain", "text": %q}, "redirectURL": "", "headersSize": -1, "bodySize": -1},
			"cache": {}, "timings": {"send": 0, "wait": 12, "receive": 0},
			"_bgfetch": {"id": %d, "appid": %q, "fetchType": "periodic", "platform": "weapp", "cached": %v, "reason": "", "warnings": []}}`,
			t0.Add(time.Duration(i)*time.Second).Format(harTime), appid, i, bodySize, body, i+1, appid, cached)
	}
	fmt.Fprint(bw, "]}}\n")
	bw.Flush()
}

func genHAR(n, bodySize int, appid string, cached bool) string {
	var b strings.Builder
	writeGenHAR(&b, n, bodySize, appid, cached)
	return b.String()
}

// TestImportHARRefuses: files that are not HAR, or whose entries are bad, import nothing, and the error says
// what is wrong in the user's words, never Go's.
func TestImportHARRefuses(t *testing.T) {
	ctx := context.Background()
	e := openEngine(t, newProject(t, weappConfig("http://127.0.0.1:1", "/ok")), &clock{t: t0})
	good := genHAR(1200, 10, "wxtest", true) // three batches, then a bad entry
	badLast := strings.TrimSuffix(good, "]}}\n") + `, {"startedDateTime": "2026-11-20T08:00:00Z", "request": {"url": 5}}]}}`
	tests := []struct {
		name, file, want string
	}{
		{"an array", `[]`, "not a HAR file: expected an object with log.entries"},
		{"an empty file", ``, "ends too early"},
		{"a string", `"har"`, "not a HAR file: expected an object"},
		{"no log", `{"hello": 1}`, "expected an object with log.entries"},
		{"log is a list", `{"log": []}`, "expected an object with log.entries"},
		{"entries is an object", `{"log": {"entries": {}}}`, "expected an object with log.entries"},
		{"no entries", `{"log": {"version": "1.2"}}`, "expected an object with log.entries"},
		{"not JSON", `{"log": {"entries": [nope]}}`, "not valid JSON at byte"},
		{"cut off", good[:len(good)/2], "ends too early"},
		{"more after the object", good + `{}`, "more after the HAR object"},
		{"a URL that is a number", `{"log": {"entries": [{"request": {"url": 5}}]}}`, "entry 1: request.url should be text, not a JSON number"},
		{"bad time", `{"log": {"entries": [{"startedDateTime": "yesterday", "request": {"url": "x"}}]}}`, "entry 1: startedDateTime"},
		{"bad entry after 1200 good ones", badLast, "entry 1201: request.url should be text"},
		{"bad base64", `{"log": {"entries": [{"startedDateTime": "2026-11-20T08:00:00Z", "request": {"url": "x"}, "response": {"content": {"text": "%%", "encoding": "base64"}}}]}}`, "not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := e.ImportHAR(ctx, strings.NewReader(tt.file))
			if err == nil || n != 0 {
				t.Fatalf("imported %d, %v", n, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "nothing was imported") {
				t.Errorf("error %q does not say %q and that nothing was imported", msg, tt.want)
			}
			for _, goish := range []string{"Go value", "core.", "json: cannot unmarshal", "[]core", "*core"} {
				if strings.Contains(msg, goish) {
					t.Errorf("error %q speaks Go (%q)", msg, goish)
				}
			}
			if c, _ := e.CountHistory(ctx, HistoryFilter{}); c != 0 {
				t.Errorf("%d attempts stayed from a refused file", c)
			}
		})
	}
	if n, err := e.ImportHAR(ctx, strings.NewReader(good)); err != nil || n != 1200 {
		t.Fatalf("the good file: %d, %v", n, err)
	}
	if c, _ := e.CountHistory(ctx, HistoryFilter{}); c != 1200 {
		t.Errorf("%d attempts after importing 1200", c)
	}
}

// TestImportHARBodiesAndApp: bodies are kept as fetched ones are, entries go under the current app unless
// KeepAppID.
func TestImportHARBodiesAndApp(t *testing.T) {
	ctx := context.Background()
	e := openEngine(t, newProject(t, weappConfig("http://127.0.0.1:1", "/ok")), &clock{t: t0})
	tests := []struct {
		name     string
		size     int
		cached   bool
		wantBody int
	}{
		{"8 MB, not cached", 8 << 20, false, StoredErrorBody},
		{"8 MB, said cached", 8 << 20, true, StoredErrorBody},
		{"200KB cached", 200 << 10, true, 200 << 10},
		{"256KB cached", fetch.MaxBody, true, fetch.MaxBody},
		{"100KB not cached", 100 << 10, false, StoredErrorBody},
		{"1KB not cached", 1 << 10, false, 1 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.ImportHARWith(ctx, strings.NewReader(genHAR(1, tt.size, "wxother", tt.cached)), HARImportOptions{})
			if err != nil || res.Imported != 1 || res.Moved != 1 || (res.Cut == 1) != (tt.wantBody < tt.size) {
				t.Fatalf("import %+v, %v", res, err)
			}
			list, err := e.HistoryWithBodies(ctx, HistoryFilter{Limit: 1})
			if err != nil || len(list) != 1 {
				t.Fatal(list, err)
			}
			a := list[0]
			if len(a.Body) != tt.wantBody || a.Bytes != int64(tt.size) || a.AppID != "wxtest" {
				t.Errorf("stored %d bytes of %d under %s; want %d under wxtest", len(a.Body), a.Bytes, a.AppID, tt.wantBody)
			}
			if cut := tt.wantBody < tt.size; cut != strings.Contains(strings.Join(a.Warnings, "|"), "imported body cut") {
				t.Errorf("warnings %q", a.Warnings)
			}
		})
	}
	res, err := e.ImportHARWith(ctx, strings.NewReader(genHAR(3, 10, "wxother", true)), HARImportOptions{KeepAppID: true})
	if err != nil || res.Imported != 3 || res.Moved != 0 {
		t.Fatalf("--keep-appid: %+v %v", res, err)
	}
	if n, _ := e.CountHistory(ctx, HistoryFilter{AppID: "wxother"}); n != 3 {
		t.Errorf("--keep-appid: %d attempts under wxother, want 3", n)
	}
}

// TestExportHARStreamedMatchesWriteHAR: the streamed export writes what WriteHAR writes for the same
// attempts, oldest first, and honours the limit.
func TestExportHARStreamedMatchesWriteHAR(t *testing.T) {
	ctx := context.Background()
	e, _ := harHistory(t)
	for _, limit := range []int{0, 3} {
		list, err := e.HistoryWithBodies(ctx, HistoryFilter{Limit: cmpOr(limit, 1000)})
		if err != nil {
			t.Fatal(err)
		}
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
		for i := range list {
			list[i] = e.MaskAttempt(list[i])
		}
		var want, got bytes.Buffer
		if err := WriteHAR(&want, list, false, "v"); err != nil {
			t.Fatal(err)
		}
		n, err := e.ExportHAR(ctx, &got, HistoryFilter{Limit: limit}, false, "v", e.MaskAttempt)
		if err != nil || n != len(list) {
			t.Fatalf("limit %d: exported %d, %v; want %d", limit, n, err, len(list))
		}
		checkHAR(t, got.Bytes())
		var a, b any
		if json.Unmarshal(want.Bytes(), &a) != nil || json.Unmarshal(got.Bytes(), &b) != nil || fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("limit %d: the streamed HAR differs", limit)
		}
	}
	var empty bytes.Buffer
	if n, err := e.ExportHAR(ctx, &empty, HistoryFilter{FetchType: "nothing"}, false, "v", nil); err != nil || n != 0 {
		t.Fatal(n, err)
	}
	checkHAR(t, empty.Bytes())
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// peakHeap samples the heap in use while fn runs and returns the highest value seen.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// BenchmarkImportHAR imports 20,000 entries with 1KB bodies (a 34 MB file, read from disk); it reports
// the peak Go heap in use while importing.
func BenchmarkImportHAR(b *testing.B) {
	const n = 20000
	path := b.TempDir() + "/big.har"
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	writeGenHAR(f, n, 1024, "wxtest", true)
	fi, _ := f.Stat()
	f.Close()
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		e := openBenchEngine(b)
		in, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		peak = max(peak, peakHeap(func() {
			if got, err := e.ImportHAR(context.Background(), bufio.NewReader(in)); err != nil || got != n {
				b.Fatal(got, err)
			}
		}))
		b.StopTimer()
		in.Close()
		e.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}

// BenchmarkExportHAR exports the same 20,000 attempts; it reports the peak heap in use.
func BenchmarkExportHAR(b *testing.B) {
	const n = 20000
	e := openBenchEngine(b)
	var file bytes.Buffer
	writeGenHAR(&file, n, 1024, "wxtest", true)
	if got, err := e.ImportHAR(context.Background(), &file); err != nil || got != n {
		b.Fatal(got, err)
	}
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			if got, err := e.ExportHAR(context.Background(), io.Discard, HistoryFilter{Limit: n}, false, "v", e.MaskAttempt); err != nil || got != n {
				b.Fatal(got, err)
			}
		}))
	}
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}

func openBenchEngine(b *testing.B) *Engine {
	b.Helper()
	dir := b.TempDir()
	if err := writeFileErr(dir+"/project.config.json", `{"appid": "wxtest"}`); err != nil {
		b.Fatal(err)
	}
	if err := writeFileErr(dir+"/bgfetch.config.json", weappConfig("http://127.0.0.1:1", "/ok")); err != nil {
		b.Fatal(err)
	}
	e, err := Open(Options{ProjectDir: dir, DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	return e
}
