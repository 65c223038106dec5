package app

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/ui/uitest"
)

// The window's side of 自定义分析: its bridge (started, stopped, restarted, falling back to a free port) as the
// 桥接 view shows it, and the report log in the window's language. The tab's views over the engine are
// tested in app/ui/analytics.

// newReportsFixture is a window whose app has uitest.GoodsEvent configured.
func newReportsFixture(t *testing.T) *fixture {
	f := newFixture(t)
	if err := f.ui.eng.SaveAnalyticsEvent(context.Background(), "", uitest.GoodsEvent); err != nil {
		t.Fatal(err)
	}
	f.p.until(t, "the event in the tab", func() bool { return len(f.ui.ana.Events().List()) == 1 })
	return f
}

// report sends one report through the engine, as the bridge does (uitest.Report).
func (f *fixture) report(event, data string) core.Report {
	return uitest.Report(f.t, f.ui.eng, event, data)
}

// button is the panel button of an action.
func (f *fixture) button(id string) *widget.Button { return f.ui.buttons[id][0] }

func TestBridgeView(t *testing.T) {
	f := newReportsFixture(t)
	u := f.ui
	v := u.ana.Bridge()
	if u.bridge == nil {
		t.Fatalf("the bridge did not start: %v", u.bridgeState.err)
	}
	url, key := u.bridge.URL(), u.bridge.Key()
	if v.URL() != url || !strings.HasPrefix(url, "http://127.0.0.1:") || v.State() != "运行中" {
		t.Errorf("url %q, state %q", v.URL(), v.State())
	}
	if persisted, err := bridge.KeyFor(context.Background(), u.eng); err != nil || persisted != key {
		t.Errorf("the bridge runs with %q, the persisted key is %q (%v)", key, persisted, err)
	}
	if strings.Contains(v.Key(), key) || !strings.Contains(v.Key(), "••••") || strings.Contains(v.Snippet(), key) {
		t.Errorf("the key shows: %q", v.Key())
	}
	test.Tap(v.ShowKey())
	if v.Key() != key || !strings.Contains(v.Snippet(), key) {
		t.Errorf("shown key %q", v.Key())
	}
	test.Tap(f.button("bridge.snippet"))
	if got := u.app.Clipboard().Content(); got != bridge.Snippet(url, key) || !strings.Contains(got, url) {
		t.Errorf("clipboard %q", got)
	}
	test.Tap(f.button("bridge.copyURL"))
	if got := u.app.Clipboard().Content(); got != url {
		t.Errorf("clipboard %q", got)
	}

	// A report over real HTTP shows up in the log and in the counters.
	post := func(key, body string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, u.bridge.URL()+"/report", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(bridge.KeyHeader, key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(key, `{"event": "buy", "data": {"price": "9"}, "page": "pages/goods/goods", "trigger": "click"}`); code != 200 {
		t.Fatalf("status %d", code)
	}
	if code := post("wrong-key-wrong-key", `{"event": "buy"}`); code != http.StatusUnauthorized {
		t.Fatalf("status %d with a wrong key", code)
	}
	r := u.ana.Reports()
	f.p.until(t, "the bridged report", func() bool { return r.Len() == 1 })
	if status := r.RowText(0)[5]; !strings.HasPrefix(status, "⚠ 字段 price 应为数字，实际为字符串 \"9\"；缺少字段 color") {
		t.Errorf("status %q", status)
	}
	u.changed(shell.BridgeChanged) // as the window's ticker says every second: a rejection publishes no event
	if v.Stats() != "已接收 1 条上报，其中 1 条有问题；拒绝了 1 个请求" || v.LastRejection() == "" {
		t.Errorf("stats %q", v.Stats())
	}

	// 停止 and 启动; 重新生成密钥 restarts it with a new, persisted key.
	test.Tap(f.button("bridge.toggle"))
	f.p.until(t, "the stopped bridge", func() bool { return u.bridge == nil && v.State() == "已停止" })
	if v.URL() != "—" || !f.button("bridge.snippet").Disabled() {
		t.Errorf("stopped: url %q", v.URL())
	}
	test.Tap(f.button("bridge.toggle"))
	f.p.until(t, "the running bridge", func() bool { return u.bridge != nil && v.State() == "运行中" })
	if u.bridge.URL() != url {
		t.Errorf("restarted on %s, was %s", u.bridge.URL(), url)
	}
	u.restartBridge(true, true)
	f.p.until(t, "the new key", func() bool { return u.bridge != nil && u.bridge.Key() != key })
	if persisted, _ := bridge.KeyFor(context.Background(), u.eng); persisted != u.bridge.Key() || v.Key() != persisted {
		t.Errorf("new key %q, persisted %q, shown %q", u.bridge.Key(), persisted, v.Key())
	}
	if code := post(key, `{"event": "buy"}`); code != http.StatusUnauthorized {
		t.Errorf("the old key still works against %s: %d", u.bridge.URL(), code)
	}

	// 允许的来源: a LAN dev server's origin, saved, restarts the bridge with it allowed.
	health := func(origin string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u.bridge.URL()+"/health", nil)
		req.Header.Set(bridge.KeyHeader, u.bridge.Key())
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := health("http://192.168.1.5:10086"); code != http.StatusForbidden {
		t.Fatalf("a LAN origin before it is allowed: %d", code)
	}
	before := u.bridge
	v.Origins().SetText("http://192.168.1.5:10086/")
	test.Tap(f.button("bridge.origins"))
	f.p.until(t, "the bridge restarted with the origin", func() bool { return u.bridge != nil && u.bridge != before })
	if code := health("http://192.168.1.5:10086"); code != http.StatusOK || v.Origins().Text != "http://192.168.1.5:10086" {
		t.Errorf("an allowed LAN origin: %d, entry %q", code, v.Origins().Text)
	}
	if saved, _ := bridge.SavedOrigins(context.Background(), u.eng); len(saved) != 1 || saved[0] != "http://192.168.1.5:10086" {
		t.Errorf("saved %q", saved)
	}
}

func TestBridgeFallsBackToAFreePort(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	v := u.ana.Bridge()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())

	// Alone: the next free port.
	srv, _, fellBack, err := openBridge(context.Background(), u.eng, busy.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if fellBack == nil || srv.URL() == "http://"+busy.Addr().String() || !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Errorf("url %s, fell back because %v", srv.URL(), fellBack)
	}
	srv.Close()

	// In the window: stopped and started while the default port is taken, the bridge says so and takes
	// the port it had before, so the snippet keeps working.
	defer func(addr string) { bridgeAddr = addr }(bridgeAddr)
	bridgeAddr = busy.Addr().String()
	url := u.bridge.URL()
	test.Tap(f.button("bridge.toggle"))
	f.p.until(t, "the stopped bridge", func() bool { return u.bridge == nil && !u.bridgeState.busy })
	test.Tap(f.button("bridge.toggle"))
	f.p.until(t, "the running bridge", func() bool { return u.bridge != nil })
	if u.bridge.URL() != url || v.Note() == "" || !strings.HasPrefix(v.Note(), "端口 "+port+" 不可用") ||
		!strings.Contains(v.Note(), url) {
		t.Errorf("url %s (was %s), note %q", u.bridge.URL(), url, v.Note())
	}
}

// TestReportLogNamesTheTrigger: the trigger column and the detail name the trigger that fired a report, in
// the window's language; a report from code (reportEvent / reportAnalytics, which names no trigger) says so
// and gets no action guessed from its page.
func TestReportLogNamesTheTrigger(t *testing.T) {
	f := newReportsFixture(t)
	v := f.ui.ana.Reports()
	f.report("buy", `{"price": 3, "color": "red"}`) // fired by the click action
	if _, err := f.ui.eng.Report(context.Background(), core.ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 4, "color": "red"}`),
		Page: "pages/goods/goods"}); err != nil {
		t.Fatal(err)
	}
	f.p.until(t, "two rows", func() bool { return v.Len() == 2 })
	for _, lang := range []struct{ choice, click, code string }{
		{LangChinese, "点击元素 (click)", "代码上报"},
		{LangEnglish, "Tap element (click)", "from code"},
	} {
		t.Run(lang.choice, func(t *testing.T) {
			f.ui.setLanguage(lang.choice)
			f.p.drain()
			v := f.ui.ana.Reports()
			f.p.until(t, "two rows", func() bool { return v.Len() == 2 })
			code, click := v.RowText(0), v.RowText(1)
			if click[3] != lang.click || click[4] != "#1 click .buy" {
				t.Errorf("the click's trigger and action %q %q, want %q", click[3], click[4], lang.click)
			}
			if code[3] != lang.code || code[4] != "" {
				t.Errorf("the report from code: trigger %q, action %q; want %q and no action", code[3], code[4], lang.code)
			}
			v.Select(0)
			if !strings.Contains(v.Detail(), ": "+lang.code+"\n") {
				t.Errorf("the detail does not name the trigger %q:\n%s", lang.code, v.Detail())
			}
		})
	}
}
