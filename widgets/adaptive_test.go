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

// TestAdaptiveSplitTabs: with Tabs, a narrow window shows the sides as two tabs of the whole size, and a
// wide one side by side again.
func TestAdaptiveSplitTabs(t *testing.T) {
	test.NewTempApp(t)
	a, b := canvas.NewRectangle(nil), canvas.NewRectangle(nil)
	a.SetMinSize(fyne.NewSize(400, 100))
	b.SetMinSize(fyne.NewSize(400, 100))
	s := NewAdaptiveSplit(a, b, 0.5)
	s.Tabs = []string{"periodic", "pre"}
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(720, 560))
	if !a.Visible() || a.Size().Height < 400 || b.Visible() && b.Size().Height > 0 && b.Position().Y > a.Position().Y {
		t.Errorf("narrow: the first side is %v (visible %v), want a tab of nearly the whole height", a.Size(), a.Visible())
	}
	if got := texts(w.Canvas().Content()); len(got) < 2 || got[0] != "periodic" || got[1] != "pre" {
		t.Errorf("narrow: tab titles %q", got)
	}
	w.Resize(fyne.NewSize(1200, 560))
	if !s.Horizontal() || !a.Visible() || !b.Visible() || b.Position().X <= a.Position().X {
		t.Errorf("wide: not side by side (a at %v, b at %v)", a.Position(), b.Position())
	}
	w.Resize(fyne.NewSize(720, 560))
	if a.Size().Height < 400 {
		t.Errorf("narrow again: the first side is %v", a.Size())
	}
}
