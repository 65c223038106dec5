package core

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
)

// fakeReal is a real clock for tests: After advances it at once, so schedules run without sleeping; the
// wall clock can jump on its own.
type fakeReal struct {
	mu   sync.Mutex
	mono time.Time
	wall time.Time
}

func newFakeReal() *fakeReal { return &fakeReal{mono: t0, wall: t0} }

func (f *fakeReal) Now() time.Time  { f.mu.Lock(); defer f.mu.Unlock(); return f.mono }
func (f *fakeReal) Wall() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.wall }
func (f *fakeReal) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	f.mono, f.wall = f.mono.Add(d), f.wall.Add(d)
	now := f.mono
	f.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

// jumpWall moves the wall clock only, as a machine that slept.
func (f *fakeReal) jumpWall(d time.Duration) { f.mu.Lock(); f.wall = f.wall.Add(d); f.mu.Unlock() }

// schedFixture is an engine on a simulated clock, with a server whose answers a test can script.
type schedFixture struct {
	eng   *Engine
	sched *Scheduler
	clock *SimClock
	real  *fakeReal
	dir   string
	fail  atomic.Bool
	hits  atomic.Int32
}

func newSchedFixture(t *testing.T, real RealClock) *schedFixture {
	f := &schedFixture{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		if f.fail.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		if r.URL.Path == "/hang" {
			time.Sleep(150 * time.Millisecond)
		}
		fmt.Fprintf(w, `{"ts":%q}`, r.URL.Query().Get("timestamp"))
	}))
	t.Cleanup(srv.Close)
	f.dir = newProject(t, weappConfig(srv.URL, "/ok"))
	writeFile(t, filepath.Join(f.dir, project.ProjectConfigFile), `{"appid": "wxsched", "setting": {"preloadBackgroundData": true}}`)
	if fr, ok := real.(*fakeReal); ok {
		f.real = fr
	}
	f.clock = NewSimClock(real)
	e, err := Open(Options{ProjectDir: f.dir, DataDir: t.TempDir(), Now: f.clock.Now, Simulated: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	f.eng, f.sched = e, NewScheduler(e, f.clock)
	return f
}

// run runs the schedule for d of simulated time and returns its events.
func (f *schedFixture) run(t *testing.T, d time.Duration) []ScheduleEvent {
	t.Helper()
	var evs []ScheduleEvent
	until := f.clock.Now().Add(d)
	if err := f.sched.Run(context.Background(), until, func(ev ScheduleEvent) { evs = append(evs, ev) }); err != nil {
		t.Fatal(err)
	}
	return evs
}

func attempts(evs []ScheduleEvent) []ScheduleEvent {
	var out []ScheduleEvent
	for _, ev := range evs {
		if ev.Kind == SchedAttempt {
			out = append(out, ev)
		}
	}
	return out
}

func TestScheduleEvery12HoursFromTheLastSuccess(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	start := f.clock.Now()
	got := attempts(f.run(t, 72*time.Hour))
	if len(got) != 6 {
		t.Fatalf("%d updates in 3 days, want 6", len(got))
	}
	for i, ev := range got {
		want := start.Add(time.Duration(i) * UpdateInterval)
		if d := ev.At.Sub(want); d < 0 || d > time.Second {
			t.Errorf("update %d at +%s, want +%s", i, ev.At.Sub(start), want.Sub(start))
		}
		// The simulated clock is what the request's timestamp carries.
		if ts := fmt.Sprint(ev.At.UnixMilli()); !strings.Contains(ev.Attempt.URL, "timestamp="+ts) {
			t.Errorf("update %d: %s does not carry timestamp %s", i, ev.Attempt.URL, ts)
		}
	}
	res, _ := f.eng.Get(context.Background(), fetch.Periodic, Android)
	if ts := res.Value.(WxSuccess).TimeStamp; ts < got[5].At.UnixMilli() {
		t.Errorf("timeStamp %d is not on the simulated clock", ts)
	}
}

func TestFailuresDoNotResetThe12Hours(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	start := f.clock.Now()
	if got := attempts(f.run(t, time.Hour)); len(got) != 1 || !got[0].Attempt.Cached {
		t.Fatalf("first update: %+v", got)
	}
	f.fail.Store(true)
	got := attempts(f.run(t, 12*time.Hour+30*time.Minute)) // to +13h30m: fails at +12h and +13h
	f.fail.Store(false)
	got = append(got, attempts(f.run(t, 13*time.Hour))...) // succeeds at +14h, then at +26h
	var at []string
	for _, ev := range got {
		at = append(at, fmt.Sprintf("+%s %v", ev.At.Sub(start).Round(time.Minute), ev.Attempt.Cached))
	}
	want := "[+12h0m0s false +13h0m0s false +14h0m0s true +26h0m0s true]"
	if fmt.Sprint(at) != want {
		t.Errorf("updates %v\nwant    %s", at, want)
	}
	due, why, _ := f.sched.Next(context.Background())
	if due.Sub(start).Round(time.Minute) != 38*time.Hour || !strings.Contains(why, "12 h after the last successful update") {
		t.Errorf("next %s (%s)", due.Sub(start), why)
	}
}

func TestNoUpdatesForAUserAwayMoreThan7Days(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	f.sched.SetOpensDaily(false)
	f.sched.SetLastOpened(f.clock.Now().Add(-8 * 24 * time.Hour))
	// The window wakes the schedule at each change of its settings: still inactive, it says so once.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				f.sched.Wake()
			}
		}
	}()
	evs := f.run(t, 48*time.Hour)
	if len(attempts(evs)) != 0 || evs[0].Kind != SchedInactive || !strings.Contains(evs[0].Msg, "over 7 days") {
		t.Fatalf("events %+v", evs)
	}
	if evs[0].Plan.Kind != PlanInactive || evs[0].Plan.Away < 8*24*time.Hour {
		t.Errorf("the inactive event's plan: %+v", evs[0].Plan)
	}
	for _, ev := range evs[1:] {
		if ev.Kind == SchedInactive {
			t.Errorf("inactive said again at %v: %d events", ev.At, len(evs))
			break
		}
	}
	// A cold start counts as opening the mini program: updates resume.
	if _, err := f.eng.ColdStart(context.Background(), ColdStartOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := attempts(f.run(t, time.Hour)); len(got) != 1 {
		t.Errorf("after a cold start: %d updates", len(got))
	}
}

func TestScheduleSkipsWhileTheConfigIsInvalid(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	writeFile(t, filepath.Join(f.dir, project.ConfigFile), `{"token": `)
	f.eng.Reload()
	evs := f.run(t, 3*time.Hour)
	if len(attempts(evs)) != 0 || evs[0].Kind != SchedSkipped || !strings.Contains(evs[0].Msg, "config is invalid") ||
		!evs[0].Invalid || evs[0].Err == nil {
		t.Fatalf("events %+v", evs)
	}
	if f.hits.Load() != 0 {
		t.Errorf("%d requests sent with an invalid config", f.hits.Load())
	}
	writeFile(t, filepath.Join(f.dir, project.ConfigFile), weappConfig("http://"+strings.TrimPrefix(mustURL(t, f), "http://"), "/ok"))
	f.eng.Reload()
	if got := attempts(f.run(t, 2*time.Hour)); len(got) != 1 || !got[0].Attempt.Cached {
		t.Errorf("after the fix: %+v", got)
	}
}

func mustURL(t *testing.T, f *schedFixture) string {
	p, _ := f.eng.Project()
	return strings.TrimSuffix(p.Periodic.URL, "/ok")
}

func TestSkipToNextUpdate(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	ctx := context.Background()
	f.run(t, time.Minute)
	before := f.clock.Now()
	skipped := f.sched.SkipToNext(ctx)
	if skipped < 11*time.Hour || f.clock.Now().Sub(before) != skipped {
		t.Errorf("skipped %s", skipped)
	}
	if due, _, _ := f.sched.Next(ctx); due.After(f.clock.Now()) {
		t.Errorf("after the skip the update is still ahead: %s", due.Sub(f.clock.Now()))
	}
}

func TestClockJumpIsReportedAndCaughtUpOnce(t *testing.T) {
	fr := newFakeReal()
	f := newSchedFixture(t, fr)
	start := f.clock.Now()
	// The machine sleeps 30 hours while the schedule runs (between runs the clock is paused, and a sleep
	// then is no jump of the simulation: see TestASleepWhilePausedIsNoJump).
	var evs []ScheduleEvent
	slept := false
	err := f.sched.Run(context.Background(), start.Add(31*time.Hour), func(ev ScheduleEvent) {
		evs = append(evs, ev)
		if ev.Kind == SchedWaiting && !slept {
			slept = true
			fr.jumpWall(30 * time.Hour)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	jump := -1
	for i, ev := range evs {
		if ev.Kind == SchedClockJump {
			jump = i
			break
		}
	}
	if jump < 0 || !strings.Contains(evs[jump].Msg, "30h0m0s") {
		t.Fatalf("events %+v", evs)
	}
	got := attempts(evs[jump:])
	if len(got) != 1 || got[0].At.Sub(start) < 30*time.Hour {
		t.Errorf("want one catch-up update after the jump, got %+v", got)
	}
}

func TestASleepWhilePausedIsNoJump(t *testing.T) {
	fr := newFakeReal()
	f := newSchedFixture(t, fr)
	start := f.clock.Now()
	f.run(t, time.Minute)
	stopped := f.clock.Now()
	fr.jumpWall(30 * time.Hour) // the machine slept 30 hours while the schedule was stopped
	<-fr.After(time.Hour)       // and an hour passed
	if !f.clock.Now().Equal(stopped) {
		t.Fatalf("the stopped clock moved %s", f.clock.Now().Sub(stopped))
	}
	evs := f.run(t, time.Minute)
	for _, ev := range evs {
		if ev.Kind == SchedClockJump || ev.Kind == SchedAttempt {
			t.Errorf("after a sleep while stopped: %s at +%s %s", ev.Kind, ev.At.Sub(start), ev.Msg)
		}
	}
}

func TestSpeedAndMax(t *testing.T) {
	for _, s := range []string{"0", "-1", "abc", "NaN", "inf"} {
		if _, err := ParseSpeed(s); err == nil {
			t.Errorf("ParseSpeed(%q) accepted", s)
		}
	}
	c := NewSimClock(newFakeReal())
	if err := c.SetSpeed(0); err == nil {
		t.Error("speed 0 accepted")
	}
	if v, _ := ParseSpeed("720"); v != SpeedMinute {
		t.Errorf("720 → %v", v)
	}
	fr := newFakeReal()
	c = NewSimClock(fr)
	_ = c.SetSpeed(SpeedMinute)
	c.Resume() // a new clock stands still until resumed
	before := c.Now()
	<-fr.After(time.Minute)
	if got := c.Now().Sub(before); got != 12*time.Hour {
		t.Errorf("a real minute at 720× is %s of simulated time", got)
	}
	// At max speed, 30 days of updates need no waiting at all.
	f := newSchedFixture(t, nil)
	_ = f.clock.SetSpeed(SpeedMax)
	if got := attempts(f.run(t, 30*24*time.Hour)); len(got) != 60 {
		t.Errorf("%d updates in 30 days, want 60", len(got))
	}
}

func TestAHangingPullNeverOverlaps(t *testing.T) {
	f := newSchedFixture(t, nil) // real time: the server really hangs 150 ms
	p, _ := f.eng.Project()
	writeFile(t, filepath.Join(f.dir, project.ConfigFile), weappConfig(strings.TrimSuffix(p.Periodic.URL, "/ok"), "/hang"))
	f.eng.Reload()
	_ = f.clock.SetSpeed(1e6) // 150 ms is about 42 simulated hours
	all := f.run(t, 100*time.Hour)
	for _, ev := range all {
		t.Logf("%s %s %s", ev.Kind, ev.At, ev.Msg)
	}
	evs := attempts(all)
	if len(evs) < 2 {
		t.Fatalf("%d updates", len(evs))
	}
	if !strings.Contains(evs[0].Msg, "pulls never overlap") {
		t.Errorf("msg %q", evs[0].Msg)
	}
	if n := f.hits.Load(); int(n) != len(evs) {
		t.Errorf("%d requests for %d updates", n, len(evs))
	}
}

func TestColdStartTimeline(t *testing.T) {
	ctx := context.Background()
	f := newSchedFixture(t, newFakeReal())
	// No previous data: a call before the data arrives fails on Android, succeeds empty on iOS.
	res, err := f.eng.ColdStart(ctx, ColdStartOptions{OS: Android, GetAt: 0, ListenerAt: 0, ServerDelay: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Get.OK || !res.After.OK || !res.ListenerFires || res.Arrived < 500*time.Millisecond {
		t.Errorf("first launch: get %+v after %+v fires %v arrived %s", res.Get, res.After, res.ListenerFires, res.Arrived)
	}
	res, _ = f.eng.ColdStart(ctx, ColdStartOptions{OS: IOS, GetAt: 0, ListenerAt: 2 * time.Second, ServerDelay: time.Second})
	if !res.Get.OK || res.ListenerFires || !strings.Contains(res.ListenerWhy, "does not fire") {
		t.Errorf("late listener: %+v", res)
	}
	// The previous data is what an early call gets.
	if !strings.Contains(res.Get.Value.(WxSuccess).FetchedData, `"ts"`) {
		t.Errorf("early call on the second launch: %+v", res.Get)
	}
	// Race gives the same verdicts at the moments the launch was replayed at, and at others without sending.
	if get, fires := res.Race(0, 2*time.Second); get != "old" || fires {
		t.Errorf("Race at the replayed moments: %s %v", get, fires)
	}
	if get, fires := res.Race(res.Arrived, 0); get != "new" || !fires {
		t.Errorf("Race with a get at the arrival and an early listener: %s %v", get, fires)
	}
	// A call after the data arrived gets the new data.
	res, _ = f.eng.ColdStart(ctx, ColdStartOptions{OS: Android, GetAt: 3 * time.Second, ListenerAt: 0})
	if res.GetWhy != "called after the request finished" || len(res.Timeline) < 5 {
		t.Errorf("late call: %s, timeline %+v", res.GetWhy, res.Timeline)
	}
	for i := 1; i < len(res.Timeline); i++ {
		if res.Timeline[i].At < res.Timeline[i-1].At {
			t.Errorf("timeline out of order: %+v", res.Timeline)
		}
	}
	// With 启用数据预拉取 off nothing is requested.
	writeFile(t, filepath.Join(f.dir, project.ProjectConfigFile), `{"appid": "wxsched", "setting": {"preloadBackgroundData": false}}`)
	f.eng.Reload()
	n := f.hits.Load()
	res, _ = f.eng.ColdStart(ctx, ColdStartOptions{})
	if res.Attempt != nil || f.hits.Load() != n || !strings.Contains(res.GetWhy, "off") {
		t.Errorf("with the switch off: %+v", res)
	}
	if get, fires := res.Race(time.Hour, 0); get != "old" || fires {
		t.Errorf("Race with the switch off: %s %v", get, fires)
	}
}

func TestSwitchingTheSimulatedUser(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	p, _ := f.eng.Project()
	base := strings.TrimSuffix(p.Periodic.URL, "/ok")
	writeFile(t, filepath.Join(f.dir, project.ConfigFile), fmt.Sprintf(`{"token": "t1",
  "periodic": {"url": %q, "gray": {"url": %q, "percent": 0}}}`, base+"/ok", base+"/gray"))
	f.eng.Reload()
	a, _ := f.eng.Pull(context.Background())
	if a.Variant != "main" {
		t.Fatalf("a plain user got %s", a.Variant)
	}
	f.eng.SetUser(&project.User{OpenID: "dev", Tester: true})
	a, _ = f.eng.Pull(context.Background())
	if a.Variant != "gray" || !strings.Contains(a.URL, "/gray") {
		t.Errorf("a tester got %s %s", a.Variant, a.URL)
	}
	if u, switched := f.eng.CurrentUser(); !switched || !u.Tester {
		t.Errorf("current user %+v %v", u, switched)
	}
	f.eng.SetUser(nil)
	if a, _ = f.eng.Pull(context.Background()); a.Variant != "main" {
		t.Errorf("back to the config's user: %s", a.Variant)
	}
}

func TestGraySplit(t *testing.T) {
	for _, tt := range []struct{ percent, lo, hi int }{{0, 0, 0}, {10, 60, 140}, {50, 440, 560}, {100, 1000, 1000}} {
		gray, main := fetch.GraySplit("wxsplit", tt.percent, 1000)
		if gray < tt.lo || gray > tt.hi || gray+main != 1000 {
			t.Errorf("%d%%: %d gray, %d main", tt.percent, gray, main)
		}
	}
}

func TestAlipayColdStartFollowsPreloadJSON(t *testing.T) {
	srv := newDevServer(t)
	dir := newProject(t, `{"platform": "alipay"}`) // project.config.json says preloadBackgroundData false
	writeFile(t, filepath.Join(dir, project.PreloadFile), `[{"fetchType": "pre", "params": {"url": "`+srv.URL+`/ok"}}]`)
	e := openEngine(t, dir, &clock{t: t0})
	res, err := e.ColdStart(context.Background(), ColdStartOptions{ListenerAt: 0})
	if err != nil || res.Attempt == nil || !res.After.OK {
		t.Fatalf("an Alipay cold start with a pre entry sent nothing: %+v %v", res, err)
	}
}

func TestImportingAHARKeepsTheSentAttempts(t *testing.T) {
	ctx := context.Background()
	srv := newDevServer(t)
	e := openEngine(t, newProject(t, weappConfig(srv.URL, "/ok")), &clock{t: t0})
	if err := e.SetRetention(ctx, 3); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := e.Pull(ctx); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := e.HistoryWithBodies(ctx, HistoryFilter{})
	var har strings.Builder
	if err := WriteHAR(&har, list, true, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ImportHAR(ctx, strings.NewReader(har.String())); err != nil {
		t.Fatal(err)
	}
	all, _ := e.History(ctx, HistoryFilter{Limit: 100})
	sent := 0
	for _, a := range all {
		if a.Origin == "" {
			sent++
		}
	}
	if sent != 3 || len(all) != 6 {
		t.Errorf("after importing 3 entries: %d sent attempts of %d, want 3 of 6", sent, len(all))
	}
}

func TestShortSecretsAreMaskedAsWholeWords(t *testing.T) {
	a := Attempt{URL: "https://x.example/p?token=tok&tokens=xtok&t=tok", RequestBody: `{"token":"tok","note":"stock"}`}
	m := Mask(a, "tok")
	if m.URL != "https://x.example/p?token="+Masked+"&tokens=xtok&t="+Masked || m.RequestBody != `{"token":"`+Masked+`","note":"stock"}` {
		t.Errorf("masked %q %q", m.URL, m.RequestBody)
	}
	long := Mask(Attempt{URL: "https://x.example/p?token=secret-token-1&x=asecret-token-1b"}, "secret-token-1")
	if strings.Contains(long.URL, "secret-token-1") {
		t.Errorf("a long secret must go wherever it appears: %q", long.URL)
	}
}

// An update stored by a simulated run that had skipped ahead does not postpone the next session's plan.
func TestAnUpdateDatedInTheFutureIsDueNow(t *testing.T) {
	f := newSchedFixture(t, newFakeReal())
	ctx := context.Background()
	f.run(t, time.Minute)
	f.sched.SkipToNext(ctx)
	f.run(t, time.Minute) // an update 12 h ahead of the real clock
	later := NewScheduler(f.eng, NewSimClock(newFakeReal()))
	due, why, ok := later.Next(ctx)
	if !ok || !due.Equal(later.Clock().Now()) || !strings.Contains(why, "ahead of the clock") {
		t.Errorf("next after a future update: %s (%v) %q", due.Sub(later.Clock().Now()), ok, why)
	}
}
