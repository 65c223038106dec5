package widgets

import (
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Bar is one bar: its label (a time, a value) and its value.
type Bar struct {
	Label string
	Value float64
}

// BarChart draws bars: vertical over time (reports per hour or day; the first, middle and last labels
// under them), or horizontal, one row per value with its label and count (a field's values).
type BarChart struct {
	widget.BaseWidget
	Title      string
	Bars       []Bar
	Horizontal bool
	Format     func(float64) string // a value as text (the top of the axis, a row's count)
	r          *barRenderer
}

// NewBarChart returns an empty chart.
func NewBarChart() *BarChart {
	c := &BarChart{Format: func(v float64) string { return FormatCount(v) }}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows these bars and redraws.
func (c *BarChart) Set(title string, bars []Bar, horizontal bool) {
	c.Title, c.Bars, c.Horizontal = title, bars, horizontal
	c.Refresh()
}

// FormatCount is a count as text: 12, 1.5k, 2.3M.
func FormatCount(v float64) string {
	switch {
	case v >= 1e6:
		return trimFloat(v/1e6) + "M"
	case v >= 1e4:
		return trimFloat(v/1e3) + "k"
	}
	return trimFloat(v)
}

// trimFloat is v with at most one decimal, none when it is whole.
func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// CreateRenderer is part of fyne.Widget.
func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c, title: text(), top: text(), base: canvas.NewLine(color.Black)}
	r.title.TextStyle.Bold = true
	c.r = r
	return r
}

type barRenderer struct {
	c          *BarChart
	title, top *canvas.Text
	base       *canvas.Line
	bars       []*canvas.Rectangle
	labels     []*canvas.Text
	values     []*canvas.Text
	size       fyne.Size
}

const (
	barRowH   = 20
	barPlotH  = 90
	maxHBars  = 20
	barLabelW = 0.35 // of the width, for a horizontal bar's label
)

func (r *barRenderer) Layout(size fyne.Size) { r.size = size; r.Refresh() }

func (r *barRenderer) MinSize() fyne.Size {
	if r.c.Horizontal {
		return fyne.NewSize(200, raceTitleH+4+float32(min(len(r.c.Bars), maxHBars))*barRowH)
	}
	return fyne.NewSize(200, raceTitleH+barPlotH+raceTitleH+4)
}

func (r *barRenderer) ensure(n int) {
	for len(r.bars) < n {
		r.bars = append(r.bars, canvas.NewRectangle(color.Black))
		r.labels = append(r.labels, text())
		r.values = append(r.values, text())
	}
}

func (r *barRenderer) Refresh() {
	c := r.c
	fg, muted := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePlaceHolder)
	primary := theme.Color(theme.ColorNamePrimary)
	w := r.size.Width
	r.title.Text, r.title.Color = c.Title, fg
	r.title.Move(fyne.NewPos(0, 0))
	maxV := 0.0
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	n := len(c.Bars)
	if c.Horizontal {
		n = min(n, maxHBars)
	}
	r.ensure(n)
	for i := range r.bars {
		hide := i >= n
		r.bars[i].Hidden, r.labels[i].Hidden, r.values[i].Hidden = hide, hide, hide
	}
	r.top.Text, r.top.Color = "", muted
	r.base.StrokeColor, r.base.StrokeWidth = muted, 1
	top := float32(raceTitleH + 4)
	if c.Horizontal {
		r.base.Hide()
		lw := w * barLabelW
		vw := float32(56)
		for i := range n {
			b := c.Bars[i]
			y := top + float32(i)*barRowH
			l := r.labels[i]
			l.Text, l.Color = ellipsize(b.Label, lw-4, l), fg
			l.Move(fyne.NewPos(0, y+2))
			bw := float32(0)
			if maxV > 0 {
				bw = (w - lw - vw) * float32(b.Value/maxV)
			}
			bar := r.bars[i]
			bar.FillColor, bar.CornerRadius = primary, 2
			bar.Move(fyne.NewPos(lw, y+4))
			bar.Resize(fyne.NewSize(max(bw, 1), barRowH-8))
			v := r.values[i]
			v.Text, v.Color = c.Format(b.Value), muted
			v.Move(fyne.NewPos(lw+bw+4, y+2))
		}
	} else {
		r.base.Show()
		bottom := top + barPlotH
		r.base.Position1, r.base.Position2 = fyne.NewPos(0, bottom), fyne.NewPos(w, bottom)
		if maxV > 0 {
			r.top.Text = c.Format(maxV)
		}
		tw := fyne.MeasureText(r.top.Text, r.top.TextSize, r.top.TextStyle).Width
		r.top.Move(fyne.NewPos(w-tw, 0))
		slot := min(w/float32(max(n, 1)), 48) // a few buckets stay bars, not one block
		gap := min(slot*0.2, 4)
		for i := range n {
			b := c.Bars[i]
			h := float32(0)
			if maxV > 0 {
				h = barPlotH * float32(b.Value/maxV)
			}
			bar := r.bars[i]
			bar.FillColor, bar.CornerRadius = primary, 1
			bar.Move(fyne.NewPos(float32(i)*slot+gap/2, bottom-h))
			bar.Resize(fyne.NewSize(max(slot-gap, 1), h))
			r.values[i].Hidden = true
			// The first, middle and last labels only: more would run into each other.
			l := r.labels[i]
			l.Hidden = !(i == 0 || i == n-1 || i == n/2)
			l.Text, l.Color = b.Label, muted
			lw := fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width
			x := float32(i)*slot + slot/2 - lw/2
			l.Move(fyne.NewPos(min(max(x, 0), w-lw), bottom+2))
		}
		if n > 2 { // the middle label must not touch its neighbours
			mid := r.labels[n/2]
			mw := fyne.MeasureText(mid.Text, mid.TextSize, mid.TextStyle).Width
			fw := fyne.MeasureText(r.labels[0].Text, r.labels[0].TextSize, r.labels[0].TextStyle).Width
			if mid.Position().X < fw+8 || mid.Position().X+mw+8 > w-fyne.MeasureText(r.labels[n-1].Text, mid.TextSize, mid.TextStyle).Width {
				mid.Hidden = true
			}
		}
	}
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

// ellipsize cuts s to fit width in t's style.
func ellipsize(s string, width float32, t *canvas.Text) string {
	if fyne.MeasureText(s, t.TextSize, t.TextStyle).Width <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && fyne.MeasureText(string(rs)+"…", t.TextSize, t.TextStyle).Width > width {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

func (r *barRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.base, r.title, r.top}
	for i := range r.bars {
		objs = append(objs, r.bars[i], r.labels[i], r.values[i])
	}
	return objs
}

func (r *barRenderer) Destroy() {}
