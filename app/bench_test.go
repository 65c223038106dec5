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

	"github.com/bgfetch/devtools/app/units"
	"github.com/bgfetch/devtools/storage"
)

// BenchmarkHistoryPanel100k measures the 请求记录 panel over a database of 100,000 attempts: one op is a
// reload until its count is shown (共 N 条), the whole path; "ms/rows-shown" is the part until the first
// rows are on screen (the page and its count come together). "ms/search-common" is a reload searching a
// text every attempt holds, until its page and count (至少 N 条) are shown; "ms/page" the time to scroll
// to the end of what is loaded and get the next page.
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
	// A search of a text every attempt's URL holds, each candidate checked: the page and its bounded count
	// (至少 N 条), the whole path the panel runs.
	h.SearchBox().Text = "appid=wxbench" // not SetText: its OnChanged waits for typing to pause
	const searches = 5
	start := time.Now()
	for range searches {
		h.Reload()
		wait(func() bool { return !h.Loading() && strings.HasPrefix(h.Count(), "至少 ") })
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/searches, "ms/search-common")
	h.SearchBox().Text = ""
	h.Reload()
	wait(func() bool { return !h.Loading() && strings.HasPrefix(h.Count(), "共 ") })
	start = time.Now()
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

// TestHistoryCountBeyondTheBound: a search whose candidates are more than storage.CountBound shows the page
// with a lower bound (至少 N 条) and 全部计数, which counts them all (共 N 条); a new search drops both.
func TestHistoryCountBeyondTheBound(t *testing.T) {
	data := t.TempDir()
	n := storage.CountBound + historyRows
	seed(t, filepath.Join(data, "bgfetch.db"), n)
	p := make(pump, 1000)
	a := test.NewTempApp(t)
	dir := t.TempDir()
	writeProject(t, dir)
	ui, err := New(a, Options{ProjectDir: dir, DataDir: data, Do: p.do})
	if err != nil {
		t.Fatal(err)
	}
	defer ui.Window().Close()
	ui.tabs.SelectIndex(slices.Index(tabNames, "请求记录"))
	h := ui.history
	p.until(t, "the list", func() bool { return len(h.Rows()) > 0 && strings.HasPrefix(h.Count(), "共 ") })
	if h.Count() != "共 "+units.Digits(int64(n))+" 条" || h.CountAllButton().Visible() {
		t.Errorf("no text: %q, 全部计数 shown %v; want every attempt counted", h.Count(), h.CountAllButton().Visible())
	}
	h.SearchBox().SetText("appid=wxbench") // in every URL: each candidate is checked
	p.until(t, "the search's page", func() bool { return !h.Loading() && strings.HasPrefix(h.Count(), "至少 ") })
	var lower int
	if _, err := fmt.Sscanf(strings.ReplaceAll(h.Count(), ",", ""), "至少 %d 条", &lower); err != nil || lower < storage.CountBound/2 || lower >= n {
		t.Errorf("the lower bound %q (%v); want between %d and %d", h.Count(), err, storage.CountBound/2, n)
	}
	if !h.CountAllButton().Visible() {
		t.Fatal("全部计数 is not shown beside a lower bound")
	}
	test.Tap(h.CountAllButton())
	if h.CountAllButton().Visible() || h.Count() != "正在计数…" {
		t.Errorf("while counting: %q, 全部计数 shown %v", h.Count(), h.CountAllButton().Visible())
	}
	p.until(t, "the count", func() bool { return h.Count() == "共 "+units.Digits(int64(n))+" 条" })
	// A lower bound that the listed rows pass as the list scrolls to its end: 共 N 条 once every match is
	// listed. "=1" (two runes: scanned) is in 411 of the 1,300 URLs, 300 of them among the newest 1,000.
	h.SearchBox().SetText("=1")
	p.until(t, "the short search's page", func() bool { return !h.Loading() && h.Count() == "至少 300 条" })
	for i := 0; i < 10 && h.CountAllButton().Visible(); i++ {
		rows := len(h.Rows())
		h.ScrollToBottom()
		p.until(t, "the next page", func() bool { return !h.Loading() && len(h.Rows()) > rows })
		if len(h.Rows()) < 411 && h.Count() != "至少 "+units.Digits(int64(max(300, len(h.Rows()))))+" 条" {
			t.Errorf("%d rows listed, the count says %q", len(h.Rows()), h.Count())
		}
	}
	if len(h.Rows()) != 411 || h.Count() != "共 411 条" || h.CountAllButton().Visible() {
		t.Errorf("at the end of the list: %d rows, %q, 全部计数 shown %v", len(h.Rows()), h.Count(), h.CountAllButton().Visible())
	}
	h.SearchBox().SetText("timestamp=1234") // one attempt
	p.until(t, "the new search", func() bool { return len(h.Rows()) == 1 && h.Count() == "共 1 条" })
	if h.CountAllButton().Visible() {
		t.Error("全部计数 stays after a search with an exact count")
	}
}

// historyRows is more than a page of the history list, so that a count is needed.
const historyRows = 300
