package storage

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/bench/bodies"
)

// The scale benchmarks: 100,000 attempts with realistic JSON bodies (0.5-4 KB, English and Chinese,
// every one different), recorded through RecordAttempts as an import would; searching them, counting
// them, a pull with the retention applied after 1,000 and after 100,000 imported attempts, and what
// one cached 256 KB pull adds to the file. They use the public API only, so they run unchanged on
// older revisions for before/after numbers (searchPage is the one helper that differs).

// realisticBody is bodies.Realistic: a JSON body of about size bytes like a prefetch response, different for
// every seed; a body whose seed is a multiple of 1000 holds "needle-<seed>".
func realisticBody(seed, size int) []byte { return bodies.Realistic(seed, size) }

// scaleAttempt is attempt i of a long history: apps wx0..wx3, periodic and pre, mostly 200.
func scaleAttempt(i int, origin string) *Attempt {
	body := realisticBody(i, 512+(i*7919)%3584)
	a := &Attempt{AppID: fmt.Sprintf("wx%d", i%4), FetchType: []string{"periodic", "pre"}[i%2], Platform: "weapp",
		StartedAt: time.UnixMilli(1_700_000_000_000 + int64(i)*1000), DurationMs: 35, Method: "GET",
		URL:    fmt.Sprintf("https://api.example.com/bg?appid=wx%d&timestamp=%d", i%4, 1_700_000_000_000+i),
		Status: 200, Body: body, Bytes: int64(len(body)), Cached: true, Variant: "main", Origin: origin,
		RequestHeaders: map[string][]string{"User-Agent": {"Mozilla/5.0 MicroMessenger"}}}
	if i%50 == 7 {
		a.Status, a.Cached, a.Reason = 404, false, "the server answered HTTP 404; the platform caches only 2xx responses"
	}
	return a
}

// populate records n attempts (from 0) into db through RecordAttempts, 1000 at a time.
func populate(tb testing.TB, db *DB, n int, origin string) {
	tb.Helper()
	ctx := context.Background()
	for start := 0; start < n; start += 1000 {
		list := make([]*Attempt, 0, 1000)
		for i := start; i < min(n, start+1000); i++ {
			list = append(list, scaleAttempt(i, origin))
		}
		if err := db.RecordAttempts(ctx, list); err != nil {
			tb.Fatal(err)
		}
	}
}

var scaleDBs sync.Map // "n/origin" -> path of a populated file, built once per test binary run

// scaleDB returns a copy (fresh, writable) or the shared file (read only use) of a database with n attempts.
func scaleDB(b *testing.B, n int, origin string, fresh bool) *DB {
	b.Helper()
	key := fmt.Sprintf("%d/%s", n, origin)
	v, _ := scaleDBs.LoadOrStore(key, new(sync.Once))
	once := v.(*sync.Once)
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("bgfetch-scale-%d", os.Getpid()))
	src := filepath.Join(dir, fmt.Sprintf("%d-%s.db", n, origin))
	once.Do(func() {
		start := time.Now()
		db, err := Open(src)
		if err != nil {
			b.Fatal(err)
		}
		populate(b, db, n, origin)
		waitIndexed(b, db)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("populated %d attempts in %v", n, time.Since(start))
		if keep := os.Getenv("BGFETCH_SCALE_KEEP"); keep != "" { // a copy to measure the CLI on
			if err := os.MkdirAll(keep, 0o700); err != nil {
				b.Fatal(err)
			}
			copyFile(b, src, filepath.Join(keep, fmt.Sprintf("%d-%s.db", n, origin)))
		}
	})
	b.Cleanup(func() {}) // the files go with the process's temp dir below
	path := src
	if fresh {
		path = filepath.Join(b.TempDir(), "bgfetch.db")
		copyFile(b, src, path)
	}
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db
}

func copyFile(tb testing.TB, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	_ = os.RemoveAll(filepath.Join(os.TempDir(), fmt.Sprintf("bgfetch-scale-%d", os.Getpid())))
	os.Exit(code)
}

// BenchmarkScaleSearch: what `history --search` and the window's search do over 100,000 attempts: the
// first page of 100 and the number of matches.
func BenchmarkScaleSearch(b *testing.B) {
	db := scaleDB(b, 100_000, "", false)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		f    HistoryFilter
		want int64
	}{
		{"common", HistoryFilter{Text: "周期性更新", Limit: 100}, -1},
		{"common-ascii", HistoryFilter{Text: "Summer SALE", Limit: 100}, -1},
		{"app+common", HistoryFilter{AppID: "wx1", Text: "best sellers", Limit: 100}, -1},
		{"rare", HistoryFilter{Text: "Needle-", Limit: 100}, 100},
		{"app+rare", HistoryFilter{AppID: "wx0", Text: "needle-", Limit: 100}, 100},
		{"none", HistoryFilter{Text: "no such text anywhere", Limit: 100}, 0},
		{"none-chinese", HistoryFilter{Text: "周期性更新啊", Limit: 100}, 0},
		{"url", HistoryFilter{Text: "timestamp=1700000099999", Limit: 100}, 1},
		{"status", HistoryFilter{Text: "404", Limit: 100}, -1},
		{"short", HistoryFilter{Text: "周期", Limit: 100}, -1},
	} {
		// exact: the page and the exact count (history --search --count); bounded: the page and the bounded count
		// (请求记录 and history --search: 共 N 条, or 至少 N 条 past CountBound candidates).
		b.Run(bc.name+"/exact", func(b *testing.B) {
			var total int64
			for b.Loop() {
				list, n, err := searchPage(ctx, db, bc.f)
				if err != nil || (bc.want >= 0 && n != bc.want) || int64(len(list)) != min(n, 100) {
					b.Fatal(err, len(list), n)
				}
				total = n
			}
			b.ReportMetric(float64(total), "matches")
		})
		b.Run(bc.name+"/bounded", func(b *testing.B) {
			var total int64
			exact := false
			for b.Loop() {
				var list []Attempt
				var err error
				list, total, exact, err = db.HistoryPage(ctx, bc.f)
				if err != nil || (exact && bc.want >= 0 && total != bc.want) || int64(len(list)) != min(total, 100) {
					b.Fatal(err, len(list), total, exact)
				}
			}
			b.ReportMetric(float64(total), "counted")
			if exact {
				b.ReportMetric(1, "exact")
			} else {
				b.ReportMetric(0, "exact")
			}
		})
	}
	b.Run("filters-count", func(b *testing.B) {
		yes := true
		for b.Loop() {
			if _, _, err := searchPage(ctx, db, HistoryFilter{AppID: "wx1", Platform: "weapp", Cached: &yes,
				Since: time.UnixMilli(1_700_000_000_000 + 20_000_000), Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkScalePull: recording one cached pull and applying the retention (keep 20 per type), as
// core's pull does, after 1,000 and after 100,000 attempts imported from a HAR file.
func BenchmarkScalePull(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("imported=%d", n), func(b *testing.B) {
			db := scaleDB(b, n, OriginHAR, true)
			ctx := context.Background()
			body := realisticBody(7, 4096)
			i := 0
			for b.Loop() {
				i++
				a := &Attempt{AppID: "wx1", FetchType: "periodic", Platform: "weapp", StartedAt: time.UnixMilli(1_800_000_000_000 + int64(i)),
					URL: "https://api.example.com/bg", Status: 200, Body: body, Bytes: int64(len(body)), Cached: true}
				if _, err := db.RecordAttempt(ctx, a, &CacheEntry{Body: body, FetchedAt: a.StartedAt}); err != nil {
					b.Fatal(err)
				}
				if _, err := db.Prune(ctx, "wx1", 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleGrowth: how much one cached pull of a 256 KB JSON body (a different one every time) adds
// to the file: the attempt, its body and whatever search needs (pages in use, after a checkpoint).
func BenchmarkScaleGrowth(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	pull := func(i int) {
		body := realisticBody(i, 256<<10)
		a := &Attempt{AppID: "wx1", FetchType: "periodic", Platform: "weapp", StartedAt: time.UnixMilli(1_800_000_000_000 + int64(i)),
			URL: "https://api.example.com/bg", Status: 200, Body: body, Bytes: int64(len(body)), Cached: true}
		if _, err := db.RecordAttempt(ctx, a, &CacheEntry{Body: body, FetchedAt: a.StartedAt}); err != nil {
			b.Fatal(err)
		}
	}
	size := func() int64 {
		if _, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		var pages, free, pageSize int64
		if err := db.w.QueryRowContext(ctx, `SELECT (SELECT page_count FROM pragma_page_count), (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_size FROM pragma_page_size)`).Scan(&pages, &free, &pageSize); err != nil {
			b.Fatal(err)
		}
		return (pages - free) * pageSize
	}
	pull(0)
	before := size()
	const pulls = 40
	i := 0
	for b.Loop() {
		for range pulls {
			i++
			pull(i)
		}
	}
	after := size()
	b.ReportMetric(float64(after-before)/float64(i)/(1<<20), "MB/pull")
}
