package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/ui/uitest"
	"github.com/bgfetch/devtools/assets"
)

// fixture is the 自定义分析 tab over a real engine: a project in a temporary folder, its SQLite database in
// another, a fyne test window, and an environment that is what the window gives the tab, in Chinese. The
// window's bridge is no part of it (the 桥接 view is tested with the window, in package app): here it is
// stopped. UI callbacks run on the test goroutine (uitest.Pump).
type fixture struct {
	t     testing.TB
	p     uitest.Pump
	dir   string
	eng   *core.Engine
	win   fyne.Window
	env   *testEnv
	panel *Panel
}

// testEnv is Env: the engine's calls are the engine's own (embedded); the shell is the window's, in Chinese,
// with the window's rules for the tab's actions (fixture.actions).
type testEnv struct {
	*core.Engine
	f       *fixture
	ctx     context.Context
	closed  bool
	proj    *project.Project
	toast   string // the last toast
	subs    []func(shell.Change)
	buttons map[string][]*widget.Button
	zh      map[string]string // assets/messages/zh.json
}

// action is one of the window's actions on the tab: when it can run and what it does.
type action struct {
	enabled func() bool
	run     func()
}

// newFixture opens a project of app wxui with a fresh database.
func newFixture(t testing.TB) *fixture { return openFixture(t, "wxui", t.TempDir()) }

// openFixture opens a project of appID over the database in dataDir and shows the tab in a window.
func openFixture(t testing.TB, appID, dataDir string) *fixture {
	f := &fixture{t: t, p: uitest.NewPump(), dir: t.TempDir()}
	f.write(project.ProjectConfigFile, fmt.Sprintf(`{"appid": %q, "setting": {"preloadBackgroundData": false}}`, appID))
	f.write(project.ConfigFile, `{"token": "tok", "periodic": {"url": "http://127.0.0.1:1/periodic"}}`)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil) // the default theme: the test theme has no bold monospace font
	eng, err := core.Open(core.Options{ProjectDir: f.dir, DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.eng, f.win = eng, a.NewWindow("analytics")
	f.env = &testEnv{Engine: eng, f: f, ctx: ctx, buttons: map[string][]*widget.Button{}, zh: map[string]string{}}
	data, err := assets.Messages.ReadFile("messages/zh.json")
	if err == nil {
		err = json.Unmarshal(data, &f.env.zh)
	}
	if err != nil {
		t.Fatal(err)
	}
	f.panel = New(f.env)
	f.win.SetContent(f.panel.Content())
	f.win.Resize(fyne.NewSize(1100, 760))
	f.win.Show()
	f.env.RefreshActions()
	// The window's engine subscription: a flood of reports waits as one refresh.
	var reportPending atomic.Bool
	stop := eng.Subscribe(func(ev core.Event) {
		if ev.Kind == core.Reported {
			if reportPending.CompareAndSwap(false, true) {
				f.p.Do(func() {
					reportPending.Store(false)
					f.env.onEvent(ev)
				})
			}
			return
		}
		f.p.Do(func() { f.env.onEvent(ev) })
	})
	t.Cleanup(func() {
		f.env.closed = true
		cancel()
		stop()
		f.win.Close()
		_ = eng.Close()
		f.p.Drain()
	})
	f.env.proj, _ = eng.Project()
	f.env.changed(shell.ProjectChanged)
	f.p.Until(t, "the project to load", func() bool { return f.env.proj != nil })
	return f
}

func (f *fixture) write(name, content string) {
	f.t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// onEvent passes an engine event on to the tab as the window does (app's UI.onEvent).
func (e *testEnv) onEvent(ev core.Event) {
	if e.closed {
		return
	}
	switch ev.Kind {
	case core.ProjectChanged, core.ProjectInvalid:
		if ev.Project != nil {
			e.proj = ev.Project
		}
		e.changed(shell.ProjectChanged)
	case core.StoreChanged, core.Reported:
		e.changed(shell.Reported)
	case core.Cleared:
		if ev.ReportLog {
			e.changed(shell.ReportLogCleared)
		}
	case core.AnalyticsChanged:
		e.changed(shell.AnalyticsChanged)
	}
}

func (e *testEnv) changed(c shell.Change) {
	for _, f := range e.subs {
		f(c)
	}
}

// actions are the window's actions on the tab's buttons, with the window's rules (app's defineActions).
func (f *fixture) actions() map[string]action {
	ev, p := f.panel.Events(), f.panel
	hasProject := func() bool { return f.env.proj != nil }
	return map[string]action{
		"events.new":       {hasProject, func() { p.Views().SelectIndex(0); ev.NewEvent() }},
		"events.save":      {ev.CanSave, ev.Save},
		"events.test":      {ev.CanTest, ev.SaveAndTest},
		"events.discard":   {ev.CanDiscard, ev.Discard},
		"events.delete":    {ev.CanDelete, ev.Delete},
		"events.stop":      {ev.Testing, ev.StopTest},
		"events.toProject": {ev.CanSaveToProject, ev.SaveToProject},
		"events.import":    {hasProject, ev.Import},
		"events.export":    {ev.CanExport, ev.Export},
		"reports.open":     {func() bool { return true }, func() { p.Views().SelectIndex(1) }},
		"reports.csv":      {hasProject, p.Reports().ExportCSV},
		"reports.clear":    {hasProject, p.Reports().Clear},
		"reports.sync":     {func() bool { return !p.Sync().Running() }, func() { p.Views().SelectIndex(2); p.Sync().Compute() }},
	}
}

// act runs an action when it can run, as the window's buttons do.
func (e *testEnv) act(id string) {
	if e.f.panel == nil || e.closed {
		return
	}
	a, ok := e.f.actions()[id]
	if !ok {
		e.f.t.Errorf("the action %s is the window's bridge's: not in this fixture", id)
		return
	}
	if a.enabled() {
		a.run()
		e.RefreshActions()
	}
}

// unexpected fails the test: the tab does not use that part of the shell.
func (e *testEnv) unexpected(what string) { e.f.t.Errorf("the analytics tab used %s", what) }

func (e *testEnv) T(key string) string                                        { return key }
func (e *testEnv) F(key string, a ...any) string                              { return fmt.Sprintf(key, a...) }
func (e *testEnv) Do(f func())                                                { e.f.p.Do(f) }
func (e *testEnv) Context() context.Context                                   { return e.ctx }
func (e *testEnv) Closed() bool                                               { return e.closed }
func (e *testEnv) Toast(msg string)                                           { e.toast = msg }
func (e *testEnv) ErrText(err error) string                                   { return err.Error() }
func (e *testEnv) Clipboard() fyne.Clipboard                                  { return fyne.CurrentApp().Clipboard() }
func (e *testEnv) Window() fyne.Window                                        { return e.f.win }
func (e *testEnv) ShowDialog(d dialog.Dialog)                                 { d.Show() }
func (e *testEnv) ShowFileDialog(d *dialog.FileDialog, _ string, _ ...string) { d.Show() }
func (e *testEnv) ShowText(title, text string)                                { dialog.NewInformation(title, text, e.f.win).Show() }
func (e *testEnv) Subscribe(f func(shell.Change))                             { e.subs = append(e.subs, f) }
func (e *testEnv) Project() *project.Project                                  { return e.proj }
func (e *testEnv) MaskText(s string, _ ...string) string                      { e.unexpected("MaskText"); return s }
func (e *testEnv) MaskAttempt(a *core.Attempt) *core.Attempt                  { e.unexpected("MaskAttempt"); return a }
func (e *testEnv) MaskBody(b []byte) []byte                                   { e.unexpected("MaskBody"); return b }
func (e *testEnv) SaveBody([]byte, string)                                    { e.unexpected("SaveBody") }
func (e *testEnv) AttemptWords(*core.Attempt) shell.AttemptWords {
	e.unexpected("AttemptWords")
	return shell.AttemptWords{}
}
func (e *testEnv) Bridge() BridgeState      { return BridgeState{} }
func (e *testEnv) RestartBridge(bool, bool) { e.unexpected("RestartBridge") }
func (e *testEnv) BridgeOrigins(ctx context.Context) ([]string, error) {
	return bridge.SavedOrigins(ctx, e.Engine)
}
func (e *testEnv) SaveBridgeOrigins(ctx context.Context, text string) ([]string, error) {
	return bridge.SaveOrigins(ctx, e.Engine, text)
}

// ShowError shows err in a dialog, as the window does.
func (e *testEnv) ShowError(err error) {
	if err != nil && !e.closed {
		e.ShowText("出错了", e.ErrText(err))
	}
}

// Say is an engine message in Chinese (assets/messages/zh.json).
func (e *testEnv) Say(m msg.Msg) string {
	if s, ok := m.In(e.zh); ok {
		return s
	}
	return m.English()
}

// Confirm is a question with 取消 for No, as the window asks it.
func (e *testEnv) Confirm(title, message string, callback func(bool)) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, message, callback, e.f.win)
	d.SetDismissText("取消")
	return d
}

// ActionButton is a button for one of the window's actions; RefreshActions enables each by its rule.
func (e *testEnv) ActionButton(id string, imp widget.Importance) *widget.Button {
	b := &widget.Button{Text: id, Importance: imp, OnTapped: func() { e.act(id) }}
	e.buttons[id] = append(e.buttons[id], b)
	return b
}

func (e *testEnv) RefreshActions() {
	if e.f.panel == nil {
		return // New ends with the tab built: the window refreshes then
	}
	acts := e.f.actions()
	for id, bs := range e.buttons {
		a, ok := acts[id]
		for _, b := range bs {
			switch on := ok && a.enabled(); {
			case on && b.Disabled():
				b.Enable()
			case !on && !b.Disabled():
				b.Disable()
			}
		}
	}
}
