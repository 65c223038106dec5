// Package analytics is the 自定义分析 tab: the app's events (and 保存并测试), the live report log, 同步结果
// and the bridge a running mini program reports through.
//
// Each view declares the environment it uses (EventsEnv, ReportsEnv, SyncEnv, BridgeEnv); the tab's Env
// is all four. The views follow the window's changes themselves (shell.Subscribe): the project, the
// analytics events the window passes on (shell.AnalyticsChanged, Reported, ReportLogCleared) and the
// bridge (shell.BridgeChanged). The bridge server itself is the window's: the 桥接 view reads its state and
// asks for a restart.
package analytics

import (
	"context"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// Env is what the tab needs of the window and the engine: what its four views need.
type Env interface {
	EventsEnv
	ReportsEnv
	SyncEnv
	BridgeEnv
}

// EventsEnv is what the 事件 view needs: the project and the engine's calls on the app's events.
type EventsEnv interface {
	shell.Shell
	// Project is the project loaded now (nil before the first load); ProjectDir its folder.
	Project() *project.Project
	ProjectDir() string
	// The engine's calls on the app's events (core.Engine's methods of the same names).
	AnalyticsEvents(ctx context.Context) ([]core.AnalyticsEvent, error)
	AnalyticsTesting() *core.AnalyticsTest
	SaveAnalyticsEvent(ctx context.Context, oldID string, ev core.AnalyticsEvent) error
	DeleteAnalyticsEvent(ctx context.Context, id string) error
	ImportAnalytics(ctx context.Context, path string) (int, error)
	ExportAnalytics(ctx context.Context, path string) error
	TestAnalytics(ctx context.Context) (*core.AnalyticsTest, error)
	StopAnalyticsTest()
}

// ReportsEnv is what 上报记录 needs: the report log's queries, its CSV export and its clearing (core.Engine's
// methods of the same names), and the events and the test its filters choose from.
type ReportsEnv interface {
	shell.Shell
	AnalyticsEvents(ctx context.Context) ([]core.AnalyticsEvent, error)
	AnalyticsTesting() *core.AnalyticsTest
	Reports(ctx context.Context, f core.ReportFilter) ([]core.Report, error)
	CountReports(ctx context.Context, f core.ReportFilter) (int64, error)
	WriteReportsCSV(ctx context.Context, w io.Writer, f core.ReportFilter) (core.CSVSummary, error)
	ClearReports(ctx context.Context) (int64, error)
}

// SyncEnv is what 同步结果 needs: the engine's summary of the log, and the running test (本次测试以来).
type SyncEnv interface {
	shell.Shell
	AnalyticsTesting() *core.AnalyticsTest
	SyncResults(ctx context.Context, since, until time.Time) (*core.SyncResult, error)
}

// BridgeEnv is what 桥接 needs of the window, which runs the bridge.
type BridgeEnv interface {
	shell.Shell
	// Bridge is the bridge's state now.
	Bridge() BridgeState
	// RestartBridge stops the bridge, makes a new key when newKey, and starts it again when run, off the
	// UI goroutine; the window says shell.BridgeChanged as the restart begins and when it is done.
	RestartBridge(newKey, run bool)
	// BridgeOrigins are the browser origins the bridge allows besides the machine's own; SaveBridgeOrigins
	// keeps the ones in text (bridge.SavedOrigins, bridge.SaveOrigins) and returns them normalised.
	BridgeOrigins(ctx context.Context) ([]string, error)
	SaveBridgeOrigins(ctx context.Context, text string) ([]string, error)
}

// BridgeState is what the window knows about its bridge.
type BridgeState struct {
	URL         string       // where it listens, http://127.0.0.1:port; "" while stopped
	Key         string       // the persisted key, known even while the bridge is stopped
	Stats       bridge.Stats // its counters (zero while stopped)
	Busy        bool         // a start, stop or key change is under way
	Err         error        // why the bridge is not running
	FellBack    error        // why it listens on another port than the default one
	DefaultAddr string       // the host:port it tries first
}

// Running reports whether the bridge listens.
func (s BridgeState) Running() bool { return s.URL != "" }

// Panel is the 自定义分析 tab.
type Panel struct {
	content fyne.CanvasObject
	tabs    *container.AppTabs
	events  *EventsView
	reports *ReportsView
	sync    *SyncView
	bridge  *BridgeView
}

// New builds the tab; its views follow the window's changes themselves.
func New(env Env) *Panel {
	t := env.T
	a := &Panel{}
	a.events = newEventsView(env)
	a.reports = newReportsView(env)
	a.sync = newSyncView(env)
	a.bridge = newBridgeView(env)
	a.tabs = container.NewAppTabs(
		container.NewTabItem(t("事件"), a.events.content),
		container.NewTabItem(t("上报记录"), a.reports.content),
		container.NewTabItem(t("同步结果"), a.sync.content),
		container.NewTabItem(t("桥接"), a.bridge.content),
	)
	a.tabs.OnSelected = func(ti *container.TabItem) {
		if ti.Content == a.sync.content && !a.sync.shown {
			a.sync.shown = true // computed when first opened, not at start-up
			a.sync.reload()
		}
		if ti.Content == a.bridge.content {
			a.bridge.show()
		}
	}
	a.content = a.tabs
	env.Subscribe(a.changed)
	return a
}

// changed follows the window's changes.
func (a *Panel) changed(c shell.Change) {
	switch c {
	case shell.ProjectChanged:
		a.events.reload()
		a.reports.reload()
		a.bridge.refresh()
	case shell.AnalyticsChanged: // the events changed, or a test started or stopped
		a.events.reload()
		a.reports.reload()
	case shell.Reported: // coalesced by the window: at most one waits at a time
		a.reports.more()
		a.bridge.refresh()
	case shell.ReportLogCleared:
		a.reports.reload()
		a.sync.reload()
	case shell.BridgeChanged:
		a.bridge.refresh()
	}
}

// Content is the tab's content.
func (a *Panel) Content() fyne.CanvasObject { return a.content }

// Views are the tab's views, in order: 事件, 上报记录, 同步结果, 桥接.
func (a *Panel) Views() *container.AppTabs { return a.tabs }

// Events is the 事件 view.
func (a *Panel) Events() *EventsView { return a.events }

// Reports is the 上报记录 view.
func (a *Panel) Reports() *ReportsView { return a.reports }

// Sync is the 同步结果 view.
func (a *Panel) Sync() *SyncView { return a.sync }

// Bridge is the 桥接 view.
func (a *Panel) Bridge() *BridgeView { return a.bridge }
