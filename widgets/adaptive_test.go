package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestAdaptiveSplitStacksWhenNarrow(t *testing.T) {
	test.NewTempApp(t)
	side := func() fyne.CanvasObject {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(400, 100))
		return r
	}
	s := NewAdaptiveSplit(side(), side(), 0.5)
	if m := s.MinSize(); m.Width != 400 || m.Height != 100 {
		t.Errorf("min size %v, want the wider side's width and the taller side's height", m)
	}
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(1200, 600))
	if !s.Horizontal() {
		t.Error("side by side at 1200 px: stacked")
	}
	w.Resize(fyne.NewSize(720, 600))
	if s.Horizontal() {
		t.Error("at 720 px the sides (400 + 400) do not fit: still side by side")
	}
	s.StackBelow = 0
	w.Resize(fyne.NewSize(900, 600))
	if !s.Horizontal() {
		t.Error("at 900 px with no StackBelow the sides fit: stacked")
	}
}
