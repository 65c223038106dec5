package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
)

// checkSrv answers /slow after a second (or when the client gives up), /notjson with a body Alipay's
// dataType json cannot parse, and JSON elsewhere; it keeps each request's method and body.
func checkSrv(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var seen []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" "+string(b))
		mu.Unlock()
		switch r.URL.Path {
		case "/slow":
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
			}
		case "/notjson":
			_, _ = w.Write([]byte("hello"))
		default:
			_, _ = w.Write([]byte(`{"ok": true}`))
		}
	}))
	t.Cleanup(s.Close)
	return s, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

func names(cases []ContractCase) map[string]ContractCase {
	m := map[string]ContractCase{}
	for _, c := range cases {
		m[c.Name] = c
	}
	return m
}

func TestCheckTimeoutAndGrayAt100(t *testing.T) {
	s, _ := checkSrv(t)
	// 100%: the grayscale address has become the main one, so nobody gets the main address.
	dir := newProject(t, fmt.Sprintf(`{"token": "t", "timeoutMs": 200, "periodic": {"url": %q, "gray": {"url": %q, "percent": 100}}}`,
		s.URL+"/slow", s.URL+"/g"))
	rep, err := Check(context.Background(), CheckOptions{ProjectDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	m := names(rep.Cases)
	for _, c := range rep.Cases {
		if c.Address == "main" {
			t.Errorf("at 100%% nobody gets the main address: %s", c.Name)
		}
	}
	for _, n := range []string{"weapp periodic android gray normal", "weapp periodic ios gray tester"} {
		if c := m[n]; c.Verdict != CheckWarn || c.Status != 200 {
			t.Errorf("%s: %+v", n, c)
		}
	}
	// The timeout rule, with the project's timeoutMs.
	writeFile(t, filepath.Join(dir, project.ConfigFile), fmt.Sprintf(`{"token": "t", "timeoutMs": 200, "periodic": {"url": %q}}`, s.URL+"/slow"))
	start := time.Now()
	rep, err = Check(context.Background(), CheckOptions{ProjectDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("4 requests with a 200 ms timeout took %v", d)
	}
	c := names(rep.Cases)["weapp periodic android main normal"]
	if c.Verdict != CheckFail || !strings.Contains(c.Reason, "no complete answer within 200 ms") || c.TimeoutMs != 200 {
		t.Errorf("slow: %+v", c)
	}
	if _, _, fail := rep.Count(); fail != 4 {
		t.Errorf("%d failed, want the 4 periodic cases", fail)
	}
}

func TestCheckAlipayAndTokenRules(t *testing.T) {
	s, seen := checkSrv(t)
	dir := newProject(t, `{"platform": "alipay"}`)
	writeFile(t, filepath.Join(dir, project.PreloadFile), fmt.Sprintf(
		`[{"fetchType": "pre", "params": {"url": %q, "method": "POST", "data": {"k": "v"}}}, {"fetchType": "jsapiPre", "params": {"jsapi": "my.getLocation"}}]`,
		s.URL+"/notjson"))
	rep, err := Check(context.Background(), CheckOptions{ProjectDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Cases) != 3 { // preload.json, pre on android and ios; jsapiPre sends nothing
		t.Fatalf("cases: %+v", rep.Cases)
	}
	c := names(rep.Cases)["alipay pre ios main"]
	if c.Verdict != CheckFail || c.Method != "POST" || !strings.Contains(c.Reason, "invalid JSON (dataType is json") {
		t.Errorf("alipay pre: %+v", c)
	}
	if got := seen(); len(got) != 2 || got[0] != "POST /notjson k=v" {
		t.Errorf("the server saw %q", got)
	}

	// WeChat without a token: periodic is not sent (a failure), pre sends a code (a warning).
	dir = newProject(t, fmt.Sprintf(`{"periodic": {"url": %q}, "prefetch": {"url": %q}}`, s.URL+"/p", s.URL+"/pre"))
	rep, err = Check(context.Background(), CheckOptions{ProjectDir: dir, Platforms: []project.Platform{project.QQ}})
	if err != nil {
		t.Fatal(err)
	}
	m := names(rep.Cases)
	if c := m["qq periodic android main normal"]; c.Verdict != CheckFail || c.Sent || !strings.Contains(c.Reason, "not sent: token is empty!") {
		t.Errorf("qq periodic: %+v", c)
	}
	if c := m["qq pre android main tester"]; c.Verdict != CheckWarn || !c.Sent || !strings.Contains(c.Reason, "login code") {
		t.Errorf("qq pre: %+v", c)
	}
}

func TestCheckNothingConfigured(t *testing.T) {
	dir := newProject(t, `{"token": "t"}`)
	rep, err := Check(context.Background(), CheckOptions{ProjectDir: dir, Platforms: CheckPlatforms})
	if !errors.Is(err, ErrNothingToCheck) || rep == nil || len(rep.Cases) != 5 { // weapp and qq × 2, alipay pre
		t.Fatalf("err %v, report %+v", err, rep)
	}
	if _, err := Check(context.Background(), CheckOptions{ProjectDir: t.TempDir()}); !errors.Is(err, project.ErrNotProject) {
		t.Errorf("no project: %v", err)
	}
}
