package widgets

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StripKind is what happened at a point of the schedule.
type StripKind int

// What happened.
const (
	StripSuccess StripKind = iota // an update cached its body
	StripFailure                  // an update failed (the cached body stays)
	StripRetry                    // a retry after a failure
	StripSkipped                  // not sent: the 7-day rule, or an invalid config
)

// StripPoint is one event of the schedule.
type StripPoint struct {
	At   time.Time
	Kind StripKind
	Text string // what a hover or a tap shows
}

// ScheduleStrip draws the periodic-update schedule on a time axis: days, the 12-hour grid, each event as a
// dot coloured by what happened, the next planned update as a ring and the simulated now as a line.
// Hovering or tapping a dot shows its text above the axis; OnTapped tells the app which one.
type ScheduleStrip struct {
	widget.BaseWidget
	Points   []StripPoint
	Now      time.Time // the simulated now; zero: not drawn
	Next     time.Time // the next planned update; zero: none
	OnTapped func(i int)
	Empty    string // shown when there is nothing to draw

	hover int // the dot under the pointer (-1 none)
	r     *stripRenderer
}

var (
	_ fyne.Tappable     = (*ScheduleStrip)(nil)
	_ desktop.Hoverable = (*ScheduleStrip)(nil)
)

// NewScheduleStrip returns an empty strip.
func NewScheduleStrip() *ScheduleStrip {
	s := &ScheduleStrip{hover: -1}
	s.ExtendBaseWidget(s)
	return s
}

// Set shows these points and redraws.
func (s *ScheduleStrip) Set(points []StripPoint, now, next time.Time) {
	s.Points, s.Now, s.Next = points, now, next
	if s.hover >= len(points) {
		s.hover = -1
	}
	s.Refresh()
}

// Hovered is the index of the dot under the pointer (or last tapped), -1 for none.
func (s *ScheduleStrip) Hovered() int { return s.hover }

// Tapped shows the nearest dot's text and tells the app.
func (s *ScheduleStrip) Tapped(e *fyne.PointEvent) {
	if i := s.nearest(e.Position); i >= 0 {
		s.hover = i
		s.Refresh()
		if s.OnTapped != nil {
			s.OnTapped(i)
		}
	}
}

// MouseIn is part of desktop.Hoverable.
func (s *ScheduleStrip) MouseIn(e *desktop.MouseEvent) { s.MouseMoved(e) }

// MouseMoved shows the text of the dot under the pointer.
func (s *ScheduleStrip) MouseMoved(e *desktop.MouseEvent) {
	if i := s.nearest(e.Position); i != s.hover && i >= 0 {
		s.hover = i
		s.Refresh()
	}
}

// MouseOut is part of desktop.Hoverable.
func (s *ScheduleStrip) MouseOut() {}

// nearest is the dot within 12 px of p, or -1.
func (s *ScheduleStrip) nearest(p fyne.Position) int {
	r := s.r
	if r == nil {
		return -1
	}
	best, bestD := -1, float32(12)
	for i, pt := range s.Points {
		d := float32(math.Abs(float64(r.xAt(pt.At) - p.X)))
		if d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// CreateRenderer is part of fyne.Widget.
func (s *ScheduleStrip) CreateRenderer() fyne.WidgetRenderer {
	r := &stripRenderer{s: s, axis: canvas.NewLine(color.Black), now: canvas.NewLine(color.Black), next: canvas.NewCircle(color.Black),
		label: text(), empty: text()}
	r.now.StrokeWidth = 2
	r.next.StrokeWidth = 2
	s.r = r
	return r
}

type stripRenderer struct {
	s         *ScheduleStrip
	axis, now *canvas.Line
	grid      []*canvas.Line
	days      []*canvas.Text
	dots      []*canvas.Circle
	next      *canvas.Circle
	label     *canvas.Text
	empty     *canvas.Text
	size      fyne.Size
	from, to  time.Time
	drawn     int // dots drawn now
}

const (
	stripDot   = 9
	stripLineY = raceTitleH + 18 // the axis, under the hover text and the dots above it
)

// span sets from and to: from the first event (or 12 h before now) to the next update (or now) and a
// little after, never less than two days.
func (r *stripRenderer) span() {
	s := r.s
	end := s.Now
	if s.Next.After(end) {
		end = s.Next
	}
	start := end.Add(-12 * time.Hour)
	for _, p := range s.Points {
		if p.At.Before(start) {
			start = p.At
		}
		if p.At.After(end) {
			end = p.At
		}
	}
	if end.Sub(start) < 48*time.Hour {
		start = end.Add(-48 * time.Hour)
	}
	pad := end.Sub(start) / 20
	r.from, r.to = start.Add(-pad), end.Add(pad)
}

func (r *stripRenderer) left() float32  { return theme.Padding() }
func (r *stripRenderer) right() float32 { return r.size.Width - theme.Padding() }

func (r *stripRenderer) xAt(t time.Time) float32 {
	total := r.to.Sub(r.from)
	if total <= 0 {
		return r.left()
	}
	return r.left() + (r.right()-r.left())*float32(float64(t.Sub(r.from))/float64(total))
}

func (r *stripRenderer) Layout(size fyne.Size) { r.size = size; r.Refresh() }

func (r *stripRenderer) MinSize() fyne.Size { return fyne.NewSize(240, stripLineY+4+raceTitleH+4) }

// kindColor is a dot's colour.
func kindColor(k StripKind) color.Color {
	switch k {
	case StripSuccess:
		return theme.Color(theme.ColorNameSuccess)
	case StripFailure:
		return theme.Color(theme.ColorNameError)
	case StripRetry:
		return theme.Color(theme.ColorNameWarning)
	}
	return theme.Color(theme.ColorNamePlaceHolder)
}

func (r *stripRenderer) Refresh() {
	s := r.s
	r.span()
	fg, muted := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePlaceHolder)
	faint := theme.Color(theme.ColorNameSeparator)
	y := float32(stripLineY)
	r.axis.StrokeColor, r.axis.StrokeWidth = muted, 1
	r.axis.Position1, r.axis.Position2 = fyne.NewPos(r.left(), y), fyne.NewPos(r.right(), y)
	// The 12-hour grid, and a date at each midnight (local time).
	first := time.Date(r.from.Year(), r.from.Month(), r.from.Day(), 0, 0, 0, 0, r.from.Location())
	gi, di := 0, 0
	for t := first; !t.After(r.to); t = t.Add(12 * time.Hour) {
		if t.Before(r.from) {
			continue
		}
		if gi == len(r.grid) {
			r.grid = append(r.grid, canvas.NewLine(faint))
		}
		x := r.xAt(t)
		g := r.grid[gi]
		g.StrokeColor, g.Hidden = faint, false
		g.Position1, g.Position2 = fyne.NewPos(x, y-stripDot), fyne.NewPos(x, y+4)
		gi++
		if t.Hour() == 0 {
			if di == len(r.days) {
				r.days = append(r.days, text())
			}
			d := r.days[di]
			d.Text, d.Color, d.Hidden = t.Format("01-02"), muted, false
			w := fyne.MeasureText(d.Text, d.TextSize, d.TextStyle).Width
			d.Move(fyne.NewPos(min(max(x-w/2, r.left()), r.right()-w), y+4))
			di++
		}
	}
	for ; gi < len(r.grid); gi++ {
		r.grid[gi].Hidden = true
	}
	for ; di < len(r.days); di++ {
		r.days[di].Hidden = true
	}
	// The dots: one per pixel column at most (its worst kind; the hovered one always), so a long schedule
	// draws as fast as a short one.
	shown := make([]int, 0, min(len(s.Points), int(r.size.Width)+1))
	lastCol := -1
	for i, p := range s.Points {
		col := int(r.xAt(p.At))
		switch {
		case col != lastCol || len(shown) == 0:
			shown = append(shown, i)
		case i == s.hover || s.Points[shown[len(shown)-1]].Kind < p.Kind && shown[len(shown)-1] != s.hover:
			shown[len(shown)-1] = i
		}
		lastCol = col
	}
	r.drawn = len(shown)
	for len(r.dots) < len(shown) {
		r.dots = append(r.dots, canvas.NewCircle(color.Black))
	}
	for j, c := range r.dots {
		if j >= len(shown) {
			c.Hidden = true
			continue
		}
		i := shown[j]
		p := s.Points[i]
		size := float32(stripDot)
		if i == s.hover {
			size += 4
		}
		c.Hidden, c.FillColor = false, kindColor(p.Kind)
		c.StrokeColor, c.StrokeWidth = fg, 0
		if i == s.hover {
			c.StrokeWidth = 1.5
		}
		x := r.xAt(p.At)
		c.Move(fyne.NewPos(x-size/2, y-size/2))
		c.Resize(fyne.NewSize(size, size))
	}
	// The next planned update, and now.
	if s.Next.IsZero() {
		r.next.Hide()
	} else {
		x := r.xAt(s.Next)
		r.next.FillColor, r.next.StrokeColor = color.Transparent, theme.Color(theme.ColorNamePrimary)
		r.next.Move(fyne.NewPos(x-stripDot/2-1, y-stripDot/2-1))
		r.next.Resize(fyne.NewSize(stripDot+2, stripDot+2))
		r.next.Show()
	}
	if s.Now.IsZero() {
		r.now.Hide()
	} else {
		x := r.xAt(s.Now)
		r.now.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.now.Position1, r.now.Position2 = fyne.NewPos(x, y-stripDot-4), fyne.NewPos(x, y+stripDot)
		r.now.Show()
	}
	// The hovered dot's text, above the axis, kept inside the strip.
	r.label.Color = fg
	if s.hover >= 0 && s.hover < len(s.Points) {
		r.label.Text = s.Points[s.hover].Text
		w := fyne.MeasureText(r.label.Text, r.label.TextSize, r.label.TextStyle).Width
		x := r.xAt(s.Points[s.hover].At)
		r.label.Move(fyne.NewPos(min(max(x-w/2, r.left()), max(r.right()-w, r.left())), 0))
		r.label.Show()
	} else {
		r.label.Hide()
	}
	r.empty.Text, r.empty.Color = s.Empty, muted
	r.empty.Hidden = len(s.Points) > 0 || s.Empty == ""
	r.empty.Move(fyne.NewPos(r.left(), 0))
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *stripRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.axis}
	for _, g := range r.grid {
		objs = append(objs, g)
	}
	for _, d := range r.days {
		objs = append(objs, d)
	}
	objs = append(objs, r.now, r.next)
	for _, d := range r.dots {
		objs = append(objs, d)
	}
	return append(objs, r.label, r.empty)
}

func (r *stripRenderer) Destroy() {}
