// Package fetchpanel is the 周期性更新 and the 数据预拉取 tabs: the address, the identity, the button that
// sends the request (with progress and cancel), the last attempt and the cached body.
package fetchpanel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
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
	// ShowSecrets reports whether 显示 token is on; SetShowSecrets switches it everywhere.
	ShowSecrets() bool
	SetShowSecrets(on bool)
	// CompilePrefetch is 保存代码时预拉取 (the window's preference); SetCompilePrefetch switches it (the
	// window restarts its watch and tells its panels with shell.ProjectChanged). Sources are the source
	// folders the watch covers.
	CompilePrefetch() bool
	SetCompilePrefetch(on bool)
	Sources() project.SourceInfo
	// SetPreloadBackgroundData is 启用数据预拉取: the engine writes project.config.json.
	SetPreloadBackgroundData(on bool) error
	// CurrentUser is the simulated user (for the grayscale decision).
	CurrentUser() (project.User, bool)
	// The engine's requests and reads.
	Pull(ctx context.Context) (*core.Attempt, error)
	Prefetch(ctx context.Context, launch *fetch.Launch) (*core.Attempt, error)
	Cached(ctx context.Context, fetchType string) (core.CacheEntry, error)
	History(ctx context.Context, f core.HistoryFilter) ([]core.Attempt, error)
}

// Panel is the 周期性更新 or the 数据预拉取 panel.
type Panel struct {
	env     Env
	kind    string // fetch.Periodic or fetch.Pre
	content fyne.CanvasObject

	addr, gray, lastOK  *widget.Label
	identity            *widgets.TokenField // the Token row: masked unless 显示 token is on
	versions            *widget.Label       // the Spec's documented minimums and version rules
	runBtn, cancelBtn   *widget.Button
	progress            *widget.ProgressBarInfinite
	elapsed             *widget.Label
	attempt, attemptWhy *widget.Label
	body                *widgets.BodyViewer
	bodyKey             string    // which cached body the viewer shows
	reloadJob           shell.Job // the cache's read in flight

	// 数据预拉取 only.
	preload                     *widget.Check
	preloadHint                 *widget.Label
	compile                     *widget.Check // 保存代码时预拉取 (the window's preference)
	compileHint                 *widget.Label
	offNote                     string // the last attempt sent with the prefetch off: what the mini program would do
	offNoteID                   int64  // that attempt
	path, query, scene, version *widget.Entry
	launchFrom                  *project.Project // the project whose values fill the entries

	runCancel context.CancelFunc
	started   time.Time
}

// New builds the panel of kind (fetch.Periodic or fetch.Pre); it follows the window's changes itself. Its
// buttons are the window's actions fetch.periodic or fetch.pre, fetch.cancel and fetch.launchReset.
func New(env Env, kind string) *Panel {
	t := env.T
	p := &Panel{env: env, kind: kind}
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord // breaks at spaces; a URL longer than the line still breaks inside
		l.Selectable = true
		return l
	}
	p.addr, p.gray, p.lastOK, p.versions = label(), label(), label(), label()
	p.versions.Importance = widget.LowImportance
	p.identity = widgets.NewTokenField(t("显示 token"))
	p.identity.Mask = core.Masked
	p.identity.Format = func(shown string, n int) string { return env.F("已设置 %s（%d 个字符）", shown, n) }
	p.identity.SetRevealed(env.ShowSecrets())
	p.identity.OnRevealed = func(on bool) { env.SetShowSecrets(on) }
	runID := "fetch.periodic"
	if kind == fetch.Pre {
		runID = "fetch.pre"
	}
	p.runBtn = env.ActionButton(runID, widget.HighImportance)
	p.cancelBtn = env.ActionButton("fetch.cancel", widget.MediumImportance)
	p.progress = widget.NewProgressBarInfinite()
	p.progress.Stop()
	p.progress.Hide()
	p.elapsed = widget.NewLabel("")
	p.attempt = widget.NewLabel(t("还没有请求记录"))
	p.attempt.TextStyle.Bold = true
	p.attempt.Wrapping = fyne.TextWrapWord
	p.attemptWhy = widget.NewLabel("")
	p.attemptWhy.Wrapping = fyne.TextWrapWord
	p.attemptWhy.Hide()
	p.body = widgets.NewBodyViewer()
	p.body.Do = env.Do
	p.body.Labels = widgets.BodyLabels{Pretty: t("格式化"), Raw: t("原文"), Search: t("搜索"), Copy: t("复制"),
		Save: t("保存…"), Empty: t("没有缓存数据"), Matches: "%d/%d", NoMatch: t("无匹配")}
	p.body.OnSave = func(b []byte) { env.SaveBody(b, kind+".json") }
	p.body.Gauge().Text = func(n, limit int64) string { return shell.GaugeText(env, n, limit) }

	addrTitle := t("数据下载地址")
	form := container.New(layout.NewFormLayout(),
		shell.Caption(addrTitle), p.addr,
		shell.Caption(t("灰度地址")), p.gray,
		shell.Caption("Token"), p.identity,
		shell.Caption(t("上次成功更新")), p.lastOK,
		shell.Caption(t("版本要求")), p.versions,
	)
	var top []fyne.CanvasObject
	if kind == fetch.Pre {
		p.preload = widget.NewCheck(t("启用数据预拉取"), func(on bool) {
			if proj := env.Project(); proj != nil && on != proj.PreloadBackgroundData {
				p.SetPreload(on)
			}
		})
		p.preloadHint = widget.NewLabel("")
		p.preloadHint.Importance = widget.LowImportance
		p.preloadHint.Wrapping = fyne.TextWrapWord
		p.compile = widget.NewCheck(t("保存代码时预拉取"), func(on bool) {
			if on != env.CompilePrefetch() {
				env.SetCompilePrefetch(on)
			}
		})
		p.compile.SetChecked(env.CompilePrefetch())
		p.compileHint = widget.NewLabel("")
		p.compileHint.Importance = widget.LowImportance
		p.compileHint.Wrapping = fyne.TextWrapWord
		p.path, p.query, p.scene, p.version = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
		p.path.SetPlaceHolder("pages/index/index")
		p.query.SetPlaceHolder("id=42&from=share")
		p.scene.SetPlaceHolder("1001")
		p.scene.Validator = func(s string) error {
			if s == "" {
				return nil
			}
			if n, err := strconv.Atoi(s); err != nil || n < 0 {
				return errors.New(t("场景值是一个数字，例如 1001"))
			}
			return nil
		}
		reset := env.ActionButton("fetch.launchReset", widget.LowImportance)
		launch := container.New(layout.NewFormLayout(),
			shell.Caption("path"), p.path, shell.Caption("query"), p.query, shell.Caption("scene"), p.scene,
			shell.Caption("customMiniprogramVersion"), p.version)
		top = append(top, container.NewBorder(nil, nil, p.preload, nil, p.preloadHint),
			container.NewBorder(nil, nil, p.compile, nil, p.compileHint), form,
			shell.Card("", t("启动参数（仅用于下一次冷启动，不写入配置）"), container.NewBorder(nil, nil, nil, reset, launch)))
	} else {
		top = append(top, form)
	}
	actions := container.NewHBox(p.runBtn, p.cancelBtn, container.NewGridWrap(fyne.NewSize(120, p.runBtn.MinSize().Height), p.progress), p.elapsed)
	top = append(top, actions, widget.NewSeparator(), p.attempt, p.attemptWhy)
	// Details on the left (scrolling when the window is short), the cached body on the right.
	bodyTitle := shell.Caption(t("缓存数据（getBackgroundFetchData 读取的内容）"))
	p.content = widgets.NewAdaptiveSplit(container.NewVScroll(container.NewVBox(top...)),
		container.NewBorder(bodyTitle, nil, nil, nil, p.body), 0.5)
	env.Subscribe(func(c shell.Change) {
		switch c {
		case shell.ProjectChanged, shell.SourcesChanged:
			p.refreshProject(env.Project())
		case shell.DataChanged:
			p.reloadCache()
		}
	})
	return p
}

// Content is the tab's content.
func (p *Panel) Content() fyne.CanvasObject { return p.content }

// SetPreload flips 启用数据预拉取 in project.config.json, off the UI goroutine.
func (p *Panel) SetPreload(on bool) {
	shell.Background(p.env, nil, func(context.Context) (struct{}, error) { return struct{}{}, p.env.SetPreloadBackgroundData(on) },
		func(_ struct{}, err error) {
			p.env.ShowError(err)
			p.env.RefreshActions()
		})
}

// refreshProject redraws the config-derived part.
func (p *Panel) refreshProject(proj *project.Project) {
	t := p.env.T
	if proj == nil {
		p.addr.SetText("—")
		p.gray.SetText("—")
		p.identity.SetNote("—", widget.MediumImportance)
		p.versions.SetText("—")
		return
	}
	p.versions.SetText(versionText(p.env, platform.Of(proj.Platform), p.kind))
	src := proj.Periodic
	if p.kind == fetch.Pre {
		src = proj.Prefetch.Source
	}
	spec := platform.Of(proj.Platform)
	switch {
	case !spec.Has(p.kind):
		p.addr.SetText(p.env.F("%s没有 fetchType %s（只有 %s）", t(spec.NameZh), p.kind, strings.Join(spec.FetchTypes, ", ")))
	case spec.Requests == platform.RequestsPreload:
		if e, ok := proj.PreloadFor(fetch.Pre); ok {
			p.addr.SetText(fmt.Sprintf("%s %s · dataType %s · %s", e.Method, e.URL, e.DataType, project.PreloadFile))
		} else {
			p.addr.SetText(t("preload.json 中没有 fetchType 为 pre 的条目"))
		}
	case src.Cloud != nil:
		ev, _ := json.Marshal(fetch.CloudEvent(proj, fetch.Launch{Path: proj.Prefetch.Path, Query: proj.Prefetch.Query, Scene: proj.Prefetch.Scene}))
		if p.kind == fetch.Periodic {
			ev, _ = json.Marshal(fetch.CloudEvent(proj, fetch.Launch{}))
		}
		local := src.Cloud.LocalURL
		if local == "" {
			local = t("未设置 localUrl：工具无法调用云端的云函数")
		}
		p.addr.SetText(p.env.F("云函数 %s（环境 %s）⟶ 本地 %s\n事件：%s", src.Cloud.Function, src.Cloud.Env, local, ev))
	case src.URL == "":
		p.addr.SetText(p.env.F("未配置：在 %s 中设置 %s.url", project.ConfigFile, map[string]string{fetch.Periodic: "periodic", fetch.Pre: "prefetch"}[p.kind]))
	default:
		p.addr.SetText(p.env.MaskText(src.URL))
	}
	if src.Gray.URL == "" || !spec.Gray {
		p.gray.SetText(t("未配置"))
	} else {
		user, _ := p.env.CurrentUser()
		in, why := shell.GrayWhy(p.env, proj.AppID, user, src.Gray.Percent)
		who := t("当前模拟用户使用主地址")
		if in {
			who = t("当前模拟用户使用灰度地址")
		}
		p.gray.SetText(fmt.Sprintf("%s (%d%%) — %s: %s", p.env.MaskText(src.Gray.URL), src.Gray.Percent, who, why))
	}
	p.refreshIdentity(proj)
	if p.kind == fetch.Pre {
		// Alipay has no DevTools switch: a "pre" entry in preload.json is what turns prefetch on.
		byPreload := spec.Prefetch == platform.SwitchPreloadJSON
		if byPreload {
			p.preload.Hide()
		} else {
			p.preload.Show()
		}
		p.preload.SetChecked(proj.PreloadBackgroundData)
		switch {
		case byPreload && core.PrefetchOn(proj):
			p.preloadHint.SetText(p.env.F("%s：preload.json 中有 pre 条目，冷启动时客户端会预拉取", t(spec.NameZh)))
		case byPreload:
			p.preloadHint.SetText(p.env.F("%s：在项目根目录的 preload.json 中加入 fetchType 为 pre 的条目才会预拉取", t(spec.NameZh)))
		case proj.PreloadBackgroundData:
			p.preloadHint.SetText(t("已启用：每次冷启动先请求预拉取地址（开关是 project.config.json 的 setting.preloadBackgroundData）"))
		default:
			p.preloadHint.SetText(t("未启用：冷启动不会请求预拉取地址。勾选后写入 project.config.json，与微信开发者工具一致"))
		}
		p.compile.SetChecked(p.env.CompilePrefetch())
		switch {
		case !p.env.CompilePrefetch():
			p.compileHint.SetText(t("已关闭：保存代码不会触发编译，也不会预拉取"))
		case core.PrefetchOn(proj):
			p.compileHint.SetText(t("保存 app.js、app.json、页面、组件或 project.config.json 即一次编译：与微信开发者工具一样，以配置的启动参数发送预拉取请求"))
		default:
			p.compileHint.SetText(t("保存代码即一次编译；数据预拉取未启用，所以编译时不发送请求"))
		}
		if src := p.env.Sources(); p.env.CompilePrefetch() && src.Root != "" {
			p.compileHint.SetText(p.compileHint.Text + p.env.F("（监听 %d 个源码文件夹）", src.Dirs))
		}
		if p.launchFrom == nil || launchChanged(p.launchFrom, proj) {
			p.FillLaunch(proj)
		}
	}
}

func (p *Panel) refreshIdentity(proj *project.Project) {
	t := p.env.T
	spec := platform.Of(proj.Platform)
	switch {
	case !spec.Token: // whatever the config says, this platform sends none
		p.identity.SetNote(p.env.F("%s预拉取不发送 token", t(spec.NameZh)), widget.MediumImportance)
	case proj.Token != nil && *proj.Token != "":
		p.identity.SetRevealed(p.env.ShowSecrets())
		p.identity.SetSecret(*proj.Token)
	case p.kind == fetch.Periodic:
		// The platform's own words, as DevTools shows them.
		p.identity.SetNote(p.env.F("未设置：周期性更新会失败（%s）", spec.Msg.TokenNotSet), widget.WarningImportance)
	default:
		p.identity.SetNote(t("未设置：将发送 code 代替 token，用 code 换取 session 可能刷新用户的 session_key"), widget.WarningImportance)
	}
}

// versionText is what the platform's Spec says about versions for fetchType, in the window's language: the
// documented minimum and the version rules that bear on it.
func versionText(u shell.Shell, spec *platform.Spec, fetchType string) string {
	if !spec.Has(fetchType) {
		return "—"
	}
	var parts []string
	if r, ok := spec.Requires[fetchType]; ok {
		if r.Client != "" {
			parts = append(parts, u.F("基础库 ≥ %s、客户端 ≥ %s", r.BaseLibrary, r.Client))
		} else {
			parts = append(parts, u.F("基础库 ≥ %s", r.BaseLibrary))
		}
	}
	for _, v := range spec.Versions {
		switch {
		case v.Key == "realdevice-fetch" && fetchType == fetch.Periodic:
			parts = append(parts, u.F("真机调试的「拉取缓存」需要%s %s 及以上", u.T(spec.NameZh), v.Since))
		case v.Key == "ios-timestamp":
			parts = append(parts, u.F("%s %s 之前，iOS 上 getBackgroundFetchData 的 timeStamp 有误", u.T(spec.NameZh), v.Before))
		}
	}
	if len(parts) == 0 {
		return u.T("文档未给出")
	}
	return strings.Join(parts, u.T("；"))
}

func launchChanged(a, b *project.Project) bool {
	return a.Prefetch.Path != b.Prefetch.Path || a.Prefetch.Query != b.Prefetch.Query ||
		a.Prefetch.Scene != b.Prefetch.Scene || a.Prefetch.CustomMiniprogramVersion != b.Prefetch.CustomMiniprogramVersion
}

// FillLaunch puts the configured launch parameters into the entries.
func (p *Panel) FillLaunch(proj *project.Project) {
	if proj == nil {
		return
	}
	p.launchFrom = proj
	p.path.SetText(proj.Prefetch.Path)
	p.query.SetText(proj.Prefetch.Query)
	scene := ""
	if proj.Prefetch.Scene != 0 {
		scene = strconv.Itoa(proj.Prefetch.Scene)
	}
	p.scene.SetText(scene)
	p.version.SetText(proj.Prefetch.CustomMiniprogramVersion)
}

func (p *Panel) Launch() (*fetch.Launch, error) {
	if err := p.scene.Validate(); err != nil {
		return nil, err
	}
	scene, _ := strconv.Atoi(p.scene.Text)
	return &fetch.Launch{Path: p.path.Text, Query: p.query.Text, Scene: scene, CustomMiniprogramVersion: p.version.Text}, nil
}

// Runnable reports whether the panel can send its request now: a project is loaded, none is in flight,
// and the platform has this fetch type.
func (p *Panel) Runnable() bool {
	proj := p.env.Project()
	return proj != nil && p.runCancel == nil && platform.Of(proj.Platform).Has(p.kind)
}

// Run sends the request off the UI goroutine, with progress and cancel.
func (p *Panel) Run() {
	if !p.Runnable() {
		return
	}
	var launch *fetch.Launch
	offNote := ""
	if p.kind == fetch.Pre {
		// Sent when asked even with the prefetch off, but the attempt says the mini program would not.
		offNote = shell.PrefetchOffText(p.env, core.PrefetchOff(p.env.Project()))
		var err error
		if launch, err = p.Launch(); err != nil {
			p.env.ShowError(err)
			return
		}
	}
	ctx, cancel := context.WithCancel(p.env.Context())
	p.runCancel = cancel
	p.setRunning(true)
	go p.tick(ctx)
	go func() {
		var a *core.Attempt
		var err error
		if p.kind == fetch.Periodic {
			a, err = p.env.Pull(ctx)
		} else {
			a, err = p.env.Prefetch(ctx, launch)
		}
		p.env.Do(func() {
			cancel()
			p.runCancel = nil
			p.setRunning(false)
			if a == nil {
				p.env.ShowError(err)
				return
			}
			p.offNote, p.offNoteID = offNote, a.ID
			if offNote != "" {
				p.env.Toast(offNote)
			}
			p.showAttempt(a)
		})
	}()
}

// tick shows the time spent waiting until ctx ends.
func (p *Panel) tick(ctx context.Context) {
	tk := time.NewTicker(100 * time.Millisecond)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
			p.env.Do(func() {
				if p.runCancel != nil {
					p.elapsed.SetText(p.env.F("请求中… %.1f 秒", time.Since(p.started).Seconds()))
				}
			})
		}
	}
}

func (p *Panel) CancelRun() {
	if p.runCancel != nil {
		p.runCancel()
	}
}

func (p *Panel) setRunning(on bool) {
	if on {
		p.started = time.Now()
		p.env.RefreshActions()
		p.progress.Show()
		p.progress.Start()
		p.elapsed.SetText(p.env.T("请求中…"))
		return
	}
	p.env.RefreshActions()
	p.progress.Stop()
	p.progress.Hide()
	p.elapsed.SetText("")
	if proj := p.env.Project(); proj != nil {
		p.refreshProject(proj)
	}
}

// showAttempt summarises an attempt: the verdict first, then why and the warnings.
func (p *Panel) showAttempt(a *core.Attempt) {
	if a == nil {
		p.attempt.SetText(p.env.T("还没有请求记录"))
		p.attempt.Importance = widget.MediumImportance
		p.attemptWhy.Hide()
		return
	}
	a = p.env.MaskAttempt(a)
	p.attempt.SetText(shell.AttemptSummary(p.env, a))
	switch {
	case a.Cached && len(a.Warnings) == 0:
		p.attempt.Importance = widget.SuccessImportance
	case a.Cached:
		p.attempt.Importance = widget.WarningImportance
	default:
		p.attempt.Importance = widget.DangerImportance
	}
	p.attempt.Refresh()
	var why []string
	if p.offNote != "" && a.ID == p.offNoteID {
		why = append(why, "ℹ "+p.offNote)
	}
	words := p.env.AttemptWords(a)
	if words.Err != "" {
		why = append(why, words.Err)
	} else if words.Reason != "" {
		why = append(why, words.Reason)
	}
	for _, w := range words.Warnings {
		why = append(why, "⚠ "+w)
	}
	if a.Variant == "gray" {
		why = append(why, p.env.T("使用了灰度地址：")+words.Variant)
	}
	p.attemptWhy.SetText(strings.Join(why, "\n"))
	p.attemptWhy.Show()
	if len(why) == 0 {
		p.attemptWhy.Hide()
	}
}

// reloadCache reads the cached body and the last attempt off the UI goroutine. A platform without this
// fetch type shows neither: what another platform cached under the same appid is not this one's.
func (p *Panel) reloadCache() {
	if proj := p.env.Project(); proj != nil && !platform.Of(proj.Platform).Has(p.kind) {
		p.reloadJob.Drop() // a read in flight for the previous platform is stale
		p.lastOK.SetText("—")
		p.bodyKey = ""
		p.body.Clear()
		p.showAttempt(nil)
		return
	}
	env, kind := p.env, p.kind
	type cached struct {
		entry     core.CacheEntry
		err, herr error
		list      []core.Attempt
	}
	shell.Background(p.env, &p.reloadJob, func(ctx context.Context) (cached, error) {
		var c cached
		c.entry, c.err = env.Cached(ctx, kind)
		c.list, c.herr = env.History(ctx, core.HistoryFilter{FetchType: kind, Limit: 1})
		return c, nil
	}, func(c cached, _ error) {
		entry, err := c.entry, c.err
		switch {
		case err == nil:
			p.lastOK.SetText(whenText(p.env, entry.FetchedAt))
			// The attempt id alone is not enough: it is 0 once that attempt is deleted, in any project.
			if key := fmt.Sprintf("%s/%d/%d/%d/%v", entry.AppID, entry.AttemptID, entry.FetchedAt.UnixMilli(), len(entry.Body), p.env.ShowSecrets()); key != p.bodyKey {
				p.bodyKey = key
				p.body.SetBody(p.env.MaskBody(entry.Body))
			}
		case errors.Is(err, core.ErrNotFound) || errors.Is(err, core.ErrNoProject):
			p.lastOK.SetText(p.env.T("尚无缓存数据"))
			p.bodyKey = ""
			p.body.Clear()
		default:
			p.env.ShowError(err)
		}
		if c.herr == nil && len(c.list) > 0 {
			p.showAttempt(&c.list[0])
		} else {
			p.showAttempt(nil)
		}
	})
}

// whenText says a time and how long ago it was.
func whenText(u shell.Shell, t time.Time) string {
	ago := time.Since(t).Round(time.Second)
	var rel string
	switch {
	case ago < time.Minute:
		rel = u.T("刚刚")
	case ago < time.Hour:
		rel = u.F("%d 分钟前", int(ago.Minutes()))
	case ago < 48*time.Hour:
		rel = u.F("%d 小时前", int(ago.Hours()))
	default:
		rel = u.F("%d 天前", int(ago.Hours()/24))
	}
	return fmt.Sprintf("%s（%s）", t.Local().Format("2006-01-02 15:04:05"), rel)
}

// Running reports whether the panel's request is in flight.
func (p *Panel) Running() bool { return p.runCancel != nil }

// ShowsCache reports whether the body viewer shows a cached body (not the empty state).
func (p *Panel) ShowsCache() bool { return p.bodyKey != "" }

// Widgets are the panel's lines and controls, for tests that read and drive the panel as a person does.
type Widgets struct {
	Addr, Gray, LastOK, Versions, Attempt, AttemptWhy *widget.Label
	Identity                                          *widgets.TokenField
	Run, Cancel                                       *widget.Button
	Progress                                          *widget.ProgressBarInfinite
	Body                                              *widgets.BodyViewer
	// 数据预拉取 only (nil on 周期性更新).
	Preload, Compile            *widget.Check
	PreloadHint, CompileHint    *widget.Label
	Path, Query, Scene, Version *widget.Entry
}

// W is the panel's Widgets.
func (p *Panel) W() Widgets {
	return Widgets{Addr: p.addr, Gray: p.gray, LastOK: p.lastOK, Versions: p.versions, Attempt: p.attempt,
		AttemptWhy: p.attemptWhy, Identity: p.identity, Run: p.runBtn, Cancel: p.cancelBtn, Progress: p.progress,
		Body: p.body, Preload: p.preload, Compile: p.compile, PreloadHint: p.preloadHint, CompileHint: p.compileHint,
		Path: p.path, Query: p.query, Scene: p.scene, Version: p.version}
}
