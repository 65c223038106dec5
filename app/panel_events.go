package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// eventsView lists and edits the custom-analytics events.
type eventsView struct {
	u       *UI
	content fyne.CanvasObject
}

func newEventsView(u *UI) *eventsView {
	return &eventsView{u: u, content: widget.NewLabel("")}
}

// reload reads the events again.
func (v *eventsView) reload() {}
