package app

import (
	"errors"
	"regexp"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/project"
)

// The events editor's problems: a save's or test's error beside the editor, and the input it is about marked.

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
