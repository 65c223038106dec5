package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/bgfetch/devtools/app/project"
)

// analyticsPanel is 自定义分析: the events (and 保存并测试), the live report log, 同步结果 and the bridge a
// running mini program reports through.
type analyticsPanel struct {
	u       *UI
	content fyne.CanvasObject
	tabs    *container.AppTabs
	events  *eventsView
	reports *reportsView
	sync    *syncView
	bridge  *bridgeView
}

func newAnalyticsPanel(u *UI) *analyticsPanel {
	t := u.tr.T
	a := &analyticsPanel{u: u}
	a.events = newEventsView(u)
	a.reports = newReportsView(u)
	a.sync = newSyncView(u)
	a.bridge = newBridgeView(u)
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
	}
	a.content = a.tabs
	return a
}

// refreshProject runs after the project was (re)loaded.
func (a *analyticsPanel) refreshProject(*project.Project) {
	a.events.reload()
	a.reports.reload()
	a.bridge.refresh()
}

// analyticsChanged runs after the events changed or a test started or stopped.
func (a *analyticsPanel) analyticsChanged() {
	a.events.reload()
	a.reports.reload()
}

// reported runs after new reports were written (coalesced: at most one call waits at a time).
func (a *analyticsPanel) reported() {
	a.reports.more()
	a.bridge.refresh()
}

// cleared runs after the report log was cleared.
func (a *analyticsPanel) cleared() {
	a.reports.reload()
	a.sync.reload()
}
