package app

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/uitest"
)

// pump runs the window's UI callbacks on the test goroutine, in order (uitest.Pump).
type pump chan func()

func (p pump) do(f func()) { p <- f }

// until runs callbacks until cond holds, failing after a deadline.
func (p pump) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	uitest.Pump(p).Until(t, what, cond)
}

// drain runs what is queued now.
func (p pump) drain() { uitest.Pump(p).Drain() }

type fixture struct {
	t    *testing.T
	ui   *UI
	p    pump
	dir  string
	srv  *httptest.Server
	hits chan string
}

func config(base, path string) string {
	return fmt.Sprintf(`{"token": "tok", "timeoutMs": 5000,
  "periodic": {"url": %q},
  "prefetch": {"url": %q, "path": "pages/a", "scene": 1047}}`, base+path, base+"/pre")
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t, p: make(pump, 10000), dir: t.TempDir(), hits: make(chan string, 100)}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return
		}
		fmt.Fprintf(w, `{"served":%q,"token":%q}`, r.URL.Path, r.URL.Query().Get("token"))
	}))
	t.Cleanup(f.srv.Close)
	f.write(project.ProjectConfigFile, `{"appid": "wxui", "setting": {"preloadBackgroundData": false}}`)
	f.write(project.ConfigFile, config(f.srv.URL, "/periodic"))
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil) // the default theme: the test theme has no bold monospace font
	ui, err := New(a, Options{ProjectDir: f.dir, DataDir: t.TempDir(), Do: f.p.do, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	f.ui = ui
	ui.tr.choice = LangChinese
	ui.Window().Resize(fyne.NewSize(1100, 760))
	ui.Window().Show()
	t.Cleanup(func() {
		ui.Window().Close()
		f.p.drain()
	})
	f.p.until(t, "the project to load and its watch", func() bool { return ui.proj != nil && ui.watching })
	return f
}

// newDemoFixture is the window on the embedded demo project, served by its demo server on loopback, as
// `bgfetch --demo` opens it; f.dir is the demo project's folder.
func newDemoFixture(t *testing.T) *fixture {
	f := &fixture{t: t, p: make(pump, 10000), hits: make(chan string, 100)}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil)
	ui, err := New(a, Options{Demo: true, DataDir: t.TempDir(), Do: f.p.do, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	f.ui, f.dir = ui, ui.demoDir()
	ui.tr.choice = LangChinese
	ui.Window().Resize(fyne.NewSize(1100, 760))
	ui.Window().Show()
	t.Cleanup(func() {
		ui.Window().Close()
		f.p.drain()
	})
	f.p.until(t, "the demo project to load and its watch", func() bool { return ui.proj != nil && ui.watching })
	return f
}

func (f *fixture) write(name, content string) {
	f.t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func TestTapPullShowsTheAttemptAndTheBody(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.p.until(t, "the empty state", func() bool { return u.periodic.W().LastOK.Text == "尚无缓存数据" })
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the attempt", func() bool { return strings.Contains(u.periodic.W().Attempt.Text, "HTTP 200") })
	if !strings.Contains(u.periodic.W().Attempt.Text, "已缓存") {
		t.Errorf("attempt line %q", u.periodic.W().Attempt.Text)
	}
	f.p.until(t, "the cached body", func() bool { return strings.Contains(u.periodic.W().Body.Text(), `"served": "/periodic"`) })
	f.p.until(t, "the last update", func() bool { return strings.Contains(u.periodic.W().LastOK.Text, "刚刚") })
	f.p.until(t, "the get result", func() bool { return strings.Contains(u.get.JSON(0), `"errMsg":"getBackgroundFetchData:ok"`) })
	f.p.until(t, "the history row", func() bool { return len(u.history.Rows()) == 1 })
	// Selecting the row shows the request in full.
	u.history.Select(0)
	f.p.until(t, "the attempt detail", func() bool { return u.history.Inspector().Visible() && len(u.history.Params()) == 3 })
	// The token is masked until asked for.
	if got := u.history.Params()[1]; got[0] != "token" || got[1] != "••••••" || got[2] != "••••••" {
		t.Errorf("params %v", u.history.Params())
	}
	if strings.Contains(u.history.Summary(), "token=tok&") || !strings.Contains(u.history.Summary(), "token=••••••&") {
		t.Errorf("the token shows in %q", u.history.Summary())
	}
	u.history.SecretsCheck().SetChecked(true)
	f.p.until(t, "the token shown", func() bool {
		got := u.history.Params()[1]
		return got[1] == "tok" && got[2] == "tok"
	})
}

func TestConfigChangeOnDiskShowsUpWithoutAClick(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, config(f.srv.URL, "/changed"))
	f.p.until(t, "the new address", func() bool { return u.periodic.W().Addr.Text == f.srv.URL+"/changed" })
	if !strings.Contains(u.status.config.Text, "已重新加载") {
		t.Errorf("status %q", u.status.config.Text)
	}

	// An invalid config shows the banner and keeps the last good values.
	f.write(project.ConfigFile, `{"token": "tok", "periodic": {"url": `)
	f.p.until(t, "the banner", func() bool { return u.banner.content.Visible() })
	if !strings.Contains(u.banner.text.Text, "bgfetch.config.json:1:") || u.periodic.W().Addr.Text != f.srv.URL+"/changed" {
		t.Errorf("banner %q, address %q", u.banner.text.Text, u.periodic.W().Addr.Text)
	}
	if !strings.Contains(u.status.config.Text, "bgfetch.config.json:1:") {
		t.Errorf("status %q", u.status.config.Text)
	}
	// A pull still works with the last good config.
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the pull", func() bool { return strings.Contains(u.periodic.W().Attempt.Text, "/changed") })

	f.write(project.ConfigFile, config(f.srv.URL, "/fixed"))
	f.p.until(t, "the banner to go", func() bool { return !u.banner.content.Visible() && u.periodic.W().Addr.Text == f.srv.URL+"/fixed" })
}

func TestClearEmptiesThePanels(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the cached body", func() bool { return u.periodic.W().Body.Body() != nil })
	u.clear() // 全部清除
	f.p.until(t, "the empty panel", func() bool {
		return u.periodic.W().Body.Body() == nil && u.periodic.W().LastOK.Text == "尚无缓存数据"
	})
	f.p.until(t, "the fail result", func() bool { return strings.Contains(u.get.JSON(0), "getBackgroundFetchData:fail") })
	f.p.until(t, "the notice", func() bool { return strings.Contains(u.toaster.Text(), "已清除 1 条缓存数据") })
}

func TestCancelASlowRequest(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, config(f.srv.URL, "/slow"))
	f.p.until(t, "the slow address", func() bool { return strings.HasSuffix(u.periodic.W().Addr.Text, "/slow") })
	test.Tap(u.periodic.W().Run)
	if u.periodic.W().Cancel.Disabled() || !u.periodic.W().Run.Disabled() || !u.periodic.W().Progress.Visible() {
		t.Fatal("no progress while the request runs")
	}
	test.Tap(u.periodic.W().Cancel)
	f.p.until(t, "the cancelled attempt", func() bool {
		return !u.periodic.Running() && strings.Contains(u.periodic.W().AttemptWhy.Text, "已取消")
	})
	if u.periodic.W().Run.Disabled() || u.periodic.W().Progress.Visible() {
		t.Error("the panel still looks busy")
	}
}

func TestPrefetchSwitchWritesProjectConfig(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	// Off: 模拟冷启动 sends as asked, and says that the mini program would not.
	test.Tap(u.prefetch.W().Run)
	f.p.until(t, "the prefetch with its note", func() bool {
		return strings.Contains(u.prefetch.W().Attempt.Text, "HTTP 200") && strings.Contains(u.prefetch.W().AttemptWhy.Text, "未启用数据预拉取：小程序不会预拉取")
	})
	u.prefetch.W().Preload.SetChecked(true)
	f.p.until(t, "project.config.json", func() bool {
		b, _ := os.ReadFile(filepath.Join(f.dir, project.ProjectConfigFile))
		return strings.Contains(string(b), `"preloadBackgroundData": true`)
	})
	f.p.until(t, "the reload", func() bool { return u.proj.PreloadBackgroundData && u.menuItems["settings.preload"][0].Checked })
	// Edited launch parameters go into the request, not into the config.
	u.prefetch.W().Path.SetText("pages/edited")
	test.Tap(u.prefetch.W().Run)
	f.p.until(t, "the prefetch", func() bool { return strings.Contains(u.prefetch.W().Attempt.Text, "HTTP 200") })
	f.p.until(t, "the pre result", func() bool { return strings.Contains(u.get.JSON(1), `"path":"pages/edited"`) })
	if u.proj.Prefetch.Path != "pages/a" {
		t.Errorf("the config changed: %q", u.proj.Prefetch.Path)
	}
	// A bad scene is refused with a message, and nothing is sent.
	u.prefetch.W().Scene.SetText("abc")
	f.p.until(t, "both prefetches listed and the second one over", func() bool {
		return len(u.history.Rows()) == 2 && !u.prefetch.Running()
	})
	n := len(u.history.Rows())
	test.Tap(u.prefetch.W().Run)
	if u.prefetch.Running() || len(u.history.Rows()) != n {
		t.Error("a cold start ran with an invalid scene")
	}
}

func TestSimulatedOSAndPlatform(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.p.until(t, "android fail", func() bool { return strings.Contains(u.get.JSON(1), "getBackgroundFetchData:fail") })
	u.menuItems["os.ios"][0].Action()
	f.p.until(t, "ios empty success", func() bool {
		return strings.Contains(u.get.JSON(1), `"fetchedData":""`) && strings.Contains(u.get.JSON(1), ":ok")
	})
	u.menuItems["platform.qq"][0].Action()
	f.p.until(t, "QQ", func() bool { return u.proj.Platform == project.QQ && u.menuItems["platform.qq"][0].Checked })
	b, _ := os.ReadFile(filepath.Join(f.dir, project.ConfigFile))
	if !strings.Contains(string(b), `"platform": "qq"`) {
		t.Errorf("platform not written:\n%s", b)
	}
	if !strings.HasPrefix(u.get.Title(0), "qq.getBackgroundFetchData") {
		t.Errorf("title %q", u.get.Title(0))
	}
	if !strings.Contains(u.periodic.W().Versions.Text, "基础库 ≥ 1.14.0") || strings.Contains(u.periodic.W().Versions.Text, "8.0.27") {
		t.Errorf("QQ's versions: %q", u.periodic.W().Versions.Text)
	}
	// Alipay: its Spec's fetch types name the results and their tabs; no token whatever the config says.
	u.menuItems["platform.alipay"][0].Action()
	f.p.until(t, "Alipay", func() bool { return u.proj.Platform == project.Alipay && u.menuItems["platform.alipay"][0].Checked })
	if got := u.get.Tabs(); len(got) != 2 || got[0] != "数据预拉取" || got[1] != "API 预调用（jsapiPre）" {
		t.Errorf("Alipay's result tabs %q", got)
	}
	if !strings.HasPrefix(u.get.Title(1), "my.getBackgroundFetchData({ fetchType: 'jsapiPre' })") {
		t.Errorf("title %q", u.get.Title(1))
	}
	if u.periodic.W().Identity.Text() != "支付宝预拉取不发送 token" || u.periodic.Runnable() || u.periodic.W().Versions.Text != "—" {
		t.Errorf("Alipay's periodic panel: identity %q, runnable %v, versions %q", u.periodic.W().Identity.Text(), u.periodic.Runnable(), u.periodic.W().Versions.Text)
	}
	// WeChat's periodic body, cached under the same appid, is not Alipay's: the panel shows none.
	f.p.until(t, "no periodic cache on Alipay", func() bool { return u.periodic.W().LastOK.Text == "—" && !u.periodic.ShowsCache() })
	if !strings.Contains(u.prefetch.W().Versions.Text, "基础库 ≥ 2.7.11、客户端 ≥ 10.2.36") {
		t.Errorf("Alipay's prefetch versions %q", u.prefetch.W().Versions.Text)
	}
}

func TestLanguageSwitchRebuildsTheWindow(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	u.setLanguage(LangEnglish)
	f.p.drain()
	if got := u.tabs.Items[0].Text; got != "Periodic Updates" {
		t.Errorf("tab %q", got)
	}
	if got := u.win.MainMenu().Items[1].Label; got != "Tools" {
		t.Errorf("menu %q", got)
	}
	u.setLanguage(LangChinese)
	f.p.drain()
	if got := u.tabs.Items[0].Text; got != "周期性更新" {
		t.Errorf("tab %q", got)
	}
}

func TestEveryKeyIsTranslated(t *testing.T) {
	tr := newTranslator(LangEnglish)
	files, _ := filepath.Glob("*.go")
	panels, _ := filepath.Glob("ui/*/*.go") // the feature panels
	if len(panels) == 0 {
		t.Fatal("no feature panel under ui/")
	}
	for _, file := range append(files, panels...) {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range translatedKeys(string(src)) {
			if _, ok := tr.en[key]; !ok {
				t.Errorf("%s: no English for %q in assets/translations/en.json", file, key)
			}
		}
	}
}

// translatedKeys finds the string literals passed to t(…), T(…) and F(…).
func translatedKeys(src string) []string {
	var keys []string
	for _, prefix := range []string{`t("`, `.T("`, `.F("`} {
		rest := src
		for {
			i := strings.Index(rest, prefix)
			if i < 0 {
				break
			}
			rest = rest[i+len(prefix):]
			end := strings.Index(rest, `"`)
			if end < 0 {
				break
			}
			if i == 0 || prefix != `t("` || !isIdent(src[len(src)-len(rest)-len(prefix)-1]) {
				key, err := strconv.Unquote(`"` + rest[:end] + `"`)
				if err != nil {
					key = rest[:end]
				}
				keys = append(keys, key)
			}
			rest = rest[end:]
		}
	}
	return keys
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func TestSimulationPanel(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	s, in := u.sim, u.sim.Controls()
	// A real pull first: it must stay the only real attempt whatever the simulation does.
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the pull", func() bool { return strings.Contains(u.periodic.W().Attempt.Text, "HTTP 200") })

	// Run the schedule as fast as it goes: updates arrive in the timeline, 12 h apart on the simulated
	// clock, kept in the simulation store only.
	if err := u.clock.SetSpeed(core.SpeedMax); err != nil {
		t.Fatal(err)
	}
	in.Running.SetChecked(true)
	f.p.until(t, "three updates", func() bool { return countPrefix(s.Events(), "✓ HTTP 200") >= 3 })
	in.Running.SetChecked(false)
	f.p.until(t, "the stop", func() bool {
		ev := s.Events()
		return len(ev) > 0 && ev[len(ev)-1] == "计划已停止，模拟时钟已暂停"
	})
	f.p.until(t, "the clock to pause", func() bool { return u.clock.Paused() })
	simList, _ := u.simEng.History(u.ctx, core.HistoryFilter{FetchType: fetch.Periodic, Limit: 3})
	if len(simList) < 3 || simList[0].StartedAt.Sub(simList[1].StartedAt) != 12*time.Hour {
		t.Errorf("simulated updates not 12 h apart: %v", simList)
	}
	real, _ := u.eng.History(u.ctx, core.HistoryFilter{})
	if len(real) != 1 || time.Since(real[0].StartedAt).Abs() > time.Minute {
		t.Errorf("the real history holds simulated attempts: %d attempts, the newest at %v", len(real), real[0].StartedAt)
	}
	_ = u.clock.SetSpeed(core.SpeedRealTime)

	// Stopped, the simulated clock stands still; 跳到下一次更新 moves it 12 h after the last simulated update.
	paused := u.clock.Now()
	time.Sleep(20 * time.Millisecond)
	if !u.clock.Now().Equal(paused) {
		t.Error("the simulated clock runs while the schedule is stopped")
	}
	// (Stopped at full speed, the clock may already stand at the next due time: then the skip is 0.)
	test.Tap(u.buttons["sim.skip"][0])
	f.p.until(t, "the skip", func() bool {
		// Measured from the last successful update: the newest simulated attempt may be the one the stop
		// cancelled.
		due, _, ok := u.sched.Next(u.ctx)
		last, _ := u.sched.LastSuccess(u.ctx)
		return ok && !due.After(u.clock.Now()) && !u.clock.Now().Before(paused) && due.Sub(last) >= 12*time.Hour
	})

	// A real pull after all that sends the wall clock's timestamp and lands in the real cache only.
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the second real pull", func() bool {
		l, _ := u.eng.History(u.ctx, core.HistoryFilter{})
		return len(l) == 2
	})
	real, _ = u.eng.History(u.ctx, core.HistoryFilter{Limit: 1})
	for _, p := range real[0].Params {
		if p.Name == "timestamp" {
			ms, _ := strconv.ParseInt(p.Value, 10, 64)
			if d := time.Since(time.UnixMilli(ms)).Abs(); d > time.Minute {
				t.Errorf("a real request carried a timestamp %s off the wall clock", d)
			}
		}
	}
	f.p.until(t, "上次成功更新 just now", func() bool { return strings.Contains(u.periodic.W().LastOK.Text, "刚刚") })

	// 重置: the clock back to now, the simulation store empty.
	test.Tap(u.buttons["sim.reset"][0])
	f.p.until(t, "the reset", func() bool {
		l, _ := u.simEng.History(u.ctx, core.HistoryFilter{})
		return len(l) == 0 && time.Since(u.clock.Now()).Abs() < time.Minute
	})

	// The user away for 8 days gets no updates: the plan says so.
	in.Away.SetSelectedIndex(2)
	f.p.until(t, "the 7-day rule", func() bool { return strings.Contains(s.Next(), "（超过 7 天）") })
	if in.OpensDaily.Checked {
		t.Error("opens-daily stayed on for an away user")
	}

	// Switching to a tester is one click and does not touch the config.
	cfg, _ := os.ReadFile(filepath.Join(f.dir, project.ConfigFile))
	in.User.SetSelectedIndex(1)
	f.p.until(t, "the tester", func() bool { return strings.Contains(s.UserInfo(), "开发者或体验者") })
	if now, _ := os.ReadFile(filepath.Join(f.dir, project.ConfigFile)); string(now) != string(cfg) {
		t.Error("switching the user changed the config file")
	}

	// The cold-start race: a listener registered after the data arrived misses it.
	u.prefetch.W().Preload.SetChecked(true)
	f.p.until(t, "the preload switch", func() bool { return u.proj.PreloadBackgroundData })
	in.Delay.SetValue(200)
	in.ListenerAt.SetValue(3000)
	test.Tap(u.buttons["sim.race"][0])
	f.p.until(t, "the timeline", func() bool { return strings.Contains(s.RaceText(), "不会触发") }) // in the window's language
	if !strings.Contains(s.RaceText(), "数据到达") || hasEnglishProse(s.RaceText()) {
		t.Errorf("timeline:\n%s", s.RaceText())
	}
	// The chart says it in the window's language, and follows the listener slider without sending again.
	verdict := func() string { return strings.Join(texts(s.Race()), " ") }
	if !strings.Contains(verdict(), "晚于数据到达：不会触发") {
		t.Errorf("chart: %s", verdict())
	}
	in.ListenerAt.SetValue(0)
	if !strings.Contains(verdict(), "早于数据到达：会触发") {
		t.Errorf("chart after the listener slider moved to 0 ms: %s", verdict())
	}
}

func countPrefix(lines []string, sub string) int {
	n := 0
	for _, l := range lines {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

func TestHistoryInspector(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	h := u.history
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the first pull", func() bool { return strings.Contains(u.periodic.W().Attempt.Text, "HTTP 200") })
	f.write(project.ConfigFile, config(f.srv.URL, "/other"))
	f.p.until(t, "the new address", func() bool { return strings.HasSuffix(u.periodic.W().Addr.Text, "/other") })
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "two rows", func() bool { return len(h.Rows()) == 2 && !u.periodic.Running() })

	// The newest attempt compared with the cached one before it: one JSON change.
	h.Select(0)
	f.p.until(t, "the diff", func() bool { return len(h.DiffRows()) == 1 })
	if got := h.DiffRows()[0]; got[0] != "$.served" || got[2] != `"/periodic"` || got[3] != `"/other"` {
		t.Errorf("diff %v", got)
	}
	// Timing is shown for a sent request.
	if !strings.Contains(h.Info(), "DNS") {
		t.Errorf("no timing in %q", h.Info())
	}
	// cURL reproduces the request, with the token masked unless asked for.
	h.CopyCurl()
	if c := u.app.Clipboard().Content(); !strings.HasPrefix(c, "curl") || !strings.Contains(c, "/other") || strings.Contains(c, "token=tok") {
		t.Errorf("curl %q", c)
	}
	// Search and filters.
	h.SearchBox().SetText("other")
	f.p.until(t, "the search", func() bool { return len(h.Rows()) == 1 && strings.Contains(h.Rows()[0].URL, "/other") })
	h.SearchBox().SetText("")
	h.CachedFilter().SetSelectedIndex(2) // not cached
	f.p.until(t, "the filter", func() bool { return len(h.Rows()) == 0 && h.Count() == "共 0 条" })
	h.CachedFilter().SetSelectedIndex(0)
	f.p.until(t, "all rows", func() bool { return len(h.Rows()) == 2 })

	// Re-run sends the stored request again and records it as a re-run.
	h.Select(1)
	f.p.until(t, "the older attempt", func() bool { return h.Shown() != nil && strings.Contains(h.Shown().URL, "/periodic") })
	h.Rerun()
	f.p.until(t, "the re-run", func() bool { return len(h.Rows()) == 3 && h.Rows()[0].Origin == "rerun" })
	if !strings.Contains(h.Rows()[0].URL, "/periodic") || h.Rows()[0].RerunOf != h.Rows()[2].ID {
		t.Errorf("re-run %+v", h.Rows()[0])
	}
	// The inspector now shows the new attempt, so the next action applies to it.
	f.p.until(t, "the re-run in the inspector", func() bool { return h.Shown() != nil && h.Shown().ID == h.Rows()[0].ID })
}

// TestAnotherWriterShowsUp: pulls from another process on the same database (the CLI) reach the open
// window's panels without a click.
func TestAnotherWriterShowsUp(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.p.until(t, "the empty state", func() bool { return u.periodic.W().LastOK.Text == "尚无缓存数据" })
	cli, err := core.Open(core.Options{ProjectDir: f.dir, DataDir: u.dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	for range 3 {
		if _, err := cli.Pull(u.ctx); err != nil {
			t.Fatal(err)
		}
	}
	f.p.until(t, "the other writer's pulls", func() bool {
		return len(u.history.Rows()) == 3 && strings.Contains(u.periodic.W().LastOK.Text, "刚刚") && u.periodic.W().Body.Body() != nil
	})
}
