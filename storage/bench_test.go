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

// insertSearchable adds n attempts of app wx0..wx3 with a JSON body of about bodySize bytes each, the
// way RecordAttempt stores them (attempt, body, search index), in one transaction. Every 1000th body
// holds "needle" and its number.
func insertSearchable(tb testing.TB, db *DB, n, bodySize int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	ins, err := tx.PrepareContext(ctx, `INSERT INTO attempts (app_id, fetch_type, platform, started_at,
		duration_ms, method, url, status, bytes, cached, variant, search_plain, body_id) VALUES (?, ?, 'weapp', ?, 35, 'GET', ?, 200, ?, 1, 'main', ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	defer ins.Close()
	insText, err := tx.PrepareContext(ctx, `INSERT INTO attempt_fts (rowid, text) VALUES (?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	defer insText.Close()
	types := []string{"periodic", "pre"}
	var body bytes.Buffer
	for i := range n {
		body.Reset()
		fmt.Fprintf(&body, `{"version":%d,"updatedAt":"2026-05-01T10:%02d:00Z","items":[`, i, i%60)
		for j := 0; body.Len() < bodySize-80; j++ {
			fmt.Fprintf(&body, `{"id":%d,"title":"Item %d 周期性更新","price":%d.%02d,"tags":["a","b"]},`, j, i*7+j, j*3, i%100)
		}
		if i%1000 == 0 {
			fmt.Fprintf(&body, `{"note":"needle-%d"},`, i)
		}
		body.WriteString(`{}]}`)
		a := &Attempt{AppID: fmt.Sprintf("wx%d", i%4), FetchType: types[i%2], Status: 200,
			URL: fmt.Sprintf("https://example.com/bg?appid=wx%d&timestamp=%d", i%4, 1_700_000_000_000+i), Body: body.Bytes()}
		bodyID, err := putBody(ctx, tx, a.Body)
		if err != nil {
			tb.Fatal(err)
		}
		res, err := ins.ExecContext(ctx, a.AppID, a.FetchType, int64(1_700_000_000_000+i), a.URL, body.Len(), plainText(a.URL, "", "", a.Body), bodyID)
		if err != nil {
			tb.Fatal(err)
		}
		id, _ := res.LastInsertId()
		if _, err := insText.ExecContext(ctx, id, ownText(a.URL, a.Status, a.Error, a.Reason)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSearch100k searches 100,000 attempts with 1 KB bodies for a page of 100: text that most
// attempts hold (the page fills at once), text 1 in 1000 holds and text none holds (every
// searchable text is read), and counting the matches.
func BenchmarkSearch100k(b *testing.B) {
	db := openTest(b)
	insertSearchable(b, db, 100_000, 1024)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		f    HistoryFilter
		want int
	}{
		{"common", HistoryFilter{Text: "周期性更新", Limit: 100}, 100},
		{"app+common", HistoryFilter{AppID: "wx1", Text: "ITEM 5", Limit: 100}, 100},
		{"rare", HistoryFilter{Text: "Needle-", Limit: 100}, 100},
		{"app+rare", HistoryFilter{AppID: "wx0", Text: "needle-", Limit: 100}, 100},
		{"none", HistoryFilter{Text: "no such text anywhere", Limit: 100}, 0},
		{"none-chinese", HistoryFilter{Text: "数据预拉取", Limit: 100}, 0},
		{"url", HistoryFilter{Text: "timestamp=1700000099999", Limit: 100}, 1},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				list, err := db.History(ctx, bc.f)
				if err != nil || len(list) != bc.want {
					b.Fatal(err, len(list))
				}
			}
		})
	}
	b.Run("count-rare", func(b *testing.B) {
		for b.Loop() {
			if n, err := db.CountAttempts(ctx, HistoryFilter{Text: "needle-"}); err != nil || n != 100 {
				b.Fatal(err, n)
			}
		}
	})
}
