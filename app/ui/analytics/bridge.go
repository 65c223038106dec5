package analytics

import (
	"cmp"
	"context"
	"net"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/units"
)

// BridgeView is 桥接: the loopback bridge a running mini program, H5 build or test reports through: its
// state, address, key, the snippet for a dev build, and its counters.
type BridgeView struct {
	env     BridgeEnv
	content fyne.CanvasObject

	state          *widget.Label
	toggle         *widget.Button
	url            *widget.Label
	key            *widget.Label
	showKey        *widget.Check
	regen          *widget.Button
	note           *widget.Label
	stats          *widget.Label
	lastErr        *widget.Label
	snippet        *widget.TextGrid
	snip           string // the snippet; the grid shows it once the view has been shown (show)
	shown          bool
	origins        *widget.Entry
	saveOriginsBtn *widget.Button
	copyURL        *widget.Button
	copyKey        *widget.Button
	copySnip       *widget.Button
}

func newBridgeView(env BridgeEnv) *BridgeView {
	t := env.T
	v := &BridgeView{env: env}
	about := widget.NewLabel(t("桥接是一个只监听本机（127.0.0.1）的小型 HTTP 服务，每个请求都要带上密钥。正在运行的小程序、H5 构建或测试用 POST /report 把 wx.reportEvent / wx.reportAnalytics 的上报发到这里，它们会实时出现在「上报记录」中并按事件配置检查。H5 和 React Native 构建没有 getBackgroundFetchData，可用 GET /backgroundFetchData?fetchType=periodic 取得小程序此刻会得到的同一份数据。把下面的代码片段放进开发构建即可。"))
	about.Wrapping = fyne.TextWrapWord

	v.state = widget.NewLabel("")
	v.state.TextStyle.Bold = true
	v.toggle = env.ActionButton("bridge.toggle", widget.MediumImportance) // its text says what it does now (refresh)
	v.url = widget.NewLabel("")
	v.url.Selectable = true
	v.url.TextStyle.Monospace = true
	v.copyURL = env.ActionButton("bridge.copyURL", widget.MediumImportance)
	v.key = widget.NewLabel("")
	v.key.TextStyle.Monospace = true
	v.showKey = widget.NewCheck(t("显示"), func(bool) { v.refresh() })
	v.copyKey = env.ActionButton("bridge.copyKey", widget.MediumImportance)
	v.regen = env.ActionButton("bridge.regen", widget.LowImportance)
	v.note = widget.NewLabel("")
	v.note.Wrapping = fyne.TextWrapWord
	v.note.Importance = widget.WarningImportance
	v.note.Hide()
	v.stats = widget.NewLabel("")
	v.lastErr = widget.NewLabel("")
	v.lastErr.Wrapping = fyne.TextWrapWord
	v.lastErr.Importance = widget.DangerImportance
	v.lastErr.Hide()
	v.copySnip = env.ActionButton("bridge.snippet", widget.HighImportance)
	v.snippet = widget.NewTextGrid()
	v.snippet.Scroll = fyne.ScrollBoth

	v.origins = &widget.Entry{PlaceHolder: t("本机的来源（localhost、127.0.0.1）总是允许；其他如 http://192.168.1.5:10086，用逗号分隔")}
	v.origins.OnSubmitted = func(string) { v.SaveOrigins() }
	shell.Background(env, nil, env.BridgeOrigins, func(saved []string, err error) {
		if err == nil && v.origins.Text == "" {
			v.origins.SetText(strings.Join(saved, ", "))
		}
	})
	v.saveOriginsBtn = env.ActionButton("bridge.origins", widget.MediumImportance)

	form := widget.NewForm(
		widget.NewFormItem(t("状态"), container.NewHBox(v.state, v.toggle)),
		widget.NewFormItem(t("地址"), container.NewHBox(v.url, v.copyURL)),
		widget.NewFormItem(t("密钥"), container.NewHBox(v.key, v.showKey, v.copyKey, v.regen)),
		widget.NewFormItem(t("允许的来源"), container.NewBorder(nil, nil, nil, v.saveOriginsBtn, v.origins)),
		widget.NewFormItem(t("统计"), container.NewVBox(v.stats, v.lastErr)),
	)
	snipHead := container.NewHBox(widget.NewLabelWithStyle(t("开发构建中的代码片段"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		layout.NewSpacer(), v.copySnip)
	top := container.NewVBox(about, v.note, form, widget.NewSeparator(), snipHead)
	v.content = container.NewBorder(top, nil, nil, nil, v.snippet)
	v.refresh()
	return v
}

// refresh shows the bridge's current state; the coalesced report events call it, so it only reads
// counters and sets what changed.
func (v *BridgeView) refresh() {
	t := v.env.T
	st := v.env.Bridge()
	state, imp := t("已停止"), widget.WarningImportance
	toggle, icon := t("启动"), theme.MediaPlayIcon()
	switch {
	case st.Busy:
		state, imp = t("正在切换…"), widget.MediumImportance
	case st.Running():
		state, imp = t("运行中"), widget.SuccessImportance
		toggle, icon = t("停止"), theme.MediaStopIcon()
	case st.Err != nil:
		state, imp = t("未运行"), widget.DangerImportance
	}
	setLabel(v.state, state, imp)
	if v.toggle.Text != toggle {
		v.toggle.Text, v.toggle.Icon = toggle, icon
		v.toggle.Refresh()
	}
	v.env.RefreshActions() // the buttons' enabled states are their actions'

	setLabel(v.url, cmp.Or(st.URL, "—"), widget.MediumImportance)
	key := maskKey(st.Key)
	if v.showKey.Checked {
		key = st.Key
	}
	setLabel(v.key, cmp.Or(key, "—"), widget.MediumImportance)

	switch {
	case st.Err != nil && !st.Running() && !st.Busy:
		setLabel(v.note, t("桥接没有启动：")+v.env.ErrText(st.Err), widget.DangerImportance)
		v.note.Show()
	case st.FellBack != nil && st.Running():
		_, port, _ := net.SplitHostPort(st.DefaultAddr)
		setLabel(v.note, v.env.F("端口 %s 不可用（可能另一个 BgFetch 窗口或 bgfetch bridge 正在使用），桥接改用了 %s，代码片段里的地址已随之更新。停止后再启动会重新尝试端口 %s。",
			port, st.URL, port), widget.WarningImportance)
		v.note.Show()
	default:
		v.note.Hide()
	}

	stats := st.Stats
	setLabel(v.stats, v.env.F("已接收 %s 条上报，其中 %s 条有问题；拒绝了 %s 个请求", units.Digits(stats.Accepted),
		units.Digits(stats.Flagged), units.Digits(stats.Rejected)), widget.MediumImportance)
	if stats.LastError != "" {
		setLabel(v.lastErr, t("最近一次拒绝：")+stats.LastError, widget.DangerImportance)
		v.lastErr.Show()
	} else {
		v.lastErr.Hide()
	}

	snip := ""
	if st.Running() {
		k := strings.Repeat("*", len(st.Key)) // the grid draws • two cells wide
		if v.showKey.Checked {
			k = st.Key
		}
		snip = bridge.Snippet(st.URL, k)
	}
	v.snip = snip
	if v.shown && v.snippet.Text() != snip {
		v.snippet.SetText(snip)
	}
}

// show fills the snippet's grid, the first time the view is shown. A grid measures its monospace cell
// when its text is set, and under a Chinese locale fyne then loads the system's monospace CJK face (15 MB
// of font tables, docs/performance.md): the window need not pay for it at start, when 桥接 is hidden.
func (v *BridgeView) show() {
	if v.shown {
		return
	}
	v.shown = true
	if v.snippet.Text() != v.snip {
		v.snippet.SetText(v.snip)
	}
}

// setLabel changes a label only when its text or colour differ, so a refresh per report batch costs
// nothing when nothing changed.
func setLabel(l *widget.Label, text string, imp widget.Importance) {
	if l.Text != text || l.Importance != imp {
		l.Text, l.Importance = text, imp
		l.Refresh()
	}
}

// maskKey hides a key, whatever its length.
func maskKey(k string) string {
	if k == "" {
		return ""
	}
	return strings.Repeat("•", 16)
}

func (v *BridgeView) copy(s, done string) {
	v.env.Clipboard().SetContent(s)
	v.env.Toast(done)
}

// CopyURL puts the bridge's address on the clipboard (复制桥接地址).
func (v *BridgeView) CopyURL() { v.copy(v.env.Bridge().URL, v.env.T("已复制桥接地址")) }

// CopyKey puts the bridge's key on the clipboard (复制桥接密钥).
func (v *BridgeView) CopyKey() { v.copy(v.env.Bridge().Key, v.env.T("已复制密钥")) }

// CopySnippet puts the JavaScript snippet, with the real address and key, on the clipboard.
func (v *BridgeView) CopySnippet() {
	st := v.env.Bridge()
	if !st.Running() {
		return
	}
	v.copy(bridge.Snippet(st.URL, st.Key), v.env.T("已复制代码片段：粘贴到开发构建的入口文件（如 app.js）开头"))
}

// Regenerate makes a new key, after asking: snippets with the old key stop working.
func (v *BridgeView) Regenerate() {
	v.env.ShowDialog(v.env.Confirm(v.env.T("重新生成密钥"), v.env.T("生成新的密钥并重启桥接？已粘贴到开发构建中的代码片段需要重新复制。"),
		func(ok bool) {
			if ok {
				v.env.RestartBridge(true, v.env.Bridge().Running())
			}
		}))
}

// SaveOrigins keeps the browser origins typed in 允许的来源 and restarts a running bridge with them.
func (v *BridgeView) SaveOrigins() {
	env, text := v.env, v.origins.Text
	shell.Background(env, nil, func(ctx context.Context) ([]string, error) { return env.SaveBridgeOrigins(ctx, text) }, func(saved []string, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		v.origins.SetText(strings.Join(saved, ", "))
		env.RestartBridge(false, env.Bridge().Running())
	})
}

// What the window's tests read of the view.

// State is the bridge's state as the view says it (运行中, 已停止 …); URL its address, Key its key (masked
// unless 显示 is ticked) and Snippet the code for a dev build; Stats its counters.
func (v *BridgeView) State() string   { return v.state.Text }
func (v *BridgeView) URL() string     { return v.url.Text }
func (v *BridgeView) Key() string     { return v.key.Text }
func (v *BridgeView) Snippet() string { return v.snip }
func (v *BridgeView) Stats() string   { return v.stats.Text }

// LastRejection is the line about the last rejected request, and Note the warning above the form (the
// bridge did not start, or fell back to another port); "" when hidden.
func (v *BridgeView) LastRejection() string { return shownText(v.lastErr) }
func (v *BridgeView) Note() string          { return shownText(v.note) }

// ShowKey is the 显示 box beside the key.
func (v *BridgeView) ShowKey() *widget.Check { return v.showKey }

// Origins is the 允许的来源 entry.
func (v *BridgeView) Origins() *widget.Entry { return v.origins }

// shownText is a label's text, or "" while it is hidden.
func shownText(l *widget.Label) string {
	if !l.Visible() {
		return ""
	}
	return l.Text
}
