// Package bridge is the loopback bridge: a small HTTP server on 127.0.0.1 that a running mini program, an
// H5 build or a test calls to put custom-analytics reports into the tool's report log (POST /report) and
// to read what getBackgroundFetchData would return (GET /backgroundFetchData). Every request but a CORS
// preflight needs the key; only loopback Host headers (against DNS rebinding) and loopback or explicitly
// allowed browser origins get in. Nothing from a request reaches the file system: the bridge only calls
// the engine.
package bridge

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bgfetch/devtools/app/core"
	bridgejs "github.com/bgfetch/devtools/assets/bridge"
)

// DefaultPort is the bridge's port unless Options.Addr says otherwise.
const DefaultPort = 17878

// Version is the bridge protocol's version, as /health reports it.
const Version = 1

// MaxBody is the largest request body the bridge reads.
const MaxBody = 64 << 10

// KeyHeader carries the key; "Authorization: Bearer <key>" does too.
const KeyHeader = "X-BgFetch-Key"

// SettingKey is the engine setting that keeps the bridge's key across runs.
const SettingKey = "bridge.key"

// shutdownGrace is how long Close waits for requests in flight.
const shutdownGrace = 3 * time.Second

// Options configure a Server.
type Options struct {
	Addr         string   // "" = "127.0.0.1:17878"; host must be loopback (127.0.0.1, ::1, localhost) else New errors
	Key          string   // "" = a random 128-bit hex key from crypto/rand
	AllowOrigins []string // extra allowed browser origins besides loopback ones, e.g. "https://my-h5.example"
	Logger       *slog.Logger
}

// Stats are the server's counters since Start.
type Stats struct {
	Accepted  int64  // reports written to the log (answered 200)
	Flagged   int64  // of the accepted reports, those with problems (unconfigured event, bad fields)
	Rejected  int64  // requests answered with an error status (401, 403, 413, 429, ...)
	LastError string // the last rejection's status and message
}

// Server is the bridge. Create it with New, then Start it.
type Server struct {
	eng     *core.Engine
	host    string // the host to bind: 127.0.0.1 or ::1
	port    int    // the configured port (0 = any)
	key     string
	origins map[string]bool
	log     *slog.Logger

	mu      sync.Mutex
	srv     *http.Server
	url     string
	bound   int // the bound port, once started
	started bool
	closed  bool
	done    chan struct{} // closed when Serve returns

	accepted, flagged, rejected atomic.Int64
	lastErr                     atomic.Pointer[string]
}

// New checks the options and returns a server that is not listening yet.
func New(eng *core.Engine, opt Options) (*Server, error) {
	if eng == nil {
		return nil, errors.New("bridge: no engine")
	}
	addr := opt.Addr
	if addr == "" {
		addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(DefaultPort))
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("bridge address %q: %v; give host:port such as 127.0.0.1:%d", addr, err, DefaultPort)
	}
	switch host {
	case "127.0.0.1", "localhost":
		host = "127.0.0.1"
	case "::1":
	default:
		return nil, fmt.Errorf("bridge address %q: the bridge listens on loopback only; use 127.0.0.1, ::1 or localhost", addr)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("bridge address %q: the port must be a number from 0 to 65535", addr)
	}
	key := opt.Key
	if key == "" {
		key = randomKey()
	} else if len(key) < 16 {
		return nil, errors.New("bridge key: use at least 16 characters (the default is 32 random hex digits)")
	}
	origins := map[string]bool{}
	for _, o := range opt.AllowOrigins {
		n, err := normalizeOrigin(o)
		if err != nil {
			return nil, err
		}
		origins[n] = true
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Server{eng: eng, host: host, port: port, key: key, origins: origins, log: log}, nil
}

// normalizeOrigin checks an origin given to AllowOrigins and returns it as browsers send it.
func normalizeOrigin(o string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(o), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" ||
		u.User != nil || u.Fragment != "" {
		return "", fmt.Errorf("allowed origin %q: give scheme://host[:port] with no path, such as https://my-h5.example", o)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

func randomKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand panics if the OS cannot supply randomness)
	return hex.EncodeToString(b)
}

// Start binds the address and serves in the background. A port in use is an error that names the port.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return errors.New("bridge: closed; create a new one")
	case s.started:
		return errors.New("bridge: already started")
	}
	addr := net.JoinHostPort(s.host, strconv.Itoa(s.port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, syscall.Errno(10048)) { // 10048: Windows' WSAEADDRINUSE
			return &wrapped{err: err, msg: fmt.Sprintf("port %d on %s is already in use (is another bgfetch bridge, or the "+
				"window's 桥接 tab, running?); stop it or choose another port with --addr %s:%d", s.port, s.host, s.host, s.port+1)}
		}
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.bound = ln.Addr().(*net.TCPAddr).Port
	s.url = "http://" + net.JoinHostPort(s.host, strconv.Itoa(s.bound))
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.started = true
	s.done = make(chan struct{})
	s.accepted.Store(0)
	s.flagged.Store(0)
	s.rejected.Store(0)
	s.lastErr.Store(nil)
	srv, done := s.srv, s.done
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("bridge stopped", "err", err)
		}
	}()
	s.log.Info("bridge listening", "url", s.url)
	return nil
}

// wrapped is an error said in the bridge's words that still matches its cause with errors.Is
// (syscall.EADDRINUSE for a busy port).
type wrapped struct {
	err error
	msg string
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// URL is the address to call, such as "http://127.0.0.1:17878"; before Start, the configured one.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.url != "" {
		return s.url
	}
	return "http://" + net.JoinHostPort(s.host, strconv.Itoa(s.port))
}

// Key is the key every request must carry.
func (s *Server) Key() string { return s.key }

// Stats returns the counters since Start.
func (s *Server) Stats() Stats {
	st := Stats{Accepted: s.accepted.Load(), Flagged: s.flagged.Load(), Rejected: s.rejected.Load()}
	if p := s.lastErr.Load(); p != nil {
		st.LastError = *p
	}
	return st
}

// Close stops taking requests and waits a few seconds for those in flight (each report answered has been
// written). It is safe to call more than once, and before Start.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	srv, done := s.srv, s.done
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, srv.Close())
	}
	<-done
	if err != nil {
		return fmt.Errorf("stop the bridge: %w", err)
	}
	return nil
}

// Snippet is the JavaScript snippet for a dev build (assets/bridge/bgfetch-bridge.js) with the bridge's
// address and key filled in.
func Snippet(url, key string) string {
	u, _ := json.Marshal(url)
	k, _ := json.Marshal(key)
	return strings.Replace(bridgejs.Snippet, snippetDefaults, fmt.Sprintf("url: %s, key: %s", u, k), 1)
}

// snippetDefaults is the text of the snippet that Snippet replaces.
const snippetDefaults = `url: "http://127.0.0.1:17878", key: ""`

// KeyFor returns the persisted key (the setting bridge.key), creating and storing one the first time, so
// that a snippet pasted into a dev build keeps working across runs.
func KeyFor(ctx context.Context, eng *core.Engine) (string, error) {
	k, err := eng.Setting(ctx, SettingKey)
	switch {
	case err == nil && validKey(k):
		return k, nil
	case err == nil, errors.Is(err, core.ErrNoSetting):
		return NewKey(ctx, eng)
	}
	return "", fmt.Errorf("read the bridge key: %w", err)
}

// SettingOrigins is the engine setting that holds the allowed origins kept between runs, one a line.
const SettingOrigins = "bridge.origins"

// SavedOrigins returns the allowed origins kept between runs (set in the 桥接 tab); the window's bridge
// and bgfetch bridge both allow them.
func SavedOrigins(ctx context.Context, eng *core.Engine) ([]string, error) {
	v, err := eng.Setting(ctx, SettingOrigins)
	if errors.Is(err, core.ErrNoSetting) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the allowed origins: %w", err)
	}
	return strings.Fields(v), nil
}

// SaveOrigins checks and keeps the allowed origins (separated by spaces, commas or new lines) and returns
// them as browsers send them.
func SaveOrigins(ctx context.Context, eng *core.Engine, text string) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '，' }) {
		n, err := normalizeOrigin(o)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if err := eng.SetSetting(ctx, SettingOrigins, strings.Join(out, "\n")); err != nil {
		return nil, fmt.Errorf("store the allowed origins: %w", err)
	}
	return out, nil
}

// NewKey makes a new random key and stores it; snippets with the old key stop working.
func NewKey(ctx context.Context, eng *core.Engine) (string, error) {
	k := randomKey()
	if err := eng.SetSetting(ctx, SettingKey, k); err != nil {
		return "", fmt.Errorf("store the bridge key: %w", err)
	}
	return k, nil
}

func validKey(k string) bool {
	b, err := hex.DecodeString(k)
	return err == nil && len(b) == 16
}

// keyOK compares the request's key with the server's in constant time.
func (s *Server) keyOK(r *http.Request) bool {
	got := r.Header.Get(KeyHeader)
	if got == "" {
		if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
			got = strings.TrimSpace(a[7:])
		}
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.key)) == 1
}
