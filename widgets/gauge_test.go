package widgets

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestSizeGaugeCaption(t *testing.T) {
	custom := func(n, limit int64) string { return FormatBytes(n) + " of " + FormatBytes(limit) }
	tests := []struct {
		name  string
		limit int64
		text  func(n, limit int64) string
		bytes int64
		want  string
	}{
		{name: "zero bytes", bytes: 0, want: "0 B / 256.0 KB"},
		{name: "default caption", bytes: 12595, want: "12.3 KB / 256.0 KB"},
		{name: "at the limit", bytes: DefaultLimit, want: "256.0 KB / 256.0 KB"},
		{name: "past the limit", bytes: 300 * 1024, want: "300.0 KB / 256.0 KB"},
		{name: "custom limit", limit: 1024, bytes: 512, want: "512 B / 1.0 KB"},
		{name: "negative limit means the default", limit: -5, bytes: 1, want: "1 B / 256.0 KB"},
		{name: "custom text", text: custom, bytes: 2048, want: "2.0 KB of 256.0 KB"},
		{name: "custom text and limit", text: custom, limit: 1 << 20, bytes: 1, want: "1 B of 1.0 MB"},
		{name: "cleared", bytes: -1, want: ""},
		{name: "cleared with custom text", text: custom, bytes: -1, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			g := NewSizeGauge()
			if g.Caption() != "" || g.Bytes() != -1 {
				t.Fatalf("new gauge: caption %q, %d bytes", g.Caption(), g.Bytes())
			}
			g.Limit, g.Text = tt.limit, tt.text
			g.SetBytes(tt.bytes)
			if got := g.Caption(); got != tt.want {
				t.Errorf("Caption() = %q, want %q", got, tt.want)
			}
			wantBytes := tt.bytes
			if wantBytes < 0 {
				wantBytes = -1
			}
			if got := g.Bytes(); got != wantBytes {
				t.Errorf("Bytes() = %d, want %d", got, wantBytes)
			}
			w := test.NewTempWindow(t, g)
			w.Resize(fyne.NewSize(300, 40))
			shown := texts(w.Canvas().Content())
			if tt.want == "" && len(shown) != 0 || tt.want != "" && (len(shown) != 1 || shown[0] != tt.want) {
				t.Errorf("drawn %q, want %q", shown, tt.want)
			}
		})
	}
}

func TestSizeGaugeCustomTextArguments(t *testing.T) {
	test.NewTempApp(t)
	var gotN, gotLimit int64
	g := &SizeGauge{Text: func(n, limit int64) string { gotN, gotLimit = n, limit; return "x" }}
	g.ExtendBaseWidget(g)
	g.SetBytes(777)
	if g.Caption() != "x" || gotN != 777 || gotLimit != DefaultLimit {
		t.Errorf("Text got (%d, %d), want (777, %d)", gotN, gotLimit, DefaultLimit)
	}
}

func TestSizeGaugeBar(t *testing.T) {
	tests := []struct {
		name      string
		bytes     int64
		wantFrac  float32
		wantColor fyne.ThemeColorName
	}{
		{"cleared", -1, 0, ""},
		{"empty", 0, 0, theme.ColorNameSuccess},
		{"half", DefaultLimit / 2, 0.5, theme.ColorNameSuccess},
		{"at 75%", DefaultLimit * 3 / 4, 0.75, theme.ColorNameSuccess},
		{"near the limit", DefaultLimit * 9 / 10, 0.9, theme.ColorNameWarning},
		{"at the limit", DefaultLimit, 1, theme.ColorNameWarning},
		{"past the limit", DefaultLimit * 2, 1, theme.ColorNameError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			g := NewSizeGauge()
			w := test.NewTempWindow(t, g)
			w.Resize(fyne.NewSize(408, 40)) // the gauge is 400 wide inside the window's padding
			g.SetBytes(tt.bytes)
			objs := test.WidgetRenderer(g).Objects()
			bg, bar := objs[0].(*canvas.Rectangle), objs[1].(*canvas.Rectangle)
			if bg.Size() != g.Size() {
				t.Errorf("background %v, gauge %v", bg.Size(), g.Size())
			}
			if want := g.Size().Width * tt.wantFrac; math.Abs(float64(bar.Size().Width-want)) > 0.01 {
				t.Errorf("bar is %v wide, want %v of %v", bar.Size().Width, want, g.Size().Width)
			}
			if tt.wantColor != "" {
				want := g.Theme().Color(tt.wantColor, a.Settings().ThemeVariant())
				if !sameColor(bar.FillColor, want) {
					t.Errorf("bar colour %v, want %s %v", bar.FillColor, tt.wantColor, want)
				}
			}
		})
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestSizeGaugeBeforeRender(t *testing.T) {
	test.NewTempApp(t)
	g := NewSizeGauge()
	g.SetBytes(10) // no renderer yet: must not panic
	if g.Bytes() != 10 {
		t.Errorf("Bytes() = %d", g.Bytes())
	}
	if g.MinSize().Height <= 0 {
		t.Errorf("MinSize() = %v", g.MinSize())
	}
}

// gaugeWords is the caption as the window words it, per language.
var gaugeWords = map[string]func(n, limit int64) string{
	"en": func(n, limit int64) string {
		if n > limit {
			return FormatBytes(n) + ", over 256 KB: the platform will not cache it"
		}
		return fmt.Sprintf("%s / 256 KB (%.0f%%)", FormatBytes(n), float64(n)*100/float64(limit))
	},
	"zh": func(n, limit int64) string {
		if n > limit {
			return FormatBytes(n) + "，超过 256 KB：平台不会缓存"
		}
		return fmt.Sprintf("%s / 256 KB (%.0f%%)", FormatBytes(n), float64(n)*100/float64(limit))
	},
}

// TestSizeGaugeGolden draws three gauges: well under the limit, near it and past it.
func TestSizeGaugeGolden(t *testing.T) {
	assertGoldens(t, "gauge", func(t *testing.T, lang string, _ *uiQueue) (fyne.CanvasObject, fyne.Size) {
		box := container.NewVBox()
		for _, n := range []int64{12595, DefaultLimit * 9 / 10, 300 * 1024} {
			g := NewSizeGauge()
			g.Text = gaugeWords[lang]
			g.SetBytes(n)
			box.Add(g)
		}
		return box, fyne.NewSize(420, box.MinSize().Height+2*theme.Padding())
	})
}
