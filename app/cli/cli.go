// Package cli is the headless command line: the same engine as the window, one verb per DevTools action.
package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/demo"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/units"
)

// Exit statuses, one rule for every verb (the usage text and the README say it too): 2 when nothing
// was done because of the input (usage, project folder or config, a database that cannot be opened),
// 1 when the operation ran and failed (network, server, not cached, a database read or write).
const (
	ExitOK     = 0
	ExitFailed = 1 // the operation ran and failed: the request, the cache, a database read or write
	ExitUsage  = 2 // bad usage, a missing or invalid project, or a database that cannot be opened
)

// verbs maps each verb to its command.
var verbs = map[string]func(c *command, ctx context.Context, args []string) int{
	"pull": (*command).pull, "prefetch": (*command).prefetch, "get": (*command).get, "clear": (*command).clear,
	"history": (*command).history, "watch": (*command).watch, "schedule": (*command).schedule,
	"coldstart": (*command).coldstart, "gray": (*command).gray, "demo": (*command).demo,
	"diff": (*command).diff, "import-har": (*command).importHAR, "bridge": (*command).bridge,
	"analytics": (*command).analytics, "check": (*command).check, "token": (*command).token, "platforms": (*command).platforms, "version": (*command).version, "help": (*command).help,
}

// Verbs returns the verbs in alphabetical order; they all run without a display.
func Verbs() []string {
	return slices.Sorted(maps.Keys(verbs))
}

// IsVerb reports whether s is a verb; main uses it to tell a verb from the window's flags.
func IsVerb(s string) bool {
	_, ok := verbs[s]
	return ok
}

const usage = `bgfetch: debug mini-program periodic updates (周期性更新) and data prefetch (数据预拉取).

With no verb, bgfetch opens the window. Verbs run headless on the same engine:

  bgfetch pull     [--project DIR] [--json]            拉取周期性缓存数据 (fetchType periodic)
  bgfetch prefetch [--project DIR] [--path P] [--query Q] [--scene N] [--json]
                                                       a cold start with 启用数据预拉取 (fetchType pre)
  bgfetch get      [--project DIR] --type periodic|pre|jsapiPre [--os android|ios] [--sim] [--json]
                                                       what getBackgroundFetchData returns right now
                                                       (--sim: in the simulation store)
  bgfetch token    [--project DIR] [--json]            what getBackgroundFetchToken returns (masked
                                                       unless --include-secrets)
  bgfetch clear    [--project DIR] [--type periodic|pre|jsapiPre|all] [--history]
                                                       清除数据缓存 / 全部清除
  bgfetch history  [--project DIR] [--type T] [--limit N] [--json]
                   [--search TEXT [--count]] [--platform weapp|qq|alipay] [--cached true|false]
                   [--since 2026-11-01] [--until 2026-11-23T18:00:00+08:00]
                                                       the recorded attempts, newest first, searched
                                                       and filtered
  bgfetch history  --sim [filters] [--json]            the simulated attempts bgfetch schedule recorded
                                                       in bgfetch-sim.db, marked [sim]
  bgfetch history  [filters] --har FILE|-              the filtered history as a HAR 1.2 file, oldest first
  bgfetch history  --rerun ID | --delete ID | --retention N
                                                       send an attempt again as it was; delete one;
                                                       keep the last N of each fetch type (default 1000)
  bgfetch diff     [--project DIR] [A] [B] [--type periodic|pre] [--json]
                                                       compare two bodies (JSON-aware): by default the
                                                       latest cached against the one cached before;
                                                       exit 0 when the same, 1 when they differ
  bgfetch import-har FILE [--keep-appid]               add a HAR file's entries to the history (under the
                                                       project's app unless --keep-appid)
  bgfetch watch    [--project DIR] [--no-compile-prefetch]
                                                       one line per reload, config error or compile, until
                                                       Ctrl-C: a save of the mini program's sources (app.js,
                                                       app.json, pages, components, project.config.json) is a
                                                       compile, and with 启用数据预拉取 on (Alipay: a pre entry in
                                                       preload.json) it sends the prefetch, as DevTools does
                                                       (--no-compile-prefetch: config files only)
  bgfetch schedule [--project DIR] [--speed 720|4320|1|max] [--for 3d] [--retry 1h] [--away 8d] [--json]
                                                       run the 12-hour periodic updates on a simulated clock,
                                                       from now (spans up to 3650d); the requests are real, but they and their
                                                       results are kept apart in bgfetch-sim.db (history
                                                       --sim), never in the real cache and history
  bgfetch coldstart [--project DIR] [--get-at 0ms] [--listener-at 300ms] [--delay 500ms] [--os ios] [--json]
                                                       a cold start's timeline: what getBackgroundFetchData and
                                                       onBackgroundFetchData see while the prefetch is in flight
  bgfetch gray     [--project DIR] [--type periodic|pre] [--users 1000]
                                                       which address the simulated users get
  bgfetch bridge   [--project DIR] [--addr 127.0.0.1:17878] [--new-key] [--allow-origin ORIGIN]... [--json]
                                                       the loopback bridge for a running mini program: POST
                                                       /report, GET /backgroundFetchData; one line per report,
                                                       until Ctrl-C (--snippet: print the JS for a dev build)
  bgfetch analytics events|test|import FILE|export [FILE|-]|reports|sync|clear [--project DIR] [--json]
                                                       自定义分析: the events, 保存并测试's plan, the report log
                                                       (--since 1h --event ID --flagged --csv FILE) and
                                                       同步结果; bgfetch analytics help for the details
  bgfetch check    [--project DIR] [--platform weapp|qq|alipay|all] [--junit FILE] [--json]
                                                       the server's contract test for CI: sends every request the
                                                       platform would (each fetch type, android and ios, main and
                                                       grayscale address, a normal user and a tester), for real,
                                                       and checks HTTPS, 2xx, 256KB, the timeout and JSON; one
                                                       PASS/WARN/FAIL line each; exit 1 when any fails. Nothing is
                                                       cached or recorded in history
  bgfetch platforms [--platform P] [--json]            what each platform does, from its Spec: fetch types,
                                                       version minimums and rules, and every fact with its
                                                       source, marked documented or ASSUMED (and the setting
                                                       under "assume" that changes an assumption)
  bgfetch demo     [--addr 127.0.0.1:8787] [--public] [--project DIR]
                                                       run the demo server (on loopback; --public allows
                                                       another address) and write the demo project
  bgfetch version

Every verb takes --data DIR (or $BGFETCH_DATA) to move the database (default: the user config folder),
and --include-secrets: without it the project's token reads •••••• in everything printed or exported
(URLs, query, headers, bodies that echo it, errors, HAR files, diffs), also urlencoded or JSON-escaped.
Only schedule (and --sim) uses the simulation store bgfetch-sim.db there; every other verb is on real time.
--project defaults to the current folder.

Exit status, the same for every verb:
  0  success
  1  the operation ran and failed: the request failed, the platform would not cache the body, diff found
     a difference, a check case failed, get's fail callback, a file given to import could not be read, or reading or writing
     the database failed midway
  2  nothing was done, because of what it was given: bad usage, a missing or invalid project folder or
     config, or a database that cannot be opened (--data or $BGFETCH_DATA unusable)
`

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Version        string
}

// Run runs one verb with its arguments (args[0] is the verb) and returns the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	verb := "help"
	if len(args) > 0 {
		verb, args = args[0], args[1:]
	}
	switch verb {
	case "-h", "--help":
		verb = "help"
	case "--version":
		verb = "version"
	}
	run, ok := verbs[verb]
	if !ok {
		fprintf(env.Stderr, "bgfetch: unknown verb %q; run bgfetch help for the list\n", verb)
		return ExitUsage
	}
	return run(&command{env: env, verb: verb}, ctx, args)
}

func (c *command) help(context.Context, []string) int {
	fmt.Fprint(c.env.Stdout, usage)
	fprintf(c.env.Stdout, "\nThe oldest versions the platforms' documents name (none is documented for the rest):\n")
	for _, r := range core.AllRequirements() {
		fprintf(c.env.Stdout, "  %-7s %-9s %s  (%s)\n", fetch.PlatformName(r.Platform), r.FetchType, r.Requirement, r.Source)
	}
	return ExitOK
}

func (c *command) version(context.Context, []string) int {
	fprintln(c.env.Stdout, "bgfetch", c.env.Version)
	return ExitOK
}

type command struct {
	env     Env
	verb    string
	fs      *flag.FlagSet
	project string
	data    string
	jsonOut bool
	// includeSecrets shows the token; without it the masker hides it in everything the command prints.
	includeSecrets bool
	engine         *core.Engine // the open engine, whose project's token is masked; nil before openEngine
}

func (c *command) flags() *flag.FlagSet {
	c.fs = flag.NewFlagSet("bgfetch "+c.verb, flag.ContinueOnError)
	c.fs.SetOutput(c.env.Stderr)
	c.fs.StringVar(&c.project, "project", ".", "the mini-program project folder")
	c.fs.StringVar(&c.data, "data", "", "the folder of the database (default $"+core.EnvData+" or the user config folder)")
	c.fs.BoolVar(&c.jsonOut, "json", false, "print one JSON object on stdout")
	c.fs.BoolVar(&c.includeSecrets, "include-secrets", false, "show the project's token instead of ••••••")
	return c.fs
}

// masker hides, in what the command prints, the current project's token and the extra secrets (the
// token an attempt sent), as they are, urlencoded and JSON-escaped; with --include-secrets it hides
// nothing. Every attempt, result, error and request text a verb prints goes through it: by shown,
// attemptJSON, shownResult and errorf.
func (c *command) masker(extra ...string) core.Masker {
	if c.includeSecrets {
		return core.Masker{}
	}
	var secrets []string
	if c.engine != nil {
		secrets = c.engine.Secrets()
	}
	return core.NewMasker(append(secrets, extra...)...)
}

// shown is the attempt as the command may print it: the project's token and the one it sent masked.
func (c *command) shown(a core.Attempt) core.Attempt {
	return c.masker(core.AttemptSecrets(a)...).Attempt(a)
}

// shownResult is what getBackgroundFetchData returns as the command may print it: the body is the
// server's, which may echo the token (the project's, or the one the cached attempt sent).
func (c *command) shownResult(ctx context.Context, r core.Result) core.Result {
	var extra []string
	if r.Entry != nil && r.Entry.AttemptID != 0 && c.engine != nil && !c.includeSecrets {
		if a, err := c.engine.Attempt(ctx, r.Entry.AttemptID); err == nil {
			extra = core.AttemptSecrets(a)
		}
	}
	return c.masker(extra...).Result(r)
}

func (c *command) parse(args []string) bool {
	if err := c.fs.Parse(args); err != nil {
		return false
	}
	if c.fs.NArg() > 0 {
		fprintf(c.env.Stderr, "bgfetch %s: unexpected argument %q; run bgfetch help\n", c.verb, c.fs.Arg(0))
		return false
	}
	return true
}

// open opens the engine on the project; an invalid project is a usage error (exit 2).
func (c *command) open() (*core.Engine, int) { return c.openWith(nil) }

// openWith opens the real engine (clock nil: on the wall clock), or the simulation on clock (the
// simulation store, bgfetch-sim.db).
func (c *command) openWith(clock *core.SimClock) (*core.Engine, int) {
	e := c.openEngine(clock)
	if e == nil {
		return nil, ExitUsage
	}
	if _, perr := e.Project(); perr != nil {
		c.errorf("%v", perr)
		e.Close()
		return nil, ExitUsage
	}
	return e, ExitOK
}

// openEngine opens the database and the project, valid or not (watch reports the error itself); nil,
// with the error said, when the database cannot be opened. clock nil opens the real engine, on the wall
// clock; otherwise the simulation store, on clock.
func (c *command) openEngine(clock *core.SimClock) *core.Engine {
	dataDir, err := core.DataDir(c.data)
	if err == nil {
		opt := core.Options{ProjectDir: c.project, DataDir: dataDir, Logger: c.logger()}
		if clock != nil {
			opt.Now, opt.Simulated = clock.Now, true
		}
		var e *core.Engine
		if e, err = core.Open(opt); err == nil {
			c.engine = e
			return e
		}
	}
	c.errorf("%v", err)
	return nil
}

// openStore opens the real engine, or with sim the simulation store on a clock standing at now (to read
// what bgfetch schedule recorded).
func (c *command) openStore(sim bool) (*core.Engine, int) {
	if sim {
		return c.openWith(core.NewSimClock(nil))
	}
	return c.open()
}

// osFlag adds --os, the simulated phone.
func (c *command) osFlag() *string {
	return c.fs.String("os", "android", "the simulated phone: android or ios")
}

// checkOS reads --os, saying what is allowed when it is neither.
func (c *command) checkOS(s string) (core.OS, bool) {
	if o := core.OS(s); o == core.Android || o == core.IOS {
		return o, true
	}
	c.errorf("--os must be android or ios")
	return "", false
}

// logger keeps the engine quiet on the command line: what matters is printed by the verb itself, and
// stdout stays clean for --json. Set BGFETCH_LOG=debug to see the engine's log on stderr.
func (c *command) logger() *slog.Logger {
	level := slog.LevelError
	if os.Getenv("BGFETCH_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(c.env.Stderr, &slog.HandlerOptions{Level: level}))
}

// errorf says what went wrong on stderr, the token masked (an error may quote a URL or a body).
func (c *command) errorf(format string, a ...any) {
	fmt.Fprintf(c.env.Stderr, "bgfetch %s: %s\n", c.verb, c.masker().String(sprintf(format, a...)))
}

func (c *command) printJSON(v any) {
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func (c *command) pull(ctx context.Context, args []string) int {
	c.flags()
	if !c.parse(args) {
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	a, err := e.Pull(ctx)
	return c.report(a, err)
}

func (c *command) prefetch(ctx context.Context, args []string) int {
	c.flags()
	launch := c.launchFlags()
	if !c.parse(args) {
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	p, _ := e.Project()
	l := launch(p)
	if l.Scene < 0 {
		c.errorf("--scene must be a positive scene value such as 1001")
		return ExitUsage
	}
	if off := core.PrefetchOff(p); off != "" {
		// Sent anyway, as asked; but say that the mini program itself would not have sent it.
		fprintf(c.env.Stderr, "bgfetch prefetch: note: %s; sending anyway, as asked\n", core.PrefetchOffNote(off))
	}
	a, err := e.Prefetch(ctx, &l)
	return c.report(a, err)
}

// AttemptJSON is the attempt as `pull --json` and `prefetch --json` print it (the token masked unless
// --include-secrets).
type AttemptJSON struct {
	ID            int64             `json:"id"`
	Origin        string            `json:"origin,omitempty"`  // "rerun", "har", "compile"
	RerunOf       int64             `json:"rerunOf,omitempty"` // the attempt a re-run sent again
	FetchType     string            `json:"fetchType"`
	Platform      string            `json:"platform"`
	Time          string            `json:"time"`
	Method        string            `json:"method"`
	URL           string            `json:"url"`
	Query         map[string]string `json:"query"`
	Status        int               `json:"status"`
	DurationMs    int64             `json:"durationMs"`
	Bytes         int64             `json:"bytes"`
	Cached        bool              `json:"cached"`
	Reason        string            `json:"reason"`
	Warnings      []string          `json:"warnings"`
	Error         string            `json:"error"`
	Redirects     []string          `json:"redirects"`
	Variant       string            `json:"variant"`
	VariantReason string            `json:"variantReason"`
	// The platform's own failure beside the tool's explanation in error, where a platform document quotes
	// one (WeChat with no address: "-10007 no permission", -10007); only on the attempt just made.
	PlatformErrMsg string `json:"platformErrMsg,omitempty"`
	PlatformErrno  int    `json:"platformErrno,omitempty"`
}

// attemptJSON is a as --json prints it, masked by shown.
func (c *command) attemptJSON(a *core.Attempt) AttemptJSON {
	x := c.shown(*a)
	a = &x
	j := AttemptJSON{
		ID: a.ID, Origin: a.Origin, RerunOf: a.RerunOf, FetchType: a.FetchType, Platform: a.Platform, Time: a.StartedAt.Format(time.RFC3339Nano),
		Method: a.Method, URL: a.URL, Query: map[string]string{}, Status: a.Status, DurationMs: a.DurationMs,
		Bytes: a.Bytes, Cached: a.Cached, Reason: a.Reason, Warnings: a.Warnings, Error: a.Error,
		Redirects: a.Redirects, Variant: a.Variant, VariantReason: a.VariantReason,
	}
	for _, p := range a.Params {
		if p.Source != fetch.FromAddress {
			j.Query[p.Name] = p.Value
		}
	}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	if j.Redirects == nil {
		j.Redirects = []string{}
	}
	return j
}

// report prints an attempt and returns the exit status.
func (c *command) report(a *core.Attempt, err error) int {
	if a == nil {
		c.errorf("%v", err)
		return ExitUsage
	}
	secrets := c.masker(core.AttemptSecrets(*a)...) // also for err, which may quote the attempt
	// What the text below prints, masked: not the body (masking 256 KB was a tenth of a pull's work).
	noBody := *a
	noBody.Body = nil
	shown := secrets.Attempt(noBody)
	if c.jsonOut {
		j := c.attemptJSON(a)
		var fe *fetch.Error
		if errors.As(err, &fe) {
			j.PlatformErrMsg, j.PlatformErrno = fe.PlatformErrMsg, fe.PlatformErrno
		}
		c.printJSON(j)
	} else {
		a := &shown
		w := c.env.Stdout
		fprintf(w, "%s %s %s\n", a.FetchType, a.Method, a.URL)
		if a.RequestBody != "" {
			fprintf(w, "  body: %s\n", a.RequestBody)
		}
		if a.Variant == "gray" {
			fprintf(w, "  grayscale address: %s\n", a.VariantReason)
		}
		for _, r := range a.Redirects {
			fprintf(w, "  redirected to %s\n", r)
		}
		if a.Status != 0 {
			verdict := "cached"
			if !a.Cached {
				verdict = "not cached"
			}
			fprintf(w, "  HTTP %d · %s · %d ms · %s\n", a.Status, formatBytes(a.Bytes), a.DurationMs, verdict)
		}
		for _, wn := range a.Warnings {
			fprintf(w, "  warning: %s\n", wn)
		}
	}
	switch {
	case err != nil:
		c.errorf("%s", secrets.String(err.Error()))
		return ExitFailed
	case !a.Cached:
		c.errorf("not cached: %s", shown.Reason)
		return ExitFailed
	}
	return ExitOK
}

func formatBytes(n int64) string {
	switch {
	case n > fetch.MaxBody:
		return "over 256 KB"
	case n >= 1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%d B", n)
}

func (c *command) get(ctx context.Context, args []string) int {
	fs := c.flags()
	typ := fs.String("type", "", "periodic, pre or jsapiPre (required)")
	osName := c.osFlag()
	sim := fs.Bool("sim", false, "read the simulation store (what bgfetch schedule cached) instead of the real cache")
	if !c.parse(args) {
		return ExitUsage
	}
	if *typ != fetch.Periodic && *typ != fetch.Pre && *typ != fetch.JSAPIPre {
		c.errorf("--type must be periodic, pre or jsapiPre")
		return ExitUsage
	}
	osChoice, ok := c.checkOS(*osName)
	if !ok {
		return ExitUsage
	}
	e, code := c.openStore(*sim)
	if e == nil {
		return code
	}
	defer e.Close()
	res, err := e.Get(ctx, *typ, osChoice)
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	if *sim { // stdout stays the API's object; the marker goes with the note on stderr
		fprintf(c.env.Stderr, "[sim] from the simulation store %s (times on the simulated clock)\n", e.DBPath())
	}
	code = c.printResult(ctx, res)
	if p, _ := e.Project(); p != nil && !c.jsonOut {
		if r, ok := core.Requires(p.Platform, *typ); ok {
			fprintf(c.env.Stderr, "  %s %s %s (%s)\n", fetch.PlatformName(p.Platform), *typ, r, r.Source)
		}
	}
	return code
}

// printResult prints an API's result as the mini program gets it (masked unless --include-secrets): the
// object on stdout (one line with --json), and in text which callback runs and why on stderr. Exit 1 for
// the fail callback.
func (c *command) printResult(ctx context.Context, res core.Result) int {
	res = c.shownResult(ctx, res)
	if c.jsonOut {
		enc := json.NewEncoder(c.env.Stdout)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(res.Value)
	} else {
		c.printJSON(res.Value)
		fprintf(c.env.Stderr, "→ %s callback: %s\n", callback(res), res.Note)
	}
	if !res.OK {
		return ExitFailed
	}
	return ExitOK
}

// token prints what getBackgroundFetchToken() returns now: the configured token, masked unless
// --include-secrets, or the fail object when none is set. Exit 1 for the fail callback, as get.
func (c *command) token(ctx context.Context, args []string) int {
	c.flags()
	if !c.parse(args) {
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	res, err := e.Token(ctx)
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	return c.printResult(ctx, res)
}

func (c *command) clear(ctx context.Context, args []string) int {
	fs := c.flags()
	typ := fs.String("type", "all", "periodic, pre, jsapiPre or all")
	history := fs.Bool("history", false, "also delete the recorded attempts")
	if !c.parse(args) {
		return ExitUsage
	}
	var types []string
	switch *typ {
	case "all":
	case fetch.Periodic, fetch.Pre, fetch.JSAPIPre:
		types = []string{*typ}
	default:
		c.errorf("--type must be periodic, pre, jsapiPre or all")
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	n, err := e.Clear(ctx, types...)
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	var h int64
	if *history {
		if h, err = e.ClearHistory(ctx, types...); err != nil {
			c.errorf("%v", err)
			return ExitFailed
		}
	}
	if c.jsonOut {
		c.printJSON(map[string]any{"cleared": n, "historyDeleted": h})
	} else {
		fprintf(c.env.Stdout, "cleared %d cached %s (%s)", n, plural(n, "body", "bodies"), *typ)
		if *history {
			fprintf(c.env.Stdout, "; deleted %d recorded %s", h, plural(h, "attempt", "attempts"))
		}
		fprintln(c.env.Stdout)
	}
	return ExitOK
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (c *command) history(ctx context.Context, args []string) int {
	fs := c.flags()
	typ := fs.String("type", "", "only this fetch type (periodic, pre, jsapiPre)")
	limit := fs.Int("limit", 20, "how many attempts, newest first (with --har: all unless given)")
	search := fs.String("search", "", "only attempts with this text (any case) in the URL, status, error, reason or body")
	countAll := fs.Bool("count", false, "count every match of --search (without it, past 1,000 candidates the count is a lower bound: \"at least N\")")
	platformFlag := fs.String("platform", "", "only this platform ("+strings.Join(platform.IDs(), ", ")+")")
	cached := fs.String("cached", "", "true: only attempts whose body was cached; false: only the others")
	since := fs.String("since", "", "only attempts from this time on (RFC 3339, or a date 2006-01-02 in local time)")
	until := fs.String("until", "", "only attempts before this time (a date includes that whole day)")
	har := fs.String("har", "", "write the attempts as a HAR 1.2 file (- for stdout), oldest first")
	rerun := fs.Int64("rerun", 0, "send attempt ID again exactly as it was and print the new attempt")
	del := fs.Int64("delete", 0, "delete attempt ID (the cached body stays)")
	retention := fs.Int("retention", 0, "keep the last N attempts of each fetch type from now on, and delete older ones now")
	sim := fs.Bool("sim", false, "list the simulated attempts bgfetch schedule recorded (bgfetch-sim.db) instead of the real ones")
	if !c.parse(args) {
		return ExitUsage
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	actions := 0
	for _, name := range []string{"rerun", "delete", "retention", "har"} {
		if set[name] {
			actions++
		}
	}
	switch {
	case *sim && actions > 0:
		c.errorf("--sim only lists the simulated attempts; --rerun, --delete, --retention and --har work on the real history")
		return ExitUsage
	case actions > 1:
		c.errorf("use one of --rerun, --delete, --retention and --har at a time")
		return ExitUsage
	case *limit <= 0:
		c.errorf("--limit must be a positive number")
		return ExitUsage
	case set["rerun"] && *rerun <= 0, set["delete"] && *del <= 0:
		c.errorf("--rerun and --delete take an attempt id, as history lists them")
		return ExitUsage
	case set["retention"] && *retention < 1:
		c.errorf("--retention must keep at least 1 attempt per fetch type")
		return ExitUsage
	case set["har"] && *har == "":
		c.errorf("--har needs a file name, or - for stdout")
		return ExitUsage
	}
	f := core.HistoryFilter{FetchType: *typ, Limit: *limit, Text: *search}
	if *platformFlag != "" {
		spec, err := platform.Lookup(project.Platform(*platformFlag))
		if err != nil {
			c.errorf("--platform: %v", err)
			return ExitUsage
		}
		f.Platform = string(spec.ID)
	}
	if *cached != "" {
		b, err := strconv.ParseBool(*cached)
		if err != nil {
			c.errorf("--cached must be true or false")
			return ExitUsage
		}
		f.Cached = &b
	}
	var err error
	if f.Since, err = parseWhen(*since, false); err != nil {
		c.errorf("--since: %v", err)
		return ExitUsage
	}
	if f.Until, err = parseWhen(*until, true); err != nil {
		c.errorf("--until: %v", err)
		return ExitUsage
	}
	e, code := c.openStore(*sim)
	if e == nil {
		return code
	}
	defer e.Close()

	switch {
	case set["rerun"]:
		a, err := e.Rerun(ctx, *rerun)
		if a == nil {
			c.errorf("%v", err)
			return ExitFailed
		}
		return c.report(a, err)
	case set["delete"]:
		if err := e.DeleteAttempt(ctx, *del); err != nil {
			c.errorf("%v", err)
			return ExitFailed
		}
		fprintf(c.env.Stdout, "deleted attempt %d\n", *del)
		return ExitOK
	case set["retention"]:
		before, _ := e.CountHistory(ctx, core.HistoryFilter{})
		if err := e.SetRetention(ctx, *retention); err != nil {
			c.errorf("%v", err)
			return ExitFailed
		}
		after, _ := e.CountHistory(ctx, core.HistoryFilter{})
		fprintf(c.env.Stdout, "keeping the last %d %s of each fetch type; deleted %d older %s of this app\n",
			*retention, plural(int64(*retention), "attempt", "attempts"), before-after, plural(before-after, "attempt", "attempts"))
		return ExitOK
	}

	if set["har"] {
		if !set["limit"] {
			total, err := e.CountHistory(ctx, f)
			if err != nil {
				c.errorf("%v", err)
				return ExitFailed
			}
			f.Limit = int(max(total, 1))
		}
		return c.writeHAR(ctx, e, f, *har)
	}
	// The page and the number of matches at once: past storage.CountBound candidates of a search, a lower
	// bound (as the window's 请求记录 shows it), unless --count asks for every match to be counted.
	var (
		list  []core.Attempt
		total int64
		exact = true
	)
	if *countAll {
		list, total, err = e.HistoryCount(ctx, f)
	} else {
		list, total, exact, err = e.HistoryPage(ctx, f)
	}
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	if c.jsonOut {
		out := make([]AttemptJSON, len(list))
		for i := range list {
			out[i] = c.attemptJSON(&list[i])
		}
		if *sim {
			c.printJSON(map[string]any{"simulated": true, "store": e.DBPath(), "total": total, "totalExact": exact, "attempts": out})
		} else {
			c.printJSON(map[string]any{"total": total, "totalExact": exact, "attempts": out})
		}
		return ExitOK
	}
	mark := ""
	if *sim {
		mark = "[sim] "
		fprintf(c.env.Stdout, "[sim] simulated attempts from %s (times on the simulated clock)\n", e.DBPath())
	}
	if len(list) == 0 {
		switch {
		case *search != "" || *platformFlag != "" || *cached != "" || *since != "" || *until != "":
			fprintln(c.env.Stdout, mark+"no attempts match")
		case *sim:
			fprintln(c.env.Stdout, "[sim] no simulated attempts recorded: run bgfetch schedule")
		default:
			fprintln(c.env.Stdout, "no attempts recorded yet: run bgfetch pull or bgfetch prefetch")
		}
		return ExitOK
	}
	for _, a := range list {
		a = c.shown(a)
		verdict := "cached"
		if !a.Cached {
			verdict = a.Reason
		}
		switch a.Origin {
		case "rerun":
			verdict = fmt.Sprintf("re-run of %d · %s", a.RerunOf, verdict)
		case "har":
			verdict = "from a HAR file · " + verdict
		case core.OriginCompile:
			verdict = "prefetch on compile · " + verdict
		}
		status := "---"
		if a.Status != 0 {
			status = fmt.Sprint(a.Status)
		}
		fprintf(c.env.Stdout, "%s%6d  %s  %-8s %s %9s %6d ms  %s\n", mark, a.ID, a.StartedAt.Local().Format("2006-01-02 15:04:05"),
			a.FetchType, status, formatBytes(a.Bytes), a.DurationMs, verdict)
	}
	switch {
	case !exact:
		fprintf(c.env.Stdout, "(%d of at least %s; --limit shows more, --count counts them all)\n", len(list), units.Digits(total))
	case total > int64(len(list)):
		fprintf(c.env.Stdout, "(%d of %s; --limit shows more)\n", len(list), units.Digits(total))
	}
	return ExitOK
}

func (c *command) watch(ctx context.Context, args []string) int {
	fs := c.flags()
	noCompile := fs.Bool("no-compile-prefetch", false, "watch the config files only: a save of the sources is no compile and sends no prefetch")
	if !c.parse(args) {
		return ExitUsage
	}
	e := c.openEngine(nil)
	if e == nil {
		return ExitUsage
	}
	defer e.Close()
	// A folder that is missing or not a folder is bad usage, as for every other verb: there is nothing
	// to watch. A folder without a valid config is watched (the config may be written next).
	if fi, err := os.Stat(e.ProjectDir()); err != nil || !fi.IsDir() {
		_, perr := e.Project()
		if perr == nil {
			perr = fmt.Errorf("%s is not a folder; pass the mini-program project folder", e.ProjectDir())
		}
		c.errorf("%v", perr)
		return ExitUsage
	}
	w := c.env.Stdout
	say := func(ev core.Event) {
		ts := time.Now().Format("15:04:05.000")
		switch ev.Kind {
		case core.ProjectChanged:
			fprintf(w, "%s reloaded: %s\n", ts, c.describeProject(ev))
		case core.ProjectInvalid:
			fprintf(w, "%s error: %s (keeping the last good config)\n", ts, c.masker().String(fmt.Sprint(ev.Err)))
		case core.Compiled:
			fprintf(w, "%s compile (%s): %s\n", ts, compiledFiles(ev.Compile), c.compileResult(ev))
		}
	}
	stop := e.Subscribe(say)
	defer stop()
	var sources project.SourceInfo
	opt := core.WatchOptions{CompilePrefetch: !*noCompile, Sources: func(i project.SourceInfo) { sources = i }}
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() { done <- e.WatchWith(ctx, ready, opt) }()
	<-ready // say "watching" only once a save can no longer be missed
	p, perr := e.Project()
	if perr != nil {
		say(core.Event{Kind: core.ProjectInvalid, Err: perr})
	} else {
		fprintf(w, "%s watching %s: %s\n", time.Now().Format("15:04:05.000"), e.ProjectDir(), c.describeProject(core.Event{Project: p}))
	}
	if opt.CompilePrefetch && sources.Root != "" {
		what := "a save is a compile, which sends the prefetch"
		if off := core.PrefetchOff(p); off != "" || p == nil {
			what = "a save is a compile; " + cmp.Or(core.PrefetchOffNote(off), "no valid project is loaded")
		}
		fprintf(w, "%s watching the sources in %s (%d folders): %s\n", time.Now().Format("15:04:05.000"), sources.Root, sources.Dirs, what)
		switch {
		case sources.Err != nil:
			fmt.Fprintf(c.env.Stderr, "bgfetch watch: warning: only %d source folders are watched: the system refused more (%v); saves in the others are no compile. On Linux, raise fs.inotify.max_user_watches\n", sources.Dirs, sources.Err)
		case sources.Capped:
			fmt.Fprintf(c.env.Stderr, "bgfetch watch: warning: only the first %d source folders are watched (the limit); saves in the others are no compile\n", sources.Limit)
		}
	}
	if err := <-done; err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	return ExitOK
}

// compiledFiles names the files a compile was for: the first three, and how many more.
func compiledFiles(ci *core.CompileInfo) string {
	if ci == nil {
		return ""
	}
	files, more := ci.Files, ci.More
	if len(files) > 3 {
		files, more = files[:3], more+len(files)-3
	}
	s := strings.Join(files, ", ")
	if more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// compileResult says what a compile did: the prefetch it sent and how it ended, or why none was sent.
func (c *command) compileResult(ev core.Event) string {
	ci := ev.Compile
	switch {
	case ev.Attempt != nil:
		a := c.shown(*ev.Attempt)
		verdict := "cached"
		if !a.Cached {
			verdict = "not cached: " + a.Reason
		}
		if a.Error != "" {
			verdict = "failed: " + c.masker(core.AttemptSecrets(*ev.Attempt)...).String(a.Error)
		}
		status := "no response"
		if a.Status != 0 {
			status = fmt.Sprintf("HTTP %d · %s · %d ms", a.Status, formatBytes(a.Bytes), a.DurationMs)
		}
		return fmt.Sprintf("prefetch %s %s · %s · %s (attempt %d)", a.Method, a.URL, status, verdict, a.ID)
	case ev.Err != nil:
		return "no prefetch: " + c.masker().String(ev.Err.Error())
	case ci != nil && ci.Off != "":
		return "no prefetch, " + core.PrefetchOffNote(ci.Off)
	}
	return "no prefetch"
}

// loopback reports whether addr (host:port) listens on loopback only; if not, where says where it
// listens instead.
func loopback(addr string) (where string, ok bool) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "not a host:port address", false
	}
	if host == "" {
		return "every network interface of this machine", false
	}
	if strings.EqualFold(host, "localhost") {
		return "", true
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return "the host name " + host + ", which may not be loopback", false
	case ip.IsUnspecified():
		return "every network interface of this machine", false
	case ip.IsLoopback():
		return "", true
	}
	return "an address other machines can reach", false
}

// describeProject says what a reload loaded; the addresses are shown with the token masked.
func (c *command) describeProject(ev core.Event) string {
	p := ev.Project
	if p == nil {
		return ""
	}
	token := "token not set"
	if p.Token != nil {
		token = "token set"
	}
	parts := []string{"appid " + p.AppID, string(p.Platform), token}
	if p.Periodic.URL != "" {
		parts = append(parts, "periodic "+p.Periodic.URL)
	}
	if p.Prefetch.URL != "" {
		parts = append(parts, "prefetch "+p.Prefetch.URL)
	}
	return c.masker().String(strings.Join(parts, ", "))
}

func (c *command) demo(ctx context.Context, args []string) int {
	fs := c.flags()
	addr := fs.String("addr", "127.0.0.1:8787", "where the demo server listens (loopback unless --public)")
	public := fs.Bool("public", false, "allow an --addr other machines can reach (the demo server has no authentication)")
	if !c.parse(args) {
		return ExitUsage
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		c.errorf("--addr %s is not a host:port address such as 127.0.0.1:8787 (%v)", *addr, err)
		return ExitUsage
	}
	if where, ok := loopback(*addr); !ok {
		if !*public {
			c.errorf("--addr %s: %s; the demo server listens on loopback only (such as 127.0.0.1:8787 or [::1]:8787); add --public to listen there anyway", *addr, where)
			return ExitUsage
		}
		fmt.Fprintf(c.env.Stderr, "bgfetch demo: warning: --public: listening on %s, %s; anyone who can reach it can use the demo server (it has no authentication)\n", *addr, where)
	}
	dir := c.project
	projectSet := false
	fs.Visit(func(f *flag.Flag) { projectSet = projectSet || f.Name == "project" })
	if !projectSet {
		dataDir, err := core.DataDir(c.data)
		if err != nil {
			c.errorf("%v", err)
			return ExitUsage
		}
		dir = filepath.Join(dataDir, "demo-project")
	}
	srv, err := demo.Start(*addr)
	if err != nil {
		c.errorf("%v (is another demo server running? try --addr 127.0.0.1:0)", err)
		return ExitFailed
	}
	defer srv.Close()
	if err := demo.WriteProject(dir, srv.URL); err != nil {
		c.errorf("write the demo project: %v", err)
		return ExitFailed
	}
	w := c.env.Stdout
	fprintf(w, "demo server on %s (Ctrl-C stops it)\ndemo project in %s\n\nroutes:\n", srv.URL, dir)
	for _, r := range demo.Routes {
		fprintf(w, "  %s%-16s %s\n", srv.URL, r.Path, r.What)
	}
	fprintf(w, "\ntry:\n  bgfetch pull --project %s\n  bgfetch get --type periodic --project %s\n", dir, dir)
	<-ctx.Done()
	return ExitOK
}
