package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/widgets"
)

// historyPage is how many attempts the list reads at a time; the next page loads as the list nears its end.
const historyPage = 200

// retentionChoices are the offered "keep the last N attempts per type" settings.
var retentionChoices = []int{100, 1000, 10000, 100000}

// historyPanel is 请求记录: every attempt, newest first, searchable and filterable; selecting one opens the
// inspector (request, parameters, headers, timing, TLS, body), with re-run, delete, diff, cURL and HAR.
type historyPanel struct {
	u       *UI
	content fyne.CanvasObject
	split   *widgets.AdaptiveSplit

	search    *widget.Entry
	filter    *widget.Select // fetch type
	cached    *widget.Select
	platform  *widget.Select
	retention *widget.Select
	count     *widget.Label
	list      *widget.List
	rows      []core.Attempt
	trendTime *widgets.TrendChart // response time and size over the loaded attempts, coloured by status
	trendSize *widgets.TrendChart
	total     int64
	gen       int
	searchGen int
	loading   bool
	exhausted bool

	summary, info       *widget.Label
	params, reqH, respH *widgets.KVTable
	diffTable           *widgets.KVTable
	diffNote            *widget.Label
	diffText            *widgets.BodyViewer
	body                *widgets.BodyViewer
	secrets             *widget.Check // 显示 token, the same switch as everywhere in the window
	detail              fyne.CanvasObject
	placeholder         *widget.Label
	selected            int64
	shown               *core.Attempt
}

func newHistoryPanel(u *UI) *historyPanel {
	t := u.tr.T
	h := &historyPanel{u: u}
	h.search = widget.NewEntry()
	h.search.SetPlaceHolder(t("搜索地址、状态码、错误或响应内容"))
	h.search.OnChanged = func(string) { h.searchSoon() }
	h.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	h.filter = widget.NewSelect([]string{t("全部类型"), fetch.Periodic, fetch.Pre, fetch.JSAPIPre}, func(string) { h.reload() })
	h.filter.SetSelectedIndex(0)
	h.cached = widget.NewSelect([]string{t("全部结果"), t("已缓存"), t("未缓存")}, func(string) { h.reload() })
	h.cached.SetSelectedIndex(0)
	h.platform = widget.NewSelect(append([]string{t("全部平台")}, platform.IDs()...), func(string) { h.reload() })
	h.platform.SetSelectedIndex(0)
	var keep []string
	for _, n := range retentionChoices {
		keep = append(keep, u.tr.F("每种类型保留 %d 条", n))
	}
	h.retention = widget.NewSelect(keep, func(string) { h.setRetention() })
	h.count = widget.NewLabel("")
	h.list = &widget.List{
		Length: func() int { return len(h.rows) },
		CreateItem: func() fyne.CanvasObject {
			// time, type, status, size, duration, verdict, URL: aligned columns, the URL taking the rest.
			cells := make([]fyne.CanvasObject, 7)
			for i := range cells {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				cells[i] = l
			}
			cells[2].(*widget.Label).Alignment = fyne.TextAlignTrailing
			cells[3].(*widget.Label).Alignment = fyne.TextAlignTrailing
			cells[4].(*widget.Label).Alignment = fyne.TextAlignTrailing
			return container.New(historyColumns, cells...)
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(h.rows) {
				return
			}
			a := &h.rows[id]
			cells := o.(*fyne.Container).Objects
			imp := widget.SuccessImportance
			verdict := t("已缓存")
			if !a.Cached {
				imp = widget.DangerImportance
				verdict = t("未缓存")
				if a.Error != "" {
					verdict = t("失败")
				}
			}
			status := "---"
			if a.Status != 0 {
				status = fmt.Sprint(a.Status)
			}
			switch a.Origin {
			case "rerun":
				verdict += " ↻"
			case "har":
				verdict += " HAR"
			}
			addr := h.u.maskText(a.URL, core.AttemptSecrets(*a)...)
			if a.Origin == core.OriginCompile { // the verdict column is narrow: the address says it
				addr = t("编译时预拉取") + " · " + addr
			}
			texts := []string{a.StartedAt.Local().Format("01-02 15:04:05"), a.FetchType, status,
				widgets.FormatBytes(a.Bytes), fmt.Sprintf("%d ms", a.DurationMs), verdict, addr}
			for i, c := range cells {
				l := c.(*widget.Label)
				l.Importance = widget.MediumImportance
				if i == 2 || i == 5 {
					l.Importance = imp
				}
				l.SetText(texts[i])
			}
			if id >= len(h.rows)-20 {
				h.loadMore()
			}
		},
		OnSelected: func(id widget.ListItemID) {
			if id < len(h.rows) {
				h.open(h.rows[id].ID)
				h.split.Select(1) // tabbed (a narrow window): show the attempt just chosen
			}
		},
	}
	h.summary = widget.NewLabel("")
	h.summary.Wrapping = fyne.TextWrapWord
	h.summary.Selectable = true
	h.summary.TextStyle.Bold = true
	h.info = widget.NewLabel("")
	h.info.Wrapping = fyne.TextWrapWord
	h.info.Selectable = true
	h.params = widgets.NewKVTable(t("参数"), t("原始值"), t("解码后"), t("来源"))
	h.reqH = widgets.NewKVTable(t("请求头"), t("值"))
	h.respH = widgets.NewKVTable(t("响应头"), t("值"))
	h.body = widgets.NewBodyViewer()
	h.body.Do = u.do
	h.body.Labels = widgets.BodyLabels{Pretty: t("格式化"), Raw: t("原文"), Search: t("搜索"), Copy: t("复制"),
		Save: t("保存…"), Empty: t("没有保存响应内容"), Matches: "%d/%d", NoMatch: t("无匹配")}
	h.body.OnSave = func(b []byte) { saveBody(u, b, "response.txt") }
	h.body.Gauge().Text = func(n, limit int64) string { return shell.GaugeText(u.shell(), n, limit) }
	h.diffNote = widget.NewLabel(t("与同类型上一次缓存的响应比较"))
	h.diffNote.Wrapping = fyne.TextWrapWord
	h.diffTable = widgets.NewKVTable(t("路径"), t("变化"), t("之前"), t("之后"))
	h.diffText = widgets.NewBodyViewer()
	h.diffText.Do = u.do
	h.diffText.Labels = h.body.Labels
	h.diffText.Labels.Empty = ""
	h.diffText.Gauge().Hide() // a diff is no body: the 256KB limit says nothing about it
	diff := container.NewBorder(h.diffNote, nil, nil, nil, container.NewVSplit(h.diffTable, h.diffText))
	h.secrets = widget.NewCheck(t("显示 token"), nil)
	h.secrets.SetChecked(u.showSecrets)
	h.secrets.OnChanged = func(on bool) { u.setShowSecrets(on) }
	actions := container.NewHBox(
		u.actionButton("history.rerun", widget.MediumImportance),
		u.actionButton("history.curl", widget.MediumImportance),
		u.actionButton("history.delete", widget.MediumImportance),
		layout.NewSpacer(), h.secrets,
	)
	tabs := container.NewAppTabs(
		container.NewTabItem(t("概览"), container.NewVScroll(h.info)),
		container.NewTabItem(t("请求参数"), h.params),
		container.NewTabItem(t("请求头"), h.reqH),
		container.NewTabItem(t("响应头"), h.respH),
		container.NewTabItem(t("响应内容"), h.body),
		container.NewTabItem(t("比较"), diff),
	)
	h.detail = container.NewBorder(container.NewVBox(h.summary, actions), nil, nil, nil, tabs)
	h.detail.Hide()
	h.placeholder = widget.NewLabel(t("选择一条记录查看请求与响应"))
	h.placeholder.Alignment = fyne.TextAlignCenter
	exportBtn := u.actionButton("history.export", widget.LowImportance)
	importBtn := u.actionButton("history.import", widget.LowImportance)
	filters := container.NewVBox(
		h.search,
		container.NewGridWithColumns(3, h.filter, h.cached, h.platform),
		container.NewBorder(nil, nil, nil, container.NewHBox(importBtn, exportBtn), h.count),
	)
	h.trendTime = widgets.NewTrendChart(t("响应时间"), func(v float64) string { return fmt.Sprintf("%.0f ms", v) })
	h.trendSize = widgets.NewTrendChart(t("大小"), func(v float64) string { return widgets.FormatBytes(int64(v)) })
	h.trendSize.Limit, h.trendSize.LimitLabel = fetch.MaxBody, "256KB"
	trends := container.NewGridWithColumns(2, container.NewPadded(h.trendTime), container.NewPadded(h.trendSize))
	left := container.NewBorder(container.NewVBox(filters, trends), h.retention, nil, nil, h.list)
	split := widgets.NewAdaptiveSplit(left, container.NewStack(h.placeholder, h.detail), 0.42)
	split.Tabs = []string{t("记录"), t("详情")} // in a narrow window the list and the attempt get the whole height in turn
	h.split, h.content = split, split
	return h
}

func (h *historyPanel) filterValue() core.HistoryFilter {
	f := core.HistoryFilter{Limit: historyPage, Text: strings.TrimSpace(h.search.Text)}
	if h.filter.SelectedIndex() > 0 {
		f.FetchType = h.filter.Selected
	}
	if h.platform.SelectedIndex() > 0 {
		f.Platform = h.platform.Selected
	}
	switch h.cached.SelectedIndex() {
	case 1:
		yes := true
		f.Cached = &yes
	case 2:
		no := false
		f.Cached = &no
	}
	return f
}

// searchSoon reloads 200 ms after the last keystroke in the search box.
func (h *historyPanel) searchSoon() {
	h.searchGen++
	n := h.searchGen
	time.AfterFunc(200*time.Millisecond, func() {
		h.u.do(func() {
			if n == h.searchGen {
				h.reload()
			}
		})
	})
}

// reload reads the first page and the count off the UI goroutine.
func (h *historyPanel) reload() {
	if h.list == nil || h.u.eng == nil || h.retention == nil {
		return
	}
	h.gen++
	gen, f := h.gen, h.filterValue()
	h.loading = true
	eng, ctx := h.u.eng, h.u.ctx
	go func() {
		rows, total, err := eng.HistoryCount(ctx, f)
		keep := eng.Retention()
		h.u.do(func() {
			if gen != h.gen || h.u.closed {
				return
			}
			h.loading = false
			if err != nil {
				rows = nil
			}
			h.rows, h.total, h.exhausted = rows, total, len(rows) < historyPage
			h.count.SetText(h.u.tr.F("共 %d 条", total))
			h.showTrends()
			h.list.UnselectAll()
			h.list.Refresh()
			h.reselect()
			for i, n := range retentionChoices {
				if n == keep && h.retention.SelectedIndex() != i {
					h.retention.SetSelectedIndex(i)
				}
			}
		})
	}()
}

// reselect keeps the open attempt selected after a reload when it is still listed.
func (h *historyPanel) reselect() {
	for i := range h.rows {
		if h.rows[i].ID == h.selected {
			h.list.Select(i)
			return
		}
	}
}

// showTrends draws the loaded attempts' response times and sizes (the newest page, and more as the list
// scrolls), each dot coloured by its status.
func (h *historyPanel) showTrends() {
	times := make([]widgets.TrendPoint, 0, len(h.rows))
	sizes := make([]widgets.TrendPoint, 0, len(h.rows))
	for _, a := range h.rows {
		lvl := widgets.TrendOK
		switch {
		case a.Status == 0 || a.Status >= 500:
			lvl = widgets.TrendBad
		case a.Status >= 300:
			lvl = widgets.TrendWarn
		}
		times = append(times, widgets.TrendPoint{At: a.StartedAt, Value: float64(a.DurationMs), Level: lvl})
		sizes = append(sizes, widgets.TrendPoint{At: a.StartedAt, Value: float64(a.Bytes), Level: lvl})
	}
	t := h.u.tr
	h.trendTime.Title = t.F("响应时间 · 最近 %d 条", len(h.rows))
	h.trendSize.Title = t.F("大小 · 最近 %d 条", len(h.rows))
	h.trendTime.Set(times)
	h.trendSize.Set(sizes)
}

// loadMore reads the next page (keyset paging) when the list nears its end.
func (h *historyPanel) loadMore() {
	if h.loading || h.exhausted || len(h.rows) == 0 {
		return
	}
	h.loading = true
	gen, f := h.gen, h.filterValue()
	f.BeforeID = h.rows[len(h.rows)-1].ID
	eng, ctx := h.u.eng, h.u.ctx
	go func() {
		rows, err := eng.History(ctx, f)
		h.u.do(func() {
			if gen != h.gen {
				return
			}
			h.loading = false
			if err != nil {
				return
			}
			h.rows = append(h.rows, rows...)
			h.exhausted = len(rows) < historyPage
			h.list.Refresh()
			h.showTrends()
		})
	}()
}

// open loads one attempt in full (and the comparison with the cached body before it) and shows it.
func (h *historyPanel) open(id int64, again ...bool) {
	if h.shown != nil && h.shown.ID == id && h.detail.Visible() && len(again) == 0 {
		return
	}
	h.selected = id
	eng, ctx := h.u.eng, h.u.ctx
	go func() {
		a, err := eng.Attempt(ctx, id)
		var prev *core.Attempt
		if err == nil && a.Cached {
			prev = previousCached(ctx, eng, &a)
		}
		h.u.do(func() {
			if err != nil {
				h.u.showError(err)
				return
			}
			if id == h.selected {
				h.showDiff(h.show(&a), h.u.maskAttempt(prev))
			}
		})
	}()
}

// previousCached finds the cached attempt of the same type just before a, with its body.
func previousCached(ctx context.Context, eng *core.Engine, a *core.Attempt) *core.Attempt {
	yes := true
	list, err := eng.History(ctx, core.HistoryFilter{AppID: a.AppID, FetchType: a.FetchType, Cached: &yes, BeforeID: a.ID, Limit: 1})
	if err != nil || len(list) == 0 {
		return nil
	}
	p, err := eng.Attempt(ctx, list[0].ID)
	if err != nil {
		return nil
	}
	return &p
}

// show opens a in the inspector and returns it as shown (the token masked unless 显示 token is on).
func (h *historyPanel) show(a *core.Attempt) *core.Attempt {
	t := h.u.tr.T
	h.shown = a
	shown := *h.u.maskAttempt(a)
	h.placeholder.Hide()
	h.detail.Show()
	h.summary.SetText(fmt.Sprintf("#%d %s %s", shown.ID, shown.Method, shown.URL))
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line(t("时间"), shown.StartedAt.Local().Format("2006-01-02 15:04:05.000"))
	line(t("类型"), shown.FetchType+" · "+shown.Platform+" · appid "+shown.AppID)
	line(t("结果"), shell.AttemptSummary(h.u.shell(), &shown))
	if shown.Bytes > fetch.MaxBody {
		line(t("大小"), t("超过 256 KB（262144 字节）：平台不会缓存，也不会告诉小程序"))
	} else if shown.Status != 0 {
		line(t("大小"), h.u.tr.F("%d 字节，256 KB 的 %.1f%%", shown.Bytes, float64(shown.Bytes)*100/fetch.MaxBody))
	}
	words := h.u.attemptWords(&shown)
	line(t("未缓存原因"), words.Reason)
	line(t("错误"), words.Err)
	for _, w := range words.Warnings {
		line(t("警告"), w)
	}
	for i, r := range shown.Redirects {
		line(h.u.tr.F("重定向 %d", i+1), r)
	}
	line(t("地址选择"), shown.Variant+" — "+words.Variant)
	if shown.FetchType != fetch.Periodic {
		line(t("启动参数"), fmt.Sprintf("path=%q query=%q scene=%d", shown.LaunchPath, shown.LaunchQuery, shown.LaunchScene))
	}
	line(t("请求体"), shown.RequestBody)
	line("dataType", shown.DataType)
	switch shown.Origin {
	case "rerun":
		line(t("来源"), h.u.tr.F("重新发送 #%d", shown.RerunOf))
	case "har":
		line(t("来源"), t("从 HAR 导入"))
	case core.OriginCompile:
		line(t("来源"), t("编译时预拉取"))
	}
	if tm := shown.Timing; tm != nil {
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
		line(t("耗时"), fmt.Sprintf("DNS %s · %s %s · TLS %s · %s %s · %s %s", ms(tm.DNS), t("连接"), ms(tm.Connect),
			ms(tm.TLS), t("首字节"), ms(tm.FirstByte), t("读取内容"), ms(tm.Body)))
	}
	if s := shown.TLS; s != nil {
		verified := t("证书有效")
		if !s.Verified {
			verified = t("证书未通过验证：") + s.VerifyError
		}
		line("TLS", fmt.Sprintf("%s · %s · %s", s.Version, s.CipherSuite, verified))
		line(t("证书"), fmt.Sprintf("%s · %s %s · %s %s — %s", s.Subject, t("签发者"), s.Issuer, t("有效期"),
			s.NotBefore.Format("2006-01-02"), s.NotAfter.Format("2006-01-02")))
		line(t("证书域名"), strings.Join(s.DNSNames, ", "))
	}
	h.info.SetText(b.String())
	rows := make([][]string, 0, len(shown.Params))
	for _, p := range shown.Params {
		raw := url.QueryEscape(p.Value)
		if strings.Contains(p.Value, "••••••") {
			raw = p.Value // a masked secret: its escaped bullets would say nothing
		}
		rows = append(rows, []string{p.Name, raw, p.Value, sourceText(h.u, p.Source)})
	}
	h.params.SetRows(rows)
	h.reqH.SetRows(headerRows(shown.RequestHeaders))
	h.respH.SetRows(headerRows(shown.ResponseHeaders))
	h.body.SetBody(shown.Body)
	h.u.refreshActions()
	return &shown
}

// showAgain redraws the open attempt (after 显示 token changed).
func (h *historyPanel) showAgain() {
	if h.shown != nil {
		h.secrets.SetChecked(h.u.showSecrets)
		h.open(h.shown.ID, true)
	}
}

// showDiff compares a cached attempt's body with the cached one before it, both as shown (masked).
func (h *historyPanel) showDiff(a, prev *core.Attempt) {
	t := h.u.tr.T
	switch {
	case !a.Cached:
		h.diffNote.SetText(t("这条记录没有缓存内容，无法比较"))
		h.diffTable.SetRows(nil)
		h.diffText.Clear()
		return
	case prev == nil:
		h.diffNote.SetText(t("这是该类型的第一条缓存记录，没有可比较的上一条"))
		h.diffTable.SetRows(nil)
		h.diffText.Clear()
		return
	}
	d := core.Diff(prev.Body, a.Body)
	switch {
	case d.Equal:
		h.diffNote.SetText(h.u.tr.F("与 #%d 的缓存内容相同", prev.ID))
	case d.JSON:
		h.diffNote.SetText(h.u.tr.F("与 #%d 相比：%d 处 JSON 变化", prev.ID, len(d.Changes)))
	default:
		h.diffNote.SetText(h.u.tr.F("与 #%d 相比（按行）", prev.ID))
	}
	kinds := map[string]string{"added": t("新增"), "removed": t("移除"), "changed": t("修改")}
	rows := make([][]string, 0, len(d.Changes))
	for _, c := range d.Changes {
		rows = append(rows, []string{c.Path, kinds[c.Kind], c.Old, c.New})
	}
	h.diffTable.SetRows(rows)
	var buf bytes.Buffer
	for _, l := range d.Lines {
		buf.WriteByte(l.Kind)
		buf.WriteByte(' ')
		buf.WriteString(l.Text)
		buf.WriteByte('\n')
	}
	if buf.Len() == 0 {
		h.diffText.Clear()
	} else {
		h.diffText.SetBody(buf.Bytes())
	}
}

func (h *historyPanel) rerun() {
	if h.shown == nil {
		return
	}
	id := h.shown.ID
	background(h.u, nil, func(ctx context.Context) (*core.Attempt, error) { return h.u.eng.Rerun(ctx, id) }, func(a *core.Attempt, err error) {
		if a == nil {
			h.u.showError(err)
			return
		}
		h.selected = a.ID
		h.u.toast(h.u.tr.F("已重新发送 #%d：%s", id, shell.AttemptSummary(h.u.shell(), a)))
	})
}

func (h *historyPanel) copyCurl() {
	if h.shown == nil {
		return
	}
	// Masked, the command cannot run: the toast says so, and how to copy one that does.
	if h.u.showSecrets {
		h.u.app.Clipboard().SetContent(core.CurlCommand(h.shown, true))
		h.u.toast(h.u.tr.T("已复制 cURL 命令（含 token，可直接运行）"))
		return
	}
	h.u.app.Clipboard().SetContent(core.CurlCommand(h.u.maskAttempt(h.shown), false))
	h.u.toast(h.u.tr.T("已复制 cURL 命令：token 已隐藏为 ••••••，勾选「显示 token」后复制的命令才能运行"))
}

func (h *historyPanel) deleteSelected() {
	if h.shown == nil {
		return
	}
	id := h.shown.ID
	h.u.showDialog(h.u.newConfirm(h.u.tr.T("删除记录"), h.u.tr.F("删除记录 #%d？缓存数据不受影响。", id), func(ok bool) {
		if !ok {
			return
		}
		background(h.u, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, h.u.eng.DeleteAttempt(ctx, id) }, func(_ struct{}, err error) {
			if err != nil && !errors.Is(err, core.ErrNotFound) {
				h.u.showError(err)
				return
			}
			h.shown, h.selected = nil, 0
			h.detail.Hide()
			h.placeholder.Show()
			h.u.refreshActions()
		})
	}))
}

func (h *historyPanel) setRetention() {
	i := h.retention.SelectedIndex()
	if i < 0 || h.u.eng.Retention() == retentionChoices[i] {
		return
	}
	n := retentionChoices[i]
	background(h.u, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, h.u.eng.SetRetention(ctx, n) }, func(_ struct{}, err error) {
		h.u.showError(err)
		h.reload()
	})
}

// exportHAR writes the attempts the filters select (all pages) as HAR 1.2.
func (h *historyPanel) exportHAR() {
	f := h.filterValue()
	include := h.u.showSecrets
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			h.u.showError(err)
			return
		}
		go func() {
			f.Limit = 0 // all of them, streamed an attempt at a time
			var show func(core.Attempt) core.Attempt
			if !include {
				show = h.u.eng.MaskAttempt
			}
			n, err := h.u.eng.ExportHAR(h.u.ctx, w, f, include, h.u.opts.Version, show)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			path := w.URI().Path()
			h.u.do(func() {
				if err != nil {
					h.u.showError(fmt.Errorf("export %s: %w", path, err))
					return
				}
				h.u.toast(h.u.tr.F("已导出 %d 条记录到 %s", n, path))
			})
		}()
	}, h.u.win)
	h.u.showFileDialog(d, "bgfetch.har", ".har", ".json")
}

func (h *historyPanel) importHAR() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			h.u.showError(err)
			return
		}
		go func() {
			n, err := h.u.eng.ImportHAR(h.u.ctx, r)
			_ = r.Close()
			h.u.do(func() {
				if err != nil {
					h.u.showError(err)
					return
				}
				h.u.toast(h.u.tr.F("已导入 %d 条记录", n))
				h.reload()
			})
		}()
	}, h.u.win)
	h.u.showFileDialog(d, "", ".har", ".json")
}

func sourceText(u *UI, s string) string {
	switch s {
	case fetch.FromAddress:
		return u.tr.T("配置的地址")
	case fetch.FromPlatform:
		return u.tr.T("平台添加")
	case fetch.FromUser:
		return u.tr.T("模拟用户")
	case fetch.FromLaunch:
		return u.tr.T("启动参数")
	case fetch.FromData:
		return "preload.json data"
	}
	return s
}

func headerRows(h map[string][]string) [][]string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rows := make([][]string, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, []string{k, strings.Join(h[k], ", ")})
	}
	return rows
}

// historyColumns are 请求记录's list columns: time, type, status, size, duration, verdict, then the URL in
// what is left.
var historyColumns = widgets.Columns{112, 78, 46, 78, 72, 74, 1}
