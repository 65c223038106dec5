package app

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/widgets"
)

// eventsView is 自定义分析's 事件 view: the app's events in a list (新建事件, 删除, 导入…, 导出…, 保存到项目) and
// the selected one in an editor (ID, name, report type, fields, actions and the data each reports) with 保存
// and 保存并测试; a running test shows its plan under the editor.
//
// The editor works on a draft: typing changes the draft only, and 保存 hands it to the engine, which validates
// it. Unsaved changes are marked in the editor and in the list; choosing another event asks before they are
// dropped; a switch to another project drops them with a notice (the window switches projects without asking
// the panels).
type eventsView struct {
	u       *UI
	content fyne.CanvasObject

	gen     int  // the newest reload; older answers are dropped
	loaded  bool // a reload has answered
	appID   string
	events  []core.AnalyticsEvent // as stored, in order
	test    *core.AnalyticsTest
	nextRow int // the row to open after a delete

	// The editor's event. oldID is the stored event the draft edits; "" when it is new.
	editing bool
	draft   core.AnalyticsEvent
	oldID   string
	dirty   bool
	edits   int // changes made to the draft, so that a save finishing late keeps the later ones marked
	saving  bool
	marked  []fyne.CanvasObject // the widgets the last validation error points at

	// List side.
	noProject   *widget.Label
	main        fyne.CanvasObject
	list        *widget.List
	selecting   bool // list.Select called by the view, not the user
	count       *widget.Label
	newBtn      *widget.Button
	delBtn      *widget.Button
	importBtn   *widget.Button
	exportBtn   *widget.Button
	toProject   *widget.Button
	syncLine    *widget.Label
	empty       fyne.CanvasObject
	emptyNewBtn *widget.Button

	// Editor side.
	editor     fyne.CanvasObject
	title      *widget.Label
	dirtyMark  *widget.Label
	form       *fyne.Container // rebuilt from the draft on every structural change
	scroll     *container.Scroll
	errLabel   *widget.Label
	saveBtn    *widget.Button
	testBtn    *widget.Button
	discardBtn *widget.Button
	w          editorWidgets

	// The running test.
	testBox   fyne.CanvasObject
	body      *container.Split // the editor over the test panel
	testTitle *widget.Label
	testNote  *widget.Label
	plan      []planRow
	planList  *widget.List
	stopBtn   *widget.Button
}

// editorWidgets are the editor's inputs, by position in the draft, so that a validation error's path
// ("actions[0].data[1].source") can point at one.
type editorWidgets struct {
	id, name   *widget.Entry
	reportType *widget.RadioGroup
	fields     []fieldWidgets
	addField   *widget.Button
	actions    []actionWidgets
	addAction  *widget.Button
}

type fieldWidgets struct {
	name *widget.Entry
	typ  *widget.Select
}

type actionWidgets struct {
	trigger        *widget.Select
	page, selector *widget.Entry
	data           []dataWidgets
	addData        *widget.Button
}

type dataWidgets struct {
	field  *widget.Select
	source *widget.Entry
}

// triggerNames are the Chinese names of project.Triggers, as DevTools words them.
var triggerNames = map[string]string{
	"click": "点击元素", "enterPage": "进入页面", "leavePage": "离开页面", "pageLoad": "页面加载",
	"pageUnload": "页面卸载", "pullDownRefresh": "下拉刷新", "launch": "小程序启动", "background": "切到后台",
	"foreground": "切回前台", "share": "分享", "switchTab": "切换标签页",
}

func newEventsView(u *UI) *eventsView {
	t := u.tr.T
	v := &eventsView{u: u}

	// The list.
	v.list = &widget.List{
		Length: func() int {
			if v.isNew() {
				return len(v.events) + 1
			}
			return len(v.events)
		},
		CreateItem: widgets.TwoLineRow,
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			top, info := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
			switch {
			case id < len(v.events):
				ev := v.events[id]
				mark := ""
				if v.dirty && v.editing && ev.ID == v.oldID {
					mark = "● "
				}
				top.SetText(mark + ev.ID + "  " + ev.Name)
				info.SetText(v.summary(ev))
			case v.isNew():
				top.SetText("● " + v.draft.ID + "  " + v.draft.Name)
				info.SetText(t("新事件，尚未保存"))
			}
		},
		OnSelected: v.onSelected,
	}
	v.count = widget.NewLabel("")
	v.newBtn = u.actionButton("events.new", widget.HighImportance)
	v.delBtn = u.actionButton("events.delete", widget.MediumImportance)
	v.importBtn = u.actionButton("events.import", widget.LowImportance)
	v.exportBtn = u.actionButton("events.export", widget.LowImportance)
	v.toProject = u.actionButton("events.toProject", widget.LowImportance)
	v.syncLine = widget.NewLabel("")
	v.syncLine.Wrapping = fyne.TextWrapWord
	v.syncLine.SizeName = theme.SizeNameCaptionText
	left := container.NewBorder(
		container.NewBorder(nil, nil, container.NewHBox(v.newBtn, v.delBtn), nil, container.NewCenter(v.count)),
		container.NewVBox(widget.NewSeparator(), v.syncLine, container.NewHBox(v.importBtn, v.exportBtn, v.toProject)),
		nil, nil, v.list)

	// The empty state.
	emptyText := widget.NewLabel(t("还没有事件。事件描述小程序用 wx.reportEvent 上报的数据：有哪些字段，由哪些动作触发。新建一个事件，或导入一个 bgfetch.analytics.json 文件。"))
	emptyText.Wrapping = fyne.TextWrapWord
	emptyText.Alignment = fyne.TextAlignCenter
	v.emptyNewBtn = u.actionButton("events.new", widget.HighImportance)
	emptyImport := u.actionButton("events.import", widget.MediumImportance)
	v.empty = container.NewVBox(layout.NewSpacer(), emptyText, container.NewCenter(container.NewHBox(v.emptyNewBtn, emptyImport)), layout.NewSpacer())

	// The editor.
	v.title = widget.NewLabel("")
	v.title.TextStyle.Bold = true
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.dirtyMark = widget.NewLabel(t("● 未保存"))
	v.dirtyMark.Importance = widget.WarningImportance
	v.dirtyMark.Hide()
	v.form = container.NewVBox()
	v.scroll = container.NewVScroll(container.NewPadded(v.form))
	v.errLabel = widget.NewLabel("")
	v.errLabel.Importance = widget.DangerImportance
	v.errLabel.Wrapping = fyne.TextWrapWord
	v.errLabel.Hide()
	v.saveBtn = u.actionButton("events.save", widget.MediumImportance)
	v.testBtn = u.actionButton("events.test", widget.HighImportance)
	v.discardBtn = u.actionButton("events.discard", widget.LowImportance)

	// The test panel.
	v.testTitle = widget.NewLabel("")
	v.testTitle.TextStyle.Bold = true
	v.testTitle.Importance = widget.SuccessImportance
	v.testNote = widget.NewLabel("")
	v.testNote.Wrapping = fyne.TextWrapWord
	v.testNote.Importance = widget.WarningImportance
	v.testNote.Hide()
	v.stopBtn = u.actionButton("events.stop", widget.MediumImportance)
	reportsBtn := u.actionButton("reports.open", widget.LowImportance)
	v.planList = &widget.List{
		Length:     func() int { return len(v.plan) },
		CreateItem: widgets.TwoLineRow,
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.plan) {
				c := o.(*fyne.Container)
				c.Objects[0].(*widget.Label).SetText(v.plan[id].head)
				c.Objects[1].(*widget.Label).SetText(v.plan[id].fields)
			}
		},
		OnSelected: func(id widget.ListItemID) {
			v.planList.UnselectAll()
			if id < len(v.plan) {
				if i := v.index(v.plan[id].event); i >= 0 {
					v.onSelected(i)
				}
			}
		},
	}
	v.testBox = container.NewBorder(
		container.NewVBox(widget.NewSeparator(),
			container.NewBorder(nil, nil, nil, container.NewHBox(reportsBtn, v.stopBtn), v.testTitle), v.testNote),
		nil, nil, nil, v.planList)
	v.testBox.Hide()
	v.body = container.NewVSplit(v.scroll, v.testBox)
	v.body.Offset = 0.62
	v.editor = container.NewBorder(
		container.NewBorder(nil, nil, nil, v.dirtyMark, v.title),
		container.NewVBox(v.errLabel, container.NewHBox(v.saveBtn, v.testBtn, v.discardBtn)),
		nil, nil, v.body)
	v.editor.Hide()

	split := container.NewHSplit(left, container.NewStack(v.empty, v.editor))
	split.Offset = 0.32
	v.main = split
	v.noProject = widget.NewLabel("")
	v.noProject.Wrapping = fyne.TextWrapWord
	v.noProject.Alignment = fyne.TextAlignCenter
	v.noProject.Hide()
	v.content = container.NewStack(container.NewVBox(layout.NewSpacer(), v.noProject, layout.NewSpacer()), v.main)
	v.updateChrome()
	return v
}

// isNew reports whether the editor holds an event that was never saved.
func (v *eventsView) isNew() bool { return v.editing && v.oldID == "" }

func (v *eventsView) summary(ev core.AnalyticsEvent) string {
	kind := v.u.tr.T("一次性上报")
	if ev.Steps() {
		kind = v.u.tr.T("分步骤上报")
	}
	return kind + " · " + v.u.tr.F("%d 个字段 · %d 个动作", len(ev.Fields), len(ev.Actions))
}

// reload reads the events (and the running test) again, off the UI goroutine.
func (v *eventsView) reload() {
	v.gen++
	gen := v.gen
	eng, ctx := v.u.eng, v.u.ctx
	go func() {
		evs, err := eng.AnalyticsEvents(ctx)
		test := eng.AnalyticsTesting()
		v.u.do(func() {
			if gen != v.gen || v.u.closed {
				return
			}
			v.apply(evs, err, test)
		})
	}()
}

// apply shows what reload read. A draft with unsaved changes stays in the editor; an unchanged one follows
// the stored event (which a save, an import or an edit of bgfetch.analytics.json may have changed).
func (v *eventsView) apply(evs []core.AnalyticsEvent, err error, test *core.AnalyticsTest) {
	if err != nil {
		v.noProject.SetText(v.u.tr.T("没有可用的项目，无法编辑事件：") + err.Error())
		v.noProject.Show()
		v.main.Hide()
		return
	}
	v.noProject.Hide()
	v.main.Show()
	appID := ""
	if p := v.u.proj; p != nil {
		appID = p.AppID
	}
	if appID != v.appID {
		if v.dirty {
			v.u.toast(v.u.tr.F("已切换项目：事件 %s 未保存的修改已放弃", v.draft.ID))
		}
		v.appID, v.editing, v.dirty, v.oldID, v.nextRow = appID, false, false, "", 0
		v.clearError()
	}
	v.events, v.test, v.loaded = evs, test, true
	if !v.dirty {
		if v.editing && !v.isNew() {
			if i := v.index(v.oldID); i >= 0 {
				if !sameEvent(v.draft, evs[i]) {
					v.open(evs[i])
				}
			} else {
				v.editing = false
			}
		}
		if !v.editing && len(evs) > 0 {
			v.open(evs[min(v.nextRow, len(evs)-1)])
		}
		if !v.editing {
			v.setForm(nil)
		}
	}
	v.count.SetText(v.u.tr.F("共 %d 个", len(evs)))
	v.list.Refresh()
	v.selectRow(v.draftRow())
	v.showTest()
	v.updateChrome()
}

func (v *eventsView) index(id string) int {
	return slices.IndexFunc(v.events, func(ev core.AnalyticsEvent) bool { return ev.ID == id })
}

// draftRow is the list row of the event in the editor, or -1.
func (v *eventsView) draftRow() int {
	switch {
	case !v.editing:
		return -1
	case v.isNew():
		return len(v.events)
	}
	return v.index(v.oldID)
}

func (v *eventsView) selectRow(i int) {
	v.selecting = true
	defer func() { v.selecting = false }()
	if i < 0 {
		v.list.UnselectAll()
		return
	}
	v.list.Select(i)
}

// onSelected opens the chosen event, asking first when the editor has unsaved changes.
func (v *eventsView) onSelected(id widget.ListItemID) {
	if v.selecting || id >= len(v.events) {
		return
	}
	ev := v.events[id]
	if v.editing && !v.isNew() && ev.ID == v.oldID {
		return
	}
	if !v.dirty {
		v.open(ev)
		v.list.Refresh()
		return
	}
	v.selectRow(v.draftRow()) // until the user says so
	t := v.u.tr.T
	d := v.u.newConfirm(t("放弃修改？"), v.u.tr.F("事件 %s 有未保存的修改。放弃这些修改，打开事件 %s？", v.draft.ID, ev.ID), func(ok bool) {
		if !ok {
			return
		}
		if i := v.index(ev.ID); i >= 0 {
			v.open(v.events[i])
			v.list.Refresh()
			v.selectRow(i)
		}
	})
	d.SetConfirmText(t("放弃修改"))
	d.SetDismissText(t("继续编辑"))
	v.u.showDialog(d)
}

// open puts a stored event in the editor.
func (v *eventsView) open(ev core.AnalyticsEvent) {
	v.editing, v.draft, v.oldID, v.dirty = true, cloneEvent(ev), ev.ID, false
	v.clearError()
	v.setForm(&v.draft)
	v.updateChrome()
}

// newEvent starts a new event in the editor; it is stored on 保存.
func (v *eventsView) newEvent() {
	if v.dirty {
		v.u.showInfo(v.u.tr.T("新建事件"), v.u.tr.F("事件 %s 有未保存的修改：先保存或放弃修改。", v.draft.ID))
		return
	}
	id := ""
	for n := len(v.events) + 1; id == "" || v.index(id) >= 0; n++ {
		id = "event_" + strconv.Itoa(n)
	}
	v.editing, v.oldID, v.dirty = true, "", true
	v.draft = core.AnalyticsEvent{ID: id, Name: v.u.tr.T("新事件"), ReportType: project.ReportOnce}
	v.clearError()
	v.setForm(&v.draft)
	v.list.Refresh()
	v.selectRow(v.draftRow())
	v.updateChrome()
	v.u.win.Canvas().Focus(v.w.id)
}

// changed marks the draft edited after a keystroke or a choice that does not change its shape.
func (v *eventsView) changed() {
	v.edits++
	if !v.dirty {
		v.dirty = true
		v.updateChrome()
	}
	if i := v.draftRow(); i >= 0 {
		v.list.RefreshItem(i)
	}
}

// reshape rebuilds the editor after a change of the draft's shape (a row added or removed).
func (v *eventsView) reshape() {
	v.setForm(&v.draft)
	v.changed()
}

// updateChrome enables the buttons and fills the lines that depend on the state.
func (v *eventsView) updateChrome() {
	t := v.u.tr.T
	switch {
	case !v.editing:
		v.title.SetText("")
	case v.isNew():
		v.title.SetText(t("新事件"))
	default:
		v.title.SetText(v.u.tr.F("编辑事件 %s", v.oldID))
	}
	v.dirtyMark.Hidden = !v.dirty
	v.dirtyMark.Refresh()
	v.u.refreshActions() // 保存, 保存并测试, 放弃修改, 删除, 导出: enabled by their actions' rules
	showIf(v.editor, v.editing)
	showIf(v.empty, !v.editing && v.loaded)
	p := v.u.proj
	switch {
	case p == nil:
		v.syncLine.SetText("")
		v.toProject.Hide()
	case p.HasAnalytics:
		v.syncLine.SetText(v.u.tr.F("事件与项目中的 %s 同步：在这里的修改会写回该文件，在编辑器中修改该文件也会显示在这里。", project.AnalyticsFile))
		v.toProject.Hide()
	default:
		v.syncLine.SetText(v.u.tr.F("事件保存在工具的数据库中。保存到项目会写出 %s，之后事件与它同步，可以随项目提交。", project.AnalyticsFile))
		v.toProject.Show()
	}
}

// setForm rebuilds the editor's inputs from ev (nil: empty).
func (v *eventsView) setForm(ev *core.AnalyticsEvent) {
	v.marked = nil
	v.w = editorWidgets{}
	if ev == nil {
		v.form.Objects = nil
		v.form.Refresh()
		return
	}
	t := v.u.tr.T
	d := &v.draft // the closures below index into the draft: every change of its shape rebuilds them
	entry := func(text, placeholder string, set func(string)) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.SetText(text)
		e.OnChanged = func(s string) {
			set(s)
			v.changed()
		}
		return e
	}
	hint := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	removeBtn := func(fn func()) *widget.Button {
		return &widget.Button{Icon: theme.ContentRemoveIcon(), Importance: widget.LowImportance, OnTapped: fn}
	}

	v.w.id = entry(d.ID, "buy_goods", func(s string) { d.ID = s })
	v.w.name = entry(d.Name, t("购买商品"), func(s string) { d.Name = s })
	kinds := []string{project.ReportOnce, project.ReportSteps}
	v.w.reportType = &widget.RadioGroup{Options: []string{t("一次性上报"), t("分步骤上报")}, Horizontal: true, Required: true}
	v.w.reportType.Selected = v.w.reportType.Options[0]
	if d.Steps() {
		v.w.reportType.Selected = v.w.reportType.Options[1]
	}
	v.w.reportType.OnChanged = func(s string) {
		if i := slices.Index(v.w.reportType.Options, s); i >= 0 && d.ReportType != kinds[i] {
			d.ReportType = kinds[i]
			v.changed()
		}
	}
	head := container.New(layout.NewFormLayout(),
		formLabel(t("事件 ID")), v.w.id,
		formLabel(t("事件名称")), v.w.name,
		formLabel(t("上报方式")), v.w.reportType,
	)
	objs := []fyne.CanvasObject{head,
		hint(t("一次性上报：每个动作上报全部字段。分步骤上报：各个动作分别上报一部分字段，合起来覆盖全部字段。")),
		widget.NewSeparator(), caption(t("字段"))}

	// Fields.
	typeNames := []string{t("字符串"), t("数字")}
	types := []string{project.FieldString, project.FieldNumber}
	if len(d.Fields) == 0 {
		objs = append(objs, hint(t("没有字段：事件只记录发生的次数。")))
	}
	for i, f := range d.Fields {
		fw := fieldWidgets{}
		fw.name = widget.NewEntry()
		fw.name.SetPlaceHolder(t("字段名，例如 price"))
		fw.name.SetText(f.Name)
		fw.name.OnChanged = func(s string) { v.renameField(i, s) }
		fw.typ = &widget.Select{Options: typeNames, PlaceHolder: t("类型")}
		if j := slices.Index(types, f.Type); j >= 0 {
			fw.typ.Selected = typeNames[j]
		}
		fw.typ.OnChanged = func(s string) {
			if j := slices.Index(typeNames, s); j >= 0 && d.Fields[i].Type != types[j] {
				d.Fields[i].Type = types[j]
				v.changed()
			}
		}
		v.w.fields = append(v.w.fields, fw)
		rm := removeBtn(func() { v.removeField(i) })
		objs = append(objs, container.NewBorder(nil, nil, nil, container.NewHBox(container.NewGridWrap(fyne.NewSize(110, fw.typ.MinSize().Height), fw.typ), rm), fw.name))
	}
	v.w.addField = &widget.Button{Text: t("添加字段"), Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: v.addField}
	objs = append(objs, container.NewHBox(v.w.addField), widget.NewSeparator(), caption(t("动作")))

	// Actions.
	if len(d.Actions) == 0 {
		objs = append(objs, hint(t("没有动作：事件只能在小程序代码中用 wx.reportEvent 上报。")))
	}
	var triggerOpts []string
	for _, tr := range project.Triggers {
		triggerOpts = append(triggerOpts, triggerLabel(v.u, tr))
	}
	names := fieldNames(d.Fields)
	for i, a := range d.Actions {
		aw := actionWidgets{}
		aw.trigger = &widget.Select{Options: triggerOpts, PlaceHolder: t("选择触发方式")}
		if j := slices.Index(project.Triggers, a.Trigger); j >= 0 {
			aw.trigger.Selected = triggerOpts[j]
		} else if a.Trigger != "" {
			aw.trigger.Selected = a.Trigger
		}
		aw.trigger.OnChanged = func(s string) {
			if j := slices.Index(triggerOpts, s); j >= 0 && d.Actions[i].Trigger != project.Triggers[j] {
				d.Actions[i].Trigger = project.Triggers[j]
				v.reshape() // the page and the element depend on the trigger
			}
		}
		aw.page = entry(a.Page, "pages/index/index", func(s string) { d.Actions[i].Page = s })
		aw.selector = entry(a.Selector, ".buy-button", func(s string) { d.Actions[i].Selector = s })
		pageLabel, selLabel := formLabel(t("页面")), formLabel(t("元素"))
		if slices.Contains(project.AppTriggers, a.Trigger) {
			pageLabel.Hide()
			aw.page.Hide()
		}
		if a.Trigger != "click" {
			selLabel.Hide()
			aw.selector.Hide()
		}
		form := container.New(layout.NewFormLayout(),
			formLabel(t("触发方式")), aw.trigger, pageLabel, aw.page, selLabel, aw.selector)
		rows := []fyne.CanvasObject{
			container.NewBorder(nil, nil, caption(v.u.tr.F("动作 %d", i+1)),
				&widget.Button{Text: t("删除动作"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { v.removeAction(i) }}),
			form, formLabel(t("上报数据")),
		}
		if len(a.Data) == 0 {
			rows = append(rows, hint(t("这个动作还没有上报字段。")))
		}
		for j, s := range a.Data {
			dw := dataWidgets{}
			dw.field = &widget.Select{Options: names, PlaceHolder: t("字段"), Selected: s.Field}
			dw.field.OnChanged = func(f string) {
				if d.Actions[i].Data[j].Field != f {
					d.Actions[i].Data[j].Field = f
					v.changed()
				}
			}
			dw.source = entry(s.Source, t("数据来源，例如 goods.price"), func(s string) { d.Actions[i].Data[j].Source = s })
			aw.data = append(aw.data, dw)
			rows = append(rows, container.NewBorder(nil, nil,
				container.NewHBox(container.NewGridWrap(fyne.NewSize(150, dw.field.MinSize().Height), dw.field), widget.NewLabel("←")),
				removeBtn(func() { v.removeData(i, j) }), dw.source))
		}
		aw.addData = &widget.Button{Text: t("添加上报字段"), Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: func() { v.addData(i) }}
		rows = append(rows, container.NewHBox(aw.addData))
		v.w.actions = append(v.w.actions, aw)
		bg := canvas.NewRectangle(color.Transparent) // a frame: a fill would hide the inputs' own background
		bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
		bg.StrokeWidth = 1
		bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
		objs = append(objs, container.NewStack(bg, container.NewPadded(container.NewVBox(rows...))))
	}
	v.w.addAction = &widget.Button{Text: t("添加动作"), Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: v.addAction}
	objs = append(objs, container.NewHBox(v.w.addAction))
	v.form.Objects = objs
	v.form.Refresh()
}

func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func formLabel(s string) *widget.Label {
	return widget.NewLabel(s)
}

func triggerLabel(u *UI, trigger string) string {
	if n, ok := triggerNames[trigger]; ok {
		return u.tr.T(n) + " (" + trigger + ")"
	}
	return trigger
}

func fieldNames(fs []project.AnalyticsField) []string {
	var out []string
	for _, f := range fs {
		if f.Name != "" && !slices.Contains(out, f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

// renameField follows a field's new name into the actions that report it.
func (v *eventsView) renameField(i int, name string) {
	d := &v.draft
	old := d.Fields[i].Name
	d.Fields[i].Name = name
	for a := range d.Actions {
		for j := range d.Actions[a].Data {
			if d.Actions[a].Data[j].Field == old {
				d.Actions[a].Data[j].Field = name
			}
		}
	}
	names := fieldNames(d.Fields)
	for a, aw := range v.w.actions {
		for j, dw := range aw.data {
			dw.field.Options = names
			dw.field.Selected = d.Actions[a].Data[j].Field
			dw.field.Refresh()
		}
	}
	v.changed()
}

// addField adds a field; an event reported at once reports it in every action, so each action gets a row
// for it.
func (v *eventsView) addField() {
	d := &v.draft
	d.Fields = append(d.Fields, project.AnalyticsField{Type: project.FieldString})
	if !d.Steps() {
		for a := range d.Actions {
			d.Actions[a].Data = append(d.Actions[a].Data, project.FieldSource{})
		}
	}
	v.reshape()
	v.u.win.Canvas().Focus(v.w.fields[len(v.w.fields)-1].name)
}

// removeField removes a field and the rows that report it.
func (v *eventsView) removeField(i int) {
	d := &v.draft
	name := d.Fields[i].Name
	d.Fields = slices.Delete(d.Fields, i, i+1)
	if name != "" || !slices.ContainsFunc(d.Fields, func(f project.AnalyticsField) bool { return f.Name == "" }) {
		for a := range d.Actions {
			d.Actions[a].Data = slices.DeleteFunc(d.Actions[a].Data, func(s project.FieldSource) bool { return s.Field == name })
		}
	}
	v.reshape()
}

// addAction adds a click action; one of an event reported at once starts with a row for every field.
func (v *eventsView) addAction() {
	d := &v.draft
	a := project.AnalyticsAction{Trigger: "click"}
	if !d.Steps() {
		for _, f := range d.Fields {
			a.Data = append(a.Data, project.FieldSource{Field: f.Name})
		}
	}
	d.Actions = append(d.Actions, a)
	v.reshape()
	v.scroll.ScrollToBottom()
}

func (v *eventsView) removeAction(i int) {
	v.draft.Actions = slices.Delete(v.draft.Actions, i, i+1)
	v.reshape()
}

// addData adds a row for the first field the action does not report yet.
func (v *eventsView) addData(i int) {
	a := &v.draft.Actions[i]
	s := project.FieldSource{}
	for _, f := range v.draft.Fields {
		if !slices.Contains(a.Fields(), f.Name) {
			s.Field = f.Name
			break
		}
	}
	a.Data = append(a.Data, s)
	v.reshape()
}

func (v *eventsView) removeData(i, j int) {
	v.draft.Actions[i].Data = slices.Delete(v.draft.Actions[i].Data, j, j+1)
	v.reshape()
}

// collect returns the draft as it is saved: a deep copy, without a page for app triggers and without an
// element for anything but a click.
func (v *eventsView) collect() core.AnalyticsEvent {
	ev := cloneEvent(v.draft)
	for i := range ev.Actions {
		a := &ev.Actions[i]
		if slices.Contains(project.AppTriggers, a.Trigger) {
			a.Page = ""
		}
		if a.Trigger != "click" {
			a.Selector = ""
		}
	}
	return ev
}

// save hands the draft to the engine off the UI goroutine; then runs after a successful save.
func (v *eventsView) save(then func()) {
	if !v.editing || v.saving {
		return
	}
	v.clearError()
	ev, old, edits := v.collect(), v.oldID, v.edits
	v.saving = true
	v.updateChrome()
	eng, ctx := v.u.eng, v.u.ctx
	go func() {
		err := eng.SaveAnalyticsEvent(ctx, old, ev)
		saved := err == nil
		if err != nil && !isEventError(err) { // a file write that failed after the database took it?
			evs, _ := eng.AnalyticsEvents(ctx)
			saved = slices.ContainsFunc(evs, func(o core.AnalyticsEvent) bool { return o.ID == ev.ID && sameEvent(o, ev) })
		}
		v.u.do(func() {
			v.saving = false
			if err != nil {
				v.showError(v.u.tr.T("保存失败："), err)
			}
			if saved && v.editing && v.oldID == old {
				v.oldID = ev.ID
				v.dirty = v.edits != edits
				if err == nil {
					v.u.toast(v.u.tr.F("已保存事件 %s", ev.ID))
				}
				v.reload()
			}
			v.updateChrome()
			if err == nil && then != nil {
				then()
			}
		})
	}()
}

// isEventError reports whether err is a problem of the one event saved (so nothing was saved).
func isEventError(err error) bool {
	var ae *project.AnalyticsError
	return errors.As(err, &ae) && !strings.HasPrefix(ae.Path, "events[")
}

// saveAndTest is 保存并测试: it saves the draft when it has changes, then starts a test of the app's events.
func (v *eventsView) saveAndTest() {
	if v.editing && v.dirty {
		v.save(v.startTest)
		return
	}
	v.startTest()
}

func (v *eventsView) startTest() {
	eng, ctx := v.u.eng, v.u.ctx
	go func() {
		test, err := eng.TestAnalytics(ctx)
		v.u.do(func() {
			if err != nil {
				v.showError(v.u.tr.T("无法开始测试："), err)
				return
			}
			v.test = test
			v.showTest()
		})
	}()
}

func (v *eventsView) stopTest() {
	go v.u.eng.StopAnalyticsTest()
}

// showTest shows the running test's plan, or hides the panel.
func (v *eventsView) showTest() {
	t := v.u.tr.T
	defer v.body.Refresh() // the split gives the editor all the room while no test runs
	if v.test == nil {
		v.testBox.Hide()
		v.plan = nil
		return
	}
	v.testTitle.SetText(v.u.tr.F("测试中，开始于 %s", v.test.Since.Local().Format("15:04:05")))
	v.plan = v.plan[:0]
	for _, l := range v.test.Plan {
		v.plan = append(v.plan, newPlanRow(v.u, l))
	}
	if len(v.plan) == 0 {
		v.plan = append(v.plan, planRow{head: t("没有事件：小程序的每一次上报都会被标记为未配置。")})
	}
	if string(project.MarshalAnalytics(v.test.Events)) != string(project.MarshalAnalytics(v.events)) {
		v.testNote.SetText(t("测试开始后事件又有修改：上报仍按测试开始时的配置检查。再次保存并测试以使用新的配置。"))
		v.testNote.Show()
	} else {
		v.testNote.Hide()
	}
	v.planList.Refresh()
	v.testBox.Show()
}

// planRow is one line of a test's plan as the panel shows it: what fires the event, and what it reports.
type planRow struct {
	event  string
	head   string // "buy 购买 · #1 click .buy 于 pages/goods/goods"
	fields string // "price (number) ⟵ goods.price, color (string) ⟵ 'red'"
}

func newPlanRow(u *UI, l core.PlanLine) planRow {
	var b strings.Builder
	b.WriteString(l.Event + " " + l.Name + " · ")
	if l.Action == 0 {
		b.WriteString(u.tr.T("仅可通过代码上报"))
	} else {
		fmt.Fprintf(&b, "#%d %s", l.Action, l.Trigger)
		if l.Selector != "" {
			b.WriteString(" " + l.Selector)
		}
		if l.Page != "" {
			b.WriteString(" " + u.tr.F("于 %s", l.Page))
		}
		for _, lim := range l.Limits {
			b.WriteString(" · ⚠ " + limitText(u, lim))
		}
	}
	// "← " (and "→ ") followed by a space draws a stray box through Fyne's font fallback; ⟵ draws cleanly.
	fields := strings.ReplaceAll(strings.Join(l.Fields, ", "), "← ", "⟵ ")
	if fields == "" {
		fields = u.tr.T("（没有字段）")
	}
	return planRow{event: l.Event, head: b.String(), fields: fields}
}

// limitText says in the window's language what the bridge snippet cannot match of a click's selector.
func limitText(u *UI, l core.SelectorLimit) string {
	switch l.Kind {
	case core.LimitClass:
		return u.tr.F("点击事件不带 class：按元素的 data-class=%q 匹配", l.Part)
	case core.LimitTag:
		return u.tr.F("标签 %s 仅在支付宝上可校验（事件带 tagName）", l.Part)
	case core.LimitAncestors:
		return u.tr.F("%s 的祖先元素无法校验，只匹配最后一段", l.Part)
	case core.LimitUnmatchable:
		return u.tr.F("%s 无法从点击事件匹配：请用 #id、.class（配合 data-class）或 [data-x=y]", l.Part)
	}
	return l.Kind + " " + l.Part
}

// discard drops the draft's changes.
func (v *eventsView) discard() {
	if !v.dirty {
		return
	}
	v.clearError()
	if i := v.index(v.oldID); i >= 0 && !v.isNew() {
		v.open(v.events[i])
	} else {
		v.editing, v.dirty, v.oldID = false, false, ""
		if len(v.events) > 0 {
			v.open(v.events[0])
		} else {
			v.setForm(nil)
		}
	}
	v.list.Refresh()
	v.selectRow(v.draftRow())
	v.updateChrome()
}

// onDelete deletes the event in the editor after asking (a new one is only dropped).
func (v *eventsView) onDelete() {
	if !v.editing {
		return
	}
	if v.isNew() {
		v.dirty = true
		v.discard()
		return
	}
	id, name, row := v.oldID, v.draft.Name, v.draftRow()
	t := v.u.tr.T
	d := v.u.newConfirm(t("删除事件"), v.u.tr.F("删除事件 %s（%s）？它的上报记录会保留。", id, name), func(ok bool) {
		if ok {
			v.deleteEvent(id, row)
		}
	})
	d.SetConfirmText(t("删除"))
	d.SetConfirmImportance(widget.DangerImportance)
	v.u.showDialog(d)
}

func (v *eventsView) deleteEvent(id string, row int) {
	v.nextRow = max(row, 0) // the reload after the delete opens the event that takes its place
	eng, ctx := v.u.eng, v.u.ctx
	go func() {
		err := eng.DeleteAnalyticsEvent(ctx, id)
		v.u.do(func() {
			if err != nil {
				v.u.showError(err)
				return
			}
			if v.oldID == id {
				v.editing, v.dirty, v.oldID = false, false, ""
				v.clearError()
			}
			v.u.toast(v.u.tr.F("已删除事件 %s", id))
			v.reload()
		})
	}()
}

func (v *eventsView) onImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			v.u.showError(err)
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		if len(v.events) == 0 {
			v.importFrom(path)
			return
		}
		v.u.showDialog(v.u.newConfirm(v.u.tr.T("导入事件"), v.u.tr.F("用 %s 中的事件替换当前的 %d 个事件？", filepath.Base(path), len(v.events)), func(ok bool) {
			if ok {
				v.importFrom(path)
			}
		}))
	}, v.u.win)
	if dir, err := listable(v.u.eng.ProjectDir()); err == nil {
		d.SetLocation(dir)
	}
	v.u.showFileDialog(d, "", ".json")
}

// importFrom makes the events of a bgfetch.analytics.json file the app's.
func (v *eventsView) importFrom(path string) {
	eng, ctx := v.u.eng, v.u.ctx
	go func() {
		n, err := eng.ImportAnalytics(ctx, path)
		v.u.do(func() {
			if err != nil {
				v.u.showError(err)
				return
			}
			v.u.toast(v.u.tr.F("已从 %s 导入 %d 个事件", path, n))
			v.reload()
		})
	}()
}

func (v *eventsView) onExport() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			v.u.showError(err)
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		v.exportTo(path)
	}, v.u.win)
	v.u.showFileDialog(d, project.AnalyticsFile, ".json")
}

// exportTo writes the app's events to path in bgfetch.analytics.json's format.
func (v *eventsView) exportTo(path string) {
	eng, ctx := v.u.eng, v.u.ctx
	go func() {
		err := eng.ExportAnalytics(ctx, path)
		v.u.do(func() {
			if err != nil {
				v.u.showError(err)
				return
			}
			v.u.toast(v.u.tr.F("已导出事件到 %s", path))
		})
	}()
}

// saveToProject writes the events to the project's bgfetch.analytics.json, which is their source from then on.
func (v *eventsView) saveToProject() {
	v.exportTo(filepath.Join(v.u.eng.ProjectDir(), project.AnalyticsFile))
}

// eventPath matches a validation error's path: "id", "fields[1].name", "actions[0].data[2].source".
var eventPath = regexp.MustCompile(`^(\w+)(?:\[(\d+)\])?(?:\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?)?$`)

// configPath matches a path into the whole configuration: "events[2].fields[0].name".
var configPath = regexp.MustCompile(`^events\[(\d+)\]\.(.*)$`)

// showError shows a save or test error beside the editor; a validation error also marks the input it is
// about. prefix introduces any other error.
func (v *eventsView) showError(prefix string, err error) {
	var ae *project.AnalyticsError
	if !errors.As(err, &ae) {
		v.errLabel.SetText(prefix + err.Error())
		v.errLabel.Show()
		return
	}
	msg, path := ae.Msg, ae.Path
	if m := configPath.FindStringSubmatch(path); m != nil {
		// The whole configuration (保存并测试): open the event it is about when nothing would be lost.
		i, _ := strconv.Atoi(m[1])
		path = ""
		if i < len(v.events) {
			msg = v.u.tr.F("事件 %s：", v.events[i].ID) + msg
			if !v.dirty {
				v.open(v.events[i])
				v.selectRow(i)
			}
			if v.editing && v.oldID == v.events[i].ID && !v.dirty {
				path = m[2]
			}
		}
	}
	v.errLabel.SetText(v.u.tr.T("配置有误：") + msg)
	v.errLabel.Show()
	if path != "" {
		v.mark(path, errors.New(msg))
	}
}

// mark points at the input a validation error's path names: an entry turns red, anything else takes the
// focus; the editor scrolls to it.
func (v *eventsView) mark(path string, err error) {
	m := eventPath.FindStringSubmatch(path)
	if m == nil || !v.editing {
		return
	}
	idx := func(s string) int {
		if s == "" {
			return -1
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	i, j := idx(m[2]), idx(m[4])
	var target fyne.CanvasObject
	switch m[1] {
	case "id":
		target = v.w.id
	case "name":
		target = v.w.name
	case "reportType":
		target = v.w.reportType
	case "fields":
		target = v.w.addField
		if i >= 0 && i < len(v.w.fields) {
			target = v.w.fields[i].name
			if m[3] == "type" {
				target = v.w.fields[i].typ
			}
		}
	case "actions":
		target = v.w.addAction
		if i < 0 || i >= len(v.w.actions) {
			break
		}
		aw := v.w.actions[i]
		switch m[3] {
		case "trigger":
			target = aw.trigger
		case "page":
			target = aw.page
		case "selector":
			target = aw.selector
		case "data":
			target = aw.addData
			if j >= 0 && j < len(aw.data) {
				target = aw.data[j].source
				if m[5] == "field" {
					target = aw.data[j].field
				}
			}
		default:
			target = aw.trigger
		}
	}
	if target == nil {
		return
	}
	v.marked = append(v.marked, target)
	v.scrollTo(target)
	if e, ok := target.(*widget.Entry); ok {
		v.u.win.Canvas().Unfocus()
		e.AlwaysShowValidationError = true
		e.Refresh() // sets up the entry's validation look, which resets its error: set the error after
		e.SetValidationError(err)
		return
	}
	if f, ok := target.(fyne.Focusable); ok {
		v.u.win.Canvas().Focus(f)
	}
}

// clearError hides the error line and the marks.
func (v *eventsView) clearError() {
	v.errLabel.SetText("")
	v.errLabel.Hide()
	for _, o := range v.marked {
		if e, ok := o.(*widget.Entry); ok {
			e.SetValidationError(nil)
			e.AlwaysShowValidationError = false
		}
	}
	v.marked = nil
}

// scrollTo scrolls the editor so that o shows.
func (v *eventsView) scrollTo(o fyne.CanvasObject) {
	d := v.u.app.Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(v.form).Y
	view := v.scroll.Size().Height
	if y >= v.scroll.Offset.Y && y+o.Size().Height <= v.scroll.Offset.Y+view {
		return
	}
	top := max(0, min(y-3*theme.Padding(), v.form.MinSize().Height-view))
	v.scroll.ScrollToOffset(fyne.NewPos(0, top))
}

// showAnalytics selects the 自定义分析 tab with its 事件 view.
func (u *UI) showAnalytics() {
	for i, c := range u.tabContents {
		if c == u.ana.content {
			u.tabs.SelectIndex(i)
		}
	}
	u.ana.tabs.SelectIndex(0)
}

func cloneEvent(ev core.AnalyticsEvent) core.AnalyticsEvent {
	ev.Fields = slices.Clone(ev.Fields)
	ev.Actions = slices.Clone(ev.Actions)
	for i := range ev.Actions {
		ev.Actions[i].Data = slices.Clone(ev.Actions[i].Data)
	}
	return ev
}

// sameEvent compares two events as bgfetch.analytics.json would hold them.
func sameEvent(a, b core.AnalyticsEvent) bool {
	return bytes.Equal(project.MarshalAnalytics([]core.AnalyticsEvent{a}), project.MarshalAnalytics([]core.AnalyticsEvent{b}))
}
