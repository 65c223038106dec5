package shell

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/widgets"
)

// progressAfter is how long work runs before its progress shows: shorter work just ends.
const progressAfter = time.Second

// Progress counts the bytes of long work that streams a file (a HAR import reads one, an export writes
// one) and, once the work has run for a second, shows them in a dialog with a bar (against the file's size
// when known) and 取消, which cancels the work's context. Write is safe from the work's goroutine: use it
// with io.TeeReader or io.MultiWriter.
type Progress struct {
	n      atomic.Int64
	total  atomic.Int64
	cancel context.CancelFunc
	done   chan struct{}
}

// StartProgress starts counting for work titled title, on the UI goroutine. The work runs with ctx, and
// may say its size in bytes (SetTotal) when it knows it; Stop, on the UI goroutine when the work has ended,
// hides the dialog.
func StartProgress(s Shell, title string) (p *Progress, ctx context.Context) {
	ctx, cancel := context.WithCancel(s.Context())
	p = &Progress{cancel: cancel, done: make(chan struct{})}
	go p.show(s, title)
	return p, ctx
}

// SetTotal says how many bytes the work has in all (a file's size); safe from the work's goroutine.
func (p *Progress) SetTotal(n int64) { p.total.Store(n) }

// Write counts len(b) bytes done.
func (p *Progress) Write(b []byte) (int, error) {
	p.n.Add(int64(len(b)))
	return len(b), nil
}

// Stop ends the progress: the dialog, if it showed, closes.
func (p *Progress) Stop() {
	select {
	case <-p.done:
	default:
		close(p.done)
	}
	p.cancel()
}

// show waits a second, then shows the dialog and updates it ten times a second until Stop.
func (p *Progress) show(s Shell, title string) {
	select {
	case <-p.done:
		return
	case <-time.After(progressAfter):
	}
	var d dialog.Dialog
	var bar *widget.ProgressBar
	var label *widget.Label
	s.Do(func() {
		select {
		case <-p.done:
			return
		default:
		}
		if s.Closed() {
			return
		}
		label = widget.NewLabel(p.text(s))
		var content fyne.CanvasObject = label
		if p.total.Load() > 0 {
			bar = widget.NewProgressBar()
			content = container.NewVBox(bar, label)
		} else {
			content = container.NewVBox(widget.NewProgressBarInfinite(), label)
		}
		d = dialog.NewCustom(title, s.T("取消"), content, s.Window())
		d.SetOnClosed(p.cancel) // 取消, or Esc
		d.Resize(fyne.NewSize(420, d.MinSize().Height))
		s.ShowDialog(d)
	})
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			s.Do(func() {
				if d != nil {
					d.Hide() // its cancel on closing is a no-op now: Stop cancelled the context already
				}
			})
			return
		case <-tick.C:
			s.Do(func() {
				if d == nil {
					return
				}
				if bar != nil {
					bar.SetValue(min(1, float64(p.n.Load())/float64(p.total.Load())))
				}
				label.SetText(p.text(s))
			})
		}
	}
}

// text is "12.3 MB / 283 MB", or "12.3 MB" when the size is unknown.
func (p *Progress) text(s Shell) string {
	if total := p.total.Load(); total > 0 {
		return s.F("已处理 %s / %s", widgets.FormatBytes(p.n.Load()), widgets.FormatBytes(total))
	}
	return s.F("已处理 %s", widgets.FormatBytes(p.n.Load()))
}
