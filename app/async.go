package app

import (
	"context"
	"sync/atomic"
)

// job is a slot for background work of which only the newest run counts: starting it again cancels the
// run before (its context) and drops that run's result. The zero job is ready to use.
type job struct {
	gen    atomic.Uint64
	cancel context.CancelFunc
}

// background runs work off the UI goroutine, with a context the window's closing cancels, and gives its
// result to done on the UI goroutine, unless the window has closed by then or, with a job, a newer run of
// it has started. It is the one way panels run engine work: the window never blocks on the engine or on
// I/O. Call it on the UI goroutine.
func background[T any](u *UI, j *job, work func(context.Context) (T, error), done func(T, error)) {
	ctx := u.ctx
	var gen uint64
	if j != nil {
		if j.cancel != nil {
			j.cancel()
		}
		ctx, j.cancel = context.WithCancel(u.ctx)
		gen = j.gen.Add(1)
	}
	go func() {
		v, err := work(ctx)
		u.do(func() {
			if u.closed || (j != nil && j.gen.Load() != gen) {
				return
			}
			done(v, err)
		})
	}()
}

// backgroundErr is background for work that has only an error: a failure shows in an error dialog, and
// ok (when not nil) runs after a success.
func backgroundErr(u *UI, work func(context.Context) error, ok func()) {
	background(u, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, work(ctx) }, func(_ struct{}, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if ok != nil {
			ok()
		}
	})
}
