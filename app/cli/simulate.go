package cli

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
)

// maxSpanDays bounds every span a verb takes (--for, --retry, --away): ten years, far more than any
// simulation needs, and far below where a time.Duration (about 292 years) overflows.
const maxSpanDays = 3650

// maxSpan is maxSpanDays as a duration.
const maxSpan = maxSpanDays * 24 * time.Hour

// spanSyntax matches what time.ParseDuration accepts, to tell a span too long for it from a typo.
var spanSyntax = regexp.MustCompile(`^[+-]?([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+$`)

// parseSpan reads a duration that may use days: "3d", "36h", "90m", "1d12h". It is at most
// maxSpanDays days.
func parseSpan(s string) (time.Duration, error) {
	tooLong := fmt.Errorf("%q is longer than %dd (10 years), the longest span bgfetch takes; use at most %dd", s, maxSpanDays, maxSpanDays)
	var total time.Duration
	if d, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if errors.Is(err, strconv.ErrRange) && n > 0 { // 1e400d
			return 0, tooLong
		}
		if err != nil || !(n >= 0) || math.IsInf(n, 0) { // !(n >= 0) is also true for NaN
			return 0, fmt.Errorf("%q is not a duration such as 3d, 36h or 90m", s)
		}
		if n > maxSpanDays {
			return 0, tooLong
		}
		total = time.Duration(n * float64(24*time.Hour))
		s = rest
	}
	if s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			if spanSyntax.MatchString(s) && !strings.HasPrefix(s, "-") {
				return 0, tooLong // the syntax is right: time.ParseDuration overflowed
			}
			return 0, fmt.Errorf("%q is not a duration such as 3d, 36h or 90m", s)
		}
		total += d
	}
	if total > maxSpan {
		return 0, tooLong
	}
	return total, nil
}

// ScheduleEventJSON is one event as `schedule --json` prints it.
type ScheduleEventJSON struct {
	Kind    string       `json:"kind"`
	At      string       `json:"at"`
	Offset  string       `json:"offset"`
	Next    string       `json:"next,omitempty"`
	Msg     string       `json:"msg,omitempty"`
	Attempt *AttemptJSON `json:"attempt,omitempty"`
}

func (c *command) schedule(ctx context.Context, args []string) int {
	fs := c.flags()
	speedFlag := fs.String("speed", "720", "simulated seconds per real second: 1 (real time), 720 (12 h a minute), 4320 (12 h in 10 s), or max (no waiting)")
	forFlag := fs.String("for", "3d", "how much simulated time to run, e.g. 3d, 36h (at most 3650d)")
	retryFlag := fs.String("retry", "1h", "wait after a failed update (the platforms do not document theirs)")
	awayFlag := fs.String("away", "", "the simulated user last opened the mini program this long ago and does not open it again, e.g. 8d")
	if !c.parse(args) {
		return ExitUsage
	}
	speed, err := core.ParseSpeed(*speedFlag)
	if err != nil {
		c.errorf("--speed: %v", err)
		return ExitUsage
	}
	span, err := parseSpan(*forFlag)
	if err != nil || span <= 0 {
		c.errorf("--for: %v", orMsg(err, "must be more than 0"))
		return ExitUsage
	}
	retry, err := parseSpan(*retryFlag)
	if err != nil || retry <= 0 {
		c.errorf("--retry: %v", orMsg(err, "must be more than 0"))
		return ExitUsage
	}
	var away time.Duration
	if *awayFlag != "" {
		if away, err = parseSpan(*awayFlag); err != nil {
			c.errorf("--away: %v", err)
			return ExitUsage
		}
	}
	clock := core.NewSimClock(nil) // paused at now; Run resumes it
	if err := clock.SetSpeed(speed); err != nil {
		c.errorf("%v", err)
		return ExitUsage
	}
	e, code := c.openWith(clock) // the simulation store: nothing reaches bgfetch.db
	if e == nil {
		return code
	}
	defer e.Close()
	s := core.NewScheduler(e, clock)
	_ = s.SetRetryAfter(retry)
	if *awayFlag != "" {
		s.SetOpensDaily(false)
		s.SetLastOpened(clock.Now().Add(-away))
	}
	start := clock.Now()
	var events []ScheduleEventJSON
	failed, printed := false, false
	if !c.jsonOut {
		fprintf(c.env.Stdout, "schedule from %s for %s at %s; Ctrl-C stops it\n", start.Format("2006-01-02 15:04:05"), *forFlag, speedName(speed))
	}
	err = s.Run(ctx, start.Add(span), func(ev core.ScheduleEvent) {
		j := ScheduleEventJSON{Kind: string(ev.Kind), At: ev.At.Format(time.RFC3339Nano), Offset: offset(ev.At.Sub(start)), Msg: c.masker().String(ev.Msg)}
		if !ev.Next.IsZero() {
			j.Next = ev.Next.Format(time.RFC3339Nano)
		}
		if ev.Attempt != nil {
			aj := c.attemptJSON(ev.Attempt)
			j.Attempt = &aj
			failed = failed || !ev.Attempt.Cached
		}
		if c.jsonOut {
			events = append(events, j)
			return
		}
		c.printEvent(ev, start, printed)
		printed = true
	})
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	if c.jsonOut {
		if events == nil {
			events = []ScheduleEventJSON{}
		}
		c.printJSON(map[string]any{"from": start.Format(time.RFC3339Nano), "to": clock.Now().Format(time.RFC3339Nano),
			"speed": speedName(speed), "events": events, "simulated": true, "store": e.DBPath()})
	} else {
		fprintf(c.env.Stdout, "the simulated attempts are kept in %s (bgfetch history --sim lists them); the real cache and history were not touched\n", e.DBPath())
	}
	if failed {
		return ExitFailed
	}
	return ExitOK
}

func (c *command) printEvent(ev core.ScheduleEvent, start time.Time, printedBefore bool) {
	w := c.env.Stdout
	head := fmt.Sprintf("%s %9s", ev.At.Format("01-02 15:04:05"), offset(ev.At.Sub(start)))
	next := ""
	if !ev.Next.IsZero() {
		next = " · next " + ev.Next.Format("01-02 15:04:05")
	}
	switch ev.Kind {
	case core.SchedAttempt:
		a := c.shown(*ev.Attempt)
		verdict := "cached"
		if !a.Cached {
			verdict = "not cached: " + cmp.Or(a.Error, a.Reason)
		}
		status := "---"
		if a.Status != 0 {
			status = strconv.Itoa(a.Status)
		}
		fprintf(w, "%s  pull %s %s %d ms · %s%s\n", head, status, formatBytes(a.Bytes), a.DurationMs, verdict, next)
		if ev.Msg != "" {
			fprintf(w, "%s  note: %s\n", strings.Repeat(" ", len(head)), c.masker(core.AttemptSecrets(*ev.Attempt)...).String(ev.Msg))
		}
	case core.SchedWaiting:
		// Waiting lines would repeat the "next" already printed; say one only when it is the first line.
		if !printedBefore {
			fprintf(w, "%s  next update %s (%s)\n", head, ev.Next.Format("01-02 15:04:05"), c.masker().String(ev.Msg))
		}
	default:
		fprintf(w, "%s  %s: %s\n", head, ev.Kind, c.masker().String(ev.Msg))
	}
}

func orMsg(err error, msg string) any {
	if err != nil {
		return err
	}
	return msg
}

func offset(d time.Duration) string {
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	if days > 0 {
		return fmt.Sprintf("+%dd%s", days, strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m"))
	}
	return "+" + d.String()
}

func speedName(s float64) string {
	switch s {
	case core.SpeedMax:
		return "max speed (no waiting)"
	case 1:
		return "real time"
	}
	return fmt.Sprintf("%g× (12 h in %s)", s, (time.Duration(float64(12*time.Hour) / s)).Round(time.Millisecond))
}

func (c *command) coldstart(ctx context.Context, args []string) int {
	fs := c.flags()
	getAt := fs.Duration("get-at", 0, "when the mini program calls getBackgroundFetchData, after launch (e.g. 0, 300ms)")
	listenerAt := fs.Duration("listener-at", 0, "when it registers onBackgroundFetchData, after launch")
	delay := fs.Duration("delay", 0, "extra server latency to simulate, added to the real one")
	osName := c.osFlag()
	launch := c.launchFlags()
	if !c.parse(args) {
		return ExitUsage
	}
	osChoice, ok := c.checkOS(*osName)
	if !ok {
		return ExitUsage
	}
	if *getAt < 0 || *listenerAt < 0 || *delay < 0 {
		c.errorf("--get-at, --listener-at and --delay must not be negative")
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	p, _ := e.Project()
	l := launch(p)
	res, err := e.ColdStart(ctx, core.ColdStartOptions{Launch: &l, OS: osChoice, GetAt: *getAt, ListenerAt: *listenerAt, ServerDelay: *delay})
	if res == nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	// The timeline and the reasons may quote the prefetch's error; get and after hold the body.
	var m core.Masker
	if res.Attempt != nil {
		m = c.masker(core.AttemptSecrets(*res.Attempt)...)
	} else {
		m = c.masker()
	}
	res.Get, res.After = c.shownResult(ctx, res.Get), c.shownResult(ctx, res.After)
	res.GetWhy, res.ListenerWhy = m.String(res.GetWhy), m.String(res.ListenerWhy)
	for i := range res.Timeline {
		res.Timeline[i].What = m.String(res.Timeline[i].What)
	}
	if c.jsonOut {
		tl := make([]map[string]any, len(res.Timeline))
		for i, t := range res.Timeline {
			tl[i] = map[string]any{"ms": t.At.Milliseconds(), "what": t.What}
		}
		out := map[string]any{"arrivedMs": res.Arrived.Milliseconds(), "get": res.Get.Value, "getCallback": callback(res.Get),
			"getWhy": res.GetWhy, "after": res.After.Value, "listenerFires": res.ListenerFires, "listenerWhy": res.ListenerWhy, "timeline": tl}
		if pl := res.ListenerPayload(); pl != nil {
			out["listenerPayload"] = pl // what the listener's callback receives
		}
		if res.Attempt != nil {
			out["attempt"] = c.attemptJSON(res.Attempt)
		}
		c.printJSON(out)
	} else {
		for _, t := range res.Timeline {
			fprintf(c.env.Stdout, "%6d ms  %s\n", t.At.Milliseconds(), t.What)
		}
		fprintf(c.env.Stdout, "getBackgroundFetchData at %d ms → %s callback: %s\n", getAt.Milliseconds(), callback(res.Get), res.GetWhy)
		fprintf(c.env.Stdout, "onBackgroundFetchData registered at %d ms: %s\n", listenerAt.Milliseconds(), res.ListenerWhy)
	}
	if err != nil {
		c.errorf("%s", m.String(err.Error()))
		return ExitFailed
	}
	return ExitOK
}

func callback(r core.Result) string {
	if r.OK {
		return "success"
	}
	return "fail"
}

// launchFlags adds --path, --query and --scene; the returned function gives the project's configured
// launch with the flags the user set on top (call it after parsing).
func (c *command) launchFlags() func(p *project.Project) fetch.Launch {
	path := c.fs.String("path", "", "the page path of the cold start (default: prefetch.path)")
	query := c.fs.String("query", "", "the query of the cold start (default: prefetch.query)")
	scene := c.fs.Int("scene", 0, "the scene value (default: prefetch.scene, else 1001)")
	return func(p *project.Project) fetch.Launch {
		l := fetch.Launch{Path: p.Prefetch.Path, Query: p.Prefetch.Query, Scene: p.Prefetch.Scene,
			CustomMiniprogramVersion: p.Prefetch.CustomMiniprogramVersion}
		c.fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "path":
				l.Path = *path
			case "query":
				l.Query = *query
			case "scene":
				l.Scene = *scene
			}
		})
		return l
	}
}

func (c *command) gray(_ context.Context, args []string) int {
	fs := c.flags()
	users := fs.Int("users", 1000, "how many simulated users to split")
	typ := fs.String("type", "periodic", "periodic or pre: whose grayscale address")
	if !c.parse(args) {
		return ExitUsage
	}
	if *users <= 0 || *users > 10_000_000 {
		c.errorf("--users must be between 1 and 10000000")
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	p, _ := e.Project()
	src := p.Periodic
	if *typ == fetch.Pre {
		src = p.Prefetch.Source
	} else if *typ != fetch.Periodic {
		c.errorf("--type must be periodic or pre")
		return ExitUsage
	}
	if src.Gray.URL == "" {
		c.errorf("no grayscale address for %s: set %s.gray.url and percent in %s", *typ, map[string]string{"periodic": "periodic", "pre": "prefetch"}[*typ], project.ConfigFile)
		return ExitUsage
	}
	grayN, mainN := fetch.GraySplit(p.AppID, src.Gray.Percent, *users)
	in, why := fetch.InGray(p.AppID, p.User, src.Gray.Percent)
	which := "main"
	if in {
		which = "grayscale"
	}
	if c.jsonOut {
		c.printJSON(map[string]any{"percent": src.Gray.Percent, "users": *users, "gray": grayN, "main": mainN,
			"user": map[string]any{"openid": p.User.OpenID, "tester": p.User.Tester, "address": which, "why": why}})
		return ExitOK
	}
	w := c.env.Stdout
	m := c.masker()
	fprintf(w, "grayscale %d%% for %s: of %d simulated users, %d get %s and %d get %s\n", src.Gray.Percent, *typ, *users, grayN, m.String(src.Gray.URL), mainN, m.String(src.URL))
	fprintf(w, "the simulated user %q gets the %s address: %s\n", p.User.OpenID, which, why)
	if src.Gray.Percent == 0 {
		fprintln(w, "0% means only the mini program's developers and testers (体验者) get the grayscale address")
	}
	fprintln(w, "careful: in the admin console the percentage can only go up; it can never be lowered again")
	return ExitOK
}
