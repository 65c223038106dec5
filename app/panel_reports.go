package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// reportsView is the live report log.
type reportsView struct {
	u       *UI
	content fyne.CanvasObject
}

func newReportsView(u *UI) *reportsView {
	return &reportsView{u: u, content: widget.NewLabel("")}
}

// reload reads the log again from the newest report.
func (v *reportsView) reload() {}

// more adds the reports that arrived since the newest one shown.
func (v *reportsView) more() {}

// syncView is 同步结果.
type syncView struct {
	u       *UI
	content fyne.CanvasObject
}

func newSyncView(u *UI) *syncView {
	return &syncView{u: u, content: widget.NewLabel("")}
}

// reload computes the results again.
func (v *syncView) reload() {}
