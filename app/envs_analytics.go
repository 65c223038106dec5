package app

import (
	"context"
	"io"
	"time"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/analytics"
)

// analyticsEnv is analytics.Env: the project, the engine's calls on the app's events and its report log,
// and the window's bridge.
type analyticsEnv struct{ panelEnv }

func (e analyticsEnv) ProjectDir() string { return e.u.eng.ProjectDir() }

func (e analyticsEnv) AnalyticsEvents(ctx context.Context) ([]core.AnalyticsEvent, error) {
	return e.u.eng.AnalyticsEvents(ctx)
}
func (e analyticsEnv) AnalyticsTesting() *core.AnalyticsTest { return e.u.eng.AnalyticsTesting() }
func (e analyticsEnv) SaveAnalyticsEvent(ctx context.Context, oldID string, ev core.AnalyticsEvent) error {
	return e.u.eng.SaveAnalyticsEvent(ctx, oldID, ev)
}
func (e analyticsEnv) DeleteAnalyticsEvent(ctx context.Context, id string) error {
	return e.u.eng.DeleteAnalyticsEvent(ctx, id)
}
func (e analyticsEnv) ImportAnalytics(ctx context.Context, path string) (int, error) {
	return e.u.eng.ImportAnalytics(ctx, path)
}
func (e analyticsEnv) ExportAnalytics(ctx context.Context, path string) error {
	return e.u.eng.ExportAnalytics(ctx, path)
}
func (e analyticsEnv) TestAnalytics(ctx context.Context) (*core.AnalyticsTest, error) {
	return e.u.eng.TestAnalytics(ctx)
}
func (e analyticsEnv) StopAnalyticsTest() { e.u.eng.StopAnalyticsTest() }

func (e analyticsEnv) Reports(ctx context.Context, f core.ReportFilter) ([]core.Report, error) {
	return e.u.eng.Reports(ctx, f)
}
func (e analyticsEnv) CountReports(ctx context.Context, f core.ReportFilter) (int64, error) {
	return e.u.eng.CountReports(ctx, f)
}
func (e analyticsEnv) WriteReportsCSV(ctx context.Context, w io.Writer, f core.ReportFilter) (core.CSVSummary, error) {
	return e.u.eng.WriteReportsCSV(ctx, w, f)
}
func (e analyticsEnv) ClearReports(ctx context.Context) (int64, error) {
	return e.u.eng.ClearReports(ctx)
}
func (e analyticsEnv) SyncResults(ctx context.Context, since, until time.Time) (*core.SyncResult, error) {
	return e.u.eng.SyncResults(ctx, since, until)
}

// Bridge is the window's bridge as the 桥接 view shows it (UI goroutine).
func (e analyticsEnv) Bridge() analytics.BridgeState {
	st := e.u.bridgeState
	s := analytics.BridgeState{Key: st.key, Busy: st.busy, Err: st.err, FellBack: st.fellBack, DefaultAddr: bridgeAddr}
	if srv := e.u.bridge; srv != nil {
		s.URL, s.Stats = srv.URL(), srv.Stats()
	}
	return s
}
func (e analyticsEnv) RestartBridge(newKey, run bool) { e.u.restartBridge(newKey, run) }
func (e analyticsEnv) BridgeOrigins(ctx context.Context) ([]string, error) {
	return bridge.SavedOrigins(ctx, e.u.eng)
}
func (e analyticsEnv) SaveBridgeOrigins(ctx context.Context, text string) ([]string, error) {
	return bridge.SaveOrigins(ctx, e.u.eng, text)
}
