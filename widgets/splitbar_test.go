package widgets

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestSplitBarGolden draws a 10% grayscale split with the current user marked, in zh and en, light and dark.
func TestSplitBarGolden(t *testing.T) {
	for _, lang := range []struct{ name, first, second, mark string }{
		{"en", "grayscale 10% · 103 simulated users", "main address · 897", "current user · bucket 49"},
		{"zh", "灰度地址 10% · 103 个模拟用户", "主地址 · 897 个", "当前用户 · 分桶 49"},
	} {
		for _, variant := range []struct {
			name string
			v    fyne.ThemeVariant
		}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
			t.Run(lang.name+"-"+variant.name, func(t *testing.T) {
				test.NewTempApp(t)
				test.ApplyTheme(t, variantTheme{theme.DefaultTheme(), variant.v})
				b := NewSplitBar()
				b.Set(0.10, lang.first, lang.second, 0.495, lang.mark, false)
				w := test.NewTempWindow(t, b)
				w.Resize(fyne.NewSize(420, b.MinSize().Height+8))
				test.AssertImageMatches(t, fmt.Sprintf("splitbar-%s-%s.png", lang.name, variant.name), w.Canvas().Capture())
			})
		}
	}
}

// TestSplitBarCaptions: both captions are drawn; in a narrow bar the second goes under the first.
func TestSplitBarCaptions(t *testing.T) {
	test.NewTempApp(t)
	b := NewSplitBar()
	b.Set(0.5, "grayscale 50% · 500 simulated users", "main address · 500", -1, "", false)
	w := test.NewTempWindow(t, b)
	w.Resize(fyne.NewSize(220, 80))
	got := texts(w.Canvas().Content())
	if !containsText(got, "grayscale 50%") || !containsText(got, "main address · 500") {
		t.Errorf("captions %q", got)
	}
	if b.Marker >= 0 {
		t.Error("no marker asked for")
	}
}
