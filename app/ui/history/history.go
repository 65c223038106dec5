// Package history is the 请求记录 tab: every attempt, newest first, searchable and filterable, and the
// inspector of one (request, parameters, headers, timing, TLS, body, the comparison with the cached body
// before it), with re-run, delete, cURL and HAR export and import.
package history

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/app/units"
	"github.com/bgfetch/devtools/widgets"
)

// Env is what the panel needs of the window and the engine.
type Env interface {
	shell.Shell
	// ShowSecrets reports whether 显示 token is on; SetShowSecrets switches it everywhere (the window tells
	// its panels with shell.SecretsChanged).
	ShowSecrets() bool
	SetShowSecrets(on bool)
	// Version is the app's version, the creator's in an exported HAR file.
	Version() string
	// The engine's history: core.Engine's methods of the same names.
	History(ctx context.Context, f core.HistoryFilter) ([]core.Attempt, error)
	CountHistory(ctx context.Context, f core.HistoryFilter) (int64, error)
	HistoryPage(ctx context.Context, f core.HistoryFilter) ([]core.Attempt, int64, bool, error)
	Attempt(ctx context.Context, id int64) (core.Attempt, error)
	Rerun(ctx context.Context, id int64) (*core.Attempt, error)
	DeleteAttempt(ctx context.Context, id int64) error
	Retention() int
	SetRetention(ctx context.Context, n int) error
	ImportHAR(ctx context.Context, r io.Reader) (int, error)
	ExportHAR(ctx context.Context, w io.Writer, f core.HistoryFilter, includeSecrets bool, creatorVersion string,
		show func(core.Attempt) core.Attempt) (int, error)
	// MaskedAttempt is core.Engine.MaskAttempt: a with the tokens masked whether 显示 token is on or not
	// (shell.Shell's MaskAttempt masks as the window shows); it may run off the UI goroutine.
	MaskedAttempt(a core.Attempt) core.Attempt
}

// historyPage is how many attempts the list reads at a time; the next page loads as the list nears its end.
const historyPage = 200

// retentionChoices are the offered "keep the last N attempts per type" settings.
var retentionChoices = []int{100, 1000, 10000, 100000}

// Panel is 请求记录: every attempt, newest first, searchable and filterable; selecting one opens the
// inspector (request, parameters, headers, timing, TLS, body), with re-run, delete, diff, cURL and HAR.
type Panel struct {
	env     Env
	content fyne.CanvasObject
	split   *widgets.AdaptiveSplit

	search      *widget.Entry
	filter      *widget.Select // fetch type
	cached      *widget.Select
	platform    *widget.Select
	retention   *widget.Select
	count       *widget.Label
	countAllBtn *widget.Button // 全部计数, beside a lower bound
	lower       int64          // the lower bound the count line shows (至少 N 条); 0 when it shows anything else
	list        *widget.List
	rows        []core.Attempt
	trendTime   *widgets.TrendChart // response time and size over the loaded attempts, coloured by status
	trendSize   *widgets.TrendChart
	openJob     shell.Job // the attempt being opened in the inspector
	countJob    shell.Job // the count of what the filters select
	job         shell.Job // the first page or the next one, in flight: a reload drops what was asked before
	searchGen   int
	loading     bool
	exhausted   bool

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

// New builds the panel; it follows the window's changes itself (a reload when the data changes, the open
// attempt redrawn when 显示 token is switched).
func New(env Env) *Panel {
	t := env.T
	h := &Panel{env: env}
	h.search = widget.NewEntry()
	h.search.SetPlaceHolder(t("搜索地址、状态码、错误或响应内容"))
	h.search.OnChanged = func(string) { h.searchSoon() }
	h.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	h.filter = widget.NewSelect([]string{t("全部类型"), fetch.Periodic, fetch.Pre, fetch.JSAPIPre}, func(string) { h.Reload() })
	h.filter.SetSelectedIndex(0)
	h.cached = widget.NewSelect([]string{t("全部结果"), t("已缓存"), t("未缓存")}, func(string) { h.Reload() })
	h.cached.SetSelectedIndex(0)
	h.platform = widget.NewSelect(append([]string{t("全部平台")}, platform.IDs()...), func(string) { h.Reload() })
	h.platform.SetSelectedIndex(0)
	var keep []string
	for _, n := range retentionChoices {
		keep = append(keep, env.F("每种类型保留 %d 条", n))
	}
	h.retention = widget.NewSelect(keep, func(string) { h.setRetention() })
	h.count = widget.NewLabel("")
	// Past storage.CountBound candidates of a text the count is a lower bound (至少 N 条): this counts them all.
	h.countAllBtn = widget.NewButton(t("全部计数"), func() {
		h.setCount(h.env.T("正在计数…"), 0)
		h.countAll(h.filterValue())
	})
	h.countAllBtn.Importance = widget.LowImportance
	h.countAllBtn.Hide()
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
			addr := h.env.MaskText(a.URL, core.AttemptSecrets(*a)...)
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
				h.open(h.rows[id].ID, false)
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
	h.body.Do = env.Do
	h.body.Labels = widgets.BodyLabels{Pretty: t("格式化"), Raw: t("原文"), Search: t("搜索"), Copy: t("复制"),
		Save: t("保存…"), Empty: t("没有保存响应内容"), Matches: "%d/%d", NoMatch: t("无匹配")}
	h.body.OnSave = func(b []byte) { env.SaveBody(b, "response.txt") }
	h.body.Gauge().Text = func(n, limit int64) string { return shell.GaugeText(env, n, limit) }
	h.diffNote = widget.NewLabel(t("与同类型上一次缓存的响应比较"))
	h.diffNote.Wrapping = fyne.TextWrapWord
	h.diffTable = widgets.NewKVTable(t("路径"), t("变化"), t("之前"), t("之后"))
	h.diffText = widgets.NewBodyViewer()
	h.diffText.Do = env.Do
	h.diffText.Labels = h.body.Labels
	h.diffText.Labels.Empty = ""
	h.diffText.Gauge().Hide() // a diff is no body: the 256KB limit says nothing about it
	diff := container.NewBorder(h.diffNote, nil, nil, nil, container.NewVSplit(h.diffTable, h.diffText))
	h.secrets = widget.NewCheck(t("显示 token"), nil)
	h.secrets.SetChecked(env.ShowSecrets())
	h.secrets.OnChanged = func(on bool) { env.SetShowSecrets(on) }
	actions := container.NewHBox(
		env.ActionButton("history.rerun", widget.MediumImportance),
		env.ActionButton("history.curl", widget.MediumImportance),
		env.ActionButton("history.delete", widget.MediumImportance),
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
	exportBtn := env.ActionButton("history.export", widget.LowImportance)
	importBtn := env.ActionButton("history.import", widget.LowImportance)
	filters := container.NewVBox(
		h.search,
		container.NewGridWithColumns(3, h.filter, h.cached, h.platform),
		container.NewBorder(nil, nil, nil, container.NewHBox(importBtn, exportBtn), container.NewHBox(h.count, h.countAllBtn)),
	)
	h.trendTime = widgets.NewTrendChart(t("响应时间"), func(v float64) string { return fmt.Sprintf("%.0f ms", v) })
	h.trendSize = widgets.NewTrendChart(t("大小"), func(v float64) string { return widgets.FormatBytes(int64(v)) })
	h.trendSize.Limit, h.trendSize.LimitLabel = fetch.MaxBody, "256KB"
	trends := container.NewGridWithColumns(2, container.NewPadded(h.trendTime), container.NewPadded(h.trendSize))
	left := container.NewBorder(container.NewVBox(filters, trends), h.retention, nil, nil, h.list)
	split := widgets.NewAdaptiveSplit(left, container.NewStack(h.placeholder, h.detail), 0.42)
	split.Tabs = []string{t("记录"), t("详情")} // in a narrow window the list and the attempt get the whole height in turn
	h.split, h.content = split, split
	env.Subscribe(func(c shell.Change) {
		switch c {
		case shell.DataChanged:
			h.Reload()
		case shell.SecretsChanged:
			h.showAgain()
		}
	})
	return h
}

// Content is the tab's content.
func (h *Panel) Content() fyne.CanvasObject { return h.content }

func (h *Panel) filterValue() core.HistoryFilter {
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
func (h *Panel) searchSoon() {
	h.searchGen++
	n := h.searchGen
	time.AfterFunc(200*time.Millisecond, func() {
		h.env.Do(func() {
			if n == h.searchGen {
				h.Reload()
			}
		})
	})
}

// Reload reads the first page and the count off the UI goroutine, at once: the count is exact, or past
// storage.CountBound candidates of a text a lower bound (至少 N 条) with 全部计数 beside it.
func (h *Panel) Reload() {
	if h.list == nil || h.retention == nil { // a filter set while the panel is built
		return
	}
	f := h.filterValue()
	h.loading = true
	env := h.env
	type page struct {
		rows  []core.Attempt
		n     int64
		exact bool
		keep  int
	}
	h.countJob.Drop() // a 全部计数 of the previous filters
	shell.Background(h.env, &h.job, func(ctx context.Context) (page, error) {
		rows, n, exact, err := env.HistoryPage(ctx, f)
		return page{rows, n, exact, env.Retention()}, err
	}, func(pg page, err error) {
		h.loading = false
		h.countJob.Drop() // a 全部计数 clicked while this page was read
		if err != nil {
			pg.rows = nil
		}
		h.rows, h.exhausted = pg.rows, len(pg.rows) < historyPage
		if err != nil {
			h.setCount(h.env.ErrText(err), 0)
		} else {
			h.showCount(pg.n, pg.exact) // exact for a short page: the whole list is the page
		}
		h.showTrends()
		h.list.UnselectAll()
		h.list.Refresh()
		h.reselect()
		for i, n := range retentionChoices {
			if n == pg.keep && h.retention.SelectedIndex() != i {
				h.retention.SetSelectedIndex(i)
			}
		}
	})
}

// countAll counts the attempts f selects, off the UI goroutine, into the count line.
func (h *Panel) countAll(f core.HistoryFilter) {
	env := h.env
	shell.Background(h.env, &h.countJob, func(ctx context.Context) (int64, error) { return env.CountHistory(ctx, f) },
		func(n int64, err error) {
			if err != nil {
				h.setCount(h.env.ErrText(err), 0)
				return
			}
			h.showCount(n, true)
		})
}

// showCount shows how many attempts match: 共 N 条, or when not exact 至少 N 条 with 全部计数 beside it.
func (h *Panel) showCount(n int64, exact bool) {
	if exact {
		h.setCount(h.env.F("共 %s 条", units.Digits(n)), 0)
		return
	}
	h.setCount(h.env.F("至少 %s 条", units.Digits(n)), n)
}

// setCount puts text on the count line; lower > 0 is the lower bound it shows, with 全部计数 beside it.
func (h *Panel) setCount(text string, lower int64) {
	h.count.SetText(text)
	h.lower = lower
	if lower > 0 {
		h.countAllBtn.Show()
	} else {
		h.countAllBtn.Hide()
	}
}

// reselect keeps the open attempt selected after a reload when it is still listed.
func (h *Panel) reselect() {
	for i := range h.rows {
		if h.rows[i].ID == h.selected {
			h.list.Select(i)
			return
		}
	}
}

// showTrends draws the loaded attempts' response times and sizes (the newest page, and more as the list
// scrolls), each dot coloured by its status.
func (h *Panel) showTrends() {
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
	h.trendTime.Title = h.env.F("响应时间 · 最近 %d 条", len(h.rows))
	h.trendSize.Title = h.env.F("大小 · 最近 %d 条", len(h.rows))
	h.trendTime.Set(times)
	h.trendSize.Set(sizes)
}

// loadMore reads the next page (keyset paging) when the list nears its end.
func (h *Panel) loadMore() {
	if h.loading || h.exhausted || len(h.rows) == 0 {
		return
	}
	h.loading = true
	f := h.filterValue()
	f.BeforeID = h.rows[len(h.rows)-1].ID
	env := h.env
	shell.Background(h.env, &h.job, func(ctx context.Context) ([]core.Attempt, error) { return env.History(ctx, f) },
		func(rows []core.Attempt, err error) {
			h.loading = false
			if err != nil {
				return
			}
			h.rows = append(h.rows, rows...)
			h.exhausted = len(rows) < historyPage
			if listed := int64(len(h.rows)); h.lower > 0 && (h.exhausted || listed > h.lower) {
				h.showCount(listed, h.exhausted) // every match listed, or more than the bound said
			}
			h.list.Refresh()
			h.showTrends()
		})
}

// historyColumns are 请求记录's list columns: time, type, status, size, duration, verdict, then the URL in
// what is left.
var historyColumns = widgets.Columns{112, 78, 46, 78, 72, 74, 1}

// Selected is the id of the attempt chosen last (0 for none): the one the inspector shows or is loading.
func (h *Panel) Selected() int64 { return h.selected }

// Shown is the attempt the inspector shows, as recorded (the token in clear), or nil.
func (h *Panel) Shown() *core.Attempt { return h.shown }

// Select chooses the i-th listed attempt, as a click on its row does.
func (h *Panel) Select(i int) { h.list.Select(i) }

// What the panel shows, for tests and the screenshot tour: the attempts listed (loaded so far, newest
// first), whether a page is being read, the count line (共 N 条), the dots the response time and size
// charts draw; the controls a person uses (the search box, the 结果 filter, the inspector's 显示 token);
// the inspector (hidden until an attempt is open), its summary line, its 概览 text and the rows of its
// 请求参数 and 比较 tables.
func (h *Panel) Rows() []core.Attempt           { return h.rows }
func (h *Panel) Loading() bool                  { return h.loading }
func (h *Panel) Count() string                  { return h.count.Text }
func (h *Panel) CountAllButton() *widget.Button { return h.countAllBtn }
func (h *Panel) TrendDots() (times, sizes int)  { return h.trendTime.Drawn(), h.trendSize.Drawn() }
func (h *Panel) SearchBox() *widget.Entry       { return h.search }
func (h *Panel) CachedFilter() *widget.Select   { return h.cached }
func (h *Panel) SecretsCheck() *widget.Check    { return h.secrets }
func (h *Panel) Inspector() fyne.CanvasObject   { return h.detail }
func (h *Panel) Summary() string                { return h.summary.Text }
func (h *Panel) Info() string                   { return h.info.Text }
func (h *Panel) Params() [][]string             { return h.params.Rows() }
func (h *Panel) DiffRows() [][]string           { return h.diffTable.Rows() }

// ScrollToBottom scrolls the list to its end and reads the next page, as nearing the end does.
func (h *Panel) ScrollToBottom() {
	h.list.ScrollToBottom()
	h.loadMore()
}
