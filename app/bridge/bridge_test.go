package bridge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
)

// analyticsJSON configures one event, buy, with a number and a string field, reported on a click.
const analyticsJSON = `{"events": [{"id": "buy", "name": "购买", "fields": [{"name": "price", "type": "number"},
  {"name": "color", "type": "string"}], "actions": [{"trigger": "click", "page": "pages/goods/goods", "selector": ".buy",
  "data": [{"field": "price", "source": "goods.price"}, {"field": "color", "source": "goods.color"}]}]}]}`

// fixture is an engine on a project whose periodic address is a real developer server, and a started
// bridge in front of it.
type fixture struct {
	eng *core.Engine
	srv *bridge.Server
	dev *httptest.Server
	dir string
}

func newEngine(t testing.TB, opt core.Options) (*core.Engine, *httptest.Server, string) {
	t.Helper()
	dev := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"goods":[{"id":1,"name":"杯子","price":9.5}],"path":%q}`, r.URL.Path)
	}))
	t.Cleanup(dev.Close)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "project.config.json"), `{"appid": "wxbridge", "setting": {}}`)
	write(t, filepath.Join(dir, "bgfetch.config.json"),
		fmt.Sprintf(`{"token": "tk", "periodic": {"url": %q}, "prefetch": {"url": %q}}`, dev.URL+"/periodic", dev.URL+"/pre"))
	write(t, filepath.Join(dir, "bgfetch.analytics.json"), analyticsJSON)
	opt.ProjectDir, opt.DataDir = dir, t.TempDir()
	opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := core.Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if _, err := eng.Project(); err != nil {
		t.Fatal(err)
	}
	return eng, dev, dir
}

func newFixture(t testing.TB, eopt core.Options, bopt bridge.Options) *fixture {
	t.Helper()
	eng, dev, dir := newEngine(t, eopt)
	return &fixture{eng: eng, srv: start(t, eng, bopt), dev: dev, dir: dir}
}

func start(t testing.TB, eng *core.Engine, opt bridge.Options) *bridge.Server {
	t.Helper()
	if opt.Addr == "" {
		opt.Addr = "127.0.0.1:0"
	}
	opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := bridge.New(eng, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func write(t testing.TB, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// req is one request to the bridge.
type req struct {
	method, path string
	body         string
	ctype        string            // "" = application/json when there is a body
	key          string            // "" = the bridge's key; "-" = none
	header       map[string]string // more headers ("Host" sets the Host)
}

// answer is the bridge's answer.
type answer struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func (a answer) errText() string { s, _ := a.json["error"].(string); return s }

func (f *fixture) do(t testing.TB, c *http.Client, r req) answer {
	t.Helper()
	return do(t, c, f.srv, r)
}

func do(t testing.TB, c *http.Client, s *bridge.Server, r req) answer {
	t.Helper()
	if c == nil {
		c = http.DefaultClient
	}
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequest(r.method, s.URL()+r.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.body != "" {
		hr.Header.Set("Content-Type", cmpOr(r.ctype, "application/json"))
	}
	switch r.key {
	case "":
		hr.Header.Set(bridge.KeyHeader, s.Key())
	case "-":
	default:
		hr.Header.Set(bridge.KeyHeader, r.key)
	}
	for k, v := range r.header {
		if k == "Host" {
			hr.Host = v
			continue
		}
		hr.Header.Set(k, v)
	}
	resp, err := c.Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode, header: resp.Header}
	if a.body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	if len(a.body) > 0 {
		if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q, want JSON", r.method, r.path, ct)
		}
		if err := json.Unmarshal(a.body, &a.json); err != nil {
			t.Errorf("%s %s: the answer is not a JSON object: %v\n%s", r.method, r.path, err, a.body)
		}
	}
	return a
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestEndpoints(t *testing.T) {
	f := newFixture(t, core.Options{}, bridge.Options{})
	big := `{"event": "buy", "data": {"color": "` + strings.Repeat("x", bridge.MaxBody) + `"}}`
	tests := []struct {
		name   string
		req    req
		status int
		check  func(t *testing.T, a answer)
	}{
		{"a configured report", req{method: "POST", path: "/report",
			body: `{"api": "reportEvent", "event": "buy", "data": {"price": 9.5, "color": "red"}, "page": "/pages/goods/goods", "trigger": "click"}`},
			200, func(t *testing.T, a answer) {
				if a.json["id"].(float64) < 1 || a.json["matched"] != "buy" || a.json["event"] != "buy" ||
					len(a.json["problems"].([]any)) != 0 {
					t.Errorf("answer %s", a.body)
				}
			}},
		{"reportAnalytics by name (eventName)", req{method: "POST", path: "/report",
			body: `{"eventName": "购买", "data": {"price": 1, "color": "blue"}}`}, 200, func(t *testing.T, a answer) {
			if a.json["matched"] != "buy" || len(a.json["problems"].([]any)) != 0 {
				t.Errorf("answer %s", a.body)
			}
		}},
		{"reportEvent (eventId) with problems", req{method: "POST", path: "/report",
			body: `{"eventId": "buy", "data": {"price": "9.5", "size": 3}}`}, 200, func(t *testing.T, a answer) {
			probs := fmt.Sprint(a.json["problems"])
			for _, want := range []string{`"size" is not a field`, `"price" should be a number`, `"color" is missing`} {
				if !strings.Contains(probs, want) {
					t.Errorf("problems %s lack %q", probs, want)
				}
			}
		}},
		{"an unconfigured event", req{method: "POST", path: "/report", body: `{"event": "nope"}`}, 200,
			func(t *testing.T, a answer) {
				if a.json["matched"] != "" || !strings.Contains(fmt.Sprint(a.json["problems"]), "not configured") {
					t.Errorf("answer %s", a.body)
				}
			}},
		{"Authorization: Bearer", req{method: "POST", path: "/report", body: `{"event": "buy"}`, key: "-",
			header: map[string]string{"Authorization": "Bearer " + f.srv.Key()}}, 200, nil},
		{"an unknown key", req{method: "POST", path: "/report", body: `{"event": "buy", "colour": "red"}`}, 400,
			wantErr(`"colour"`)},
		{"invalid JSON", req{method: "POST", path: "/report", body: "{\"event\": \"buy\",\n \"data\": {\"price\": 1,}}"}, 400,
			wantErr("line 2, column")},
		{"half a body", req{method: "POST", path: "/report", body: `{"event": "buy"`}, 400, wantErr("ends in the middle")},
		{"not an object", req{method: "POST", path: "/report", body: `["buy"]`}, 400, wantErr("must be a JSON object")},
		{"event is a number", req{method: "POST", path: "/report", body: `{"event": 5}`}, 400, wantErr(`"event" must be a string`)},
		{"two objects", req{method: "POST", path: "/report", body: `{"event": "a"} {"event": "b"}`}, 400, wantErr("one JSON object")},
		{"two event names", req{method: "POST", path: "/report", body: `{"event": "a", "eventId": "b"}`}, 400, wantErr("two different events")},
		{"no event", req{method: "POST", path: "/report", body: `{"data": {}}`}, 400, wantErr("the event is empty")},
		{"an unknown api", req{method: "POST", path: "/report", body: `{"api": "track", "event": "buy"}`}, 400, wantErr(`"track"`)},
		{"over 64 KB", req{method: "POST", path: "/report", body: big}, 413, wantErr("64 KB")},
		{"text/plain", req{method: "POST", path: "/report", body: `{"event": "buy"}`, ctype: "text/plain"}, 415,
			wantErr("application/json")},
		{"a form", req{method: "POST", path: "/report", body: `event=buy`, ctype: "application/x-www-form-urlencoded"}, 415, nil},
		{"json with a charset", req{method: "POST", path: "/report", body: `{"event": "buy"}`, ctype: "application/json; charset=utf-8"}, 200, nil},
		{"no key", req{method: "POST", path: "/report", body: `{"event": "buy"}`, key: "-"}, 401, wantErr("桥接")},
		{"a wrong key", req{method: "GET", path: "/health", key: strings.Repeat("0", 32)}, 401, wantErr("bgfetch bridge")},
		{"no key on an unknown path", req{method: "GET", path: "/etc/passwd", key: "-"}, 401, nil},
		{"an unknown path", req{method: "GET", path: "/../../etc/passwd"}, 404, wantErr("no such endpoint")},
		{"GET /report", req{method: "GET", path: "/report"}, 405, func(t *testing.T, a answer) {
			if a.header.Get("Allow") != "POST, OPTIONS" {
				t.Errorf("Allow %q", a.header.Get("Allow"))
			}
		}},
		{"POST /health", req{method: "POST", path: "/health", body: "{}"}, 405, nil},
		{"nothing cached yet", req{method: "GET", path: "/backgroundFetchData?fetchType=periodic"}, 404, func(t *testing.T, a answer) {
			if len(a.json) != 1 || !strings.HasPrefix(a.json["errMsg"].(string), "getBackgroundFetchData:fail") {
				t.Errorf("want exactly the platform's fail object, got %s", a.body)
			}
		}},
		{"a bad fetchType", req{method: "GET", path: "/backgroundFetchData?fetchType=weekly"}, 400, wantErr("fetchType must be")},
		{"no fetchType", req{method: "GET", path: "/backgroundFetchData"}, 400, wantErr("fetchType must be")},
		{"a bad os", req{method: "GET", path: "/backgroundFetchData?fetchType=pre&os=harmony"}, 400, wantErr("os must be")},
		{"no test running", req{method: "GET", path: "/config"}, 404,
			wantErr("no test is running: press 保存并测试 in 自定义分析")},
		{"health", req{method: "GET", path: "/health"}, 200, func(t *testing.T, a answer) {
			if a.json["ok"] != true || a.json["appid"] != "wxbridge" || a.json["version"] != float64(bridge.Version) {
				t.Errorf("answer %s", a.body)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.do(t, nil, tt.req)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.body)
			}
			if a.status >= 400 && a.errText() == "" && !strings.HasPrefix(tt.req.path, "/backgroundFetchData?fetchType=periodic") {
				t.Errorf("an error answer without {\"error\"}: %s", a.body)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}

	// The reports answered 200 are in the log, with the page and trigger as sent.
	reps, err := f.eng.Reports(context.Background(), core.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 6 {
		t.Fatalf("%d reports in the log, want the 6 answered 200", len(reps))
	}
	first := reps[len(reps)-1]
	if first.EventID != "buy" || first.Page != "pages/goods/goods" || first.Trigger != "click" || first.Flagged() {
		t.Errorf("first report %+v", first)
	}
	if reps[len(reps)-2].API != core.APIReportAnalytics || reps[len(reps)-3].API != core.APIReportEvent {
		t.Errorf("eventName should mean reportAnalytics and eventId reportEvent: %q %q", reps[len(reps)-2].API, reps[len(reps)-3].API)
	}
	st := f.srv.Stats()
	if st.Accepted != 6 || st.Flagged != 4 || st.Rejected != int64(len(tests)-6-2) || !strings.HasPrefix(st.LastError, "404: no test") {
		t.Errorf("stats %+v", st)
	}
}

func wantErr(sub string) func(t *testing.T, a answer) {
	return func(t *testing.T, a answer) {
		t.Helper()
		if !strings.Contains(a.errText(), sub) {
			t.Errorf("error %q, want it to say %q", a.errText(), sub)
		}
	}
}

// TestBackgroundFetchDataIsGet: the bridge answers exactly what the engine's Get returns, success or fail.
func TestBackgroundFetchDataIsGet(t *testing.T) {
	f := newFixture(t, core.Options{}, bridge.Options{})
	ctx := context.Background()
	if _, err := f.eng.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ fetchType, os string }{{"periodic", ""}, {"periodic", "ios"}, {"pre", "android"}, {"pre", "ios"}} {
		t.Run(tt.fetchType+"/"+tt.os, func(t *testing.T) {
			path := "/backgroundFetchData?fetchType=" + tt.fetchType
			if tt.os != "" {
				path += "&os=" + tt.os
			}
			a := f.do(t, nil, req{method: "GET", path: path})
			res, err := f.eng.Get(ctx, tt.fetchType, core.OS(cmpOr(tt.os, "android")))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]any{}
			b, _ := json.Marshal(res.Value)
			_ = json.Unmarshal(b, &want)
			if !reflect.DeepEqual(a.json, want) {
				t.Errorf("bridge %s\nGet     %s", a.body, b)
			}
			if (a.status == 200) != res.OK || (a.status != 200 && a.status != 404) {
				t.Errorf("status %d for OK=%v", a.status, res.OK)
			}
		})
	}
	a := f.do(t, nil, req{method: "GET", path: "/backgroundFetchData?fetchType=periodic"})
	if a.status != 200 || !strings.Contains(a.json["fetchedData"].(string), "杯子") || a.json["errMsg"] != core.ErrMsgOK {
		t.Errorf("periodic after a pull: %d %s", a.status, a.body)
	}
}

func TestConfigServesTheRunningTest(t *testing.T) {
	f := newFixture(t, core.Options{}, bridge.Options{})
	if _, err := f.eng.TestAnalytics(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := f.do(t, nil, req{method: "GET", path: "/config"})
	if a.status != 200 || a.json["appid"] != "wxbridge" || len(a.json["plan"].([]any)) != 1 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	f.eng.StopAnalyticsTest()
	if a := f.do(t, nil, req{method: "GET", path: "/config"}); a.status != 404 {
		t.Errorf("after stopping the test: %d %s", a.status, a.body)
	}
}

// TestHostHeader: a page that reaches the bridge under its own DNS name (DNS rebinding) is refused.
func TestHostHeader(t *testing.T) {
	f := newFixture(t, core.Options{}, bridge.Options{})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(f.srv.URL(), "http://"))
	tests := []struct {
		host   string
		status int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"[::1]:" + port, 200},
		{"evil.example:" + port, 403},
		{"127.0.0.1.evil.example:" + port, 403},
		{"127.0.0.1:1", 403},
		{"127.0.0.1", 403},
		{"0.0.0.0:" + port, 403},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			a := f.do(t, nil, req{method: "GET", path: "/health", header: map[string]string{"Host": tt.host}})
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.body)
			}
			if tt.status == 403 && !strings.Contains(a.errText(), "DNS rebinding") {
				t.Errorf("error %q", a.errText())
			}
		})
	}
}

func TestOrigin(t *testing.T) {
	f := newFixture(t, core.Options{}, bridge.Options{AllowOrigins: []string{"https://My-H5.example/"}})
	tests := []struct {
		name, method, origin string
		key                  string
		status               int
		cors                 bool
	}{
		{"no Origin (mini program, node, curl)", "GET", "", "", 200, false},
		{"localhost dev server", "GET", "http://localhost:10086", "", 200, true},
		{"127.0.0.1 with https", "GET", "https://127.0.0.1:8443", "", 200, true},
		{"[::1]", "GET", "http://[::1]:3000", "", 200, true},
		{"an allowed origin", "GET", "https://my-h5.example", "", 200, true},
		{"a foreign origin", "GET", "https://evil.example", "", 403, false},
		{"a foreign origin with the key", "POST", "https://evil.example", "", 403, false},
		{"localhost as a subdomain", "GET", "http://localhost.evil.example", "", 403, false},
		{"the null origin", "GET", "null", "", 403, false},
		{"the allowed origin on http", "GET", "http://my-h5.example", "", 403, false},
		{"preflight without the key", "OPTIONS", "http://localhost:10086", "-", 204, true},
		{"preflight from a foreign origin", "OPTIONS", "https://evil.example", "-", 403, false},
		{"an allowed origin without the key", "GET", "http://localhost:10086", "-", 401, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req{method: tt.method, path: "/health", key: tt.key, header: map[string]string{}}
			if tt.origin != "" {
				r.header["Origin"] = tt.origin
			}
			if tt.method == "POST" {
				r.path, r.body = "/report", `{"event": "buy"}`
			}
			if tt.method == "OPTIONS" {
				r.header["Access-Control-Request-Method"] = "GET"
				r.header["Access-Control-Request-Headers"] = "x-bgfetch-key"
			}
			a := f.do(t, nil, r)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.body)
			}
			acao := a.header.Get("Access-Control-Allow-Origin")
			if tt.cors != (acao == tt.origin && acao != "") || tt.cors && a.header.Get("Vary") != "Origin" {
				t.Errorf("Access-Control-Allow-Origin %q Vary %q", acao, a.header.Get("Vary"))
			}
			if tt.status == 403 && (!strings.Contains(a.errText(), tt.origin) || !strings.Contains(a.errText(), "--allow-origin")) {
				t.Errorf("error %q should name the origin and --allow-origin", a.errText())
			}
			if tt.method == "OPTIONS" && tt.status == 204 {
				if a.header.Get("Access-Control-Allow-Methods") != "GET, POST, OPTIONS" ||
					a.header.Get("Access-Control-Allow-Headers") != "Content-Type, X-BgFetch-Key, Authorization" {
					t.Errorf("preflight headers %v", a.header)
				}
			}
		})
	}
	if n, _ := f.eng.CountReports(context.Background(), core.ReportFilter{}); n != 0 {
		t.Errorf("%d reports from a foreign origin were stored", n)
	}
}

func TestNewChecksTheAddress(t *testing.T) {
	eng, _, _ := newEngine(t, core.Options{})
	for _, addr := range []string{"0.0.0.0:17878", ":17878", "192.168.1.10:17878", "example.com:80", "127.0.0.1", "127.0.0.1:http", "[::]:1"} {
		t.Run(addr, func(t *testing.T) {
			if _, err := bridge.New(eng, bridge.Options{Addr: addr}); err == nil {
				t.Errorf("New accepted %q", addr)
			}
		})
	}
	for _, o := range []string{"evil.example", "https://x.example/path", "ftp://x.example", "*"} {
		if _, err := bridge.New(eng, bridge.Options{AllowOrigins: []string{o}}); err == nil {
			t.Errorf("New accepted the origin %q", o)
		}
	}
	s, err := bridge.New(eng, bridge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL() != "http://127.0.0.1:17878" || len(s.Key()) != 32 {
		t.Errorf("defaults: %s %q", s.URL(), s.Key())
	}
	if err := s.Close(); err != nil { // before Start
		t.Error(err)
	}
	s = start(t, eng, bridge.Options{Addr: "localhost:0"})
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %s", s.URL())
	}
	if a := do(t, nil, s, req{method: "GET", path: "/health"}); a.status != 200 {
		t.Errorf("health %d", a.status)
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

func TestBusyPort(t *testing.T) {
	eng, _, _ := newEngine(t, core.Options{})
	first := start(t, eng, bridge.Options{})
	s, err := bridge.New(eng, bridge.Options{Addr: strings.TrimPrefix(first.URL(), "http://")})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Start()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(first.URL(), "http://"))
	if err == nil || !strings.Contains(err.Error(), "port "+port) || !strings.Contains(err.Error(), "--addr") || !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("Start on a busy port: %v", err)
	}
}

func TestNoProject(t *testing.T) {
	eng, err := core.Open(core.Options{ProjectDir: t.TempDir(), DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := start(t, eng, bridge.Options{})
	for _, r := range []req{{method: "POST", path: "/report", body: `{"event": "buy"}`}, {method: "GET", path: "/backgroundFetchData?fetchType=periodic"}} {
		if a := do(t, nil, s, r); a.status != 503 || !strings.Contains(a.errText(), "--project") {
			t.Errorf("%s %s: %d %s", r.method, r.path, a.status, a.body)
		}
	}
	if a := do(t, nil, s, req{method: "GET", path: "/health"}); a.status != 200 || a.json["error"] == "" {
		t.Errorf("health without a project: %d %s", a.status, a.body)
	}
}

func TestKeyIsPersisted(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	open := func() *core.Engine {
		eng, err := core.Open(core.Options{DataDir: data, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
	eng := open()
	k1, err := bridge.KeyFor(ctx, eng)
	if err != nil || len(k1) != 32 {
		t.Fatalf("KeyFor: %q %v", k1, err)
	}
	if k, _ := bridge.KeyFor(ctx, eng); k != k1 {
		t.Errorf("KeyFor again: %q, want %q", k, k1)
	}
	eng.Close()
	eng = open()
	defer eng.Close()
	if k, _ := bridge.KeyFor(ctx, eng); k != k1 {
		t.Errorf("KeyFor after reopening: %q, want %q", k, k1)
	}
	k2, err := bridge.NewKey(ctx, eng)
	if err != nil || k2 == k1 || len(k2) != 32 {
		t.Fatalf("NewKey: %q %v", k2, err)
	}
	if k, _ := bridge.KeyFor(ctx, eng); k != k2 {
		t.Errorf("KeyFor after NewKey: %q, want %q", k, k2)
	}
	if err := eng.SetSetting(ctx, bridge.SettingKey, "short"); err != nil {
		t.Fatal(err)
	}
	if k, _ := bridge.KeyFor(ctx, eng); len(k) != 32 || k == k2 {
		t.Errorf("KeyFor over a damaged key: %q", k)
	}
}

func TestSnippet(t *testing.T) {
	s := bridge.Snippet("http://127.0.0.1:4000", "0123456789abcdef0123456789abcdef")
	if !strings.Contains(s, `const BGFETCH_BRIDGE = { url: "http://127.0.0.1:4000", key: "0123456789abcdef0123456789abcdef", replace: false };`) {
		t.Errorf("url and key not filled in:\n%s", s)
	}
	for _, want := range []string{"reportAnalytics", "reportEvent", "getBackgroundFetchData", "getCurrentPages", "native.request", "my.request", "fetch("} {
		if !strings.Contains(s, want) {
			t.Errorf("the snippet lacks %s", want)
		}
	}
	// The README shows the snippet verbatim.
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile("../../assets/bridge/bgfetch-bridge.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, js) {
		t.Error("README.md does not hold assets/bridge/bgfetch-bridge.js verbatim; copy it into the Bridge section")
	}
}

func TestSavedOrigins(t *testing.T) {
	ctx := context.Background()
	eng, err := core.Open(core.Options{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if o, err := bridge.SavedOrigins(ctx, eng); err != nil || len(o) != 0 {
		t.Fatalf("nothing saved: %q %v", o, err)
	}
	got, err := bridge.SaveOrigins(ctx, eng, " http://192.168.1.5:10086/，HTTPS://My-H5.example\nhttp://192.168.1.5:10086")
	if want := []string{"http://192.168.1.5:10086", "https://my-h5.example"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("SaveOrigins: %q %v, want %q", got, err, want)
	}
	if o, _ := bridge.SavedOrigins(ctx, eng); !slices.Equal(o, got) {
		t.Errorf("SavedOrigins: %q, want %q", o, got)
	}
	if _, err := bridge.SaveOrigins(ctx, eng, "http://ok.example, ftp://x/y"); err == nil || !strings.Contains(err.Error(), "ftp://x/y") {
		t.Errorf("a bad origin: %v", err)
	}
	if o, _ := bridge.SavedOrigins(ctx, eng); !slices.Equal(o, got) {
		t.Errorf("a bad list changed the saved one: %q", o)
	}
	if got, err = bridge.SaveOrigins(ctx, eng, ""); err != nil || len(got) != 0 {
		t.Errorf("clearing: %q %v", got, err)
	}
}
