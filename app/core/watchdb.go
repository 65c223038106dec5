package core

import (
	"context"
	"time"
)

// DefaultStorePoll is how often WatchStore looks for other writers.
const DefaultStorePoll = 500 * time.Millisecond

// WatchStore publishes StoreChanged whenever another process (the CLI, a second window, a bridge) has
// written the database since the last look, every interval (0 = DefaultStorePoll), until ctx is done.
// The engine's own writes publish their own events and do not count.
func (e *Engine) WatchStore(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultStorePoll
	}
	last, err := e.db.DataVersion(ctx)
	if err != nil {
		e.log.Warn("watch the database for other writers", "err", err)
	}
	tk := time.NewTicker(interval)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
		}
		v, err := e.db.DataVersion(ctx)
		if err != nil {
			if ctx.Err() == nil {
				e.log.Debug("read data_version", "err", err)
			}
			continue
		}
		if v != last {
			last = v
			p, _ := e.Project()
			e.publish(Event{Kind: StoreChanged, Project: p})
		}
	}
}
