package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const cliAnalytics = `{"events": [{"id": "buy", "name": "购买", "fields": [{"name": "price", "type": "number"}], "actions": []}]}`

// runBridge runs `bgfetch bridge` in the background until the returned stop is called, which returns
// the exit status.
func runBridge(t *testing.T, f *fixture, out *syncBuffer, args ...string) (stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"bridge", "--project", f.dir, "--data", f.data, "--addr", "127.0.0.1:0"}, args...),
			Env{Stdout: out, Stderr: out})
	}()
	stopped := false
	var code int
	stop = func() int {
		if !stopped {
			stopped = true
			cancel()
			code = <-done
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return stop
}

func postReport(t *testing.T, url, key, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/report", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-BgFetch-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("answer %s: %v", b, err)
	}
	return resp.StatusCode, m
}

func TestBridgeVerb(t *testing.T) {
	f := newFixture(t, okConfig)
	write(t, filepath.Join(f.dir, "bgfetch.analytics.json"), cliAnalytics)
	out := &syncBuffer{}
	stop := runBridge(t, f, out)
	waitFor(t, out, "or try:")
	m := regexp.MustCompile(`bridge on (http://127\.0\.0\.1:\d+) for wxcli .*\nkey: ([0-9a-f]{32})\n`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("the first lines should give the URL and the key:\n%s", out.String())
	}
	url, key := m[1], m[2]
	if !strings.Contains(out.String(), "bgfetch bridge --snippet --addr "+strings.TrimPrefix(url, "http://")) {
		t.Errorf("the snippet hint should name the address:\n%s", out.String())
	}

	if code, a := postReport(t, url, key, `{"event": "buy", "data": {"price": 3}, "page": "pages/a/a", "trigger": "click"}`); code != 200 || a["matched"] != "buy" {
		t.Errorf("report: %d %v", code, a)
	}
	if code, _ := postReport(t, url, key, `{"event": "sell", "data": {}}`); code != 200 {
		t.Errorf("unconfigured report: %d", code)
	}
	if code, a := postReport(t, url, "wrong", `{"event": "buy"}`); code != 401 {
		t.Errorf("wrong key: %d %v", code, a)
	}
	waitFor(t, out, "sell")
	lines := out.String()
	if !regexp.MustCompile(`\d\d:\d\d:\d\d\.\d{3}  buy +pages/a/a +click +ok\n`).MatchString(lines) ||
		!regexp.MustCompile(`sell +- +from code +the event is not configured`).MatchString(lines) {
		t.Errorf("report lines:\n%s", lines)
	}
	if code := stop(); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "bridge stopped: 2 reports accepted (1 flagged), 1 request refused") {
		t.Errorf("the last line should sum up:\n%s", out.String())
	}
	if _, err := http.Get(url + "/health"); err == nil {
		t.Error("the bridge still answers after Ctrl-C")
	}

	// The key is kept: the next run (and its snippet) uses the same one; --new-key changes it.
	r := f.run(t, "bridge", "--snippet", "--addr", "127.0.0.1:4555")
	if r.code != ExitOK || !strings.Contains(r.stdout, `url: "http://127.0.0.1:4555", key: "`+key+`"`) {
		t.Errorf("--snippet: %d %s\n%s", r.code, r.stderr, r.stdout)
	}
	r = f.run(t, "bridge", "--snippet", "--new-key")
	if r.code != ExitOK || strings.Contains(r.stdout, key) || !strings.Contains(r.stdout, `url: "http://127.0.0.1:17878"`) {
		t.Errorf("--snippet --new-key kept the key or lost the default address:\n%s", r.stdout)
	}
}

func TestBridgeVerbJSON(t *testing.T) {
	f := newFixture(t, okConfig)
	write(t, filepath.Join(f.dir, "bgfetch.analytics.json"), cliAnalytics)
	out := &syncBuffer{}
	stop := runBridge(t, f, out, "--json")
	waitFor(t, out, "\n")
	var first struct{ URL, Key string }
	if err := json.Unmarshal([]byte(strings.SplitN(out.String(), "\n", 2)[0]), &first); err != nil || first.URL == "" || first.Key == "" {
		t.Fatalf("first line %q: %v", out.String(), err)
	}
	for _, body := range []string{`{"eventId": "buy", "data": {"price": 1}}`, `{"eventName": "购买", "data": {"price": "x"}}`} {
		if code, a := postReport(t, first.URL, first.Key, body); code != 200 {
			t.Fatalf("report %s: %d %v", body, code, a)
		}
	}
	waitFor(t, out, `"reportAnalytics"`)
	if code := stop(); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	sc.Scan() // the first line
	var reps []BridgeReportJSON
	for sc.Scan() {
		var r BridgeReportJSON
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q is not a report: %v", sc.Text(), err)
		}
		reps = append(reps, r)
	}
	if len(reps) != 2 || reps[0].API != "reportEvent" || reps[0].Matched != "buy" || string(reps[0].Data) != `{"price":1}` ||
		len(reps[0].Problems) != 0 || reps[1].API != "reportAnalytics" || len(reps[1].Problems) != 1 || reps[0].ID >= reps[1].ID {
		t.Errorf("reports %+v", reps)
	}
}

func TestBridgeVerbErrors(t *testing.T) {
	f := newFixture(t, okConfig)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	_, port, _ := net.SplitHostPort(busy)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"a busy port", []string{"--addr", busy}, ExitFailed, "port " + port + " on 127.0.0.1 is already in use"},
		{"not loopback", []string{"--addr", "0.0.0.0:17878"}, ExitUsage, "loopback only"},
		{"a bad origin", []string{"--addr", "127.0.0.1:0", "--allow-origin", "evil.example"}, ExitUsage, "scheme://host"},
		{"an argument", []string{"now"}, ExitUsage, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, append([]string{"bridge"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
		})
	}
	r := f.run(t, "bridge", "--addr", busy)
	if !strings.Contains(r.stderr, "--addr") {
		t.Errorf("a busy port should say how to pick another: %s", r.stderr)
	}
	empty := runCLI(t, "bridge", "--project", t.TempDir(), "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	if empty.code != ExitUsage {
		t.Errorf("a folder without a project: exit %d, %s", empty.code, empty.stderr)
	}
}
