package analytics

import (
	"bytes"
	"context"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/widgets"
)

// EventsView is 自定义分析's 事件 view: the app's events in a list (新建事件, 删除, 导入…, 导出…, 保存到项目) and
// the selected one in an editor (ID, name, report type, fields, actions and the data each reports) with 保存
// and 保存并测试; a running test shows its plan under the editor.
//
// The editor works on a draft: typing changes the draft only, and 保存 hands it to the engine, which validates
// it. Unsaved changes are marked in the editor and in the list; choosing another event asks before they are
// dropped; a switch to another project drops them with a notice (the window switches projects without asking
// the panels).
type EventsView struct {
	env     EventsEnv
	content fyne.CanvasObject

	job     shell.Job // the reload in flight; an older one is dropped
	loaded  bool      // a reload has answered
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

func newEventsView(env EventsEnv) *EventsView {
	t := env.T
	v := &EventsView{env: env}

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
	v.newBtn = env.ActionButton("events.new", widget.HighImportance)
	v.delBtn = env.ActionButton("events.delete", widget.MediumImportance)
	v.importBtn = env.ActionButton("events.import", widget.LowImportance)
	v.exportBtn = env.ActionButton("events.export", widget.LowImportance)
	v.toProject = env.ActionButton("events.toProject", widget.LowImportance)
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
	v.emptyNewBtn = env.ActionButton("events.new", widget.HighImportance)
	emptyImport := env.ActionButton("events.import", widget.MediumImportance)
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
	v.saveBtn = env.ActionButton("events.save", widget.MediumImportance)
	v.testBtn = env.ActionButton("events.test", widget.HighImportance)
	v.discardBtn = env.ActionButton("events.discard", widget.LowImportance)

	// The test panel.
	v.testTitle = widget.NewLabel("")
	v.testTitle.TextStyle.Bold = true
	v.testTitle.Importance = widget.SuccessImportance
	v.testNote = widget.NewLabel("")
	v.testNote.Wrapping = fyne.TextWrapWord
	v.testNote.Importance = widget.WarningImportance
	v.testNote.Hide()
	v.stopBtn = env.ActionButton("events.stop", widget.MediumImportance)
	reportsBtn := env.ActionButton("reports.open", widget.LowImportance)
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
func (v *EventsView) isNew() bool { return v.editing && v.oldID == "" }

func (v *EventsView) summary(ev core.AnalyticsEvent) string {
	kind := v.env.T("一次性上报")
	if ev.Steps() {
		kind = v.env.T("分步骤上报")
	}
	return kind + " · " + v.env.F("%d 个字段 · %d 个动作", len(ev.Fields), len(ev.Actions))
}

// reload reads the events (and the running test) again, off the UI goroutine.
func (v *EventsView) reload() {
	env := v.env
	type read struct {
		evs  []core.AnalyticsEvent
		test *core.AnalyticsTest
	}
	shell.Background(env, &v.job, func(ctx context.Context) (read, error) {
		evs, err := env.AnalyticsEvents(ctx)
		return read{evs, env.AnalyticsTesting()}, err
	}, func(r read, err error) { v.apply(r.evs, err, r.test) })
}

// apply shows what reload read. A draft with unsaved changes stays in the editor; an unchanged one follows
// the stored event (which a save, an import or an edit of bgfetch.analytics.json may have changed).
func (v *EventsView) apply(evs []core.AnalyticsEvent, err error, test *core.AnalyticsTest) {
	if err != nil {
		v.noProject.SetText(v.env.T("没有可用的项目，无法编辑事件：") + v.env.ErrText(err))
		v.noProject.Show()
		v.main.Hide()
		return
	}
	v.noProject.Hide()
	v.main.Show()
	appID := ""
	if p := v.env.Project(); p != nil {
		appID = p.AppID
	}
	if appID != v.appID {
		if v.dirty {
			v.env.Toast(v.env.F("已切换项目：事件 %s 未保存的修改已放弃", v.draft.ID))
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
	v.count.SetText(v.env.F("共 %d 个", len(evs)))
	v.list.Refresh()
	v.selectRow(v.draftRow())
	v.showTest()
	v.updateChrome()
}

func (v *EventsView) index(id string) int {
	return slices.IndexFunc(v.events, func(ev core.AnalyticsEvent) bool { return ev.ID == id })
}

// draftRow is the list row of the event in the editor, or -1.
func (v *EventsView) draftRow() int {
	switch {
	case !v.editing:
		return -1
	case v.isNew():
		return len(v.events)
	}
	return v.index(v.oldID)
}

func (v *EventsView) selectRow(i int) {
	v.selecting = true
	defer func() { v.selecting = false }()
	if i < 0 {
		v.list.UnselectAll()
		return
	}
	v.list.Select(i)
}

// onSelected opens the chosen event, asking first when the editor has unsaved changes.
func (v *EventsView) onSelected(id widget.ListItemID) {
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
	t := v.env.T
	d := v.env.Confirm(t("放弃修改？"), v.env.F("事件 %s 有未保存的修改。放弃这些修改，打开事件 %s？", v.draft.ID, ev.ID), func(ok bool) {
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
	v.env.ShowDialog(d)
}

// open puts a stored event in the editor.
func (v *EventsView) open(ev core.AnalyticsEvent) {
	v.editing, v.draft, v.oldID, v.dirty = true, cloneEvent(ev), ev.ID, false
	v.clearError()
	v.setForm(&v.draft)
	v.updateChrome()
}

// NewEvent starts a new event in the editor; it is stored on 保存.
func (v *EventsView) NewEvent() {
	if v.dirty {
		v.env.ShowText(v.env.T("新建事件"), v.env.F("事件 %s 有未保存的修改：先保存或放弃修改。", v.draft.ID))
		return
	}
	id := ""
	for n := len(v.events) + 1; id == "" || v.index(id) >= 0; n++ {
		id = "event_" + strconv.Itoa(n)
	}
	v.editing, v.oldID, v.dirty = true, "", true
	v.draft = core.AnalyticsEvent{ID: id, Name: v.env.T("新事件"), ReportType: project.ReportOnce}
	v.clearError()
	v.setForm(&v.draft)
	v.list.Refresh()
	v.selectRow(v.draftRow())
	v.updateChrome()
	v.env.Window().Canvas().Focus(v.w.id)
}

// changed marks the draft edited after a keystroke or a choice that does not change its shape.
func (v *EventsView) changed() {
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
func (v *EventsView) reshape() {
	v.setForm(&v.draft)
	v.changed()
}

// updateChrome enables the buttons and fills the lines that depend on the state.
func (v *EventsView) updateChrome() {
	t := v.env.T
	switch {
	case !v.editing:
		v.title.SetText("")
	case v.isNew():
		v.title.SetText(t("新事件"))
	default:
		v.title.SetText(v.env.F("编辑事件 %s", v.oldID))
	}
	v.dirtyMark.Hidden = !v.dirty
	v.dirtyMark.Refresh()
	v.env.RefreshActions() // 保存, 保存并测试, 放弃修改, 删除, 导出: enabled by their actions' rules
	showIf(v.editor, v.editing)
	showIf(v.empty, !v.editing && v.loaded)
	p := v.env.Project()
	switch {
	case p == nil:
		v.syncLine.SetText("")
		v.toProject.Hide()
	case p.HasAnalytics:
		v.syncLine.SetText(v.env.F("事件与项目中的 %s 同步：在这里的修改会写回该文件，在编辑器中修改该文件也会显示在这里。", project.AnalyticsFile))
		v.toProject.Hide()
	default:
		v.syncLine.SetText(v.env.F("事件保存在工具的数据库中。保存到项目会写出 %s，之后事件与它同步，可以随项目提交。", project.AnalyticsFile))
		v.toProject.Show()
	}
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

// What the window's action table asks of the view: when each action can run. The actions themselves are
// NewEvent, Save, SaveAndTest, Discard, Delete, StopTest, SaveToProject, Import and Export.

// CanSave reports whether 保存 can run: an event is in the editor and no save is under way.
func (v *EventsView) CanSave() bool { return v.editing && !v.saving }

// CanDelete reports whether 删除 can run: an event is in the editor and no save is under way.
func (v *EventsView) CanDelete() bool { return v.editing && !v.saving }

// CanTest reports whether 保存并测试 can run: a project, no save under way, and something to test.
func (v *EventsView) CanTest() bool {
	return v.env.Project() != nil && !v.saving && (v.editing || len(v.events) > 0)
}

// CanDiscard reports whether 放弃修改 can run: the draft has unsaved changes and no save is under way.
func (v *EventsView) CanDiscard() bool { return v.dirty && !v.saving }

// CanExport reports whether 导出 can run: a project with events.
func (v *EventsView) CanExport() bool { return v.env.Project() != nil && len(v.events) > 0 }

// CanSaveToProject reports whether 保存到项目 can run: the project keeps its events in the database, not in
// its own bgfetch.analytics.json yet.
func (v *EventsView) CanSaveToProject() bool {
	p := v.env.Project()
	return p != nil && !p.HasAnalytics
}

// Save hands the draft to the engine (保存).
func (v *EventsView) Save() { v.save(nil) }

// Testing reports whether a test of the events runs (its plan shows under the editor once read).
func (v *EventsView) Testing() bool { return v.test != nil }

// What the window's tests read of the view.

// List is the events in the list, as stored.
func (v *EventsView) List() []core.AnalyticsEvent { return v.events }

// Draft is the event in the editor, as typed.
func (v *EventsView) Draft() core.AnalyticsEvent { return v.draft }

// Editing reports whether an event is in the editor; EditedID is the stored event it edits ("" for a new
// one); Dirty whether it has unsaved changes.
func (v *EventsView) Editing() bool    { return v.editing }
func (v *EventsView) EditedID() string { return v.oldID }
func (v *EventsView) Dirty() bool      { return v.dirty }

// NameInput is the editor's 事件名称 entry.
func (v *EventsView) NameInput() *widget.Entry { return v.w.name }
