package cli

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// bgfetch token prints what getBackgroundFetchToken returns, in the typings' shape {token, errMsg}: the
// configured token masked unless --include-secrets, the fail object with none, and none on Alipay.
func TestTokenVerb(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	cfg := filepath.Join(dir, "bgfetch.config.json")
	write(t, cfg, `{"appid": "wxtok", "token": "s3cret-tok"}`)
	decode := func(out string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("stdout %q: %v", out, err)
		}
		return m
	}
	r := runCLI(t, "token", "--json", "--project", dir, "--data", data)
	if r.code != ExitOK || strings.Contains(r.stdout+r.stderr, "s3cret-tok") {
		t.Fatalf("exit %d, out %q %q: want 0 and the token masked", r.code, r.stdout, r.stderr)
	}
	if got := decode(r.stdout); !reflect.DeepEqual(got, map[string]any{"token": "••••••", "errMsg": "getBackgroundFetchToken:ok"}) {
		t.Errorf("masked result %v", got)
	}
	r = runCLI(t, "token", "--json", "--include-secrets", "--project", dir, "--data", data)
	if got := decode(r.stdout); r.code != ExitOK || got["token"] != "s3cret-tok" {
		t.Errorf("--include-secrets: exit %d, %v", r.code, got)
	}

	write(t, cfg, `{"appid": "wxtok"}`)
	r = runCLI(t, "token", "--json", "--project", dir, "--data", data)
	if got := decode(r.stdout); r.code != ExitFailed || got["errMsg"] != "getBackgroundFetchToken:fail token not set" || len(got) != 1 {
		t.Errorf("no token: exit %d, %v", r.code, got)
	}
	r = runCLI(t, "token", "--project", dir, "--data", data)
	if !strings.Contains(r.stderr, "fail callback") || !strings.Contains(r.stderr, "the tool's") {
		t.Errorf("no token, text: %q", r.stderr)
	}

	write(t, cfg, `{"appid": "2021000000000000", "platform": "alipay"}`)
	r = runCLI(t, "token", "--project", dir, "--data", data)
	if r.code != ExitFailed || !strings.Contains(r.stderr, "Alipay has no getBackgroundFetchToken") {
		t.Errorf("Alipay: exit %d, %q", r.code, r.stderr)
	}
}

// coldstart --json gives the object onBackgroundFetchData's listener receives when it fires, in the
// typings' shape, and none when it does not.
func TestColdStartListenerPayload(t *testing.T) {
	c := newCapture(t)
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, "project.config.json"), `{"appid": "wxcold", "setting": {"preloadBackgroundData": true}}`)
	write(t, filepath.Join(dir, "bgfetch.config.json"), `{"prefetch": {"url": "`+c.srv.URL+`/pre", "path": "pages/a/a", "query": "x=1", "scene": 1001}}`)
	run := func(listenerAt string) map[string]any {
		r := runCLI(t, "coldstart", "--json", "--listener-at", listenerAt, "--project", dir, "--data", data)
		if r.code != ExitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
			t.Fatalf("stdout: %v\n%s", err, r.stdout)
		}
		return m
	}
	m := run("0ms")
	pl, ok := m["listenerPayload"].(map[string]any)
	if !ok || m["listenerFires"] != true {
		t.Fatalf("no listener payload: %v", m)
	}
	keys := []string{}
	for k := range pl {
		keys = append(keys, k)
	}
	if len(pl) != 6 || pl["fetchType"] != "pre" || pl["fetchedData"] != `{"ok":true}` || pl["path"] != "pages/a/a" || pl["query"] != "x=1" || pl["scene"] != float64(1001) {
		t.Errorf("payload %v (keys %v), want fetchType, fetchedData, timeStamp, path, query, scene", pl, keys)
	}
	if m := run("60s"); m["listenerPayload"] != nil || m["listenerFires"] != false {
		t.Errorf("a listener registered a minute late: %v", m["listenerPayload"])
	}
}
