// Package core is the engine shared by the window and the command line: the current project (reloaded
// when its files change), pulls and prefetches, the cache as getBackgroundFetchData sees it, and history.
// It imports no Fyne package, so every behaviour runs and is tested headless.
package core

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// Attempt is one recorded attempt, as kept in history.
type Attempt = storage.Attempt

// HistoryFilter selects attempts from history.
type HistoryFilter = storage.HistoryFilter

// CacheEntry is a cached body: what getBackgroundFetchData returns, with when and from which attempt.
type CacheEntry = storage.CacheEntry

// DBFile is the database's file name inside the data folder.
const DBFile = "bgfetch.db"

// SimDBFile is the simulation store's file name inside the data folder: what the schedule (and everything
// else a simulated engine does) records, kept apart so that no query of the real data ever sees it.
const SimDBFile = "bgfetch-sim.db"

// EnvData moves the data folder, like --data.
const EnvData = "BGFETCH_DATA"

// StoredErrorBody is how much of a body the platform would not cache is still kept in history, so that
// an error page can be read later.
const StoredErrorBody = 64 << 10

// DataDir returns the data folder: flag if set, else $BGFETCH_DATA, else the OS user config dir/bgfetch.
func DataDir(flag string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := os.Getenv(EnvData); env != "" {
		return filepath.Abs(env)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config folder (%w); pass --data DIR or set %s", err, EnvData)
	}
	return filepath.Join(dir, "bgfetch"), nil
}

// Options configure an Engine.
type Options struct {
	ProjectDir string
	DataDir    string // where bgfetch.db (and bgfetch-sim.db) live; "" = DataDir("")
	// Now is the clock requests and results carry. A real engine leaves it nil (time.Now: the wall
	// clock); tests set a fake one. A simulated engine must set it, to a SimClock's Now.
	Now func() time.Time
	// Simulated opens the simulation store (SimDBFile) instead of the real one (DBFile): the engine is a
	// sandbox for the schedule, on the simulated clock Now.
	Simulated bool
	Transport http.RoundTripper // nil = the fetch package's own (http.DefaultTransport with a limit on response headers)
	Logger    *slog.Logger      // nil = slog.Default()
	// ReportQueue is how many analytics reports may wait to be written; 0 = DefaultReportQueue.
	ReportQueue int
}

// Engine is one open project with its database.
type Engine struct {
	db        *storage.DB
	now       func() time.Time
	sim       bool    // the simulation store, on a simulated clock
	follow    *Engine // the real engine whose project a simulated engine follows (OpenSimulation); nil = its own
	unfollow  func()
	transport http.RoundTripper
	log       *slog.Logger

	mu       sync.Mutex
	gen      uint64 // counts project switches and loads, so that a follower never applies an older one
	dir      string
	proj     *project.Project // last good
	projErr  error            // the current config error, nil when proj is current
	loadedAt time.Time
	user     *project.User // the simulated user when switched in the tool; nil = the config's
	opened   time.Time     // when the simulated user last opened the mini program (the 7-day rule)
	subs     map[int]func(Event)
	nextSub  int
	keep     int // attempts kept per fetch type (the retention)
	test     *AnalyticsTest
	wrote    map[string][sha256.Size]byte // project files the tool itself last wrote, by path: their saves are no compile
	evCache  *eventCache

	reportQueue int
	reportKeep  int
	rwOnce      sync.Once
	rw          *reportWriter
}

// notSent starts the reason of an attempt the platform would not have sent at all.
const notSent = "not sent: "

// DefaultRetention is how many attempts per fetch type history keeps unless set otherwise.
const DefaultRetention = 1000

// settingRetention is the setting that holds the retention.
const settingRetention = "retention"

// ErrNoSimClock is returned by Open for a simulated engine without a clock.
var ErrNoSimClock = errors.New("a simulated engine needs the simulated clock: set Options.Now to a SimClock's Now")

// Open opens the database and loads the project. An invalid project does not fail Open: the engine keeps
// the error (Project reports it) so that the window can show it and wait for a fix. A database that cannot
// be opened does fail it. With opt.Simulated it opens the simulation store instead (see OpenSimulation for
// one that follows a real engine's project).
func Open(opt Options) (*Engine, error) {
	if opt.Simulated && opt.Now == nil {
		return nil, ErrNoSimClock
	}
	dataDir := opt.DataDir
	if dataDir == "" {
		var err error
		if dataDir, err = DataDir(""); err != nil {
			return nil, err
		}
	}
	file := DBFile
	if opt.Simulated {
		file = SimDBFile
	}
	db, err := storage.Open(filepath.Join(dataDir, file))
	if err != nil {
		return nil, err
	}
	e := &Engine{
		db:        db,
		now:       opt.Now,
		sim:       opt.Simulated,
		transport: opt.Transport,
		log:       opt.Logger,
		subs:      map[int]func(Event){},
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	e.opened = e.now()
	e.keep = DefaultRetention
	e.reportQueue = cmp.Or(max(opt.ReportQueue, 0), DefaultReportQueue)
	e.reportKeep = DefaultReportRetention
	if v, err := db.Setting(context.Background(), settingRetention); err == nil {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 {
			e.keep = n
		} else {
			e.log.Warn("ignoring an invalid retention setting", "value", v)
		}
	}
	if opt.ProjectDir != "" {
		e.SetProjectDir(opt.ProjectDir)
	}
	return e, nil
}

// OpenSimulation opens the simulation engine beside real: the simulation store (SimDBFile) in real's data
// folder, stamped with clock's time, with real's transport and logger. It follows real's project: it is
// on the project real is on, and each project real loads (a switch, a reload, a config error) is taken
// over and published again as the simulated engine's own ProjectChanged or ProjectInvalid. Its simulated
// user (SetUser) and LastOpened are its own. Close it before or after real; closing it stops the following.
func OpenSimulation(real *Engine, clock *SimClock) (*Engine, error) {
	if real == nil || clock == nil {
		return nil, errors.New("open the simulation: a real engine and a simulated clock are needed")
	}
	if real.sim {
		return nil, errors.New("open the simulation: the engine to follow is itself simulated")
	}
	e, err := Open(Options{DataDir: filepath.Dir(real.DBPath()), Now: clock.Now, Simulated: true,
		Transport: real.transport, Logger: real.log})
	if err != nil {
		return nil, err
	}
	e.follow = real
	e.unfollow = real.Subscribe(func(ev Event) {
		if ev.Kind == ProjectChanged || ev.Kind == ProjectInvalid {
			e.followReal()
		}
	})
	e.followReal()
	return e, nil
}

// followReal takes over the real engine's project when it changed since the last time.
func (e *Engine) followReal() {
	r := e.follow
	r.mu.Lock()
	gen, dir, p, perr := r.gen, r.dir, r.proj, r.projErr
	r.mu.Unlock()
	e.mu.Lock()
	if gen <= e.gen { // already taken over (events of the real engine may arrive out of order)
		e.mu.Unlock()
		return
	}
	e.gen, e.dir, e.proj, e.projErr, e.loadedAt = gen, dir, p, perr, e.now()
	e.mu.Unlock()
	switch {
	case perr != nil:
		e.publish(Event{Kind: ProjectInvalid, Project: p, Err: perr})
	case p != nil:
		e.forgetEvents()
		e.publish(Event{Kind: ProjectChanged, Project: p})
	}
}

// Simulated reports whether the engine is the simulation's: its store is SimDBFile and its clock simulated.
func (e *Engine) Simulated() bool { return e.sim }

// Close writes the analytics reports still queued, then closes the database.
func (e *Engine) Close() error {
	if e.unfollow != nil {
		e.unfollow()
	}
	e.rwOnce.Do(func() {}) // no writer can start from now on
	if e.rw != nil {
		e.rw.close()
	}
	return e.db.Close()
}

// DBPath is the database file.
func (e *Engine) DBPath() string { return e.db.Path() }

// Now is the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// SetProjectDir switches to the project in dir and loads it. On a simulated engine that follows a real
// one (OpenSimulation), it switches the real engine, whose project the simulated one then takes over.
func (e *Engine) SetProjectDir(dir string) {
	if e.follow != nil {
		e.follow.SetProjectDir(dir)
		return
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	e.mu.Lock()
	e.gen++
	e.dir = dir
	e.proj, e.projErr = nil, nil
	e.mu.Unlock()
	e.Reload()
}

// ProjectDir is the current project folder.
func (e *Engine) ProjectDir() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.dir
}

// Reload reads the project again and publishes ProjectChanged or ProjectInvalid. On a simulated engine
// that follows a real one, the real engine reloads and the simulated one takes the result over.
func (e *Engine) Reload() {
	if e.follow != nil {
		e.follow.Reload()
		return
	}
	dir := e.ProjectDir()
	p, err := project.Load(dir)
	e.apply(dir, p, err)
}

// apply swaps in a freshly loaded project, keeping the last good one on error.
func (e *Engine) apply(dir string, p *project.Project, err error) {
	e.mu.Lock()
	if dir != e.dir { // a reload of a project that is no longer open
		e.mu.Unlock()
		return
	}
	e.gen++
	e.loadedAt = e.now()
	if err != nil {
		e.projErr = err
	} else {
		e.proj, e.projErr = p, nil
	}
	last := e.proj
	e.mu.Unlock()
	if err != nil {
		e.log.Warn("project config invalid", "dir", dir, "err", err)
		e.publish(Event{Kind: ProjectInvalid, Project: last, Err: err})
		return
	}
	e.forgetEvents() // the appid may have changed
	// The analytics events are the real store's business: a simulated engine does not copy them.
	synced := !e.sim && e.syncAnalyticsFile(p)
	e.publish(Event{Kind: ProjectChanged, Project: p})
	if synced {
		e.publish(Event{Kind: AnalyticsChanged, Project: p})
	}
}

// Project returns the last good project (nil if none loaded yet) and the current config error (nil when
// the project on disk is valid).
func (e *Engine) Project() (*project.Project, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.proj, e.projErr
}

// LoadedAt is when the project was last (re)loaded.
func (e *Engine) LoadedAt() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.loadedAt
}

// Watch reloads the project whenever its config files change, until ctx is done. The watch is in place
// when ready is closed (ready may be nil). A simulated engine that follows a real one has nothing to
// watch (the real engine's watch feeds it): its Watch waits for ctx. Watch does not watch the sources:
// WatchWith with CompilePrefetch does.
func (e *Engine) Watch(ctx context.Context, ready chan<- struct{}) error {
	return e.WatchWith(ctx, ready, WatchOptions{})
}

// ErrNoProject is returned when no valid project has been loaded.
var ErrNoProject = errors.New("no valid project is loaded")

func (e *Engine) current() (*project.Project, error) {
	p, err := e.Project()
	if p == nil {
		if err == nil {
			err = ErrNoProject
		}
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.user != nil {
		cp := *p
		cp.User = *e.user
		p = &cp
	}
	return p, nil
}

// SetUser switches the simulated user (openid, tester) without touching the config; nil goes back to the
// config's user. Project still reports the config's; CurrentUser the one in effect.
func (e *Engine) SetUser(u *project.User) {
	e.mu.Lock()
	if u != nil {
		cp := *u
		u = &cp
	}
	e.user = u
	p, perr := e.proj, e.projErr
	e.mu.Unlock()
	if perr != nil { // the config on disk is still broken: say so again, or the window would forget it
		e.publish(Event{Kind: ProjectInvalid, Project: p, Err: perr})
		return
	}
	e.publish(Event{Kind: ProjectChanged, Project: p})
}

// SetLastOpened says when the simulated user last opened the mini program; a cold start sets it to now.
func (e *Engine) SetLastOpened(t time.Time) {
	e.mu.Lock()
	e.opened = t
	e.mu.Unlock()
}

// LastOpened is when the simulated user last opened the mini program.
func (e *Engine) LastOpened() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.opened
}

// CurrentUser is the simulated user in effect, and whether it was switched in the tool.
func (e *Engine) CurrentUser() (project.User, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.user != nil {
		return *e.user, true
	}
	if e.proj != nil {
		return e.proj.User, false
	}
	return project.User{}, false
}

// Pull is 拉取周期性缓存数据: it requests the periodic address now and caches the body if the platform
// would. The attempt is recorded whatever happens; the error is the request's failure (the attempt says
// it too). A body the platform would not cache is not an error: the attempt's Cached and Reason say so.
func (e *Engine) Pull(ctx context.Context) (*Attempt, error) {
	return e.run(ctx, fetch.Periodic, fetch.Options{}, "")
}

// Prefetch is a cold start with 启用数据预拉取 on: it requests the prefetch address with the launch
// parameters (nil = the configured ones). It sends when asked even with the switch off, as DevTools'
// button would not: PrefetchOn says whether the mini program itself would prefetch, and the caller says
// so.
func (e *Engine) Prefetch(ctx context.Context, launch *fetch.Launch) (*Attempt, error) {
	return e.prefetch(ctx, launch, "")
}

func (e *Engine) prefetch(ctx context.Context, launch *fetch.Launch, origin string) (*Attempt, error) {
	e.SetLastOpened(e.now()) // a cold start is the user opening the mini program (the 7-day rule)
	return e.run(ctx, fetch.Pre, fetch.Options{Launch: launch}, origin)
}

// run sends one request and records it with origin ("" sent when asked, OriginCompile on a compile).
func (e *Engine) run(ctx context.Context, fetchType string, opt fetch.Options, origin string) (*Attempt, error) {
	p, err := e.current()
	if err != nil {
		return nil, err
	}
	opt.Now = e.now()
	e.publish(Event{Kind: Fetching, FetchType: fetchType, Project: p})
	req, err := fetch.Build(p, fetchType, opt)
	var rec *fetch.Record
	if err != nil {
		var fe *fetch.Error
		if !errors.As(err, &fe) {
			fe = &fetch.Error{Kind: fetch.KindConfig, Msg: err.Error(), Err: err}
		}
		rec = &fetch.Record{Request: req, Err: fe, ReasonMsg: fetch.NotSent(fe)}
		rec.Reason = rec.ReasonMsg.English()
	} else {
		rec = fetch.Do(ctx, e.transport, req)
	}
	a := toAttempt(p.AppID, string(p.Platform), rec)
	a.Origin = origin
	if err := e.record(ctx, a, rec, p); err != nil {
		return a, err
	}
	if rec.Err != nil {
		return a, rec.Err
	}
	return a, nil
}

// record keeps a finished attempt: in history, and as the cached body when the platform would cache
// it; then it applies the retention and publishes Fetched.
func (e *Engine) record(ctx context.Context, a *Attempt, rec *fetch.Record, p *project.Project) error {
	finished := e.now() // on the simulated clock: the client got the data now
	var entry *storage.CacheEntry
	if rec.Cached {
		entry = &storage.CacheEntry{
			AppID:     a.AppID,
			FetchType: a.FetchType,
			Body:      rec.Body,
			FetchedAt: finished,
			Path:      a.LaunchPath,
			Query:     a.LaunchQuery,
			Scene:     a.LaunchScene,
			DataType:  a.DataType,
		}
	}
	// Record even when the caller cancelled: the attempt happened, and history must say so.
	ctx = context.WithoutCancel(ctx)
	if _, err := e.db.RecordAttempt(ctx, a, entry); err != nil {
		return fmt.Errorf("record the attempt in %s: %w", e.db.Path(), err)
	}
	e.log.Info("fetch", "id", a.ID, "type", a.FetchType, "origin", a.Origin, "status", a.Status, "bytes", a.Bytes,
		"cached", a.Cached, "err", e.redact(a.Error, AttemptSecrets(*a)...))
	e.prune(ctx, a.AppID)
	e.publish(Event{Kind: Fetched, FetchType: a.FetchType, Project: p, Attempt: a})
	return nil
}

// prune applies the retention to appID's history; a failure is logged, not returned (the attempt is kept).
func (e *Engine) prune(ctx context.Context, appID string) int64 {
	n, err := e.db.Prune(ctx, appID, e.Retention())
	if err != nil {
		e.log.Warn("prune history", "app", appID, "err", err)
	} else if n > 0 {
		e.log.Debug("pruned history", "app", appID, "deleted", n)
	}
	return n
}

// Retention is how many attempts history keeps per fetch type (of each app); older ones are deleted
// after every recorded attempt, except the one the cached body came from.
func (e *Engine) Retention() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.keep
}

// SetRetention sets the retention (at least 1), keeps it in the database for the next start, and
// prunes every app's history now.
func (e *Engine) SetRetention(ctx context.Context, n int) error {
	if n < 1 {
		return fmt.Errorf("retention must keep at least 1 attempt per type, not %d", n)
	}
	if err := e.db.SetSetting(ctx, settingRetention, strconv.Itoa(n)); err != nil {
		return fmt.Errorf("save the retention in %s: %w", e.db.Path(), err)
	}
	e.mu.Lock()
	e.keep = n
	e.mu.Unlock()
	deleted, err := e.db.Prune(ctx, "", n)
	if err != nil {
		return fmt.Errorf("prune history in %s: %w", e.db.Path(), err)
	}
	if deleted > 0 {
		p, _ := e.Project()
		e.publish(Event{Kind: Cleared, Project: p, History: true})
	}
	return nil
}

func toAttempt(appID, platform string, rec *fetch.Record) *Attempt {
	req := rec.Request
	header := rec.SentHeader
	if header == nil { // not sent
		header = req.Header
	}
	a := &Attempt{
		AppID:           appID,
		FetchType:       req.FetchType,
		Platform:        platform,
		StartedAt:       req.SentAt,
		DurationMs:      rec.Duration.Milliseconds(),
		Method:          req.Method,
		URL:             req.URL,
		RequestHeaders:  header,
		RequestBody:     req.Body,
		Status:          rec.Status,
		Proto:           rec.Proto,
		ResponseHeaders: rec.ResponseHeader,
		Bytes:           rec.Bytes,
		Cached:          rec.Cached,
		Reason:          rec.Reason,
		Warnings:        append([]string(nil), req.Warnings...),
		Redirects:       rec.Redirects,
		Variant:         req.Variant,
		VariantReason:   req.VariantReason,
		LaunchPath:      req.Launch.Path,
		LaunchQuery:     req.Launch.Query,
		LaunchScene:     req.Launch.Scene,
		DataType:        req.DataType,
	}
	for _, q := range req.Params {
		a.Params = append(a.Params, storage.Param{Name: q.Name, Value: q.Value, Source: q.Source})
	}
	if rec.Err != nil {
		a.Error = rec.Err.Error()
	}
	a.Messages = messagesJSON(rec)
	if t := rec.Timing; t != nil {
		a.Timing = &storage.Timing{DNS: t.DNS, Connect: t.Connect, TLS: t.TLS, FirstByte: t.FirstByte, Body: t.Body}
	}
	if t := rec.TLS; t != nil {
		a.TLS = &storage.TLSInfo{Version: t.Version, CipherSuite: t.CipherSuite, Subject: t.Subject, Issuer: t.Issuer,
			DNSNames: t.DNSNames, NotBefore: t.NotBefore, NotAfter: t.NotAfter, Verified: t.Verified, VerifyError: t.VerifyError}
	}
	switch {
	case rec.Cached:
		a.Body = rec.Body
	case len(rec.Body) > StoredErrorBody:
		a.Body = rec.Body[:StoredErrorBody]
	default:
		a.Body = rec.Body
	}
	return a
}

// ErrNotSimulated is returned when an operation of the simulation is asked of a real engine.
var ErrNotSimulated = errors.New("this is the real engine, not the simulation's: simulated time must never reach the real data")

// ResetSimulation empties the simulation store, a simulated engine's sandbox: the cached bodies and the
// recorded attempts of every app in SimDBFile. The simulated user's last open becomes the clock's now.
// It publishes Cleared (History set). On a real engine it does nothing and returns ErrNotSimulated.
func (e *Engine) ResetSimulation(ctx context.Context) error {
	if !e.sim {
		return ErrNotSimulated
	}
	if err := e.db.DeleteFetchData(ctx); err != nil {
		return fmt.Errorf("reset the simulation in %s: %w", e.db.Path(), err)
	}
	e.SetLastOpened(e.now())
	p, _ := e.Project()
	e.publish(Event{Kind: Cleared, Project: p, History: true})
	return nil
}

// Clear is 清除数据缓存 for the given fetch types, or 全部清除 with none: it deletes the cached bodies of
// the current app. History is kept.
func (e *Engine) Clear(ctx context.Context, fetchTypes ...string) (int64, error) {
	p, err := e.current()
	if err != nil {
		return 0, err
	}
	n, err := e.db.ClearCache(ctx, p.AppID, fetchTypes...)
	if err != nil {
		return 0, fmt.Errorf("clear the cache in %s: %w", e.db.Path(), err)
	}
	e.publish(Event{Kind: Cleared, Project: p, FetchTypes: fetchTypes})
	return n, nil
}

// ClearHistory deletes the recorded attempts of the current app of the given fetch types (none = all).
// The cached bodies stay: Clear clears those.
func (e *Engine) ClearHistory(ctx context.Context, fetchTypes ...string) (int64, error) {
	p, err := e.current()
	if err != nil {
		return 0, err
	}
	n, err := e.db.DeleteHistory(ctx, p.AppID, fetchTypes...)
	if err != nil {
		return 0, fmt.Errorf("delete history in %s: %w", e.db.Path(), err)
	}
	e.publish(Event{Kind: Cleared, Project: p, History: true})
	return n, nil
}

// forCurrentApp is f with the current app's id when f.AppID is empty (the history's verbs and panels
// read the current app's attempts unless told otherwise).
func (e *Engine) forCurrentApp(f HistoryFilter) (HistoryFilter, error) {
	if f.AppID != "" {
		return f, nil
	}
	p, err := e.current()
	if err != nil {
		return f, err
	}
	f.AppID = p.AppID
	return f, nil
}

// History lists attempts of the current app, newest first, without bodies. An empty f.AppID means the
// current app.
func (e *Engine) History(ctx context.Context, f HistoryFilter) ([]Attempt, error) {
	f, err := e.forCurrentApp(f)
	if err != nil {
		return nil, err
	}
	return e.db.History(ctx, f)
}

// CountHistory counts the attempts f selects (an empty f.AppID means the current app).
func (e *Engine) CountHistory(ctx context.Context, f HistoryFilter) (int64, error) {
	f, err := e.forCurrentApp(f)
	if err != nil {
		return 0, err
	}
	return e.db.CountAttempts(ctx, f)
}

// HistoryCount is History and CountHistory at once, as `history --search --count` prints them: the page f
// selects and how many attempts match f in all, every match counted (storage.HistoryCount). The history
// list and `history` without --count use HistoryPage.
func (e *Engine) HistoryCount(ctx context.Context, f HistoryFilter) ([]Attempt, int64, error) {
	f, err := e.forCurrentApp(f)
	if err != nil {
		return nil, 0, err
	}
	return e.db.HistoryCount(ctx, f)
}

// HistoryPage is History and a bounded count at once, as the window's history list shows them
// (storage.HistoryPage): the count is exact, or (exact false) a lower bound when a text's candidates are
// more than storage.CountBound; CountHistory counts them all.
func (e *Engine) HistoryPage(ctx context.Context, f HistoryFilter) (list []Attempt, n int64, exact bool, err error) {
	f, err = e.forCurrentApp(f)
	if err != nil {
		return nil, 0, false, err
	}
	return e.db.HistoryPage(ctx, f)
}

// Attempt loads one attempt in full, with its body.
func (e *Engine) Attempt(ctx context.Context, id int64) (Attempt, error) {
	return e.db.Attempt(ctx, id)
}

// Cached returns the cached body of fetchType for the current app, or storage.ErrNotFound.
func (e *Engine) Cached(ctx context.Context, fetchType string) (storage.CacheEntry, error) {
	p, err := e.current()
	if err != nil {
		return storage.CacheEntry{}, err
	}
	return e.db.Cached(ctx, p.AppID, fetchType)
}

// CachedFor returns the cached body of fetchType for any app, or storage.ErrNotFound.
func (e *Engine) CachedFor(ctx context.Context, appID, fetchType string) (storage.CacheEntry, error) {
	return e.db.Cached(ctx, appID, fetchType)
}

// ErrNotFound is what a lookup of something that is not there wraps (an attempt, a cached body), so that
// callers need not reach storage.
var ErrNotFound = storage.ErrNotFound

// SetPlatform writes "platform" into the project's bgfetch.config.json (changing only that value) and
// reloads the project.
func (e *Engine) SetPlatform(p project.Platform) error {
	return e.writeProject(project.ConfigFile, func(dir string) error { return project.SetPlatform(dir, p) })
}

// writeProject changes the project's file name with write (given the project folder), then reloads; the
// tool's own save is no compile.
func (e *Engine) writeProject(name string, write func(dir string) error) error {
	dir := e.ProjectDir()
	if err := write(dir); err != nil {
		return err
	}
	e.wroteFile(filepath.Join(dir, name))
	e.Reload()
	return nil
}

// EnsureConfig creates the project's bgfetch.config.json with content when it does not exist, and returns
// its path; an existing file is left as it is.
func (e *Engine) EnsureConfig(content string) (string, error) {
	path := filepath.Join(e.ProjectDir(), project.ConfigFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	switch {
	case errors.Is(err, os.ErrExist):
		return path, nil
	case err != nil:
		return path, fmt.Errorf("create %s: %w", path, err)
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return path, fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

// SetPreloadBackgroundData flips 启用数据预拉取 in the project's project.config.json and reloads.
func (e *Engine) SetPreloadBackgroundData(on bool) error {
	return e.writeProject(project.ProjectConfigFile, func(dir string) error { return project.SetPreloadBackgroundData(dir, on) })
}
