package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/assets"
)

var appIcon = fyne.NewStaticResource("icon-window.png", assets.WindowIcon) // the window's: small, decoded at start

func shortcut(key fyne.KeyName, mod fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | mod}
}

func (u *UI) mainMenu() *fyne.MainMenu {
	t := u.tr.T
	it := u.menuItem
	sep := fyne.NewMenuItemSeparator
	sub := func(label string, items ...*fyne.MenuItem) *fyne.MenuItem {
		m := fyne.NewMenuItem(t(label), nil)
		m.ChildMenu = fyne.NewMenu("", items...)
		return m
	}
	quit := it("app.quit")
	quit.IsQuit = true
	u.recentMenu = fyne.NewMenuItem(t("最近的项目"), nil)
	u.recentMenu.ChildMenu = fyne.NewMenu("", u.recentItems()...)
	projectMenu := fyne.NewMenu(t("项目"),
		it("project.open"), u.recentMenu, it("project.demo"), sep(),
		it("project.config"), it("project.reload"), sep(), quit)
	tools := fyne.NewMenu(t("工具"),
		it("fetch.periodic"), it("fetch.pre"), it("fetch.cancel"), sep(),
		sub("清除数据缓存", it("cache.periodic"), it("cache.pre")), it("cache.all"), it("history.clear"), sep(),
		it("history.export"), it("history.import"), sep(),
		it("sim.run"), it("sim.skip"), it("sim.reset"), it("sim.race"), sep(),
		it("analytics.open"), it("events.save"), it("events.test"))
	var tabs []*fyne.MenuItem
	for i := range tabNames {
		tabs = append(tabs, it("view.tab"+string(rune('1'+i))))
	}
	view := fyne.NewMenu(t("视图"), append([]*fyne.MenuItem{it("view.palette"), it("view.secrets"), sep()}, tabs...)...)
	var platforms []*fyne.MenuItem
	for _, spec := range platform.All() {
		platforms = append(platforms, it("platform."+string(spec.ID)))
	}
	settings := fyne.NewMenu(t("设置"), it("settings.preload"), it("settings.compilePrefetch"), sep(),
		sub("平台", platforms...),
		sub("模拟系统", it("os.android"), it("os.ios")),
		sub("语言", it("lang.system"), it("lang.zh"), it("lang.en")))
	help := fyne.NewMenu(t("帮助"), it("help.about"))
	return fyne.NewMainMenu(projectMenu, tools, view, settings, help)
}

func (u *UI) recentItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for _, dir := range u.app.Preferences().StringList(prefRecent) {
		items = append(items, fyne.NewMenuItem(dir, func() { u.openProject(dir) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem(u.tr.T("（无）"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	return items
}

func (u *UI) cancelRequests() {
	u.periodic.CancelRun()
	u.prefetch.CancelRun()
}

// clear is 清除数据缓存 (one type) or 全部清除 (none).
func (u *UI) clear(types ...string) {
	background(u, nil, func(ctx context.Context) (int64, error) { return u.eng.Clear(ctx, types...) }, func(n int64, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.toast(u.tr.F("已清除 %d 条缓存数据", n))
	})
}

// confirmClearHistory asks, then deletes every recorded attempt of the current app (cached bodies stay).
func (u *UI) confirmClearHistory() {
	u.showDialog(u.newConfirm(u.tr.T("清除请求记录"), u.tr.T("删除当前小程序的全部请求记录？缓存数据不受影响。"), func(ok bool) {
		if ok {
			u.clearHistory()
		}
	}))
}

func (u *UI) clearHistory() {
	background(u, nil, func(ctx context.Context) (int64, error) { return u.eng.ClearHistory(ctx) }, func(n int64, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.toast(u.tr.F("已删除 %d 条请求记录", n))
	})
}

// about shows the version, where the data is, the licence line and buttons that show the licence and
// the third-party notices (assets.License and assets.ThirdPartyNotices, embedded).
func (u *UI) about() {
	msg := fmt.Sprintf("BgFetch DevTools %s\n\n%s\n\n%s\n%s", u.opts.Version,
		u.tr.T("调试小程序周期性更新与数据预拉取。"), u.tr.T("数据库：")+u.eng.DBPath(), u.tr.T("项目：")+u.eng.ProjectDir())
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	licence := widget.NewLabel(u.tr.T("BgFetch DevTools 以 MIT 许可证发布，并包含以其各自许可证发布的第三方软件。") + "\n" + copyrightLine)
	licence.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox(
		widget.NewButtonWithIcon(u.tr.T("许可证"), theme.DocumentIcon(), func() { u.showLicenceText(u.tr.T("许可证"), assets.License) }),
		widget.NewButtonWithIcon(u.tr.T("第三方声明"), theme.ListIcon(), func() {
			u.showLicenceText(u.tr.T("第三方声明"), assets.ThirdPartyNotices)
		}))
	content := container.NewVBox(l, widget.NewSeparator(), licence, buttons)
	win := u.win.Canvas().Size()
	w := min(max(win.Width*0.7, 320), 640)
	l.Resize(fyne.NewSize(w, 0))
	licence.Resize(fyne.NewSize(w, 0))
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fyne.NewSize(w, min(content.MinSize().Height, max(win.Height*0.7, 160))))
	u.showDialog(dialog.NewCustom(u.tr.T("关于"), u.tr.T("关闭"), scroll, u.win))
}

// copyrightLine is LICENSE's copyright line.
const copyrightLine = "Copyright (c) 2026 The BgFetch DevTools authors"

// showLicenceText shows a licence text as it is written (monospace, its own line breaks), scrolling:
// the notices are some 1,600 lines, which a TextGrid draws only as far as they are seen.
func (u *UI) showLicenceText(title, text string) {
	g := widget.NewTextGridFromString(strings.TrimRight(text, "\n"))
	g.Scroll = fyne.ScrollBoth
	win := u.win.Canvas().Size()
	size := fyne.NewSize(min(max(win.Width*0.8, 320), 720), max(win.Height*0.7, 200))
	u.showDialog(dialog.NewCustom(title, u.tr.T("关闭"), container.NewGridWrap(size, g), u.win))
}

func listable(dir string) (fyne.ListableURI, error) {
	return fstorage.ListerForURI(fstorage.NewFileURI(dir))
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, bl, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: a}
}
