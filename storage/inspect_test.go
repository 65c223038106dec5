package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func ptrBool(b bool) *bool { return &b }

func TestSearchAndFilters(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	at := func(min int) time.Time { return time.Date(2026, 5, 1, 10, min, 0, 0, time.UTC) }
	attempts := []*Attempt{ // ids 1..6
		{AppID: "wx1", FetchType: "periodic", Platform: "weapp", StartedAt: at(0), URL: "https://api.example.com/bg?token=ABC",
			Status: 200, Cached: true, Body: []byte(`{"title":"Grüße aus Beijing","n":1}`)},
		{AppID: "wx1", FetchType: "periodic", Platform: "weapp", StartedAt: at(1), URL: "https://api.example.com/bg",
			Status: 404, Reason: "the server answered HTTP 404; the platform caches only 2xx responses", Body: []byte("Not Found")},
		{AppID: "wx1", FetchType: "pre", Platform: "qq", StartedAt: at(2), URL: "https://qq.example.com/pre",
			Reason: "no response: connection refused", Error: "connection refused by qq.example.com: is your server running?"},
		{AppID: "wx1", FetchType: "pre", Platform: "qq", StartedAt: at(3), URL: "https://qq.example.com/pre?x=1",
			Status: 200, Cached: true, Body: []byte("周期性更新 数据 ÉTÉ")},
		{AppID: "wx2", FetchType: "periodic", Platform: "weapp", StartedAt: at(4), URL: "https://other.example.com/",
			Status: 200, Cached: true, Body: []byte(`{"title":"grüsse"}`)},
		{AppID: "wx1", FetchType: "periodic", Platform: "weapp", StartedAt: at(5), URL: "https://api.example.com/bg",
			Status: 500, Reason: "HTTP 500", Body: []byte{0xff, 0xfe, 'B', 'I', 'N'}},
	}
	for _, a := range attempts {
		record(t, db, a, false)
	}
	tests := []struct {
		name string
		f    HistoryFilter
		want []int64
	}{
		{"text in URL, any case", HistoryFilter{Text: "TOKEN=abc"}, []int64{1}},
		{"text in body, Unicode case folding", HistoryFilter{Text: "GRÜSSE"}, []int64{5}},
		{"non-ASCII body text", HistoryFilter{Text: "ÉtÉ"}, []int64{4}},
		{"Chinese", HistoryFilter{Text: "周期性"}, []int64{4}},
		{"status as text", HistoryFilter{Text: "404"}, []int64{2}},
		{"status 0 is not searchable as 0", HistoryFilter{Text: "\n0\n"}, []int64{}},
		{"error", HistoryFilter{Text: "refused"}, []int64{3}},
		{"reason", HistoryFilter{Text: "only 2xx"}, []int64{2}},
		{"binary body still searchable where it is text", HistoryFilter{Text: "bin"}, []int64{6}},
		{"text and app", HistoryFilter{AppID: "wx1", Text: "example.com"}, []int64{6, 4, 3, 2, 1}},
		{"text and limit", HistoryFilter{AppID: "wx1", Text: "example.com", Limit: 2}, []int64{6, 4}},
		{"text and page", HistoryFilter{AppID: "wx1", Text: "example.com", BeforeID: 4, Limit: 2}, []int64{3, 2}},
		{"no match", HistoryFilter{Text: "nothing like this"}, []int64{}},
		{"platform", HistoryFilter{Platform: "qq"}, []int64{4, 3}},
		{"cached", HistoryFilter{Cached: ptrBool(true)}, []int64{5, 4, 1}},
		{"not cached", HistoryFilter{AppID: "wx1", Cached: ptrBool(false)}, []int64{6, 3, 2}},
		{"since (inclusive)", HistoryFilter{Since: at(4)}, []int64{6, 5}},
		{"until (exclusive)", HistoryFilter{Until: at(2)}, []int64{2, 1}},
		{"since and until", HistoryFilter{Since: at(1), Until: at(4)}, []int64{4, 3, 2}},
		{"everything at once", HistoryFilter{AppID: "wx1", FetchType: "pre", Platform: "qq", Cached: ptrBool(true),
			Since: at(0), Until: at(6), Text: "数据"}, []int64{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := db.History(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := []int64{}
			for _, a := range list {
				got = append(got, a.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("History ids = %v, want %v", got, tt.want)
			}
			// CountAttempts honours the same filter (without Limit and BeforeID).
			cf := tt.f
			cf.Limit, cf.BeforeID = 0, 0
			all, err := db.History(ctx, cf)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.CountAttempts(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if n != int64(len(all)) {
				t.Errorf("CountAttempts = %d, want %d", n, len(all))
			}
		})
	}
}

func TestDeleteAttempt(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	old := record(t, db, fullAttempt("wx1", "periodic", 1), true)
	cachedID := record(t, db, fullAttempt("wx1", "periodic", 2), true)
	other := record(t, db, fullAttempt("wx1", "periodic", 3), false)

	if err := db.DeleteAttempt(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeleteAttempt(999) = %v, want ErrNotFound", err)
	}
	if err := db.DeleteAttempt(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Attempt(ctx, other); !errors.Is(err, ErrNotFound) {
		t.Errorf("Attempt(%d) after delete = %v, want ErrNotFound", other, err)
	}
	if err := db.DeleteAttempt(ctx, other); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteAttempt = %v, want ErrNotFound", err)
	}

	// The attempt the cache points at: the cached body stays, without its attempt.
	before, err := db.Cached(ctx, "wx1", "periodic")
	if err != nil || before.AttemptID != cachedID {
		t.Fatalf("cache before = %+v, %v", before, err)
	}
	if err := db.DeleteAttempt(ctx, cachedID); err != nil {
		t.Fatal(err)
	}
	after, err := db.Cached(ctx, "wx1", "periodic")
	if err != nil {
		t.Fatalf("the cached body went with its attempt: %v", err)
	}
	if string(after.Body) != string(before.Body) || after.AttemptID != 0 || !after.FetchedAt.Equal(before.FetchedAt) {
		t.Errorf("cache after = %+v, want the same body with AttemptID 0", after)
	}
	// A later fetch still replaces it.
	newer := record(t, db, fullAttempt("wx1", "periodic", 4), true)
	if c, _ := db.Cached(ctx, "wx1", "periodic"); c.AttemptID != newer {
		t.Errorf("cache attempt = %d, want %d", c.AttemptID, newer)
	}

	var bodies, indexed int64
	if err := db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM attempts WHERE body_id IS NOT NULL), (SELECT count(*) FROM attempt_fts WHERE attempt_fts MATCH '"exa"')`).
		Scan(&bodies, &indexed); err != nil {
		t.Fatal(err)
	}
	if bodies != 2 || indexed != 2 { // old and newer
		t.Errorf("%d bodies and %d indexed attempts left, want 2 and 2", bodies, indexed)
	}
	if n, _ := db.CountAttempts(ctx, HistoryFilter{}); n != 2 {
		t.Errorf("%d attempts left, want 2", n)
	}
	_ = old
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	type plan struct{ app, typ string }
	tests := []struct {
		name    string
		appID   string
		keep    int
		deleted int64
		left    map[plan][]int // the i of fullAttempt left, newest first
	}{
		{"keep 2 per type of wx1", "wx1", 2, 3 + 2, map[plan][]int{
			{"wx1", "periodic"}: {5, 4, 1}, // 1 is cached
			{"wx1", "pre"}:      {3, 2},
			{"wx2", "periodic"}: {3, 2, 1, 0},
		}},
		{"keep 1 of every app", "", 1, 4 + 3 + 3, map[plan][]int{
			{"wx1", "periodic"}: {5, 1},
			{"wx1", "pre"}:      {3},
			{"wx2", "periodic"}: {3},
		}},
		{"keep more than there are", "wx1", 1000, 0, map[plan][]int{
			{"wx1", "periodic"}: {5, 4, 3, 2, 1, 0},
			{"wx1", "pre"}:      {3, 2, 1, 0},
			{"wx2", "periodic"}: {3, 2, 1, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			byID := map[int64]int{}
			for i := range 6 {
				// wx1 periodic: i 0..5, only i=1 cached (later attempts are not).
				byID[record(t, db, fullAttempt("wx1", "periodic", i), i == 1)] = i
				if i < 4 {
					byID[record(t, db, fullAttempt("wx1", "pre", i), false)] = i
					byID[record(t, db, fullAttempt("wx2", "periodic", i), false)] = i
				}
			}
			n, err := db.Prune(ctx, tt.appID, tt.keep)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.deleted {
				t.Errorf("Prune deleted %d, want %d", n, tt.deleted)
			}
			for p, want := range tt.left {
				list, err := db.History(ctx, HistoryFilter{AppID: p.app, FetchType: p.typ})
				if err != nil {
					t.Fatal(err)
				}
				got := []int{}
				for _, a := range list {
					got = append(got, byID[a.ID])
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s left %v, want %v", p.app, p.typ, got, want)
				}
			}
			if _, err := db.Cached(ctx, "wx1", "periodic"); err != nil {
				t.Errorf("cache after prune: %v", err)
			}
		})
	}
	db := openTest(t)
	if _, err := db.Prune(ctx, "wx1", 0); err == nil {
		t.Error("Prune with keep 0 succeeded")
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Setting(ctx, "retention"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unset setting: %v, want ErrNotFound", err)
	}
	for _, v := range []string{"1000", "5", ""} {
		if err := db.SetSetting(ctx, "retention", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Setting(ctx, "retention"); err != nil || got != v {
			t.Errorf("Setting = %q, %v; want %q", got, err, v)
		}
	}
	if err := db.SetSetting(ctx, "retention", "42"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.Setting(ctx, "retention"); err != nil || got != "42" {
		t.Errorf("after reopening: %q, %v", got, err)
	}
}

func TestLatestCached(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a1 := record(t, db, fullAttempt("wx1", "periodic", 1), true)
	notCached := fullAttempt("wx1", "periodic", 2)
	notCached.Cached = false
	record(t, db, notCached, false)
	har := fullAttempt("wx1", "periodic", 3)
	har.Origin = OriginHAR
	record(t, db, har, false)
	record(t, db, fullAttempt("wx1", "pre", 4), true)
	a5 := record(t, db, fullAttempt("wx1", "periodic", 5), true)

	list, err := db.LatestCached(ctx, "wx1", "periodic", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a5 || list[1].ID != a1 {
		t.Fatalf("LatestCached = %d attempts, want %d then %d", len(list), a5, a1)
	}
	if string(list[0].Body) != `{"n":5,"text":"数据"}` || string(list[1].Body) != `{"n":1,"text":"数据"}` {
		t.Errorf("bodies %q, %q", list[0].Body, list[1].Body)
	}
	if list, _ := db.LatestCached(ctx, "wx1", "jsapiPre", 2); len(list) != 0 {
		t.Errorf("jsapiPre: %d attempts, want 0", len(list))
	}
}

// TestMigrate0002 opens a database written by the previous release (schema 1): its attempts become
// searchable, its cache survives the table rebuild, and deleting the attempt behind it keeps the body.
func TestMigrate0002(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	v1, err := migrationFiles.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	rawExec(t, path, string(v1), `PRAGMA user_version = 1`,
		`INSERT INTO attempts (app_id, fetch_type, started_at, url, status, reason, error) VALUES
			('wx1', 'periodic', 1700000000000, 'https://Example.com/BG', 200, '', ''),
			('wx1', 'periodic', 1700000001000, 'https://example.com/bg', 0, 'no response: timeout', 'No Complete Answer')`,
		`INSERT INTO attempt_bodies (attempt_id, body) VALUES (1, CAST('{"Hello":"World"}' AS BLOB))`,
		`INSERT INTO cache (app_id, fetch_type, fetched_at, attempt_id, body) VALUES ('wx1', 'periodic', 1700000000500, 1, CAST('{"Hello":"World"}' AS BLOB))`)

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for text, want := range map[string]int64{"hello": 1, "example.com/bg": 2, "200": 1, "no complete": 1, "timeout": 1} {
		if n, err := db.CountAttempts(ctx, HistoryFilter{Text: text}); err != nil || n != want {
			t.Errorf("search %q: %d, %v; want %d", text, n, err, want)
		}
	}
	a, err := db.Attempt(ctx, 1)
	if err != nil || a.Timing != nil || a.TLS != nil || a.Origin != "" || a.RerunOf != 0 || a.Proto != "" {
		t.Errorf("old attempt = %+v, %v", a, err)
	}
	if err := db.DeleteAttempt(ctx, 1); err != nil {
		t.Fatal(err)
	}
	c, err := db.Cached(ctx, "wx1", "periodic")
	if err != nil || string(c.Body) != `{"Hello":"World"}` || c.AttemptID != 0 {
		t.Errorf("cache after deleting its attempt = %+v, %v", c, err)
	}
	var fk int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign_key_check: %d, %v", fk, err)
	}
}

// TestSearchLiteral: the searched text is literal, whatever GLOB or LIKE would make of it.
func TestSearchLiteral(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	record(t, db, &Attempt{AppID: "wx1", FetchType: "periodic", URL: "https://x.example/?q=[1]*?&r=a_b%25",
		Body: []byte("before\x00after ]["), Status: 200}, false)
	record(t, db, &Attempt{AppID: "wx1", FetchType: "periodic", URL: "https://x.example/?q=1&r=aXb", Status: 200}, false)
	for text, want := range map[string]int64{
		"[1]*?": 1, "*": 1, "?": 2, "*?": 1, "[": 1, "]": 1, "a_b": 1, "%25": 1, "_": 1, "q=1": 1, "after ][": 1,
		"before after": 1, // a NUL byte is searchable as a space, and the text after it too
		"x.example":    2, "q=[": 1, "a?b": 0, "a*b": 0,
	} {
		if n, err := db.CountAttempts(ctx, HistoryFilter{Text: text}); err != nil || n != want {
			t.Errorf("search %q: %d, %v; want %d", text, n, err, want)
		}
	}
}

// TestSearchReference: every way of searching (the index, the index with the columns checked, the scan
// for short texts, the scan while old attempts are still being indexed) finds exactly what the plain
// substring search of searchText finds, page by page, with the same count.
func TestSearchReference(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	insertSearchable(t, db, 3000, 200) // every 1000th body has "needle-N"
	record(t, db, &Attempt{AppID: "wx1", FetchType: "pre", URL: "https://x.example/ÉTÉ?q=Grüße", Status: 503,
		Error: "Timeout", Body: []byte("line one\nline two\x00and \xff more ÄÖÜ 周期")}, false)
	// Valid UTF-8 with the two letters Go folds into ASCII (SQLite's lower() does not).
	record(t, db, &Attempt{AppID: "wx2", FetchType: "pre", URL: "https://y.example/", Status: 200,
		Body: []byte("\u212aelvin \u0130stanbul 42")}, false)
	// The newest attempts hold old bodies again (stored and indexed once): the page of the newest matches
	// must not miss them nor skip older ones.
	for i, id := range []int64{1001, 12, 2001, 12} {
		old, err := db.Attempt(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		record(t, db, &Attempt{AppID: fmt.Sprintf("wx%d", i%2), FetchType: "periodic", URL: "https://z.example/again", Status: 200, Body: old.Body}, false)
	}
	// The reference: every attempt's search text, from its columns.
	type doc struct {
		id   int64
		a    Attempt
		text string
	}
	var docs []doc
	for id := int64(3006); id >= 1; id-- {
		a, err := db.Attempt(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc{id, a, searchText(&a)})
	}
	check := func(t *testing.T, f HistoryFilter) {
		t.Helper()
		needle := foldText(f.Text)
		var want []int64
		var total int64
		for _, d := range docs {
			if !strings.Contains(d.text, needle) || (f.AppID != "" && d.a.AppID != f.AppID) {
				continue
			}
			total++
			if (f.BeforeID == 0 || d.id < f.BeforeID) && len(want) < f.limit() {
				want = append(want, d.id)
			}
		}
		ids := func(l []Attempt) []int64 {
			out := []int64{}
			for _, a := range l {
				out = append(out, a.ID)
			}
			return out
		}
		if want == nil {
			want = []int64{}
		}
		got, err := db.History(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids(got), want) {
			t.Errorf("%+v: History %v, want %v", f, ids(got), want)
		}
		page, n, err := db.HistoryCount(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids(page), want) || n != total {
			t.Errorf("%+v: HistoryCount %v, %d; want %v, %d", f, ids(page), n, want, total)
		}
		if n, err := db.CountAttempts(ctx, f); err != nil || n != total {
			t.Errorf("%+v: CountAttempts %d, %v; want %d", f, n, err, total)
		}
	}
	filters := []HistoryFilter{
		{Text: "needle-", Limit: 100},
		{Text: "needle-", Limit: 2}, {Text: "needle-1000", Limit: 1}, {Text: "needle-1000", Limit: 2, BeforeID: 3006},
		{Text: `"version":11,`, Limit: 1}, {Text: `"version":11,`, Limit: 3}, {Text: "z.example/again", Limit: 3},
		{Text: "needle-", Limit: 2, BeforeID: 2500},
		{Text: "needle-", BeforeID: 1500},
		{Text: "needle-", AppID: "wx0"},
		{Text: "item 1", Limit: 50},
		{Text: "ITEM 1", Limit: 50, BeforeID: 2200},
		{Text: "example.com/bg?appid=wx3", Limit: 7, BeforeID: 1500},
		{Text: "nothing"},
		{Text: "it"}, {Text: "周期"}, {Text: "周期性", Limit: 5}, {Text: "周期性更新"}, {Text: "5"},
		{Text: "éTé"}, {Text: "grüsse"}, {Text: "GRÜSSE"}, {Text: "äöü"}, {Text: "one\nline"}, {Text: "two and"},
		{Text: "kelvin"}, {Text: "istanbul 42"}, {Text: "elvin"}, {Text: "y.example"},
		{Text: "\xff"}, {Text: "503"}, {Text: "\n503\n"}, {Text: "timeout"}, {Text: `"price":1`}, {Text: "\"\"\""},
	}
	t.Run("index", func(t *testing.T) {
		for _, f := range filters {
			check(t, f)
		}
	})
	// As if migrated from an older schema: nothing indexed yet (neither attempts nor bodies), every search
	// scans; then indexed in batches (as the background indexer does), the same again.
	if _, err := db.w.ExecContext(ctx, `DELETE FROM attempt_fts; DELETE FROM body_fts; INSERT INTO search_pending (up_to) VALUES (3006);
		INSERT INTO body_search_pending (up_to) SELECT max(body_id) FROM bodies`); err != nil {
		t.Fatal(err)
	}
	t.Run("pending", func(t *testing.T) {
		for _, f := range filters {
			check(t, f)
		}
	})
	if err := db.indexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if pending, err := db.searchPending(ctx); err != nil || pending {
		t.Fatalf("still pending after indexPending: %v, %v", pending, err)
	}
	t.Run("reindexed", func(t *testing.T) {
		for _, f := range filters {
			check(t, f)
		}
	})
}
