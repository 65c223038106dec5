package widgets

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func trendPoints(n int) []TrendPoint {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	pts := make([]TrendPoint, n)
	for i := range pts {
		lvl := TrendOK
		switch {
		case i%17 == 5:
			lvl = TrendBad
		case i%11 == 3:
			lvl = TrendWarn
		}
		pts[i] = TrendPoint{At: t0.Add(time.Duration(i) * 37 * time.Minute), Value: float64(20_000 + (i*7919)%300_000), Level: lvl}
	}
	return pts
}

// TestTrendChartGolden: a size chart with the 256KB line, light and dark.
func TestTrendChartGolden(t *testing.T) {
	for _, variant := range []struct {
		name, title string
		v           fyne.ThemeVariant
	}{{"light", "size (newest 60)", theme.VariantLight}, {"dark", "size (newest 60)", theme.VariantDark},
		{"zh-light", "大小 · 最近 60 条", theme.VariantLight}, {"zh-dark", "大小 · 最近 60 条", theme.VariantDark}} {
		t.Run(variant.name, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, variantTheme{theme.DefaultTheme(), variant.v})
			c := NewTrendChart(variant.title, func(v float64) string { return FormatBytes(int64(v)) })
			c.Limit, c.LimitLabel = 262144, "256KB"
			c.Set(trendPoints(60))
			w := test.NewTempWindow(t, c)
			w.Resize(fyne.NewSize(300, c.MinSize().Height+8))
			test.AssertImageMatches(t, fmt.Sprintf("trend-%s.png", variant.name), w.Canvas().Capture())
		})
	}
}

// TestTrendChartDecimates: 10,000 points draw at most one dot per pixel column, the largest value's.
func TestTrendChartDecimates(t *testing.T) {
	test.NewTempApp(t)
	c := NewTrendChart("time", nil)
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(400, 80))
	c.Set(trendPoints(10_000))
	if d := c.Drawn(); d == 0 || d > 400 {
		t.Errorf("%d dots drawn for 10,000 points in 400 px", d)
	}
	c.Set(nil)
	if c.Drawn() != 0 {
		t.Error("dots left after an empty set")
	}
}

// BenchmarkTrendChart10k is one redraw of 10,000 points (the budget: within one frame).
func BenchmarkTrendChart10k(b *testing.B) {
	test.NewTempApp(b)
	c := NewTrendChart("time", func(v float64) string { return fmt.Sprint(v) })
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(600, 80))
	pts := trendPoints(10_000)
	for b.Loop() {
		c.Set(pts)
	}
}
