package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Columns is a fyne.Layout that puts its objects side by side, one per width, as list rows and their
// header do so that the columns line up: a width above 1 is in pixels; a width up to 1 is a share of
// what the pixel widths leave (Columns{112, 78, 1}: 112 px, 78 px, then the rest). Objects past the
// last width are hidden. An icon is kept square (as wide as its column, at most as high as the row) and
// centred vertically; everything else takes the row's height.
type Columns []float32

var _ fyne.Layout = Columns(nil)

// Layout is part of fyne.Layout.
func (c Columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed := float32(0)
	for _, w := range c {
		if w > 1 {
			fixed += w
		}
	}
	rest := max(size.Width-fixed, 0)
	x := float32(0)
	for i, o := range objs {
		if i >= len(c) {
			o.Hide()
			continue
		}
		w := c[i]
		if w <= 1 {
			w *= rest
		}
		h := size.Height
		if _, icon := o.(*widget.Icon); icon {
			h = min(h, w)
			o.Move(fyne.NewPos(x, (size.Height-h)/2))
		} else {
			o.Move(fyne.NewPos(x, 0))
		}
		o.Resize(fyne.NewSize(w, h))
		x += w
	}
}

// MinSize is part of fyne.Layout: the pixel widths side by side, as high as the tallest object.
func (c Columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		if i < len(c) && c[i] > 1 {
			s.Width += c[i]
		}
		s.Height = max(s.Height, o.MinSize().Height)
	}
	return s
}

// Lines is a fyne.Layout that stacks its objects (a title and a caption, say) with no gap between their
// texts, each as wide as the container less Indent, moved right by Indent (a field under its event). Set
// Indent and refresh the container to move the lines.
type Lines struct {
	Indent float32
}

var _ fyne.Layout = (*Lines)(nil)

// Layout is part of fyne.Layout.
func (l *Lines) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(l.Indent, y))
		o.Resize(fyne.NewSize(max(size.Width-l.Indent, 0), h))
		y += h - theme.InnerPadding()
	}
}

// MinSize is part of fyne.Layout.
func (l *Lines) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width+l.Indent)
		s.Height += m.Height - theme.InnerPadding()
	}
	return s.AddWidthHeight(0, theme.InnerPadding())
}

// TwoLineRow is a list row (it suits widget.List's CreateItem): a bold line over a caption-sized one,
// both cut with an ellipsis. It is a *fyne.Container whose Objects[0] and Objects[1] are the two
// *widget.Label.
func TwoLineRow() fyne.CanvasObject {
	top := widget.NewLabel("")
	top.TextStyle.Bold = true
	top.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabel("")
	info.SizeName = theme.SizeNameCaptionText
	info.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), top, info)
}
