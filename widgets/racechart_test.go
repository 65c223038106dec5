package widgets

import (
	"fmt"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// judge is the race's rule as the app gives it: before the data arrives the get has the old data (none
// here: a first launch), after it the new; the listener fires when registered before the data arrives.
func judge(arrived time.Duration) func(getAt, listenerAt time.Duration) (RaceGet, bool) {
	return func(getAt, listenerAt time.Duration) (RaceGet, bool) {
		get := RaceNone
		if getAt >= arrived {
			get = RaceNew
		}
		return get, listenerAt <= arrived
	}
}

var zhRaceLabels = RaceLabels{Launch: "启动", Request: "预拉取请求", Get: "getBackgroundFetchData", Listener: "onBackgroundFetchData",
	None: "没有数据", Old: "旧数据", New: "新数据", Fires: "会触发", Missed: "不会触发", NoRequest: "没有预拉取请求"}

func raceChart(labels RaceLabels) *RaceChart {
	c := NewRaceChart()
	c.Labels = labels
	c.Set(true, 620*time.Millisecond, 300*time.Millisecond, 800*time.Millisecond)
	c.Judge = judge(c.Arrived)
	c.Verdict = func(getAt, listenerAt time.Duration, get RaceGet, fires bool) string {
		return fmt.Sprintf("get at %d ms: %d; listener at %d ms fires: %v", getAt.Milliseconds(), get, listenerAt.Milliseconds(), fires)
	}
	return c
}

// TestRaceChartGolden draws a race in zh and en, light and dark.
func TestRaceChartGolden(t *testing.T) {
	for _, lang := range []struct {
		name   string
		labels RaceLabels
	}{{"en", DefaultRaceLabels}, {"zh", zhRaceLabels}} {
		for _, variant := range []struct {
			name string
			th   fyne.Theme
		}{{"light", variantTheme{theme.DefaultTheme(), theme.VariantLight}}, {"dark", variantTheme{theme.DefaultTheme(), theme.VariantDark}}} {
			t.Run(lang.name+"-"+variant.name, func(t *testing.T) {
				test.NewTempApp(t)
				test.ApplyTheme(t, variant.th)
				c := raceChart(lang.labels)
				w := test.NewTempWindow(t, c)
				w.Resize(fyne.NewSize(560, c.MinSize().Height+8))
				test.AssertImageMatches(t, fmt.Sprintf("racechart-%s-%s.png", lang.name, variant.name), w.Canvas().Capture())
			})
		}
	}
}

// TestRaceChartDrag: dragging moves the nearest marker, redraws the verdict and tells the app.
func TestRaceChartDrag(t *testing.T) {
	test.NewTempApp(t)
	c := raceChart(DefaultRaceLabels)
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(560, c.MinSize().Height+8))
	var got []time.Duration
	c.OnChanged = func(getAt, listenerAt time.Duration) { got = []time.Duration{getAt, listenerAt} }
	r := c.r
	// Drag from the get marker (300 ms) to past the arrival (900 ms): it gets the new data.
	start, end := r.xAt(300*time.Millisecond), r.xAt(900*time.Millisecond)
	c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(start, 20)}, Dragged: fyne.NewDelta(0, 0)})
	c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(end, 20)}, Dragged: fyne.NewDelta(end-start, 0)})
	c.DragEnd()
	if c.GetAt < 880*time.Millisecond || c.GetAt > 920*time.Millisecond || c.ListenerAt != 800*time.Millisecond {
		t.Fatalf("after the drag: get at %v, listener at %v", c.GetAt, c.ListenerAt)
	}
	if len(got) != 2 || got[0] != c.GetAt {
		t.Errorf("OnChanged got %v", got)
	}
	if want := fmt.Sprintf("get at %d ms: %d;", c.GetAt.Milliseconds(), RaceNew); !containsText(texts(w.Canvas().Content()), want) {
		t.Errorf("the verdict was not redrawn: %q", texts(w.Canvas().Content()))
	}
	// The next drag, near the listener, moves the listener.
	lx := r.xAt(800 * time.Millisecond)
	c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(lx+2, 20)}})
	c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(r.xAt(1200*time.Millisecond), 20)}})
	c.DragEnd()
	if c.ListenerAt != 1200*time.Millisecond || c.GetAt < 880*time.Millisecond || c.GetAt > 920*time.Millisecond {
		t.Errorf("a drag from the listener marker to 1200 ms: listener at %v, get at %v", c.ListenerAt, c.GetAt)
	}
	if c.ListenerAt%DragStep != 0 {
		t.Errorf("the marker did not snap to the sliders' step: %v", c.ListenerAt)
	}
}

// variantTheme is the default theme held to one variant, whatever the user's preference.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}
