package analytics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/units"
	"github.com/bgfetch/devtools/widgets"
)

// The report log's limits: reports arrive by the thousand a second, the list shows the newest.
const (
	reportsKeep     = 5000                   // rows kept in memory; older ones are dropped
	reportsInterval = 250 * time.Millisecond // at most four refreshes a second
)

// ReportsView is the live report log (上报记录): every report, newest first, with its status; filters,
// CSV export, 清空记录, and the selected report in full below the list.
type ReportsView struct {
	env     ReportsEnv
	content fyne.CanvasObject

	event    *widget.Select
	flagged  *widget.Check
	testOnly *widget.Check
	count    *widget.Label
	list     *widget.List
	rowH     float32 // a row's height and the list's gap, to keep the view still as rows arrive on top
	split    *container.Split

	info        *widget.Label
	fields      *widgets.KVTable
	raw         *widgets.BodyViewer
	detail      fyne.CanvasObject
	placeholder *widget.Label

	// UI goroutine.
	events    []core.AnalyticsEvent // the configured events, for the filter and the field types
	rows      []reportRow           // newest first, at most reportsKeep
	selected  int64                 // the report shown below the list; 0 = none
	testSince time.Time             // the test the 仅本次测试 default was last set for
	gen       int                   // bumps when the filters change: answers to older queries are dropped
	full      bool                  // the next query reads the log again from the newest report
	busy      bool                  // a query is in flight
	again     bool                  // more was asked while busy or too soon: run once more later
	waiting   bool                  // a timer will run the postponed query
	last      time.Time             // when the last query started
}

// The share of the report log the list takes: most of it until a report is open below it.
const (
	splitList   = 0.85
	splitDetail = 0.58
)

// reportRow is one report with its list text, formatted the first time the row is drawn.
type reportRow struct {
	core.Report
	cols []string
}

func newReportsView(env ReportsEnv) *ReportsView {
	t := env.T
	v := &ReportsView{env: env, full: true}
	v.event = widget.NewSelect([]string{t("全部事件")}, func(string) { v.reload() })
	v.event.SetSelectedIndex(0)
	v.flagged = widget.NewCheck(t("只看有问题的"), func(bool) { v.reload() })
	v.testOnly = widget.NewCheck(t("仅本次测试"), func(bool) { v.reload() })
	v.testOnly.Disable()
	v.count = widget.NewLabel("")
	v.count.Truncation = fyne.TextTruncateEllipsis

	header := newReportCells()
	for i, s := range []string{"", t("时间"), t("事件"), t("页面"), t("触发方式"), t("动作"), t("状态与字段")} {
		if i > 0 {
			l := header.Objects[i].(*widget.Label)
			l.SetText(s)
			l.TextStyle.Bold = true
		}
	}
	v.list = &widget.List{
		Length:     func() int { return len(v.rows) },
		CreateItem: func() fyne.CanvasObject { return newReportCells() },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.rows) {
				v.fillRow(&v.rows[id], o.(*fyne.Container))
			}
		},
		OnSelected: func(id widget.ListItemID) {
			if id < len(v.rows) {
				v.show(&v.rows[id].Report)
			}
		},
	}
	v.rowH = newReportCells().MinSize().Height + theme.Padding()

	v.info = widget.NewLabel("")
	v.info.Wrapping = fyne.TextWrapWord
	v.info.Selectable = true
	v.fields = widgets.NewKVTable(t("字段"), t("类型"), t("值"))
	v.raw = widgets.NewBodyViewer()
	v.raw.Do = env.Do
	v.raw.Labels = widgets.BodyLabels{Pretty: t("格式化"), Raw: t("原文"), Search: t("搜索"), Copy: t("复制"),
		Save: t("保存…"), Empty: "", Matches: "%d/%d", NoMatch: t("无匹配")}
	v.raw.OnSave = func(b []byte) { env.SaveBody(b, "report.json") }
	v.raw.Gauge().Hide() // a report's data has no 256 KB limit
	right := container.NewAppTabs(
		container.NewTabItem(t("字段"), v.fields),
		container.NewTabItem(t("原始 data"), v.raw),
	)
	split := container.NewHSplit(container.NewVScroll(v.info), right)
	split.Offset = 0.45
	v.detail = split
	v.detail.Hide()
	v.placeholder = widget.NewLabel(t("选择一条上报，在这里查看全部字段、原始 data 与问题"))
	v.placeholder.Alignment = fyne.TextAlignCenter

	exportBtn := env.ActionButton("reports.csv", widget.LowImportance)
	clearBtn := env.ActionButton("reports.clear", widget.LowImportance)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(exportBtn, clearBtn),
		container.NewHBox(widget.NewLabel(t("事件")), v.event, v.flagged, v.testOnly))
	top := container.NewVBox(bar, v.count, header)
	v.split = container.NewVSplit(container.NewBorder(top, nil, nil, nil, v.list), container.NewStack(v.placeholder, v.detail))
	v.split.Offset = splitList
	v.content = v.split
	return v
}

// The report list's columns: status icon, time, event, page, trigger, action, then status and fields. A
// width above 1 is in pixels; up to 1 it is a share of what the fixed columns leave.
var reportColumns = []float32{24, 112, 0.2, 0.2, 0.1, 0.12, 0.38}

// newReportCells makes one row of the list (and its header): an icon, then a label per column.
func newReportCells() *fyne.Container {
	objs := []fyne.CanvasObject{widget.NewIcon(nil)}
	for range reportColumns[1:] {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		objs = append(objs, l)
	}
	return container.New(widgets.Columns(reportColumns), objs...)
}

// fillRow draws one report into a row of the list.
func (v *ReportsView) fillRow(r *reportRow, row *fyne.Container) {
	if r.cols == nil {
		r.cols = v.rowText(&r.Report)
	}
	icon := row.Objects[0].(*widget.Icon)
	imp := widget.MediumImportance
	if r.Flagged() {
		icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
		imp = widget.DangerImportance
	} else {
		icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	}
	for i, s := range r.cols {
		l := row.Objects[i+1].(*widget.Label)
		want := widget.MediumImportance
		if i == 1 || i == len(r.cols)-1 {
			want = imp
		}
		if l.Text != s || l.Importance != want {
			l.Text, l.Importance = s, want
			l.Refresh()
		}
	}
}

// rowText is a report's columns in the list: time, event, page, trigger, action, status and fields.
func (v *ReportsView) rowText(r *core.Report) []string {
	ev := r.Event
	if r.EventID != "" {
		ev = strings.TrimSpace(r.EventID + " " + r.EventName)
	}
	vals := r.Values()
	parts := make([]string, len(vals))
	for i, fv := range vals {
		parts[i] = fv.Field + "=" + shorten(fv.Value, 60)
	}
	status := reportStatus(v.env, r)
	if len(parts) > 0 {
		status += "  " + strings.Join(parts, ", ")
	}
	return []string{r.At.Local().Format("15:04:05.000"), ev, r.Page, reportTrigger(v.env, r.Trigger), r.Action, status}
}

// filter is what the filters select; it reads the running test (a quick, locked read).
func (v *ReportsView) filter() core.ReportFilter {
	var f core.ReportFilter
	if i := v.event.SelectedIndex(); i > 0 && i <= len(v.events) {
		f.Event = v.events[i-1].ID
	}
	if v.flagged.Checked {
		yes := true
		f.Flagged = &yes
	}
	if v.testOnly.Checked {
		if test := v.env.AnalyticsTesting(); test != nil {
			f.Since = test.Since
		}
	}
	return f
}

// syncTest turns 仅本次测试 on when a test starts and off (disabled) when none runs, without calling
// reload: it runs inside reload.
func (v *ReportsView) syncTest() {
	test := v.env.AnalyticsTesting()
	switch {
	case test == nil:
		v.testSince = time.Time{}
		v.testOnly.Checked = false
		v.testOnly.Disable()
	case !test.Since.Equal(v.testSince):
		v.testSince = test.Since
		v.testOnly.Checked = true
		v.testOnly.Enable()
	}
	v.testOnly.Refresh()
}

// reload reads the log again from the newest report (the filters, the events or the test changed).
func (v *ReportsView) reload() {
	if v.list == nil || v.env.Closed() {
		return
	}
	v.syncTest()
	v.gen++
	v.full = true
	v.last = time.Time{} // a filter change answers at once
	v.more()
}

// more adds the reports that arrived since the newest one shown. At most one query is in flight and at
// most four start a second; a call while busy or too soon is remembered and runs once, later.
func (v *ReportsView) more() {
	if v.list == nil || v.env.Closed() {
		return
	}
	if v.busy {
		v.again = true
		return
	}
	if wait := reportsInterval - time.Since(v.last); wait > 0 {
		v.again = true
		if !v.waiting {
			v.waiting = true
			time.AfterFunc(wait, func() {
				v.env.Do(func() {
					v.waiting = false
					if v.again {
						v.again = false
						v.more()
					}
				})
			})
		}
		return
	}
	v.again = false
	v.run()
}

// logRead is what a query of the log read: the events (after reload), the new reports and the counts.
type logRead struct {
	evs            []core.AnalyticsEvent
	rows           []core.Report
	total, flagged int64
}

// run queries the reports newer than the newest shown (or all, after reload) and the counts, off the UI
// goroutine. It runs through shell.Background without a job: a stale answer (the filters changed
// meanwhile) is not to be dropped but to clear busy and ask again, so the view's own generation tells it.
func (v *ReportsView) run() {
	v.busy, v.last = true, time.Now()
	gen, full := v.gen, v.full
	v.full = false
	f := v.filter()
	q := f
	q.Limit = reportsKeep
	if !full && len(v.rows) > 0 {
		q.AfterID = v.rows[0].ID
	}
	env := v.env
	shell.Background(env, nil, func(ctx context.Context) (r logRead, err error) {
		if full {
			r.evs, err = env.AnalyticsEvents(ctx)
		}
		if err == nil {
			r.rows, err = env.Reports(ctx, q)
		}
		// The counts are of the same reports the list will hold: none that arrived after the rows were read
		// (the next reload brings those, and counts them with them).
		switch {
		case len(r.rows) > 0:
			f.BeforeID = r.rows[0].ID + 1
		case !full && q.AfterID > 0:
			f.BeforeID = q.AfterID + 1
		}
		if err == nil {
			r.total, err = env.CountReports(ctx, f)
		}
		if err == nil {
			switch {
			case f.Flagged != nil:
				r.flagged = r.total
			default:
				yes := true
				g := f
				g.Flagged = &yes
				r.flagged, err = env.CountReports(ctx, g)
			}
		}
		return r, err
	}, func(r logRead, err error) {
		v.busy = false
		if gen != v.gen {
			v.full = true // the filters changed meanwhile: this answer is stale
			v.more()
			return
		}
		if err != nil {
			if full {
				v.full = true
			}
			if !errors.Is(err, env.Context().Err()) {
				v.count.SetText(env.ErrText(err))
			}
			return
		}
		if full {
			v.setEvents(r.evs)
		}
		v.apply(r.rows, full)
		v.count.SetText(env.F("共 %s 条，其中 %s 条有问题", units.Digits(r.total), units.Digits(r.flagged)))
		if v.again {
			v.more()
		}
	})
}

// setEvents fills the event filter, keeping the chosen event if it is still configured.
func (v *ReportsView) setEvents(evs []core.AnalyticsEvent) {
	cur := ""
	if i := v.event.SelectedIndex(); i > 0 && i <= len(v.events) {
		cur = v.events[i-1].ID
	}
	v.events = evs
	opts := []string{v.env.T("全部事件")}
	sel := 0
	for i, ev := range evs {
		opts = append(opts, strings.TrimSpace(ev.ID+" "+ev.Name))
		if ev.ID == cur {
			sel = i + 1
		}
	}
	v.event.Options = opts
	if sel == 0 && cur != "" {
		// The chosen event is gone: show all, which the next query must read.
		v.gen++
		v.full = true
		v.again = true
	}
	v.event.Selected = opts[sel]
	v.event.Refresh()
}

// apply puts new reports (newest first) on top of the list, or replaces the list, dropping the oldest
// beyond reportsKeep; the view stays where the user scrolled to, and the selection stays on its report.
func (v *ReportsView) apply(rows []core.Report, replace bool) {
	added := make([]reportRow, len(rows))
	for i := range rows {
		added[i].Report = rows[i]
	}
	offset := v.list.GetScrollOffset()
	if replace {
		v.rows = added
		offset = 0
	} else {
		if len(added) == 0 {
			return
		}
		v.rows = append(added, v.rows...)
		if offset > 0 {
			offset += float32(len(added)) * v.rowH
		}
	}
	if len(v.rows) > reportsKeep {
		clear(v.rows[reportsKeep:])
		v.rows = v.rows[:reportsKeep]
	}
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToOffset(offset)
	if v.selected != 0 {
		if i := slices.IndexFunc(v.rows, func(r reportRow) bool { return r.ID == v.selected }); i >= 0 {
			v.list.Select(i)
		}
	}
}

// show puts a report in full below the list.
func (v *ReportsView) show(r *core.Report) {
	t := v.env.T
	if v.selected == r.ID && v.detail.Visible() {
		return
	}
	v.selected = r.ID
	var b strings.Builder
	line := func(k, val string) {
		if val != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, val)
		}
	}
	if r.Flagged() {
		for _, p := range r.Problems {
			b.WriteString("⚠ " + problemText(v.env, p, true) + "\n")
		}
	} else {
		b.WriteString("✓ " + t("与配置一致") + "\n")
	}
	b.WriteString("\n")
	line(t("时间"), r.At.Local().Format("2006-01-02 15:04:05.000"))
	line("api", r.API)
	line(t("上报的事件"), r.Event)
	if r.EventID != "" {
		line(t("匹配的事件"), strings.TrimSpace(r.EventID+" "+r.EventName))
	}
	line(t("页面"), r.Page)
	line(t("触发方式"), reportTrigger(v.env, r.Trigger))
	line(t("动作"), r.Action)
	line(t("编号"), fmt.Sprintf("#%d", r.ID))
	v.info.SetText(strings.TrimSpace(b.String()))

	var ev *core.AnalyticsEvent
	for i := range v.events {
		if v.events[i].ID == r.EventID {
			ev = &v.events[i]
		}
	}
	var rows [][]string
	for _, fv := range r.Values() {
		typ := t("未配置")
		if ev != nil {
			if f, ok := ev.Field(fv.Field); ok {
				typ = typeText(v.env, f.Type)
			}
		}
		rows = append(rows, []string{fv.Field, typ, fv.Value})
	}
	v.fields.SetRows(rows)
	v.raw.SetBody([]byte(r.Data))
	v.placeholder.Hide()
	if !v.detail.Visible() && v.split.Offset > splitDetail {
		v.split.SetOffset(splitDetail)
	}
	v.detail.Show()
}

// clearDetail hides the report shown below the list.
func (v *ReportsView) clearDetail() {
	v.selected = 0
	v.detail.Hide()
	v.placeholder.Show()
	v.split.SetOffset(splitList)
}

// ExportCSV asks where, then writes the reports the filters select (not only those in the list).
func (v *ReportsView) ExportCSV() {
	f := v.filter()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			v.env.ShowError(err)
			return
		}
		v.writeCSV(w, w.URI().Path(), f)
	}, v.env.Window())
	v.env.ShowFileDialog(d, "bgfetch-reports.csv", ".csv")
}

// writeCSV writes the reports f selects to w off the UI goroutine and closes it.
func (v *ReportsView) writeCSV(w io.WriteCloser, path string, f core.ReportFilter) {
	shell.Background(v.env, nil, func(ctx context.Context) (core.CSVSummary, error) {
		sum, err := v.env.WriteReportsCSV(ctx, w, f)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return sum, err
	}, func(sum core.CSVSummary, err error) {
		if err != nil {
			v.env.ShowError(fmt.Errorf("export the reports to %s: %w", path, err))
			return
		}
		msg := v.env.F("已导出 %d 条上报到 %s", sum.Reports, path)
		if sum.LeftOut > 0 {
			msg += "；" + v.env.F("另有 %d 个字段没有单独的列，其值以 JSON 写在 %s 列", sum.LeftOut, core.CSVOtherFields)
		}
		v.env.Toast(msg)
	})
}

// Clear asks, then deletes the current app's reports (清空记录).
func (v *ReportsView) Clear() {
	v.env.ShowDialog(v.env.Confirm(v.env.T("清空记录"), v.env.T("删除当前小程序的全部上报记录？事件配置不受影响。"), func(ok bool) {
		if ok {
			v.clearLog()
		}
	}))
}

// clearLog deletes the current app's reports; the window's ReportLogCleared reloads the views.
func (v *ReportsView) clearLog() {
	shell.Background(v.env, nil, v.env.ClearReports, func(n int64, err error) {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		v.clearDetail()
		v.env.Toast(v.env.F("已删除 %d 条上报", n))
	})
}

// What the window's tests read of the view.

// Len is the number of reports in the list.
func (v *ReportsView) Len() int { return len(v.rows) }

// RowText is row i's columns as the list draws them: time, event, page, trigger, action, status and fields.
func (v *ReportsView) RowText(i int) []string { return v.rowText(&v.rows[i].Report) }

// Select selects row i, which shows its report in full below the list.
func (v *ReportsView) Select(i int) { v.list.Select(i) }

// Detail is what the report shown below the list says of it, beside its fields and data.
func (v *ReportsView) Detail() string { return v.info.Text }
