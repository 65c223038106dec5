package project

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
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
	// maxLinks bounds a chain of symbolic links, as the kernel does (ELOOP after 40).
	maxLinks = 40
)

// Watcher watches a project folder and reloads the project when one of its configuration files
// changes. Create it with NewWatcher, then call Run.
//
// Symbolic links are followed: when the project folder or a configuration file is a link (or a chain
// of links), the folder of every link on the way and the folder of the final target are watched too,
// so that an edit of the target and a re-pointed link both reload, and the links are resolved again
// after every relevant change.
type Watcher struct {
	dir      string // absolute, as given: may be or go through a symbolic link
	fsw      *fsnotify.Watcher
	debounce time.Duration
	retry    time.Duration

	// Owned by NewWatcher, then by Run's goroutine.
	real  string          // dir with its symbolic links resolved (the folder that is read)
	dirs  map[string]bool // the folders watched, symbolic links resolved
	paths map[string]bool // the paths whose events reload: config files, links on the way, targets

	// Source watching (WatchOptions.Compile), owned like the fields above.
	opt       WatchOptions
	maxDirs   int
	srcRel    string          // miniprogramRoot, relative and slash-separated; "" = the project folder
	cloudRoot string          // cloudfunctionRoot, skipped
	srcDirs   map[string]bool // the source folders watched
	infoMu    sync.Mutex
	info      SourceInfo

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
	return NewWatcherWith(dir, WatchOptions{})
}

// NewWatcherWith is NewWatcher with options: with opt.Compile set, the mini program's sources are
// watched too (the folders below the project folder, or below miniprogramRoot, without node_modules,
// miniprogram_npm, hidden folders, cloudfunctionRoot and top-level build output such as dist), up to
// opt.MaxSourceDirs folders; Sources says how many and whether the cap or the system's limit was met.
func NewWatcherWith(dir string, opt WatchOptions) (*Watcher, error) {
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
	w := &Watcher{dir: abs, fsw: fsw, debounce: debounceDelay, retry: retryInterval, opt: opt,
		maxDirs: cmp.Or(max(opt.MaxSourceDirs, 0), DefaultMaxSourceDirs), srcDirs: map[string]bool{}}
	if w.opt.CompileDelay <= 0 {
		w.opt.CompileDelay = DefaultCompileDelay
	}
	if err := w.resolve(); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("cannot watch project folder %s: %w (on Linux, raise fs.inotify.max_user_watches if the limit is reached)", abs, err)
	}
	w.scanSources()
	return w, nil
}

// follow walks the chain of symbolic links that starts at the absolute path p. Each link is recorded
// in paths, and its folder in dirs: re-pointing a link is an event on its name in its folder. It
// returns where the chain ends, with that path's folder resolved; the end may not exist (a dangling
// link), then err says so. It returns "" when a folder on the way cannot be resolved.
func follow(p string, dirs, paths map[string]bool) (string, error) {
	for range maxLinks {
		parent, err := filepath.EvalSymlinks(filepath.Dir(p))
		if err != nil {
			return "", err
		}
		p = filepath.Join(parent, filepath.Base(p))
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, err
		}
		dirs[parent], paths[p] = true, true
		target, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(parent, target)
		}
		p = filepath.Clean(target)
	}
	return "", fmt.Errorf("%s: more than %d symbolic links in a row (a loop?)", p, maxLinks)
}

// resolve finds the folders to watch (the project folder with its links resolved, the folders of the
// links on the way to it and to its configuration files, and of their targets), starts watching the
// new ones and stops watching those no longer needed. It fails when the project folder cannot be
// resolved or watched.
func (w *Watcher) resolve() error {
	dirs, paths := map[string]bool{}, map[string]bool{}
	real, err := follow(w.dir, dirs, paths)
	if err != nil {
		return err
	}
	dirs[real] = true
	for _, name := range configFiles {
		p := filepath.Join(real, name)
		paths[p] = true
		if end, _ := follow(p, dirs, paths); end != "" && end != p {
			dirs[filepath.Dir(end)], paths[end] = true, true
		}
	}
	// Add every folder, even one watched already: a folder that was removed and made again under the
	// same name needs a new watch.
	if err := w.fsw.Add(real); err != nil {
		return err
	}
	for d := range dirs {
		if d != real {
			_ = w.fsw.Add(d) // a link's folder that cannot be watched: its edits are missed, no more
		}
	}
	for d := range w.dirs {
		if !dirs[d] && !w.srcDirs[d] {
			_ = w.fsw.Remove(d)
		}
	}
	w.real, w.dirs, w.paths = real, dirs, paths
	return nil
}

// configFiles are the base names of the files Load reads.
var configFiles = []string{ProjectConfigFile, PrivateConfigFile, ConfigFile, PreloadFile, AnalyticsFile}

// Run calls fn after every change to one of the project's configuration files, 100 ms after the
// last of a burst of changes, with the freshly loaded project (p, nil) or the reason it is invalid
// (nil, err); the caller keeps its last good project. Changes to other files and attribute-only
// changes are ignored. fn is called from Run's goroutine, never concurrently with itself. If the
// folder itself is removed or moved away, fn gets an error and Run looks for the folder every
// 500 ms, reloading once it is back. Run blocks until ctx is done, then closes the watcher and
// returns ctx.Err(); it returns nil if Close was called, and an error if the watcher fails.
// With WatchOptions.Compile set, it also calls Compile after every burst of source saves (see
// NewWatcherWith), after fn when a configuration file was saved with them.
func (w *Watcher) Run(ctx context.Context, fn func(*Project, error)) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("project: Watcher.Run called more than once")
	}
	defer w.Close()

	reload := time.NewTimer(w.debounce)
	reload.Stop()
	defer reload.Stop()
	compile := time.NewTimer(w.opt.CompileDelay)
	compile.Stop()
	defer compile.Stop()
	pending := pendingCompile{}
	var first time.Time // the first save of the compile pending
	rescan := false     // project.config.json changed: miniprogramRoot may have moved
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

	lost := func() {
		if !gone {
			gone = true
			_ = w.fsw.Remove(w.real) // usually already dropped by fsnotify
			retry = time.NewTicker(w.retry)
			retryC = retry.C
		}
	}

	load := func() {
		p, err := Load(w.dir)
		if err != nil && gone {
			if _, serr := os.Stat(w.dir); serr != nil {
				err = fmt.Errorf("the project folder %s was removed or moved away; BgFetch looks for it every %v and reloads when it is back: %w",
					w.dir, w.retry, serr)
			}
		}
		if rescan && !gone {
			rescan = false
			w.scanSources()
		}
		fn(p, err)
	}

	projectConfig := func() string { return filepath.Join(w.real, ProjectConfigFile) }

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
			case ev.Name == w.real && ev.Has(fsnotify.Remove|fsnotify.Rename):
				// The folder itself was removed or moved away: its watch is gone.
				relevant = true
				lost()
			case ev.Op == fsnotify.Chmod:
			case w.paths[ev.Name]:
				// A config file, a link on the way to it or to the folder, or a link's target:
				// resolve the links again (one may have been re-pointed), then reload.
				relevant = true
				if !gone && w.resolve() != nil {
					lost()
				}
			}
			compiles := false
			if w.opt.Compile != nil && !gone && ev.Op != fsnotify.Chmod {
				switch base := filepath.Base(ev.Name); {
				case ev.Name == projectConfig():
					compiles, rescan = true, true
				case filepath.Dir(ev.Name) == w.real && (base == PrivateConfigFile || IsToolFile(base)):
					// DevTools' local settings and the tool's own files: a reload, no compile.
				default:
					compiles = w.sourceEvent(ev.Name, ev.Has(fsnotify.Create), ev.Has(fsnotify.Remove|fsnotify.Rename))
				}
			}
			if w.observe != nil {
				w.observe(ev, relevant || compiles)
			}
			if relevant {
				reload.Reset(w.debounce)
			}
			if compiles {
				if len(pending) == 0 {
					first = time.Now()
				}
				pending[w.rel(ev.Name)] = true
				// Saves that never pause (a build writing all along) still compile, at most
				// maxCompileWait delays after the first.
				compile.Reset(max(min(w.opt.CompileDelay, time.Until(first.Add(maxCompileWait*w.opt.CompileDelay))), 0))
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
			if err := w.resolve(); err != nil {
				continue
			}
			gone = false
			retry.Stop()
			retry, retryC = nil, nil
			w.scanSources()
			reload.Reset(w.debounce)

		case <-reload.C:
			load()

		case <-compile.C:
			if reload.Stop() {
				load() // the compile uses the configuration saved with it
			}
			if gone || len(pending) == 0 {
				clear(pending)
				continue
			}
			w.opt.Compile(pending.take())
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
