package widgets

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// uiQueue is a fyne.Driver that queues fyne.Do calls instead of running them on the calling goroutine,
// as the test driver does. The test goroutine plays the UI goroutine and runs them with pump/waitFor,
// so that work a widget hands to fyne.Do from its own goroutine runs where the real driver would run it
// and the race detector sees no access to the widget from two goroutines.
type uiQueue struct {
	fyne.Driver

	mu     sync.Mutex
	fns    []func()
	notify chan struct{}
	ran    int // how many queued functions have run; only read and written on the test goroutine
}

func (q *uiQueue) DoFromGoroutine(f func(), wait bool) {
	if wait {
		// Nothing in the package waits; keep the test driver's behaviour.
		f()
		return
	}
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// pump runs the functions queued so far, on the calling goroutine.
func (q *uiQueue) pump() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
			q.ran++
		}
	}
}

// waitFor runs queued functions until cond holds, failing the test after a deadline. It never sleeps a
// fixed time: it waits for the next fyne.Do call.
func (q *uiQueue) waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		q.pump()
		if cond() {
			return
		}
		select {
		case <-q.notify:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type queuedApp struct {
	fyne.App
	drv *uiQueue
}

func (a *queuedApp) Driver() fyne.Driver { return a.drv }

// newTestApp is test.NewTempApp with fyne.Do calls queued on q.
func newTestApp(t testing.TB) (fyne.App, *uiQueue) {
	t.Helper()
	return queueApp(t, test.NewTempApp(t))
}

// queueApp makes a (a test app, its theme already applied if need be) current with fyne.Do calls queued.
func queueApp(t testing.TB, a fyne.App) (fyne.App, *uiQueue) {
	t.Helper()
	q := &uiQueue{Driver: a.Driver(), notify: make(chan struct{}, 1)}
	qa := &queuedApp{App: a, drv: q}
	fyne.SetCurrentApp(qa)
	t.Cleanup(func() { fyne.SetCurrentApp(a) })
	return qa, q
}

// do is a BodyViewer.Do that queues f on q. A viewer formats bodies on its own goroutines; one that
// outlives its test (a re-wrap started by a resize, say) then queues on this test's queue, which nobody
// pumps any more, instead of calling fyne.Do on the next test's app from its own goroutine.
func (q *uiQueue) do(f func()) { q.DoFromGoroutine(f, false) }

// showViewer puts a new viewer in a test window of the given size, before any body is set. The viewer's
// Do queues on q; setup may reset it to nil to go through fyne.Do (also queued on q, while the test runs).
func showViewer(t testing.TB, size fyne.Size, setup func(v *BodyViewer)) (*BodyViewer, fyne.Window, fyne.App, *uiQueue) {
	t.Helper()
	a, q := newTestApp(t)
	v := NewBodyViewer()
	v.Do = q.do
	if setup != nil {
		setup(v)
	}
	w := test.NewTempWindow(t, v)
	w.Resize(size)
	q.pump()
	return v, w, a, q
}

// walk visits o and everything rendered below it, depth first; fn returning false stops the walk.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) bool {
	if o == nil {
		return true
	}
	if !fn(o) {
		return false
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, c := range children {
		if !walk(c, fn) {
			return false
		}
	}
	return true
}

// find returns the first object of type T under root that ok accepts.
func find[T fyne.CanvasObject](t testing.TB, root fyne.CanvasObject, ok func(T) bool) T {
	t.Helper()
	var found T
	var hit bool
	walk(root, func(o fyne.CanvasObject) bool {
		if x, is := o.(T); is && (ok == nil || ok(x)) {
			found, hit = x, true
			return false
		}
		return true
	})
	if !hit {
		t.Fatalf("no %T found in the rendered tree", found)
	}
	return found
}

// button finds the visible-or-hidden button with this text.
func button(t testing.TB, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	return find(t, root, func(b *widget.Button) bool { return b.Text == text })
}

// texts are the strings of every canvas.Text drawn under root that is visible, however the widgets
// draw them (Label, RichText, or canvas.Text directly).
func texts(root fyne.CanvasObject) []string {
	var out []string
	var visit func(o fyne.CanvasObject, visible bool)
	visit = func(o fyne.CanvasObject, visible bool) {
		visible = visible && o.Visible()
		if !visible {
			return
		}
		if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
			out = append(out, txt.Text)
		}
		if c, ok := o.(*fyne.Container); ok {
			if _, ok := c.Layout.(*cjkRow); ok { // a body viewer row: its CJK and other segments read as one
				var b strings.Builder
				for _, seg := range c.Objects {
					if seg.Visible() {
						b.WriteString(seg.(*canvas.Text).Text)
					}
				}
				out = append(out, b.String())
				return
			}
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c, visible)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				visit(c, visible)
			}
		}
	}
	visit(root, true)
	return out
}
