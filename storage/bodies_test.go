package storage

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// countBodies is how many distinct bodies the file stores.
func countBodies(t *testing.T, db *DB) int64 {
	t.Helper()
	var n int64
	if err := db.r.QueryRowContext(context.Background(), `SELECT count(*) FROM bodies`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBodiesStoredOnce: a cached pull's body is stored once (not again for the cache), a periodic update
// that returns the same body again adds no copy, and a body goes with the last attempt or cache row that
// holds it.
func TestBodiesStoredOnce(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	same := bytes.Repeat([]byte(`{"same":"周期性更新"}`), 1000)
	var ids []int64
	for i := range 5 {
		a := fullAttempt("wx1", "periodic", i)
		a.Body = same
		ids = append(ids, record(t, db, a, true))
	}
	if n := countBodies(t, db); n != 1 {
		t.Fatalf("5 cached pulls of one body store %d bodies, want 1", n)
	}
	other := fullAttempt("wx1", "periodic", 9)
	other.Body = []byte(`{"other":1}`)
	record(t, db, other, true) // the cache now holds the other body
	if n := countBodies(t, db); n != 2 {
		t.Fatalf("%d bodies, want 2", n)
	}
	for _, id := range ids[:4] {
		if err := db.DeleteAttempt(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if a, err := db.Attempt(ctx, ids[4]); err != nil || !bytes.Equal(a.Body, same) {
		t.Fatalf("the attempt left holding the shared body: %v (body %d bytes)", err, len(a.Body))
	}
	if err := db.DeleteAttempt(ctx, ids[4]); err != nil {
		t.Fatal(err)
	}
	if n := countBodies(t, db); n != 1 {
		t.Errorf("%d bodies after the last attempt holding one went, want 1", n)
	}
	// The cache row keeps its body when its attempt goes, and the body goes with the cache row.
	if _, err := db.DeleteHistory(ctx, "wx1"); err != nil {
		t.Fatal(err)
	}
	if c, err := db.Cached(ctx, "wx1", "periodic"); err != nil || string(c.Body) != `{"other":1}` {
		t.Fatalf("cache after its attempt went: %q, %v", c.Body, err)
	}
	if _, err := db.ClearCache(ctx, "wx1"); err != nil {
		t.Fatal(err)
	}
	if n := countBodies(t, db); n != 0 {
		t.Errorf("%d bodies after the history and the cache went, want 0", n)
	}
}

// TestMigrate0005: a schema-4 file, a body per attempt and a copy in the cache, keeps every body, each
// stored once.
func TestMigrate0005(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	same := []byte(`{"same":true}`)
	for i := range 6 {
		a := fullAttempt("wx1", []string{"periodic", "pre"}[i%2], i)
		if i >= 4 {
			a.Body = []byte(`{"n":` + string(rune('0'+i)) + `}`)
		} else {
			a.Body = same
		}
		record(t, db, a, true)
	}
	noBody := fullAttempt("wx1", "periodic", 7)
	noBody.Body = nil
	record(t, db, noBody, false)
	db.Close()
	rawExec(t, path, undo0005...)

	if db, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := countBodies(t, db); n != 3 {
		t.Errorf("%d bodies after the migration, want 3 (one shared by four attempts, two others)", n)
	}
	list, err := db.History(ctx, HistoryFilter{})
	if err != nil || len(list) != 7 {
		t.Fatalf("history: %d attempts, %v", len(list), err)
	}
	for _, h := range list {
		a, err := db.Attempt(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case h.ID == noBody.ID && a.Body != nil:
			t.Errorf("attempt %d kept no body, now has %q", h.ID, a.Body)
		case h.ID <= 4 && !bytes.Equal(a.Body, same):
			t.Errorf("attempt %d body %q, want %q", h.ID, a.Body, same)
		}
	}
	for typ, want := range map[string]string{"periodic": `{"n":4}`, "pre": `{"n":5}`} {
		if c, err := db.Cached(ctx, "wx1", typ); err != nil || string(c.Body) != want {
			t.Errorf("cached %s: %q, %v; want %s", typ, c.Body, err, want)
		}
	}
	if n, err := db.CountAttempts(ctx, HistoryFilter{Text: `"same"`}); err != nil || n != 4 {
		t.Errorf("search after the migration: %d, %v; want 4", n, err)
	}
}
