package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/storage"
)

// BenchmarkHistoryPanel100k measures the 请求记录 panel over a database of 100,000 attempts: one op is a
// reload until its count is shown (共 N 条), the whole path; "ms/rows-shown" is the part until the first
// rows are on screen (the count follows them). The custom metric "ms/page" is the time
// to scroll to the end of what is loaded and get the next page.
func BenchmarkHistoryPanel100k(b *testing.B) {
	data := b.TempDir()
	seed(b, filepath.Join(data, "bgfetch.db"), 100_000)
	p := make(pump, 10000)
	a := test.NewTempApp(b)
	a.Settings().SetTheme(nil) // the default theme: the test theme has no bold monospace font
	dir := b.TempDir()
	writeProject(b, dir)
	ui, err := New(a, Options{ProjectDir: dir, DataDir: data, Do: p.do})
	if err != nil {
		b.Fatal(err)
	}
	defer ui.Window().Close()
	ui.Window().Resize(fyne.NewSize(1100, 760))
	ui.tabs.SelectIndex(slices.Index(tabNames, "请求记录")) // a tab's content is in the window once shown: the list scrolls
	h := ui.history
	wait := func(cond func() bool) {
		for !cond() {
			select {
			case f := <-p:
				f()
			case <-time.After(time.Millisecond):
			}
		}
	}
	wait(func() bool { return ui.proj != nil && len(h.Rows()) > 0 })
	var rowsIn time.Duration
	for b.Loop() {
		t0 := time.Now()
		h.Reload() // a page is being read until this reload's first rows are in, then the count
		wait(func() bool { return !h.Loading() && len(h.Rows()) > 0 })
		rowsIn += time.Since(t0)
		wait(func() bool { return strings.HasPrefix(h.Count(), "共 ") })
	}
	b.StopTimer()
	b.ReportMetric(float64(rowsIn.Microseconds())/1000/float64(b.N), "ms/rows-shown")
	start := time.Now()
	const pages = 10
	for range pages {
		n := len(h.Rows())
		h.ScrollToBottom()
		wait(func() bool { return len(h.Rows()) > n })
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/pages, "ms/page")
}

func writeProject(tb testing.TB, dir string) {
	tb.Helper()
	for name, content := range map[string]string{
		"project.config.json": `{"appid": "wxbench"}`,
		"bgfetch.config.json": `{"token": "t", "periodic": {"url": "http://127.0.0.1:1/p"}}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// seed writes n attempts of the bench app into a new database.
func seed(tb testing.TB, path string, n int) {
	tb.Helper()
	db, err := storage.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	t0 := time.Now().Add(-time.Duration(n) * time.Minute)
	for i := range n {
		a := &storage.Attempt{AppID: "wxbench", FetchType: []string{"periodic", "pre"}[i%2], Platform: "weapp",
			StartedAt: t0.Add(time.Duration(i) * time.Minute), DurationMs: int64(i % 300), Method: "GET",
			URL: fmt.Sprintf("https://api.example.com/p?appid=wxbench&timestamp=%d", i), Status: 200, Bytes: 1024, Cached: i%7 != 0,
			Reason: "", Params: []storage.Param{{Name: "appid", Value: "wxbench", Source: "platform"}}}
		if !a.Cached {
			a.Status, a.Reason = 500, "the server answered HTTP 500; the platform caches only 2xx responses"
		}
		if _, err := db.RecordAttempt(ctx, a, nil); err != nil {
			tb.Fatal(err)
		}
	}
}
