package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	split      *container.Split
}

var _ fyne.Widget = (*AdaptiveSplit)(nil)

// NewAdaptiveSplit splits leading and trailing, giving leading offset (0…1) of the room.
func NewAdaptiveSplit(leading, trailing fyne.CanvasObject, offset float64) *AdaptiveSplit {
	s := &AdaptiveSplit{Leading: leading, Trailing: trailing, StackBelow: 860, split: container.NewHSplit(leading, trailing)}
	s.split.Offset = offset
	s.ExtendBaseWidget(s)
	return s
}

// Horizontal reports whether the sides are next to each other now.
func (s *AdaptiveSplit) Horizontal() bool { return s.split.Horizontal }

// CreateRenderer implements fyne.Widget.
func (s *AdaptiveSplit) CreateRenderer() fyne.WidgetRenderer { return &adaptiveRenderer{s: s} }

type adaptiveRenderer struct{ s *AdaptiveSplit }

func (r *adaptiveRenderer) Layout(size fyne.Size) {
	l, t := r.s.Leading.MinSize(), r.s.Trailing.MinSize()
	side := size.Width >= max(l.Width+t.Width+8, r.s.StackBelow) // 8: the divider
	if side != r.s.split.Horizontal {
		r.s.split.Horizontal = side
		r.s.split.Refresh()
	}
	r.s.split.Resize(size)
}

// MinSize is the wider side's width and the taller side's height: stacked, the two sides share the
// height, each scrolling in its own part.
func (r *adaptiveRenderer) MinSize() fyne.Size {
	l, t := r.s.Leading.MinSize(), r.s.Trailing.MinSize()
	return fyne.NewSize(max(l.Width, t.Width), max(l.Height, t.Height))
}

func (r *adaptiveRenderer) Refresh()                     { r.s.split.Refresh() }
func (r *adaptiveRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.s.split} }
func (r *adaptiveRenderer) Destroy()                     {}
