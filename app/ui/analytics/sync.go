package analytics

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/units"
	"github.com/bgfetch/devtools/widgets"
)

// 自定义分析's 同步结果: per event and field, counts and the values seen over a time range, with the trend.

// syncRanges are 同步结果's time ranges; -1 is 本次测试以来, 0 everything.
var syncRanges = []time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 0, -1}

// SyncView is 同步结果: per event and field, counts and the values seen over a time range.
type SyncView struct {
	env     SyncEnv
	content fyne.CanvasObject

	rng      *widget.Select
	run      *widget.Button
	running  bool // a sync is being computed: 同步结果 waits for it
	progress *widget.ProgressBarInfinite
	summary  *widget.Label
	list     *widget.List
	chart    *widgets.BarChart // the selected event's reports over time, or the selected field's values
	numbers  *widget.Label     // a numeric field's count, min, max and average
	split    *widgets.AdaptiveSplit

	// UI goroutine.
	res   *core.SyncResult
	rows  []syncRow
	job   shell.Job // the sync being computed: a newer one drops it
	shown bool      // the view was opened or results were asked for: reload computes them again
}

// syncRow is one line of 同步结果: an event, or one field of it.
type syncRow struct {
	ev    *core.EventSync
	field *core.FieldSync
}

func newSyncView(env SyncEnv) *SyncView {
	t := env.T
	v := &SyncView{env: env}
	v.rng = widget.NewSelect([]string{t("最近 1 小时"), t("最近 24 小时"), t("最近 7 天"), t("最近 30 天"), t("全部"),
		t("本次测试以来")}, func(string) {
		if v.shown {
			v.reload()
		}
	})
	v.rng.SetSelectedIndex(1)
	v.run = env.ActionButton("reports.sync", widget.HighImportance)
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Stop()
	v.progress.Hide()
	v.summary = widget.NewLabel(t("选择时间范围，点击「同步结果」查看每个事件、每个字段上报的次数与取值"))
	v.summary.Wrapping = fyne.TextWrapWord
	v.list = &widget.List{
		Length: func() int { return len(v.rows) },
		CreateItem: func() fyne.CanvasObject {
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			sub.SizeName = theme.SizeNameCaptionText
			return container.New(&widgets.Lines{}, title, sub)
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.rows) {
				v.fillRow(v.rows[id], o.(*fyne.Container))
			}
		},
		OnSelected: func(id widget.ListItemID) { v.showChart(id); v.split.Select(1) },
	}
	v.chart = widgets.NewBarChart()
	v.numbers = widget.NewLabel("")
	v.numbers.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(t("选择一个事件查看它随时间的上报次数，选择一个字段查看它的取值"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	detail := container.NewVScroll(container.NewPadded(container.NewVBox(v.chart, v.numbers, hint)))
	v.split = widgets.NewAdaptiveSplit(v.list, detail, 0.55)
	v.split.Tabs = []string{t("结果"), t("图表")}
	bar := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(t("时间范围")), v.rng, v.run), nil, v.progress)
	v.content = container.NewBorder(container.NewVBox(bar, v.summary), nil, nil, nil, v.split)
	return v
}

// fillRow draws an event (bold, with its counts) or one of its fields (indented, with its values).
func (v *SyncView) fillRow(r syncRow, row *fyne.Container) {
	title, sub := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
	var t1, t2 string
	bold := r.field == nil
	imp := widget.MediumImportance
	indent := float32(0)
	if r.field == nil {
		t1, t2 = v.eventText(r.ev)
		switch {
		case !r.ev.Configured:
			imp = widget.DangerImportance
		case r.ev.Flagged > 0:
			imp = widget.WarningImportance
		}
	} else {
		t1, t2 = v.fieldText(r.field)
		indent = 4 * theme.Padding()
		if !r.field.Configured {
			imp = widget.WarningImportance
		}
	}
	if title.Text != t1 || title.TextStyle.Bold != bold || title.Importance != imp {
		title.Text, title.TextStyle.Bold, title.Importance = t1, bold, imp
		title.Refresh()
	}
	if sub.Text != t2 {
		sub.SetText(t2)
	}
	if l := row.Layout.(*widgets.Lines); l.Indent != indent {
		l.Indent = indent
		row.Refresh()
	}
}

// eventText is an event's two lines: its ID and name, then its counts and times.
func (v *SyncView) eventText(ev *core.EventSync) (string, string) {
	t := v.env.T
	head := strings.TrimSpace(ev.Event + " " + ev.Name)
	if !ev.Configured {
		head = "⚠ " + ev.Event + "  " + t("（未配置）")
	}
	line := v.env.F("%s 条上报，其中 %s 条有问题", units.Digits(ev.Reports), units.Digits(ev.Flagged))
	if ev.Reports > 0 {
		line += "  ·  " + v.env.F("首次 %s，最近 %s", ev.First.Local().Format("01-02 15:04:05"), ev.Last.Local().Format("01-02 15:04:05"))
	}
	if ev.FieldsLeftOut > 0 {
		line += "  ·  " + v.env.F("另有 %d 个上报较少的未配置字段未列出", ev.FieldsLeftOut)
	}
	return head, line
}

// fieldText is a field's two lines: its type and counts (and, for numbers, min / max / average), then its
// most frequent values.
func (v *SyncView) fieldText(f *core.FieldSync) (string, string) {
	t := v.env.T
	head := f.Field + " · " + typeText(v.env, f.Type)
	head += "  ·  " + v.env.F("%s 次，%s 个不同值", units.Digits(f.Count), units.Digits(f.Distinct))
	if n := f.Numbers; n != nil && f.Type != "string" {
		head += "  ·  " + v.env.F("最小 %s / 最大 %s / 平均 %s", num(n.Min), num(n.Max), num(math.Round(n.Avg*100)/100))
	}
	if len(f.Values) == 0 {
		return head, t("没有上报过")
	}
	parts := make([]string, len(f.Values))
	for i, vc := range f.Values {
		parts[i] = shorten(vc.Value, 40) + " ×" + units.Digits(vc.Count)
	}
	return head, strings.Join(parts, "   ")
}

// num writes a number without needless digits.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// reload computes 同步结果 again for the chosen range, off the UI goroutine.
func (v *SyncView) reload() {
	if !v.shown || v.env.Closed() {
		return
	}
	t := v.env.T
	var since time.Time
	switch d := syncRanges[max(v.rng.SelectedIndex(), 0)]; {
	case d > 0:
		since = time.Now().Add(-d)
	case d < 0:
		test := v.env.AnalyticsTesting()
		if test == nil {
			v.summary.SetText(t("没有进行中的测试：先在「事件」中点击「保存并测试」，或选择其他时间范围"))
			v.rows, v.res = nil, nil
			v.list.Refresh()
			return
		}
		since = test.Since
	}
	v.running = true
	v.env.RefreshActions()
	v.progress.Show()
	v.progress.Start()
	env := v.env
	shell.Background(env, &v.job, func(ctx context.Context) (*core.SyncResult, error) {
		return env.SyncResults(ctx, since, time.Time{})
	}, func(res *core.SyncResult, err error) {
		v.running = false
		v.env.RefreshActions()
		v.progress.Stop()
		v.progress.Hide()
		if err != nil {
			v.summary.SetText(v.env.ErrText(err))
			return
		}
		v.set(res)
	})
}

// set shows a result: the configured events first (in their order, with no reports too), then the names
// that were reported without being configured.
func (v *SyncView) set(res *core.SyncResult) {
	v.res = res
	evs := slices.Clone(res.Events)
	slices.SortStableFunc(evs, func(a, b core.EventSync) int {
		return cmp.Compare(btoi(!a.Configured), btoi(!b.Configured))
	})
	v.rows = v.rows[:0]
	for i := range evs {
		ev := &evs[i]
		v.rows = append(v.rows, syncRow{ev: ev})
		for j := range ev.Fields {
			v.rows = append(v.rows, syncRow{ev: ev, field: &ev.Fields[j]})
		}
	}
	when := v.env.T("全部时间")
	if !res.Since.IsZero() {
		when = v.env.F("%s 以来", res.Since.Local().Format("2006-01-02 15:04:05"))
	}
	v.summary.SetText(v.env.F("%s：共 %s 条上报，其中 %s 条有问题；%d 个事件。同步于 %s", when, units.Digits(res.Reports),
		units.Digits(res.Flagged), len(evs), time.Now().Format("15:04:05")))
	v.list.Refresh()
	v.list.ScrollToTop()
	// The chart follows the selection; with none, the first event with reports.
	sel := -1
	for i, r := range v.rows {
		if r.field == nil && r.ev.Reports > 0 {
			sel = i
			break
		}
	}
	v.list.UnselectAll()
	v.showChart(sel)
}

// showChart draws row i: an event's reports per hour or day, or a field's most frequent values (and a
// numeric field's summary).
func (v *SyncView) showChart(i int) {
	tr := v.env
	if i < 0 || i >= len(v.rows) || v.res == nil {
		v.chart.Set("", nil, false)
		v.numbers.SetText("")
		return
	}
	r := v.rows[i]
	if r.field == nil {
		format, per := "01-02 15:00", tr.T("每小时上报次数")
		if v.res.Bucket >= 24*time.Hour {
			format, per = "01-02", tr.T("每天上报次数")
		}
		bars := make([]widgets.Bar, len(r.ev.Series))
		for j, b := range r.ev.Series {
			bars[j] = widgets.Bar{Label: b.Start.Local().Format(format), Value: float64(b.Count)}
		}
		v.chart.Set(strings.TrimSpace(r.ev.Event+" "+r.ev.Name)+" · "+per, bars, false)
		v.numbers.SetText(tr.F("共 %s 条上报，其中 %s 条有问题", units.Digits(r.ev.Reports), units.Digits(r.ev.Flagged)))
		return
	}
	f := r.field
	bars := make([]widgets.Bar, len(f.Values))
	for j, val := range f.Values {
		bars[j] = widgets.Bar{Label: val.Value, Value: float64(val.Count)}
	}
	v.chart.Set(r.ev.Event+" · "+f.Field+" · "+tr.T("取值与次数"), bars, true)
	if n := f.Numbers; n != nil {
		v.numbers.SetText(tr.F("数值：%d 次，最小 %s，最大 %s，平均 %s，合计 %s", n.Count, widgets.FormatCount(n.Min), widgets.FormatCount(n.Max),
			widgets.FormatCount(n.Avg), widgets.FormatCount(n.Avg*float64(n.Count))))
	} else {
		v.numbers.SetText(tr.F("%d 次上报带有这个字段，%d 种取值", f.Count, f.Distinct))
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Compute computes 同步结果 for the chosen range now (the view computes them by itself once it is shown).
func (v *SyncView) Compute() {
	v.shown = true
	v.reload()
}

// Running reports whether a sync is being computed (同步结果 waits for it).
func (v *SyncView) Running() bool { return v.running }

// Summary is the line above the results: what they count, since when, or why there are none.
func (v *SyncView) Summary() *widget.Label { return v.summary }
