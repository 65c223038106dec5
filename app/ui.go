// Package app is the desktop window: the DevTools panels drawn over the engine in app/core. Every engine
// call runs off the UI goroutine and comes back through fyne.Do.
package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/demo"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/analytics"
	"github.com/bgfetch/devtools/app/ui/fetchpanel"
	"github.com/bgfetch/devtools/app/ui/get"
	"github.com/bgfetch/devtools/app/ui/history"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/ui/sim"
	"github.com/bgfetch/devtools/widgets"
)

// Preference keys.
const (
	prefWidth    = "window.width"
	prefHeight   = "window.height"
	prefTab      = "window.tab"
	prefLast     = "project.last"
	prefRecent   = "project.recent"
	prefLanguage = "language"
	prefOS       = "simulated.os"
	// prefCompilePrefetch is 保存代码时预拉取: a save of the sources is a compile (on by default).
	prefCompilePrefetch = "prefetch.onCompile"
	maxRecent           = 8
)

// Options are the window's command-line options.
type Options struct {
	ProjectDir string // "" = the last project, else the demo project
	DataDir    string // "" = $BGFETCH_DATA or the user config folder
	Demo       bool   // open the demo project (with its server) whatever was open last
	Version    string
	// Do runs f on the UI goroutine; nil means fyne.Do. Tests set it to run callbacks on the test
	// goroutine, in order.
	Do func(f func())
}

// ParseFlags reads the window's flags: --project DIR, --data DIR, --demo.
func ParseFlags(args []string, stderr io.Writer) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("bgfetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.ProjectDir, "project", "", "open this mini-program project folder")
	fs.StringVar(&o.DataDir, "data", "", "the folder of the database (default $"+core.EnvData+" or the user config folder)")
	fs.BoolVar(&o.Demo, "demo", false, "open the embedded demo project, served by a demo server on loopback")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q: run bgfetch help for the verbs", fs.Arg(0))
	}
	return o, nil
}

// UI is the main window and its state. Fields below "UI goroutine" are only touched there.
type UI struct {
	app     fyne.App
	win     fyne.Window
	eng     *core.Engine
	tr      *translator
	opts    Options
	dataDir string
	ctx     context.Context
	cancel  context.CancelFunc
	demo    *demo.Server
	do      func(func())
	clock   *core.SimClock  // the simulation's clock: it runs only while the schedule does
	simEng  *core.Engine    // the simulation's engine: its own store (bgfetch-sim.db), on clock
	sched   *core.Scheduler // the 12-hour schedule, on simEng
	bridge  *bridge.Server  // the loopback bridge (桥接); nil while stopped. UI goroutine.

	reportPending atomic.Bool // a refresh for new analytics reports is waiting for the UI goroutine
	closed        atomic.Bool // the window has closed (shutdown): nothing is shown any more, u.do hands nothing on
	openMu        sync.Mutex  // one project open at a time (openProject)
	openWant      atomic.Value

	// UI goroutine.
	proj        *project.Project
	projErr     error
	osChoice    core.OS
	watchCancel context.CancelFunc
	watching    bool // the watch of the project is in place (startWatch)
	openJob     job  // the project being opened (openProject)
	bridgeState bridgeState
	started     bool // the app is running and the window exists

	tabs *container.AppTabs
	// tabContents are the tabs' contents in order; a tab item holds an empty placeholder until first shown.
	tabContents []fyne.CanvasObject
	periodic    *fetchpanel.Panel
	prefetch    *fetchpanel.Panel
	get         *get.Panel
	history     *history.Panel
	sim         *sim.Panel
	ana         *analytics.Panel
	banner      *banner
	toaster     *widgets.Toast
	status      struct{ project, config, db *widget.Label }

	actions     map[string]*action // the action table (defineActions), by id
	actionOrder []string
	buttons     map[string][]*widget.Button // panel buttons of each action, rebuilt with the panels
	menuItems   map[string][]*fyne.MenuItem // menu items of each action, rebuilt with the menu
	recentMenu  *fyne.MenuItem
	showSecrets bool // 显示 token: the token in clear everywhere; off at every start
	// compilePrefetch is 保存代码时预拉取: the watch treats a save of the sources as a compile, which
	// prefetches when the project's prefetch is on (a preference, on by default).
	compilePrefetch bool
	sources         project.SourceInfo // the source folders the watch covers
	fileDialog      *dialog.FileDialog // the last file dialog shown (tests answer it)
	dialogs         []shownDialog      // the dialogs shown, newest last: Esc closes the newest still open
	palette         *palette
	// subscribers are the panels' handlers of the window's changes (shell.Shell.Subscribe), made anew with
	// the panels.
	subscribers []func(shell.Change)
	building    bool   // build is making the panels: actions wait until they all exist
	opener      string // the program that opens a file in the system's editor on Linux; "" = xdg-open
}

// New opens the engine on the project the options and preferences name and builds the main window. The
// window is not shown yet.
func New(a fyne.App, opts Options) (*UI, error) {
	u := &UI{app: a, opts: opts, do: opts.Do}
	if u.do == nil {
		u.do = fyne.Do
	}
	// Once the window closes (退出 closes it before the driver stops), nothing more is handed to the UI
	// goroutine: Fyne's shutdown races with fyne.Do from other goroutines (fyne-io/fyne#5748), and the
	// bridge's tick, a progress line or a job finishing would otherwise call it while the driver closes its
	// queue.
	do := u.do
	u.do = func(f func()) {
		if !u.closed.Load() {
			do(f)
		}
	}
	u.ctx, u.cancel = context.WithCancel(context.Background())
	u.tr = newTranslator(a.Preferences().String(prefLanguage))
	u.osChoice = core.OS(a.Preferences().StringWithFallback(prefOS, string(core.Android)))
	u.compilePrefetch = a.Preferences().BoolWithFallback(prefCompilePrefetch, true)

	var err error
	if u.dataDir, err = core.DataDir(opts.DataDir); err != nil {
		return nil, err
	}
	dir := opts.ProjectDir
	if dir == "" && !opts.Demo {
		if last := a.Preferences().String(prefLast); last != "" {
			if st, err := os.Stat(last); err == nil && st.IsDir() {
				dir = last
			}
		}
	}
	if dir == "" || dir == u.demoDir() {
		if dir, err = u.startDemo(); err != nil {
			return nil, err
		}
	}
	// Real requests, the real cache and the real history follow the wall clock; the simulation has its
	// own clock and its own store, so nothing simulated reaches them.
	u.eng, err = core.Open(core.Options{ProjectDir: dir, DataDir: u.dataDir})
	if err != nil {
		u.stopDemo()
		return nil, err
	}
	u.clock = core.NewSimClock(nil)
	if u.simEng, err = core.OpenSimulation(u.eng, u.clock); err != nil {
		_ = u.eng.Close()
		u.stopDemo()
		return nil, err
	}
	u.sched = core.NewScheduler(u.simEng, u.clock)
	go u.eng.WatchStore(u.ctx, 0) // the CLI, a second window or a bridge writing the same database
	u.startBridge()
	u.win = a.NewWindow("BgFetch DevTools")
	u.defineActions()
	u.build()
	u.resizeFromPreferences()
	u.eng.Subscribe(func(ev core.Event) {
		if ev.Kind == core.Reported { // up to thousands a second: one waiting refresh is enough
			if u.reportPending.CompareAndSwap(false, true) {
				u.do(func() {
					u.reportPending.Store(false)
					u.onEvent(ev)
				})
			}
			return
		}
		u.do(func() { u.onEvent(ev) })
	})
	u.win.SetOnClosed(u.shutdown)
	a.Lifecycle().SetOnStarted(func() {
		u.do(func() {
			u.started = true
			u.refreshTitle()
		})
	})
	u.switchedProject()
	return u, nil
}

// Window is the main window.
func (u *UI) Window() fyne.Window { return u.win }

// Engine is the engine under the window.
func (u *UI) Engine() *core.Engine { return u.eng }

func (u *UI) demoDir() string { return filepath.Join(u.dataDir, "demo-project") }

// startDemo starts the demo server on loopback and writes the demo project pointing at it.
func (u *UI) startDemo() (string, error) {
	if u.demo == nil {
		srv, err := demo.Start("127.0.0.1:0")
		if err != nil {
			return "", err
		}
		u.demo = srv
	}
	dir := u.demoDir()
	if err := demo.WriteProject(dir, u.demo.URL); err != nil {
		return "", fmt.Errorf("write the demo project to %s: %w", dir, err)
	}
	return dir, nil
}

func (u *UI) stopDemo() {
	if u.demo != nil {
		_ = u.demo.Close()
		u.demo = nil
	}
}

// shutdown cancels requests in flight and the watcher, then closes the database and the demo server.
func (u *UI) shutdown() {
	if u.closed.Swap(true) {
		return
	}
	size := u.win.Canvas().Size()
	if size.Width > 0 && size.Height > 0 {
		u.app.Preferences().SetFloat(prefWidth, float64(size.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(size.Height))
	}
	u.cancel()
	u.closeBridge()
	if err := u.simEng.Close(); err != nil {
		slog.Error("close the simulation store", "err", err)
	}
	if err := u.eng.Close(); err != nil {
		slog.Error("close the database", "err", err)
	}
	u.stopDemo()
}

func (u *UI) build() {
	t := u.tr.T
	u.buttons, u.menuItems = map[string][]*widget.Button{}, map[string][]*fyne.MenuItem{}
	u.building = true
	u.subscribers = nil
	u.periodic = fetchpanel.New(fetchEnv{panelEnv{u.shell()}}, fetch.Periodic)
	u.prefetch = fetchpanel.New(fetchEnv{panelEnv{u.shell()}}, fetch.Pre)
	u.get = get.New(getEnv{panelEnv{u.shell()}}, [2]string{"get.copyPeriodic", "get.copyPre"})
	u.history = history.New(historyEnv{panelEnv{u.shell()}})
	u.sim = sim.New(simEnv{panelEnv{u.shell()}}, u.sim) // a rebuild (language switch): a running schedule goes on
	u.ana = analytics.New(analyticsEnv{panelEnv{u.shell()}})
	u.tabContents = []fyne.CanvasObject{u.periodic.Content(), u.prefetch.Content(), u.get.Content(), u.history.Content(), u.sim.Content(), u.ana.Content()}
	// A tab's content goes into the window when the tab is first shown: AppTabs lays out every tab's
	// content, hidden or not, so at start all six panels made their renderers, measured their text and
	// loaded the fonts it needs before the first frame (docs/performance.md).
	sel := u.app.Preferences().IntWithFallback(prefTab, 0)
	if sel < 0 || sel >= len(tabNames) {
		sel = 0
	}
	u.tabs = container.NewAppTabs()
	for i, name := range tabNames {
		var c fyne.CanvasObject = container.NewStack()
		if i == sel {
			c = u.tabContents[i]
		}
		u.tabs.Append(container.NewTabItem(t(name), c))
	}
	u.tabs.SelectIndex(sel)
	u.tabs.OnSelected = func(item *container.TabItem) {
		i := u.tabs.SelectedIndex()
		u.app.Preferences().SetInt(prefTab, i)
		if item.Content != u.tabContents[i] {
			item.Content = u.tabContents[i]
			u.tabs.Refresh()
		}
		if item.Content == u.history.Content() {
			u.history.Reload()
		}
	}
	u.banner = newBanner(u)
	u.toaster = widgets.NewToast()
	u.toaster.Do = u.do
	u.status.project = widget.NewLabel("")
	u.status.project.Truncation = fyne.TextTruncateEllipsis
	u.status.config = widget.NewLabel("")
	u.status.config.Truncation = fyne.TextTruncateEllipsis // the banner shows a long config error in full
	u.status.db = widget.NewLabel("")
	u.status.db.Truncation = fyne.TextTruncateEllipsis
	for _, l := range []*widget.Label{u.status.project, u.status.config, u.status.db} {
		l.SizeName = theme.SizeNameCaptionText
	}
	statusBar := container.NewBorder(widget.NewSeparator(), nil, nil, nil,
		container.NewGridWithColumns(3, u.status.project, u.status.config, u.status.db))
	body := container.NewStack(u.tabs, u.toaster)
	u.win.SetContent(container.NewBorder(u.banner.content, statusBar, nil, nil, body))
	u.win.SetMainMenu(u.mainMenu())
	u.win.SetIcon(appIcon)
	u.registerShortcuts()
	u.building = false
	u.refreshActions()
}

// resizeFromPreferences gives the window the size it had when it was last closed (1100×760 the first
// time); a rebuild on a language switch keeps the size the window has.
func (u *UI) resizeFromPreferences() {
	w := u.app.Preferences().FloatWithFallback(prefWidth, 1100)
	h := u.app.Preferences().FloatWithFallback(prefHeight, 760)
	u.win.Resize(fyne.NewSize(float32(w), float32(h)))
}

// compiled says in the status bar what a compile (a save of the sources) did.
func (u *UI) compiled(ev core.Event) {
	ci := ev.Compile
	if ci == nil {
		return
	}
	files := strings.Join(ci.Files, ", ")
	if ci.More > 0 {
		files += u.tr.F(" 等 %d 个文件", len(ci.Files)+ci.More)
	}
	var what string
	switch {
	case ev.Attempt != nil:
		_, status, verdict := shell.AttemptVerdict(u.shell(), ev.Attempt)
		what = u.tr.T("编译时预拉取") + " · " + status + " · " + verdict
	case ev.Err != nil:
		what = u.errText(ev.Err)
	default:
		what = shell.PrefetchOffText(u.shell(), ci.Off)
	}
	u.setConfigState(u.tr.F("已编译 %s（%s）：%s", time.Now().Format("15:04:05"), files, what), ev.Err != nil && ev.Attempt == nil)
}

// onEvent applies an engine event; it runs on the UI goroutine.
func (u *UI) onEvent(ev core.Event) {
	if u.closed.Load() {
		return
	}
	switch ev.Kind {
	case core.ProjectChanged:
		u.proj, u.projErr = ev.Project, nil
		u.refreshProject()
		u.setConfigState(u.tr.F("已重新加载 %s", time.Now().Format("15:04:05")), false)
		u.refreshData()
	case core.ProjectInvalid:
		if ev.Project != nil {
			u.proj = ev.Project
		}
		u.projErr = ev.Err
		u.refreshProject()
		u.setConfigState(u.errText(ev.Err), true)
	case core.Fetched:
		u.refreshData()
	case core.Compiled:
		u.compiled(ev)
	case core.StoreChanged: // another process wrote the database: whatever it wrote shows up
		u.refreshData()
		u.changed(shell.Reported)
	case core.Cleared:
		if ev.ReportLog {
			u.changed(shell.ReportLogCleared)
			return
		}
		u.refreshData()
	case core.AnalyticsChanged:
		u.changed(shell.AnalyticsChanged)
	case core.Reported:
		u.changed(shell.Reported)
	}
}

func (u *UI) setConfigState(s string, isErr bool) {
	u.status.config.SetText(s)
	if isErr {
		u.status.config.Importance = widget.DangerImportance
	} else {
		u.status.config.Importance = widget.MediumImportance
	}
	u.status.config.Refresh()
}

// refreshProject redraws what comes from the config: addresses, token, switches, menus, banner.
func (u *UI) refreshProject() {
	p := u.proj
	dir := u.eng.ProjectDir()
	appid := "—"
	if p != nil {
		appid = p.AppID
	}
	u.status.project.SetText(fmt.Sprintf("%s · %s", dir, appid))
	u.status.db.SetText(u.tr.T("数据库：") + u.eng.DBPath())
	u.banner.set(u.projErr)
	u.changed(shell.ProjectChanged)
	u.refreshActions()
	u.refreshTitle()
}

// refreshTitle names the project in the title, once the window exists: the native window takes its X11
// class from the title it is created with, which must stay "BgFetch DevTools" for the .desktop entry.
func (u *UI) refreshTitle() {
	if !u.started {
		return
	}
	title := "BgFetch DevTools"
	if p := u.proj; p != nil {
		title += " — " + filepath.Base(u.eng.ProjectDir()) + " (" + p.AppID + ")"
	}
	u.win.SetTitle(title)
}

// refreshData reloads what comes from the database: cached bodies, results, history. Reads run off the
// UI goroutine.
func (u *UI) refreshData() {
	u.changed(shell.DataChanged)
}

// setPlatform writes the platform into bgfetch.config.json; the watcher reloads it.
func (u *UI) setPlatform(p project.Platform) {
	backgroundErr(u, func(context.Context) error { return u.eng.SetPlatform(p) }, nil)
}

func (u *UI) setOS(o core.OS) {
	u.osChoice = o
	u.app.Preferences().SetString(prefOS, string(o))
	u.refreshActions()
	u.changed(shell.OSChanged)
}

// setLanguage switches the UI language: the window is rebuilt in place.
func (u *UI) setLanguage(choice string) {
	u.app.Preferences().SetString(prefLanguage, choice)
	u.tr.choice = choice
	tab, sel := u.tabs.SelectedIndex(), u.history.Selected()
	u.build()
	u.tabs.SelectIndex(tab)
	u.refreshProject()
	u.refreshData()
	if sel != 0 { // the open attempt stays open and selected
		u.history.Open(sel)
	}
	if u.projErr != nil {
		u.setConfigState(u.errText(u.projErr), true)
	} else {
		u.setConfigState(u.tr.T("正在监听配置文件"), false)
	}
}
