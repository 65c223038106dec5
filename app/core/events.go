package core

import "github.com/bgfetch/devtools/app/project"

// EventKind says what happened.
type EventKind int

// The events the engine publishes.
const (
	ProjectChanged   EventKind = iota // a valid project was (re)loaded
	ProjectInvalid                    // the config on disk is invalid; Project is the last good one (may be nil)
	Fetching                          // a request is about to be sent
	Fetched                           // an attempt finished and was recorded
	Cleared                           // cached data (or history, or the report log) was deleted
	AnalyticsChanged                  // the custom-analytics events changed, or a test started or stopped
	Reported                          // a batch of analytics reports was written to the log
	StoreChanged                      // another process (the CLI, a second window, a bridge) wrote the database
	Compiled                          // the mini program's sources were saved (WatchWith CompilePrefetch); Compile says what was done
)

func (k EventKind) String() string {
	return [...]string{"ProjectChanged", "ProjectInvalid", "Fetching", "Fetched", "Cleared", "AnalyticsChanged", "Reported", "StoreChanged", "Compiled"}[k]
}

// Event is published to subscribers after the engine's state changed.
type Event struct {
	Kind       EventKind
	Project    *project.Project
	Err        error        // ProjectInvalid: the config error; Compiled: the prefetch's failure, or why there is no project
	FetchType  string       // Fetching, Fetched
	Attempt    *Attempt     // Fetched; Compiled: the prefetch sent (nil when the prefetch is off)
	Compile    *CompileInfo // Compiled
	FetchTypes []string     // Cleared: the types cleared (none = all)
	History    bool         // Cleared: history was deleted too
	ReportLog  bool         // Cleared: the analytics report log was deleted
	Reports    []Report     // Reported: the batch, in the order written
	Simulated  bool         // published by a simulated engine (the simulation store, on the simulated clock)
}

// Subscribe calls fn for every event until the returned function is called. fn runs on the goroutine
// that caused the event, never under the engine's lock; it must not block for long (the window hands
// the event to fyne.Do).
func (e *Engine) Subscribe(fn func(Event)) (cancel func()) {
	e.mu.Lock()
	id := e.nextSub
	e.nextSub++
	e.subs[id] = fn
	e.mu.Unlock()
	return func() {
		e.mu.Lock()
		delete(e.subs, id)
		e.mu.Unlock()
	}
}

func (e *Engine) publish(ev Event) {
	ev.Simulated = e.sim
	e.mu.Lock()
	fns := make([]func(Event), 0, len(e.subs))
	for _, fn := range e.subs {
		fns = append(fns, fn)
	}
	e.mu.Unlock()
	for _, fn := range fns {
		fn(ev)
	}
}
