package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// AdaptiveSplit is a split that puts its two sides next to each other when they fit and one above the
// other when they do not, so that a narrow window (720 px beside DevTools on a laptop) stacks the panes
// instead of growing past the screen. Its minimum width is the wider side's, not the sum of both.
type AdaptiveSplit struct {
	widget.BaseWidget
	Leading, Trailing fyne.CanvasObject
	// StackBelow is the width under which the sides stack even when their minimum sizes would fit side by
	// side: two 350 px columns of wrapped text read worse than one (default 860).
	StackBelow float32
	// Tabs, when set, are the titles of the two sides: stacked, they show as two tabs, each with the whole
	// height, instead of one above the other (for sides that are no use at half a short window's height).
	Tabs  []string
	split *container.Split
	tabs  *container.AppTabs
}

var _ fyne.Widget = (*AdaptiveSplit)(nil)

// NewAdaptiveSplit splits leading and trailing, giving leading offset (0…1) of the room.
func NewAdaptiveSplit(leading, trailing fyne.CanvasObject, offset float64) *AdaptiveSplit {
	s := &AdaptiveSplit{Leading: leading, Trailing: trailing, StackBelow: 860, split: container.NewHSplit(leading, trailing)}
	s.split.Offset = offset
	s.ExtendBaseWidget(s)
	return s
}

// Tabbed reports whether the sides show as tabs now (Tabs set and the split stacked).
func (s *AdaptiveSplit) Tabbed() bool { return s.tabs != nil && s.tabs.Visible() }

// Select shows side i (0 leading, 1 trailing) when the sides are tabs; side by side, both show anyway.
func (s *AdaptiveSplit) Select(i int) {
	if s.Tabbed() {
		s.tabs.SelectIndex(i)
	}
}

// SetTabs renames the two tabs (the sides stacked); side by side nothing shows them.
func (s *AdaptiveSplit) SetTabs(leading, trailing string) {
	if len(s.Tabs) != 2 || (s.Tabs[0] == leading && s.Tabs[1] == trailing) {
		return
	}
	s.Tabs = []string{leading, trailing}
	if s.tabs != nil {
		s.tabs.Items[0].Text, s.tabs.Items[1].Text = leading, trailing
		s.tabs.Refresh()
	}
}

// Horizontal reports whether the sides are next to each other now.
func (s *AdaptiveSplit) Horizontal() bool { return s.split.Horizontal }

// CreateRenderer implements fyne.Widget.
func (s *AdaptiveSplit) CreateRenderer() fyne.WidgetRenderer {
	r := &adaptiveRenderer{s: s}
	if len(s.Tabs) == 2 {
		r.tabbed(false) // makes the (hidden) tabs, so the renderer's objects never change
	}
	return r
}

type adaptiveRenderer struct{ s *AdaptiveSplit }

func (r *adaptiveRenderer) Layout(size fyne.Size) {
	s := r.s
	l, t := s.Leading.MinSize(), s.Trailing.MinSize()
	side := size.Width >= max(l.Width+t.Width+8, s.StackBelow) // 8: the divider
	if len(s.Tabs) == 2 {
		r.tabbed(!side)
	}
	if side != s.split.Horizontal {
		s.split.Horizontal = side
		s.split.Refresh()
	}
	if s.tabs != nil && s.tabs.Visible() {
		s.tabs.Resize(size)
		return
	}
	s.split.Resize(size)
}

// tabbed moves the sides into the tabs (on) or back into the split; an object has one parent at a time.
func (r *adaptiveRenderer) tabbed(on bool) {
	s := r.s
	if s.tabs == nil {
		s.tabs = container.NewAppTabs(container.NewTabItem(s.Tabs[0], layout.NewSpacer()), container.NewTabItem(s.Tabs[1], layout.NewSpacer()))
		s.tabs.Hide()
	}
	if on == s.tabs.Visible() {
		return
	}
	if on {
		s.split.Leading, s.split.Trailing = layout.NewSpacer(), layout.NewSpacer()
		s.tabs.Items[0].Content, s.tabs.Items[1].Content = s.Leading, s.Trailing
		s.split.Hide()
		s.tabs.Show()
	} else {
		s.tabs.Items[0].Content, s.tabs.Items[1].Content = layout.NewSpacer(), layout.NewSpacer()
		s.split.Leading, s.split.Trailing = s.Leading, s.Trailing
		s.Leading.Show() // the tabs hid the side that was not selected
		s.Trailing.Show()
		s.tabs.Hide()
		s.split.Show()
	}
	s.tabs.Refresh()
	s.split.Refresh()
}

// MinSize is the wider side's width and the taller side's height: stacked, the two sides share the
// height, each scrolling in its own part.
func (r *adaptiveRenderer) MinSize() fyne.Size {
	l, t := r.s.Leading.MinSize(), r.s.Trailing.MinSize()
	return fyne.NewSize(max(l.Width, t.Width), max(l.Height, t.Height))
}

func (r *adaptiveRenderer) Refresh() { r.s.split.Refresh() }
func (r *adaptiveRenderer) Objects() []fyne.CanvasObject {
	if r.s.tabs != nil {
		return []fyne.CanvasObject{r.s.split, r.s.tabs}
	}
	return []fyne.CanvasObject{r.s.split}
}
func (r *adaptiveRenderer) Destroy() {}
