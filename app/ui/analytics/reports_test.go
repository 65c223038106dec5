package analytics

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/uitest"
	"github.com/bgfetch/devtools/storage"
	"github.com/bgfetch/devtools/widgets"
)

// newReportsFixture is a window whose app has uitest.GoodsEvent configured.
func newReportsFixture(t *testing.T) *fixture {
	f := newFixture(t)
	if err := f.eng.SaveAnalyticsEvent(context.Background(), "", uitest.GoodsEvent); err != nil {
		t.Fatal(err)
	}
	v := f.panel.reports
	f.p.Until(t, "the event in the filter", func() bool { return len(v.events) == 1 })
	return f
}

// report sends one report through the engine, as the bridge does (uitest.Report).
func (f *fixture) report(event, data string) core.Report {
	return uitest.Report(f.t, f.eng, event, data)
}

// rowStatus is the status column of a list row.
func rowStatus(v *ReportsView, i int) string {
	return v.rowText(&v.rows[i].Report)[5]
}

func TestReportLogShowsEveryReportWithItsStatus(t *testing.T) {
	f := newReportsFixture(t)
	v := f.panel.reports
	ok := f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": "cheap", "size": "L"}`)
	f.report("sell", `{}`)
	f.report("buy", `[1, 2]`)
	f.p.Until(t, "four rows", func() bool { return len(v.rows) == 4 })
	if v.count.Text != "共 4 条，其中 3 条有问题" {
		t.Errorf("count %q", v.count.Text)
	}
	tests := []struct {
		row              int
		status, notWant  string
		event, page, act string
	}{
		{3, "✓  color=red, price=3", "⚠", "buy 购买", "pages/goods/goods", "#1 click .buy"},
		{2, "⚠ 字段 price 应为数字，实际为字符串 \"cheap\"；未知字段 size；缺少字段 color", "✓", "buy 购买", "pages/goods/goods", "#1 click .buy"},
		{1, "⚠ 事件未配置", "✓", "sell", "pages/goods/goods", ""},
		{0, "⚠ data 不是对象，实际为数组", "✓", "buy 购买", "pages/goods/goods", ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.row), func(t *testing.T) {
			cols := v.rowText(&v.rows[tc.row].Report)
			if !strings.HasPrefix(cols[5], tc.status) || strings.Contains(cols[5], tc.notWant) {
				t.Errorf("status %q, want %q", cols[5], tc.status)
			}
			if cols[1] != tc.event || cols[2] != tc.page || cols[4] != tc.act {
				t.Errorf("columns %q", cols)
			}
			if len(cols[0]) != len("15:04:05.000") {
				t.Errorf("time %q", cols[0])
			}
		})
	}
	if v.rows[3].ID != ok.ID || v.rows[0].ID <= v.rows[1].ID {
		t.Error("the list is not newest first")
	}

	// A flagged row is drawn in the danger colour with the warning icon; a good one is not.
	cells := newReportCells()
	v.fillRow(&v.rows[2], cells)
	if cells.Objects[6].(*widget.Label).Importance != widget.DangerImportance {
		t.Error("a flagged row does not stand out")
	}
	v.fillRow(&v.rows[3], cells)
	if cells.Objects[6].(*widget.Label).Importance == widget.DangerImportance {
		t.Error("a good row looks flagged")
	}

	// Selecting a row shows it in full.
	v.list.Select(2)
	if !v.detail.Visible() || !strings.Contains(v.info.Text, "未知字段 size（该事件的字段：price, color）") ||
		!strings.Contains(v.info.Text, "api: reportEvent") {
		t.Errorf("detail %q", v.info.Text)
	}
	rows := v.fields.Rows()
	if len(rows) != 2 || rows[0][0] != "price" || rows[0][2] != "cheap" || rows[0][1] != "数字" || rows[1][1] != "未配置" {
		t.Errorf("fields %v", rows)
	}
	f.p.Until(t, "the raw data", func() bool { return strings.Contains(v.raw.Text(), `"size": "L"`) })

	// A new report goes on top and the selection stays on its report.
	f.report("buy", `{"price": 4, "color": "blue"}`)
	f.p.Until(t, "the fifth row", func() bool { return len(v.rows) == 5 })
	if v.selected != v.rows[3].ID || !strings.HasPrefix(rowStatus(v, 0), "✓  color=blue") {
		t.Errorf("after a new report: selected %d, rows %d, top %q", v.selected, v.rows[3].ID, rowStatus(v, 0))
	}
}

func TestReportFilters(t *testing.T) {
	f := newReportsFixture(t)
	v := f.panel.reports
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": 3}`)
	f.report("sell", `{}`)
	f.p.Until(t, "three rows", func() bool { return len(v.rows) == 3 })

	test.Tap(v.flagged)
	f.p.Until(t, "the flagged rows", func() bool { return len(v.rows) == 2 })
	if v.count.Text != "共 2 条，其中 2 条有问题" {
		t.Errorf("count %q", v.count.Text)
	}
	v.event.SetSelected("buy 购买")
	f.p.Until(t, "buy's flagged row", func() bool { return len(v.rows) == 1 && v.rows[0].Event == "buy" })
	test.Tap(v.flagged)
	f.p.Until(t, "buy's rows", func() bool { return len(v.rows) == 2 })
	if v.count.Text != "共 2 条，其中 1 条有问题" {
		t.Errorf("count %q", v.count.Text)
	}
	// New reports honour the filters too.
	f.report("sell", `{}`)
	f.report("buy", `{"price": 5, "color": "red"}`)
	f.p.Until(t, "the new buy row", func() bool { return len(v.rows) == 3 })
	if v.rows[0].Event != "buy" || strings.Contains(v.count.Text, "共 5") {
		t.Errorf("top %q, count %q", v.rows[0].Event, v.count.Text)
	}
	v.event.SetSelectedIndex(0)
	f.p.Until(t, "all rows", func() bool { return len(v.rows) == 5 })

	// 仅本次测试: off and disabled with no test; on once 保存并测试 starts one; reports before it are hidden.
	if v.testOnly.Checked || !v.testOnly.Disabled() {
		t.Error("仅本次测试 is on without a test")
	}
	time.Sleep(2 * time.Millisecond) // the log keeps milliseconds: the test starts after the reports
	if _, err := f.eng.TestAnalytics(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.p.Until(t, "仅本次测试", func() bool { return v.testOnly.Checked && len(v.rows) == 0 })
	f.report("buy", `{"price": 6, "color": "red"}`)
	f.p.Until(t, "the test's report", func() bool { return len(v.rows) == 1 && v.count.Text == "共 1 条，其中 0 条有问题" })
	test.Tap(v.testOnly)
	f.p.Until(t, "every report", func() bool { return len(v.rows) == 6 })
	f.eng.StopAnalyticsTest()
	f.p.Until(t, "the test to end", func() bool { return !v.testOnly.Checked && v.testOnly.Disabled() })
}

func TestReportLogKeepsTheNewestRowsUnderAFlood(t *testing.T) {
	f := newReportsFixture(t)
	v := f.panel.reports
	const n = reportsKeep + 1000
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				data := fmt.Sprintf(`{"price": %d, "color": "red"}`, i)
				if _, err := f.eng.Report(context.Background(), core.ReportInput{Event: "buy", Data: json.RawMessage(data)}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	f.p.Until(t, "the senders", func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	})
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	f.p.Until(t, "every report counted", func() bool { return v.count.Text == "共 6,000 条，其中 0 条有问题" })
	if len(v.rows) != reportsKeep {
		t.Fatalf("%d rows in memory, want %d", len(v.rows), reportsKeep)
	}
	newest, err := f.eng.Reports(context.Background(), core.ReportFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(v.rows); i++ {
		if v.rows[i].ID >= v.rows[i-1].ID {
			t.Fatalf("row %d (#%d) is not older than row %d (#%d)", i, v.rows[i].ID, i-1, v.rows[i-1].ID)
		}
	}
	if v.rows[0].ID != newest[0].ID || v.rows[reportsKeep-1].ID != newest[0].ID-reportsKeep+1 {
		t.Errorf("rows #%d…#%d, newest #%d", v.rows[0].ID, v.rows[reportsKeep-1].ID, newest[0].ID)
	}
}

func TestExportCSVAndClearTheLog(t *testing.T) {
	f := newReportsFixture(t)
	v := f.panel.reports
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": "x"}`)
	f.report("sell", `{"n": 1}`)
	f.p.Until(t, "three rows", func() bool { return len(v.rows) == 3 })

	for _, tc := range []struct {
		name    string
		flagged bool
		rows    int
	}{{"all", false, 3}, {"flagged", true, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			if v.flagged.Checked != tc.flagged {
				test.Tap(v.flagged)
			}
			path := filepath.Join(t.TempDir(), "reports.csv")
			file, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			v.writeCSV(file, path, v.filter())
			f.p.Until(t, "the export", func() bool { return strings.Contains(f.env.toast, path) })
			if want := fmt.Sprintf("已导出 %d 条上报到 %s", tc.rows, path); f.env.toast != want {
				t.Errorf("banner %q, want %q", f.env.toast, want)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tc.rows+1 || strings.Join(recs[0][:3], ",") != "time,api,event" || !strings.Contains(strings.Join(recs[0], ","), "price,color") {
				t.Fatalf("csv %q", recs)
			}
		})
	}

	v.list.Select(0)
	v.clearLog()
	f.p.Until(t, "the empty log", func() bool { return len(v.rows) == 0 && v.count.Text == "共 0 条，其中 0 条有问题" })
	// The reload on the Cleared event may come before the clear's own answer: wait for that (its toast).
	f.p.Until(t, "the clear's toast", func() bool { return strings.Contains(f.env.toast, "已删除 3 条上报") })
	if v.detail.Visible() {
		t.Error("the cleared report is still shown")
	}
	if n, err := f.eng.CountReports(context.Background(), core.ReportFilter{}); err != nil || n != 0 {
		t.Errorf("%d reports left, err %v", n, err)
	}
}

func TestSyncResults(t *testing.T) {
	f := newReportsFixture(t)
	s := f.panel.sync
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": 5, "color": "red"}`)
	f.report("buy", `{"price": 10.5, "color": "blue", "size": "L"}`)
	f.report("sell", `{"n": 1}`)
	test.Tap(s.run)
	if !s.progress.Visible() || !s.run.Disabled() {
		t.Error("no progress while syncing")
	}
	f.p.Until(t, "the results", func() bool { return strings.Contains(s.summary.Text, "共 4 条上报") })
	if s.progress.Visible() || s.run.Disabled() {
		t.Error("still busy after syncing")
	}
	if !strings.Contains(s.summary.Text, "共 4 条上报，其中 2 条有问题；2 个事件") {
		t.Errorf("summary %q", s.summary.Text)
	}
	var got []string
	for _, r := range s.rows {
		var a, b string
		if r.field == nil {
			a, b = s.eventText(r.ev)
		} else {
			a, b = s.fieldText(r.field)
		}
		got = append(got, a+" | "+b)
	}
	want := []string{
		"buy 购买 | 3 条上报，其中 1 条有问题",
		"price · 数字  ·  3 次，3 个不同值  ·  最小 3 / 最大 10.5 / 平均 6.17 | 10.5 ×1   3 ×1   5 ×1",
		`color · 字符串  ·  3 次，2 个不同值 | "red" ×2   "blue" ×1`,
		`size · 未配置  ·  1 次，1 个不同值 | "L" ×1`,
		"⚠ sell  （未配置） | 1 条上报，其中 1 条有问题",
		"n · 未配置  ·  1 次，1 个不同值  ·  最小 1 / 最大 1 / 平均 1 | 1 ×1",
	}
	if len(got) != len(want) {
		t.Fatalf("rows:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("row %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}

	// The chart: the first event with reports over time (all three in this hour), then a field's values.
	total := 0.0
	for _, b := range s.chart.Bars {
		total += b.Value
	}
	if s.chart.Title != "buy 购买 · 每小时上报次数" || s.chart.Horizontal || total != 3 {
		t.Errorf("event chart %q horizontal %v, %v", s.chart.Title, s.chart.Horizontal, s.chart.Bars)
	}
	s.list.Select(2)
	if !s.chart.Horizontal || len(s.chart.Bars) != 2 || s.chart.Bars[0] != (widgets.Bar{Label: `"red"`, Value: 2}) ||
		!strings.Contains(s.numbers.Text, "3 次上报带有这个字段，2 种取值") {
		t.Errorf("field chart %q %v, %q", s.chart.Title, s.chart.Bars, s.numbers.Text)
	}
	s.list.Select(1)
	if !strings.Contains(s.numbers.Text, "最小 3，最大 10.5，平均 6.2") {
		t.Errorf("numbers %q", s.numbers.Text)
	}

	// 本次测试以来 with no test says so; with one it counts from the test on.
	s.rng.SetSelectedIndex(5)
	f.p.Drain()
	if !strings.Contains(s.summary.Text, "没有进行中的测试") || len(s.rows) != 0 {
		t.Errorf("summary %q, %d rows", s.summary.Text, len(s.rows))
	}
	time.Sleep(2 * time.Millisecond)
	if _, err := f.eng.TestAnalytics(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.report("buy", `{"price": 1, "color": "red"}`)
	test.Tap(s.run)
	f.p.Until(t, "the test's results", func() bool {
		return strings.Contains(s.summary.Text, "共 1 条上报，其中 0 条有问题；1 个事件")
	})

	// 清空记录 computes them again.
	s.rng.SetSelectedIndex(4)
	f.p.Until(t, "all results", func() bool { return strings.Contains(s.summary.Text, "共 5 条上报") })
	if _, err := f.eng.ClearReports(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.p.Until(t, "the empty results", func() bool { return strings.Contains(s.summary.Text, "共 0 条上报") })
	if a, b := s.eventText(s.rows[0].ev); a != "buy 购买" || b != "0 条上报，其中 0 条有问题" {
		t.Errorf("the configured event with no reports: %q %q", a, b)
	}
}

// seedReports writes n reports of the bench app into a new database, one in ten flagged.
func seedReports(tb testing.TB, path string, n int) {
	tb.Helper()
	db, err := storage.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	t0 := time.Now().Add(-time.Duration(n) * time.Second)
	batch := make([]*storage.Report, 0, 1000)
	for i := range n {
		r := &storage.Report{AppID: "wxbench", At: t0.Add(time.Duration(i) * time.Second), API: core.APIReportEvent,
			Event: "buy", EventID: "buy", EventName: "购买", Page: "pages/goods/goods", Trigger: "click",
			Data: fmt.Sprintf(`{"color":"red","price":%d}`, i%97)}
		if i%10 == 0 {
			r.Problems = `[{"kind":"missing-field","field":"color"}]`
		}
		if batch = append(batch, r); len(batch) == cap(batch) || i == n-1 {
			if err := db.InsertReports(context.Background(), batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// BenchmarkReportLogRefresh100k is one refresh of the live log over a log of 100,000 reports: the new
// reports since the newest shown and the two counts of the count line, as more() runs them at most four
// times a second while reports arrive.
func BenchmarkReportLogRefresh100k(b *testing.B) {
	data := b.TempDir()
	seedReports(b, filepath.Join(data, "bgfetch.db"), 100_000)
	f := openFixture(b, "wxbench", data)
	v := f.panel.reports
	f.p.Wait(func() bool { return len(v.rows) == reportsKeep })
	for _, bc := range []struct {
		name  string
		event int
	}{{"all", 0}, {"event", 1}} {
		b.Run(bc.name, func(b *testing.B) {
			v.event.SetSelectedIndex(bc.event)
			f.p.Wait(func() bool { return !v.busy && !v.again })
			for b.Loop() {
				v.run()
				f.p.Wait(func() bool { return !v.busy })
			}
		})
	}
}

// 同步结果 is computed when the view is first opened, not when the window starts.
func TestSyncResultsComputedWhenOpened(t *testing.T) {
	f := newReportsFixture(t)
	f.report("buy", `{"price": 3, "color": "red"}`)
	s := f.panel.sync
	f.p.Drain()
	if s.res != nil || s.shown {
		t.Fatal("同步结果 was computed before the view was opened")
	}
	f.panel.tabs.SelectIndex(2)
	f.p.Until(t, "the results", func() bool { return s.res != nil && strings.Contains(s.summary.Text, "共 1 条上报") })
}
