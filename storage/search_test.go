package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

// toSchema6 takes a current database back to schema 6: attempt_fts indexes each attempt's whole search text
// (body included), and there is no body_fts.
func toSchema6(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{`DROP TRIGGER bodies_fts_delete`, `DROP TABLE body_fts`, `DROP TABLE body_search_pending`,
		`INSERT INTO attempt_fts (attempt_fts) VALUES ('delete-all')`} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var ids []int64
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM attempts`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		a, err := db.Attempt(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.w.ExecContext(ctx, `INSERT INTO attempt_fts (rowid, text) VALUES (?, ?)`, id, searchText(&a)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA user_version = 6`); err != nil {
		t.Fatal(err)
	}
}

// undo0005 takes a current database back to schema 4: a body per attempt (attempt_bodies) and a copy in
// the cache row, not bodies stored once by their hash.
var undo0005 = []string{
	`DROP TRIGGER IF EXISTS bodies_fts_delete`, `DROP TABLE IF EXISTS body_fts`, `DROP TABLE body_search_pending`, // 0007 first
	`ALTER TABLE attempts DROP COLUMN messages`, // then 0006
	`DROP TRIGGER attempts_body_gone`, `DROP TRIGGER cache_body_gone`, `DROP TRIGGER cache_body_replaced`,
	`CREATE TABLE attempt_bodies (attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE, body BLOB NOT NULL)`,
	`INSERT INTO attempt_bodies (attempt_id, body) SELECT a.id, b.body FROM attempts a JOIN bodies b ON b.body_id = a.body_id`,
	`CREATE TABLE cache_old (app_id TEXT NOT NULL, fetch_type TEXT NOT NULL, fetched_at INTEGER NOT NULL,
	 path TEXT NOT NULL DEFAULT '', query TEXT NOT NULL DEFAULT '', scene INTEGER NOT NULL DEFAULT 0,
	 data_type TEXT NOT NULL DEFAULT '', attempt_id INTEGER REFERENCES attempts (id) ON DELETE SET NULL,
	 body BLOB NOT NULL, UNIQUE (app_id, fetch_type))`,
	`INSERT INTO cache_old SELECT c.app_id, c.fetch_type, c.fetched_at, c.path, c.query, c.scene, c.data_type, c.attempt_id, b.body
	 FROM cache c JOIN bodies b ON b.body_id = c.body_id`,
	`DROP TABLE cache`, `ALTER TABLE cache_old RENAME TO cache`, `CREATE INDEX cache_attempt_id ON cache (attempt_id)`,
	`DROP INDEX attempts_body_id`, `ALTER TABLE attempts DROP COLUMN body_id`, `DROP TABLE bodies`,
	`PRAGMA user_version = 4`,
}

// undo0004 takes a current database back to schema 3 (before the search index), with the lower-cased
// copy of every attempt's search text that schema kept (SQLite's lower(), as migration 0002 made it).
var undo0004 = append(undo0005[:len(undo0005):len(undo0005)],
	`DROP TRIGGER attempts_fts_delete`, `DROP TABLE attempt_fts`, `DROP TABLE search_pending`,
	`DROP INDEX attempts_app_platform_id`, `DROP INDEX attempts_app_cached_id`, `DROP INDEX attempts_sent`,
	`ALTER TABLE attempts DROP COLUMN search_plain`,
	`CREATE TABLE attempt_search (attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE, text TEXT NOT NULL)`,
	`INSERT INTO attempt_search (attempt_id, text)
	 SELECT a.id, lower(a.url || char(10) || CASE WHEN a.status = 0 THEN '' ELSE a.status END || char(10) ||
	        a.error || char(10) || a.reason || char(10) || coalesce(CAST(b.body AS TEXT), ''))
	 FROM attempts a LEFT JOIN attempt_bodies b ON b.attempt_id = a.id`,
	`PRAGMA user_version = 3`,
)

// TestMigrate0004: a database from before the search index opens with its history searchable at once
// (by scanning), is indexed in the background a batch at a time, newest first, and an indexing stopped
// anywhere (Close, a kill between batches) goes on where it stopped at the next Open.
func TestMigrate0004(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	insertSearchable(t, db, 2000, 3000) // about 6 MB of text: three batches
	record(t, db, &Attempt{AppID: "wx9", FetchType: "pre", URL: "https://Example.com/Old", Status: 418, Error: "I'm a Teapot"}, false)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rawExec(t, path, undo0004...)

	// Open migrates; stop the background indexing at once, as a quick `bgfetch history` would.
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var version int
	if err := db.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil || version != 7 {
		t.Fatalf("user_version = %d, %v; want 7", version, err)
	}
	var search int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'attempt_search'`).Scan(&search); err != nil || search != 0 {
		t.Errorf("attempt_search still there: %d, %v", search, err)
	}
	searches := map[string]int64{"needle-": 2, "teapot": 1, "example.com/old": 1, "418": -1, "周期性更新": 2000, "item 1": -1}
	want := map[string]int64{}
	for text, n := range searches {
		got, err := db.CountAttempts(ctx, HistoryFilter{Text: text})
		if err != nil || (n >= 0 && got != n) {
			t.Errorf("while indexing: search %q: %d, %v; want %d", text, got, err, n)
		}
		want[text] = got
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// One batch at a time, reopening between them, as if killed after each commit.
	for i := 0; ; i++ {
		db, err = OpenWith(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if db.stopIndex != nil {
			db.stopIndex()
			<-db.indexDone
		}
		pending, err := db.searchPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !pending {
			break
		}
		if i > 10 {
			t.Fatal("indexing does not progress")
		}
		var upTo int64
		_ = db.r.QueryRowContext(ctx, `SELECT up_to FROM search_pending`).Scan(&upTo)
		done, err := db.indexBatch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("batch %d: from id %d, done %v", i, upTo, done)
		for text, n := range want { // the same answers half indexed
			if got, err := db.CountAttempts(ctx, HistoryFilter{Text: text}); err != nil || got != n {
				t.Errorf("batch %d: search %q: %d, %v; want %d", i, text, got, err, n)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	defer db.Close()
	for text, n := range want {
		s, _ := db.plan(ctx, HistoryFilter{Text: text})
		got, err := db.CountAttempts(ctx, HistoryFilter{Text: text})
		if err != nil || got != n || (len([]rune(text)) >= 3 && !s.fts) {
			t.Errorf("indexed: search %q: %d, %v (index %v); want %d", text, got, err, s.fts, n)
		}
	}
	// Every attempt is in the index once: a trigram all of them hold finds each one.
	var indexed int64
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM attempt_fts WHERE attempt_fts MATCH '"htt"'`).Scan(&indexed); err != nil || indexed != 2001 {
		t.Errorf("indexed attempts = %d, %v; want 2001", indexed, err)
	}
}

// TestSearchIndexFollowsDeletes: deleting attempts (one, by app, by retention, all) takes them out of the
// index, and a body's entry goes with the last attempt or cache row holding it, so a later search does not
// find them.
func TestSearchIndexFollowsDeletes(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	for i := range 12 {
		a := fullAttempt(fmt.Sprintf("wx%d", i%2), "periodic", i)
		a.Body = fmt.Appendf(nil, `{"marker":"zebra-%d"}`, i)
		record(t, db, a, i == 11)
	}
	count := func(table, trigram string) int64 {
		var n int64
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+table+` MATCH '"`+trigram+`"'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if a, b := count("attempt_fts", "exa"), count("body_fts", "zeb"); a != 12 || b != 12 {
		t.Fatalf("indexed %d attempts and %d bodies, want 12 and 12", a, b)
	}
	if err := db.DeleteAttempt(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Prune(ctx, "wx1", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteHistory(ctx, "wx0"); err != nil {
		t.Fatal(err)
	}
	if err := db.OptimizeSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	n, _ := db.CountAttempts(ctx, HistoryFilter{})
	if a, b := count("attempt_fts", "exa"), count("body_fts", "zeb"); a != n || b != n || n != 2 {
		t.Errorf("after deletes: %d attempts and %d bodies indexed, %d attempts; want 2, 2 and 2", a, b, n)
	}
	if err := db.DeleteFetchData(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b := count("attempt_fts", "exa"), count("body_fts", "zeb"); a != 0 || b != 0 {
		t.Errorf("after DeleteFetchData: %d attempts and %d bodies indexed", a, b)
	}
}

// TestSearchSharedBody: a body several attempts (and the cache) hold is indexed once; a search finds every
// attempt holding it, newest first; it stays findable until the last attempt holding it goes, and its
// entry goes with the body.
func TestSearchSharedBody(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	same := []byte(`{"periodic":"Unchanged Body 周期性更新"}`)
	var ids []int64
	for i := range 5 {
		a := fullAttempt("wx1", "periodic", i)
		a.Body = same
		if i == 2 {
			a.Body = []byte(`{"other":true}`)
		}
		ids = append(ids, record(t, db, a, i == 1))
	}
	indexed := func() int64 {
		var n int64
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM body_fts WHERE body_fts MATCH '"unc"'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := indexed(); n != 1 {
		t.Errorf("the shared body is indexed %d times, want once", n)
	}
	ids4 := func(l []Attempt) []int64 {
		var out []int64
		for _, a := range l {
			out = append(out, a.ID)
		}
		return out
	}
	for _, text := range []string{"unchanged body", "UNC", "周期性", "性更新"} {
		list, n, err := db.HistoryCount(ctx, HistoryFilter{Text: text, Limit: 3})
		if s, _ := db.plan(ctx, HistoryFilter{Text: text}); !s.fts {
			t.Errorf("%q: not through the index", text)
		}
		if want := []int64{ids[4], ids[3], ids[1]}; err != nil || n != 4 || !reflect.DeepEqual(ids4(list), want) {
			t.Errorf("%q: %v, %d, %v; want %v, 4", text, ids4(list), n, err, want)
		}
		if list, _ := db.History(ctx, HistoryFilter{Text: text, BeforeID: ids[1]}); !reflect.DeepEqual(ids4(list), []int64{ids[0]}) {
			t.Errorf("%q before %d: %v", text, ids[1], ids4(list))
		}
	}
	// The attempts go; the cache row (attempt 1's) still holds the body, so it stays indexed, unfound.
	if _, err := db.DeleteHistory(ctx, "wx1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountAttempts(ctx, HistoryFilter{Text: "unchanged"}); n != 0 || indexed() != 1 {
		t.Errorf("after the history went: %d found, %d indexed; want 0 and 1", n, indexed())
	}
	// A new attempt with the same body again is found through the body's entry.
	a := fullAttempt("wx2", "pre", 9)
	a.Body = same
	id := record(t, db, a, false)
	if list, err := db.History(ctx, HistoryFilter{Text: "unchanged"}); err != nil || !reflect.DeepEqual(ids4(list), []int64{id}) {
		t.Errorf("the same body again: %v, %v; want [%d]", ids4(list), err, id)
	}
	if _, err := db.DeleteHistory(ctx, "wx2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClearCache(ctx, "wx1"); err != nil {
		t.Fatal(err)
	}
	if n := indexed(); n != 0 {
		t.Errorf("the body went, its entry did not: %d", n)
	}
}

// TestMigrate0007: a schema-6 file (attempt_fts indexing every attempt's whole text, bodies included) opens
// searchable at once (by scanning), has its attempts' own texts and then each distinct body indexed in the
// background a batch at a time, and an indexing stopped anywhere goes on where it stopped at the next Open.
func TestMigrate0007(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	insertSearchable(t, db, 2000, 3000) // about 6 MB of bodies: three batches
	same := []byte(`{"same":"Shared body"}`)
	for i := range 3 {
		a := fullAttempt("wx9", "periodic", i)
		a.Body = same
		record(t, db, a, true)
	}
	record(t, db, &Attempt{AppID: "wx9", FetchType: "pre", URL: "https://Example.com/Old", Status: 418, Error: "I'm a Teapot"}, false)
	toSchema6(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var version int
	if err := db.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil || version != 7 {
		t.Fatalf("user_version = %d, %v; want 7", version, err)
	}
	searches := map[string]int64{"needle-": 2, "teapot": 1, "example.com/old": 1, "418": -1, "周期性更新": 2000,
		"shared body": 3, "item 1": -1, "wx9": -1}
	want := map[string]int64{}
	for text, n := range searches {
		got, err := db.CountAttempts(ctx, HistoryFilter{Text: text})
		if err != nil || (n >= 0 && got != n) {
			t.Errorf("while indexing: search %q: %d, %v; want %d", text, got, err, n)
		}
		want[text] = got
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		db, err = OpenWith(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if db.stopIndex != nil {
			db.stopIndex()
			<-db.indexDone
		}
		pending, err := db.searchPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !pending {
			break
		}
		if i > 12 {
			t.Fatal("indexing does not progress")
		}
		if _, err := db.indexBatch(ctx); err != nil {
			t.Fatal(err)
		}
		for text, n := range want {
			if got, err := db.CountAttempts(ctx, HistoryFilter{Text: text}); err != nil || got != n {
				t.Errorf("batch %d: search %q: %d, %v; want %d", i, text, got, err, n)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	defer db.Close()
	for text, n := range want {
		s, _ := db.plan(ctx, HistoryFilter{Text: text})
		got, err := db.CountAttempts(ctx, HistoryFilter{Text: text})
		if err != nil || got != n || !s.fts {
			t.Errorf("indexed: search %q: %d, %v (index %v); want %d", text, got, err, s.fts, n)
		}
	}
	var attempts, bodies, ownWithBody int64
	if err := db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM attempt_fts WHERE attempt_fts MATCH '"htt"'),
		(SELECT count(*) FROM body_fts WHERE body_fts MATCH '"{""s" OR "{""v"'), (SELECT count(*) FROM attempt_fts WHERE attempt_fts MATCH '"周期性"')`).
		Scan(&attempts, &bodies, &ownWithBody); err != nil || attempts != 2004 || bodies != 2001 || ownWithBody != 0 {
		t.Errorf("indexed %d attempts, %d bodies, %d attempts with their body; want 2004, 2001, 0 (%v)", attempts, bodies, ownWithBody, err)
	}
}

// TestSearchIndexAfterABuildWithoutFTS5: a build without FTS5 drops the index's trigger and writes
// attempts the index never sees (and deletes some it still holds); the next open by a build with FTS5
// empties the index, makes the trigger again and indexes every attempt, so searches are right again.
func TestSearchIndexAfterABuildWithoutFTS5(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old := record(t, db, &Attempt{AppID: "wx9", FetchType: "pre", URL: "https://example.com/gone-soon"}, false)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// What a build without FTS5 does: no trigger; a deletion and an insertion the index does not see.
	rawExec(t, path, `DROP TRIGGER attempts_fts_delete`, `DROP TRIGGER bodies_fts_delete`, fmt.Sprintf(`DELETE FROM attempts WHERE id = %d`, old),
		`INSERT INTO attempts (app_id, fetch_type, platform, started_at, duration_ms, method, url, params, request_headers,
		 request_body, status, response_headers, bytes, cached, reason, warnings, error, redirects, variant, variant_reason,
		 launch_path, launch_query, launch_scene, data_type)
		 VALUES ('wx9', 'pre', 'weapp', 0, 0, 'GET', 'https://example.com/written-without-the-index', '[]', '{}', '', 200, '{}',
		 0, 0, '', '[]', '', '[]', 'main', '', '', '', 0, '')`)
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	waitIndexed(t, db)
	for text, want := range map[string]int64{"written-without": 1, "gone-soon": 0} {
		if n, err := db.CountAttempts(ctx, HistoryFilter{Text: text}); err != nil || n != want {
			t.Errorf("search %q: %d, %v; want %d", text, n, err, want)
		}
	}
	var trigger int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'attempts_fts_delete'`).Scan(&trigger); err != nil || trigger != 1 {
		t.Errorf("the trigger is not back: %d, %v", trigger, err)
	}
}

// TestSearchNewestPage: the probe of the newest attempts (newestPage) answers a common text's page by itself,
// and what it answers is the page the full list of candidates gives, also when the newest attempts hold
// old bodies again.
func TestSearchNewestPage(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	insertSearchable(t, db, 1500, 200)
	full := func(f HistoryFilter) []Attempt {
		s, _ := db.plan(ctx, f)
		q, args := f.sql(s, idRange{}, qualified(attemptCols), true, true, f.limit())
		list, err := db.list(ctx, "history", q, args...)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	probe := func(f HistoryFilter) ([]Attempt, bool) {
		s, _ := db.plan(ctx, f)
		list, ok, err := db.newestPage(ctx, f, s, 1)
		if err != nil {
			t.Fatal(err)
		}
		return list, ok
	}
	filters := []HistoryFilter{{Text: "周期性更新", Limit: 10}, {Text: "周期性更新", Limit: 20, BeforeID: 700}, {Text: "wx1", AppID: "wx1", Limit: 5}}
	for _, f := range filters {
		if list, ok := probe(f); !ok || !reflect.DeepEqual(list, full(f)) {
			t.Errorf("%+v: the probe answered %v (%d attempts); want it to, with the full list's page", f, ok, len(list))
		}
	}
	// The newest attempts hold the oldest bodies again.
	for _, id := range []int64{1, 2, 3} {
		old, err := db.Attempt(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		record(t, db, &Attempt{AppID: "wx1", FetchType: "pre", URL: "https://z.example/", Body: old.Body}, false)
	}
	for _, f := range append(filters, HistoryFilter{Text: `"version":1,`, Limit: 2}, HistoryFilter{Text: "needle-0", Limit: 3}) {
		if list, ok := probe(f); ok && !reflect.DeepEqual(list, full(f)) {
			t.Errorf("%+v: the probe's page differs from the full list's", f)
		}
		if list, err := db.History(ctx, f); err != nil || !reflect.DeepEqual(list, full(f)) {
			t.Errorf("%+v: History differs from the full list's page (%v)", f, err)
		}
	}
	// The newest attempts hold no body (failed pulls): they match through their own text only.
	for i := range 30 {
		record(t, db, &Attempt{AppID: "wx1", FetchType: "periodic", URL: fmt.Sprintf("https://nobody.example/%d", i), Status: 502}, false)
	}
	if list, ok := probe(HistoryFilter{Text: "nobody.example", Limit: 5}); !ok || len(list) != 5 || list[0].URL != "https://nobody.example/29" {
		t.Errorf("the probe among bodiless attempts answered %v with %d attempts", ok, len(list))
	}
	for _, f := range []HistoryFilter{{Text: "nobody.example", Limit: 5}, {Text: "nobody.example", Limit: 40}, {Text: "周期性更新", Limit: 10}, {Text: "周期性更新", Limit: 5},
		{Text: "example", Limit: 50}, {Text: "example", Limit: 20, BeforeID: 1520}} {
		if list, err := db.History(ctx, f); err != nil || !reflect.DeepEqual(list, full(f)) {
			t.Errorf("%+v, bodiless newest: History differs from the full list's page (%v)", f, err)
		}
	}
}

// TestHistoryPageBoundedCount: the count beside the page is exact while a part of the search has no more
// candidates than the bound, and otherwise a lower bound (never more than CountAttempts counts), for a
// text the index finds and checks, one it alone decides, a short one scanned, and with a filter.
func TestHistoryPageBoundedCount(t *testing.T) {
	needFTS5(t) // insertSearchable writes the index
	ctx := context.Background()
	db := openTest(t)
	insertSearchable(t, db, 600, 200)
	for _, tc := range []struct {
		f     HistoryFilter
		bound int
		exact bool
	}{
		{HistoryFilter{Text: "周期性更新"}, 50, false},  // every attempt: checked, over the bound
		{HistoryFilter{Text: "周期性更新"}, 1000, true}, // under it
		{HistoryFilter{Text: "needle-"}, 50, true}, // one body in 1,000
		{HistoryFilter{Text: "周期性"}, 50, true},     // three runes: the index alone, counted in full
		{HistoryFilter{Text: "周期"}, 50, false},     // two runes: scanned, over the bound
		{HistoryFilter{Text: "周期"}, 1000, true},    // under it
		{HistoryFilter{Text: "Item 1", FetchType: "pre"}, 20, false},
		{HistoryFilter{Text: "no such text"}, 50, true},
		{HistoryFilter{FetchType: "pre"}, 1, true}, // no text: indexes, in full
	} {
		all, err := db.CountAttempts(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := db.plan(ctx, tc.f)
		n, exact, err := db.boundedCount(ctx, tc.f, s, tc.bound)
		if err != nil {
			t.Fatalf("%+v: %v", tc.f, err)
		}
		if exact != tc.exact {
			t.Errorf("%+v, bound %d: exact %v, want %v (%d of %d)", tc.f, tc.bound, exact, tc.exact, n, all)
		}
		switch {
		case exact && n != all:
			t.Errorf("%+v, bound %d: an exact count of %d, CountAttempts %d", tc.f, tc.bound, n, all)
		case !exact && (n > all || n == 0):
			t.Errorf("%+v, bound %d: a lower bound of %d, CountAttempts %d", tc.f, tc.bound, n, all)
		}
	}
	// HistoryPage: the page and the count at once; a lower bound is at least the page.
	list, n, exact, err := db.HistoryPage(ctx, HistoryFilter{Text: "周期性更新", Limit: 100})
	if err != nil || len(list) != 100 || n < 100 || n > 600 {
		t.Fatalf("HistoryPage: %d listed, %d counted (exact %v), %v", len(list), n, exact, err)
	}
	if list, n, exact, err := db.HistoryPage(ctx, HistoryFilter{Text: "needle-", Limit: 100}); err != nil || len(list) != 1 || n != 1 || !exact {
		t.Errorf("HistoryPage of a rare text: %d listed, %d counted (exact %v), %v", len(list), n, exact, err)
	}
	// A first page shorter than its limit holds every match: exact, however many candidates the count
	// met (the two-rune ones are scanned: every attempt is a candidate).
	for _, text := range []string{"e-", "-1", "needle-0"} {
		f := HistoryFilter{Text: text, Limit: 100}
		s, _ := db.plan(ctx, f)
		if _, exact, _ := db.boundedCount(ctx, f, s, 50); exact && text != "needle-0" {
			t.Errorf("%q: the bound of 50 was not reached, the case tests nothing", text)
		}
		list, n, exact, err := db.historyPage(ctx, f, 50)
		if all, _ := db.CountAttempts(ctx, f); err != nil || !exact || n != all || int64(len(list)) != all {
			t.Errorf("%q: a short page of %d, %d counted (exact %v), CountAttempts %d, %v", text, len(list), n, exact, all, err)
		}
	}
}
