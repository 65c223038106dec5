package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
)

// stampServer answers every request with a small JSON body and records each request's timestamp query
// parameter.
type stampServer struct {
	*httptest.Server
	mu     sync.Mutex
	stamps []int64
}

func newStampServer(t *testing.T) *stampServer {
	s := &stampServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts, err := strconv.ParseInt(r.URL.Query().Get("timestamp"), 10, 64)
		if err != nil {
			ts = -1
		}
		s.mu.Lock()
		s.stamps = append(s.stamps, ts)
		s.mu.Unlock()
		fmt.Fprintf(w, `{"ts":%d}`, ts)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *stampServer) all() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.stamps...)
}

// simPair is a real engine on the wall clock and the simulation following it, in one data folder.
type simPair struct {
	real, sim *Engine
	clock     *SimClock
	sched     *Scheduler
	srv       *stampServer
	dir, data string
}

func newSimPair(t *testing.T) *simPair {
	t.Helper()
	p := &simPair{srv: newStampServer(t), data: t.TempDir()}
	p.dir = newProject(t, weappConfig(p.srv.URL, "/ok"))
	var err error
	if p.real, err = Open(Options{ProjectDir: p.dir, DataDir: p.data}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.real.Close() })
	p.clock = NewSimClock(nil)
	if p.sim, err = OpenSimulation(p.real, p.clock); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.sim.Close() })
	p.sched = NewScheduler(p.sim, p.clock)
	return p
}

func near(t *testing.T, what string, got, want time.Time, within time.Duration) {
	t.Helper()
	if d := got.Sub(want); d > within || d < -within {
		t.Errorf("%s is %s (%s from now), want within %s of now", what, got.Format(time.RFC3339Nano), d, within)
	}
}

// The schedule at max speed for 3 simulated days leaves the real data alone: a real pull afterwards is
// stamped with the wall clock, and the real cache and history hold only it.
func TestSimulatedScheduleDoesNotLeakIntoRealData(t *testing.T) {
	ctx := context.Background()
	p := newSimPair(t)
	if p.real.DBPath() == p.sim.DBPath() || filepath.Base(p.sim.DBPath()) != SimDBFile || filepath.Dir(p.sim.DBPath()) != filepath.Dir(p.real.DBPath()) {
		t.Fatalf("real %s, simulation %s", p.real.DBPath(), p.sim.DBPath())
	}
	if p.real.Simulated() || !p.sim.Simulated() {
		t.Fatal("Simulated() is wrong")
	}
	if err := p.clock.SetSpeed(SpeedMax); err != nil {
		t.Fatal(err)
	}
	start := p.clock.Now()
	var evs []ScheduleEvent
	if err := p.sched.Run(ctx, start.Add(72*time.Hour), func(ev ScheduleEvent) { evs = append(evs, ev) }); err != nil {
		t.Fatal(err)
	}
	if got := attempts(evs); len(got) != 6 {
		t.Fatalf("%d simulated updates in 3 days, want 6", len(got))
	}
	if !p.clock.Paused() {
		t.Error("the clock runs on after the schedule stopped")
	}
	if stamps := p.srv.all(); len(stamps) != 6 || time.UnixMilli(stamps[5]).Sub(start) < 60*time.Hour {
		t.Fatalf("the schedule's timestamps %v do not run 3 days ahead of %d", stamps, start.UnixMilli())
	}

	a, err := p.real.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	stamps := p.srv.all()
	near(t, "the real pull's timestamp", time.UnixMilli(stamps[len(stamps)-1]), now, 5*time.Second)
	near(t, "the real attempt's StartedAt", a.StartedAt, now, 5*time.Second)
	entry, err := p.real.Cached(ctx, fetch.Periodic)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "the real cache's FetchedAt", entry.FetchedAt, now, 5*time.Second)
	if entry.AttemptID != a.ID {
		t.Errorf("the real cache holds attempt %d, want the real pull %d", entry.AttemptID, a.ID)
	}
	real, err := p.real.History(ctx, HistoryFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(real) != 1 || real[0].ID != a.ID {
		t.Errorf("real history holds %d attempts, want only the real pull", len(real))
	}
	res, _ := p.real.Get(ctx, fetch.Periodic, Android)
	near(t, "getBackgroundFetchData's timeStamp", time.UnixMilli(res.Value.(WxSuccess).TimeStamp), now, 5*time.Second)

	sim, err := p.sim.History(ctx, HistoryFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(sim) != 6 {
		t.Errorf("the simulation store holds %d attempts, want the schedule's 6", len(sim))
	}
	simEntry, _ := p.sim.Cached(ctx, fetch.Periodic)
	if simEntry.FetchedAt.Sub(start) < 60*time.Hour {
		t.Errorf("the simulation's last update %s is not on the simulated clock", simEntry.FetchedAt)
	}
	last, _ := p.sched.LastSuccess(ctx)
	if !last.Equal(simEntry.FetchedAt) {
		t.Errorf("the schedule's last success %s, want the simulation store's %s", last, simEntry.FetchedAt)
	}
}

func TestTheScheduleRunsOnlyOnASimulatedEngine(t *testing.T) {
	ctx := context.Background()
	p := newSimPair(t)
	s := NewScheduler(p.real, p.clock)
	if err := s.Run(ctx, p.clock.Now().Add(time.Hour), func(ScheduleEvent) {}); !errors.Is(err, ErrNotSimulated) {
		t.Errorf("Run on the real engine: %v", err)
	}
	if err := s.Reset(ctx); !errors.Is(err, ErrNotSimulated) {
		t.Errorf("Reset on the real engine: %v", err)
	}
	if err := p.real.ResetSimulation(ctx); !errors.Is(err, ErrNotSimulated) {
		t.Errorf("ResetSimulation on the real engine: %v", err)
	}
	if len(p.srv.all()) != 0 {
		t.Error("a request was sent")
	}
	if _, err := Open(Options{DataDir: t.TempDir(), Simulated: true}); !errors.Is(err, ErrNoSimClock) {
		t.Errorf("a simulated engine without a clock: %v", err)
	}
	if _, err := OpenSimulation(p.sim, p.clock); err == nil {
		t.Error("a simulation following a simulation")
	}
}

func TestTheSimulationFollowsTheRealProject(t *testing.T) {
	p := newSimPair(t)
	sp, err := p.sim.Project()
	if err != nil || sp == nil || sp.AppID != "wxtest" || p.sim.ProjectDir() != p.real.ProjectDir() {
		t.Fatalf("at open: %+v %v, dir %s", sp, err, p.sim.ProjectDir())
	}
	var mu sync.Mutex
	var evs []Event
	stop := p.sim.Subscribe(func(ev Event) { mu.Lock(); evs = append(evs, ev); mu.Unlock() })
	defer stop()

	other := newProject(t, weappConfig(p.srv.URL, "/other"))
	writeFile(t, filepath.Join(other, project.ProjectConfigFile), `{"appid": "wxother"}`)
	p.real.SetProjectDir(other)
	if sp, _ := p.sim.Project(); sp == nil || sp.AppID != "wxother" || p.sim.ProjectDir() != other {
		t.Errorf("after the switch: %+v in %s", sp, p.sim.ProjectDir())
	}
	writeFile(t, filepath.Join(other, project.ConfigFile), `{"token": `)
	p.real.Reload()
	if sp, err := p.sim.Project(); err == nil || sp == nil || sp.AppID != "wxother" {
		t.Errorf("after a bad config: %+v %v", sp, err)
	}
	mu.Lock()
	kinds := ""
	for _, ev := range evs {
		kinds += ev.Kind.String() + " "
		if !ev.Simulated {
			t.Errorf("%s from the simulation not marked simulated", ev.Kind)
		}
	}
	mu.Unlock()
	if kinds != "ProjectChanged ProjectInvalid " {
		t.Errorf("the simulation published %q", kinds)
	}

	// Switching the simulated user of the simulation leaves the real engine's alone; switching the
	// project from the simulation switches the real engine.
	p.sim.SetUser(&project.User{OpenID: "simonly", Tester: true})
	if u, switched := p.real.CurrentUser(); switched || u.OpenID == "simonly" {
		t.Errorf("the real engine's user became %+v", u)
	}
	p.sim.SetProjectDir(p.dir)
	if p.real.ProjectDir() != p.dir || p.sim.ProjectDir() != p.dir {
		t.Errorf("real %s, simulation %s", p.real.ProjectDir(), p.sim.ProjectDir())
	}
	if u, _ := p.sim.CurrentUser(); u.OpenID != "simonly" {
		t.Errorf("the simulated user was lost on the switch: %+v", u)
	}
	// A closed simulation follows no more.
	p.sim.Close()
	p.real.SetProjectDir(other)
	if p.sim.ProjectDir() != p.dir {
		t.Error("a closed simulation still follows")
	}
}

func TestResetStartsTheSimulationOver(t *testing.T) {
	ctx := context.Background()
	p := newSimPair(t)
	if _, err := p.real.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	_ = p.clock.SetSpeed(SpeedMax)
	start := p.clock.Now()
	if err := p.sched.Run(ctx, start.Add(48*time.Hour), func(ScheduleEvent) {}); err != nil {
		t.Fatal(err)
	}
	p.sched.SkipToNext(ctx)
	if p.clock.Now().Sub(start) < 48*time.Hour {
		t.Fatalf("the clock is at +%s", p.clock.Now().Sub(start))
	}

	// Reset while the schedule runs: cancel it, and Reset waits for it to return.
	runCtx, cancel := context.WithCancel(ctx)
	first := make(chan struct{})
	done := make(chan error, 1)
	_ = p.clock.SetSpeed(SpeedRealTime)
	go func() {
		var once sync.Once
		done <- p.sched.Run(runCtx, time.Time{}, func(ScheduleEvent) { once.Do(func() { close(first) }) })
	}()
	<-first
	cancel()
	if err := p.sched.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	near(t, "the reset clock", p.clock.Now(), time.Now(), 5*time.Second)
	if !p.clock.Paused() || p.clock.Speed() != SpeedRealTime {
		t.Errorf("after the reset: paused %v, speed %v", p.clock.Paused(), p.clock.Speed())
	}
	if n, _ := p.sim.CountHistory(ctx, HistoryFilter{}); n != 0 {
		t.Errorf("%d simulated attempts after the reset", n)
	}
	if _, err := p.sim.Cached(ctx, fetch.Periodic); err == nil {
		t.Error("a simulated cached body after the reset")
	}
	near(t, "the simulated user's last open", p.sim.LastOpened(), time.Now(), 5*time.Second)
	if due, why, ok := p.sched.Next(ctx); !ok || due.After(p.clock.Now()) {
		t.Errorf("after the reset the first update is not due now: %s %q", due, why)
	}
	// The real data is untouched.
	if n, _ := p.real.CountHistory(ctx, HistoryFilter{}); n != 1 {
		t.Errorf("the real history holds %d attempts, want 1", n)
	}
	if _, err := p.real.Cached(ctx, fetch.Periodic); err != nil {
		t.Errorf("the real cached body: %v", err)
	}
}

func TestSimClockPauseResumeReset(t *testing.T) {
	fr := newFakeReal()
	c := NewSimClock(fr)
	if !c.Paused() || !c.Now().Equal(t0) {
		t.Fatalf("a new clock: paused %v at %s", c.Paused(), c.Now())
	}
	<-fr.After(time.Hour)
	if !c.Now().Equal(t0) {
		t.Errorf("a paused clock moved to %s", c.Now())
	}
	if w := c.RealWait(time.Minute); w != Forever {
		t.Errorf("RealWait while paused: %s", w)
	}
	if w := c.RealWait(0); w != 0 {
		t.Errorf("RealWait(0) while paused: %s", w)
	}
	// Skipping works while paused.
	c.Advance(12 * time.Hour)
	if got := c.Now().Sub(t0); got != 12*time.Hour {
		t.Errorf("after a skip while paused: +%s", got)
	}
	// A sleep while paused is no jump, and does not move the clock.
	fr.jumpWall(30 * time.Hour)
	if j := c.WallJump(); j != 0 || c.Now().Sub(t0) != 12*time.Hour {
		t.Errorf("a sleep while paused: jump %s, clock +%s", j, c.Now().Sub(t0))
	}
	// Resumed, it runs at its speed from where it stood.
	_ = c.SetSpeed(SpeedMinute)
	if !c.Paused() {
		t.Error("SetSpeed resumed the clock")
	}
	c.Resume()
	if c.Paused() || c.Now().Sub(t0) != 12*time.Hour {
		t.Errorf("resumed: paused %v at +%s", c.Paused(), c.Now().Sub(t0))
	}
	if j := c.WallJump(); j != 0 {
		t.Errorf("the sleep while paused was reported after Resume: %s", j)
	}
	if w := c.RealWait(12 * time.Hour); w != time.Minute {
		t.Errorf("RealWait at 720×: %s", w)
	}
	<-fr.After(time.Minute)
	if got := c.Now().Sub(t0); got != 24*time.Hour {
		t.Errorf("a real minute at 720× after the skip: +%s", got)
	}
	c.Resume() // resuming a running clock changes nothing
	c.Pause()
	stood := c.Now()
	<-fr.After(time.Minute)
	c.Pause()
	if !c.Now().Equal(stood) {
		t.Errorf("paused again, the clock moved %s", c.Now().Sub(stood))
	}
	// Reset goes back to the real time now, keeping the speed and the state.
	c.Reset()
	if !c.Now().Equal(fr.Now()) || !c.Paused() || c.Speed() != SpeedMinute {
		t.Errorf("reset: %s (real %s), paused %v, speed %v", c.Now(), fr.Now(), c.Paused(), c.Speed())
	}
	c.Resume()
	c.Advance(time.Hour)
	c.Reset()
	if !c.Now().Equal(fr.Now()) || c.Paused() {
		t.Errorf("reset while running: %s (real %s), paused %v", c.Now(), fr.Now(), c.Paused())
	}
	<-fr.After(time.Second)
	if got := c.Now().Sub(fr.Now()); got != 719*time.Second {
		t.Errorf("a running clock after a reset: %s ahead of real time after 1 s at 720×", got)
	}
	// At max speed a paused clock still waits forever; a running one not at all.
	_ = c.SetSpeed(SpeedMax)
	if c.RealWait(time.Hour) != 0 {
		t.Error("RealWait at max speed")
	}
	c.Pause()
	if c.RealWait(time.Hour) != Forever {
		t.Error("RealWait paused at max speed")
	}
}
