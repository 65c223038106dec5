package analytics

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/project"
)

// The events editor's problems: a save's or test's error beside the editor, and the input it is about marked.

// showError shows a save or test error beside the editor; a validation error also marks the input it is
// about. prefix introduces any other error.
func (v *EventsView) showError(prefix string, err error) {
	var ae *project.AnalyticsError
	if !errors.As(err, &ae) {
		v.errLabel.SetText(prefix + v.env.ErrText(err))
		v.errLabel.Show()
		return
	}
	msg := ae.Msg
	if !ae.M.IsZero() {
		msg = v.env.Say(ae.M)
	}
	mark := true
	if i := ae.Event; i >= 0 {
		// The whole configuration (保存并测试): open the event it is about when nothing would be lost.
		mark = false
		if i < len(v.events) {
			msg = v.env.F("事件 %s：", v.events[i].ID) + msg
			if !v.dirty {
				v.open(v.events[i])
				v.selectRow(i)
			}
			mark = v.editing && v.oldID == v.events[i].ID && !v.dirty
		}
	}
	v.errLabel.SetText(v.env.T("配置有误：") + msg)
	v.errLabel.Show()
	if mark {
		v.mark(ae, errors.New(msg))
	}
}

// mark points at the input a validation error is about: an entry turns red, anything else takes the
// focus; the editor scrolls to it.
func (v *EventsView) mark(ae *project.AnalyticsError, err error) {
	if !v.editing {
		return
	}
	i, j := ae.Index, ae.Data
	var target fyne.CanvasObject
	switch ae.Key {
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
			if ae.Sub == "type" {
				target = v.w.fields[i].typ
			}
		}
	case "actions":
		target = v.w.addAction
		if i < 0 || i >= len(v.w.actions) {
			break
		}
		aw := v.w.actions[i]
		switch ae.Sub {
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
				if ae.DataKey == "field" {
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
		v.env.Window().Canvas().Unfocus()
		e.AlwaysShowValidationError = true
		e.Refresh() // sets up the entry's validation look, which resets its error: set the error after
		e.SetValidationError(err)
		return
	}
	if f, ok := target.(fyne.Focusable); ok {
		v.env.Window().Canvas().Focus(f)
	}
}

// clearError hides the error line and the marks.
func (v *EventsView) clearError() {
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
func (v *EventsView) scrollTo(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(v.form).Y
	view := v.scroll.Size().Height
	if y >= v.scroll.Offset.Y && y+o.Size().Height <= v.scroll.Offset.Y+view {
		return
	}
	top := max(0, min(y-3*theme.Padding(), v.form.MinSize().Height-view))
	v.scroll.ScrollToOffset(fyne.NewPos(0, top))
}
