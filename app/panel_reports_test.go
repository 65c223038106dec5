package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
	"github.com/bgfetch/devtools/widgets"
)

// goodsEvent is the event the report tests configure: 购买 with a number and a string field.
var goodsEvent = project.AnalyticsEvent{ID: "buy", Name: "购买",
	Fields: []project.AnalyticsField{{Name: "price", Type: project.FieldNumber}, {Name: "color", Type: project.FieldString}},
	Actions: []project.AnalyticsAction{{Trigger: "click", Page: "pages/goods/goods", Selector: ".buy",
		Data: []project.FieldSource{{Field: "price", Source: "goods.price"}, {Field: "color", Source: `"red"`}}}}}

// newReportsFixture is a window whose app has goodsEvent configured.
func newReportsFixture(t *testing.T) *fixture {
	f := newFixture(t)
	if err := f.ui.eng.SaveAnalyticsEvent(context.Background(), "", goodsEvent); err != nil {
		t.Fatal(err)
	}
	v := f.ui.ana.reports
	f.p.until(t, "the event in the filter", func() bool { return len(v.events) == 1 })
	return f
}

// report sends one report through the engine, as the bridge does.
func (f *fixture) report(event, data string) core.Report {
	f.t.Helper()
	r, err := f.ui.eng.Report(context.Background(), core.ReportInput{Event: event, Data: json.RawMessage(data),
		Page: "pages/goods/goods", Trigger: "click"})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// rowStatus is the status column of a list row.
func rowStatus(v *reportsView, i int) string {
	return v.rowText(&v.rows[i].Report)[5]
}

func TestReportLogShowsEveryReportWithItsStatus(t *testing.T) {
	f := newReportsFixture(t)
	v := f.ui.ana.reports
	ok := f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": "cheap", "size": "L"}`)
	f.report("sell", `{}`)
	f.report("buy", `[1, 2]`)
	f.p.until(t, "four rows", func() bool { return len(v.rows) == 4 })
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
	f.p.until(t, "the raw data", func() bool { return strings.Contains(v.raw.Text(), `"size": "L"`) })

	// A new report goes on top and the selection stays on its report.
	f.report("buy", `{"price": 4, "color": "blue"}`)
	f.p.until(t, "the fifth row", func() bool { return len(v.rows) == 5 })
	if v.selected != v.rows[3].ID || !strings.HasPrefix(rowStatus(v, 0), "✓  color=blue") {
		t.Errorf("after a new report: selected %d, rows %d, top %q", v.selected, v.rows[3].ID, rowStatus(v, 0))
	}
}

func TestReportFilters(t *testing.T) {
	f := newReportsFixture(t)
	v := f.ui.ana.reports
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": 3}`)
	f.report("sell", `{}`)
	f.p.until(t, "three rows", func() bool { return len(v.rows) == 3 })

	test.Tap(v.flagged)
	f.p.until(t, "the flagged rows", func() bool { return len(v.rows) == 2 })
	if v.count.Text != "共 2 条，其中 2 条有问题" {
		t.Errorf("count %q", v.count.Text)
	}
	v.event.SetSelected("buy 购买")
	f.p.until(t, "buy's flagged row", func() bool { return len(v.rows) == 1 && v.rows[0].Event == "buy" })
	test.Tap(v.flagged)
	f.p.until(t, "buy's rows", func() bool { return len(v.rows) == 2 })
	if v.count.Text != "共 2 条，其中 1 条有问题" {
		t.Errorf("count %q", v.count.Text)
	}
	// New reports honour the filters too.
	f.report("sell", `{}`)
	f.report("buy", `{"price": 5, "color": "red"}`)
	f.p.until(t, "the new buy row", func() bool { return len(v.rows) == 3 })
	if v.rows[0].Event != "buy" || strings.Contains(v.count.Text, "共 5") {
		t.Errorf("top %q, count %q", v.rows[0].Event, v.count.Text)
	}
	v.event.SetSelectedIndex(0)
	f.p.until(t, "all rows", func() bool { return len(v.rows) == 5 })

	// 仅本次测试: off and disabled with no test; on once 保存并测试 starts one; reports before it are hidden.
	if v.testOnly.Checked || !v.testOnly.Disabled() {
		t.Error("仅本次测试 is on without a test")
	}
	time.Sleep(2 * time.Millisecond) // the log keeps milliseconds: the test starts after the reports
	if _, err := f.ui.eng.TestAnalytics(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.p.until(t, "仅本次测试", func() bool { return v.testOnly.Checked && len(v.rows) == 0 })
	f.report("buy", `{"price": 6, "color": "red"}`)
	f.p.until(t, "the test's report", func() bool { return len(v.rows) == 1 && v.count.Text == "共 1 条，其中 0 条有问题" })
	test.Tap(v.testOnly)
	f.p.until(t, "every report", func() bool { return len(v.rows) == 6 })
	f.ui.eng.StopAnalyticsTest()
	f.p.until(t, "the test to end", func() bool { return !v.testOnly.Checked && v.testOnly.Disabled() })
}

func TestReportLogKeepsTheNewestRowsUnderAFlood(t *testing.T) {
	f := newReportsFixture(t)
	v := f.ui.ana.reports
	const n = reportsKeep + 1000
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				data := fmt.Sprintf(`{"price": %d, "color": "red"}`, i)
				if _, err := f.ui.eng.Report(context.Background(), core.ReportInput{Event: "buy", Data: json.RawMessage(data)}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	f.p.until(t, "the senders", func() bool {
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
	f.p.until(t, "every report counted", func() bool { return v.count.Text == "共 6,000 条，其中 0 条有问题" })
	if len(v.rows) != reportsKeep {
		t.Fatalf("%d rows in memory, want %d", len(v.rows), reportsKeep)
	}
	newest, err := f.ui.eng.Reports(context.Background(), core.ReportFilter{Limit: 1})
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
	v := f.ui.ana.reports
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": "x"}`)
	f.report("sell", `{"n": 1}`)
	f.p.until(t, "three rows", func() bool { return len(v.rows) == 3 })

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
			f.p.until(t, "the export", func() bool { return strings.Contains(f.ui.toaster.Text(), path) })
			if want := fmt.Sprintf("已导出 %d 条上报到 %s", tc.rows, path); f.ui.toaster.Text() != want {
				t.Errorf("banner %q, want %q", f.ui.toaster.Text(), want)
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
	f.p.until(t, "the empty log", func() bool { return len(v.rows) == 0 && v.count.Text == "共 0 条，其中 0 条有问题" })
	// The reload on the Cleared event may come before the clear's own answer: wait for that (its toast).
	f.p.until(t, "the clear's toast", func() bool { return strings.Contains(f.ui.toaster.Text(), "已删除 3 条上报") })
	if v.detail.Visible() {
		t.Error("the cleared report is still shown")
	}
	if n, err := f.ui.eng.CountReports(context.Background(), core.ReportFilter{}); err != nil || n != 0 {
		t.Errorf("%d reports left, err %v", n, err)
	}
}

func TestSyncResults(t *testing.T) {
	f := newReportsFixture(t)
	s := f.ui.ana.sync
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.report("buy", `{"price": 5, "color": "red"}`)
	f.report("buy", `{"price": 10.5, "color": "blue", "size": "L"}`)
	f.report("sell", `{"n": 1}`)
	test.Tap(s.run)
	if !s.progress.Visible() || !s.run.Disabled() {
		t.Error("no progress while syncing")
	}
	f.p.until(t, "the results", func() bool { return strings.Contains(s.summary.Text, "共 4 条上报") })
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
	f.p.drain()
	if !strings.Contains(s.summary.Text, "没有进行中的测试") || len(s.rows) != 0 {
		t.Errorf("summary %q, %d rows", s.summary.Text, len(s.rows))
	}
	time.Sleep(2 * time.Millisecond)
	if _, err := f.ui.eng.TestAnalytics(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.report("buy", `{"price": 1, "color": "red"}`)
	test.Tap(s.run)
	f.p.until(t, "the test's results", func() bool {
		return strings.Contains(s.summary.Text, "共 1 条上报，其中 0 条有问题；1 个事件")
	})

	// 清空记录 computes them again.
	s.rng.SetSelectedIndex(4)
	f.p.until(t, "all results", func() bool { return strings.Contains(s.summary.Text, "共 5 条上报") })
	if _, err := f.ui.eng.ClearReports(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.p.until(t, "the empty results", func() bool { return strings.Contains(s.summary.Text, "共 0 条上报") })
	if a, b := s.eventText(s.rows[0].ev); a != "buy 购买" || b != "0 条上报，其中 0 条有问题" {
		t.Errorf("the configured event with no reports: %q %q", a, b)
	}
}

func TestBridgeView(t *testing.T) {
	f := newReportsFixture(t)
	u := f.ui
	v := u.ana.bridge
	if u.bridge == nil {
		t.Fatalf("the bridge did not start: %v", u.bridgeState.err)
	}
	url, key := u.bridge.URL(), u.bridge.Key()
	if v.url.Text != url || !strings.HasPrefix(url, "http://127.0.0.1:") || v.state.Text != "运行中" {
		t.Errorf("url %q, state %q", v.url.Text, v.state.Text)
	}
	if persisted, err := bridge.KeyFor(context.Background(), u.eng); err != nil || persisted != key {
		t.Errorf("the bridge runs with %q, the persisted key is %q (%v)", key, persisted, err)
	}
	if strings.Contains(v.key.Text, key) || !strings.Contains(v.key.Text, "••••") || strings.Contains(v.snippet.Text(), key) {
		t.Errorf("the key shows: %q", v.key.Text)
	}
	test.Tap(v.showKey)
	if v.key.Text != key || !strings.Contains(v.snippet.Text(), key) {
		t.Errorf("shown key %q", v.key.Text)
	}
	test.Tap(v.copySnip)
	if got := u.app.Clipboard().Content(); got != bridge.Snippet(url, key) || !strings.Contains(got, url) {
		t.Errorf("clipboard %q", got)
	}
	test.Tap(v.copyURL)
	if got := u.app.Clipboard().Content(); got != url {
		t.Errorf("clipboard %q", got)
	}

	// A report over real HTTP shows up in the log and in the counters.
	post := func(key, body string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, u.bridge.URL()+"/report", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(bridge.KeyHeader, key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(key, `{"event": "buy", "data": {"price": "9"}, "page": "pages/goods/goods", "trigger": "click"}`); code != 200 {
		t.Fatalf("status %d", code)
	}
	if code := post("wrong-key-wrong-key", `{"event": "buy"}`); code != http.StatusUnauthorized {
		t.Fatalf("status %d with a wrong key", code)
	}
	r := u.ana.reports
	f.p.until(t, "the bridged report", func() bool { return len(r.rows) == 1 })
	if !strings.HasPrefix(rowStatus(r, 0), "⚠ 字段 price 应为数字，实际为字符串 \"9\"；缺少字段 color") {
		t.Errorf("status %q", rowStatus(r, 0))
	}
	v.refresh()
	if v.stats.Text != "已接收 1 条上报，其中 1 条有问题；拒绝了 1 个请求" || !v.lastErr.Visible() {
		t.Errorf("stats %q", v.stats.Text)
	}

	// 停止 and 启动; 重新生成密钥 restarts it with a new, persisted key.
	test.Tap(v.toggle)
	f.p.until(t, "the stopped bridge", func() bool { return u.bridge == nil && v.state.Text == "已停止" })
	if v.url.Text != "—" || !v.copySnip.Disabled() {
		t.Errorf("stopped: url %q", v.url.Text)
	}
	test.Tap(v.toggle)
	f.p.until(t, "the running bridge", func() bool { return u.bridge != nil && v.state.Text == "运行中" })
	if u.bridge.URL() != url {
		t.Errorf("restarted on %s, was %s", u.bridge.URL(), url)
	}
	u.restartBridge(true, true)
	f.p.until(t, "the new key", func() bool { return u.bridge != nil && u.bridge.Key() != key })
	if persisted, _ := bridge.KeyFor(context.Background(), u.eng); persisted != u.bridge.Key() || v.key.Text != persisted {
		t.Errorf("new key %q, persisted %q, shown %q", u.bridge.Key(), persisted, v.key.Text)
	}
	if code := post(key, `{"event": "buy"}`); code != http.StatusUnauthorized {
		t.Errorf("the old key still works against %s: %d", u.bridge.URL(), code)
	}

	// 允许的来源: a LAN dev server's origin, saved, restarts the bridge with it allowed.
	health := func(origin string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u.bridge.URL()+"/health", nil)
		req.Header.Set(bridge.KeyHeader, u.bridge.Key())
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := health("http://192.168.1.5:10086"); code != http.StatusForbidden {
		t.Fatalf("a LAN origin before it is allowed: %d", code)
	}
	before := u.bridge
	v.origins.SetText("http://192.168.1.5:10086/")
	test.Tap(v.saveOriginsBtn)
	f.p.until(t, "the bridge restarted with the origin", func() bool { return u.bridge != nil && u.bridge != before })
	if code := health("http://192.168.1.5:10086"); code != http.StatusOK || v.origins.Text != "http://192.168.1.5:10086" {
		t.Errorf("an allowed LAN origin: %d, entry %q", code, v.origins.Text)
	}
	if saved, _ := bridge.SavedOrigins(context.Background(), u.eng); len(saved) != 1 || saved[0] != "http://192.168.1.5:10086" {
		t.Errorf("saved %q", saved)
	}
}

func TestBridgeFallsBackToAFreePort(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	v := u.ana.bridge
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())

	// Alone: the next free port.
	srv, _, fellBack, err := openBridge(context.Background(), u.eng, busy.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if fellBack == nil || srv.URL() == "http://"+busy.Addr().String() || !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Errorf("url %s, fell back because %v", srv.URL(), fellBack)
	}
	srv.Close()

	// In the window: stopped and started while the default port is taken, the bridge says so and takes
	// the port it had before, so the snippet keeps working.
	defer func(addr string) { bridgeAddr = addr }(bridgeAddr)
	bridgeAddr = busy.Addr().String()
	url := u.bridge.URL()
	test.Tap(v.toggle)
	f.p.until(t, "the stopped bridge", func() bool { return u.bridge == nil && !u.bridgeState.busy })
	test.Tap(v.toggle)
	f.p.until(t, "the running bridge", func() bool { return u.bridge != nil })
	if u.bridge.URL() != url || !v.note.Visible() || !strings.HasPrefix(v.note.Text, "端口 "+port+" 不可用") ||
		!strings.Contains(v.note.Text, url) {
		t.Errorf("url %s (was %s), note %q", u.bridge.URL(), url, v.note.Text)
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
	p := make(pump, 10000)
	a := test.NewTempApp(b)
	a.Settings().SetTheme(nil) // the default theme: the test theme has no bold monospace font
	dir := b.TempDir()
	writeProject(b, dir)
	ui, err := New(a, Options{ProjectDir: dir, DataDir: data, Do: p.do})
	if err != nil {
		b.Fatal(err)
	}
	defer ui.Window().Close()
	v := ui.ana.reports
	wait := func(cond func() bool) {
		for !cond() {
			select {
			case f := <-p:
				f()
			case <-time.After(time.Millisecond):
			}
		}
	}
	wait(func() bool { return len(v.rows) == reportsKeep })
	for _, bc := range []struct {
		name  string
		event int
	}{{"all", 0}, {"event", 1}} {
		b.Run(bc.name, func(b *testing.B) {
			v.event.SetSelectedIndex(bc.event)
			wait(func() bool { return !v.busy && !v.again })
			for b.Loop() {
				v.run()
				wait(func() bool { return !v.busy })
			}
		})
	}
}

// 同步结果 is computed when the view is first opened, not when the window starts.
func TestSyncResultsComputedWhenOpened(t *testing.T) {
	f := newReportsFixture(t)
	f.report("buy", `{"price": 3, "color": "red"}`)
	s := f.ui.ana.sync
	f.p.drain()
	if s.res != nil || s.shown {
		t.Fatal("同步结果 was computed before the view was opened")
	}
	f.ui.ana.tabs.SelectIndex(2)
	f.p.until(t, "the results", func() bool { return s.res != nil && strings.Contains(s.summary.Text, "共 1 条上报") })
}

// TestReportLogNamesTheTrigger: the trigger column and the detail name the trigger that fired a report, in
// the window's language; a report from code (reportEvent / reportAnalytics, which names no trigger) says so
// and gets no action guessed from its page.
func TestReportLogNamesTheTrigger(t *testing.T) {
	f := newReportsFixture(t)
	v := f.ui.ana.reports
	f.report("buy", `{"price": 3, "color": "red"}`) // fired by the click action
	if _, err := f.ui.eng.Report(context.Background(), core.ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 4, "color": "red"}`),
		Page: "pages/goods/goods"}); err != nil {
		t.Fatal(err)
	}
	f.p.until(t, "two rows", func() bool { return len(v.rows) == 2 })
	for _, lang := range []struct{ choice, click, code string }{
		{LangChinese, "点击元素 (click)", "代码上报"},
		{LangEnglish, "Tap element (click)", "from code"},
	} {
		t.Run(lang.choice, func(t *testing.T) {
			f.ui.setLanguage(lang.choice)
			f.p.drain()
			v := f.ui.ana.reports
			f.p.until(t, "two rows", func() bool { return len(v.rows) == 2 })
			code, click := v.rowText(&v.rows[0].Report), v.rowText(&v.rows[1].Report)
			if click[3] != lang.click || click[4] != "#1 click .buy" {
				t.Errorf("the click's trigger and action %q %q, want %q", click[3], click[4], lang.click)
			}
			if code[3] != lang.code || code[4] != "" {
				t.Errorf("the report from code: trigger %q, action %q; want %q and no action", code[3], code[4], lang.code)
			}
			v.list.Select(0)
			if !strings.Contains(v.info.Text, ": "+lang.code+"\n") {
				t.Errorf("the detail does not name the trigger %q:\n%s", lang.code, v.info.Text)
			}
		})
	}
}
