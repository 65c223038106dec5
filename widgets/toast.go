package widgets

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DefaultToastFor is how long a Toast stays when its Duration is 0.
const DefaultToastFor = 3 * time.Second

// Toast is a short success notice (已复制, 已清除, 已保存 …) drawn over the bottom right of what it covers:
// put it over the content in a container.NewStack. It moves nothing, takes no click (a click lands on
// what is under it) and goes by itself. It is hidden until Notify.
//
// The notice is a success-coloured box with a tick and the message, cut with an ellipsis; the box is at
// least 240 px wide, at most 60% of the area's width, and never wider than the area less its padding.
type Toast struct {
	widget.BaseWidget
	// Duration is how long a notice stays; 0 is DefaultToastFor.
	Duration time.Duration
	// Do runs the hiding on the UI goroutine; nil is fyne.Do.
	Do func(func())

	text string
	n    int // notices so far: a timer hides the toast only if no newer notice came
}

var _ fyne.Widget = (*Toast)(nil)

// NewToast returns a hidden toast.
func NewToast() *Toast {
	t := &Toast{}
	t.ExtendBaseWidget(t)
	t.Hide()
	return t
}

// Notify shows msg for Duration, replacing any notice still showing. Call it on the UI goroutine.
func (t *Toast) Notify(msg string) {
	t.n++
	n := t.n
	t.text = msg
	t.Show()
	t.Refresh()
	d := t.Duration
	if d <= 0 {
		d = DefaultToastFor
	}
	do := t.Do
	if do == nil {
		do = fyne.Do
	}
	time.AfterFunc(d, func() {
		do(func() {
			if t.n == n {
				t.Hide()
			}
		})
	})
}

// Text is the last notice's message (shown or gone).
func (t *Toast) Text() string { return t.text }

// CreateRenderer is part of fyne.Widget.
func (t *Toast) CreateRenderer() fyne.WidgetRenderer {
	r := &toastRenderer{t: t, bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel(t.text)}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.box = container.NewStack(r.bg, container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil, r.label))
	r.Refresh()
	return r
}

type toastRenderer struct {
	t     *Toast
	bg    *canvas.Rectangle
	label *widget.Label
	box   *fyne.Container
}

// Layout puts the box at the bottom right.
func (r *toastRenderer) Layout(size fyne.Size) {
	pad := theme.Padding() * 2
	m := r.box.MinSize()
	w := min(max(m.Width, 240), size.Width*0.6, size.Width-2*pad)
	r.box.Resize(fyne.NewSize(w, m.Height))
	r.box.Move(fyne.NewPos(size.Width-w-pad, size.Height-m.Height-pad))
}

// MinSize is nothing: the toast never makes what it covers grow.
func (r *toastRenderer) MinSize() fyne.Size { return fyne.NewSize(0, 0) }

func (r *toastRenderer) Refresh() {
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.bg.FillColor = withAlpha(theme.Color(theme.ColorNameSuccess), 0xe0)
	r.bg.Refresh()
	if r.label.Text != r.t.text {
		r.label.SetText(r.t.text)
	}
	r.Layout(r.t.Size())
}

func (r *toastRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }
func (r *toastRenderer) Destroy()                     {}

// withAlpha is c with alpha a.
func withAlpha(c color.Color, a uint8) color.Color {
	rd, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(rd >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
