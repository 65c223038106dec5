package core

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgfetch/devtools/storage"
)

// harRequired is HAR 1.2's list of required fields and their JSON types, per object
// (http://www.softwareishard.com/blog/har-12-spec/).
var harRequired = map[string]map[string]string{
	"root":     {"log": "object"},
	"log":      {"version": "string", "creator": "object", "entries": "array"},
	"creator":  {"name": "string", "version": "string"},
	"entry":    {"startedDateTime": "string", "time": "number", "request": "object", "response": "object", "cache": "object", "timings": "object"},
	"request":  {"method": "string", "url": "string", "httpVersion": "string", "cookies": "array", "headers": "array", "queryString": "array", "headersSize": "number", "bodySize": "number"},
	"response": {"status": "number", "statusText": "string", "httpVersion": "string", "cookies": "array", "headers": "array", "content": "object", "redirectURL": "string", "headersSize": "number", "bodySize": "number"},
	"content":  {"size": "number", "mimeType": "string"},
	"timings":  {"send": "number", "wait": "number", "receive": "number"},
	"postData": {"mimeType": "string"},
	"pair":     {"name": "string", "value": "string"}, // a header, query parameter or cookie
}

// harOptional are optional fields' types, checked when present.
var harOptional = map[string]map[string]string{
	"entry":    {"pageref": "string", "serverIPAddress": "string", "connection": "string", "comment": "string"},
	"request":  {"postData": "object", "comment": "string"},
	"content":  {"compression": "number", "text": "string", "encoding": "string"},
	"timings":  {"blocked": "number", "dns": "number", "connect": "number", "ssl": "number"},
	"postData": {"params": "array", "text": "string"},
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "?"
}

// checkHAR validates a HAR file against the HAR 1.2 field list and a few of its rules.
func checkHAR(t *testing.T, data []byte) {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	check := func(where, kind string, v any) map[string]any {
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: %s, want an object", where, jsonType(v))
			return map[string]any{}
		}
		for k, typ := range harRequired[kind] {
			if got := jsonType(obj[k]); got != typ {
				t.Errorf("%s.%s: %s, want %s (required)", where, k, got, typ)
			}
		}
		for k, typ := range harOptional[kind] {
			if val, ok := obj[k]; ok && jsonType(val) != typ {
				t.Errorf("%s.%s: %s, want %s", where, k, jsonType(val), typ)
			}
		}
		return obj
	}
	pairs := func(where string, v any) {
		list, _ := v.([]any)
		for i, p := range list {
			check(fmt.Sprintf("%s[%d]", where, i), "pair", p)
		}
	}
	check("$", "root", root)
	log := check("log", "log", root["log"])
	if log["version"] != "1.2" {
		t.Errorf("log.version %v", log["version"])
	}
	check("log.creator", "creator", log["creator"])
	entries, _ := log["entries"].([]any)
	for i, ev := range entries {
		w := fmt.Sprintf("log.entries[%d]", i)
		e := check(w, "entry", ev)
		if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(e["startedDateTime"])); err != nil {
			t.Errorf("%s.startedDateTime: %v", w, err)
		}
		req := check(w+".request", "request", e["request"])
		for _, k := range []string{"cookies", "headers", "queryString"} {
			pairs(w+".request."+k, req[k])
		}
		if pd, ok := req["postData"]; ok {
			check(w+".request.postData", "postData", pd)
		}
		resp := check(w+".response", "response", e["response"])
		for _, k := range []string{"cookies", "headers"} {
			pairs(w+".response."+k, resp[k])
		}
		content := check(w+".response.content", "content", resp["content"])
		if enc, ok := content["encoding"]; ok && enc != "base64" {
			t.Errorf("%s content.encoding %v", w, enc)
		}
		if _, ok := e["cache"].(map[string]any); !ok {
			t.Errorf("%s.cache is not an object", w)
		}
		tm := check(w+".timings", "timings", e["timings"])
		for k, v := range tm {
			n, _ := v.(float64)
			min := -1.0
			if k == "send" || k == "wait" || k == "receive" {
				min = 0 // these cannot be -1
			}
			if n < min {
				t.Errorf("%s.timings.%s = %v, below %v", w, k, n, min)
			}
		}
		if _, ok := e["_bgfetch"].(map[string]any); !ok {
			t.Errorf("%s has no _bgfetch object", w)
		}
	}
}

// harHistory fills an engine's history with attempts of every shape: pulled (cached, a 500, a redirect
// chain, a cookie, a body that is not UTF-8, never sent), a re-run, and attempts stored as the inspector
// would have them (TLS, a POST body, timing unknown).
func harHistory(t *testing.T) (*Engine, *echoServer) {
	srv := newEchoServer(t)
	ctx := context.Background()
	c := &clock{t: t0}
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/ok?own=1")), c)
	for _, path := range []string{"/ok?own=1", "/fail", "/r/0?a=1", "/cookie", "/bin"} {
		setConfig(t, e, secretConfig(srv.URL, path))
		c.Set(c.Now().Add(time.Minute))
		if _, err := e.Pull(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Prefetch(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Rerun(ctx, 1); err != nil {
		t.Fatal(err)
	}
	setConfig(t, e, fmt.Sprintf(`{"periodic": {"url": %q}}`, srv.URL+"/ok")) // no token
	_, _ = e.Pull(ctx)
	stored := []*Attempt{
		{AppID: "wxtest", FetchType: "pre", Platform: "alipay", StartedAt: t0.Add(time.Hour + 123*time.Millisecond),
			DurationMs: 87, Method: "POST", URL: "https://api.example.com/pre", Proto: "HTTP/2.0",
			Params:         []storage.Param{},
			RequestHeaders: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}, "Cookie": {"a=1; b=2"}},
			RequestBody:    "k=v+w", Status: 200,
			ResponseHeaders: map[string][]string{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}},
			Body:            []byte(`{"ok":true}`), Bytes: 11, Cached: true, DataType: "json", Warnings: []string{"w1"},
			Timing: &storage.Timing{DNS: 1234567 * time.Nanosecond, Connect: 2 * time.Millisecond, TLS: 3*time.Millisecond + 999,
				FirstByte: 40 * time.Millisecond, Body: 5 * time.Millisecond},
			TLS: &storage.TLSInfo{Version: "TLS 1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", Subject: "CN=api.example.com",
				Issuer: "CN=R3,O=Let's Encrypt", DNSNames: []string{"api.example.com"}, Verified: true,
				NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}},
		{AppID: "wxtest", FetchType: "periodic", Platform: "weapp", StartedAt: t0.Add(2 * time.Hour), Method: "GET",
			URL: "https://x.example/?a=%20b&c", Status: 304, ResponseHeaders: map[string][]string{"Location": {"/next"}},
			Reason: "HTTP 304", Body: []byte{}, Timing: &storage.Timing{}},
	}
	for _, a := range stored {
		if _, err := e.db.RecordAttempt(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	return e, srv
}

// oldestFirst is the current app's whole history with bodies, oldest first, as exports write it.
func oldestFirst(t *testing.T, e *Engine) []Attempt {
	t.Helper()
	list, err := e.HistoryWithBodies(context.Background(), HistoryFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(list)
	return list
}

func TestHARExportValidAndRoundTrip(t *testing.T) {
	ctx := context.Background()
	e, _ := harHistory(t)
	first := oldestFirst(t, e)
	if len(first) != 10 {
		t.Fatalf("%d attempts", len(first))
	}
	var out1 bytes.Buffer
	if err := WriteHAR(&out1, first, true, "0.1.0-test"); err != nil {
		t.Fatal(err)
	}
	checkHAR(t, out1.Bytes())

	// Import into a fresh database of the same project, then export again.
	e2, err := Open(Options{ProjectDir: e.ProjectDir(), DataDir: t.TempDir(), Now: e.now})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	rec := subscribe(e2)
	n, err := e2.ImportHAR(ctx, bytes.NewReader(out1.Bytes()))
	if err != nil || n != len(first) {
		t.Fatalf("imported %d, %v", n, err)
	}
	if k := rec.kinds(); k != "Cleared" {
		t.Errorf("events %q", k)
	}
	second := oldestFirst(t, e2)
	var out2 bytes.Buffer
	if err := WriteHAR(&out2, second, true, "0.1.0-test"); err != nil {
		t.Fatal(err)
	}
	if a, b := withoutIDs(t, out1.Bytes()), withoutIDs(t, out2.Bytes()); !reflect.DeepEqual(a, b) {
		ja, _ := json.MarshalIndent(a, "", " ")
		jb, _ := json.MarshalIndent(b, "", " ")
		t.Errorf("export → import → export differs:\n%s", Diff(ja, jb).Unified("first", "second", 2))
	}
	// The attempts themselves come back as they were, but for id, origin and rerunOf.
	for i := range first {
		a, b := first[i], second[i]
		if b.Origin != storage.OriginHAR || b.RerunOf != 0 {
			t.Errorf("imported %d: origin %q rerunOf %d", i, b.Origin, b.RerunOf)
		}
		a.ID, b.ID, a.Origin, b.Origin, a.RerunOf, b.RerunOf = 0, 0, "", "", 0, 0
		a.StartedAt, b.StartedAt = a.StartedAt.UTC(), b.StartedAt.UTC()
		if a.Timing != nil { // timing comes back to the microsecond
			tm := *a.Timing
			tm.DNS, tm.Connect, tm.TLS = tm.DNS.Round(time.Microsecond), tm.Connect.Round(time.Microsecond), tm.TLS.Round(time.Microsecond)
			tm.FirstByte, tm.Body = tm.FirstByte.Round(time.Microsecond), tm.Body.Round(time.Microsecond)
			a.Timing = &tm
			if tm == (storage.Timing{FirstByte: time.Duration(a.DurationMs) * time.Millisecond}) {
				a.Timing = nil // timings that say nothing more than the total read back as unknown
			}
		}
		if len(a.Params) == 0 && len(b.Params) == 0 {
			a.Params, b.Params = nil, nil
		}
		if len(a.Warnings) == 0 && len(b.Warnings) == 0 {
			a.Warnings, b.Warnings = nil, nil
		}
		if len(a.RequestHeaders) == 0 && len(b.RequestHeaders) == 0 {
			a.RequestHeaders, b.RequestHeaders = nil, nil
		}
		if len(a.ResponseHeaders) == 0 && len(b.ResponseHeaders) == 0 {
			a.ResponseHeaders, b.ResponseHeaders = nil, nil
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("attempt %d\n got %+v\nwant %+v", i, b, a)
		}
	}
	// Imported attempts never touch the cache.
	c1, _ := e.Cached(ctx, "periodic")
	if _, err := e2.Cached(ctx, "periodic"); err == nil {
		t.Errorf("the import cached a body (the original cache is attempt %d)", c1.AttemptID)
	}
}

// withoutIDs parses a HAR file and drops the attempts' ids (and rerunOf, an id too).
func withoutIDs(t *testing.T, data []byte) any {
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	for _, e := range v["log"].(map[string]any)["entries"].([]any) {
		b := e.(map[string]any)["_bgfetch"].(map[string]any)
		delete(b, "id")
		delete(b, "rerunOf")
	}
	return v
}

func TestHAREntries(t *testing.T) {
	e, srv := harHistory(t)
	list := oldestFirst(t, e)
	var out bytes.Buffer
	if err := WriteHAR(&out, list, false, "v9"); err != nil {
		t.Fatal(err)
	}
	var h harFile
	if err := json.Unmarshal(out.Bytes(), &h); err != nil {
		t.Fatal(err)
	}
	if h.Log.Creator != (harCreator{HARCreator, "v9"}) || len(h.Log.Entries) != len(list) {
		t.Fatalf("creator %+v, %d entries", h.Log.Creator, len(h.Log.Entries))
	}
	text := out.String()
	if strings.Contains(text, "s3cr3t") || !strings.Contains(text, Masked) {
		t.Error("the HAR without secrets holds the token")
	}
	byURL := func(part string) harEntry {
		for _, en := range h.Log.Entries {
			if strings.Contains(en.Request.URL, part) {
				return en
			}
		}
		t.Fatalf("no entry for %s", part)
		return harEntry{}
	}
	ok := byURL("/ok?own=1")
	if ok.Response.Status != 200 || ok.Response.StatusText != "OK" || ok.Response.HTTPVersion != "HTTP/1.1" ||
		!ok.BgFetch.Cached || ok.BgFetch.FetchType != "periodic" || ok.BgFetch.AppID != "wxtest" || ok.BgFetch.Platform != "weapp" ||
		ok.Response.Content.MimeType != "application/json; charset=utf-8" || ok.Response.Content.Text == nil ||
		ok.Timings.Wait <= 0 || ok.Timings.SSL != -1 || ok.Timings.Blocked != -1 {
		t.Errorf("ok entry %+v", ok)
	}
	names := []string{}
	for _, q := range ok.Request.QueryString {
		names = append(names, q.Name+"="+q.Value)
	}
	if want := []string{"own=1", "appid=wxtest", "token=" + Masked}; !slices.Equal(names[:3], want) {
		t.Errorf("queryString %q", names)
	}
	if fail := byURL("/fail"); fail.Response.Status != 500 || fail.BgFetch.Cached || !strings.Contains(fail.BgFetch.Reason, "HTTP 500") {
		t.Errorf("fail entry %+v", fail)
	}
	if r := byURL("/r/0"); len(r.BgFetch.Redirects) != 3 || !strings.HasPrefix(r.BgFetch.Redirects[2], srv.URL+"/r/3") {
		t.Errorf("redirects %q", r.BgFetch.Redirects)
	}
	if c := byURL("/cookie"); len(c.Response.Cookies) != 1 || c.Response.Cookies[0] != (harNV{"sid", "abc"}) {
		t.Errorf("cookies %+v", c.Response.Cookies)
	}
	if b := byURL("/bin"); b.Response.Content.Encoding != "base64" || *b.Response.Content.Text != "//4AAQ==" {
		t.Errorf("binary content %+v", b.Response.Content)
	}
	post := byURL("api.example.com/pre")
	if post.Request.PostData == nil || !reflect.DeepEqual(*post.Request.PostData, harPostData{MimeType: "application/x-www-form-urlencoded", Text: "k=v+w"}) ||
		len(post.Request.Cookies) != 2 || post.Response.BodySize != -1 || post.Request.HTTPVersion != "HTTP/2.0" ||
		post.Timings.DNS != 1.235 || post.Timings.Connect != 5.001 || post.Timings.SSL != 3.001 || post.BgFetch.TLS == nil {
		t.Errorf("post entry %+v %+v", post.Request, post.Timings)
	}
	if r := byURL("x.example"); r.Response.RedirectURL != "/next" || r.Timings.DNS != -1 || r.Timings.Connect != -1 {
		t.Errorf("304 entry %+v", r)
	}
}

func TestImportHARFromAnotherTool(t *testing.T) {
	ctx := context.Background()
	srv := newEchoServer(t)
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/ok")), &clock{t: t0})
	// As Chrome writes it: lower-case HTTP/2 header names, no _bgfetch, timings with blocked and send.
	chrome := `{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [],
	  "entries": [{
	    "startedDateTime": "2026-11-20T08:00:00.123+08:00", "time": 120.5,
	    "request": {"method": "POST", "url": "https://api.example.com/bg?appid=wxother&x=1", "httpVersion": "http/2.0",
	      "headers": [{"name": ":authority", "value": "api.example.com"}, {"name": "content-type", "value": "application/x-www-form-urlencoded"}],
	      "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 3,
	      "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "a b", "value": "1&2"}]}},
	    "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [{"name": "content-type", "value": "text/plain"}],
	      "cookies": [], "content": {"size": 5, "mimeType": "text/plain", "text": "aGVsbG8=", "encoding": "base64"},
	      "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 100},
	    "cache": {}, "timings": {"blocked": 2.1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 100, "receive": 18.2}
	  }]}}`
	n, err := e.ImportHAR(ctx, strings.NewReader(chrome))
	if err != nil || n != 1 {
		t.Fatalf("import %d %v", n, err)
	}
	list, _ := e.HistoryWithBodies(ctx, HistoryFilter{})
	a := list[0]
	if a.Origin != storage.OriginHAR || a.AppID != "wxtest" || a.Method != "POST" || a.RequestBody != "a+b=1%262" ||
		string(a.Body) != "hello" || a.Bytes != 5 || a.Status != 200 || a.Proto != "http/2.0" || a.Cached || a.Reason == "" ||
		a.DurationMs != 121 || !a.StartedAt.Equal(time.Date(2026, 11, 20, 0, 0, 0, 123e6, time.UTC)) ||
		a.Timing == nil || a.Timing.FirstByte != 100*time.Millisecond || a.Timing.Body != 18200*time.Microsecond ||
		len(a.RequestHeaders["Content-Type"]) != 1 || a.RequestHeaders["Content-Type"][0] != "application/x-www-form-urlencoded" ||
		len(a.RequestHeaders) != 1 || len(a.Params) != 2 { // names canonical, HTTP/2 :authority dropped
		t.Errorf("imported %+v", a)
	}

	for _, bad := range []string{`not json`, `{"entries": []}`, `{"log": {"entries": [{"startedDateTime": "yesterday", "request": {"url": "x"}}]}}`,
		`{"log": {"entries": [{"startedDateTime": "2026-11-20T08:00:00Z", "request": {"url": ""}}]}}`} {
		if n, err := e.ImportHAR(ctx, strings.NewReader(bad)); err == nil || n != 0 {
			t.Errorf("%s: imported %d, %v", bad, n, err)
		}
	}
	if n, _ := e.CountHistory(ctx, HistoryFilter{}); n != 1 {
		t.Errorf("a bad file imported something: %d attempts", n)
	}
}
