package core

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/storage"
)

// The periodic-update rules of the client.
const (
	UpdateInterval = 12 * time.Hour     // counted from the last successful update
	InactiveAfter  = 7 * 24 * time.Hour // no updates for a user who has not opened the mini program for longer
	// DefaultRetryAfter is when the tool tries again after a failed update. The platforms do not document
	// their retry; failures do not reset the 12 hours.
	DefaultRetryAfter = time.Hour
)

// ScheduleEventKind says what the schedule did.
type ScheduleEventKind string

// Schedule events.
const (
	SchedAttempt   ScheduleEventKind = "attempt"   // an update was sent (Attempt is set)
	SchedSkipped   ScheduleEventKind = "skipped"   // an update was due but not sent (config invalid)
	SchedInactive  ScheduleEventKind = "inactive"  // the user has not opened the mini program for 7 days
	SchedClockJump ScheduleEventKind = "clockjump" // the machine's clock jumped (sleep)
	SchedWaiting   ScheduleEventKind = "waiting"   // the next update is planned (Next is set)
)

// ScheduleEvent is one line of the schedule's timeline: Msg says it in English (the command line); the
// window says it in its own language from the other fields.
type ScheduleEvent struct {
	Kind    ScheduleEventKind
	At      time.Time // simulated time
	Next    time.Time // the next planned update, when known
	Attempt *Attempt
	Late    time.Duration // how late the attempt started against its due time (a previous pull hung)
	Overran time.Duration // how long an attempt ran, when past the retry interval (pulls never overlap)
	Plan    NextPlan      // SchedInactive and SchedWaiting: the plan, and why
	Jump    time.Duration // SchedClockJump: how far the machine's clock jumped
	Err     error         // SchedSkipped: why the update was not sent (the pull's error)
	Invalid bool          // SchedSkipped: the config is invalid (Err is its error)
	Msg     string
}

// Scheduler runs the client's periodic updates on a simulated engine (OpenSimulation, or Open with
// Options.Simulated) and its simulated clock: the schedule's requests are real, but they and their
// results are recorded in the simulation store only.
type Scheduler struct {
	eng   *Engine
	clock *SimClock
	run   chan struct{} // held by Run (and Reset): one at a time

	mu          sync.Mutex
	retryAfter  time.Duration
	lastFailure time.Time
	opensDaily  bool
	wake        chan struct{}
}

// NewScheduler returns a scheduler for the engine, which must be simulated and opened with clock's Now
// (Run refuses a real engine).
func NewScheduler(eng *Engine, clock *SimClock) *Scheduler {
	return &Scheduler{eng: eng, clock: clock, run: make(chan struct{}, 1), retryAfter: DefaultRetryAfter, opensDaily: true,
		wake: make(chan struct{}, 1)}
}

// Engine is the simulated engine the schedule runs on.
func (s *Scheduler) Engine() *Engine { return s.eng }

// Clock is the simulated clock.
func (s *Scheduler) Clock() *SimClock { return s.clock }

// SetRetryAfter sets the wait after a failed update.
func (s *Scheduler) SetRetryAfter(d time.Duration) error {
	if d <= 0 {
		return errors.New("the retry interval must be positive")
	}
	s.mu.Lock()
	s.retryAfter = d
	s.mu.Unlock()
	s.Wake()
	return nil
}

// SetOpensDaily says whether the simulated user opens the mini program every day (the default), which
// keeps the 7-day rule from stopping updates; off, the user's last open stays where it is.
func (s *Scheduler) SetOpensDaily(on bool) {
	s.mu.Lock()
	s.opensDaily = on
	s.mu.Unlock()
	s.Wake()
}

// OpensDaily reports whether the simulated user opens the mini program every day.
func (s *Scheduler) OpensDaily() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opensDaily
}

// SetLastOpened says when the simulated user last opened the mini program (a cold start sets it to now).
func (s *Scheduler) SetLastOpened(t time.Time) {
	s.eng.SetLastOpened(t)
	s.Wake()
}

// Wake makes a running schedule look at its plan again (after a speed change, a skip, a config change).
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// LastSuccess is the time of the last successful update (when the cached periodic body was fetched).
func (s *Scheduler) LastSuccess(ctx context.Context) (time.Time, error) {
	entry, err := s.eng.Cached(ctx, fetch.Periodic)
	if errors.Is(err, storage.ErrNotFound) {
		return time.Time{}, nil
	}
	return entry.FetchedAt, err
}

// Next says when the next update is due, and why; ok is false when no update will happen (the user is
// inactive).
func (s *Scheduler) Next(ctx context.Context) (due time.Time, why string, ok bool) {
	p := s.NextPlan(ctx)
	return p.Due, p.Why(), p.OK
}

// PlanKind is why the next update is due when it is.
type PlanKind int

// Why the next update is due when it is.
const (
	PlanInterval   PlanKind = iota // 12 h after the last successful update
	PlanRetry                      // the last update failed: Retry after it (failures do not reset the 12 h)
	PlanFirst                      // no successful update yet: due now
	PlanFirstRetry                 // no successful update yet, and the last one failed: Retry after it
	PlanAhead                      // the last update is dated Ahead ahead of the clock: due now
	PlanInactive                   // the user has not opened the mini program for Away (over 7 days): none
	PlanUnreadable                 // the last update cannot be read (Err): due now
)

// NextPlan is the next update as facts: when, why (Kind and the durations it names), and whether there is one.
// Why gives it in English; the window says it in its language.
type NextPlan struct {
	Due   time.Time
	OK    bool
	Kind  PlanKind
	Retry time.Duration // PlanRetry, PlanFirstRetry
	Away  time.Duration // PlanInactive
	Ahead time.Duration // PlanAhead
	Err   error         // PlanUnreadable
}

// Why is the plan's reason in English.
func (p NextPlan) Why() string {
	switch p.Kind {
	case PlanInactive:
		return fmt.Sprintf("the simulated user has not opened the mini program for %s (over 7 days): the client sends no periodic updates until a cold start", days(p.Away))
	case PlanUnreadable:
		return "cannot read the last update: " + p.Err.Error()
	case PlanAhead:
		return fmt.Sprintf("the last update is dated %s ahead of the clock (stored by a simulated run that skipped ahead): due now", p.Ahead.Round(time.Second))
	case PlanFirst:
		return "no successful update yet: due now"
	case PlanFirstRetry:
		return fmt.Sprintf("no successful update yet; retrying %s after the last failure", p.Retry)
	case PlanRetry:
		return fmt.Sprintf("the update failed; retrying %s later (failures do not reset the 12 h)", p.Retry)
	}
	return "12 h after the last successful update"
}

// NextPlan says when the next update is due and why.
func (s *Scheduler) NextPlan(ctx context.Context) NextPlan {
	return s.plan(ctx, s.clock.Now())
}

func (s *Scheduler) plan(ctx context.Context, now time.Time) NextPlan {
	lastOpened := s.eng.LastOpened()
	s.mu.Lock()
	lastFailure, retry, daily := s.lastFailure, s.retryAfter, s.opensDaily
	s.mu.Unlock()
	if away := now.Sub(lastOpened); daily && away >= 24*time.Hour {
		lastOpened = lastOpened.Add(away.Truncate(24 * time.Hour))
		s.eng.SetLastOpened(lastOpened)
	}
	if away := now.Sub(lastOpened); away > InactiveAfter {
		return NextPlan{Kind: PlanInactive, Away: away}
	}
	last, err := s.LastSuccess(ctx)
	if err != nil {
		return NextPlan{Due: now, OK: true, Kind: PlanUnreadable, Err: err}
	}
	switch {
	case last.After(now):
		// An earlier run on a simulated clock that had skipped ahead stored this update; counting 12 h
		// from it would postpone updates by as long as that clock was ahead.
		return NextPlan{Due: now, OK: true, Kind: PlanAhead, Ahead: last.Sub(now)}
	case last.IsZero() && lastFailure.IsZero():
		return NextPlan{Due: now, OK: true, Kind: PlanFirst}
	case last.IsZero():
		return NextPlan{Due: lastFailure.Add(retry), OK: true, Kind: PlanFirstRetry, Retry: retry}
	}
	p := NextPlan{Due: last.Add(UpdateInterval), OK: true, Kind: PlanInterval}
	if lastFailure.After(last) && lastFailure.Add(retry).After(p.Due) {
		p.Due, p.Kind, p.Retry = lastFailure.Add(retry), PlanRetry, retry
	}
	return p
}

// SkipToNext moves the simulated clock to the next due update.
func (s *Scheduler) SkipToNext(ctx context.Context) time.Duration {
	p := s.NextPlan(ctx)
	due, ok := p.Due, p.OK
	if !ok {
		return 0
	}
	d := due.Sub(s.clock.Now())
	s.clock.Advance(d)
	s.Wake()
	return max(d, 0)
}

// acquire waits until no other Run (or Reset) holds the scheduler; false when ctx is done first.
func (s *Scheduler) acquire(ctx context.Context) bool {
	select {
	case s.run <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Scheduler) release() { <-s.run }

// Reset starts the simulation over: the clock goes back to the real time now (its speed kept, and paused
// since no Run is going), the simulation store is emptied (Engine.ResetSimulation), the last failure is
// forgotten and the simulated user counts as having opened the mini program now. A Run still going is
// waited for, so cancel its context first: no attempt of the old simulation lands after the reset. The
// error is ctx's if it ended first, or the store's.
func (s *Scheduler) Reset(ctx context.Context) error {
	if !s.eng.Simulated() {
		return ErrNotSimulated
	}
	if !s.acquire(ctx) {
		return ctx.Err()
	}
	defer s.release()
	s.clock.Reset()
	s.mu.Lock()
	s.lastFailure = time.Time{}
	s.mu.Unlock()
	err := s.eng.ResetSimulation(ctx)
	s.Wake()
	return err
}

// Run performs the updates as they fall due until ctx is done (or the simulated clock passes until, when
// it is not zero), calling emit for each event from Run's goroutine. Pulls never overlap: a pull that
// hangs past the next due time makes that update late, and the event says by how much.
//
// Run resumes the simulated clock when it starts and pauses it when it returns: simulated time passes
// only while the schedule runs. One Run at a time: a second one waits for the first to return (cancel
// its context). On a real engine Run returns ErrNotSimulated at once.
func (s *Scheduler) Run(ctx context.Context, until time.Time, emit func(ScheduleEvent)) error {
	if !s.eng.Simulated() {
		return ErrNotSimulated
	}
	if !s.acquire(ctx) {
		return nil
	}
	defer s.release()
	s.clock.Resume()
	defer s.clock.Pause()
	inactive := false // the last plan was inactive (the user away over 7 days)
	for {
		if err := ctx.Err(); err != nil {
			return nil
		}
		if jump := s.clock.WallJump(); jump != 0 {
			emit(ScheduleEvent{Kind: SchedClockJump, At: s.clock.Now(), Jump: jump, Msg: fmt.Sprintf(
				"the machine's clock jumped %s (sleep?): updates missed meanwhile are not replayed; at most one is sent now", jump.Round(time.Second))})
		}
		now := s.clock.Now()
		if !until.IsZero() && !now.Before(until) {
			return nil
		}
		plan := s.plan(ctx, now)
		due, why, ok := plan.Due, plan.Why(), plan.OK
		if ctx.Err() != nil {
			// Stopped while the plan was read: a read cut short by the stop plans "due now" (no last
			// success), which must not become a pull.
			return nil
		}
		if !ok {
			// Once per spell: a change of the simulation's settings wakes the schedule, which is still
			// inactive, and the timeline need not say so again.
			if !inactive {
				emit(ScheduleEvent{Kind: SchedInactive, At: now, Plan: plan, Msg: why})
			}
			inactive = true
			if !s.wait(ctx, until, time.Time{}) {
				return nil
			}
			continue
		}
		inactive = false
		if due.After(now) {
			emit(ScheduleEvent{Kind: SchedWaiting, At: now, Next: due, Plan: plan, Msg: why})
			if !s.wait(ctx, until, due) {
				return nil
			}
			continue
		}
		if _, perr := s.eng.Project(); perr != nil {
			s.failed(now)
			emit(ScheduleEvent{Kind: SchedSkipped, At: now, Err: perr, Invalid: true, Msg: "the config is invalid, so the update is skipped until it is fixed: " + perr.Error()})
			continue
		}
		a, err := s.eng.Pull(ctx)
		if ctx.Err() != nil {
			return nil
		}
		ev := ScheduleEvent{Kind: SchedAttempt, At: now, Attempt: a, Late: now.Sub(due)}
		switch {
		case a == nil:
			s.failed(now)
			ev.Kind, ev.Err, ev.Msg = SchedSkipped, err, err.Error()
		case !a.Cached:
			s.failed(s.clock.Now())
		}
		s.mu.Lock()
		retry := s.retryAfter
		s.mu.Unlock()
		if took := s.clock.Now().Sub(now); took > retry {
			ev.Overran = took
			ev.Msg = fmt.Sprintf("this pull ran for %s of simulated time, past the next planned update: pulls never overlap, so the next one is planned from when this one ended", took.Round(time.Second))
		}
		if ev.Late > time.Minute {
			ev.Msg = fmt.Sprintf("late by %s: the previous pull was still running when this update fell due", ev.Late.Round(time.Second))
		}
		if p := s.NextPlan(ctx); p.OK {
			ev.Next = p.Due
		}
		emit(ev)
	}
}

func (s *Scheduler) failed(at time.Time) {
	s.mu.Lock()
	s.lastFailure = at
	s.mu.Unlock()
}

// wait sleeps until the simulated time reaches due (or until, if sooner; forever when both are zero), a
// wake-up, or the end of ctx. At SpeedMax the clock jumps instead of sleeping. It returns false when ctx
// is done.
func (s *Scheduler) wait(ctx context.Context, until, due time.Time) bool {
	target := due
	if target.IsZero() || (!until.IsZero() && until.Before(target)) {
		target = until
	}
	var timer <-chan time.Time
	if !target.IsZero() {
		d := target.Sub(s.clock.Now())
		if real := s.clock.RealWait(d); real > 0 {
			// Look again at least every 30 s, so that a clock jump (the machine slept) is noticed soon.
			timer = s.clock.real.After(min(real, 30*time.Second))
		} else {
			s.clock.Advance(d)
			return ctx.Err() == nil
		}
	}
	select {
	case <-ctx.Done():
		return false
	case <-s.wake:
		return true
	case <-timer:
		return true
	}
}

func days(d time.Duration) string {
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}
