package app

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
)

// bridgeAddr is where the window's bridge listens first (tests change it); bridgeAnyPort is the fallback
// when that port is taken.
var (
	bridgeAddr    = net.JoinHostPort("127.0.0.1", strconv.Itoa(bridge.DefaultPort))
	bridgeAnyPort = "127.0.0.1:0"
)

// bridgeState is what the window knows about its bridge besides the server itself (UI goroutine).
type bridgeState struct {
	key      string // the persisted key, known even while the bridge is stopped
	addr     string // where the bridge last listened, to listen there again after a restart
	err      error  // why the bridge is not running
	fellBack error  // why it listens on another port than the default one
	busy     bool   // a start, stop or key change is under way
}

// openBridge starts a bridge with the persisted key on addr, or, when that fails (the port is taken), on
// the first of also that is free, else on any free loopback port; fellBack then says why addr failed.
func openBridge(ctx context.Context, eng *core.Engine, addr string, also ...string) (srv *bridge.Server, key string, fellBack, err error) {
	if key, err = bridge.KeyFor(ctx, eng); err != nil {
		return nil, "", nil, err
	}
	origins, err := bridge.SavedOrigins(ctx, eng)
	if err != nil {
		return nil, key, nil, err
	}
	start := func(addr string) (*bridge.Server, error) {
		s, err := bridge.New(eng, bridge.Options{Addr: addr, Key: key, AllowOrigins: origins, Logger: slog.Default()})
		if err != nil {
			return nil, err
		}
		if err := s.Start(); err != nil {
			_ = s.Close()
			return nil, err
		}
		return s, nil
	}
	if srv, err = start(addr); err == nil {
		return srv, key, nil, nil
	}
	fellBack = err
	slog.Info("the bridge's port is not available; trying another", "addr", addr, "err", err)
	for _, a := range append(also, bridgeAnyPort) {
		if a == addr {
			continue
		}
		if srv, err = start(a); err == nil {
			return srv, key, fellBack, nil
		}
	}
	return nil, key, nil, err
}

// startBridge starts the window's bridge; New calls it once the engine is open. The 桥接 view's counters
// are read every second as well: a rejected request publishes no event.
func (u *UI) startBridge() {
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-u.ctx.Done():
				return
			case <-tick.C:
				u.do(func() {
					if !u.closed && u.ana != nil {
						u.ana.bridge.refresh()
					}
				})
			}
		}
	}()
	srv, key, fellBack, err := openBridge(u.ctx, u.eng, bridgeAddr)
	u.bridge = srv
	u.bridgeState = bridgeState{key: key, addr: listenAddr(srv, ""), err: err, fellBack: fellBack}
	if err != nil {
		slog.Warn("the bridge did not start", "err", err)
	}
}

// listenAddr is the host:port srv listens on, or else if srv is nil.
func listenAddr(srv *bridge.Server, or string) string {
	if srv == nil {
		return or
	}
	return strings.TrimPrefix(srv.URL(), "http://")
}

// closeBridge stops the bridge; shutdown calls it before the engine closes.
func (u *UI) closeBridge() {
	if u.bridge != nil {
		if err := u.bridge.Close(); err != nil {
			slog.Warn("stop the bridge", "err", err)
		}
		u.bridge = nil
	}
}

// restartBridge stops the bridge, optionally makes a new key, and starts it again if run, off the UI
// goroutine (stopping waits for the requests in flight). A bridge that had to fall back to another port
// gets that port again if it is free, so a pasted snippet keeps its address.
func (u *UI) restartBridge(newKey, run bool) {
	if u.bridgeState.busy {
		return
	}
	old := u.bridge
	u.bridge = nil
	u.bridgeState.busy = true
	u.ana.bridge.refresh()
	first, last := bridgeAddr, u.bridgeState.addr
	eng, ctx := u.eng, u.ctx
	go func() {
		var srv *bridge.Server
		var key string
		var fellBack, err error
		if old != nil {
			err = old.Close()
		}
		if newKey && err == nil {
			key, err = bridge.NewKey(ctx, eng)
		}
		if run && err == nil {
			srv, key, fellBack, err = openBridge(ctx, eng, first, last)
		}
		u.do(func() {
			if u.closed {
				if srv != nil {
					_ = srv.Close()
				}
				return
			}
			u.bridge = srv
			u.bridgeState = bridgeState{key: cmp.Or(key, u.bridgeState.key), addr: listenAddr(srv, last), err: err,
				fellBack: fellBack}
			u.ana.bridge.refresh()
		})
	}()
}

// bridgeView is 桥接: the loopback bridge a running mini program, H5 build or test reports through: its
// state, address, key, the snippet for a dev build, and its counters.
type bridgeView struct {
	u       *UI
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
	origins        *widget.Entry
	saveOriginsBtn *widget.Button
	copyURL        *widget.Button
	copyKey        *widget.Button
	copySnip       *widget.Button
}

func newBridgeView(u *UI) *bridgeView {
	t := u.tr.T
	v := &bridgeView{u: u}
	about := widget.NewLabel(t("桥接是一个只监听本机（127.0.0.1）的小型 HTTP 服务，每个请求都要带上密钥。正在运行的小程序、H5 构建或测试用 POST /report 把 wx.reportEvent / wx.reportAnalytics 的上报发到这里，它们会实时出现在「上报记录」中并按事件配置检查。H5 和 React Native 构建没有 getBackgroundFetchData，可用 GET /backgroundFetchData?fetchType=periodic 取得小程序此刻会得到的同一份数据。把下面的代码片段放进开发构建即可。"))
	about.Wrapping = fyne.TextWrapWord

	v.state = widget.NewLabel("")
	v.state.TextStyle.Bold = true
	v.toggle = u.actionButton("bridge.toggle", widget.MediumImportance) // its text says what it does now (refresh)
	v.url = widget.NewLabel("")
	v.url.Selectable = true
	v.url.TextStyle.Monospace = true
	v.copyURL = u.actionButton("bridge.copyURL", widget.MediumImportance)
	v.key = widget.NewLabel("")
	v.key.TextStyle.Monospace = true
	v.showKey = widget.NewCheck(t("显示"), func(bool) { v.refresh() })
	v.copyKey = u.actionButton("bridge.copyKey", widget.MediumImportance)
	v.regen = u.actionButton("bridge.regen", widget.LowImportance)
	v.note = widget.NewLabel("")
	v.note.Wrapping = fyne.TextWrapWord
	v.note.Importance = widget.WarningImportance
	v.note.Hide()
	v.stats = widget.NewLabel("")
	v.lastErr = widget.NewLabel("")
	v.lastErr.Wrapping = fyne.TextWrapWord
	v.lastErr.Importance = widget.DangerImportance
	v.lastErr.Hide()
	v.copySnip = u.actionButton("bridge.snippet", widget.HighImportance)
	v.snippet = widget.NewTextGrid()
	v.snippet.Scroll = fyne.ScrollBoth

	v.origins = &widget.Entry{PlaceHolder: t("本机的来源（localhost、127.0.0.1）总是允许；其他如 http://192.168.1.5:10086，用逗号分隔")}
	v.origins.OnSubmitted = func(string) { v.saveOrigins() }
	background(u, nil, func(ctx context.Context) ([]string, error) { return bridge.SavedOrigins(ctx, u.eng) }, func(saved []string, err error) {
		if err == nil && v.origins.Text == "" {
			v.origins.SetText(strings.Join(saved, ", "))
		}
	})
	v.saveOriginsBtn = u.actionButton("bridge.origins", widget.MediumImportance)

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
func (v *bridgeView) refresh() {
	t := v.u.tr.T
	s, st := v.u.bridge, &v.u.bridgeState
	state, imp := t("已停止"), widget.WarningImportance
	toggle, icon := t("启动"), theme.MediaPlayIcon()
	switch {
	case st.busy:
		state, imp = t("正在切换…"), widget.MediumImportance
	case s != nil:
		state, imp = t("运行中"), widget.SuccessImportance
		toggle, icon = t("停止"), theme.MediaStopIcon()
	case st.err != nil:
		state, imp = t("未运行"), widget.DangerImportance
	}
	setLabel(v.state, state, imp)
	if v.toggle.Text != toggle {
		v.toggle.Text, v.toggle.Icon = toggle, icon
		v.toggle.Refresh()
	}
	v.u.refreshActions() // the buttons' enabled states are their actions'

	url := "—"
	if s != nil {
		url = s.URL()
	}
	setLabel(v.url, url, widget.MediumImportance)
	key := maskKey(st.key)
	if v.showKey.Checked {
		key = st.key
	}
	setLabel(v.key, cmp.Or(key, "—"), widget.MediumImportance)

	switch {
	case st.err != nil && s == nil && !st.busy:
		setLabel(v.note, t("桥接没有启动：")+v.u.errText(st.err), widget.DangerImportance)
		v.note.Show()
	case st.fellBack != nil && s != nil:
		_, port, _ := net.SplitHostPort(bridgeAddr)
		setLabel(v.note, v.u.tr.F("端口 %s 不可用（可能另一个 BgFetch 窗口或 bgfetch bridge 正在使用），桥接改用了 %s，代码片段里的地址已随之更新。停止后再启动会重新尝试端口 %s。",
			port, s.URL(), port), widget.WarningImportance)
		v.note.Show()
	default:
		v.note.Hide()
	}

	var stats bridge.Stats
	if s != nil {
		stats = s.Stats()
	}
	setLabel(v.stats, v.u.tr.F("已接收 %s 条上报，其中 %s 条有问题；拒绝了 %s 个请求", groupDigits(stats.Accepted),
		groupDigits(stats.Flagged), groupDigits(stats.Rejected)), widget.MediumImportance)
	if stats.LastError != "" {
		setLabel(v.lastErr, t("最近一次拒绝：")+stats.LastError, widget.DangerImportance)
		v.lastErr.Show()
	} else {
		v.lastErr.Hide()
	}

	snip := ""
	if s != nil {
		k := strings.Repeat("*", len(st.key)) // the grid draws • two cells wide
		if v.showKey.Checked {
			k = st.key
		}
		snip = bridge.Snippet(s.URL(), k)
	}
	if v.snippet.Text() != snip {
		v.snippet.SetText(snip)
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

func enable(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}

// maskKey hides a key, whatever its length.
func maskKey(k string) string {
	if k == "" {
		return ""
	}
	return strings.Repeat("•", 16)
}

func (v *bridgeView) copy(s, done string) {
	v.u.app.Clipboard().SetContent(s)
	v.u.toast(done)
}

// copySnippet puts the JavaScript snippet, with the real address and key, on the clipboard.
func (v *bridgeView) copySnippet() {
	s := v.u.bridge
	if s == nil {
		return
	}
	v.copy(bridge.Snippet(s.URL(), s.Key()), v.u.tr.T("已复制代码片段：粘贴到开发构建的入口文件（如 app.js）开头"))
}

// onRegenerate makes a new key, after asking: snippets with the old key stop working.
func (v *bridgeView) onRegenerate() {
	v.u.showDialog(v.u.newConfirm(v.u.tr.T("重新生成密钥"), v.u.tr.T("生成新的密钥并重启桥接？已粘贴到开发构建中的代码片段需要重新复制。"),
		func(ok bool) {
			if ok {
				v.u.restartBridge(true, v.u.bridge != nil)
			}
		}))
}

// saveOrigins keeps the browser origins typed in 允许的来源 and restarts a running bridge with them.
func (v *bridgeView) saveOrigins() {
	u, text := v.u, v.origins.Text
	background(u, nil, func(ctx context.Context) ([]string, error) { return bridge.SaveOrigins(ctx, u.eng, text) }, func(saved []string, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		v.origins.SetText(strings.Join(saved, ", "))
		u.restartBridge(false, u.bridge != nil)
	})
}
