package storage

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// insertBulk adds n small attempts in one transaction, spread over 4 apps and 3 fetch types, the
// fast way (one prepared statement), for tests and benchmarks that need a long history.
func insertBulk(tb testing.TB, db *DB, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO attempts (app_id, fetch_type, platform, started_at,
		duration_ms, method, url, params, request_headers, status, response_headers, bytes, cached,
		warnings, variant) VALUES (?, ?, 'weapp', ?, 35, 'GET', ?, ?, ?, 200, ?, 1024, 1, '[]', 'main')`)
	if err != nil {
		tb.Fatal(err)
	}
	defer stmt.Close()
	types := []string{"periodic", "pre", "jsapiPre"}
	params := `[{"name":"appid","value":"wx0","source":"platform"},{"name":"timestamp","value":"1700000000","source":"platform"}]`
	headers := `{"User-Agent":["Mozilla/5.0 MicroMessenger"],"Accept":["*/*"]}`
	resp := `{"Content-Type":["application/json"]}`
	for i := range n {
		if _, err := stmt.ExecContext(ctx, fmt.Sprintf("wx%d", i%4), types[i%3], int64(1_700_000_000_000+i),
			fmt.Sprintf("https://example.com/bg?n=%d", i), params, headers, resp); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func body256KB() []byte {
	return bytes.Repeat([]byte(`{"id":12345,"name":"周期性更新","ok":true},`), 256<<10/48+1)[:256<<10]
}

func BenchmarkRecordAttempt256KB(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	body := body256KB()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		a := fullAttempt("wx1", "periodic", 1)
		a.Body, a.Bytes = body, int64(len(body))
		if _, err := db.RecordAttempt(ctx, a, &CacheEntry{Body: body, FetchedAt: a.StartedAt}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCached256KB(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	body := body256KB()
	a := fullAttempt("wx1", "periodic", 1)
	if _, err := db.RecordAttempt(ctx, a, &CacheEntry{Body: body}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		e, err := db.Cached(ctx, "wx1", "periodic")
		if err != nil || len(e.Body) != len(body) {
			b.Fatal(err, len(e.Body))
		}
	}
}

func BenchmarkHistory100k(b *testing.B) {
	db := openTest(b)
	insertBulk(b, db, 100_000)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		f    HistoryFilter
	}{
		{"all", HistoryFilter{Limit: 100}},
		{"app+type", HistoryFilter{AppID: "wx1", FetchType: "pre", Limit: 100}},
		{"app+type/deep-page", HistoryFilter{AppID: "wx1", FetchType: "pre", Limit: 100, BeforeID: 1000}},
		{"type", HistoryFilter{FetchType: "jsapiPre", Limit: 100}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				list, err := db.History(ctx, bc.f)
				if err != nil || len(list) == 0 {
					b.Fatal(err, len(list))
				}
			}
		})
	}
	b.Run("count", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := db.CountAttempts(ctx, HistoryFilter{AppID: "wx1"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
