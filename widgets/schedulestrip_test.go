package widgets

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// stripPoints are three days of a schedule: an update, a failure and its retry, a success, one skipped.
func stripPoints() ([]StripPoint, time.Time, time.Time) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	pts := []StripPoint{
		{At: t0, Kind: StripSuccess, Text: "12-01 09:00 ✓ HTTP 200 · 395 B"},
		{At: t0.Add(12 * time.Hour), Kind: StripFailure, Text: "12-01 21:00 ✗ HTTP 500"},
		{At: t0.Add(13 * time.Hour), Kind: StripRetry, Text: "12-01 22:00 ✗ retry HTTP 500"},
		{At: t0.Add(14 * time.Hour), Kind: StripSuccess, Text: "12-01 23:00 ✓ HTTP 200 · 395 B"},
		{At: t0.Add(38 * time.Hour), Kind: StripSkipped, Text: "12-02 23:00 inactive: not opened for 7 days"},
	}
	now := t0.Add(40 * time.Hour)
	return pts, now, t0.Add(50 * time.Hour)
}

// TestScheduleStripGolden draws the strip, light and dark (its words are the app's, in the points).
func TestScheduleStripGolden(t *testing.T) {
	for _, variant := range []struct {
		name, failure string
		v             fyne.ThemeVariant
	}{{"light", "12-01 21:00 ✗ HTTP 500", theme.VariantLight}, {"dark", "12-01 21:00 ✗ HTTP 500", theme.VariantDark},
		{"zh-light", "12-01 21:00 ✗ HTTP 500 · 未缓存", theme.VariantLight}, {"zh-dark", "12-01 21:00 ✗ HTTP 500 · 未缓存", theme.VariantDark}} {
		t.Run(variant.name, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, variantTheme{theme.DefaultTheme(), variant.v})
			s := NewScheduleStrip()
			pts, now, next := stripPoints()
			pts[1].Text = variant.failure
			s.Set(pts, now, next)
			w := test.NewTempWindow(t, s)
			w.Resize(fyne.NewSize(520, s.MinSize().Height+8))
			r := s.r
			s.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(r.xAt(pts[1].At), stripLineY)}})
			test.AssertImageMatches(t, fmt.Sprintf("schedulestrip-%s.png", variant.name), w.Canvas().Capture())
		})
	}
}

// TestScheduleStripTapAndHover: a tap near a dot picks it and tells the app; hover shows its text; an empty
// strip says what it will show.
func TestScheduleStripTapAndHover(t *testing.T) {
	test.NewTempApp(t)
	s := NewScheduleStrip()
	s.Empty = "run the schedule"
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(520, 80))
	if !containsText(texts(w.Canvas().Content()), "run the schedule") {
		t.Error("the empty strip says nothing")
	}
	pts, now, next := stripPoints()
	s.Set(pts, now, next)
	tapped := -1
	s.OnTapped = func(i int) { tapped = i }
	x := s.r.xAt(pts[3].At)
	test.TapAt(s, fyne.NewPos(x+3, stripLineY)) // 3 px off the dot still picks it
	if tapped != 3 || s.Hovered() != 3 || !containsText(texts(w.Canvas().Content()), "12-01 23:00 ✓ HTTP 200") {
		t.Errorf("tapped %d, hovered %d, shown %q", tapped, s.Hovered(), texts(w.Canvas().Content()))
	}
	s.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(s.r.xAt(pts[4].At), stripLineY)}})
	if s.Hovered() != 4 || !containsText(texts(w.Canvas().Content()), "inactive") {
		t.Errorf("hover: %d", s.Hovered())
	}
	test.TapAt(s, fyne.NewPos(s.r.left()+1, stripLineY)) // far from every dot: nothing
	if tapped != 3 {
		t.Errorf("a tap far from the dots picked %d", tapped)
	}
}

// TestScheduleStripDecimates: 10,000 updates draw at most one dot per pixel column, failures kept over
// successes in a column.
func TestScheduleStripDecimates(t *testing.T) {
	test.NewTempApp(t)
	s := NewScheduleStrip()
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(400, 80))
	s.Set(manyPoints(10_000), time.Time{}, time.Time{})
	if d := s.r.drawn; d == 0 || d > 401 {
		t.Errorf("%d dots drawn for 10,000 points in 400 px", d)
	}
	failures := 0
	for _, c := range s.r.dots[:s.r.drawn] {
		if c.FillColor == kindColor(StripFailure) {
			failures++
		}
	}
	if failures == 0 {
		t.Error("the failures were dropped")
	}
}

func manyPoints(n int) []StripPoint {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pts := make([]StripPoint, n)
	for i := range pts {
		k := StripSuccess
		if i%97 == 0 {
			k = StripFailure
		}
		pts[i] = StripPoint{At: t0.Add(time.Duration(i) * 12 * time.Hour), Kind: k}
	}
	return pts
}

// BenchmarkScheduleStrip10k is one redraw of 10,000 updates (within one frame).
func BenchmarkScheduleStrip10k(b *testing.B) {
	test.NewTempApp(b)
	s := NewScheduleStrip()
	w := test.NewTempWindow(b, s)
	w.Resize(fyne.NewSize(600, 80))
	pts := manyPoints(10_000)
	now := pts[len(pts)-1].At
	for b.Loop() {
		s.Set(pts, now, now.Add(12*time.Hour))
	}
}
