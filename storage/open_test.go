package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenCreatesNestedFolderAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a", "b c", "with?odd#chars%20", "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	a := fullAttempt("wx1", "periodic", 1)
	record(t, db, a, true)
	var mode string
	if err := db.r.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the file is not where it was asked to be: %v", err)
	}

	db, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	got, err := db.Attempt(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, a.Body) {
		t.Errorf("reopened body = %q, want %q", got.Body, a.Body)
	}
	c, err := db.Cached(ctx, "wx1", "periodic")
	if err != nil || c.AttemptID != a.ID {
		t.Errorf("reopened cache = %+v, %v", c, err)
	}
	var version, appID int64
	if err := db.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := db.r.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	if migs, _ := loadMigrations(); version != int64(len(migs)) || appID != applicationID {
		t.Errorf("user_version = %d, application_id = %#x; want %d, %#x", version, appID, len(migs), applicationID)
	}
}

func TestOpenEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatalf("an empty file is a new database: %v", err)
	}
	record(t, db, fullAttempt("wx1", "pre", 1), false)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenFolder(t *testing.T) {
	_, err := Open(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "folder") {
		t.Fatalf("err = %v, want an error saying the path is a folder", err)
	}
}

func TestMigrationsNumbered(t *testing.T) {
	migs, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migs {
		if m.version != i+1 || strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %d: %+v", i, m)
		}
	}
}

// rawExec runs statements on a fresh file through a plain SQLite connection (no bgfetch code).
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// bgfetchFile makes a closed bgfetch database with one attempt.
func bgfetchFile(t *testing.T, path string) {
	t.Helper()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	record(t, db, fullAttempt("wx1", "periodic", 1), true)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// assertUntouched fails if the file's bytes changed or SQLite side files appeared.
func assertUntouched(t *testing.T, path string, before []byte) {
	t.Helper()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the file was modified (%d bytes before, %d after)", len(before), len(after))
	}
	for _, side := range []string{"-wal", "-journal"} {
		if fi, err := os.Stat(path + side); err == nil && fi.Size() > 0 {
			t.Errorf("%s%s was written (%d bytes)", filepath.Base(path), side, fi.Size())
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	migs, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	knows := fmt.Sprintf("this build knows %d", len(migs))
	random := make([]byte, 8192)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rnd.UintN(256))
	}
	tests := []struct {
		name    string
		make    func(t *testing.T, path string)
		want    error
		message []string // substrings the error must contain besides the path
	}{
		{"newer schema, plain file", func(t *testing.T, path string) {
			rawExec(t, path, fmt.Sprintf(`PRAGMA user_version = %d`, len(migs)+1))
		}, ErrNewerSchema, []string{fmt.Sprintf("schema %d, ", len(migs)+1) + knows, "upgrade bgfetch", "--data"}},
		{"newer schema, bgfetch file", func(t *testing.T, path string) {
			bgfetchFile(t, path)
			rawExec(t, path, `PRAGMA user_version = 99`)
		}, ErrNewerSchema, []string{"schema 99, " + knows}},
		{"random bytes", func(t *testing.T, path string) {
			if err := os.WriteFile(path, random, 0o600); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, []string{"--data"}},
		{"text", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(strings.Repeat("this is not a database, it is a note\n", 200)), 0o600); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, []string{"--data"}},
		{"bgfetch file with a broken header", func(t *testing.T, path string) {
			bgfetchFile(t, path)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			copy(b, "SQLite format 2\x00")
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, nil},
		{"another program's SQLite database", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)`, `INSERT INTO notes (text) VALUES ('mine')`)
		}, ErrCorrupt, []string{"another program"}},
		{"another program's application id", func(t *testing.T, path string) {
			rawExec(t, path, `PRAGMA application_id = 1234`, `CREATE TABLE x (y)`)
		}, ErrCorrupt, []string{"application id 0x4d2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bgfetch.db")
			tt.make(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			for _, s := range append([]string{path}, tt.message...) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			t.Log(err)
			assertUntouched(t, path, before)
		})
	}
}

// TestOpenLocked holds an exclusive lock from another connection, as another program would.
func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	bgfetchFile(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range []string{`PRAGMA locking_mode = EXCLUSIVE`, `BEGIN EXCLUSIVE`,
		`INSERT INTO attempts (app_id, fetch_type, started_at) VALUES ('locker', 'periodic', 0)`} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}

	start := time.Now()
	db, err := OpenWith(path, Options{BusyTimeout: 200 * time.Millisecond})
	took := time.Since(start)
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded on a locked file")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	if took > 3*time.Second {
		t.Errorf("Open took %v with a 200ms busy timeout", took)
	}
	t.Logf("%v (after %v)", err, took)
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the locked file was modified")
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
}

// TestWriteLocked: another program holds the write lock (not an exclusive one): Open and reads
// work, a write fails with ErrLocked after the busy timeout.
func TestWriteLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	bgfetchFile(t, path)
	ctx := context.Background()

	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `ROLLBACK`) //nolint:errcheck

	db, err := OpenWith(path, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open while another program writes: %v", err)
	}
	defer db.Close()
	if n, err := db.CountAttempts(ctx, HistoryFilter{}); err != nil || n != 1 {
		t.Errorf("CountAttempts = %d, %v; want 1, nil (reads must not wait for the writer)", n, err)
	}
	start := time.Now()
	_, err = db.RecordAttempt(ctx, fullAttempt("wx1", "periodic", 2), nil)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("RecordAttempt: err = %v, want ErrLocked", err)
	}
	if took := time.Since(start); took < 150*time.Millisecond || took > 3*time.Second {
		t.Errorf("RecordAttempt gave up after %v with a 200ms busy timeout", took)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	t.Log(err)
}

func TestForeignKeysOn(t *testing.T) {
	db := openTest(t)
	var on int
	if err := db.w.QueryRow(`PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1", on, err)
	}
	_, err := db.w.Exec(`INSERT INTO cache (app_id, fetch_type, fetched_at, attempt_id, body) VALUES ('wx1', 'pre', 0, 12345, x'')`)
	if err == nil {
		t.Fatal("a cache row without its attempt was accepted")
	}
}
