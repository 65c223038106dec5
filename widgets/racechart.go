package widgets

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// RaceGet is what getBackgroundFetchData gets at a moment of the cold-start race.
type RaceGet int

// What getBackgroundFetchData gets.
const (
	RaceNone RaceGet = iota // no data: Android's fail, iOS's empty success
	RaceOld                 // the data from before this launch
	RaceNew                 // the data this launch's prefetch brought
)

// DragStep is what a dragged marker snaps to: the step of the app's sliders, so that they show the same.
const DragStep = 50 * time.Millisecond

// RaceLabels are the chart's words, so the app can translate them.
type RaceLabels struct {
	Launch, Request, Get, Listener string // "launch", "prefetch request", "getBackgroundFetchData", "onBackgroundFetchData"
	None, Old, New                 string // what the get gets
	Fires, Missed                  string // whether the listener fires
	NoRequest                      string // the request bar's label when nothing is requested (prefetch off)
}

// DefaultRaceLabels are English.
var DefaultRaceLabels = RaceLabels{Launch: "launch", Request: "prefetch request", Get: "getBackgroundFetchData",
	Listener: "onBackgroundFetchData", None: "nothing", Old: "old data", New: "new data", Fires: "fires",
	Missed: "does not fire", NoRequest: "no prefetch request"}

// RaceChart draws a cold start on a time axis from launch: the prefetch request as a bar from sent to
// arrived, the getBackgroundFetchData call and the onBackgroundFetchData registration as markers coloured by
// what they get, and the verdict in a sentence under it. Dragging a marker moves it and redraws the chart
// at once (OnChanged tells the app); the text of the result stays the app's, for copy and the CLI.
type RaceChart struct {
	widget.BaseWidget
	Requested         bool          // false: prefetch is off, nothing is requested
	Arrived           time.Duration // when the data reached the client (request latency + server delay)
	GetAt, ListenerAt time.Duration
	Max               time.Duration // the longest a marker may be dragged to (0 = 5 s)
	// Judge says what the get gets and whether the listener fires for these moments; nil shows nothing.
	Judge func(getAt, listenerAt time.Duration) (RaceGet, bool)
	// Verdict is the sentence under the chart for these moments.
	Verdict   func(getAt, listenerAt time.Duration, get RaceGet, fires bool) string
	OnChanged func(getAt, listenerAt time.Duration)
	Labels    RaceLabels

	dragging int           // 0 none, 1 the get marker, 2 the listener marker
	r        *raceRenderer // the geometry Dragged needs
}

var (
	_ fyne.Widget    = (*RaceChart)(nil)
	_ fyne.Draggable = (*RaceChart)(nil)
)

// NewRaceChart returns an empty chart (Judge unset: it draws the axis only).
func NewRaceChart() *RaceChart {
	c := &RaceChart{Labels: DefaultRaceLabels}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows a race and redraws.
func (c *RaceChart) Set(requested bool, arrived, getAt, listenerAt time.Duration) {
	c.Requested, c.Arrived, c.GetAt, c.ListenerAt = requested, arrived, getAt, listenerAt
	c.Refresh()
}

// MoveMarkers moves the two markers (from the sliders) and redraws.
func (c *RaceChart) MoveMarkers(getAt, listenerAt time.Duration) {
	if c.GetAt == getAt && c.ListenerAt == listenerAt {
		return // the sliders following a drag: drawn already
	}
	c.GetAt, c.ListenerAt = getAt, listenerAt
	c.Refresh()
}

func (c *RaceChart) maxDrag() time.Duration {
	if c.Max > 0 {
		return c.Max
	}
	return 5 * time.Second
}

// span is the time the axis shows: every moment, with room on the right, in whole 500 ms.
func (c *RaceChart) span() time.Duration {
	m := max(c.GetAt, c.ListenerAt, time.Second)
	if c.Requested {
		m = max(m, c.Arrived)
	}
	m = m * 23 / 20
	step := 500 * time.Millisecond
	return (m + step - 1) / step * step
}

// Dragged moves the marker nearest the pointer when the drag starts.
func (c *RaceChart) Dragged(e *fyne.DragEvent) {
	r := c.r
	if r == nil || c.Judge == nil {
		return
	}
	t := r.timeAt(e.Position.X)
	if c.dragging == 0 {
		if math.Abs(float64(r.xAt(c.GetAt)-e.Position.X)) <= math.Abs(float64(r.xAt(c.ListenerAt)-e.Position.X)) {
			c.dragging = 1
		} else {
			c.dragging = 2
		}
	}
	t = min(max(t, 0), c.maxDrag()).Round(DragStep)
	if c.dragging == 1 {
		c.GetAt = t
	} else {
		c.ListenerAt = t
	}
	c.Refresh()
	if c.OnChanged != nil {
		c.OnChanged(c.GetAt, c.ListenerAt)
	}
}

// DragEnd ends the drag.
func (c *RaceChart) DragEnd() { c.dragging = 0 }

// CreateRenderer is part of fyne.Widget.
func (c *RaceChart) CreateRenderer() fyne.WidgetRenderer {
	r := &raceRenderer{c: c, axis: canvas.NewLine(color.Black), bar: canvas.NewRectangle(color.Black),
		barText: text(), verdict: widget.NewLabel("")}
	r.verdict.Wrapping = fyne.TextWrapWord
	r.get, r.listen = newMarker(), newMarker()
	c.r = r
	return r
}

func text() *canvas.Text {
	t := canvas.NewText("", color.Black)
	t.TextSize = theme.CaptionTextSize()
	return t
}

type marker struct {
	line  *canvas.Line
	dot   *canvas.Circle
	title *canvas.Text // the API, above
	what  *canvas.Text // what it gets, below the title
}

func newMarker() *marker {
	m := &marker{line: canvas.NewLine(color.Black), dot: canvas.NewCircle(color.Black), title: text(), what: text()}
	m.line.StrokeWidth = 2
	return m
}

type raceRenderer struct {
	c        *RaceChart
	axis     *canvas.Line
	ticks    []*canvas.Line
	tickText []*canvas.Text
	bar      *canvas.Rectangle
	barText  *canvas.Text
	get      *marker
	listen   *marker
	verdict  *widget.Label
	size     fyne.Size
}

// Geometry: rows from the top; the plot spans the width less the padding.
const (
	raceTitleH = 18 // a caption line
	raceBarH   = 14
)

func (r *raceRenderer) left() float32  { return theme.Padding() * 2 }
func (r *raceRenderer) right() float32 { return r.size.Width - theme.Padding()*2 }

func (r *raceRenderer) xAt(t time.Duration) float32 {
	span := r.c.span()
	return r.left() + (r.right()-r.left())*float32(float64(t)/float64(span))
}

func (r *raceRenderer) timeAt(x float32) time.Duration {
	w := r.right() - r.left()
	if w <= 0 {
		return 0
	}
	return time.Duration(float64(r.c.span()) * float64((x-r.left())/w))
}

// rows: get title, get what, listener title, listener what, the bar, the axis, tick labels, verdict.
func (r *raceRenderer) plotHeight() float32 {
	return 4*raceTitleH + raceBarH + 6 + raceTitleH + theme.Padding()*2
}

func (r *raceRenderer) Layout(size fyne.Size) {
	r.size = size
	r.Refresh()
}

// MinSize is the plot and the verdict as wrapped at the chart's width (or a 560 px one before the first
// layout), so a scroll holding the chart knows its height before it is laid out.
func (r *raceRenderer) MinSize() fyne.Size {
	w := r.size.Width
	if w <= 0 {
		w = 560
	}
	if r.verdict.Size().Width != w {
		r.verdict.Resize(fyne.NewSize(w, r.verdict.Size().Height))
	}
	return fyne.NewSize(320, r.plotHeight()+r.verdict.MinSize().Height)
}

func (r *raceRenderer) Refresh() {
	c := r.c
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	colors := map[RaceGet]color.Color{RaceNone: theme.Color(theme.ColorNameError), RaceOld: theme.Color(theme.ColorNameWarning),
		RaceNew: theme.Color(theme.ColorNameSuccess)}
	words := map[RaceGet]string{RaceNone: c.Labels.None, RaceOld: c.Labels.Old, RaceNew: c.Labels.New}
	pad := theme.Padding()
	y := pad
	getY, listenY := y, y+2*raceTitleH
	barY := y + 4*raceTitleH
	axisY := barY + raceBarH + 6
	// The request bar.
	r.bar.FillColor = theme.Color(theme.ColorNamePrimary)
	r.bar.CornerRadius = 3
	r.barText.Color = fg
	x0 := r.xAt(0)
	if c.Requested {
		r.bar.Move(fyne.NewPos(x0, barY))
		r.bar.Resize(fyne.NewSize(max(r.xAt(c.Arrived)-x0, 2), raceBarH))
		r.bar.Show()
		r.barText.Text = fmt.Sprintf("%s · %d ms", c.Labels.Request, c.Arrived.Milliseconds())
	} else {
		r.bar.Hide()
		r.barText.Text = c.Labels.NoRequest
	}
	// The bar's label beside its end (inside it when there is no room on the right).
	bw := fyne.MeasureText(r.barText.Text, r.barText.TextSize, r.barText.TextStyle).Width
	bx := x0 + pad
	if c.Requested {
		bx = r.xAt(c.Arrived) + pad
	}
	r.barText.Move(fyne.NewPos(max(min(bx, r.right()-bw), r.left()), barY-1))
	// The axis and its ticks every 500 ms (1 s when crowded).
	r.axis.StrokeColor = muted
	r.axis.StrokeWidth = 1
	r.axis.Position1, r.axis.Position2 = fyne.NewPos(r.left(), axisY), fyne.NewPos(r.right(), axisY)
	step := 500 * time.Millisecond
	if span := c.span(); span/step > 10 {
		step = (span/10 + time.Second - 1) / time.Second * time.Second
	}
	n := int(c.span()/step) + 1
	for len(r.ticks) < n {
		r.ticks = append(r.ticks, canvas.NewLine(muted))
		r.tickText = append(r.tickText, text())
	}
	for i := range r.ticks {
		show := i < n
		r.ticks[i].Hidden, r.tickText[i].Hidden = !show, !show
		if !show {
			continue
		}
		t := time.Duration(i) * step
		x := r.xAt(t)
		r.ticks[i].StrokeColor = muted
		r.ticks[i].Position1, r.ticks[i].Position2 = fyne.NewPos(x, axisY), fyne.NewPos(x, axisY+4)
		r.tickText[i].Text = fmt.Sprintf("%d ms", t.Milliseconds())
		if i == 0 {
			r.tickText[i].Text += " " + c.Labels.Launch
		}
		r.tickText[i].Color = muted
		w := fyne.MeasureText(r.tickText[i].Text, r.tickText[i].TextSize, fyne.TextStyle{}).Width
		r.tickText[i].Move(fyne.NewPos(min(max(x-w/2, r.left()), r.right()-w), axisY+4))
	}
	// The markers.
	place := func(m *marker, at time.Duration, top float32, col color.Color, title, what string) {
		x := r.xAt(at)
		m.line.StrokeColor, m.dot.FillColor = col, col
		m.line.Position1, m.line.Position2 = fyne.NewPos(x, top+raceTitleH), fyne.NewPos(x, axisY)
		m.dot.Move(fyne.NewPos(x-4, axisY-4))
		m.dot.Resize(fyne.NewSize(8, 8))
		m.title.Text, m.what.Text = title, what
		m.title.Color, m.what.Color = fg, col
		m.title.TextStyle.Monospace = true
		for i, t := range []*canvas.Text{m.title, m.what} {
			w := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width
			tx := x + 6
			if tx+w > r.right() { // flip to the left of the marker near the right edge
				tx = x - 6 - w
			}
			t.Move(fyne.NewPos(max(tx, r.left()), top+float32(i)*raceTitleH*0.9))
		}
	}
	if c.Judge != nil {
		get, fires := c.Judge(c.GetAt, c.ListenerAt)
		listenCol, listenWord := theme.Color(theme.ColorNameSuccess), c.Labels.Fires
		if !fires {
			listenCol, listenWord = muted, c.Labels.Missed
		}
		place(r.get, c.GetAt, getY, colors[get], fmt.Sprintf("%s · %d ms", c.Labels.Get, c.GetAt.Milliseconds()), words[get])
		place(r.listen, c.ListenerAt, listenY, listenCol, fmt.Sprintf("%s · %d ms", c.Labels.Listener, c.ListenerAt.Milliseconds()), listenWord)
		for _, m := range []*marker{r.get, r.listen} {
			m.line.Show()
			m.dot.Show()
			m.title.Show()
			m.what.Show()
		}
		if c.Verdict != nil {
			r.verdict.SetText(c.Verdict(c.GetAt, c.ListenerAt, get, fires))
		}
	} else {
		for _, m := range []*marker{r.get, r.listen} {
			m.line.Hide()
			m.dot.Hide()
			m.title.Hide()
			m.what.Hide()
		}
		r.verdict.SetText("")
	}
	r.verdict.Move(fyne.NewPos(0, r.plotHeight()))
	r.verdict.Resize(fyne.NewSize(r.size.Width, max(r.verdict.MinSize().Height, r.size.Height-r.plotHeight())))
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *raceRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.axis}
	for i := range r.ticks {
		objs = append(objs, r.ticks[i], r.tickText[i])
	}
	objs = append(objs, r.bar, r.barText)
	for _, m := range []*marker{r.get, r.listen} {
		objs = append(objs, m.line, m.dot, m.title, m.what)
	}
	return append(objs, r.verdict)
}

func (r *raceRenderer) Destroy() {}
