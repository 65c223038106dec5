package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/widgets"
)

// TestEveryAction runs every row of the action table on a project, through its menu item or button:
// dialogs are cancelled or answered, destructive commands confirmed. Each row checks what a person would
// see; an action without a row here fails the test.
func TestEveryAction(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	u.opener = "bgfetch-test-no-editor"
	f.pulled(t)
	toast := func(want string) func() bool {
		return func() bool { return strings.Contains(u.toaster.Text(), want) && u.toaster.Visible() }
	}
	tab := func(i int) func(t *testing.T) {
		return func(t *testing.T) {
			f.trigger(t, "view.tab"+string(rune('1'+i)))
			if u.tabs.SelectedIndex() != i {
				t.Errorf("tab %d, want %d", u.tabs.SelectedIndex(), i)
			}
		}
	}
	platform := func(id string, p project.Platform) func(t *testing.T) {
		return func(t *testing.T) {
			f.trigger(t, id)
			f.p.until(t, "the platform "+string(p), func() bool {
				return u.proj.Platform == p && u.menuItems[id][0].Checked
			})
		}
	}
	lang := func(id, choice, tab0 string) func(t *testing.T) {
		return func(t *testing.T) {
			f.trigger(t, id)
			f.p.drain()
			if u.tr.choice != choice || u.tabs.Items[0].Text != tab0 || !u.menuItems[id][0].Checked {
				t.Errorf("choice %q, first tab %q", u.tr.choice, u.tabs.Items[0].Text)
			}
		}
	}
	rows := map[string]func(t *testing.T){
		"project.open": func(t *testing.T) {
			f.trigger(t, "project.open")
			f.p.until(t, "the file dialog", func() bool { return u.win.Canvas().Overlays().Top() != nil })
			u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Esc cancels it
			f.p.until(t, "Esc to close the file dialog", func() bool { return u.win.Canvas().Overlays().Top() == nil })
			f.trigger(t, "project.open")
			f.cancelFileDialog(t)
			if u.eng.ProjectDir() != f.dir {
				t.Error("a cancelled dialog switched the project")
			}
		},
		"project.demo": func(t *testing.T) {
			f.trigger(t, "project.demo")
			f.p.until(t, "the demo project", func() bool {
				return u.proj != nil && u.proj.AppID != "wxui" && u.eng.ProjectDir() == u.demoDir() && u.watching
			})
			u.openProject(f.dir)
			f.p.until(t, "back to the project", func() bool {
				return u.proj != nil && u.proj.AppID == "wxui" && u.eng.ProjectDir() == f.dir && u.watching
			})
		},
		"project.config": func(t *testing.T) {
			f.trigger(t, "project.config")
			path := filepath.Join(f.dir, project.ConfigFile)
			f.p.until(t, "the no-editor dialog", func() bool { return strings.Contains(f.overlayText(), path) })
			u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Esc closes it
			f.p.until(t, "Esc to close the dialog", func() bool { return u.win.Canvas().Overlays().Top() == nil })
			if got := u.app.Clipboard().Content(); got != path {
				t.Errorf("clipboard %q, want the config path", got)
			}
		},
		"project.reload": func(t *testing.T) {
			u.status.config.SetText("")
			f.trigger(t, "project.reload")
			f.p.until(t, "the reload", func() bool { return strings.Contains(u.status.config.Text, "已重新加载") })
		},
		"app.quit": func(t *testing.T) {
			// The test driver's Quit does nothing; TestRealWindow quits the real window with Ctrl+Q.
			if m := u.menuItems["app.quit"][0]; !m.IsQuit || shortcutText(m.Shortcut) != "Ctrl+Q" {
				t.Errorf("quit item %+v", m)
			}
			f.trigger(t, "app.quit")
		},
		"fetch.periodic": func(t *testing.T) {
			n := len(u.history.Rows())
			f.trigger(t, "fetch.periodic")
			f.p.until(t, "the pull", func() bool { return len(u.history.Rows()) == n+1 && !u.periodic.Running() })
			if !strings.Contains(u.periodic.W().Attempt.Text, "HTTP 200") {
				t.Errorf("attempt %q", u.periodic.W().Attempt.Text)
			}
		},
		"fetch.pre": func(t *testing.T) {
			n := len(u.history.Rows())
			f.trigger(t, "fetch.pre") // prefetch is off in this project: it sends as asked, and says the mini program would not
			f.p.until(t, "the prefetch and its note", func() bool {
				return !u.prefetch.Running() && len(u.history.Rows()) == n+1 && strings.Contains(u.prefetch.W().AttemptWhy.Text, "小程序不会预拉取")
			})
			f.p.until(t, "the toast", toast("小程序不会预拉取"))
		},
		"fetch.cancel": func(t *testing.T) {
			if !u.menuItems["fetch.cancel"][0].Disabled || !u.buttons["fetch.cancel"][0].Disabled() {
				t.Error("取消请求 is enabled with nothing to cancel")
			}
			f.write(project.ConfigFile, config(f.srv.URL, "/slow"))
			f.p.until(t, "the slow address", func() bool { return strings.HasSuffix(u.periodic.W().Addr.Text, "/slow") })
			u.act("fetch.periodic")
			if u.menuItems["fetch.cancel"][0].Disabled {
				t.Error("取消请求 is disabled while a request runs")
			}
			f.trigger(t, "fetch.cancel")
			f.p.until(t, "the cancelled attempt", func() bool {
				return !u.periodic.Running() && strings.Contains(u.periodic.W().AttemptWhy.Text, "已取消")
			})
			f.write(project.ConfigFile, config(f.srv.URL, "/periodic"))
			f.p.until(t, "the address back", func() bool { return strings.HasSuffix(u.periodic.W().Addr.Text, "/periodic") })
		},
		"cache.periodic": func(t *testing.T) {
			f.trigger(t, "cache.periodic")
			f.p.until(t, "the empty cache", func() bool { return u.periodic.W().Body.Body() == nil })
			f.p.until(t, "the toast", toast("已清除 1 条缓存数据"))
		},
		"cache.pre": func(t *testing.T) {
			f.trigger(t, "cache.pre") // fetch.pre cached one
			f.p.until(t, "the empty cache", func() bool { return u.prefetch.W().Body.Body() == nil })
			f.p.until(t, "the toast", toast("已清除 1 条缓存数据"))
		},
		"cache.all": func(t *testing.T) {
			u.act("fetch.periodic")
			f.p.until(t, "a cached body", func() bool { return u.periodic.W().Body.Body() != nil })
			f.trigger(t, "cache.all")
			f.p.until(t, "the empty cache", func() bool { return u.periodic.W().Body.Body() == nil })
		},
		"history.clear": func(t *testing.T) {
			f.trigger(t, "history.clear")
			f.answer(t, "全部请求记录", "Yes", "是")
			f.p.until(t, "the empty history", func() bool {
				_, sizes := u.history.TrendDots()
				return len(u.history.Rows()) == 0 && sizes == 0
			})
			f.p.until(t, "the toast", toast("已删除"))
		},
		"history.rerun": func(t *testing.T) {
			f.pulled(t)
			n := len(u.history.Rows())
			f.trigger(t, "history.rerun")
			f.p.until(t, "the re-run", func() bool { return len(u.history.Rows()) == n+1 })
			f.p.until(t, "the toast", toast("已重新发送"))
			if times, sizes := u.history.TrendDots(); sizes == 0 || times == 0 {
				t.Error("the history's trend charts draw nothing")
			}
		},
		"history.curl": func(t *testing.T) {
			f.pulled(t)
			f.trigger(t, "history.curl")
			got := u.app.Clipboard().Content()
			if !strings.HasPrefix(got, "curl ") || !strings.Contains(got, "token=••••••") || strings.Contains(got, "token=tok") {
				t.Errorf("clipboard %q", got)
			}
			f.p.until(t, "the toast", toast("token 已隐藏"))
		},
		"history.delete": func(t *testing.T) {
			f.pulled(t)
			n := len(u.history.Rows())
			f.trigger(t, "history.delete")
			f.answer(t, "删除记录", "Yes", "是")
			f.p.until(t, "the deletion", func() bool { return u.history.Shown() == nil && len(u.history.Rows()) == n-1 })
		},
		"history.export": func(t *testing.T) { f.trigger(t, "history.export"); f.cancelFileDialog(t) },
		"history.import": func(t *testing.T) { f.trigger(t, "history.import"); f.cancelFileDialog(t) },
		"sim.run": func(t *testing.T) {
			f.trigger(t, "sim.run")
			f.p.until(t, "the schedule's first update", func() bool { return countPrefix(u.sim.Events(), "✓ HTTP 200") >= 1 })
			f.p.until(t, "the update on the strip", func() bool { return len(u.sim.StripPoints()) > 0 && len(u.sim.StripPoints()) == len(u.sim.Points()) })
			if u.sim.Points()[0].Kind != widgets.StripSuccess {
				t.Errorf("the schedule strip's first point is %v, want the update as a success", u.sim.Points()[0].Kind)
			}
			if u.clock.Paused() || !u.menuItems["sim.run"][0].Checked || !u.sim.Controls().Running.Checked {
				t.Error("the schedule runs on a paused clock, or its menu item or the tab's box has no tick")
			}
			f.trigger(t, "sim.run")
			f.p.until(t, "the stop", func() bool {
				return u.clock.Paused() && !u.menuItems["sim.run"][0].Checked && !u.sim.Controls().Running.Checked
			})
		},
		"sim.skip": func(t *testing.T) {
			before := u.clock.Now()
			f.trigger(t, "sim.skip")
			f.p.until(t, "the skip to the next due update", func() bool {
				due, _, ok := u.sched.Next(u.ctx)
				return ok && !due.After(u.clock.Now()) && !u.clock.Now().Before(before)
			})
		},
		"sim.reset": func(t *testing.T) {
			f.trigger(t, "sim.reset")
			f.p.until(t, "the reset", func() bool {
				l, _ := u.simEng.History(u.ctx, core.HistoryFilter{})
				return len(l) == 0 && time.Since(u.clock.Now()).Abs() < time.Minute
			})
			f.p.until(t, "the toast", toast("已重置模拟"))
			f.p.until(t, "the plan in Chinese", func() bool { return strings.Contains(u.sim.Next(), "还没有成功的更新：现在就到期") })
		},
		"sim.race": func(t *testing.T) {
			f.trigger(t, "sim.race")
			f.p.until(t, "the race on its chart", func() bool {
				return u.sim.Race().Visible() && u.sim.Race().Judge != nil && strings.Contains(u.sim.RaceText(), "getBackgroundFetchData")
			})
			// Prefetch is off in this project: the chart says so; its markers follow the sliders without sending.
			u.sim.Controls().GetAt.SetValue(1000)
			got := texts(u.sim.Race())
			if !slices.Contains(got, "getBackgroundFetchData · 1000 ms") || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "预拉取已关闭") }) {
				t.Errorf("the chart says %q", got)
			}
		},
		"sim.copyRace": func(t *testing.T) {
			f.trigger(t, "sim.copyRace")
			if got := u.app.Clipboard().Content(); got != u.sim.RaceText() || !strings.Contains(got, "onBackgroundFetchData") {
				t.Errorf("clipboard %q", got)
			}
			f.p.until(t, "the toast", toast("已复制冷启动时间线"))
		},
		"analytics.open": func(t *testing.T) {
			f.trigger(t, "analytics.open")
			if u.tabs.SelectedIndex() != 5 {
				t.Errorf("tab %d", u.tabs.SelectedIndex())
			}
		},
		"events.new": func(t *testing.T) {
			f.trigger(t, "events.new")
			if d := u.ana.Events().Draft(); !strings.HasPrefix(d.ID, "event") && d.ID == "" {
				t.Errorf("no new draft: %+v", d)
			}
		},
		"events.save": func(t *testing.T) {
			f.trigger(t, "events.save")
			f.p.until(t, "the saved event", func() bool { return strings.Contains(u.toaster.Text(), "已保存事件") })
		},
		"events.test": func(t *testing.T) {
			f.trigger(t, "events.test")
			f.p.until(t, "the test", func() bool { return u.ana.Events().Testing() && !u.buttons["events.stop"][0].Disabled() })
		},
		"events.stop": func(t *testing.T) {
			f.trigger(t, "events.stop")
			f.p.until(t, "the test to stop", func() bool { return !u.ana.Events().Testing() && u.buttons["events.stop"][0].Disabled() })
		},
		"events.discard": func(t *testing.T) {
			v := u.ana.Events()
			name := v.NameInput().Text
			test.Type(v.NameInput(), "改")
			f.p.until(t, "the unsaved change", func() bool { return v.Dirty() && !u.buttons["events.discard"][0].Disabled() })
			f.trigger(t, "events.discard")
			if v.Dirty() || v.NameInput().Text != name {
				t.Errorf("after 放弃修改: dirty %v, name %q, want %q", v.Dirty(), v.NameInput().Text, name)
			}
		},
		"events.delete": func(t *testing.T) {
			v := u.ana.Events()
			n := len(v.List())
			u.act("events.new")
			u.act("events.save")
			f.p.until(t, "a second saved event", func() bool { return len(v.List()) == n+1 && !v.Dirty() && v.Editing() })
			id := v.EditedID()
			f.trigger(t, "events.delete")
			f.answer(t, "删除事件 "+id, "删除")
			f.p.until(t, "the deletion", func() bool { return len(v.List()) == n && strings.Contains(u.toaster.Text(), "已删除事件 "+id) })
		},
		"events.toProject": func(t *testing.T) {
			f.trigger(t, "events.toProject")
			f.p.until(t, "the events in the project", func() bool {
				_, err := os.Stat(filepath.Join(f.dir, project.AnalyticsFile))
				return err == nil && u.proj.HasAnalytics && !u.buttons["events.toProject"][0].Visible()
			})
		},
		"reports.open": func(t *testing.T) {
			u.tabs.SelectIndex(0)
			f.trigger(t, "reports.open")
			if u.tabs.SelectedIndex() != 5 || u.ana.Views().SelectedIndex() != 1 {
				t.Errorf("tab %d, analytics tab %d", u.tabs.SelectedIndex(), u.ana.Views().SelectedIndex())
			}
		},
		"reports.sync": func(t *testing.T) {
			u.ana.Sync().Summary().SetText("")
			f.trigger(t, "reports.sync")
			f.p.until(t, "the sync", func() bool {
				return u.ana.Views().SelectedIndex() == 2 && !u.ana.Sync().Running() && u.ana.Sync().Summary().Text != ""
			})
		},
		"bridge.copyURL": func(t *testing.T) {
			f.trigger(t, "bridge.copyURL")
			if got := u.app.Clipboard().Content(); got != u.bridge.URL() {
				t.Errorf("clipboard %q, want %q", got, u.bridge.URL())
			}
			f.p.until(t, "the toast", toast("已复制桥接地址"))
		},
		"bridge.copyKey": func(t *testing.T) {
			f.trigger(t, "bridge.copyKey")
			if got := u.app.Clipboard().Content(); got == "" || got != u.bridgeState.key {
				t.Errorf("clipboard %q, want the key", got)
			}
			f.p.until(t, "the toast", toast("已复制密钥"))
		},
		"bridge.regen": func(t *testing.T) {
			old := u.bridgeState.key
			f.trigger(t, "bridge.regen")
			f.answer(t, "重新复制", "Yes", "是")
			f.p.until(t, "a new key", func() bool { return u.bridgeState.key != old && u.bridge != nil && !u.bridgeState.busy })
		},
		"bridge.snippet": func(t *testing.T) {
			f.trigger(t, "bridge.snippet")
			got := u.app.Clipboard().Content()
			if !strings.Contains(got, u.bridge.URL()) || !strings.Contains(got, u.bridgeState.key) {
				t.Errorf("the snippet lacks the address or the key: %.200q", got)
			}
			f.p.until(t, "the toast", toast("已复制代码片段"))
		},
		"bridge.origins": func(t *testing.T) {
			u.ana.Bridge().Origins().SetText("http://192.168.1.5:10086/ ,")
			f.trigger(t, "bridge.origins")
			f.p.until(t, "the saved origins", func() bool {
				return u.ana.Bridge().Origins().Text == "http://192.168.1.5:10086" && u.bridge != nil && !u.bridgeState.busy
			})
		},
		"fetch.launchReset": func(t *testing.T) {
			want := u.prefetch.W().Path.Text
			u.prefetch.W().Path.SetText("pages/typed/by/hand")
			f.trigger(t, "fetch.launchReset")
			if u.prefetch.W().Path.Text != want {
				t.Errorf("path %q after 恢复配置值, want %q", u.prefetch.W().Path.Text, want)
			}
		},
		"get.copyPeriodic": func(t *testing.T) { f.copiedResult(t, "get.copyPeriodic", 0) },
		"get.copyPre":      func(t *testing.T) { f.copiedResult(t, "get.copyPre", 1) },
		"events.import":    func(t *testing.T) { f.trigger(t, "events.import"); f.cancelFileDialog(t) },
		"events.export":    func(t *testing.T) { f.trigger(t, "events.export"); f.cancelFileDialog(t) },
		"reports.csv":      func(t *testing.T) { f.trigger(t, "reports.csv"); f.cancelFileDialog(t) },
		"reports.clear": func(t *testing.T) {
			f.trigger(t, "reports.clear")
			f.answer(t, "上报记录", "Yes", "是")
			f.p.until(t, "the toast", toast("已删除 0 条上报"))
		},
		"bridge.toggle": func(t *testing.T) {
			f.p.until(t, "the bridge", func() bool { return u.bridge != nil })
			f.trigger(t, "bridge.toggle")
			f.p.until(t, "the bridge to stop", func() bool { return u.bridge == nil && !u.bridgeState.busy })
			f.trigger(t, "bridge.toggle")
			f.p.until(t, "the bridge to start", func() bool { return u.bridge != nil })
		},
		"view.secrets": func(t *testing.T) {
			f.trigger(t, "view.secrets")
			f.p.until(t, "the token shown", func() bool { return strings.Contains(u.periodic.W().Identity.Text(), "tok") })
			if !u.history.SecretsCheck().Checked { // 请求记录's own box follows, with no attempt open too
				t.Error("显示 token from the menu left 请求记录's box unticked")
			}
			f.trigger(t, "view.secrets")
			f.p.until(t, "the token hidden", func() bool { return !strings.Contains(u.periodic.W().Identity.Text(), "tok") })
			if u.history.SecretsCheck().Checked {
				t.Error("显示 token off from the menu left 请求记录's box ticked")
			}
		},
		"view.palette": func(t *testing.T) {
			f.trigger(t, "view.palette")
			p := u.palette
			if p == nil || !p.popup.Visible() {
				t.Fatal("no palette")
			}
			test.Type(p.entry, "clear all")
			if len(p.matches) == 0 || p.matches[0] != "cache.all" {
				t.Errorf("clear all matched %v", p.matches)
			}
			p.entry.SetText("全部清除")
			if !slices.Contains(p.matches, "cache.all") {
				t.Errorf("全部清除 matched %v", p.matches)
			}
			p.entry.SetText("转到 请求记录")
			p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			if p.popup.Visible() || u.tabs.SelectedIndex() != 3 {
				t.Errorf("Enter: palette open %v, tab %d", p.popup.Visible(), u.tabs.SelectedIndex())
			}
			f.trigger(t, "view.palette")
			u.palette.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			if u.palette.popup.Visible() {
				t.Error("Esc left the palette open")
			}
		},
		"settings.preload": func(t *testing.T) {
			f.trigger(t, "settings.preload")
			f.p.until(t, "preload on", func() bool { return u.proj.PreloadBackgroundData && u.menuItems["settings.preload"][0].Checked })
		},
		"settings.compilePrefetch": func(t *testing.T) {
			for _, on := range []bool{false, true} {
				f.trigger(t, "settings.compilePrefetch")
				f.p.drain()
				if u.compilePrefetch != on || u.menuItems["settings.compilePrefetch"][0].Checked != on || u.prefetch.W().Compile.Checked != on ||
					u.app.Preferences().Bool(prefCompilePrefetch) != on {
					t.Errorf("保存代码时预拉取 is not %v everywhere", on)
				}
			}
		},
		"platform.weapp":  platform("platform.weapp", project.Weapp),
		"platform.qq":     platform("platform.qq", project.QQ),
		"platform.alipay": platform("platform.alipay", project.Alipay),
		"os.android": func(t *testing.T) {
			f.trigger(t, "os.android")
			if u.osChoice != core.Android {
				t.Error(u.osChoice)
			}
		},
		"os.ios": func(t *testing.T) {
			f.trigger(t, "os.ios")
			if u.osChoice != core.IOS || !u.menuItems["os.ios"][0].Checked {
				t.Error(u.osChoice)
			}
		},
		"lang.system": lang("lang.system", LangSystem, "周期性更新"),
		"lang.en":     lang("lang.en", LangEnglish, "Periodic Updates"),
		"lang.zh":     lang("lang.zh", LangChinese, "周期性更新"),
		"help.about": func(t *testing.T) {
			f.trigger(t, "help.about")
			f.p.until(t, "the About dialog", func() bool { return strings.Contains(f.overlayText(), "BgFetch DevTools") })
			about := f.overlayText()
			for _, want := range []string{"MIT", "Copyright (c) 2026 The BgFetch DevTools authors"} {
				if !strings.Contains(about, want) {
					t.Errorf("the About dialog does not say %q:\n%s", want, about)
				}
			}
			// Its buttons show the licence and the notices over it; closing them leaves About open.
			for _, b := range []struct {
				labels []string
				want   []string
			}{
				{[]string{"许可证", "Licence"}, []string{"MIT License", "Permission is hereby granted"}},
				{[]string{"第三方声明", "Third-party notices"}, []string{"fyne.io/fyne/v2", "github.com/mattn/go-sqlite3", "SQLite", "GLFW"}},
			} {
				f.tapButton(t, b.labels...)
				f.p.until(t, "the text of "+b.labels[0], func() bool { return len(f.ui.win.Canvas().Overlays().List()) == 2 })
				for _, want := range b.want {
					if !strings.Contains(f.overlayText(), want) {
						t.Errorf("%s does not show %q", b.labels[0], want)
					}
				}
				f.tapButton(t, "关闭", "Close")
				f.p.until(t, b.labels[0]+" to close", func() bool { return len(f.ui.win.Canvas().Overlays().List()) == 1 })
			}
			f.answer(t, "BgFetch DevTools", "关闭", "Close")
		},
		"view.tab1": tab(0), "view.tab2": tab(1), "view.tab3": tab(2), "view.tab4": tab(3), "view.tab5": tab(4), "view.tab6": tab(5),
	}
	order := slices.Clone(u.actionOrder)
	// Back to WeChat after Alipay (which has no periodic updates), and Chinese last.
	order = append(slices.DeleteFunc(order, func(id string) bool { return id == "platform.weapp" || id == "lang.zh" }), "platform.weapp", "lang.zh")
	for _, id := range order {
		row, ok := rows[id]
		if !ok {
			t.Errorf("action %s has no row in TestEveryAction: add one that checks what it does", id)
			continue
		}
		if !t.Run(id, row) {
			t.Logf("after %s the overlay says: %q", id, f.overlayText())
		}
		if top := u.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("%s left a dialog open: %q", id, f.overlayText())
			top.Hide()
		}
	}
	for id := range rows {
		if u.actions[id] == nil {
			t.Errorf("TestEveryAction has a row for %s, which is no action", id)
		}
	}
}

// TestEveryActionIsTranslated: every label the table gives menus, buttons and the palette has English.
func TestEveryActionIsTranslated(t *testing.T) {
	f := newFixture(t)
	for _, id := range f.ui.actionOrder {
		a := f.ui.actions[id]
		for _, key := range []string{a.label, a.button} {
			if _, ok := f.ui.tr.en[key]; key != "" && !ok && key != "getBackgroundFetchData" {
				t.Errorf("%s: no English for %q", id, key)
			}
		}
	}
	for _, name := range tabNames[:2] {
		if _, ok := f.ui.tr.en[name]; !ok {
			t.Errorf("tab %q has no English", name)
		}
	}
}
