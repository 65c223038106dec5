package core

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgfetch/devtools/app/fetch"
)

// TestPullKeepsHeadersSmall: a server that sends 9 MB of response headers made 20 pulls a 172 MB database.
// Through a transport that reads them (Go's default limit is 10 MB) each attempt keeps 64 KB and says what it
// left out; through the engine's default transport the pull fails with the reason.
func TestPullKeepsHeadersSmall(t *testing.T) {
	pad := strings.Repeat("p", 10<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 900 {
			w.Header().Set(fmt.Sprintf("X-Pad-%04d", i), pad)
		}
		_, _ = w.Write([]byte(`{"ok":1}`))
	}))
	t.Cleanup(srv.Close)
	dir := newProject(t, fmt.Sprintf(`{"token": "t1", "timeoutMs": 30000, "periodic": {"url": %q}}`, srv.URL+"/p"))
	ctx := context.Background()

	t.Run("a transport that reads 9 MB: 64 KB kept per attempt", func(t *testing.T) {
		tr := &http.Transport{}
		t.Cleanup(tr.CloseIdleConnections)
		data := t.TempDir()
		e, err := Open(Options{ProjectDir: dir, DataDir: data, Now: (&clock{t: t0}).Now, Transport: tr})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		var last *Attempt
		for range 20 {
			if last, err = e.Pull(ctx); err != nil {
				t.Fatal(err)
			}
		}
		full, err := e.Attempt(ctx, last.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for k, vs := range full.ResponseHeaders {
			for _, v := range vs {
				n += len(k) + len(v) + 4
			}
		}
		if n > fetch.MaxKeptHeader || !full.Cached {
			t.Errorf("%d bytes of headers stored (cached %v), want at most %d", n, full.Cached, fetch.MaxKeptHeader)
		}
		if !strings.Contains(strings.Join(full.Warnings, "\n"), "response headers not kept: ") {
			t.Errorf("warnings %q", full.Warnings)
		}
		var size int64
		_ = filepath.WalkDir(data, func(_ string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					size += fi.Size()
				}
			}
			return nil
		})
		if size > 8<<20 {
			t.Errorf("the data directory holds %d bytes after 20 pulls, want under 8 MB", size)
		}
		t.Logf("data directory after 20 pulls: %d bytes", size)
	})
	t.Run("the engine's default transport: a clear failure", func(t *testing.T) {
		e, err := Open(Options{ProjectDir: dir, DataDir: t.TempDir(), Now: (&clock{t: t0}).Now})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		a, err := e.Pull(ctx)
		if err == nil || a == nil || a.Cached || !strings.Contains(a.Error, "response headers are over 1 MB") || len(a.ResponseHeaders) != 0 {
			t.Fatalf("pull: %+v, %v", a, err)
		}
	})
}
