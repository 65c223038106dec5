package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/analytics"
)

// action is one command a user can give the window. Menus, shortcuts, panel buttons and the command
// palette are all built from the table (UI.actions), so a command has one label, one shortcut and one
// rule for when it can run, wherever it is offered.
type action struct {
	id       string
	label    string          // the Chinese label; the translator gives the window's language
	button   string          // a shorter label for a panel button ("" = label)
	shortcut fyne.Shortcut   // nil = none
	also     []fyne.Shortcut // more shortcuts for the same action (Ctrl+K beside Ctrl+Shift+P)
	icon     fyne.Resource
	enabled  func() bool // nil = always
	checked  func() bool // non-nil for a toggle: a tick in menus
	run      func()
}

// canRun reports whether the action is enabled now.
func (a *action) canRun() bool { return a.enabled == nil || a.enabled() }

// shortcutText is how the palette shows a shortcut: Ctrl+Shift+R.
func shortcutText(s fyne.Shortcut) string {
	if s == nil {
		return ""
	}
	if ks, ok := s.(fyne.KeyboardShortcut); ok {
		out := ""
		m := ks.Mod()
		if m&fyne.KeyModifierShortcutDefault != 0 {
			out += "Ctrl+"
		}
		if m&fyne.KeyModifierAlt != 0 {
			out += "Alt+"
		}
		if m&fyne.KeyModifierShift != 0 {
			out += "Shift+"
		}
		return out + string(ks.Key())
	}
	return s.ShortcutName()
}

// defineActions builds the table. Run functions reach the panels through u at run time, so the table
// survives the rebuild of the panels on a language switch.
func (u *UI) defineActions() {
	hasProject := func() bool { return u.proj != nil }
	shown := func() bool { return u.history != nil && u.history.Shown() != nil }
	ev := func() *analytics.EventsView { return u.ana.Events() }
	acts := []*action{
		{id: "project.open", label: "打开项目…", shortcut: shortcut(fyne.KeyO, 0), icon: theme.FolderOpenIcon(), run: u.chooseProject},
		{id: "project.demo", label: "打开演示项目", icon: theme.HomeIcon(), run: func() { u.openProject(u.demoDir()) }},
		{id: "project.config", label: "打开配置文件", shortcut: shortcut(fyne.KeyE, 0), icon: theme.DocumentCreateIcon(), run: u.openConfigFile},
		{id: "project.reload", label: "重新加载配置", icon: theme.ViewRefreshIcon(), run: func() { go u.eng.Reload() }},
		{id: "app.quit", label: "退出", shortcut: shortcut(fyne.KeyQ, 0), run: func() { u.app.Quit() }},

		{id: "fetch.periodic", label: "拉取周期性缓存数据", button: "发送周期性更新请求", shortcut: shortcut(fyne.KeyR, 0),
			icon: theme.DownloadIcon(), enabled: func() bool { return u.periodic.Runnable() }, run: func() { u.periodic.Run() }},
		{id: "fetch.pre", label: "模拟冷启动：发送预拉取请求", button: "发送预拉取请求", shortcut: shortcut(fyne.KeyR, fyne.KeyModifierShift),
			icon: theme.DownloadIcon(), enabled: func() bool { return u.prefetch.Runnable() }, run: func() { u.prefetch.Run() }},
		{id: "fetch.cancel", label: "取消请求", button: "取消", icon: theme.CancelIcon(),
			enabled: func() bool { return u.periodic.Running() || u.prefetch.Running() }, run: u.cancelRequests},
		{id: "fetch.launchReset", label: "恢复启动参数为配置值", button: "恢复配置值", icon: theme.ContentUndoIcon(), enabled: hasProject,
			run: func() { u.prefetch.FillLaunch(u.proj) }},
		{id: "get.copyPeriodic", label: "复制周期性更新的 getBackgroundFetchData 结果", button: "复制 JSON", icon: theme.ContentCopyIcon(),
			enabled: func() bool { return u.get.JSON(0) != "" }, run: func() { u.get.Copy(0) }},
		{id: "get.copyPre", label: "复制预拉取的 getBackgroundFetchData 结果", button: "复制 JSON", icon: theme.ContentCopyIcon(),
			enabled: func() bool { return u.get.JSON(1) != "" }, run: func() { u.get.Copy(1) }},
		{id: "cache.periodic", label: "清除周期性缓存数据", icon: theme.DeleteIcon(), enabled: hasProject, run: func() { u.clear(fetch.Periodic) }},
		{id: "cache.pre", label: "清除预拉取缓存数据", icon: theme.DeleteIcon(), enabled: hasProject, run: func() { u.clear(fetch.Pre) }},
		{id: "cache.all", label: "全部清除", shortcut: shortcut(fyne.KeyDelete, fyne.KeyModifierShift), icon: theme.DeleteIcon(),
			enabled: hasProject, run: func() { u.clear() }},
		{id: "history.clear", label: "清除请求记录…", icon: theme.DeleteIcon(), enabled: hasProject, run: u.confirmClearHistory},

		{id: "history.rerun", label: "重新发送所选记录", button: "重新发送", icon: theme.ViewRefreshIcon(), enabled: shown, run: func() { u.history.Rerun() }},
		{id: "history.curl", label: "复制所选记录为 cURL", button: "复制为 cURL", icon: theme.ContentCopyIcon(), enabled: shown, run: func() { u.history.CopyCurl() }},
		{id: "history.delete", label: "删除所选记录…", button: "删除", icon: theme.DeleteIcon(), enabled: shown, run: func() { u.history.DeleteSelected() }},
		{id: "history.export", label: "导出 HAR…", icon: theme.DocumentSaveIcon(), enabled: hasProject, run: func() { u.history.ExportHAR() }},
		{id: "history.import", label: "导入 HAR…", icon: theme.FolderOpenIcon(), enabled: hasProject, run: func() { u.history.ImportHAR() }},

		{id: "sim.run", label: "运行周期性更新计划", icon: theme.MediaPlayIcon(), enabled: hasProject,
			checked: func() bool { return u.sim != nil && u.sim.Running() }, run: func() { u.sim.SetRunning(!u.sim.Running()) }},
		{id: "sim.skip", label: "跳到下一次更新", icon: theme.MediaFastForwardIcon(), enabled: hasProject, run: func() { u.sim.SkipToNext() }},
		{id: "sim.reset", label: "重置模拟", button: "重置", icon: theme.ContentUndoIcon(), run: func() { u.sim.Reset() }},
		{id: "sim.race", label: "重放冷启动竞态", icon: theme.MediaPlayIcon(), enabled: func() bool { return hasProject() && !u.sim.ColdRunning() },
			run: func() { u.sim.ColdStart() }},
		{id: "sim.copyRace", label: "复制冷启动时间线（文本）", button: "复制文本", icon: theme.ContentCopyIcon(),
			enabled: func() bool { return u.sim != nil && u.sim.RaceText() != "" }, run: func() { u.sim.CopyRace() }},

		{id: "analytics.open", label: "自定义分析…", icon: theme.ListIcon(), run: u.showAnalytics},
		{id: "events.new", label: "新建事件", icon: theme.ContentAddIcon(), enabled: hasProject, run: func() { u.showAnalytics(); ev().NewEvent() }},
		{id: "events.save", label: "保存事件", button: "保存", shortcut: shortcut(fyne.KeyS, 0), icon: theme.DocumentSaveIcon(),
			enabled: func() bool { return ev().CanSave() }, run: func() { ev().Save() }},
		{id: "events.test", label: "保存并测试", shortcut: shortcut(fyne.KeyS, fyne.KeyModifierShift), icon: theme.MediaPlayIcon(),
			enabled: func() bool { return ev().CanTest() }, run: func() { ev().SaveAndTest() }},
		{id: "events.discard", label: "放弃对事件的修改", button: "放弃修改", icon: theme.ContentUndoIcon(),
			enabled: func() bool { return ev().CanDiscard() }, run: func() { ev().Discard() }},
		{id: "events.delete", label: "删除事件…", button: "删除", icon: theme.DeleteIcon(),
			enabled: func() bool { return ev().CanDelete() }, run: func() { ev().Delete() }},
		{id: "events.stop", label: "停止测试", icon: theme.MediaStopIcon(), enabled: func() bool { return ev().Testing() }, run: func() { ev().StopTest() }},
		{id: "events.toProject", label: "把事件保存到项目", button: "保存到项目", icon: theme.DocumentSaveIcon(),
			enabled: func() bool { return ev().CanSaveToProject() }, run: func() { ev().SaveToProject() }},
		{id: "events.import", label: "导入事件…", button: "导入…", icon: theme.FolderOpenIcon(), enabled: hasProject, run: func() { ev().Import() }},
		{id: "events.export", label: "导出事件…", button: "导出…", icon: theme.DocumentSaveIcon(),
			enabled: func() bool { return ev().CanExport() }, run: func() { ev().Export() }},
		{id: "reports.open", label: "查看上报记录", icon: theme.ListIcon(), run: func() { u.showAnalytics(); u.ana.Views().SelectIndex(1) }},
		{id: "reports.csv", label: "导出上报记录 CSV…", button: "导出 CSV…", icon: theme.DocumentSaveIcon(), enabled: hasProject, run: func() { u.ana.Reports().ExportCSV() }},
		{id: "reports.clear", label: "清空上报记录…", button: "清空记录", icon: theme.DeleteIcon(), enabled: hasProject, run: func() { u.ana.Reports().Clear() }},
		{id: "reports.sync", label: "同步结果", icon: theme.ViewRefreshIcon(), enabled: func() bool { return !u.ana.Sync().Running() },
			run: func() { u.showAnalytics(); u.ana.Views().SelectIndex(2); u.ana.Sync().Compute() }},
		{id: "bridge.toggle", label: "启动或停止桥接", icon: theme.MediaPlayIcon(), enabled: func() bool { return !u.bridgeState.busy },
			checked: func() bool { return u.bridge != nil }, run: func() { u.restartBridge(false, u.bridge == nil) }},
		{id: "bridge.copyURL", label: "复制桥接地址", button: "复制", icon: theme.ContentCopyIcon(), enabled: func() bool { return u.bridge != nil },
			run: func() { u.ana.Bridge().CopyURL() }},
		{id: "bridge.copyKey", label: "复制桥接密钥", button: "复制", icon: theme.ContentCopyIcon(), enabled: func() bool { return u.bridgeState.key != "" },
			run: func() { u.ana.Bridge().CopyKey() }},
		{id: "bridge.regen", label: "重新生成桥接密钥…", button: "重新生成密钥", icon: theme.ViewRefreshIcon(),
			enabled: func() bool { return !u.bridgeState.busy }, run: func() { u.ana.Bridge().Regenerate() }},
		{id: "bridge.snippet", label: "复制桥接代码片段", button: "复制代码片段", icon: theme.ContentCopyIcon(), enabled: func() bool { return u.bridge != nil },
			run: func() { u.ana.Bridge().CopySnippet() }},
		{id: "bridge.origins", label: "保存允许的来源", button: "保存", icon: theme.DocumentSaveIcon(), run: func() { u.ana.Bridge().SaveOrigins() }},

		{id: "view.secrets", label: "显示 token", icon: theme.VisibilityIcon(), checked: func() bool { return u.showSecrets },
			run: func() { u.setShowSecrets(!u.showSecrets) }},
		{id: "view.palette", label: "命令面板…", shortcut: shortcut(fyne.KeyP, fyne.KeyModifierShift), also: []fyne.Shortcut{shortcut(fyne.KeyK, 0)},
			icon: theme.SearchIcon(), run: u.showPalette},
		{id: "settings.preload", label: "启用数据预拉取", enabled: hasProject,
			checked: func() bool { return u.proj != nil && u.proj.PreloadBackgroundData },
			run:     func() { u.prefetch.SetPreload(!u.proj.PreloadBackgroundData) }},
		{id: "settings.compilePrefetch", label: "保存代码时预拉取", checked: func() bool { return u.compilePrefetch },
			run: func() { u.setCompilePrefetch(!u.compilePrefetch) }},
		{id: "os.android", label: "模拟系统：Android", checked: func() bool { return u.osChoice == core.Android }, run: func() { u.setOS(core.Android) }},
		{id: "os.ios", label: "模拟系统：iOS", checked: func() bool { return u.osChoice == core.IOS }, run: func() { u.setOS(core.IOS) }},
		{id: "lang.system", label: "语言：跟随系统", checked: func() bool { return u.tr.choice == LangSystem }, run: func() { u.setLanguage(LangSystem) }},
		{id: "lang.zh", label: "语言：中文", checked: func() bool { return u.tr.choice == LangChinese }, run: func() { u.setLanguage(LangChinese) }},
		{id: "lang.en", label: "语言：English", checked: func() bool { return u.tr.choice == LangEnglish }, run: func() { u.setLanguage(LangEnglish) }},
		{id: "help.about", label: "关于", icon: theme.InfoIcon(), run: u.about},
	}
	for _, spec := range platform.All() { // 设置 › 平台: one item per registered platform
		acts = append(acts, &action{id: "platform." + string(spec.ID), label: "平台：" + spec.NameZh,
			checked: u.isPlatform(spec.ID), enabled: hasProject, run: func() { u.setPlatform(spec.ID) }})
	}
	for i, name := range tabNames {
		acts = append(acts, &action{id: "view.tab" + string(rune('1'+i)), label: "转到：" + name,
			shortcut: shortcut(fyne.KeyName(string(rune('1'+i))), 0), run: func() { u.tabs.SelectIndex(i) }})
	}
	u.actions = map[string]*action{}
	for _, a := range acts {
		if u.actions[a.id] != nil {
			panic("two actions with the id " + a.id)
		}
		u.actions[a.id] = a
		u.actionOrder = append(u.actionOrder, a.id)
	}
}

// tabNames are the tabs in order (Ctrl+1 … Ctrl+6); "getBackgroundFetchData" is an API name, never translated.
var tabNames = []string{"周期性更新", "数据预拉取", "getBackgroundFetchData", "请求记录", "模拟", "自定义分析"}

func (u *UI) isPlatform(p project.Platform) func() bool {
	return func() bool { return u.proj != nil && u.proj.Platform == p }
}

// act runs an action by id when it is enabled now (a menu shortcut runs even a disabled item otherwise).
func (u *UI) act(id string) {
	a := u.actions[id]
	if a == nil || u.closed.Load() || u.building || !a.canRun() {
		return
	}
	a.run()
	u.refreshActions()
}

// actionButton is a panel button for an action: its label, icon and enabled state come from the table.
func (u *UI) actionButton(id string, imp widget.Importance) *widget.Button {
	a := u.actions[id]
	text := a.button
	if text == "" {
		text = a.label
	}
	b := &widget.Button{Text: u.tr.T(text), Icon: a.icon, Importance: imp, OnTapped: func() { u.act(id) }}
	u.buttons[id] = append(u.buttons[id], b)
	return b
}

// menuItem is a menu item for an action.
func (u *UI) menuItem(id string) *fyne.MenuItem {
	a := u.actions[id]
	m := fyne.NewMenuItem(u.tr.T(a.label), func() { u.act(id) })
	m.Shortcut = a.shortcut
	u.menuItems[id] = append(u.menuItems[id], m)
	return m
}

// refreshActions brings every button and menu item up to date with its action's enabled and checked state.
func (u *UI) refreshActions() {
	if u.building {
		return // build ends with a refresh, once every panel exists
	}
	for id, bs := range u.buttons {
		on := u.actions[id].canRun()
		for _, b := range bs {
			enable(b, on)
		}
	}
	changed := false
	for id, ms := range u.menuItems {
		a := u.actions[id]
		on := a.canRun()
		checked := a.checked != nil && a.checked()
		for _, m := range ms {
			if m.Disabled == on || m.Checked != checked {
				m.Disabled, m.Checked = !on, checked
				changed = true
			}
		}
	}
	if changed && u.win.MainMenu() != nil {
		u.win.MainMenu().Refresh()
	}
}

func enable(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}

// registerShortcuts puts on the canvas the shortcuts no menu item carries (a menu item's shortcut is run by
// the menu, first), and Esc, which is no shortcut to Fyne, on the typed-key handler.
func (u *UI) registerShortcuts() {
	c := u.win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name != fyne.KeyEscape {
			return
		}
		// Esc closes the open file or message dialog (a file dialog as cancelled), else cancels the
		// request in flight.
		if u.closeTopDialog() {
			return
		}
		u.act("fetch.cancel")
	})
	for _, id := range u.actionOrder {
		a := u.actions[id]
		shortcuts := a.also
		if len(u.menuItems[id]) == 0 {
			shortcuts = append([]fyne.Shortcut{a.shortcut}, shortcuts...)
		}
		for _, s := range shortcuts {
			if s != nil {
				c.AddShortcut(s, func(fyne.Shortcut) { u.act(id) })
			}
		}
	}
}
