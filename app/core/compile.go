package core

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// OriginCompile is the Origin of an attempt sent because the mini program's sources were saved (编译时预拉取):
// WeChat DevTools, with 启用数据预拉取 on, cold-starts the mini program with a prefetch on every compile.
const OriginCompile = "compile"

// WatchOptions configure WatchWith.
type WatchOptions struct {
	// CompilePrefetch watches the mini program's sources too and treats a burst of saves (app.js/ts,
	// app.json, pages, components, project.config.json; not node_modules, miniprogram_npm, hidden folders,
	// build output or the tool's own files) as a compile: Compiled is published, and when the project's
	// prefetch is on (PrefetchOn) the prefetch is sent first with the configured launch parameters, as an
	// attempt with Origin OriginCompile.
	CompilePrefetch bool
	CompileDelay    time.Duration // the debounce of compiles; 0 = project.DefaultCompileDelay
	MaxSourceDirs   int           // 0 = project.DefaultMaxSourceDirs
	// Sources, when set with CompilePrefetch, is told which source folders are watched, before ready is
	// closed (and whether a cap or the system's limit left some out).
	Sources func(project.SourceInfo)
}

// CompileInfo is one compile (a save of the mini program's sources), as Compiled reports it.
type CompileInfo struct {
	Files []string // relative to the project folder, slash-separated, sorted (at most 20)
	More  int      // how many more files were saved
	// Prefetch is whether the project's prefetch is on, so that the compile sent it (the event's Attempt,
	// and Err when it failed); when off, Off says why the mini program does not prefetch.
	Prefetch bool
	Off      PrefetchOffReason
}

// PrefetchOffReason says why the mini program would not prefetch on a cold start.
type PrefetchOffReason string

// The reasons.
const (
	PrefetchSwitchOff PrefetchOffReason = "switch"  // WeChat/QQ: setting.preloadBackgroundData (启用数据预拉取) is off
	PrefetchNoEntry   PrefetchOffReason = "preload" // Alipay: preload.json has no entry of fetchType pre
)

// PrefetchOff is why a cold start of p requests nothing ("" when PrefetchOn).
func PrefetchOff(p *project.Project) PrefetchOffReason {
	switch {
	case p == nil || PrefetchOn(p):
		return ""
	case platform.Of(p.Platform).Prefetch == platform.SwitchPreloadJSON:
		return PrefetchNoEntry
	}
	return PrefetchSwitchOff
}

// PrefetchOffNote is the reason in English, for the command line.
func PrefetchOffNote(r PrefetchOffReason) string {
	switch r {
	case PrefetchSwitchOff:
		return "the mini program would not prefetch: 启用数据预拉取 (setting.preloadBackgroundData) is off in " + project.ProjectConfigFile
	case PrefetchNoEntry:
		return "the mini program would not prefetch: " + project.PreloadFile + " has no entry of fetchType pre"
	}
	return ""
}

// WatchWith is Watch with options; with CompilePrefetch it also watches the sources (see WatchOptions).
// Compiles are handled one at a time, off the watcher's goroutine: saves made while a compile's
// prefetch is in flight make one more compile after it. When ctx is done, a prefetch in flight is
// cancelled (and recorded so), and WatchWith returns once it is.
func (e *Engine) WatchWith(ctx context.Context, ready chan<- struct{}, opt WatchOptions) error {
	if e.follow != nil {
		if ready != nil {
			close(ready)
		}
		<-ctx.Done()
		return nil
	}
	dir := e.ProjectDir()
	wo := project.WatchOptions{CompileDelay: opt.CompileDelay, MaxSourceDirs: opt.MaxSourceDirs}
	var q *compileQueue
	if opt.CompilePrefetch {
		q = &compileQueue{signal: make(chan struct{}, 1)}
		wo.Compile = q.push
	}
	w, err := project.NewWatcherWith(dir, wo)
	if err == nil && q != nil && opt.Sources != nil {
		opt.Sources(w.Sources())
	}
	if ready != nil {
		close(ready)
	}
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer w.Close()
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if q != nil {
		wg.Go(func() { q.run(wctx, func(c project.Compile) { e.compile(wctx, dir, c) }) })
	}
	err = w.Run(ctx, func(p *project.Project, err error) { e.apply(dir, p, err) })
	stop()
	wg.Wait()
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// compile handles one compile of the project in dir: the tool's own saves are dropped; then, with the
// project's prefetch on, the prefetch is sent; Compiled says what happened.
func (e *Engine) compile(ctx context.Context, dir string, c project.Compile) {
	c.Files = slices.DeleteFunc(c.Files, func(f string) bool { return e.ownSave(filepath.Join(dir, filepath.FromSlash(f))) })
	if len(c.Files) == 0 && c.More == 0 {
		return
	}
	if e.ProjectDir() != dir || ctx.Err() != nil { // switched away meanwhile, or stopping
		return
	}
	info := &CompileInfo{Files: c.Files, More: c.More}
	p, err := e.current()
	if err != nil {
		e.publish(Event{Kind: Compiled, Compile: info, Err: err})
		return
	}
	if info.Off = PrefetchOff(p); info.Off != "" {
		e.log.Info("compile", "files", c.Files, "prefetch", "off")
		e.publish(Event{Kind: Compiled, Project: p, Compile: info})
		return
	}
	info.Prefetch = true
	a, err := e.prefetch(ctx, nil, OriginCompile)
	e.publish(Event{Kind: Compiled, Project: p, Compile: info, Attempt: a, Err: err})
}

// wroteFile remembers what the tool itself wrote to path, so that the save it causes is no compile.
func (e *Engine) wroteFile(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.wrote == nil {
		e.wrote = map[string][sha256.Size]byte{}
	}
	e.wrote[path] = sha256.Sum256(data)
}

// ownSave reports whether path holds exactly what the tool last wrote there.
func (e *Engine) ownSave(path string) bool {
	e.mu.Lock()
	sum, ok := e.wrote[path]
	e.mu.Unlock()
	if !ok {
		return false
	}
	data, err := os.ReadFile(path)
	return err == nil && sha256.Sum256(data) == sum
}

// compileQueue hands compiles from the watcher's goroutine to one worker; compiles that arrive while
// the worker is busy are merged into the next one.
type compileQueue struct {
	mu      sync.Mutex
	pending *project.Compile
	signal  chan struct{}
}

func (q *compileQueue) push(c project.Compile) {
	q.mu.Lock()
	if q.pending == nil {
		q.pending = &c
	} else {
		files := append(q.pending.Files, c.Files...)
		slices.Sort(files)
		q.pending.Files = slices.Compact(files)
		q.pending.More += c.More
	}
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

func (q *compileQueue) run(ctx context.Context, fn func(project.Compile)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-q.signal:
			q.mu.Lock()
			c := q.pending
			q.pending = nil
			q.mu.Unlock()
			if c != nil {
				fn(*c)
			}
		}
	}
}
