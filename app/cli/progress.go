package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bgfetch/devtools/app/units"
)

// progress shows, on a terminal, how far a long import or export has gone: after a second, one line on
// standard error rewritten every fifth of a second ("importing big.har: 45% (120 MB of 283 MB)"), cleared
// at the end. Anywhere else (a pipe, a file, CI's log) it prints nothing. Its Write counts bytes: use it
// with io.TeeReader or io.MultiWriter.
type progress struct {
	n     atomic.Int64
	total int64
	label string
	out   io.Writer // nil: not a terminal
	stop  chan struct{}
	wg    sync.WaitGroup
	shown atomic.Bool
}

// startProgress starts a progress line for label over total bytes (0 when unknown).
func (c *command) startProgress(label string, total int64) *progress {
	p := &progress{total: total, label: label, stop: make(chan struct{})}
	if f, ok := c.env.Stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.out = f
		}
	}
	if p.out == nil {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-p.stop:
			return
		case <-time.After(time.Second):
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			p.shown.Store(true)
			fmt.Fprintf(p.out, "\r\033[K%s", p.line())
			select {
			case <-p.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

func (p *progress) Write(b []byte) (int, error) {
	p.n.Add(int64(len(b)))
	return len(b), nil
}

// line is "importing big.har: 45% (120 MB of 283 MB)", or "exporting x.har: 12 MB" with no total.
func (p *progress) line() string {
	n := p.n.Load()
	if p.total > 0 {
		return fmt.Sprintf("%s: %d%% (%s of %s)", p.label, min(100, n*100/p.total), units.Bytes(n), units.Bytes(p.total))
	}
	return fmt.Sprintf("%s: %s", p.label, units.Bytes(n))
}

// done ends the line: it is cleared, so the verb's own output follows on a clean line.
func (p *progress) done() {
	close(p.stop)
	p.wg.Wait()
	if p.out != nil && p.shown.Load() {
		fmt.Fprint(p.out, "\r\033[K")
	}
}
