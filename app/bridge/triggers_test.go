package bridge_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
)

// triggersJSON configures an action for each trigger the harness fires, and two that it must not fire (a
// click on #pay, enterPage on another page).
const triggersJSON = `{"events": [
  {"id": "buy", "name": "购买", "fields": [{"name": "price", "type": "number"}, {"name": "color", "type": "string"}], "actions": [
    {"trigger": "click", "page": "pages/goods/goods", "selector": ".buy", "data": [{"field": "price", "source": "goods.price"}, {"field": "color", "source": "'red'"}]},
    {"trigger": "click", "page": "pages/goods/goods", "selector": "#pay", "data": [{"field": "price", "source": "1"}, {"field": "color", "source": "'pay'"}]}]},
  {"id": "sku", "name": "规格", "fields": [{"name": "sku", "type": "string"}], "actions": [
    {"trigger": "click", "page": "pages/goods/goods", "selector": "[data-sku=A1]", "data": [{"field": "sku", "source": "dataset.sku"}]}]},
  {"id": "tag", "name": "按钮", "fields": [{"name": "n", "type": "number"}], "actions": [
    {"trigger": "click", "page": "pages/goods/goods", "selector": "button", "data": [{"field": "n", "source": "1"}]}]},
  {"id": "view", "name": "浏览", "fields": [{"name": "id", "type": "string"}, {"name": "title", "type": "string"}], "actions": [
    {"trigger": "pageLoad", "page": "pages/goods/goods", "data": [{"field": "id", "source": "options.id"}, {"field": "title", "source": "goods.title"}]}]},
  {"id": "visit", "name": "访问", "reportType": "steps", "fields": [{"name": "step", "type": "string"}], "actions": [
    {"trigger": "enterPage", "page": "pages/goods/goods", "data": [{"field": "step", "source": "'enter'"}]},
    {"trigger": "leavePage", "page": "pages/goods/goods", "data": [{"field": "step", "source": "'leave'"}]},
    {"trigger": "pageUnload", "page": "pages/goods/goods", "data": [{"field": "step", "source": "'unload'"}]},
    {"trigger": "pullDownRefresh", "page": "pages/goods/goods", "data": [{"field": "step", "source": "'refresh'"}]},
    {"trigger": "share", "page": "pages/goods/goods", "data": [{"field": "step", "source": "'share'"}]},
    {"trigger": "enterPage", "page": "pages/other/other", "data": [{"field": "step", "source": "'other'"}]},
    {"trigger": "switchTab", "page": "pages/goods/goods", "data": [{"field": "step", "source": "'tab'"}]}]},
  {"id": "start", "name": "启动", "fields": [{"name": "scene", "type": "number"}, {"name": "coupon", "type": "string"}], "actions": [
    {"trigger": "launch", "data": [{"field": "scene", "source": "options.scene"}, {"field": "coupon", "source": "app.coupon"}]}]},
  {"id": "bg", "name": "前后台", "fields": [{"name": "n", "type": "number"}], "actions": [
    {"trigger": "background", "data": [{"field": "n", "source": "1"}]},
    {"trigger": "foreground", "data": [{"field": "n", "source": "2"}]}]}
]}`

// triggersHarnessJS stands in for a mini program's framework: fake API objects (wx, qq, my, or Taro on wx)
// that reach the bridge through their request, and fake App, Page and Component constructors. After the
// snippet, the "mini program" registers its app and goods page (through Component in Taro mode, with Taro's
// single event handler eh), and the framework runs them: launch, load, show, a tap on the buy button, a tap
// elsewhere, pull-down refresh, a tap on its tab, (and a component's onShow, which is no page's), share, the app to the background and back, a report from code, unload.
const triggersHarnessJS = `
const fs = require("fs"), vm = require("vm");
const [snippetPath, mode] = process.argv.slice(2);
const nativeFetch = globalThis.fetch, registered = {};
delete globalThis.fetch;
const request = (status) => function (o) {
  nativeFetch(o.url, { method: o.method, headers: o.header || o.headers, body: typeof o.data === "string" || o.data === undefined ? o.data : JSON.stringify(o.data) })
    .then((r) => r.json().then((data) => o.success({ [status]: r.status, data })), (e) => o.fail({ errMsg: "request:fail " + e.message }));
};
if (mode === "alipay") {
  globalThis.my = { reportAnalytics() {}, request: request("status") };
} else {
  const name = mode === "qq" ? "qq" : "wx";
  globalThis[name] = { reportEvent() {}, reportAnalytics() {}, request: request("statusCode") };
  if (mode === "qq") globalThis.wx = globalThis.qq;
  if (mode === "taro") globalThis.Taro = {};
}
globalThis.App = (o) => (registered.app = o);
globalThis.Page = (o) => (registered.page = o);
globalThis.Component = (o) => (registered.component = o);
let current;
globalThis.getCurrentPages = () => (current ? [current] : []);
vm.runInThisContext(fs.readFileSync(snippetPath, "utf8"));

// The mini program's code.
App({ globalData: { coupon: "C1" }, onLaunch() {}, onHide() {}, onShow() {} });
const goods = {
  onShow() {},
  onShareAppMessage() { return { title: "杯子" }; },
  buy(e) { this.tapped = (this.tapped || 0) + 1; },
};
const events = (mode === "taro")
  ? (Component({ methods: { ...goods, eh(e) { return this.buy(e); } } }), registered.component.methods)
  : (Page({ data: {}, ...goods }), registered.page);
const handler = mode === "taro" ? "eh" : "buy";
const api = globalThis.my || globalThis.wx;

// The framework runs it.
const app = Object.create(registered.app);
globalThis.getApp = () => app;
app.globalData = registered.app.globalData;
app.onLaunch({ scene: 1089, path: "pages/goods/goods", query: { id: "7" } });
app.onShow({ scene: 1089 });
current = Object.assign(Object.create(events), { route: "pages/goods/goods", options: { id: "7" },
  data: { goods: { title: "杯子", price: 9.5 } } });
current.onLoad({ id: "7" });
current.onShow();
// A component in the page that has a method named onShow is no page: calling it fires nothing.
Component({ methods: { onShow() {} } });
Object.assign(Object.create(registered.component.methods), { data: {} }).onShow();
const tap = (t) => ({ type: "tap", timeStamp: 1, currentTarget: t, target: t, detail: { x: 1, y: 1 } });
current[handler](tap(mode === "alipay" ? { tagName: "button", dataset: { class: "buy big", sku: "A1" } } : { id: "buy1", dataset: { class: "buy big", sku: "A1" } }));
current[handler](tap({ id: "other", dataset: {} }));
current.onPullDownRefresh();
current.onTabItemTap({ index: 0, pagePath: "pages/goods/goods", text: "商品" });
current.onShareAppMessage({ from: "menu" });
app.onHide();
app.onShow({ scene: 1089 });
if (api.reportEvent) api.reportEvent("buy", { price: 3, color: "blue" });
else api.reportAnalytics("购买", { price: 3, color: "blue" });
current.onUnload();
console.log(JSON.stringify({ tapped: current.tapped, share: current.onShareAppMessage({ from: "menu" }) }));
`

// TestSnippetTriggers runs the snippet under node against a real bridge while 保存并测试 runs: each trigger
// reports its event with the fields from its sources, once, naming the trigger and the action; a report
// from code says so; nothing fires before the test starts.
func TestSnippetTriggers(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the snippet is not run (install Node.js 18 or later to run this test)")
	}
	ctx := context.Background()
	f := newFixture(t, core.Options{}, bridge.Options{})
	evs, err := project.ParseAnalytics(project.AnalyticsFile, []byte(triggersJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.eng.ReplaceAnalyticsEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	snippet, harness := filepath.Join(dir, "snippet.js"), filepath.Join(dir, "triggers.js")
	write(t, snippet, bridge.Snippet(f.srv.URL(), f.srv.Key()))
	write(t, harness, triggersHarnessJS)
	run := func(t *testing.T, mode string) (stdout, stderr string) {
		t.Helper()
		var out, errOut bytes.Buffer
		cmd := exec.Command(node, harness, snippet, mode)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("node: %v\n%s%s", err, out.String(), errOut.String())
		}
		if !strings.Contains(out.String(), `"tapped":2`) || !strings.Contains(out.String(), `"share":{"title":"杯子"}`) {
			t.Errorf("the page's own handlers did not run as written: %s", out.String())
		}
		return out.String(), errOut.String()
	}
	seen := int64(0)
	apis := map[string]bool{} // the APIs of the last run's reports fired by a trigger
	reports := func(t *testing.T) []string {
		t.Helper()
		reps, err := f.eng.Reports(ctx, core.ReportFilter{AfterID: seen})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		clear(apis)
		for _, r := range reps {
			seen = max(seen, r.ID)
			line := fmt.Sprintf("%s %s %q %s %s", r.EventID, r.Trigger, r.Action, r.Page, r.Data)
			if r.Flagged() {
				line += fmt.Sprintf(" %v", r.Problems)
			}
			got = append(got, line)
			if r.Trigger != core.TriggerCode {
				apis[r.API] = true
			}
		}
		slices.Sort(got)
		return got
	}

	t.Run("no test running", func(t *testing.T) {
		run(t, "weapp")
		want := []string{`buy code "" pages/goods/goods {"color":"blue","price":3}`}
		if got := reports(t); !slices.Equal(got, want) {
			t.Errorf("without 保存并测试 only the report from code is logged:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	if _, err := f.eng.TestAnalytics(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`buy click "#1 click .buy" pages/goods/goods {"color":"red","price":9.5}`,
		`buy code "" pages/goods/goods {"color":"blue","price":3}`,
		`sku click "#1 click [data-sku=A1]" pages/goods/goods {"sku":"A1"}`,
		`view pageLoad "#1 pageLoad" pages/goods/goods {"id":"7","title":"杯子"}`,
		`visit enterPage "#1 enterPage" pages/goods/goods {"step":"enter"}`,
		`visit leavePage "#2 leavePage" pages/goods/goods {"step":"leave"}`,
		`visit pageUnload "#3 pageUnload" pages/goods/goods {"step":"unload"}`,
		`visit pullDownRefresh "#4 pullDownRefresh" pages/goods/goods {"step":"refresh"}`,
		`visit share "#5 share" pages/goods/goods {"step":"share"}`,
		`visit share "#5 share" pages/goods/goods {"step":"share"}`, // the harness shares twice
		`visit switchTab "#7 switchTab" pages/goods/goods {"step":"tab"}`,
		`start launch "#1 launch"  {"coupon":"C1","scene":1089}`,
		`bg background "#1 background" pages/goods/goods {"n":1}`,
		`bg foreground "#2 foreground" pages/goods/goods {"n":2}`,
	}
	for _, mode := range []string{"weapp", "qq", "alipay", "taro"} {
		t.Run(mode, func(t *testing.T) {
			_, stderr := run(t, mode)
			want := want
			if mode == "alipay" { // only Alipay's tap event has tagName: a bare tag matches there alone
				want = append(slices.Clone(want), `tag click "#1 click button" pages/goods/goods {"n":1}`)
			}
			slices.Sort(want)
			if got := reports(t); !slices.Equal(got, want) {
				t.Errorf("reports:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// A trigger reports through the platform's API: reportEvent, or reportAnalytics on Alipay, which has no other.
			wantAPI := map[bool]string{true: core.APIReportAnalytics, false: core.APIReportEvent}[mode == "alipay"]
			if len(apis) != 1 || !apis[wantAPI] {
				t.Errorf("the triggers reported through %v, want %s", apis, wantAPI)
			}
			// The snippet says which part of a selector a tap event cannot show.
			for _, warning := range []string{`buy click .buy: a class is matched against the element's data-class (add data-class="buy")`,
				`tag click button: its tag is checked only where the event has tagName (Alipay; a bare tag matches nothing elsewhere)`} {
				if !strings.Contains(stderr, warning) {
					t.Errorf("the snippet does not warn %q:\n%s", warning, stderr)
				}
			}
		})
	}
}
