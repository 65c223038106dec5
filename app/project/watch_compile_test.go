package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// compiles collects what a source-watching Watcher reports.
type compiles struct {
	mu  sync.Mutex
	got []Compile
	r   *recorder
}

func (c *compiles) fn(cp Compile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, cp)
}

func (c *compiles) list() []Compile {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.got)
}

// waitN waits until n compiles were reported, then a little longer to catch an extra one.
func (c *compiles) waitN(t *testing.T, n int) []Compile {
	t.Helper()
	deadline := time.Now().Add(within)
	for len(c.list()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d compiles within %v, want %d", len(c.list()), within, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(3 * testCompileDelay)
	return c.list()
}

const testCompileDelay = 300 * time.Millisecond // the 5 saves of a burst are 20 ms apart: ample room on a loaded machine

func watchSources(t *testing.T, dir string, opt WatchOptions) (*compiles, *Watcher) {
	t.Helper()
	c := &compiles{r: &recorder{}}
	opt.Compile = c.fn
	if opt.CompileDelay == 0 {
		opt.CompileDelay = testCompileDelay
	}
	w, err := NewWatcherWith(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	w.observe = c.r.observe
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, c.r.fn) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v", err)
		}
	})
	return c, w
}

func miniProgram(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := map[string]string{ProjectConfigFile: wxConfig, "app.js": "App({})", "app.json": `{"pages":["pages/index/index"]}`}
	for k, v := range extra {
		files[k] = v
	}
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func save(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherCompiles(t *testing.T) {
	cases := []struct {
		name  string
		saves []string
		want  []string // the files of the one compile; nil = no compile
	}{
		{"app.js", []string{"app.js"}, []string{"app.js"}},
		{"a burst of five saves is one compile", []string{"app.js", "app.json", "pages/index/index.js", "pages/index/index.wxml", "app.js"},
			[]string{"app.js", "app.json", "pages/index/index.js", "pages/index/index.wxml"}},
		{"a component", []string{"components/card/card.wxss"}, []string{"components/card/card.wxss"}},
		{"project.config.json", []string{ProjectConfigFile}, []string{ProjectConfigFile}},
		{"node_modules", []string{"node_modules/x/x.js"}, nil},
		{"miniprogram_npm", []string{"miniprogram_npm/x/index.js"}, nil},
		{"the tool's own files", []string{ConfigFile, AnalyticsFile}, nil},
		{"DevTools' local settings", []string{PrivateConfigFile}, nil},
		{"git", []string{".git/index.js"}, nil},
		{"top-level dist", []string{"dist/app.js"}, nil},
		{"editor files", []string{".app.js.swp", "app.js~", "notes.md"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each in its own folder; mostly waiting
			dir := miniProgram(t, map[string]string{
				"pages/index/index.js": "Page({})", "components/card/card.wxss": "", ConfigFile: "{}",
				"node_modules/x/x.js": "", "miniprogram_npm/x/index.js": "", ".git/index.js": "", "dist/app.js": "",
			})
			c, _ := watchSources(t, dir, WatchOptions{})
			for _, name := range tc.saves {
				save(t, dir, name, "// saved "+name)
				time.Sleep(10 * time.Millisecond)
			}
			if tc.want == nil {
				time.Sleep(4 * testCompileDelay)
				if got := c.list(); len(got) != 0 {
					t.Fatalf("compiles %+v, want none", got)
				}
				return
			}
			got := c.waitN(t, 1)
			if len(got) != 1 {
				t.Fatalf("%d compiles %+v, want 1", len(got), got)
			}
			if !slices.Equal(got[0].Files, tc.want) {
				t.Errorf("files %q, want %q", got[0].Files, tc.want)
			}
		})
	}
}

func TestWatcherCompileNewFolder(t *testing.T) {
	dir := miniProgram(t, nil)
	c, w := watchSources(t, dir, WatchOptions{})
	before := w.Sources().Dirs
	save(t, dir, "pages/new/new.js", "Page({})")
	c.waitN(t, 1)
	// The new folder is watched: a later save in it is seen.
	save(t, dir, "pages/new/new.js", "Page({data:{}})")
	got := c.waitN(t, 2)
	if len(got) != 2 || !slices.Contains(got[1].Files, "pages/new/new.js") {
		t.Errorf("compiles %+v, want a second one with pages/new/new.js", got)
	}
	if after := w.Sources().Dirs; after != before+2 {
		t.Errorf("watching %d folders after adding pages/new, want %d", after, before+2)
	}
}

func TestWatcherMiniprogramRoot(t *testing.T) {
	cfg := strings.Replace(wxConfig, `"projectname"`, `"miniprogramRoot": "dist/", "cloudfunctionRoot": "cloud/", "projectname"`, 1)
	dir := miniProgram(t, map[string]string{ProjectConfigFile: cfg, "dist/app.js": "", "src/app.js": "", "cloud/f/index.js": ""})
	c, w := watchSources(t, dir, WatchOptions{})
	if got, want := w.Sources().Root, filepath.Join(dir, "dist"); got != want {
		t.Errorf("Root = %s, want %s", got, want)
	}
	save(t, dir, "src/app.js", "// the sources Taro builds from: no compile until it writes dist")
	save(t, dir, "cloud/f/index.js", "// a cloud function")
	time.Sleep(4 * testCompileDelay)
	if got := c.list(); len(got) != 0 {
		t.Fatalf("compiles %+v outside miniprogramRoot", got)
	}
	save(t, dir, "dist/app.js", "// built")
	if got := c.waitN(t, 1); len(got) != 1 || !slices.Equal(got[0].Files, []string{"dist/app.js"}) {
		t.Errorf("compiles %+v, want one of dist/app.js", got)
	}
}

func TestWatcherSourceCap(t *testing.T) {
	extra := map[string]string{}
	for _, d := range []string{"a", "b", "c", "d", "e"} {
		extra["pages/"+d+"/"+d+".js"] = ""
	}
	dir := miniProgram(t, extra)
	_, w := watchSources(t, dir, WatchOptions{MaxSourceDirs: 3})
	info := w.Sources()
	if !info.Capped || info.Limit != 3 || info.Dirs != 3 {
		t.Errorf("Sources() = %+v, want capped at 3", info)
	}
}

func TestWatcherNoSources(t *testing.T) {
	dir := miniProgram(t, nil)
	w, err := NewWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if info := w.Sources(); info.Root != "" || info.Dirs != 0 {
		t.Errorf("Sources() = %+v without WatchOptions.Compile, want nothing", info)
	}
}

// A save of project.config.json reloads before it compiles: the compile sees the new config.
func TestWatcherCompileAfterReload(t *testing.T) {
	dir := miniProgram(t, nil)
	var mu sync.Mutex
	var order []string
	w, err := NewWatcherWith(dir, WatchOptions{CompileDelay: testCompileDelay, Compile: func(Compile) {
		mu.Lock()
		order = append(order, "compile")
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_ = w.Run(ctx, func(p *Project, err error) {
			mu.Lock()
			order = append(order, "reload")
			mu.Unlock()
		})
	}()
	save(t, dir, ProjectConfigFile, strings.Replace(wxConfig, `"preloadBackgroundData": false`, `"preloadBackgroundData": true`, 1))
	deadline := time.Now().Add(within)
	for {
		mu.Lock()
		got := slices.Clone(order)
		mu.Unlock()
		if len(got) >= 2 {
			if got[0] != "reload" || got[len(got)-1] != "compile" {
				t.Errorf("order %q, want the reload before the compile", got)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %q", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Saves that never pause still compile: at most maxCompileWait delays after the first.
func TestWatcherCompileMaxWait(t *testing.T) {
	dir := miniProgram(t, nil)
	c, _ := watchSources(t, dir, WatchOptions{CompileDelay: 100 * time.Millisecond})
	stop := time.Now().Add(2 * time.Second)
	for time.Now().Before(stop) {
		save(t, dir, "app.js", "// saved "+time.Now().String())
		time.Sleep(30 * time.Millisecond)
	}
	if n := len(c.list()); n < 2 {
		t.Errorf("%d compiles during 2 s of saves every 30 ms, want some (at most 500 ms apart)", n)
	}
}
