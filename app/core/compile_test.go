package core

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
)

const testCompileDelay = 300 * time.Millisecond // the 5 saves of a burst are 20 ms apart: ample room on a loaded machine

// compileWatch opens an engine on a mini program with its sources (app.js, app.json, a page,
// node_modules) and watches it with compile prefetch; it returns the engine and the events seen.
type compileWatch struct {
	e   *Engine
	dir string
	mu  sync.Mutex
	evs []Event
}

func startCompileWatch(t *testing.T, srv *devServer, preload bool) *compileWatch {
	t.Helper()
	dir := newProject(t, weappConfig(srv.URL, "/ok"))
	on := "false"
	if preload {
		on = "true"
	}
	writeFile(t, filepath.Join(dir, project.ProjectConfigFile), `{"appid": "wxtest", "setting": {"preloadBackgroundData": `+on+`}}`)
	for name, content := range map[string]string{"app.js": "App({})", "app.json": `{"pages":["pages/index/index"]}`,
		"pages/index/index.js": "Page({})", "node_modules/x/x.js": ""} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, content)
	}
	cw := &compileWatch{e: openEngine(t, dir, &clock{t: t0}), dir: dir}
	stop := cw.e.Subscribe(func(ev Event) { cw.mu.Lock(); cw.evs = append(cw.evs, ev); cw.mu.Unlock() })
	t.Cleanup(stop)
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan error, 1)
	var info project.SourceInfo
	go func() {
		done <- cw.e.WatchWith(ctx, ready, WatchOptions{CompilePrefetch: true, CompileDelay: testCompileDelay,
			Sources: func(i project.SourceInfo) { info = i }})
	}()
	<-ready
	if info.Root == "" || info.Dirs < 2 || info.Capped {
		t.Errorf("source folders watched: %+v", info)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("WatchWith: %v", err)
		}
	})
	return cw
}

func (cw *compileWatch) save(t *testing.T, name, content string) {
	t.Helper()
	writeFile(t, filepath.Join(cw.dir, filepath.FromSlash(name)), content)
}

func (cw *compileWatch) kinds(k EventKind) []Event {
	cw.mu.Lock()
	defer cw.mu.Unlock()
	var out []Event
	for _, ev := range cw.evs {
		if ev.Kind == k {
			out = append(out, ev)
		}
	}
	return out
}

// settle waits for n events of kind k, then long enough for one more to show up.
func (cw *compileWatch) settle(t *testing.T, k EventKind, n int) []Event {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(cw.kinds(k)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d %v events, want %d", len(cw.kinds(k)), k, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(4 * testCompileDelay)
	return cw.kinds(k)
}

func (srv *devServer) hits() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.n
}

func TestCompilePrefetchOnce(t *testing.T) {
	srv := newDevServer(t)
	cw := startCompileWatch(t, srv, true)
	for i := range 5 {
		cw.save(t, "app.js", "App({v: "+string(rune('0'+i))+"})")
		time.Sleep(20 * time.Millisecond)
	}
	evs := cw.settle(t, Compiled, 1)
	if len(evs) != 1 {
		t.Fatalf("%d compiles for a burst of 5 saves, want 1", len(evs))
	}
	ev := evs[0]
	if !ev.Compile.Prefetch || ev.Attempt == nil || ev.Err != nil || strings.Join(ev.Compile.Files, ",") != "app.js" {
		t.Fatalf("compile %+v attempt %+v err %v", ev.Compile, ev.Attempt, ev.Err)
	}
	if ev.Attempt.Origin != OriginCompile || !ev.Attempt.Cached || ev.Attempt.FetchType != "pre" {
		t.Errorf("attempt origin %q cached %v type %s", ev.Attempt.Origin, ev.Attempt.Cached, ev.Attempt.FetchType)
	}
	if !strings.Contains(ev.Attempt.URL, "path=pages%2Fa") || !strings.Contains(ev.Attempt.URL, "scene=1047") {
		t.Errorf("the compile did not send the configured launch parameters: %s", ev.Attempt.URL)
	}
	if n := srv.hits(); n != 1 {
		t.Errorf("the server got %d requests, want 1", n)
	}
	list, err := cw.e.History(context.Background(), HistoryFilter{})
	if err != nil || len(list) != 1 || list[0].Origin != OriginCompile {
		t.Errorf("history %+v %v, want one attempt of origin compile", list, err)
	}
}

func TestCompileWithPrefetchOff(t *testing.T) {
	srv := newDevServer(t)
	cw := startCompileWatch(t, srv, false)
	cw.save(t, "pages/index/index.js", "Page({data: {}})")
	evs := cw.settle(t, Compiled, 1)
	if len(evs) != 1 || evs[0].Compile.Prefetch || evs[0].Compile.Off != PrefetchSwitchOff || evs[0].Attempt != nil {
		t.Fatalf("compiles %+v, want one without a prefetch (switch off)", evs)
	}
	if n := srv.hits(); n != 0 {
		t.Errorf("the server got %d requests with the switch off", n)
	}
}

func TestCompileIgnores(t *testing.T) {
	srv := newDevServer(t)
	cw := startCompileWatch(t, srv, true)
	cw.save(t, "node_modules/x/x.js", "// a package")
	time.Sleep(4 * testCompileDelay)
	if evs := cw.kinds(Compiled); len(evs) != 0 {
		t.Errorf("saving node_modules/x/x.js compiled: %+v", evs)
	}
	// The tool's own file reloads the config but is no compile.
	cw.save(t, project.ConfigFile, strings.Replace(weappConfig(srv.URL, "/ok"), `"t1"`, `"t2"`, 1))
	cw.settle(t, ProjectChanged, 1)
	if p, _ := cw.e.Project(); p.Token == nil || *p.Token != "t2" {
		t.Errorf("bgfetch.config.json was not reloaded")
	}
	if evs := cw.kinds(Compiled); len(evs) != 0 {
		t.Errorf("saving bgfetch.config.json compiled: %+v", evs)
	}
	// The tool switching 启用数据预拉取 writes project.config.json: no compile either.
	if err := cw.e.SetPreloadBackgroundData(false); err != nil {
		t.Fatal(err)
	}
	if err := cw.e.SetPreloadBackgroundData(true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * testCompileDelay)
	if evs := cw.kinds(Compiled); len(evs) != 0 {
		t.Errorf("the tool's own save of project.config.json compiled: %+v", evs)
	}
	if n := srv.hits(); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
	// A save by the developer of project.config.json is a compile, with the config just saved.
	cw.save(t, project.ProjectConfigFile, `{"appid": "wxtest", "setting": {"preloadBackgroundData": true, "urlCheck": false}}`)
	if evs := cw.settle(t, Compiled, 1); len(evs) != 1 || evs[0].Attempt == nil {
		t.Errorf("compiles %+v after saving project.config.json", evs)
	}
}

func TestCompileTurnsThePrefetchOn(t *testing.T) {
	// Saving project.config.json with the switch turned on compiles with it on: the reload comes first.
	srv := newDevServer(t)
	cw := startCompileWatch(t, srv, false)
	cw.save(t, project.ProjectConfigFile, `{"appid": "wxtest", "setting": {"preloadBackgroundData": true}}`)
	evs := cw.settle(t, Compiled, 1)
	if len(evs) != 1 || !evs[0].Compile.Prefetch || evs[0].Attempt == nil {
		t.Fatalf("compiles %+v, want one that prefetches", evs)
	}
}

func TestCompileAlipay(t *testing.T) {
	srv := newDevServer(t)
	for _, pre := range []bool{true, false} {
		t.Run(map[bool]string{true: "pre entry", false: "no pre entry"}[pre], func(t *testing.T) {
			cw := startCompileWatch(t, srv, false)
			before := srv.hits()
			writeFile(t, filepath.Join(cw.dir, project.ConfigFile), `{"platform": "alipay"}`)
			entries := `[]`
			if pre {
				entries = `[{"fetchType": "pre", "params": {"url": "` + srv.URL + `/ok", "dataType": "json"}}]`
			}
			writeFile(t, filepath.Join(cw.dir, project.PreloadFile), entries) // preload.json is the mini program's: a compile
			evs := cw.settle(t, Compiled, 1)
			last := evs[len(evs)-1]
			if p, _ := cw.e.Project(); p.Platform != project.Alipay {
				t.Fatalf("platform %s", p.Platform)
			}
			switch {
			case pre && (last.Attempt == nil || last.Attempt.Origin != OriginCompile || srv.hits() != before+1):
				t.Errorf("with a pre entry: %+v, %d requests", last.Compile, srv.hits()-before)
			case !pre && (last.Attempt != nil || last.Compile.Off != PrefetchNoEntry || srv.hits() != before):
				t.Errorf("without a pre entry: %+v, %d requests", last.Compile, srv.hits()-before)
			}
		})
	}
}
