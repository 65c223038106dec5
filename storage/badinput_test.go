package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDatabaseFilesArePrivate: the file holds the token and the bridge key, so the database and its
// -wal and -shm are 0600 even in a 0755 folder, and an existing 0644 file (and side files) are made
// private when opened.
func TestDatabaseFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	check := func(t *testing.T, path string) {
		t.Helper()
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(f)
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(f), err)
				continue
			}
			if fi.Mode().Perm() != FileMode {
				t.Errorf("%s is %v, want %v", filepath.Base(f), fi.Mode().Perm(), FileMode)
			}
		}
	}
	t.Run("new file in a 0755 folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"bgfetch.db", "bgfetch-sim.db"} {
			path := filepath.Join(dir, name)
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			record(t, db, fullAttempt("wx1", "periodic", 1), true)
			check(t, path) // -wal and -shm exist while the file is open
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("existing 0644 file and side files", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bgfetch.db")
		bgfetchFile(t, path)
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
				if err := os.WriteFile(f, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(f, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		record(t, db, fullAttempt("wx1", "periodic", 2), true)
		check(t, path)
	})
}

// corruptLeaf lowers the cell count of the left-most leaf page of table in the closed database at
// path by drop: the rows in those cells vanish from every scan without any SQLite error, as a torn or
// bit-flipped page can make them vanish.
func corruptLeaf(t *testing.T, path, table string, drop uint16) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = ?`, table).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := root
	for b[(page-1)*pageSize] == 0x05 { // interior table page: follow its first cell's child pointer
		off := (page - 1) * pageSize
		cell := int64(binary.BigEndian.Uint16(b[off+12:]))
		page = int64(binary.BigEndian.Uint32(b[(page-1)*pageSize+cell:]))
	}
	off := (page - 1) * pageSize
	if b[off] != 0x0d {
		t.Fatalf("page %d of %s is not a table leaf (type %#x)", page, table, b[off])
	}
	n := binary.BigEndian.Uint16(b[off+3:])
	if n <= drop {
		t.Fatalf("page %d of %s holds %d cells, not more than %d", page, table, n, drop)
	}
	patch := make([]byte, 2)
	binary.BigEndian.PutUint16(patch, n-drop)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(patch, off+3); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// corruptFile is a closed database of 42 attempts, 2 of which a damaged page hides.
func corruptFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 42 {
		a := fullAttempt("wx1", "periodic", i)
		a.Body = bytes.Repeat([]byte("needle "), 40)
		record(t, db, a, false)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	corruptLeaf(t, path, "attempts", 2)
	// Without a check, the damage is silent: a plain SQLite connection scans 40 rows, no error.
	raw, err := sql.Open("sqlite3", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM attempts NOT INDEXED`).Scan(&n); err != nil || n != 40 {
		t.Fatalf("the damaged file counts %d rows (%v)", n, err)
	}
	return path
}

func TestOpenCorruptPage(t *testing.T) {
	path := corruptFile(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a file with a damaged page succeeded")
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
	for _, s := range []string{path, "move it aside", "--data", "will not write"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	t.Log(err)
	assertUntouched(t, path, before)
}

// TestCorruptErrorStopsWrites: a file opened unchecked (the check ran out of time) whose damage a
// statement meets is never written again.
func TestCorruptErrorStopsWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 42 {
		record(t, db, fullAttempt("wx1", "periodic", i), false)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	raw, _ := sql.Open("sqlite3", path)
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'attempts'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	off := (root - 1) * 4096
	copy(b[off:off+8], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) // not a b-tree page at all
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	db, err = OpenWith(path, Options{CheckBudget: -1})
	if err != nil {
		t.Fatalf("open unchecked: %v", err)
	}
	defer db.Close()
	_, err = db.History(ctx, HistoryFilter{AppID: "wx1", Limit: 100})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
		t.Fatalf("History on a damaged page: err = %v, want ErrCorrupt naming the file", err)
	}
	t.Log(err)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writes := map[string]func() error{
		"record":      func() error { _, err := db.RecordAttempt(ctx, fullAttempt("wx1", "pre", 99), nil); return err },
		"clear cache": func() error { _, err := db.ClearCache(ctx, "wx1"); return err },
		"setting":     func() error { return db.SetSetting(ctx, "retention", "5") },
		"delete":      func() error { _, err := db.DeleteHistory(ctx, "wx1"); return err },
	}
	for name, w := range writes {
		if err := w(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "move the file aside") {
			t.Errorf("%s after a corrupt error: err = %v, want ErrCorrupt with advice", name, err)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the damaged file was written")
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("the damaged file's WAL holds %d bytes", fi.Size())
	}
}

// TestQuickCheckDaily: an open checks the whole file when it never passed the check or its last pass is a
// day old, not at every open (it reads every page: a third of a second for 100,000 attempts).
func TestQuickCheckDaily(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 42 {
		record(t, db, fullAttempt("wx1", "periodic", i), false)
	}
	db.Close()
	if db, err = Open(path); err != nil { // checked, and noted
		t.Fatal(err)
	}
	at, err := db.Setting(context.Background(), checkedKey)
	if err != nil {
		t.Fatalf("the passed check was not noted: %v", err)
	}
	db.Close()
	corruptLeaf(t, path, "attempts", 2)
	db, err = Open(path)
	if err != nil {
		t.Fatalf("an open within a day of a passed check checked again: %v", err)
	}
	if now, _ := db.Setting(context.Background(), checkedKey); now != at {
		t.Errorf("an unchecked open noted a check: %s, was %s", now, at)
	}
	// A day later the check is due again, and finds the damage.
	old := strconv.FormatInt(time.Now().Add(-checkEvery-time.Minute).UnixMilli(), 10)
	if err := db.SetSetting(context.Background(), checkedKey, old); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(path); !errors.Is(err, ErrCorrupt) {
		if err == nil {
			db.Close()
		}
		t.Fatalf("an open a day after the last check: err = %v, want ErrCorrupt", err)
	}
}
