package widgets

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestToastComesAndGoes: hidden at first; a notice shows; it hides after Duration unless a newer notice
// came, which then stays its own Duration.
func TestToastComesAndGoes(t *testing.T) {
	_, q := newTestApp(t)
	toast := NewToast()
	toast.Do = q.do
	w := test.NewTempWindow(t, container.NewStack(widget.NewLabel("under"), toast))
	w.Resize(fyne.NewSize(600, 300))
	if toast.Visible() {
		t.Fatal("a new toast shows")
	}
	toast.Duration = time.Millisecond
	toast.Notify("first")
	if !toast.Visible() || toast.Text() != "first" || !containsText(texts(w.Canvas().Content()), "first") {
		t.Fatalf("after Notify: shown %v, text %q, drawn %q", toast.Visible(), toast.Text(), texts(w.Canvas().Content()))
	}
	toast.Duration = 500 * time.Millisecond
	toast.Notify("second") // the first notice's timer must not hide the second
	q.waitFor(t, "the first timer", func() bool { return q.ran >= 1 })
	if q.ran == 1 && !toast.Visible() {
		t.Error("the first notice's timer hid the second")
	}
	q.waitFor(t, "the toast to go", func() bool { return !toast.Visible() })
	if toast.Text() != "second" {
		t.Errorf("Text() = %q", toast.Text())
	}
}

// TestToastPlace: at the bottom right, at least 240 wide, at most 60% of the area, and no minimum size of
// its own (it never grows what it covers).
func TestToastPlace(t *testing.T) {
	_, q := newTestApp(t)
	toast := NewToast()
	toast.Do = q.do
	if m := toast.MinSize(); m.Width != 0 || m.Height != 0 {
		t.Errorf("MinSize %v", m)
	}
	for _, tc := range []struct {
		width float32
		want  func(area float32) float32
	}{{800, func(float32) float32 { return 240 }}, {300, func(area float32) float32 { return area * 0.6 }}} {
		w := test.NewTempWindow(t, toast)
		w.Resize(fyne.NewSize(tc.width, 200))
		toast.Notify("已保存")
		box := test.WidgetRenderer(toast).Objects()[0]
		if want := tc.want(toast.Size().Width); box.Size().Width != want {
			t.Errorf("in %v: box %v wide, want %v", tc.width, box.Size().Width, want)
		}
		if right := box.Position().X + box.Size().Width; right >= toast.Size().Width || toast.Size().Width-right > 20 {
			t.Errorf("in %v: box ends at %v of %v", tc.width, right, toast.Size().Width)
		}
		if bottom := box.Position().Y + box.Size().Height; bottom >= toast.Size().Height || toast.Size().Height-bottom > 20 {
			t.Errorf("in %v: box bottom at %v of %v", tc.width, bottom, toast.Size().Height)
		}
		w.SetContent(widget.NewLabel(""))
	}
}

var toastText = map[string]string{
	"en": "Exported 12 reports to /home/dev/reports.csv",
	"zh": "已导出 12 条上报到 /home/dev/reports.csv",
}

// TestToastGolden draws a notice over a panel.
func TestToastGolden(t *testing.T) {
	assertGoldens(t, "toast", func(t *testing.T, lang string, q *uiQueue) (fyne.CanvasObject, fyne.Size) {
		toast := NewToast()
		toast.Do = q.do // the timer's hiding is queued and never run: the picture is taken first
		toast.Notify(toastText[lang])
		under := widget.NewLabel(strings.Repeat("panel ", 12))
		under.Wrapping = fyne.TextWrapWord
		return container.NewStack(under, toast), fyne.NewSize(480, 120)
	})
}
