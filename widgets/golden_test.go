package widgets

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// assertGoldens draws what draw returns, in zh and en, light and dark, at 1× in a window of the size it
// gives, and compares each picture with testdata/<name>-<lang>-<variant>.png. draw runs with the test
// app current (and fyne.Do queued on q, never pumped after draw returns unless draw pumps it).
func assertGoldens(t *testing.T, name string, draw func(t *testing.T, lang string, q *uiQueue) (fyne.CanvasObject, fyne.Size)) {
	t.Helper()
	for _, lang := range []string{"en", "zh"} {
		for _, variant := range []struct {
			name string
			v    fyne.ThemeVariant
		}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
			t.Run(lang+"-"+variant.name, func(t *testing.T) {
				a := test.NewTempApp(t)
				test.ApplyTheme(t, variantTheme{theme.DefaultTheme(), variant.v})
				_, q := queueApp(t, a)
				o, size := draw(t, lang, q)
				w := test.NewTempWindow(t, o)
				w.Resize(size)
				q.pump()
				if c := w.Canvas().Scale(); c != 1 {
					t.Fatalf("canvas scale %v, want 1", c)
				}
				test.AssertImageMatches(t, fmt.Sprintf("%s-%s-%s.png", name, lang, variant.name), w.Canvas().Capture())
			})
		}
	}
}
