package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SplitBar is a bar split in two parts (the grayscale share of the simulated users, and the rest), with a
// marker for one member (the current user) and a caption under each part.
type SplitBar struct {
	widget.BaseWidget
	Share         float64 // the first part, 0…1
	First, Second string  // the captions under the parts ("灰度 10% · 103 个用户", "主地址 · 897 个用户")
	Marker        float64 // where the marked member sits, 0…1; below 0: no marker
	MarkerLabel   string  // above the marker ("当前用户 · 分桶 49")
	MarkerInFirst bool    // the member is in the first part (its marker takes that part's colour)
}

var _ fyne.Widget = (*SplitBar)(nil)

// NewSplitBar returns an empty bar without a marker.
func NewSplitBar() *SplitBar {
	b := &SplitBar{Marker: -1}
	b.ExtendBaseWidget(b)
	return b
}

// Set shows a split and redraws.
func (b *SplitBar) Set(share float64, first, second string, marker float64, markerLabel string, inFirst bool) {
	b.Share, b.First, b.Second, b.Marker, b.MarkerLabel, b.MarkerInFirst = min(max(share, 0), 1), first, second, marker, markerLabel, inFirst
	b.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (b *SplitBar) CreateRenderer() fyne.WidgetRenderer {
	r := &splitBarRenderer{b: b, first: canvas.NewRectangle(color.Black), second: canvas.NewRectangle(color.Black),
		tick: canvas.NewLine(color.Black), label: text(), firstText: text(), secondText: text()}
	r.tick.StrokeWidth = 2
	return r
}

type splitBarRenderer struct {
	b                            *SplitBar
	first, second                *canvas.Rectangle
	tick                         *canvas.Line
	label, firstText, secondText *canvas.Text
	size                         fyne.Size
}

const splitBarH = 12

func (r *splitBarRenderer) Layout(size fyne.Size) { r.size = size; r.Refresh() }

func (r *splitBarRenderer) MinSize() fyne.Size {
	return fyne.NewSize(200, 3*raceTitleH+splitBarH)
}

func (r *splitBarRenderer) Refresh() {
	b := r.b
	primary := theme.Color(theme.ColorNamePrimary)
	rest := theme.Color(theme.ColorNameInputBackground)
	fg, muted := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePlaceHolder)
	w := r.size.Width
	y := float32(raceTitleH) + 4
	fw := float32(float64(w) * b.Share)
	r.first.FillColor, r.second.FillColor = primary, rest
	r.first.Move(fyne.NewPos(0, y))
	r.first.Resize(fyne.NewSize(fw, splitBarH))
	r.second.Move(fyne.NewPos(fw, y))
	r.second.Resize(fyne.NewSize(w-fw, splitBarH))
	r.firstText.Text, r.secondText.Text = b.First, b.Second
	r.firstText.Color, r.secondText.Color = fg, muted
	r.firstText.Move(fyne.NewPos(0, y+splitBarH+2))
	sw := fyne.MeasureText(b.Second, r.secondText.TextSize, r.secondText.TextStyle).Width
	fw2 := fyne.MeasureText(b.First, r.firstText.TextSize, r.firstText.TextStyle).Width
	// The second caption on the right, or under the first when both do not fit on one line.
	if fw2+sw+16 <= w {
		r.secondText.Move(fyne.NewPos(w-sw, y+splitBarH+2))
	} else {
		r.secondText.Move(fyne.NewPos(0, y+splitBarH+2+raceTitleH))
	}
	if b.Marker < 0 {
		r.tick.Hide()
		r.label.Hide()
	} else {
		x := float32(float64(w) * min(max(b.Marker, 0), 1))
		r.tick.StrokeColor = fg
		r.tick.Position1, r.tick.Position2 = fyne.NewPos(x, y-4), fyne.NewPos(x, y+splitBarH+4)
		r.label.Text, r.label.Color = b.MarkerLabel, muted // in the grayscale part, as strong as the part's caption
		if b.MarkerInFirst {
			r.label.Color = fg
		}
		lw := fyne.MeasureText(b.MarkerLabel, r.label.TextSize, r.label.TextStyle).Width
		r.label.Move(fyne.NewPos(min(max(x-lw/2, 0), w-lw), 0))
		r.tick.Show()
		r.label.Show()
	}
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *splitBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.first, r.second, r.tick, r.label, r.firstText, r.secondText}
}

func (r *splitBarRenderer) Destroy() {}
