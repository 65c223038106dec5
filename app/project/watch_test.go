package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// within bounds every wait for the watcher; the debounce is 100 ms, so this leaves ample room on a
// loaded machine without depending on its speed.
const within = 3 * time.Second

type call struct {
	p   *Project
	err error
}

// recorder collects what the watcher reports.
type recorder struct {
	mu     sync.Mutex
	calls  []call
	events []fsnotify.Event
	rel    []bool
}

func (r *recorder) fn(p *Project, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call{p, err})
}

func (r *recorder) observe(ev fsnotify.Event, relevant bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	r.rel = append(r.rel, relevant)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// waitFor polls until the latest call satisfies ok, failing after the bound.
func (r *recorder) waitFor(t *testing.T, what string, ok func(c call) bool) call {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		r.mu.Lock()
		var last call
		n := len(r.calls)
		if n > 0 {
			last = r.calls[n-1]
		}
		r.mu.Unlock()
		if n > 0 && ok(last) {
			return last
		}
		if time.Now().After(deadline) {
			t.Fatalf("no call with %s within %v; %d calls, last: %+v", what, within, n, last)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func hasToken(tok string) func(c call) bool {
	return func(c call) bool { return c.err == nil && c.p != nil && c.p.Token != nil && *c.p.Token == tok }
}

func tokenConfig(tok string) string { return fmt.Sprintf("{\n  \"token\": %q\n}\n", tok) }

// watch starts a Watcher on dir and its Run; the cleanup stops it and checks Run's result.
func watch(t *testing.T, dir string) (*recorder, *Watcher) {
	t.Helper()
	w, err := NewWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	w.observe = r.observe
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, r.fn) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
		case <-time.After(within):
			t.Error("Run did not return after the context was cancelled")
		}
	})
	return r, w
}

func TestWatcherSaves(t *testing.T) {
	saves := []struct {
		name string
		save func(t *testing.T, path, content string)
	}{
		{"write in place", func(t *testing.T, path, content string) {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte(content), 0); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename over", func(t *testing.T, path, content string) {
			tmp := path + ".swp"
			if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename with backup (vim)", func(t *testing.T, path, content string) {
			if err := os.Rename(path, path+"~"); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(path + "~"); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncate and write", func(t *testing.T, path, content string) {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, s := range saves {
		t.Run(s.name, func(t *testing.T) {
			dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("aaaa")})
			path := filepath.Join(dir, ConfigFile)
			r, _ := watch(t, dir)
			s.save(t, path, tokenConfig("bbbb")) // right after NewWatcher returned
			c := r.waitFor(t, "token bbbb", hasToken("bbbb"))
			if c.p.AppID != "wx0123456789abcdef" {
				t.Errorf("AppID = %q", c.p.AppID)
			}
			s.save(t, path, tokenConfig("cccc"))
			r.waitFor(t, "token cccc", hasToken("cccc"))
		})
	}
}

func TestWatcherTruncateThenWrite(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("aaaa")})
	path := filepath.Join(dir, ConfigFile)
	r, _ := watch(t, dir)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := r.waitFor(t, "an error for the empty file", func(c call) bool { return c.err != nil })
	ce := asConfigError(t, c.err, ConfigFile)
	if !strings.Contains(ce.Msg, "empty") {
		t.Errorf("error %v does not say the file is empty", ce)
	}
	if _, err := f.Write([]byte(tokenConfig("dddd"))); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "token dddd", hasToken("dddd"))
}

func TestWatcherDeleteAndRecreate(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("aaaa"), PreloadFile: "[]"})
	r, _ := watch(t, dir)
	if err := os.Remove(filepath.Join(dir, ConfigFile)); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the project without bgfetch.config.json", func(c call) bool {
		return c.err == nil && c.p.Token == nil && !strings.Contains(strings.Join(c.p.Files, ","), ConfigFile)
	})
	writeFiles(t, dir, map[string]string{ConfigFile: tokenConfig("eeee")})
	r.waitFor(t, "token eeee", hasToken("eeee"))

	if err := os.Remove(filepath.Join(dir, PreloadFile)); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the project without preload.json", func(c call) bool { return c.err == nil && c.p.Preload == nil })

	if err := os.Remove(filepath.Join(dir, ProjectConfigFile)); err != nil {
		t.Fatal(err)
	}
	c := r.waitFor(t, "an error for the missing appid", func(c call) bool { return c.err != nil })
	if !strings.Contains(c.err.Error(), "appid") {
		t.Errorf("error %v does not mention appid", c.err)
	}
	writeFiles(t, dir, map[string]string{ProjectConfigFile: wxConfig})
	r.waitFor(t, "the project with its appid back", func(c call) bool { return c.err == nil && c.p.AppID == "wx0123456789abcdef" })
}

func TestWatcherBurst(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("start")})
	path := filepath.Join(dir, ConfigFile)
	r, _ := watch(t, dir)
	start := time.Now()
	for i := range 100 {
		if err := os.WriteFile(path, []byte(tokenConfig(fmt.Sprintf("v%02d", i))), 0o644); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond) // pace the writes over about half a second
	}
	if d := time.Since(start); d > time.Second {
		t.Logf("the 100 writes took %v (a loaded machine); the debounce may have fired in between", d)
	}
	r.waitFor(t, "the last token", hasToken("v99"))
	if n := r.count(); n >= 50 {
		t.Errorf("%d reloads for 100 writes; the debounce should merge them", n)
	} else {
		t.Logf("%d reload(s) for 100 writes", n)
	}
}

func TestWatcherBrokenSave(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("good")})
	path := filepath.Join(dir, ConfigFile)
	r, _ := watch(t, dir)
	if err := os.WriteFile(path, []byte("{\n  \"token\": \"half"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := r.waitFor(t, "a config error", func(c call) bool { return c.err != nil })
	if c.p != nil {
		t.Error("a project was reported with the error")
	}
	ce := asConfigError(t, c.err, ConfigFile)
	if ce.Line != 2 {
		t.Errorf("error at line %d, want 2: %v", ce.Line, ce)
	}
	if err := os.WriteFile(path, []byte(tokenConfig("fixed")), 0o644); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the fixed project", hasToken("fixed"))

	if err := os.WriteFile(filepath.Join(dir, PreloadFile), []byte(`[{"fetchType": "pre"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	c = r.waitFor(t, "a preload.json error", func(c call) bool { return c.err != nil })
	asConfigError(t, c.err, PreloadFile)
}

func TestWatcherIgnoresOtherFiles(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("aaaa")})
	r, _ := watch(t, dir)
	writeFiles(t, dir, map[string]string{"app.json": "{}", "notes.txt": "x", ConfigFile + ".swp": "{"})
	if err := os.Mkdir(filepath.Join(dir, "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A config file's name in a subfolder is not a config file.
	if err := os.WriteFile(filepath.Join(dir, "pages", ConfigFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, ConfigFile), 0o600); err != nil {
		t.Fatal(err)
	}
	// Wait until the watcher has seen the chmod, the last of these events.
	deadline := time.Now().Add(within)
	for {
		r.mu.Lock()
		seen := false
		for i, ev := range r.events {
			if ev.Name == filepath.Join(dir, ConfigFile) && ev.Has(fsnotify.Chmod) {
				seen = true
			}
			if r.rel[i] {
				t.Errorf("event %v scheduled a reload", ev)
			}
		}
		r.mu.Unlock()
		if seen {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not see the chmod")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := r.count(); n != 0 {
		t.Errorf("fn was called %d times for unrelated changes", n)
	}
	// A relevant change afterwards is still reported, exactly once.
	writeFiles(t, dir, map[string]string{ConfigFile: tokenConfig("bbbb")})
	r.waitFor(t, "token bbbb", hasToken("bbbb"))
	if n := r.count(); n != 1 {
		t.Errorf("fn was called %d times, want 1", n)
	}
}

func TestWatcherFolderRemoved(t *testing.T) {
	files := map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("aaaa")}
	dir := writeFiles(t, filepath.Join(t.TempDir(), "proj"), files)
	r, _ := watch(t, dir)

	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	c := r.waitFor(t, "an error for the removed folder", func(c call) bool { return c.err != nil })
	if !strings.Contains(c.err.Error(), "removed") {
		t.Errorf("error %q does not say the folder was removed", c.err)
	}
	files[ConfigFile] = tokenConfig("back")
	writeFiles(t, dir, files)
	r.waitFor(t, "the project in the recreated folder", hasToken("back"))
	// The watch is back on the new folder.
	writeFiles(t, dir, map[string]string{ConfigFile: tokenConfig("again")})
	r.waitFor(t, "a change in the recreated folder", hasToken("again"))

	// Moved away and back.
	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "an error for the moved folder", func(c call) bool { return c.err != nil })
	if err := os.Rename(dir+".moved", dir); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the project moved back", hasToken("again"))
	writeFiles(t, dir, map[string]string{ConfigFile: tokenConfig("moved")})
	r.waitFor(t, "a change in the moved-back folder", hasToken("moved"))
}

func TestWatcherStop(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
	t.Run("Close makes Run return nil", func(t *testing.T) {
		w, err := NewWatcher(dir)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- w.Run(context.Background(), func(*Project, error) {}) }()
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(within):
			t.Fatal("Run did not return after Close")
		}
		if err := w.Close(); err != nil {
			t.Errorf("second Close = %v", err)
		}
	})
	t.Run("Run twice", func(t *testing.T) {
		w, err := NewWatcher(dir)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := w.Run(ctx, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
		if err := w.Run(context.Background(), nil); err == nil {
			t.Error("second Run succeeded")
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		if _, err := NewWatcher(filepath.Join(dir, "nope")); err == nil {
			t.Error("NewWatcher on a missing folder succeeded")
		}
	})
}
