package bridge_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
)

// harnessJS stubs a mini program's globals, loads the snippet, reports twice and reads the cache through
// the patched getBackgroundFetchData, with callbacks and as a promise, for a cached and an empty fetchType.
// Mode "h5": Taro without wx (an H5 build), fetch available. Mode "weapp": wx without fetch and without
// getBackgroundFetchData, so the snippet falls back on wx.request.
const harnessJS = `
const fs = require("fs"), vm = require("vm");
const [snippetPath, mode] = process.argv.slice(2);
const nativeFetch = globalThis.fetch, calls = [];
globalThis.getCurrentPages = () => [{ route: "pages/index/index" }, { route: "pages/goods/goods" }];
if (mode === "h5") {
  globalThis.Taro = { reportEvent: (id) => calls.push("Taro.reportEvent " + id), reportAnalytics: (n) => calls.push("Taro.reportAnalytics " + n) };
} else if (mode === "alipay") {
  // Alipay: my.request takes headers and a string body, and answers status; my has no reportEvent.
  delete globalThis.fetch;
  globalThis.my = {
    reportAnalytics: (n) => calls.push("my.reportAnalytics " + n),
    request(o) {
      calls.push("my.request " + o.method + " " + o.url.replace(/^http:\/\/[^/]+/, ""));
      nativeFetch(o.url, { method: o.method, headers: o.headers, body: o.data })
        .then((r) => r.json().then((data) => o.success({ status: r.status, data })), (e) => o.fail({ errorMessage: e.message }));
    },
  };
} else {
  // weapp: wx; qq: qq, and wx the same object, as QQ answers to both names.
  const name = mode === "qq" ? "qq" : "wx";
  delete globalThis.fetch;
  globalThis[name] = {
    reportEvent: (id) => calls.push(name + ".reportEvent " + id),
    reportAnalytics: (n) => calls.push(name + ".reportAnalytics " + n),
    request(o) {
      calls.push(name + ".request " + o.method + " " + o.url.replace(/^http:\/\/[^/]+/, ""));
      nativeFetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data) })
        .then((r) => r.json().then((data) => o.success({ statusCode: r.status, data })), (e) => o.fail({ errMsg: "request:fail " + e.message }));
    },
  };
  if (mode === "qq") globalThis.wx = globalThis.qq;
}
vm.runInThisContext(fs.readFileSync(snippetPath, "utf8"));
const api = globalThis.Taro || globalThis.wx || globalThis.qq || globalThis.my;
process.on("unhandledRejection", (e) => calls.push("unhandledRejection " + JSON.stringify(e)));
// With callbacks, the platform's API returns nothing (Taro's a Promise); without, a Promise.
const get = (fetchType) => new Promise((done) => {
  const got = {};
  let called;
  const callbacks = new Promise((r) => (called = r));
  const ret = api.getBackgroundFetchData({ fetchType, success: (d) => (got.success = d), fail: (e) => (got.fail = e), complete: () => ((got.complete = true), called()) });
  got.returned = ret === undefined ? "nothing" : typeof ret.then === "function" ? "promise" : typeof ret;
  if (ret) ret.catch(() => {});
  callbacks.then(() => api.getBackgroundFetchData({ fetchType }))
    .then((d) => (got.resolved = d), (e) => (got.rejected = e)).then(() => done(got));
});
(async () => {
  if (api.reportEvent) api.reportEvent("buy", { price: 9.5, color: "red" });
  else api.reportAnalytics("购买", { price: 9.5, color: "red" });
  api.reportAnalytics("购买", { price: 1, color: "blue" });
  const periodic = await get("periodic"), pre = await get("pre");
  await new Promise((r) => setTimeout(r, 0));
  console.log(JSON.stringify({ calls, periodic, pre }));
})();
`

// TestSnippetUnderNode runs the README's snippet under node against a real bridge.
func TestSnippetUnderNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the snippet is not run (install Node.js 18 or later to run this test)")
	}
	ctx := context.Background()
	f := newFixture(t, core.Options{}, bridge.Options{})
	if _, err := f.eng.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	snippet, harness := filepath.Join(dir, "snippet.js"), filepath.Join(dir, "harness.js")
	write(t, snippet, bridge.Snippet(f.srv.URL(), f.srv.Key()))
	write(t, harness, harnessJS)
	want := func(fetchType string) map[string]any { return engineResult(t, f.eng, fetchType) }
	seen := int64(0)
	for _, mode := range []string{"h5", "weapp", "qq", "alipay"} {
		t.Run(mode, func(t *testing.T) {
			out, err := exec.Command(node, harness, snippet, mode).CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, out)
			}
			var got struct {
				Calls         []string
				Periodic, Pre struct {
					Success, Fail, Resolved, Rejected map[string]any
					Complete                          bool
					Returned                          string
				}
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("harness output %s: %v", out, err)
			}
			// The original report APIs are still called; without fetch, the bridge is reached through wx.request.
			prefix := map[string]string{"h5": "Taro.", "weapp": "wx.", "qq": "qq.", "alipay": "my."}[mode]
			wantCalls := []string{prefix + "reportEvent buy", prefix + "reportAnalytics 购买"}
			if mode == "alipay" { // no reportEvent on Alipay: the harness reports twice through reportAnalytics
				wantCalls[0] = prefix + "reportAnalytics 购买"
			}
			if mode != "h5" {
				wantCalls = append(wantCalls, prefix+"request POST /report", prefix+"request POST /report",
					prefix+"request GET /backgroundFetchData?fetchType=periodic", prefix+"request GET /backgroundFetchData?fetchType=pre",
					prefix+"request GET /backgroundFetchData?fetchType=periodic", prefix+"request GET /backgroundFetchData?fetchType=pre") // with callbacks, then as a Promise
			}
			if slices.Sort(got.Calls); !slices.Equal(got.Calls, slices.Sorted(slices.Values(wantCalls))) {
				t.Errorf("calls %q, want %q", got.Calls, wantCalls)
			}
			// Called with callbacks, the API returns nothing as the platform's does (no Promise to reject unheard,
			// no unhandled rejection); Taro's returns a Promise.
			wantReturned := map[bool]string{true: "promise", false: "nothing"}[mode == "h5"]
			if got.Periodic.Returned != wantReturned || got.Pre.Returned != wantReturned {
				t.Errorf("with callbacks it returned %q and %q, want %q", got.Periodic.Returned, got.Pre.Returned, wantReturned)
			}
			p := got.Periodic
			if !reflect.DeepEqual(p.Success, want("periodic")) || !reflect.DeepEqual(p.Resolved, p.Success) || p.Fail != nil || !p.Complete {
				t.Errorf("periodic: %+v\nwant success %v", p, want("periodic"))
			}
			q := got.Pre
			if !reflect.DeepEqual(q.Fail, want("pre")) || !reflect.DeepEqual(q.Rejected, q.Fail) || q.Success != nil || !q.Complete {
				t.Errorf("pre (nothing cached): %+v\nwant fail %v", q, want("pre"))
			}
			// Both reports are in the log, with the page from getCurrentPages.
			reps, err := f.eng.Reports(ctx, core.ReportFilter{AfterID: seen})
			if err != nil {
				t.Fatal(err)
			}
			if len(reps) != 2 {
				t.Fatalf("%d reports in the log, want 2", len(reps))
			}
			for _, r := range reps {
				if r.EventID != "buy" || r.Page != "pages/goods/goods" || r.Trigger != core.TriggerCode || r.Action != "" || r.Flagged() {
					t.Errorf("report %+v", r)
				}
				seen = max(seen, r.ID)
			}
			if apis := map[string]bool{reps[0].API: true, reps[1].API: true}; mode != "alipay" && !apis[core.APIReportEvent] || !apis[core.APIReportAnalytics] {
				t.Errorf("apis %v, want one of each (the two reports run concurrently)", apis)
			}
		})
	}
}

// tokenHarnessJS registers an onBackgroundFetchData listener and asks getBackgroundFetchToken, with callbacks
// and as a Promise, through the snippet (mode "h5": Taro with fetch; "weapp": wx without fetch nor the APIs).
const tokenHarnessJS = `
const fs = require("fs"), vm = require("vm");
const [snippetPath, mode] = process.argv.slice(2);
const nativeFetch = globalThis.fetch, out = { listened: [] };
process.on("unhandledRejection", (e) => (out.unhandled = e));
if (mode === "h5") {
  globalThis.Taro = {};
} else {
  delete globalThis.fetch;
  globalThis.wx = {
    request(o) {
      nativeFetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data) })
        .then((r) => r.json().then((data) => o.success({ statusCode: r.status, data })), (e) => o.fail({ errMsg: "request:fail " + e.message }));
    },
  };
}
vm.runInThisContext(fs.readFileSync(snippetPath, "utf8"));
const api = globalThis.Taro || globalThis.wx;
api.onBackgroundFetchData((d) => out.listened.push(d));
(async () => {
  const ret = api.getBackgroundFetchToken({ success: (d) => (out.success = d) });
  out.returned = ret === undefined ? "nothing" : "promise";
  out.resolved = await api.getBackgroundFetchToken();
  await new Promise((r) => setTimeout(r, 300));
  console.log(JSON.stringify(out));
})();
`

// TestSnippetTokenAndListener: the snippet's getBackgroundFetchToken gives the project's token in the
// API's shape, and onBackgroundFetchData's listener gets the prefetched data once, without errMsg.
func TestSnippetTokenAndListener(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the snippet is not run (install Node.js 18 or later to run this test)")
	}
	ctx := context.Background()
	f := newFixture(t, core.Options{}, bridge.Options{})
	if _, err := f.eng.Prefetch(ctx, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	snippet, harness := filepath.Join(dir, "snippet.js"), filepath.Join(dir, "token.js")
	write(t, snippet, bridge.Snippet(f.srv.URL(), f.srv.Key()))
	write(t, harness, tokenHarnessJS)
	for _, mode := range []string{"h5", "weapp"} {
		t.Run(mode, func(t *testing.T) {
			out, err := exec.Command(node, harness, snippet, mode).CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, out)
			}
			var got struct {
				Returned          string
				Success, Resolved map[string]any
				Listened          []map[string]any
				Unhandled         any
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("harness output %s: %v", out, err)
			}
			token := map[string]any{"token": "tk", "errMsg": "getBackgroundFetchToken:ok"}
			if !reflect.DeepEqual(got.Success, token) || !reflect.DeepEqual(got.Resolved, token) || got.Unhandled != nil {
				t.Errorf("token: %+v", got)
			}
			if want := map[bool]string{true: "promise", false: "nothing"}[mode == "h5"]; got.Returned != want {
				t.Errorf("with callbacks getBackgroundFetchToken returned %q, want %q", got.Returned, want)
			}
			if len(got.Listened) != 1 {
				t.Fatalf("the listener was called %d times, want once", len(got.Listened))
			}
			l := got.Listened[0]
			if l["fetchType"] != "pre" || !strings.Contains(fmt.Sprint(l["fetchedData"]), "杯子") || l["errMsg"] != nil || l["scene"] == nil {
				t.Errorf("listener payload %v", l)
			}
		})
	}
}

// engineResult is what the engine's getBackgroundFetchData returns now for fetchType on Android, as the
// JSON object the snippet must hand the mini program.
func engineResult(t *testing.T, eng *core.Engine, fetchType string) map[string]any {
	t.Helper()
	res, err := eng.Get(context.Background(), fetchType, core.Android)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	b, _ := json.Marshal(res.Value)
	_ = json.Unmarshal(b, &m)
	return m
}
