package app

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/assets"
)

var appIcon = fyne.NewStaticResource("icon.png", assets.Icon)

func shortcut(key fyne.KeyName, mod fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | mod}
}

func (u *UI) mainMenu() *fyne.MainMenu {
	t := u.tr.T
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, fn)
		m.Shortcut = sc
		return m
	}
	quit := item(t("退出"), shortcut(fyne.KeyQ, 0), func() { u.app.Quit() })
	quit.IsQuit = true
	u.menu.recent = fyne.NewMenuItem(t("最近的项目"), nil)
	u.menu.recent.ChildMenu = fyne.NewMenu("", u.recentItems()...)
	projectMenu := fyne.NewMenu(t("项目"),
		item(t("打开项目…"), shortcut(fyne.KeyO, 0), u.chooseProject),
		u.menu.recent,
		fyne.NewMenuItem(t("打开演示项目"), func() { u.openProject(u.demoDir()) }),
		fyne.NewMenuItemSeparator(),
		item(t("打开配置文件"), shortcut(fyne.KeyE, 0), u.openConfigFile),
		item(t("重新加载配置"), nil, func() { go u.eng.Reload() }),
		fyne.NewMenuItemSeparator(),
		quit,
	)

	u.menu.clearPeriodic = fyne.NewMenuItem(t("周期性缓存数据"), func() { u.clear(fetch.Periodic) })
	u.menu.clearPre = fyne.NewMenuItem(t("预拉取缓存数据"), func() { u.clear(fetch.Pre) })
	clearItem := fyne.NewMenuItem(t("清除数据缓存"), nil)
	clearItem.ChildMenu = fyne.NewMenu("", u.menu.clearPeriodic, u.menu.clearPre)
	tools := fyne.NewMenu(t("工具"),
		item(t("拉取周期性缓存数据"), shortcut(fyne.KeyR, 0), u.periodic.run),
		item(t("模拟冷启动"), shortcut(fyne.KeyR, fyne.KeyModifierShift), u.prefetch.run),
		item(t("取消请求")+" (Esc)", nil, u.cancelRequests),
		fyne.NewMenuItemSeparator(),
		clearItem,
		item(t("全部清除"), shortcut(fyne.KeyDelete, fyne.KeyModifierShift), func() { u.clear() }),
		item(t("清除请求记录"), nil, u.clearHistory),
		fyne.NewMenuItemSeparator(),
		item(t("自定义分析…"), nil, u.showAnalytics),
		item(t("保存事件"), shortcut(fyne.KeyS, 0), func() { u.ana.events.shortcut(false) }),
		item(t("保存并测试"), shortcut(fyne.KeyS, fyne.KeyModifierShift), func() { u.ana.events.shortcut(true) }),
	)

	u.menu.preload = fyne.NewMenuItem(t("启用数据预拉取"), func() {
		if u.proj != nil {
			u.setPreload(!u.proj.PreloadBackgroundData)
		}
	})
	u.menu.weapp = fyne.NewMenuItem(t("微信"), func() { u.setPlatform(project.Weapp) })
	u.menu.qq = fyne.NewMenuItem("QQ", func() { u.setPlatform(project.QQ) })
	u.menu.alipay = fyne.NewMenuItem(t("支付宝"), func() { u.setPlatform(project.Alipay) })
	platform := fyne.NewMenuItem(t("平台"), nil)
	platform.ChildMenu = fyne.NewMenu("", u.menu.weapp, u.menu.qq, u.menu.alipay)
	u.menu.android = fyne.NewMenuItem("Android", func() { u.setOS(core.Android) })
	u.menu.ios = fyne.NewMenuItem("iOS", func() { u.setOS(core.IOS) })
	osItem := fyne.NewMenuItem(t("模拟系统"), nil)
	osItem.ChildMenu = fyne.NewMenu("", u.menu.android, u.menu.ios)
	u.menu.langSys = fyne.NewMenuItem(t("跟随系统"), func() { u.setLanguage(LangSystem) })
	u.menu.langZh = fyne.NewMenuItem("中文", func() { u.setLanguage(LangChinese) })
	u.menu.langEn = fyne.NewMenuItem("English", func() { u.setLanguage(LangEnglish) })
	langItem := fyne.NewMenuItem(t("语言"), nil)
	langItem.ChildMenu = fyne.NewMenu("", u.menu.langSys, u.menu.langZh, u.menu.langEn)
	settings := fyne.NewMenu(t("设置"), u.menu.preload, fyne.NewMenuItemSeparator(), platform, osItem, langItem)

	help := fyne.NewMenu(t("帮助"), fyne.NewMenuItem(t("关于"), u.about))
	u.refreshMenuChecks()
	return fyne.NewMainMenu(projectMenu, tools, settings, help)
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

func (u *UI) refreshMenuChecks() {
	if u.menu.preload == nil {
		return
	}
	p := u.proj
	u.menu.preload.Checked = p != nil && p.PreloadBackgroundData
	u.menu.weapp.Checked = p != nil && p.Platform == project.Weapp
	u.menu.qq.Checked = p != nil && p.Platform == project.QQ
	u.menu.alipay.Checked = p != nil && p.Platform == project.Alipay
	u.menu.android.Checked = u.osChoice == core.Android
	u.menu.ios.Checked = u.osChoice == core.IOS
	u.menu.langSys.Checked = u.tr.choice == LangSystem
	u.menu.langZh.Checked = u.tr.choice == LangChinese
	u.menu.langEn.Checked = u.tr.choice == LangEnglish
	if m := u.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

func (u *UI) cancelRequests() {
	u.periodic.cancelRun()
	u.prefetch.cancelRun()
}

// registerShortcuts adds the tab shortcuts (Ctrl/Cmd+1..6) and Esc to cancel a request (a key without a
// modifier is not a shortcut to Fyne, so it goes through the canvas); the menu items carry the others.
func (u *UI) registerShortcuts() {
	u.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			u.cancelRequests()
		}
	})
	for i, key := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6} {
		u.win.Canvas().AddShortcut(shortcut(key, 0), func(fyne.Shortcut) { u.tabs.SelectIndex(i) })
	}
}

// clear is 清除数据缓存 (one type) or 全部清除 (none).
func (u *UI) clear(types ...string) {
	go func() {
		n, err := u.eng.Clear(u.ctx, types...)
		u.do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.banner.flash(u.tr.F("已清除 %d 条缓存数据", n))
		})
	}()
}

func (u *UI) clearHistory() {
	go func() {
		n, err := u.eng.ClearHistory(u.ctx)
		u.do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.banner.flash(u.tr.F("已删除 %d 条请求记录", n))
		})
	}()
}

func (u *UI) about() {
	msg := fmt.Sprintf("BgFetch DevTools %s\n\n%s\n\n%s\n%s", u.opts.Version,
		u.tr.T("调试小程序周期性更新与数据预拉取。"), u.tr.T("数据库：")+u.eng.DBPath(), u.tr.T("项目：")+u.eng.ProjectDir())
	u.showInfo(u.tr.T("关于"), msg)
}

func listable(dir string) (fyne.ListableURI, error) {
	return fstorage.ListerForURI(fstorage.NewFileURI(dir))
}

// banner is the strip above the panels: a config error that stays until it is fixed, or a short notice.
type banner struct {
	u       *UI
	content *fyne.Container
	bg      *canvas.Rectangle
	text    *widget.Label
	err     error
	notice  int
}

func newBanner(u *UI) *banner {
	b := &banner{u: u, bg: canvas.NewRectangle(color.Transparent), text: widget.NewLabel("")}
	b.text.Wrapping = fyne.TextWrapWord
	b.content = container.NewStack(b.bg, container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, b.text))
	b.content.Hide()
	return b
}

// set shows the config error (or hides the banner when err is nil).
func (b *banner) set(err error) {
	b.err = err
	if err == nil {
		b.content.Hide()
		return
	}
	b.bg.FillColor = withAlpha(theme.Color(theme.ColorNameError), 0x40)
	b.text.SetText(b.u.tr.T("配置有误，仍在使用上次有效的配置：") + err.Error())
	b.content.Show()
	b.bg.Refresh()
}

// flash shows a notice for a few seconds, unless a config error is showing.
func (b *banner) flash(msg string) {
	if b.err != nil {
		return
	}
	b.notice++
	n := b.notice
	b.bg.FillColor = withAlpha(theme.Color(theme.ColorNameSuccess), 0x40)
	b.text.SetText(msg)
	b.content.Show()
	b.bg.Refresh()
	go func() {
		<-time.After(3 * time.Second)
		b.u.do(func() {
			if b.notice == n && b.err == nil {
				b.content.Hide()
			}
		})
	}()
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, bl, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: a}
}
