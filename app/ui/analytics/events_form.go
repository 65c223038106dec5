package analytics

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// The events editor's form: the draft event's ID, name, report type, fields, actions and their data rows.

// setForm rebuilds the editor's inputs from ev (nil: empty).
func (v *EventsView) setForm(ev *core.AnalyticsEvent) {
	v.marked = nil
	v.w = editorWidgets{}
	if ev == nil {
		v.form.Objects = nil
		v.form.Refresh()
		return
	}
	t := v.env.T
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
		widget.NewSeparator(), shell.Caption(t("字段"))}

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
	objs = append(objs, container.NewHBox(v.w.addField), widget.NewSeparator(), shell.Caption(t("动作")))

	// Actions.
	if len(d.Actions) == 0 {
		objs = append(objs, hint(t("没有动作：事件只能在小程序代码中用 wx.reportEvent 上报。")))
	}
	var triggerOpts []string
	for _, tr := range project.Triggers {
		triggerOpts = append(triggerOpts, triggerLabel(v.env, tr))
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
			container.NewBorder(nil, nil, shell.Caption(v.env.F("动作 %d", i+1)),
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

func triggerLabel(s shell.Shell, trigger string) string {
	if n, ok := triggerNames[trigger]; ok {
		return s.T(n) + " (" + trigger + ")"
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
func (v *EventsView) renameField(i int, name string) {
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
func (v *EventsView) addField() {
	d := &v.draft
	d.Fields = append(d.Fields, project.AnalyticsField{Type: project.FieldString})
	if !d.Steps() {
		for a := range d.Actions {
			d.Actions[a].Data = append(d.Actions[a].Data, project.FieldSource{})
		}
	}
	v.reshape()
	v.env.Window().Canvas().Focus(v.w.fields[len(v.w.fields)-1].name)
}

// removeField removes a field and the rows that report it.
func (v *EventsView) removeField(i int) {
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
func (v *EventsView) addAction() {
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

func (v *EventsView) removeAction(i int) {
	v.draft.Actions = slices.Delete(v.draft.Actions, i, i+1)
	v.reshape()
}

// addData adds a row for the first field the action does not report yet.
func (v *EventsView) addData(i int) {
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

func (v *EventsView) removeData(i, j int) {
	v.draft.Actions[i].Data = slices.Delete(v.draft.Actions[i].Data, j, j+1)
	v.reshape()
}

// collect returns the draft as it is saved: a deep copy, without a page for app triggers and without an
// element for anything but a click.
func (v *EventsView) collect() core.AnalyticsEvent {
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
