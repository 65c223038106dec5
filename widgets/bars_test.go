package widgets

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestBarChartGolden: reports per hour (vertical) and a field's values (horizontal), light and dark.
func TestBarChartGolden(t *testing.T) {
	hours := []Bar{}
	for i, n := range []float64{3, 0, 7, 12, 4, 0, 0, 9, 15, 2} {
		hours = append(hours, Bar{Label: fmt.Sprintf("12-01 %02d:00", 8+i), Value: n})
	}
	values := []Bar{{`"red"`, 120}, {`"blue"`, 64}, {`"a very long value that does not fit in its column"`, 9}, {"true", 1}}
	for _, variant := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		for _, kind := range []struct {
			name, title string
			bars        []Bar
			horizontal  bool
		}{{"time", "buy 购买 · reports per hour", hours, false}, {"values", "buy · color · values and counts", values, true},
			{"time-zh", "buy 购买 · 每小时上报次数", hours, false}, {"values-zh", "buy · color · 取值与次数", values, true}} {
			t.Run(kind.name+"-"+variant.name, func(t *testing.T) {
				test.NewTempApp(t)
				test.ApplyTheme(t, variantTheme{theme.DefaultTheme(), variant.v})
				c := NewBarChart()
				c.Set(kind.title, kind.bars, kind.horizontal)
				w := test.NewTempWindow(t, c)
				w.Resize(fyne.NewSize(420, c.MinSize().Height+8))
				test.AssertImageMatches(t, fmt.Sprintf("bars-%s-%s.png", kind.name, variant.name), w.Canvas().Capture())
			})
		}
	}
}

func TestFormatCount(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 12: "12", 6.666: "6.7", 15000: "15k", 2_345_678: "2.3M"} {
		if got := FormatCount(v); got != want {
			t.Errorf("FormatCount(%v) = %q, want %q", v, got, want)
		}
	}
}
