package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// clock is a settable fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// devServer answers /ok with a numbered JSON body, /fail with 500, /slow after a while.
type devServer struct {
	*httptest.Server
	mu sync.Mutex
	n  int
}

func newDevServer(t *testing.T) *devServer {
	d := &devServer{}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/fail":
			http.Error(w, "down", http.StatusInternalServerError)
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/big":
			_, _ = w.Write(make([]byte, 300<<10))
		default:
			d.mu.Lock()
			d.n++
			n := d.n
			d.mu.Unlock()
			fmt.Fprintf(w, `{"n":%d,"query":%q}`, n, r.URL.RawQuery)
		}
	}))
	t.Cleanup(d.Close)
	return d
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newProject(t *testing.T, cfg string) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, project.ProjectConfigFile), `{"appid": "wxtest", "setting": {"preloadBackgroundData": false}}`)
	writeFile(t, filepath.Join(dir, project.ConfigFile), cfg)
	return dir
}

func weappConfig(base, periodicPath string) string {
	return fmt.Sprintf(`{"token": "t1", "timeoutMs": 300,
  "periodic": {"url": %q},
  "prefetch": {"url": %q, "path": "pages/a", "query": "x=1", "scene": 1047}}`, base+periodicPath, base+"/pre")
}

func openEngine(t *testing.T, dir string, c *clock) *Engine {
	t.Helper()
	e, err := Open(Options{ProjectDir: dir, DataDir: t.TempDir(), Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if _, err := e.Project(); err != nil {
		t.Fatal(err)
	}
	return e
}

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestPullCachesAndGetReturnsIt(t *testing.T) {
	srv := newDevServer(t)
	c := &clock{t: t0}
	e := openEngine(t, newProject(t, weappConfig(srv.URL, "/ok")), c)
	ctx := context.Background()

	var events []EventKind
	var mu sync.Mutex
	stop := e.Subscribe(func(ev Event) { mu.Lock(); events = append(events, ev.Kind); mu.Unlock() })
	defer stop()

	a, err := e.Pull(ctx)
	if err != nil || !a.Cached || a.Status != 200 || a.ID == 0 {
		t.Fatalf("pull: %+v, %v", a, err)
	}
	if !strings.Contains(a.URL, "appid=wxtest&token=t1&timestamp=1795424400000") {
		t.Errorf("url %s does not carry the simulated clock", a.URL)
	}
	res, err := e.Get(ctx, "periodic", Android)
	if err != nil || !res.OK {
		t.Fatalf("get: %+v %v", res, err)
	}
	got := res.Value.(WxSuccess)
	if got.ErrMsg != ErrMsgOK || !strings.HasPrefix(got.FetchedData, `{"n":1`) || got.TimeStamp < t0.UnixMilli() {
		t.Errorf("get = %+v", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(events) != "[Fetching Fetched]" {
		t.Errorf("events %v", events)
	}
}

func TestFailedFetchKeepsTheCachedBody(t *testing.T) {
	srv := newDevServer(t)
	c := &clock{t: t0}
	dir := newProject(t, weappConfig(srv.URL, "/ok"))
	e := openEngine(t, dir, c)
	ctx := context.Background()
	if _, err := e.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/fail", "/big", "/slow"} {
		writeFile(t, filepath.Join(dir, project.ConfigFile), weappConfig(srv.URL, path))
		e.Reload()
		a, _ := e.Pull(ctx)
		if a == nil || a.Cached {
			t.Fatalf("%s: attempt %+v", path, a)
		}
		if a.Reason == "" {
			t.Errorf("%s: no reason given", path)
		}
		entry, err := e.Cached(ctx, "periodic")
		if err != nil || !strings.HasPrefix(string(entry.Body), `{"n":1`) {
			t.Fatalf("%s erased the cached body: %q %v", path, entry.Body, err)
		}
	}
	n, _ := e.CountHistory(ctx, HistoryFilter{})
	if n != 4 {
		t.Errorf("history has %d attempts, want 4", n)
	}
	list, _ := e.History(ctx, HistoryFilter{Limit: 1})
	full, err := e.Attempt(ctx, list[0].ID)
	if err != nil || full.Error == "" || !strings.Contains(full.Error, "300 ms") {
		t.Errorf("the timeout attempt says %q (%v)", full.Error, err)
	}
}

func TestTokenNotSetIsRecordedWithoutARequest(t *testing.T) {
	srv := newDevServer(t)
	e := openEngine(t, newProject(t, fmt.Sprintf(`{"periodic": {"url": %q}}`, srv.URL+"/ok")), &clock{t: t0})
	a, err := e.Pull(context.Background())
	if err == nil || !strings.Contains(err.Error(), "token not set, maybe you should setBackgroundFetchToken first") {
		t.Fatalf("err = %v", err)
	}
	if a == nil || a.ID == 0 || a.Status != 0 || srv.n != 0 {
		t.Errorf("attempt %+v, server saw %d requests", a, srv.n)
	}
}

func TestPrefetchAndGetShapes(t *testing.T) {
	srv := newDevServer(t)
	ctx := context.Background()
	e := openEngine(t, newProject(t, weappConfig(srv.URL, "/ok")), &clock{t: t0})

	// Nothing cached: Android fails, iOS succeeds empty.
	res, _ := e.Get(ctx, "pre", Android)
	if res.OK || res.Value.(WxFail).ErrMsg != "getBackgroundFetchData:fail no background fetch data" {
		t.Errorf("android with nothing: %+v", res)
	}
	res, _ = e.Get(ctx, "pre", IOS)
	if !res.OK || res.Value.(WxSuccess) != (WxSuccess{ErrMsg: ErrMsgOK}) || strings.Contains(res.Note, "assumption") {
		t.Errorf("ios with nothing: %+v (WeChat documents this: no assumption)", res)
	}
	if _, err := e.Prefetch(ctx, nil); err != nil {
		t.Fatal(err)
	}
	res, _ = e.Get(ctx, "pre", Android)
	got := res.Value.(WxSuccess)
	if got.Path != "pages/a" || got.Query != "x=1" || got.Scene != 1047 || !strings.Contains(got.FetchedData, "token=t1") {
		t.Errorf("pre result %+v", got)
	}
	if res, _ = e.Get(ctx, "jsapiPre", Android); res.OK {
		t.Errorf("jsapiPre on WeChat: %+v", res)
	}
	// Clear one type, then all.
	if _, err := e.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.Clear(ctx, "pre"); n != 1 {
		t.Errorf("cleared %d", n)
	}
	if _, err := e.Cached(ctx, "pre"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("pre still cached: %v", err)
	}
	if _, err := e.Cached(ctx, "periodic"); err != nil {
		t.Errorf("periodic was cleared too: %v", err)
	}
	if n, _ := e.Clear(ctx); n != 1 {
		t.Errorf("clear all removed %d", n)
	}
}

func TestGetPlatforms(t *testing.T) {
	srv := newDevServer(t)
	ctx := context.Background()
	t.Run("QQ", func(t *testing.T) {
		e := openEngine(t, newProject(t, `{"platform": "qq", "periodic": {"url": "`+srv.URL+`/ok"}}`), &clock{t: t0})
		res, _ := e.Get(ctx, "periodic", Android)
		if res.OK || res.Value.(WxFail).ErrMsg != "getBackgroundFetchData:fail 缓存数据不存在" {
			t.Errorf("%+v", res)
		}
		// iOS: WeChat's documented empty success, kept for QQ but said to be the tool's assumption.
		res, _ = e.Get(ctx, "periodic", IOS)
		if !res.OK || res.Value.(WxSuccess) != (WxSuccess{ErrMsg: ErrMsgOK}) ||
			!strings.Contains(res.Note, "the tool's assumption for QQ") {
			t.Errorf("QQ iOS with nothing cached: %+v", res)
		}
		_, err := e.Pull(ctx)
		if err == nil || !strings.Contains(err.Error(), "token is empty!") {
			t.Errorf("QQ pull without token: %v", err)
		}
	})
	t.Run("Alipay", func(t *testing.T) {
		dir := newProject(t, `{"platform": "alipay"}`)
		writeFile(t, filepath.Join(dir, project.PreloadFile),
			`[{"fetchType": "pre", "params": {"url": "`+srv.URL+`/ok", "data": {"k": "v"}, "dataType": "json"}}]`)
		e := openEngine(t, dir, &clock{t: t0})
		res, _ := e.Get(ctx, "pre", IOS)
		if res.OK || res.Value.(AlipayFail) != (AlipayFail{Error: 3, ErrorMessage: "没有预加载数据"}) {
			t.Errorf("nothing cached: %+v", res)
		}
		if res, _ = e.Get(ctx, "periodic", Android); res.Value.(AlipayFail).Error != 2 {
			t.Errorf("periodic on alipay: %+v", res)
		}
		a, err := e.Prefetch(ctx, nil)
		if err != nil || !strings.Contains(a.URL, "appId=wxtest&timestamp=") || !strings.HasSuffix(a.URL, "&k=v") {
			t.Fatalf("prefetch %v: %+v", err, a)
		}
		res, _ = e.Get(ctx, "pre", Android)
		got := res.Value.(AlipaySuccess)
		obj, ok := got.FetchedData.(map[string]any)
		if !ok || obj["n"] != float64(1) || got.FetchType != "pre" || got.Timestamp < t0.UnixMilli() {
			t.Errorf("alipay result %+v", got)
		}
	})
}

func TestWatchReloadsAndKeepsTheLastGoodConfig(t *testing.T) {
	srv := newDevServer(t)
	dir := newProject(t, weappConfig(srv.URL, "/ok"))
	e := openEngine(t, dir, &clock{t: t0})
	evs := make(chan Event, 16)
	stop := e.Subscribe(func(ev Event) { evs <- ev })
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- e.Watch(ctx, ready) }()
	<-ready

	wait := func(kind EventKind) Event {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case ev := <-evs:
				if ev.Kind == kind {
					return ev
				}
			case <-deadline:
				t.Fatalf("no %v event", kind)
			}
		}
	}
	writeFile(t, filepath.Join(dir, project.ConfigFile), weappConfig(srv.URL, "/changed"))
	ev := wait(ProjectChanged)
	if ev.Project.Periodic.URL != srv.URL+"/changed" {
		t.Errorf("reloaded url %s", ev.Project.Periodic.URL)
	}
	writeFile(t, filepath.Join(dir, project.ConfigFile), `{"periodic": {"url": `)
	ev = wait(ProjectInvalid)
	var ce *project.ConfigError
	if !errors.As(ev.Err, &ce) || ce.Line == 0 {
		t.Errorf("error %v has no position", ev.Err)
	}
	p, perr := e.Project()
	if perr == nil || p == nil || p.Periodic.URL != srv.URL+"/changed" {
		t.Errorf("last good not kept: %v %v", p, perr)
	}
	// The engine still pulls with the last good config.
	if a, err := e.Pull(context.Background()); err != nil || !strings.HasPrefix(a.URL, srv.URL+"/changed") {
		t.Errorf("pull with last good: %v %v", a, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("watch returned %v", err)
	}
}

func TestDataDir(t *testing.T) {
	t.Setenv(EnvData, "/tmp/x-bgfetch")
	if d, _ := DataDir(""); d != "/tmp/x-bgfetch" {
		t.Errorf("env ignored: %s", d)
	}
	if d, _ := DataDir("/tmp/y"); d != "/tmp/y" {
		t.Errorf("flag ignored: %s", d)
	}
	t.Setenv(EnvData, "")
	if d, _ := DataDir(""); !strings.HasSuffix(d, "bgfetch") {
		t.Errorf("default %s", d)
	}
}
