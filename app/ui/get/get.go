// Package get is the 获取数据 tab: what getBackgroundFetchData (and getBackgroundFetchToken) would return
// now on the project's platform and the simulated OS.
package get

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/widgets"
)

// Env is what the panel needs of the window and the engine.
type Env interface {
	shell.Shell
	// Project is the project loaded now (nil before the first load).
	Project() *project.Project
	// OS is the simulated OS; SetOS chooses another (the window tells its panels with shell.OSChanged).
	OS() core.OS
	SetOS(core.OS)
	// ShowSecrets reports whether 显示 token is on; Secrets are the values to mask when it is off.
	ShowSecrets() bool
	Secrets() []string
	// GetFor is core.Engine.GetFor: what getBackgroundFetchData returns for fetchType now.
	GetFor(ctx context.Context, appID string, id project.Platform, fetchType string, os core.OS) (core.Result, error)
}

// Panel shows, for each fetchType, the exact object getBackgroundFetchData would return now on the
// project's platform and the simulated OS.
type Panel struct {
	env      Env
	content  fyne.CanvasObject
	platform *widget.Label
	osRadio  *widget.RadioGroup
	results  [2]*resultView
	token    *widget.Label // what getBackgroundFetchToken() returns
	api      string        // wx, qq or my
	split    *widgets.AdaptiveSplit
	job      shell.Job // the reload in flight
}

// fetchTypeNames are the tab titles of the fetch types (translated).
var fetchTypeNames = map[string]string{fetch.Periodic: "周期性更新", fetch.Pre: "数据预拉取", fetch.JSAPIPre: "API 预调用（jsapiPre）"}

type resultView struct {
	title, note *widget.Label
	viewer      *widgets.BodyViewer
	json        string
	card        fyne.CanvasObject
	fetchType   string
}

// New builds the panel; it follows the window's changes itself. copyIDs are the actions of the window
// that copy each result (their buttons go above the results).
func New(env Env, copyIDs [2]string) *Panel {
	t := env.T
	g := &Panel{env: env, platform: widget.NewLabel("")}
	g.osRadio = widget.NewRadioGroup([]string{"Android", "iOS"}, func(s string) {
		o := core.Android
		if s == "iOS" {
			o = core.IOS
		}
		if o != g.env.OS() {
			g.env.SetOS(o)
		}
	})
	g.osRadio.Horizontal = true
	g.osRadio.Required = true
	cols := make([]fyne.CanvasObject, 0, 2)
	for i := range g.results {
		r := &resultView{title: widget.NewLabel(""), note: widget.NewLabel("")}
		r.title.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
		r.note.Wrapping = fyne.TextWrapWord
		r.viewer = widgets.NewBodyViewer()
		r.viewer.Do = env.Do
		r.viewer.Labels = widgets.BodyLabels{Pretty: t("格式化"), Raw: t("原文"), Search: t("搜索"), Copy: t("复制"),
			Save: t("保存…"), Empty: "", Matches: "%d/%d", NoMatch: t("无匹配")}
		r.viewer.Gauge().Text = func(n, _ int64) string { return t("返回对象 ") + widgets.FormatBytes(n) }
		copyBtn := env.ActionButton(copyIDs[i], widget.MediumImportance)
		header := container.NewVBox(container.NewBorder(nil, nil, nil, copyBtn, r.title), r.note)
		r.card = container.NewBorder(header, nil, nil, nil, r.viewer)
		g.results[i] = r
		cols = append(cols, r.card)
	}
	help := widget.NewLabel(t("小程序此刻调用 getBackgroundFetchData 会得到的对象。微信/QQ 的 fetchedData 是字符串，需要 JSON.parse；支付宝是对象。没有缓存时 Android 走 fail 回调，iOS 走 success 回调但 fetchedData 为空（微信文档如此；QQ 未说明，工具按微信处理）。"))
	help.Wrapping = fyne.TextWrapWord
	help.Importance = widget.LowImportance
	g.token = widget.NewLabel("")
	g.token.TextStyle.Monospace = true
	g.token.Truncation = fyne.TextTruncateEllipsis
	top := container.NewVBox(
		container.NewHBox(shell.Caption(t("平台")), g.platform, widget.NewSeparator(), shell.Caption(t("模拟系统")), g.osRadio),
		help, g.token)
	g.split = widgets.NewAdaptiveSplit(cols[0], cols[1], 0.5)
	g.split.Tabs = []string{t("周期性更新"), t("数据预拉取")} // stacked in a short window, each result gets the whole height
	g.content = container.NewBorder(top, nil, nil, nil, g.split)
	env.Subscribe(func(c shell.Change) {
		switch c {
		case shell.ProjectChanged:
			g.refreshProject(env.Project())
		case shell.DataChanged, shell.OSChanged, shell.SecretsChanged:
			g.reload()
		}
	})
	g.refreshProject(env.Project())
	return g
}

// Content is the tab's content.
func (g *Panel) Content() fyne.CanvasObject { return g.content }

// types are the two fetch types the panel shows: the platform's first two.
func (g *Panel) types(p *project.Project) [2]string {
	if p == nil {
		return [2]string{fetch.Periodic, fetch.Pre}
	}
	ft := platform.Of(p.Platform).FetchTypes
	return [2]string{ft[0], ft[min(1, len(ft)-1)]}
}

func (g *Panel) refreshProject(p *project.Project) {
	if p == nil {
		g.platform.SetText("—")
		return
	}
	spec := platform.Of(p.Platform)
	g.platform.SetText(fmt.Sprintf("%s (%s) · %s", g.env.T(spec.NameZh), p.Platform, g.env.T("在「设置 › 平台」中切换")))
	api := spec.API
	g.api = api
	types := g.types(p)
	g.split.SetTabs(g.env.T(fetchTypeNames[types[0]]), g.env.T(fetchTypeNames[types[1]]))
	for i, ft := range types {
		g.results[i].fetchType = ft
		g.results[i].title.SetText(fmt.Sprintf("%s.getBackgroundFetchData({ fetchType: '%s' })", api, ft))
	}
	g.reload()
}

// note says why this result, in the window's language, from the result itself (its shape, whether it holds
// data) and the project's platform: the engine's Note is its English for the command line.
func (g *Panel) note(res core.Result) string {
	tr, p := g.env, g.env.Project()
	if p == nil {
		return res.Note
	}
	spec := platform.Of(p.Platform)
	name := tr.T(spec.NameZh)
	switch v := res.Value.(type) {
	case core.WxSuccess:
		switch {
		case v.FetchedData != "" && g.env.OS() == core.IOS && hasRule(spec, "ios-timestamp"):
			return tr.T("缓存的响应内容：fetchedData 是字符串，需要 JSON.parse") + tr.T("；微信 8.0.27 之前，iOS 上的 timeStamp 有误")
		case v.FetchedData != "":
			return tr.T("缓存的响应内容：fetchedData 是字符串，需要 JSON.parse")
		case !spec.IOSEmptySuccessDocumented:
			return tr.F("没有缓存数据：success 回调，fetchedData 为空（这是微信文档中 iOS 的行为；%s 未说明，这是工具的假设）", name)
		}
		return tr.T("没有缓存数据：iOS 走 success 回调，fetchedData 为空")
	case core.WxFail:
		if spec.Msg.NoDataAndroidOwn {
			return tr.F("没有缓存数据：Android 走 fail 回调（%s未公布确切的 errMsg）", name)
		}
		return tr.F("没有缓存数据：%s 在 Android 上走 fail 回调", name)
	case core.AlipaySuccess:
		dt := cmp.Or(res.Entry.DataType, "json")
		if _, err := fetch.AlipayData(res.Entry.Body, res.Entry.DataType); err != nil {
			return tr.F("缓存的响应内容不能按 dataType %s 解析，以字符串给出", dt)
		}
		return tr.F("缓存的响应内容，按 dataType %s 解析", dt)
	case core.AlipayFail:
		if v.Error == 3 {
			return tr.T("没有缓存数据：错误 3（没有预加载数据）")
		}
		return tr.T("参数错误：错误 2")
	}
	return res.Note
}

// showToken shows what getBackgroundFetchToken() returns now, masked unless 显示 token.
func (g *Panel) showToken(p *project.Project) {
	spec := platform.Of(p.Platform)
	if !spec.Token {
		g.token.TextStyle.Monospace = false // a sentence, in Chinese too: a CJK run in a monospace line sits low and is clipped
		g.token.SetText(g.env.F("%s没有 getBackgroundFetchToken：它的预拉取不带 token", g.env.T(spec.NameZh)))
		return
	}
	res := core.TokenFor(p)
	if !g.env.ShowSecrets() {
		res = core.NewMasker(g.env.Secrets()...).Result(res)
	}
	b, _ := json.Marshal(res.Value)
	which := "success" // the callback's name: code, and no Chinese in this monospace line (a CJK run lowers it)
	if !res.OK {
		which = "fail"
	}
	g.token.TextStyle.Monospace = true
	g.token.SetText(fmt.Sprintf("%s.getBackgroundFetchToken() ⟶ %s %s", g.api, which, b))
}

// Copy puts result i's JSON on the clipboard.
func (g *Panel) Copy(i int) {
	g.env.Clipboard().SetContent(g.results[i].json)
	g.env.Toast(g.env.T("已复制到剪贴板"))
}

// JSON is result i's object as JSON ("" until it is read): what Copy copies.
func (g *Panel) JSON(i int) string { return g.results[i].json }

// reload computes both results off the UI goroutine.
func (g *Panel) reload() {
	if g.env.OS() == core.IOS {
		g.osRadio.SetSelected("iOS")
	} else {
		g.osRadio.SetSelected("Android")
	}
	p := g.env.Project()
	if p == nil {
		return
	}
	g.showToken(p)
	env, osChoice := g.env, g.env.OS()
	types := g.types(p)
	type both struct {
		res  [2]core.Result
		errs [2]error
	}
	// The newest reload alone is shown: a slow read for the previous OS or platform is dropped.
	shell.Background(g.env, &g.job, func(ctx context.Context) (both, error) {
		var b both
		for i, ft := range types {
			b.res[i], b.errs[i] = env.GetFor(ctx, p.AppID, p.Platform, ft, osChoice)
		}
		return b, nil
	}, func(b both, _ error) {
		for i := range b.res {
			g.show(g.results[i], b.res[i], b.errs[i])
		}
		g.env.RefreshActions() // 复制 JSON has something to copy now
	})
}

func (g *Panel) show(r *resultView, res core.Result, err error) {
	t := g.env.T
	if err != nil {
		r.note.SetText(g.env.ErrText(err))
		r.viewer.Clear()
		r.json = ""
		return
	}
	if !g.env.ShowSecrets() { // the cached body echoes the token when the server does
		res = core.NewMasker(g.env.Secrets()...).Result(res)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(res.Value)
	r.json = buf.String()
	which := t("success 回调")
	r.note.Importance = widget.SuccessImportance
	if !res.OK {
		which = t("fail 回调")
		r.note.Importance = widget.DangerImportance
	}
	r.note.SetText(which + " — " + g.note(res) + g.requires(r.fetchType))
	r.viewer.SetBody(buf.Bytes())
}

// requires is the documented minimum for fetchType on the project's platform, from its Spec, as the
// end of the result's note ("" when no document gives one).
func (g *Panel) requires(fetchType string) string {
	p := g.env.Project()
	if p == nil {
		return ""
	}
	r, ok := platform.Of(p.Platform).Requires[fetchType]
	switch {
	case !ok:
		return ""
	case r.Client != "":
		return g.env.F("（需要基础库 ≥ %s、客户端 ≥ %s）", r.BaseLibrary, r.Client)
	}
	return g.env.F("（需要基础库 ≥ %s）", r.BaseLibrary)
}

// hasRule reports whether the platform's Spec holds the version rule key.
func hasRule(spec *platform.Spec, key string) bool {
	for _, v := range spec.Versions {
		if v.Key == key {
			return true
		}
	}
	return false
}

// What the panel shows, as text, for tests and the screenshot tour: the token line, result i's title and
// note, and the two tabs' titles when the window is too short for both results side by side.
func (g *Panel) Token() string      { return g.token.Text }
func (g *Panel) Title(i int) string { return g.results[i].title.Text }
func (g *Panel) Note(i int) string  { return g.results[i].note.Text }
func (g *Panel) Tabs() []string     { return g.split.Tabs }
