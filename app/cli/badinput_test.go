package cli

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // only to break a real database file for the exit-status test

	"github.com/bgfetch/devtools/app/core"
)

// runWithin runs the CLI like runCLI but fails the test if it has not returned within a bound.
func runWithin(t *testing.T, args ...string) run {
	t.Helper()
	done := make(chan run, 1)
	go func() { done <- runCLI(t, args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(10 * time.Second):
		t.Fatalf("bgfetch %s did not return within 10s", strings.Join(args, " "))
		return run{}
	}
}

// TestMissingProjectIsUsageForEveryVerb: a --project that does not exist, or is a file, is exit 2 for
// watch as for every other verb that needs a project.
func TestMissingProjectIsUsageForEveryVerb(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "bgfetch.config.json")
	write(t, file, `{}`)
	verbs := [][]string{{"watch"}, {"pull"}, {"prefetch"}, {"get", "--type", "periodic"}, {"clear"}, {"history"},
		{"schedule", "--speed", "max", "--for", "1h"}, {"coldstart"}, {"gray"}, {"diff"}}
	for _, project := range []string{filepath.Join(t.TempDir(), "nonexistent"), file} {
		for _, v := range verbs {
			t.Run(v[0]+"/"+filepath.Base(project), func(t *testing.T) {
				r := runWithin(t, append(v, "--project", project, "--data", data)...)
				if r.code != ExitUsage || !strings.Contains(r.stderr, project) {
					t.Errorf("exit %d, stderr %q; want %d naming %s", r.code, r.stderr, ExitUsage, project)
				}
			})
		}
	}
}

// TestInvalidUTF8TokenIsNotSent: a token with bytes that are not UTF-8 is a config error naming the key and
// the byte offset; no request is sent with U+FFFD in its place.
func TestInvalidUTF8TokenIsNotSent(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "{}")
	}))
	defer srv.Close()
	for token, off := range map[string]int{"ab\xffcd": 13, "\xd6\xd0\xce\xc4": 11, `x\ud800`: 12} {
		f := newFixture(t, func(string) string { return `{"token": "` + token + `", "periodic": {"url": "` + srv.URL + `/p"}}` })
		r := f.run(t, "pull")
		if r.code != ExitUsage || !strings.Contains(r.stderr, `"token"`) || !strings.Contains(r.stderr, fmt.Sprintf("byte offset %d ", off)) {
			t.Errorf("token %q: exit %d, stderr %q", token, r.code, r.stderr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

// TestDemoListensOnLoopbackOnly: an --addr other than loopback is refused (exit 2) unless --public, which
// then warns.
func TestDemoListensOnLoopbackOnly(t *testing.T) {
	data := t.TempDir()
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:0", "8787", ""} {
		r := runWithin(t, "demo", "--addr", addr, "--data", data)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "--addr") || !strings.Contains(r.stderr, "127.0.0.1:8787") {
			t.Errorf("--addr %q: exit %d, stderr %q", addr, r.code, r.stderr)
		}
		if addr != "8787" && addr != "" && !strings.Contains(r.stderr, "--public") {
			t.Errorf("--addr %q: the error does not say how to listen there anyway: %q", addr, r.stderr)
		}
	}
	for _, tt := range []struct {
		args []string
		warn bool
	}{
		{[]string{"--addr", "0.0.0.0:0", "--public"}, true},
		{[]string{"--addr", "localhost:0"}, false},
		{[]string{"--addr", "127.0.0.2:0"}, false},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		out, errb := &syncBuffer{}, &syncBuffer{}
		done := make(chan int, 1)
		go func() {
			done <- Run(ctx, append([]string{"demo", "--data", data}, tt.args...), Env{Stdout: out, Stderr: errb})
		}()
		waitFor(t, out, "try:")
		cancel()
		if code := <-done; code != ExitOK {
			t.Errorf("%v: exit %d: %s", tt.args, code, errb.String())
		}
		if got := strings.Contains(errb.String(), "warning:"); got != tt.warn {
			t.Errorf("%v: warning %v, want %v: %q", tt.args, got, tt.warn, errb.String())
		}
	}
}

// TestSpanUpperBound: a span over 3650 days, including one that would overflow a time.Duration, says the
// bound instead of "must be more than 0".
func TestSpanUpperBound(t *testing.T) {
	f := newFixture(t, okConfig)
	bad := [][]string{
		{"--for", "99999999d"}, {"--for", "3651d"}, {"--for", "3650d1h"}, {"--for", "99999999h"}, {"--for", "87601h"},
		{"--for", "1e400d"}, {"--retry", "99999999d"}, {"--away", "99999999d"},
	}
	for _, args := range bad {
		r := runWithin(t, append([]string{"schedule", "--speed", "max", "--project", f.dir, "--data", f.data}, args...)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "3650d") || strings.Contains(r.stderr, "more than 0") {
			t.Errorf("schedule %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	for _, s := range []string{"infd", "nand", "-1d", "soon", "3x"} {
		if _, err := parseSpan(s); err == nil || !strings.Contains(err.Error(), "not a duration") {
			t.Errorf("parseSpan(%q) = %v", s, err)
		}
	}
	for s, want := range map[string]time.Duration{"3650d": 3650 * 24 * time.Hour, "87600h": 87600 * time.Hour, "1d12h": 36 * time.Hour} {
		if d, err := parseSpan(s); err != nil || d != want {
			t.Errorf("parseSpan(%q) = %v, %v", s, d, err)
		}
	}
	if r := runCLI(t, "help"); !strings.Contains(r.stdout, "3650d") {
		t.Error("help does not state the bound")
	}
}

// TestDatabaseExitStatuses: one rule: a database that cannot be opened is exit 2 (nothing was done), a
// database write that fails once the verb runs is exit 1 (the operation failed).
func TestDatabaseExitStatuses(t *testing.T) {
	f := newFixture(t, okConfig)
	notAFolder := filepath.Join(t.TempDir(), "file")
	write(t, notAFolder, "x")
	garbage := t.TempDir()
	write(t, filepath.Join(garbage, core.DBFile), strings.Repeat("not a database ", 512))
	dbIsAFolder := t.TempDir()
	if err := os.Mkdir(filepath.Join(dbIsAFolder, core.DBFile), 0o755); err != nil {
		t.Fatal(err)
	}
	verbs := [][]string{{"pull"}, {"get", "--type", "periodic"}, {"clear"}, {"history"}, {"watch"}}
	for _, data := range []string{notAFolder, garbage, dbIsAFolder} {
		for _, v := range verbs {
			r := runWithin(t, append(v, "--project", f.dir, "--data", data)...)
			if r.code != ExitUsage || r.stderr == "" {
				t.Errorf("%v with --data %s: exit %d, stderr %q; want %d", v, data, r.code, r.stderr, ExitUsage)
			}
		}
	}

	// A real database whose writes fail: a trigger refuses them.
	if r := f.run(t, "pull"); r.code != ExitOK {
		t.Fatalf("first pull: %d %s", r.code, r.stderr)
	}
	db, err := sql.Open("sqlite3", filepath.Join(f.data, core.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TRIGGER no_attempts BEFORE INSERT ON attempts BEGIN SELECT RAISE(ABORT, 'the disk is full (simulated)'); END`,
		`CREATE TRIGGER no_clear BEFORE DELETE ON cache BEGIN SELECT RAISE(ABORT, 'the disk is full (simulated)'); END`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	for _, v := range [][]string{{"pull"}, {"prefetch"}, {"clear"}} {
		r := f.run(t, v...)
		if r.code != ExitFailed || !strings.Contains(r.stderr, "disk is full") {
			t.Errorf("%v with failing writes: exit %d, stderr %q; want %d", v, r.code, r.stderr, ExitFailed)
		}
	}
	if r := runCLI(t, "help"); !strings.Contains(r.stdout, "a database that cannot be opened") {
		t.Error("help does not state the exit status rule")
	}
}
