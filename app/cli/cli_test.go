package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type run struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Version: "test"})
	return run{code, out.String(), errb.String()}
}

// fixture is a project folder, a data folder and a developer server.
type fixture struct {
	dir, data string
	srv       *httptest.Server
}

func newFixture(t *testing.T, cfg func(base string) string) *fixture {
	f := &fixture{dir: t.TempDir(), data: t.TempDir()}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/fail":
			http.Error(w, "boom", http.StatusBadGateway)
		case "/big":
			_, _ = w.Write(bytes.Repeat([]byte("x"), 262145))
		default:
			fmt.Fprintf(w, `{"path":%q,"query":%q}`, r.URL.Path, r.URL.RawQuery)
		}
	}))
	t.Cleanup(f.srv.Close)
	write(t, filepath.Join(f.dir, "project.config.json"), `{"appid": "wxcli", "setting": {}}`)
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), cfg(f.srv.URL))
	return f
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) run(t *testing.T, args ...string) run {
	return runCLI(t, append(args, "--project", f.dir, "--data", f.data)...)
}

func okConfig(base string) string {
	return fmt.Sprintf(`{"token": "tk", "periodic": {"url": %q}, "prefetch": {"url": %q, "path": "pages/i", "scene": 1011}}`,
		base+"/p?own=1", base+"/pre")
}

func TestPullJSON(t *testing.T) {
	f := newFixture(t, okConfig)
	r := f.run(t, "pull", "--json", "--include-secrets") // the token as sent; TestTheTokenIsMaskedInEveryOutput masks it
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	if a.FetchType != "periodic" || a.Method != "GET" || !a.Cached || a.Status != 200 || a.Reason != "" || a.Error != "" {
		t.Errorf("attempt %+v", a)
	}
	if !strings.HasPrefix(a.URL, f.srv.URL+"/p?own=1&appid=wxcli&token=tk&timestamp=") {
		t.Errorf("url %s", a.URL)
	}
	if len(a.Query) != 3 || a.Query["appid"] != "wxcli" || a.Query["token"] != "tk" || a.Query["own"] != "" {
		t.Errorf("query %v: want only the parameters the tool added", a.Query)
	}
	// Every documented field is present, including empty ones.
	var raw map[string]any
	_ = json.Unmarshal([]byte(r.stdout), &raw)
	for _, k := range []string{"fetchType", "method", "url", "query", "status", "durationMs", "bytes", "cached", "reason", "warnings", "error"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
}

func TestExitStatuses(t *testing.T) {
	tests := []struct {
		name   string
		cfg    func(base string) string
		args   []string
		code   int
		stderr string
	}{
		{"cached", okConfig, []string{"pull"}, ExitOK, ""},
		{"502 is not cached", func(b string) string { return `{"token": "t", "periodic": {"url": "` + b + `/fail"}}` },
			[]string{"pull"}, ExitFailed, "HTTP 502"},
		{"over 256KB", func(b string) string { return `{"token": "t", "periodic": {"url": "` + b + `/big"}}` },
			[]string{"pull"}, ExitFailed, "256KB"},
		{"token not set", func(b string) string { return `{"periodic": {"url": "` + b + `/p"}}` },
			[]string{"pull"}, ExitFailed, "token not set, maybe you should setBackgroundFetchToken first"},
		{"refused", func(string) string { return `{"token": "t", "periodic": {"url": "http://127.0.0.1:1/x"}}` },
			[]string{"pull"}, ExitFailed, "connection refused"},
		{"invalid config", func(string) string { return `{"periodc": {}}` }, []string{"pull"}, ExitUsage, `did you mean "periodic"`},
		{"half-written config", func(string) string { return `{"token": ` }, []string{"get", "--type", "pre"}, ExitUsage, "bgfetch.config.json:1:"},
		{"unknown flag", okConfig, []string{"pull", "--nope"}, ExitUsage, "flag provided but not defined"},
		{"bad type", okConfig, []string{"get", "--type", "weekly"}, ExitUsage, "--type must be"},
		{"bad os", okConfig, []string{"get", "--type", "pre", "--os", "harmony"}, ExitUsage, "--os must be"},
		{"nothing cached on android", okConfig, []string{"get", "--type", "periodic"}, ExitFailed, "fail callback"},
		{"nothing cached on ios", okConfig, []string{"get", "--type", "periodic", "--os", "ios"}, ExitOK, "success callback"},
		{"prefetch", okConfig, []string{"prefetch", "--path", "pages/x", "--scene", "1047"}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.cfg)
			r := f.run(t, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d stderr %q, want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
			if tt.code == ExitFailed && tt.args[0] == "pull" && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("want one line on stderr, got %q", r.stderr)
			}
		})
	}
	if r := runCLI(t, "frobnicate"); r.code != ExitUsage {
		t.Errorf("unknown verb: exit %d", r.code)
	}
}

func TestGetJSONIsThePlatformObject(t *testing.T) {
	f := newFixture(t, okConfig)
	if r := f.run(t, "prefetch", "--query", "a=1"); r.code != ExitOK {
		t.Fatalf("prefetch: %d %s", r.code, r.stderr)
	}
	r := f.run(t, "get", "--type", "pre", "--json")
	if r.code != ExitOK {
		t.Fatalf("get: %d %s", r.code, r.stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 || got["errMsg"] != "getBackgroundFetchData:ok" || got["path"] != "pages/i" || got["query"] != "a=1" ||
		got["scene"] != float64(1011) {
		t.Errorf("get --json = %v", got)
	}
	ts, _ := got["timeStamp"].(float64)
	if d := time.Since(time.UnixMilli(int64(ts))); d < 0 || d > time.Minute {
		t.Errorf("timeStamp %v is not a recent ms time", got["timeStamp"])
	}
	if s, _ := got["fetchedData"].(string); !strings.Contains(s, `"path":"/pre"`) {
		t.Errorf("fetchedData %q", got["fetchedData"])
	}
}

func TestHistoryAndClear(t *testing.T) {
	f := newFixture(t, okConfig)
	for range 3 {
		f.run(t, "pull")
	}
	f.run(t, "prefetch")
	r := f.run(t, "history", "--json", "--type", "periodic", "--limit", "2")
	var h struct {
		Total    int64         `json:"total"`
		Attempts []AttemptJSON `json:"attempts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || h.Total != 3 || len(h.Attempts) != 2 || h.Attempts[0].ID <= h.Attempts[1].ID {
		t.Fatalf("history: %v %+v", err, h)
	}
	if r = f.run(t, "history"); !strings.Contains(r.stdout, "periodic") || !strings.Contains(r.stdout, "pre ") {
		t.Errorf("history text:\n%s", r.stdout)
	}
	if r = f.run(t, "clear", "--type", "periodic"); !strings.Contains(r.stdout, "cleared 1 cached body") {
		t.Errorf("clear: %q", r.stdout)
	}
	if r = f.run(t, "get", "--type", "pre"); r.code != ExitOK {
		t.Errorf("clear periodic removed pre: %d", r.code)
	}
	if r = f.run(t, "clear", "--history"); !strings.Contains(r.stdout, "deleted 4 recorded attempts") {
		t.Errorf("clear --history: %q", r.stdout)
	}
	if r = f.run(t, "history"); !strings.Contains(r.stdout, "no attempts recorded") {
		t.Errorf("after clear: %q", r.stdout)
	}
}

func TestDataFromEnvironment(t *testing.T) {
	f := newFixture(t, okConfig)
	t.Setenv("BGFETCH_DATA", f.data)
	if r := runCLI(t, "pull", "--project", f.dir); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(filepath.Join(f.data, "bgfetch.db")); err != nil {
		t.Errorf("database not in $BGFETCH_DATA: %v", err)
	}
}

func TestWatchPrintsReloads(t *testing.T) {
	f := newFixture(t, okConfig)
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- Run(ctx, []string{"watch", "--project", f.dir, "--data", f.data}, Env{Stdout: out, Stderr: out})
	}()
	waitFor(t, out, "watching")
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), `{"token": `)
	waitFor(t, out, "error: bgfetch.config.json:1:")
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), okConfig("https://changed.example"))
	waitFor(t, out, "reloaded: appid wxcli, weapp, token set, periodic https://changed.example/p?own=1")
	cancel()
	if code := <-done; code != ExitOK {
		t.Errorf("watch exit %d: %s", code, out.String())
	}
}

func TestDemoServesTheDemoProject(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- Run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--data", data}, Env{Stdout: out, Stderr: out})
	}()
	waitFor(t, out, "try:")
	dir := filepath.Join(data, "demo-project")
	r := runCLI(t, "pull", "--project", dir, "--data", data, "--json", "--include-secrets")
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || !a.Cached || a.Query["token"] != "demo-token" {
		t.Errorf("pull from the demo server: %v %+v %s", err, a, r.stderr)
	}
	if r = runCLI(t, "prefetch", "--project", dir, "--data", data); r.code != ExitOK {
		t.Errorf("demo prefetch: %s", r.stderr)
	}
	cancel()
	<-done
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func waitFor(t *testing.T, b *syncBuffer, s string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(b.String(), s) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("output never said %q:\n%s", s, b.String())
}

func TestScheduleColdStartAndGray(t *testing.T) {
	f := newFixture(t, func(b string) string {
		return `{"token": "tk", "periodic": {"url": "` + b + `/p", "gray": {"url": "` + b + `/g", "percent": 30}},
  "prefetch": {"url": "` + b + `/pre"}, "user": {"openid": "o1"}}`
	})
	write(t, filepath.Join(f.dir, "project.config.json"), `{"appid": "wxcli", "setting": {"preloadBackgroundData": true}}`)
	r := f.run(t, "schedule", "--speed", "max", "--for", "3d", "--json")
	var s struct {
		Events []ScheduleEventJSON `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || r.code != ExitOK {
		t.Fatalf("schedule: %d %v %s", r.code, err, r.stderr)
	}
	pulls := 0
	for _, ev := range s.Events {
		if ev.Kind == "attempt" {
			pulls++
		}
	}
	if pulls != 6 {
		t.Errorf("%d pulls in 3 days, want 6", pulls)
	}
	if r = f.run(t, "schedule", "--speed", "max", "--for", "2d", "--away", "8d"); !strings.Contains(r.stdout, "over 7 days") || strings.Contains(r.stdout, "pull 200") {
		t.Errorf("away user:\n%s", r.stdout)
	}
	for _, bad := range [][]string{{"--speed", "0"}, {"--speed", "-3"}, {"--for", "soon"}, {"--retry", "0"}} {
		if r = f.run(t, append([]string{"schedule"}, bad...)...); r.code != ExitUsage {
			t.Errorf("schedule %v: exit %d", bad, r.code)
		}
	}
	r = f.run(t, "coldstart", "--delay", "300ms", "--listener-at", "1s", "--os", "ios", "--json")
	var cs struct {
		ListenerFires bool   `json:"listenerFires"`
		GetCallback   string `json:"getCallback"`
		ArrivedMs     int64  `json:"arrivedMs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil || cs.ListenerFires || cs.GetCallback != "success" || cs.ArrivedMs < 300 {
		t.Errorf("coldstart: %v %+v %s", err, cs, r.stderr)
	}
	r = f.run(t, "gray", "--users", "1000", "--json")
	var g struct{ Gray, Main int }
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil || g.Gray+g.Main != 1000 || g.Gray < 200 || g.Gray > 400 {
		t.Errorf("gray: %v %+v", err, g)
	}
	if r = f.run(t, "gray", "--type", "pre"); r.code != ExitUsage || !strings.Contains(r.stderr, "prefetch.gray.url") {
		t.Errorf("gray without an address: %d %s", r.code, r.stderr)
	}
}

func TestClearHistoryOfOneTypeKeepsTheOthers(t *testing.T) {
	f := newFixture(t, okConfig)
	f.run(t, "prefetch")
	f.run(t, "pull")
	if r := f.run(t, "clear", "--type", "periodic", "--history"); r.code != ExitOK || !strings.Contains(r.stdout, "deleted 1 recorded attempt") {
		t.Fatalf("clear: %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r := f.run(t, "get", "--type", "pre"); r.code != ExitOK {
		t.Errorf("the cached prefetch body went with the periodic history: %s", r.stdout)
	}
	if r := f.run(t, "history", "--type", "pre"); !strings.Contains(r.stdout, "pre ") {
		t.Errorf("the prefetch attempt went too:\n%s", r.stdout)
	}
}

// The schedule runs in the simulation store: afterwards a real pull carries the wall clock's timestamp,
// and the real history holds only it; history --sim lists the schedule's attempts, marked simulated.
func TestScheduleKeepsItsAttemptsApart(t *testing.T) {
	var mu sync.Mutex
	var stamps []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		stamps = append(stamps, r.URL.Query().Get("timestamp"))
		mu.Unlock()
		fmt.Fprintf(w, `{"ts":%q}`, r.URL.Query().Get("timestamp"))
	}))
	t.Cleanup(srv.Close)
	f := &fixture{dir: t.TempDir(), data: t.TempDir(), srv: srv}
	write(t, filepath.Join(f.dir, "project.config.json"), `{"appid": "wxcli", "setting": {}}`)
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), okConfig(srv.URL))

	r := f.run(t, "schedule", "--speed", "max", "--for", "2d")
	simDB := filepath.Join(f.data, "bgfetch-sim.db")
	if r.code != ExitOK || !strings.Contains(r.stdout, "kept in "+simDB) {
		t.Fatalf("schedule: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.run(t, "schedule", "--speed", "max", "--for", "12h", "--json")
	var sched struct {
		Simulated bool                `json:"simulated"`
		Store     string              `json:"store"`
		Events    []ScheduleEventJSON `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sched); err != nil || !sched.Simulated || sched.Store != simDB {
		t.Fatalf("schedule --json: %v %+v", err, sched)
	}
	mu.Lock()
	scheduled := len(stamps)
	mu.Unlock()
	if scheduled != 5 { // 4 in 2 days, and 1 in the second run (the first run's last update is dated ahead: due now)
		t.Fatalf("%d scheduled requests, want 5", scheduled)
	}

	r = f.run(t, "pull", "--json")
	now := time.Now()
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || r.code != ExitOK {
		t.Fatalf("pull: %d %v %s", r.code, err, r.stderr)
	}
	mu.Lock()
	sent := stamps[len(stamps)-1]
	mu.Unlock()
	if sent != a.Query["timestamp"] {
		t.Errorf("the server got timestamp %s, the attempt says %s", sent, a.Query["timestamp"])
	}
	var ms int64
	fmt.Sscan(sent, &ms)
	if d := time.UnixMilli(ms).Sub(now); d > 5*time.Second || d < -5*time.Second {
		t.Errorf("the real pull's timestamp is %s from now", d)
	}
	at, _ := time.Parse(time.RFC3339Nano, a.Time)
	if d := at.Sub(now); d > 5*time.Second || d < -5*time.Second {
		t.Errorf("the real attempt started %s from now", d)
	}

	var real struct {
		Simulated bool          `json:"simulated"`
		Total     int64         `json:"total"`
		Attempts  []AttemptJSON `json:"attempts"`
	}
	r = f.run(t, "history", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &real); err != nil || real.Total != 1 || len(real.Attempts) != 1 || real.Attempts[0].ID != a.ID || real.Simulated {
		t.Errorf("real history: %v %+v", err, real)
	}
	var sim struct {
		Simulated bool          `json:"simulated"`
		Store     string        `json:"store"`
		Total     int64         `json:"total"`
		Attempts  []AttemptJSON `json:"attempts"`
	}
	r = f.run(t, "history", "--sim", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &sim); err != nil || !sim.Simulated || sim.Store != simDB || sim.Total != 5 || len(sim.Attempts) != 5 {
		t.Errorf("history --sim: %v %+v", err, sim)
	}
	r = f.run(t, "history", "--sim")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 6 {
		t.Errorf("history --sim printed %d lines, want a header and 5 attempts:\n%s", len(lines), r.stdout)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "[sim] ") {
			t.Errorf("unmarked line %q", l)
		}
	}
	if r = f.run(t, "history"); strings.Contains(r.stdout, "[sim]") || len(strings.Split(strings.TrimSpace(r.stdout), "\n")) != 1 {
		t.Errorf("real history:\n%s", r.stdout)
	}

	// get reads the real cache (the real pull's body), --sim the simulation's (its last update's body).
	type wx struct {
		FetchedData string `json:"fetchedData"`
		TimeStamp   int64  `json:"timeStamp"`
	}
	var got wx
	if r = f.run(t, "get", "--type", "periodic", "--json"); r.code != ExitOK || strings.Contains(r.stderr, "[sim]") {
		t.Errorf("get: %d %s", r.code, r.stderr)
	}
	_ = json.Unmarshal([]byte(r.stdout), &got)
	if d := time.UnixMilli(got.TimeStamp).Sub(now); d > 5*time.Second || d < -5*time.Second || got.FetchedData != fmt.Sprintf(`{"ts":%q}`, sent) {
		t.Errorf("getBackgroundFetchData: %+v, timeStamp %s from now; want the real pull's body", got, d)
	}
	got = wx{}
	r = f.run(t, "get", "--type", "periodic", "--sim", "--json")
	_ = json.Unmarshal([]byte(r.stdout), &got)
	if r.code != ExitOK || !strings.Contains(r.stderr, "[sim]") || got.FetchedData != fmt.Sprintf(`{"ts":%q}`, sim.Attempts[0].Query["timestamp"]) {
		t.Errorf("get --sim: %d %s %+v; want the last simulated update's body", r.code, r.stderr, got)
	}
	if r = f.run(t, "history", "--sim", "--rerun", "1"); r.code != ExitUsage {
		t.Errorf("history --sim --rerun: exit %d", r.code)
	}
}
