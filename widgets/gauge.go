// Package widgets holds reusable Fyne widgets that know nothing of the app: a body viewer that stays fast
// on 256KB, a size gauge, a key/value table, charts, a toast, a token field, and the column and line
// layouts of the window's lists.
package widgets

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/bgfetch/devtools/app/units"
)

// DefaultLimit is the size a SizeGauge measures against when Limit is 0: 256KB.
const DefaultLimit = 262144

// SizeGauge shows a size against a limit as a bar that turns orange near the limit and red past it.
type SizeGauge struct {
	widget.BaseWidget
	Limit int64
	// Text formats the caption; nil uses "12.3 KB / 256.0 KB".
	Text func(bytes, limit int64) string

	bytes int64
	known bool
}

// NewSizeGauge returns a gauge with nothing measured yet.
func NewSizeGauge() *SizeGauge {
	g := &SizeGauge{}
	g.ExtendBaseWidget(g)
	return g
}

// SetBytes sets the measured size; a negative n clears the gauge.
func (g *SizeGauge) SetBytes(n int64) {
	g.bytes, g.known = n, n >= 0
	g.Refresh()
}

// Bytes is the measured size, or -1 if none.
func (g *SizeGauge) Bytes() int64 {
	if !g.known {
		return -1
	}
	return g.bytes
}

func (g *SizeGauge) limit() int64 {
	if g.Limit > 0 {
		return g.Limit
	}
	return DefaultLimit
}

// Caption is the gauge's text.
func (g *SizeGauge) Caption() string {
	if !g.known {
		return ""
	}
	if g.Text != nil {
		return g.Text(g.bytes, g.limit())
	}
	return fmt.Sprintf("%s / %s", FormatBytes(g.bytes), FormatBytes(g.limit()))
}

// FormatBytes says a size the way developers read it: 512 B, 12.3 KB, 1.5 MB (units.Bytes).
func FormatBytes(n int64) string { return units.Bytes(n) }

// CreateRenderer is part of fyne.Widget.
func (g *SizeGauge) CreateRenderer() fyne.WidgetRenderer {
	r := &gaugeRenderer{g: g, bg: canvas.NewRectangle(color.Transparent), bar: canvas.NewRectangle(color.Transparent),
		text: canvas.NewText("", color.Black)}
	r.bg.CornerRadius = 3
	r.bar.CornerRadius = 3
	r.text.TextSize = theme.CaptionTextSize()
	r.Refresh()
	return r
}

type gaugeRenderer struct {
	g        *SizeGauge
	bg, bar  *canvas.Rectangle
	text     *canvas.Text
	lastSize fyne.Size
}

func (r *gaugeRenderer) Layout(s fyne.Size) {
	r.lastSize = s
	r.bg.Resize(s)
	frac := float32(0)
	if r.g.known {
		frac = float32(r.g.bytes) / float32(r.g.limit())
		if frac > 1 {
			frac = 1
		}
	}
	r.bar.Resize(fyne.NewSize(s.Width*frac, s.Height))
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos(theme.Padding(), (s.Height-ts.Height)/2))
}

func (r *gaugeRenderer) MinSize() fyne.Size {
	ts := r.text.MinSize()
	return fyne.NewSize(ts.Width+2*theme.Padding(), ts.Height+theme.Padding())
}

func (r *gaugeRenderer) Refresh() {
	th := r.g.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	frac := float64(0)
	if r.g.known {
		frac = float64(r.g.bytes) / float64(r.g.limit())
	}
	switch {
	case frac > 1:
		r.bar.FillColor = th.Color(theme.ColorNameError, v)
	case frac > 0.75:
		r.bar.FillColor = th.Color(theme.ColorNameWarning, v)
	default:
		r.bar.FillColor = th.Color(theme.ColorNameSuccess, v)
	}
	r.text.Text = r.g.Caption()
	r.text.Color = th.Color(theme.ColorNameForeground, v)
	r.text.TextSize = th.Size(theme.SizeNameCaptionText)
	r.Layout(r.lastSize)
	canvas.Refresh(r.g)
}

func (r *gaugeRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.bar, r.text}
}
func (r *gaugeRenderer) Destroy() {}
