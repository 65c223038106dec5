package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// capture is a loopback developer server that records the query of every request it receives.
type capture struct {
	srv     *httptest.Server
	mu      sync.Mutex
	queries []url.Values
}

func newCapture(t *testing.T) *capture {
	c := &capture{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.queries = append(c.queries, r.URL.Query())
		c.mu.Unlock()
		fmt.Fprint(w, `{"ok":true}`)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *capture) got() []url.Values {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]url.Values(nil), c.queries...)
}

// An Alipay preload.json entry without fetchType is a pre entry (AlipayDocs 数据预拉取: fetchType 必填 否,
// 默认值 pre): prefetch sends it.
func TestAlipayPreloadWithoutFetchTypeIsPre(t *testing.T) {
	c := newCapture(t)
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, "bgfetch.config.json"), `{"appid": "2021000000000000", "platform": "alipay"}`)
	write(t, filepath.Join(dir, "preload.json"), `[{"params": {"url": "`+c.srv.URL+`/pre", "data": {"foo": "bar"}}}]`)
	r := runCLI(t, "prefetch", "--json", "--project", dir, "--data", data)
	if r.code != ExitOK {
		t.Fatalf("exit %d, want %d: %s", r.code, ExitOK, r.stderr)
	}
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatalf("stdout: %v\n%s", err, r.stdout)
	}
	if a.FetchType != "pre" || !a.Cached {
		t.Errorf("attempt %+v", a)
	}
	q := c.got()
	if len(q) != 1 || q[0].Get("appId") != "2021000000000000" || q[0].Get("foo") != "bar" || q[0].Get("timestamp") == "" {
		t.Fatalf("the server got %v, want one GET with appId, timestamp and foo", q)
	}
	g := runCLI(t, "get", "--type", "pre", "--json", "--project", dir, "--data", data)
	if g.code != ExitOK {
		t.Fatalf("get: exit %d: %s", g.code, g.stderr)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(g.stdout), &res); err != nil || res["fetchType"] != "pre" {
		t.Errorf("get --json = %s (%v)", g.stdout, err)
	}
}

// QQ's prefetch sends what QQ's pre_fetch page lists: without a token a code (documented, so no warning
// that it is not), and no customMiniprogramVersion (not listed; the warning says it was left out).
func TestQQPrefetchSendsWhatQQLists(t *testing.T) {
	c := newCapture(t)
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, "bgfetch.config.json"), `{"appid": "1112223334", "platform": "qq",
		"prefetch": {"url": "`+c.srv.URL+`/pre", "path": "pages/i", "customMiniprogramVersion": "1.4.0"}}`)
	r := runCLI(t, "prefetch", "--json", "--project", dir, "--data", data)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	q := c.got()
	if len(q) != 1 {
		t.Fatalf("the server got %d requests, want 1", len(q))
	}
	for _, k := range []string{"appid", "code", "timestamp", "path", "query", "scene"} {
		if !q[0].Has(k) {
			t.Errorf("QQ prefetch did not send %s: %v", k, q[0])
		}
	}
	if q[0].Has("customMiniprogramVersion") || q[0].Has("token") {
		t.Errorf("QQ prefetch sent %v: QQ lists no customMiniprogramVersion, and code replaces the token", q[0])
	}
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	var leftOut, codeWarned bool
	for _, w := range a.Warnings {
		leftOut = leftOut || strings.Contains(w, `customMiniprogramVersion "1.4.0" is not sent`)
		codeWarned = codeWarned || strings.Contains(w, "does not document what its prefetch sends without a token")
	}
	if !leftOut || codeWarned {
		t.Errorf("warnings %q: want the left-out customMiniprogramVersion, and no claim that QQ does not document the code", a.Warnings)
	}
}

// QQ on iOS with nothing cached: the result is WeChat's documented empty success, and the note says it is
// the tool's assumption for QQ; stdout stays the API's object.
func TestQQIOSEmptySuccessIsMarkedAnAssumption(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, "bgfetch.config.json"), `{"appid": "1112223334", "platform": "qq", "token": "t"}`)
	r := runCLI(t, "get", "--type", "periodic", "--os", "ios", "--project", dir, "--data", data)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "the tool's assumption for QQ") || !strings.Contains(r.stderr, "QQ does not document") {
		t.Errorf("stderr %q: want the note to say this is the tool's assumption for QQ", r.stderr)
	}
	j := runCLI(t, "get", "--type", "periodic", "--os", "ios", "--json", "--project", dir, "--data", data)
	var v map[string]any
	if err := json.Unmarshal([]byte(j.stdout), &v); err != nil || len(v) != 6 || v["fetchedData"] != "" || v["errMsg"] != "getBackgroundFetchData:ok" {
		t.Errorf("get --json = %s (%v), want the success object alone", j.stdout, err)
	}
}

// With no periodic address the tool says so and, on WeChat, also gives the platform's own failure
// "-10007 no permission" (WeChat's periodic-data page), in the text output and in --json.
func TestNoAddressShowsThePlatformsFailure(t *testing.T) {
	c := newCapture(t)
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, "project.config.json"), `{"appid": "wxnoaddr", "setting": {}}`)
	write(t, filepath.Join(dir, "bgfetch.config.json"), `{"token": "t", "prefetch": {"url": "`+c.srv.URL+`/pre"}}`)
	r := runCLI(t, "pull", "--project", dir, "--data", data)
	if r.code != ExitFailed {
		t.Fatalf("exit %d, want %d: %s", r.code, ExitFailed, r.stderr)
	}
	for _, want := range []string{"no periodic address is configured", `"-10007 no permission"`, "errno -10007", "set periodic.url"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	j := runCLI(t, "pull", "--json", "--project", dir, "--data", data)
	var a AttemptJSON
	if err := json.Unmarshal([]byte(j.stdout), &a); err != nil {
		t.Fatalf("stdout: %v\n%s", err, j.stdout)
	}
	if a.PlatformErrMsg != "-10007 no permission" || a.PlatformErrno != -10007 || !strings.Contains(a.Error, "no periodic address is configured") {
		t.Errorf("--json: error %q, platformErrMsg %q, platformErrno %d", a.Error, a.PlatformErrMsg, a.PlatformErrno)
	}
	if got := c.got(); len(got) != 0 {
		t.Errorf("the server got %v: nothing should be sent", got)
	}
	// A request that was sent carries no platform failure.
	ok := runCLI(t, "prefetch", "--json", "--project", dir, "--data", data)
	var raw map[string]any
	if err := json.Unmarshal([]byte(ok.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	if _, has := raw["platformErrMsg"]; has || ok.code != ExitOK {
		t.Errorf("prefetch --json (exit %d) = %s", ok.code, ok.stdout)
	}
}

// The documented base-library minimums show in help and in get's text output (stderr; stdout stays the
// API's object), from the engine's one table.
func TestRequirementsInHelpAndGet(t *testing.T) {
	h := runCLI(t, "help")
	for _, want := range []string{
		"WeChat  periodic  requires base library ≥ 2.8.0",
		"QQ      periodic  requires base library ≥ 1.14.0",
		"QQ      pre       requires base library ≥ 1.14.0",
		"Alipay  pre       requires base library ≥ 2.7.11 and client ≥ 10.2.36",
	} {
		if !strings.Contains(h.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if strings.Contains(h.stdout, "WeChat  pre") {
		t.Error("help names a minimum for WeChat's prefetch, which WeChat's page does not give")
	}
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, "bgfetch.config.json"), `{"appid": "1112223334", "platform": "qq", "token": "t"}`)
	r := runCLI(t, "get", "--type", "pre", "--os", "ios", "--project", dir, "--data", data)
	if !strings.Contains(r.stderr, "QQ pre requires base library ≥ 1.14.0") || strings.Contains(r.stdout, "requires") {
		t.Errorf("get: stdout %q stderr %q", r.stdout, r.stderr)
	}
}
