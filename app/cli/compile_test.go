package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingFixture is a fixture whose server counts the prefetch requests.
func countingFixture(t *testing.T, preload bool) (*fixture, *atomic.Int64) {
	t.Helper()
	f := newFixture(t, okConfig)
	var hits atomic.Int64
	inner := f.srv.Config.Handler // replaced before the first request
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/pre" {
			hits.Add(1)
		}
		inner.ServeHTTP(w, r)
	})
	on := "false"
	if preload {
		on = "true"
	}
	write(t, filepath.Join(f.dir, "project.config.json"), `{"appid": "wxcli", "setting": {"preloadBackgroundData": `+on+`}}`)
	write(t, filepath.Join(f.dir, "app.js"), "App({})")
	write(t, filepath.Join(f.dir, "app.json"), `{"pages":["pages/i"]}`)
	if err := os.MkdirAll(filepath.Join(f.dir, "node_modules", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	return f, &hits
}

// startWatch runs bgfetch watch in-process until the test ends.
func startWatch(t *testing.T, f *fixture, extra ...string) *syncBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- Run(ctx, append([]string{"watch", "--project", f.dir, "--data", f.data}, extra...), Env{Stdout: out, Stderr: out})
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != ExitOK {
			t.Errorf("watch exit %d: %s", code, out.String())
		}
	})
	waitFor(t, out, "watching "+f.dir)
	return out
}

func TestWatchPrefetchesOnCompile(t *testing.T) {
	f, hits := countingFixture(t, true)
	out := startWatch(t, f)
	waitFor(t, out, "a save is a compile, which sends the prefetch")
	for i := range 5 {
		write(t, filepath.Join(f.dir, "app.js"), "App({n: "+string(rune('0'+i))+"})")
		time.Sleep(20 * time.Millisecond)
	}
	waitFor(t, out, "compile (app.js): prefetch GET "+f.srv.URL+"/pre?")
	time.Sleep(time.Second) // the debounce is 400 ms: a second compile would show by now
	if n := strings.Count(out.String(), " compile ("); n != 1 {
		t.Errorf("%d compile lines for a burst of 5 saves, want 1:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "HTTP 200") || !strings.Contains(out.String(), "cached (attempt ") {
		t.Errorf("the compile line does not say how the prefetch ended:\n%s", out.String())
	}
	if strings.Contains(out.String(), "token=tk") {
		t.Errorf("the token is not masked:\n%s", out.String())
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d prefetch requests, want 1", n)
	}
	// node_modules and the tool's own config: no compile.
	write(t, filepath.Join(f.dir, "node_modules", "x", "x.js"), "")
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), okConfig(f.srv.URL))
	waitFor(t, out, "reloaded:")
	time.Sleep(time.Second)
	if n := strings.Count(out.String(), " compile ("); n != 1 {
		t.Errorf("node_modules or bgfetch.config.json compiled:\n%s", out.String())
	}
	// The history says where the attempt came from.
	r := f.run(t, "history")
	if !strings.Contains(r.stdout, "prefetch on compile · cached") {
		t.Errorf("history:\n%s", r.stdout)
	}
}

func TestWatchCompileWithPrefetchOff(t *testing.T) {
	f, hits := countingFixture(t, false)
	out := startWatch(t, f)
	write(t, filepath.Join(f.dir, "app.json"), `{"pages":["pages/i","pages/j"]}`)
	waitFor(t, out, "compile (app.json): no prefetch, the mini program would not prefetch: 启用数据预拉取 (setting.preloadBackgroundData) is off")
	if n := hits.Load(); n != 0 {
		t.Errorf("%d prefetch requests with the switch off", n)
	}
}

func TestWatchNoCompilePrefetch(t *testing.T) {
	f, hits := countingFixture(t, true)
	out := startWatch(t, f, "--no-compile-prefetch")
	write(t, filepath.Join(f.dir, "app.js"), "App({n: 1})")
	time.Sleep(1500 * time.Millisecond)
	if strings.Contains(out.String(), "compile") || strings.Contains(out.String(), "watching the sources") || hits.Load() != 0 {
		t.Errorf("--no-compile-prefetch compiled (%d requests):\n%s", hits.Load(), out.String())
	}
}

func TestPrefetchWithTheSwitchOffSaysSo(t *testing.T) {
	f, hits := countingFixture(t, false)
	r := f.run(t, "prefetch", "--json")
	if r.code != ExitOK || hits.Load() != 1 {
		t.Fatalf("prefetch exit %d, %d requests: %s", r.code, hits.Load(), r.stderr)
	}
	if !strings.Contains(r.stderr, "note: the mini program would not prefetch: 启用数据预拉取 (setting.preloadBackgroundData) is off") {
		t.Errorf("stderr does not say the mini program would not prefetch: %q", r.stderr)
	}
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || a.FetchType != "pre" || a.Origin != "" {
		t.Errorf("stdout is not the attempt alone: %v %q", err, r.stdout)
	}
	// With the switch on, no note.
	write(t, filepath.Join(f.dir, "project.config.json"), `{"appid": "wxcli", "setting": {"preloadBackgroundData": true}}`)
	if r = f.run(t, "prefetch"); r.code != ExitOK || strings.Contains(r.stderr, "note:") {
		t.Errorf("prefetch with the switch on: exit %d, stderr %q", r.code, r.stderr)
	}
}
