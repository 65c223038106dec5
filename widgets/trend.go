package widgets

import (
	"image/color"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TrendLevel colours a point: a 2xx answer, another answer, or none.
type TrendLevel int

// Levels.
const (
	TrendOK   TrendLevel = iota // 2xx
	TrendWarn                   // 3xx, 4xx
	TrendBad                    // 5xx, no response
)

// TrendPoint is one value at one time.
type TrendPoint struct {
	At    time.Time
	Value float64
	Level TrendLevel
}

// TrendChart is a small chart of a value over time (response time, body size): one dot per pixel column at
// most (the column's largest value and worst level), so 10,000 points draw as fast as a few hundred; an
// optional limit line (256KB on the size chart).
type TrendChart struct {
	widget.BaseWidget
	Title      string
	Format     func(v float64) string // the axis' top value as text
	Limit      float64                // 0: no limit line
	LimitLabel string
	points     []TrendPoint
	r          *trendRenderer
}

// NewTrendChart returns an empty chart.
func NewTrendChart(title string, format func(float64) string) *TrendChart {
	c := &TrendChart{Title: title, Format: format}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows these points (any order) and redraws.
func (c *TrendChart) Set(points []TrendPoint) {
	p := append([]TrendPoint(nil), points...)
	sort.SliceStable(p, func(i, j int) bool { return p[i].At.Before(p[j].At) })
	c.points = p
	c.Refresh()
}

// Drawn is how many dots the chart draws now (at most one per pixel column).
func (c *TrendChart) Drawn() int {
	if c.r == nil {
		return 0
	}
	return c.r.drawn
}

// CreateRenderer is part of fyne.Widget.
func (c *TrendChart) CreateRenderer() fyne.WidgetRenderer {
	r := &trendRenderer{c: c, title: text(), top: text(), limit: canvas.NewLine(color.Black), limitText: text(),
		base: canvas.NewLine(color.Black)}
	c.r = r
	return r
}

type trendRenderer struct {
	c           *TrendChart
	title, top  *canvas.Text
	limit, base *canvas.Line
	limitText   *canvas.Text
	dots        []*canvas.Rectangle
	drawn       int
	size        fyne.Size
}

const trendPlotH = 44

func (r *trendRenderer) Layout(size fyne.Size) { r.size = size; r.Refresh() }

func (r *trendRenderer) MinSize() fyne.Size { return fyne.NewSize(120, raceTitleH+trendPlotH+4) }

func (r *trendRenderer) Refresh() {
	c := r.c
	fg, muted := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePlaceHolder)
	levels := [...]color.Color{theme.Color(theme.ColorNameSuccess), theme.Color(theme.ColorNameWarning), theme.Color(theme.ColorNameError)}
	w := r.size.Width
	top, bottom := float32(raceTitleH), float32(raceTitleH+trendPlotH)
	r.title.Text, r.title.Color = c.Title, fg
	r.title.Move(fyne.NewPos(0, 0))
	maxV := c.Limit * 1.1
	for _, p := range c.points {
		maxV = max(maxV, p.Value)
	}
	if maxV <= 0 {
		maxV = 1
	}
	r.top.Text, r.top.Color = "", muted
	if c.Format != nil && len(c.points) > 0 {
		r.top.Text = c.Format(maxV)
	}
	tw := fyne.MeasureText(r.top.Text, r.top.TextSize, r.top.TextStyle).Width
	r.top.Move(fyne.NewPos(w-tw, 0))
	r.base.StrokeColor, r.base.StrokeWidth = muted, 1
	r.base.Position1, r.base.Position2 = fyne.NewPos(0, bottom), fyne.NewPos(w, bottom)
	yAt := func(v float64) float32 { return bottom - float32(v/maxV)*(bottom-top) }
	if c.Limit > 0 {
		y := yAt(c.Limit)
		r.limit.StrokeColor, r.limit.StrokeWidth = levels[TrendBad], 1
		r.limit.Position1, r.limit.Position2 = fyne.NewPos(0, y), fyne.NewPos(w, y)
		r.limit.Show()
		r.limitText.Text, r.limitText.Color = c.LimitLabel, levels[TrendBad]
		lw := fyne.MeasureText(r.limitText.Text, r.limitText.TextSize, r.limitText.TextStyle).Width
		r.limitText.Move(fyne.NewPos(w-lw-2, y+1)) // under the line on the right, clear of the title
		r.limitText.Show()
	} else {
		r.limit.Hide()
		r.limitText.Hide()
	}
	// One dot per pixel column: its largest value and worst level.
	type col struct {
		v   float64
		lvl TrendLevel
		set bool
	}
	n := max(int(w)-4, 1)
	cols := make([]col, n)
	if len(c.points) > 0 {
		from, to := c.points[0].At, c.points[len(c.points)-1].At
		span := to.Sub(from)
		for _, p := range c.points {
			i := 0
			if span > 0 {
				i = int(float64(p.At.Sub(from)) / float64(span) * float64(n-1))
			}
			cc := &cols[i]
			if !cc.set || p.Value > cc.v {
				cc.v = p.Value
			}
			cc.lvl = max(cc.lvl, p.Level)
			cc.set = true
		}
	}
	r.drawn = 0
	for i, cc := range cols {
		if !cc.set {
			continue
		}
		if r.drawn == len(r.dots) {
			r.dots = append(r.dots, canvas.NewRectangle(color.Black))
		}
		d := r.dots[r.drawn]
		y := yAt(cc.v)
		d.FillColor, d.Hidden, d.CornerRadius = levels[cc.lvl], false, 2
		d.Move(fyne.NewPos(float32(i)+2-2, y-2))
		d.Resize(fyne.NewSize(4, 4))
		r.drawn++
	}
	for i := r.drawn; i < len(r.dots); i++ {
		r.dots[i].Hidden = true
	}
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *trendRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.base, r.limit, r.limitText, r.title, r.top}
	for _, d := range r.dots {
		objs = append(objs, d)
	}
	return objs
}

func (r *trendRenderer) Destroy() {}
