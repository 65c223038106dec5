package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/widgets"
)

// walk calls fn for o and every object under it, through containers and widget renderers, hidden ones
// included (a hidden label still holds its text).
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// texts is every text drawn under o: labels, entries, buttons, text grids and plain canvas text.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Entry:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.TextGrid:
			out = append(out, x.Text())
		case *widget.Select:
			out = append(out, x.Selected)
		case *canvas.Text:
			out = append(out, x.Text)
		case *widgets.BodyViewer: // the whole body, not only the rows drawn now
			out = append(out, x.Text())
		}
	})
	return out
}

// overlayText is what the top dialog or pop-up says; "" when none is open.
func (f *fixture) overlayText() string {
	top := f.ui.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return strings.Join(texts(top), "\n")
}

// answer waits for a dialog holding want, then taps its button labelled one of labels.
func (f *fixture) answer(t *testing.T, want string, labels ...string) {
	t.Helper()
	f.p.until(t, "a dialog saying "+want, func() bool { return strings.Contains(f.overlayText(), want) })
	f.tapButton(t, labels...)
	f.p.until(t, "the dialog to close", func() bool { return f.ui.win.Canvas().Overlays().Top() == nil })
}

// tapButton taps the top dialog's button labelled one of labels.
func (f *fixture) tapButton(t *testing.T, labels ...string) {
	t.Helper()
	var btn *widget.Button
	walk(f.ui.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && slices.Contains(labels, b.Text) && btn == nil {
			btn = b
		}
	})
	if btn == nil {
		t.Fatalf("no button %q in the dialog:\n%s", labels, f.overlayText())
	}
	test.Tap(btn)
}

// cancelFileDialog waits for the file dialog the action opened and cancels it.
func (f *fixture) cancelFileDialog(t *testing.T) {
	t.Helper()
	f.p.until(t, "the file dialog", func() bool { return f.ui.fileDialog != nil && f.ui.win.Canvas().Overlays().Top() != nil })
	f.answer(t, "", "Cancel", "取消")
	f.ui.fileDialog = nil
}

// trigger gives the command the way a person would: its menu item when it has one, else its button.
func (f *fixture) trigger(t *testing.T, id string) {
	t.Helper()
	u := f.ui
	if ms := u.menuItems[id]; len(ms) > 0 {
		ms[0].Action()
	} else if bs := u.buttons[id]; len(bs) > 0 {
		test.Tap(bs[0])
	} else {
		t.Fatalf("action %s has neither a menu item nor a button: the palette alone cannot be its only door", id)
	}
}

// copiedResult runs a 复制 JSON action of the getBackgroundFetchData tab and checks the clipboard.
func (f *fixture) copiedResult(t *testing.T, id string, i int) {
	t.Helper()
	u := f.ui
	f.p.until(t, "the result", func() bool { return u.get.JSON(i) != "" && !u.buttons[id][0].Disabled() })
	f.trigger(t, id)
	if got := u.app.Clipboard().Content(); got != u.get.JSON(i) || !strings.Contains(got, "errMsg") {
		t.Errorf("clipboard %.200q, want the result's JSON", got)
	}
}

// pulled makes sure the history holds an attempt and the inspector shows it.
func (f *fixture) pulled(t *testing.T) {
	t.Helper()
	u := f.ui
	// The inspector goes on showing an attempt that 清除请求记录 deleted: that one is not listed any more.
	if a := u.history.Shown(); a != nil && slices.ContainsFunc(u.history.Rows(), func(r core.Attempt) bool { return r.ID == a.ID }) {
		return
	}
	n := len(u.history.Rows())
	u.act("fetch.periodic")
	f.p.until(t, "a pull", func() bool { return len(u.history.Rows()) > n && !u.periodic.Running() })
	u.history.Select(0)
	f.p.until(t, "the inspector", func() bool { a := u.history.Shown(); return a != nil && a.ID == u.history.Rows()[0].ID })
}
