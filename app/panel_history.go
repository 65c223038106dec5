package app

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/widgets"
)

// historyPage is how many attempts the list reads at a time; the next page loads as the list nears its end.
const historyPage = 200

// historyPanel is 请求记录: every attempt, newest first; selecting one shows its request and response.
type historyPanel struct {
	u       *UI
	content fyne.CanvasObject

	filter    *widget.Select
	count     *widget.Label
	list      *widget.List
	rows      []core.Attempt
	total     int64
	gen       int
	loading   bool
	exhausted bool

	summary, info       *widget.Label
	params, reqH, respH *widgets.KVTable
	body                *widgets.BodyViewer
	detail              fyne.CanvasObject
	placeholder         *widget.Label
	selected            int64
}

func newHistoryPanel(u *UI) *historyPanel {
	t := u.tr.T
	h := &historyPanel{u: u}
	all := t("全部类型")
	h.filter = widget.NewSelect([]string{all, fetch.Periodic, fetch.Pre, fetch.JSAPIPre}, func(string) { h.reload() })
	h.filter.SetSelectedIndex(0)
	h.count = widget.NewLabel("")
	h.list = &widget.List{
		Length: func() int { return len(h.rows) },
		CreateItem: func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(h.rows) {
				return
			}
			a := &h.rows[id]
			l := o.(*widget.Label)
			l.Importance = widget.SuccessImportance
			verdict := t("已缓存")
			if !a.Cached {
				l.Importance = widget.DangerImportance
				verdict = firstNonEmpty(a.Error, a.Reason)
			}
			status := "---"
			if a.Status != 0 {
				status = fmt.Sprint(a.Status)
			}
			l.SetText(fmt.Sprintf("%s  %-8s %s  %s  %d ms  %s", a.StartedAt.Local().Format("01-02 15:04:05"), a.FetchType,
				status, widgets.FormatBytes(a.Bytes), a.DurationMs, verdict))
			if id >= len(h.rows)-20 {
				h.loadMore()
			}
		},
		OnSelected: func(id widget.ListItemID) {
			if id < len(h.rows) {
				h.open(h.rows[id].ID)
			}
		},
	}
	h.summary = widget.NewLabel("")
	h.summary.Wrapping = fyne.TextWrapBreak
	h.summary.Selectable = true
	h.summary.TextStyle.Bold = true
	h.info = widget.NewLabel("")
	h.info.Wrapping = fyne.TextWrapWord
	h.info.Selectable = true
	h.params = widgets.NewKVTable(t("参数"), t("值"), t("来源"))
	h.reqH = widgets.NewKVTable(t("请求头"), t("值"))
	h.respH = widgets.NewKVTable(t("响应头"), t("值"))
	h.body = widgets.NewBodyViewer()
	h.body.Do = u.do
	h.body.Labels = widgets.BodyLabels{Pretty: t("格式化"), Raw: t("原文"), Search: t("搜索"), Copy: t("复制"),
		Save: t("保存…"), Empty: t("没有保存响应内容"), Matches: "%d/%d", NoMatch: t("无匹配")}
	h.body.OnSave = func(b []byte) { saveBody(u, b, "response.txt") }
	h.body.Gauge().Text = func(n, limit int64) string { return gaugeText(u, n, limit) }
	tabs := container.NewAppTabs(
		container.NewTabItem(t("概览"), container.NewVScroll(h.info)),
		container.NewTabItem(t("请求参数"), h.params),
		container.NewTabItem(t("请求头"), h.reqH),
		container.NewTabItem(t("响应头"), h.respH),
		container.NewTabItem(t("响应内容"), h.body),
	)
	h.detail = container.NewBorder(h.summary, nil, nil, nil, tabs)
	h.detail.Hide()
	h.placeholder = widget.NewLabel(t("选择一条记录查看请求与响应"))
	h.placeholder.Alignment = fyne.TextAlignCenter
	left := container.NewBorder(container.NewBorder(nil, nil, nil, h.count, h.filter), nil, nil, nil, h.list)
	split := container.NewHSplit(left, container.NewStack(h.placeholder, h.detail))
	split.Offset = 0.42
	h.content = split
	return h
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func (h *historyPanel) filterValue() core.HistoryFilter {
	f := core.HistoryFilter{Limit: historyPage}
	if h.filter.SelectedIndex() > 0 {
		f.FetchType = h.filter.Selected
	}
	return f
}

// reload reads the first page and the count off the UI goroutine.
func (h *historyPanel) reload() {
	if h.list == nil || h.u.eng == nil {
		return
	}
	h.gen++
	gen, f := h.gen, h.filterValue()
	h.loading = true
	eng, ctx := h.u.eng, h.u.ctx
	go func() {
		rows, err := eng.History(ctx, f)
		total, _ := eng.CountHistory(ctx, f)
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
			h.list.UnselectAll()
			h.list.Refresh()
			h.reselect()
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
		})
	}()
}

// open loads one attempt in full and shows it.
func (h *historyPanel) open(id int64) {
	if id == h.selected && h.detail.Visible() {
		return
	}
	h.selected = id
	eng, ctx := h.u.eng, h.u.ctx
	go func() {
		a, err := eng.Attempt(ctx, id)
		h.u.do(func() {
			if err != nil {
				h.u.showError(err)
				return
			}
			if id == h.selected {
				h.show(&a)
			}
		})
	}()
}

func (h *historyPanel) show(a *core.Attempt) {
	t := h.u.tr.T
	h.placeholder.Hide()
	h.detail.Show()
	h.summary.SetText(fmt.Sprintf("#%d %s %s", a.ID, a.Method, a.URL))
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line(t("时间"), a.StartedAt.Local().Format("2006-01-02 15:04:05.000"))
	line(t("类型"), a.FetchType+" · "+a.Platform+" · appid "+a.AppID)
	line(t("结果"), attemptSummary(h.u, a))
	line(t("未缓存原因"), a.Reason)
	line(t("错误"), a.Error)
	for _, w := range a.Warnings {
		line(t("警告"), w)
	}
	for i, r := range a.Redirects {
		line(h.u.tr.F("重定向 %d", i+1), r)
	}
	line(t("地址选择"), a.Variant+" — "+a.VariantReason)
	if a.FetchType != fetch.Periodic {
		line(t("启动参数"), fmt.Sprintf("path=%q query=%q scene=%d", a.LaunchPath, a.LaunchQuery, a.LaunchScene))
	}
	line(t("请求体"), a.RequestBody)
	line("dataType", a.DataType)
	h.info.SetText(b.String())
	rows := make([][]string, 0, len(a.Params))
	for _, p := range a.Params {
		rows = append(rows, []string{p.Name, p.Value, sourceText(h.u, p.Source)})
	}
	h.params.SetRows(rows)
	h.reqH.SetRows(headerRows(a.RequestHeaders))
	h.respH.SetRows(headerRows(a.ResponseHeaders))
	h.body.SetBody(a.Body)
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
