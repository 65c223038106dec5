package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	// debounceDelay is how long after the last relevant event the project is reloaded.
	debounceDelay = 100 * time.Millisecond
	// retryInterval is how often a removed project folder is looked for again.
	retryInterval = 500 * time.Millisecond
)

// Watcher watches a project folder and reloads the project when one of its configuration files
// changes. Create it with NewWatcher, then call Run.
type Watcher struct {
	dir      string
	fsw      *fsnotify.Watcher
	debounce time.Duration
	retry    time.Duration

	running   atomic.Bool
	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error

	// observe, when set (by tests, before Run), is called from Run's goroutine for every event with
	// whether it schedules a reload.
	observe func(ev fsnotify.Event, relevant bool)
}

// NewWatcher starts watching the folder dir (the folder, not the files: editors save by writing a
// new file and renaming it over the old one). The watch is in place when NewWatcher returns, so a
// change made right after is seen by Run.
func NewWatcher(dir string) (*Watcher, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("project folder %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot watch project folder %s: %w", abs, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("cannot watch %s: it is a file, not the project folder", abs)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch project folder %s: %w (on Linux, raise fs.inotify.max_user_instances if too many watchers are open)", abs, err)
	}
	if err := fsw.Add(abs); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("cannot watch project folder %s: %w (on Linux, raise fs.inotify.max_user_watches if the limit is reached)", abs, err)
	}
	return &Watcher{dir: abs, fsw: fsw, debounce: debounceDelay, retry: retryInterval}, nil
}

// isConfigFile reports whether name is the base name of a file Load reads.
func isConfigFile(name string) bool {
	switch name {
	case ProjectConfigFile, PrivateConfigFile, ConfigFile, PreloadFile, AnalyticsFile:
		return true
	}
	return false
}

// Run calls fn after every change to one of the project's configuration files, 100 ms after the
// last of a burst of changes, with the freshly loaded project (p, nil) or the reason it is invalid
// (nil, err); the caller keeps its last good project. Changes to other files and attribute-only
// changes are ignored. fn is called from Run's goroutine, never concurrently with itself. If the
// folder itself is removed or moved away, fn gets an error and Run looks for the folder every
// 500 ms, reloading once it is back. Run blocks until ctx is done, then closes the watcher and
// returns ctx.Err(); it returns nil if Close was called, and an error if the watcher fails.
func (w *Watcher) Run(ctx context.Context, fn func(*Project, error)) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("project: Watcher.Run called more than once")
	}
	defer w.Close()

	reload := time.NewTimer(w.debounce)
	reload.Stop()
	defer reload.Stop()
	var retry *time.Ticker
	var retryC <-chan time.Time
	defer func() {
		if retry != nil {
			retry.Stop()
		}
	}()
	gone := false

	stopped := func() error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if w.closed.Load() {
			return nil
		}
		return fmt.Errorf("watching project folder %s stopped unexpectedly: %w", w.dir, fsnotify.ErrClosed)
	}

	for {
		select {
		case <-ctx.Done():
			return ctx.Err()

		case ev, ok := <-w.fsw.Events:
			if !ok {
				return stopped()
			}
			relevant := false
			switch {
			case ev.Name == w.dir && ev.Has(fsnotify.Remove|fsnotify.Rename):
				// The folder itself was removed or moved away: its watch is gone.
				relevant = true
				if !gone {
					gone = true
					_ = w.fsw.Remove(w.dir) // usually already dropped by fsnotify
					retry = time.NewTicker(w.retry)
					retryC = retry.C
				}
			case ev.Op == fsnotify.Chmod:
			case filepath.Dir(ev.Name) == w.dir && isConfigFile(filepath.Base(ev.Name)):
				relevant = true
			}
			if w.observe != nil {
				w.observe(ev, relevant)
			}
			if relevant {
				reload.Reset(w.debounce)
			}

		case err, ok := <-w.fsw.Errors:
			if !ok {
				return stopped()
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost; reload to be sure to have the current state.
				reload.Reset(w.debounce)
				continue
			}
			fn(nil, fmt.Errorf("watching project folder %s: %w", w.dir, err))

		case <-retryC:
			if err := w.fsw.Add(w.dir); err != nil {
				continue
			}
			gone = false
			retry.Stop()
			retry, retryC = nil, nil
			reload.Reset(w.debounce)

		case <-reload.C:
			p, err := Load(w.dir)
			if err != nil && gone {
				if _, serr := os.Stat(w.dir); serr != nil {
					err = fmt.Errorf("the project folder %s was removed or moved away; BgFetch looks for it every %v and reloads when it is back: %w",
						w.dir, w.retry, serr)
				}
			}
			fn(p, err)
		}
	}
}

// Close stops watching. It is safe to call more than once and concurrently with Run, which then
// returns nil.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		w.closed.Store(true)
		w.closeErr = w.fsw.Close()
	})
	return w.closeErr
}
