package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// undo0005 takes a current database back to schema 4: a body per attempt (attempt_bodies) and a copy in
// the cache row, not bodies stored once by their hash.
var undo0005 = []string{
	`ALTER TABLE attempts DROP COLUMN messages`, // 0006 first
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
	if err := db.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil || version != 6 {
		t.Fatalf("user_version = %d, %v; want 6", version, err)
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
// index, so a later search does not find them.
func TestSearchIndexFollowsDeletes(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	for i := range 12 {
		a := fullAttempt(fmt.Sprintf("wx%d", i%2), "periodic", i)
		a.Body = fmt.Appendf(nil, `{"marker":"zebra-%d"}`, i)
		record(t, db, a, i == 11)
	}
	count := func() int64 {
		var n int64
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM attempt_fts WHERE attempt_fts MATCH '"zeb"'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 12 {
		t.Fatalf("indexed %d, want 12", n)
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
	if got := count(); got != n || n != 2 {
		t.Errorf("after deletes: %d indexed, %d attempts; want 2 and 2", got, n)
	}
	if err := db.DeleteFetchData(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 0 {
		t.Errorf("after DeleteFetchData: %d indexed", got)
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
	rawExec(t, path, `DROP TRIGGER attempts_fts_delete`, fmt.Sprintf(`DELETE FROM attempts WHERE id = %d`, old),
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
