package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

const crashChildEnv = "BGFETCH_STORAGE_CRASH_CHILD_DB"

// TestCrashChild is the child process of TestCrashConsistency: it records attempts with cache
// entries in a loop until it is killed. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("runs only as the child of TestCrashConsistency")
	}
	db, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	deadline := time.Now().Add(2 * time.Minute) // never outlive a parent that failed to kill us
	for i := 0; time.Now().Before(deadline); i++ {
		a := fullAttempt(fmt.Sprintf("wx%d", i%3), []string{"periodic", "pre"}[i%2], i)
		a.Body = append(bytes.Repeat([]byte{'x'}, 16<<10), fmt.Sprintf("attempt %d", i)...)
		c := &CacheEntry{Body: a.Body, FetchedAt: a.StartedAt}
		if _, err := db.RecordAttempt(ctx, a, c); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(3)
		}
	}
	os.Exit(4)
}

// TestCrashConsistency kills a writing process with SIGKILL and checks that the file is intact,
// that no committed attempt was lost, and that every cache row has its attempt with the same body.
func TestCrashConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	var out bytes.Buffer
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// Wait until the child has committed at least want attempts, watching through a read-only
	// connection of our own.
	const want = 150
	seen := int64(0)
	deadline := time.Now().Add(90 * time.Second)
	for seen < want {
		select {
		case err := <-exited:
			t.Fatalf("child exited early (%v):\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("child wrote only %d attempts in time:\n%s", seen, out.String())
		}
		seen = countRaw(path)
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	<-exited

	db, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	var check string
	if err := db.w.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	rows, err := db.w.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check reports violations")
	}
	rows.Close()

	n, err := db.CountAttempts(ctx, HistoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n < seen {
		t.Errorf("%d attempts after the crash, but %d were committed before it", n, seen)
	}
	var orphans, mismatched, cacheRows int64
	if err := db.w.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = c.attempt_id)), 0),
		coalesce(sum(c.body_id IS NOT (SELECT a.body_id FROM attempts a WHERE a.id = c.attempt_id)), 0)
		FROM cache c`).Scan(&cacheRows, &orphans, &mismatched); err != nil {
		t.Fatal(err)
	}
	if cacheRows != 6 || orphans != 0 || mismatched != 0 {
		t.Errorf("cache rows = %d (want 6), without attempt = %d, body differs from its attempt's = %d", cacheRows, orphans, mismatched)
	}
	t.Logf("killed after >= %d attempts; %d survived", seen, n)
}

// countRaw counts attempts through a plain read-only connection; 0 while the file is not ready.
func countRaw(path string) int64 {
	raw, err := sql.Open("sqlite3", dsn(path, true, time.Second))
	if err != nil {
		return 0
	}
	defer raw.Close()
	var n int64
	if err := raw.QueryRow(`SELECT count(*) FROM attempts`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// TestConcurrentReadersAndWriter runs readers against a writer, and two handles on the same file
// writing at once (as two bgfetch processes would); nothing may fail with "database is locked".
func TestConcurrentReadersAndWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db1, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db1.Close()
	db2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()

	const writers, perWriter, readers = 4, 50, 4
	done := make(chan struct{})
	errs := make(chan error, 100)
	var wg, rg sync.WaitGroup
	for w := range writers {
		db := db1
		if w%2 == 1 {
			db = db2
		}
		wg.Go(func() {
			for i := range perWriter {
				a := fullAttempt(fmt.Sprintf("wx%d", w), "periodic", i)
				if _, err := db.RecordAttempt(ctx, a, &CacheEntry{Body: a.Body, FetchedAt: a.StartedAt}); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				if i%10 == 0 {
					if _, err := db.ClearCache(ctx, a.AppID, "pre"); err != nil {
						errs <- fmt.Errorf("writer %d: %w", w, err)
						return
					}
				}
			}
		})
	}
	for r := range readers {
		db := db1
		if r%2 == 1 {
			db = db2
		}
		rg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				list, err := db.History(ctx, HistoryFilter{AppID: fmt.Sprintf("wx%d", r), Limit: 20})
				if err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				if len(list) > 0 {
					if _, err := db.Attempt(ctx, list[0].ID); err != nil {
						errs <- fmt.Errorf("reader %d: %w", r, err)
						return
					}
				}
				if _, err := db.Cached(ctx, fmt.Sprintf("wx%d", r), "periodic"); err != nil && !errors.Is(err, ErrNotFound) {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				if _, err := db.CountAttempts(ctx, HistoryFilter{}); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := db1.CountAttempts(ctx, HistoryFilter{}); err != nil || n != writers*perWriter {
		t.Errorf("CountAttempts = %d, %v; want %d", n, err, writers*perWriter)
	}
}
