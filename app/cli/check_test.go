package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bgfetch/devtools/app/core"
)

// checkServer is the developer's server for the check tests: /p and /pre answer JSON, /gray too; /fail
// answers 500, /big 300KB, /badjson a body that starts like JSON and is not, /ctjson text that says it is
// JSON. It counts the requests and keeps the tokens it received.
type checkServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newCheckServer(t *testing.T) *checkServer {
	s := &checkServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		switch r.URL.Path {
		case "/fail":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "/big":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write(bytes.Repeat([]byte("x"), 300*1024))
		case "/badjson":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte(`{"items": [1, 2,]}`))
		case "/ctjson":
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write([]byte(`ok`))
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte(`plain text is fine`))
		default:
			w.Header().Set("Content-Type", "application/json")
			// The token echoed back, so that masking is tested on the reasons too.
			fmt.Fprintf(w, `{"path":%q,"token":%q}`, r.URL.Path, r.URL.Query().Get("token"))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// checkProject writes a WeChat project folder with cfg as bgfetch.config.json.
func checkProject(t *testing.T, cfg string) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "project.config.json"), `{"appid": "wxcheck", "setting": {}}`)
	write(t, filepath.Join(dir, "bgfetch.config.json"), cfg)
	return dir
}

func checkCfg(periodic, pre string) string {
	return fmt.Sprintf(`{"token": "check-secret-token", "periodic": {"url": %q}, "prefetch": {"url": %q, "path": "pages/i"}}`, periodic, pre)
}

// checkJSON runs check --json and decodes its array.
func checkJSON(t *testing.T, args ...string) (run, []core.ContractCase) {
	t.Helper()
	r := runCLI(t, append([]string{"check", "--json"}, args...)...)
	var cases []core.ContractCase
	if r.code != ExitUsage {
		if err := json.Unmarshal([]byte(r.stdout), &cases); err != nil {
			t.Fatalf("stdout is not a JSON array of cases: %v\n%s\n%s", err, r.stdout, r.stderr)
		}
	}
	return r, cases
}

func byName(cases []core.ContractCase) map[string]core.ContractCase {
	m := map[string]core.ContractCase{}
	for _, c := range cases {
		m[c.Name] = c
	}
	return m
}

func TestCheckAllPassWritesJUnit(t *testing.T) {
	srv := newCheckServer(t)
	dir := checkProject(t, checkCfg(srv.URL+"/p?own=1", srv.URL+"/pre"))
	report := filepath.Join(t.TempDir(), "report.xml")
	r := runCLI(t, "check", "--project", dir, "--data", t.TempDir(), "--junit", report)
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// periodic and pre × android and ios × main × normal and tester
	const n = 8
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != n+1 || !strings.HasPrefix(lines[n], "8 cases: 0 passed, 8 with warnings, 0 failed") {
		t.Fatalf("want %d case lines and a summary:\n%s", n, r.stdout)
	}
	for _, want := range []string{"weapp periodic android main normal", "weapp periodic ios main tester", "weapp pre android main tester", "weapp pre ios main normal"} {
		if !strings.Contains(r.stdout, "WARN  "+want+": HTTP 200") {
			t.Errorf("no WARN line for %q (plain HTTP on loopback is a warning):\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "plain HTTP, accepted because 127.0.0.1:") {
		t.Errorf("the warning does not say why plain HTTP was let through:\n%s", r.stdout)
	}
	if got := srv.hits.Load(); got != n {
		t.Errorf("the server got %d requests, want %d (one per case)", got, n)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var x struct {
		XMLName xml.Name `xml:"testsuites"`
		Tests   int      `xml:"tests,attr"`
		Suites  []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name      string    `xml:"name,attr"`
				Classname string    `xml:"classname,attr"`
				Failure   *struct{} `xml:"failure"`
				SystemOut string    `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &x); err != nil {
		t.Fatalf("the JUnit file is not valid XML: %v\n%s", err, data)
	}
	if x.Tests != n || len(x.Suites) != 1 || x.Suites[0].Tests != n || len(x.Suites[0].Cases) != n {
		t.Fatalf("want one suite of %d testcases:\n%s", n, data)
	}
	for _, c := range x.Suites[0].Cases {
		if c.Failure != nil || !strings.Contains(c.SystemOut, "WARN: plain HTTP") || !strings.HasPrefix(c.Classname, "bgfetch.weapp.") {
			t.Errorf("testcase %+v", c)
		}
	}
	if bytes.Contains(data, []byte("check-secret-token")) || !bytes.Contains(data, []byte(core.Masked)) {
		t.Errorf("the JUnit file does not mask the token:\n%s", data)
	}
}

func TestCheckServerErrorFailsThatFetchType(t *testing.T) {
	srv := newCheckServer(t)
	dir := checkProject(t, checkCfg(srv.URL+"/p", srv.URL+"/fail"))
	r, cases := checkJSON(t, "--project", dir, "--data", t.TempDir())
	if r.code != ExitFailed {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if len(cases) != 8 {
		t.Fatalf("%d cases: %+v", len(cases), cases)
	}
	for _, c := range cases {
		want := core.CheckWarn
		if c.FetchType == "pre" {
			want = core.CheckFail
		}
		if c.Verdict != want {
			t.Errorf("%s: %s (%s), want %s", c.Name, c.Verdict, c.Reason, want)
		}
		if c.FetchType == "pre" && (c.Status != 500 || !strings.Contains(c.Reason, "HTTP 500")) {
			t.Errorf("%s: status %d reason %q", c.Name, c.Status, c.Reason)
		}
	}
	// The text form says it on the case's line.
	txt := runCLI(t, "check", "--project", dir, "--data", t.TempDir())
	if txt.code != ExitFailed || !strings.Contains(txt.stdout, "FAIL  weapp pre android main normal: HTTP 500: the platform caches only 2xx responses") ||
		!strings.Contains(txt.stdout, "8 cases: 0 passed, 4 with warnings, 4 failed") {
		t.Errorf("exit %d:\n%s", txt.code, txt.stdout)
	}
}

func TestCheckBodyRules(t *testing.T) {
	srv := newCheckServer(t)
	tests := []struct {
		path, verdict, reason string
	}{
		{"/big", core.CheckFail, "the body is 307200 bytes, over the 262144-byte (256KB) limit"},
		{"/badjson", core.CheckFail, "invalid JSON (the body starts with {)"},
		{"/ctjson", core.CheckFail, "invalid JSON (Content-Type is application/json; charset=utf-8)"},
		{"/text", core.CheckWarn, "HTTP 200 · 18 B"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			dir := checkProject(t, fmt.Sprintf(`{"token": "t", "periodic": {"url": %q}}`, srv.URL+tt.path))
			r, cases := checkJSON(t, "--project", dir)
			m := byName(cases)
			c, ok := m["weapp periodic android main normal"]
			if !ok {
				t.Fatalf("no periodic case: %+v", cases)
			}
			if c.Verdict != tt.verdict || !strings.Contains(c.Reason, tt.reason) {
				t.Errorf("%s %q, want %s %q", c.Verdict, c.Reason, tt.verdict, tt.reason)
			}
			// No prefetch address: a warning case, not a failure.
			if pre := m["weapp pre"]; pre.Verdict != core.CheckWarn || !strings.Contains(pre.Reason, "no prefetch address is configured") {
				t.Errorf("weapp pre: %+v", pre)
			}
			want := ExitOK
			if tt.verdict == core.CheckFail {
				want = ExitFailed
			}
			if r.code != want {
				t.Errorf("exit %d, want %d", r.code, want)
			}
		})
	}
}

func TestCheckHTTPSRuleAndGrayscale(t *testing.T) {
	srv := newCheckServer(t)
	// A grayscale address at 30%: normal users get either address, testers only the grayscale one. The
	// grayscale address is not loopback and plain HTTP: a failure (nothing listens there; the address is
	// judged before the answer).
	cfg := fmt.Sprintf(`{"token": "t", "periodic": {"url": %q, "gray": {"url": "http://192.0.2.1:9/g", "percent": 30}}, "timeoutMs": 300}`, srv.URL+"/p")
	dir := checkProject(t, cfg)
	r, cases := checkJSON(t, "--project", dir)
	if r.code != ExitFailed {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	m := byName(cases)
	for _, name := range []string{"weapp periodic android main normal", "weapp periodic ios main normal"} {
		if c := m[name]; c.Verdict != core.CheckWarn {
			t.Errorf("%s: %+v", name, c)
		}
	}
	for _, name := range []string{"weapp periodic android gray normal", "weapp periodic android gray tester", "weapp periodic ios gray tester"} {
		if c := m[name]; c.Verdict != core.CheckFail || !strings.Contains(c.Reason, "plain HTTP to 192.0.2.1:9") {
			t.Errorf("%s: %+v", name, c)
		}
	}
	if _, ok := m["weapp periodic android main tester"]; ok {
		t.Errorf("a tester never gets the main address when a grayscale one is configured: %+v", cases)
	}
}

func TestCheckPlatforms(t *testing.T) {
	srv := newCheckServer(t)
	dir := checkProject(t, checkCfg(srv.URL+"/p", srv.URL+"/pre"))
	r := runCLI(t, "check", "--project", dir, "--platform", "nope")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "weapp, qq or alipay, or all") || r.stdout != "" {
		t.Errorf("--platform nope: exit %d\n%s", r.code, r.stderr)
	}
	if srv.hits.Load() != 0 {
		t.Errorf("bad usage sent %d requests", srv.hits.Load())
	}
	write(t, filepath.Join(dir, "preload.json"), fmt.Sprintf(`[{"fetchType": "pre", "params": {"url": %q, "data": {"a": 1}}}]`, srv.URL+"/alipay"))
	r, cases := checkJSON(t, "--project", dir, "--platform", "all")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s\n%+v", r.code, r.stderr, cases)
	}
	m := byName(cases)
	// weapp and qq: 8 each; alipay: preload.json and pre on android and ios (no grayscale, no user).
	if len(cases) != 8+8+3 {
		t.Errorf("%d cases", len(cases))
	}
	for _, name := range []string{"qq periodic ios main tester", "alipay pre android main", "alipay pre ios main", "alipay preload.json"} {
		if _, ok := m[name]; !ok {
			t.Errorf("no case %q", name)
		}
	}
	if c := m["alipay preload.json"]; c.Verdict != core.CheckPass || !strings.Contains(c.Reason, "within Alipay's 2048") {
		t.Errorf("preload.json: %+v", c)
	}
	if c := m["alipay pre android main"]; !strings.Contains(c.URL, "/alipay?appId=wxcheck&timestamp=") || !strings.Contains(c.URL, "&a=1") {
		t.Errorf("alipay pre URL %s", c.URL)
	}
}

func TestCheckWritesNoHistoryNorCache(t *testing.T) {
	srv := newCheckServer(t)
	dir := checkProject(t, checkCfg(srv.URL+"/p", srv.URL+"/pre"))
	data := t.TempDir()
	if r := runCLI(t, "pull", "--project", dir, "--data", data); r.code != ExitOK {
		t.Fatalf("pull: %d %s", r.code, r.stderr)
	}
	count := func() (int64, string) {
		r := runCLI(t, "history", "--json", "--project", dir, "--data", data)
		var h struct {
			Total int64 `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &h); err != nil {
			t.Fatal(err)
		}
		g := runCLI(t, "get", "--type", "periodic", "--json", "--project", dir, "--data", data, "--include-secrets")
		return h.Total, g.stdout
	}
	before, cachedBefore := count()
	write(t, filepath.Join(dir, "bgfetch.config.json"), checkCfg(srv.URL+"/other", srv.URL+"/pre")) // a check would cache another body
	if r := runCLI(t, "check", "--project", dir, "--data", data); r.code != ExitOK {
		t.Fatalf("check: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	after, cachedAfter := count()
	if before != 1 || after != before {
		t.Errorf("history had %d attempts before check and %d after", before, after)
	}
	if cachedAfter != cachedBefore {
		t.Errorf("check changed the cache:\n%s\n%s", cachedBefore, cachedAfter)
	}
	// A fresh data folder stays empty: check opens no database.
	fresh := t.TempDir()
	if r := runCLI(t, "check", "--project", dir, "--data", fresh); r.code != ExitOK {
		t.Fatalf("check: %d %s", r.code, r.stderr)
	}
	if ents, _ := os.ReadDir(fresh); len(ents) != 0 {
		t.Errorf("check wrote %d files into the data folder", len(ents))
	}
}

func TestCheckMasksTheToken(t *testing.T) {
	srv := newCheckServer(t)
	dir := checkProject(t, checkCfg(srv.URL+"/p", srv.URL+"/fail"))
	for _, jsonOut := range []bool{false, true} {
		args := []string{"check", "--project", dir}
		if jsonOut {
			args = append(args, "--json")
		}
		r := runCLI(t, args...)
		if r.code != ExitFailed || strings.Contains(r.stdout+r.stderr, "check-secret-token") {
			t.Errorf("%v: exit %d, the token leaks:\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
		if jsonOut && !strings.Contains(r.stdout, "token="+core.Masked) {
			t.Errorf("%v: the URL does not show the masked token:\n%s", args, r.stdout)
		}
		r = runCLI(t, append(args, "--include-secrets")...)
		if jsonOut && !strings.Contains(r.stdout, "token=check-secret-token") {
			t.Errorf("%v --include-secrets: no token:\n%s", args, r.stdout)
		}
	}
}

func TestCheckUsage(t *testing.T) {
	if r := runCLI(t, "check", "--project", t.TempDir()); r.code != ExitUsage || !strings.Contains(r.stderr, "not a mini-program project") {
		t.Errorf("no project: exit %d %s", r.code, r.stderr)
	}
	dir := checkProject(t, `{"token": "t"}`)
	if r := runCLI(t, "check", "--project", dir); r.code != ExitUsage || !strings.Contains(r.stderr, "nothing to check") {
		t.Errorf("nothing configured: exit %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "check", "--project", dir, "--junit", filepath.Join(t.TempDir(), "no", "such", "dir", "r.xml")); r.code != ExitUsage || !strings.Contains(r.stderr, "--junit") {
		t.Errorf("unwritable --junit: exit %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "help"); !strings.Contains(r.stdout, "bgfetch check") {
		t.Errorf("help does not list check")
	}
}
