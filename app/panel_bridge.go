package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// bridgeView shows the bridge's address, key and counters.
type bridgeView struct {
	u       *UI
	content fyne.CanvasObject
}

func newBridgeView(u *UI) *bridgeView {
	return &bridgeView{u: u, content: widget.NewLabel("")}
}

// refresh shows the bridge's current state.
func (v *bridgeView) refresh() {}
