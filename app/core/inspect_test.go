package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// secret is a token that shows up differently in a URL, a JSON string and as it is.
const secret = `s3cr3t-TOKEN/中+&"`

// echoServer records every request and answers by path: /ok echoes the query, /fail is a 500, /r/N
// redirects to /r/N+1 up to 3, /cookie sets a cookie, /bin answers bytes that are not UTF-8, /n answers
// a JSON body numbered by a counter.
type echoServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []seenRequest
	n    int
}

type seenRequest struct {
	Method, URI, Body string
	Header            http.Header
}

func newEchoServer(t *testing.T) *echoServer {
	s := &echoServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.seen = append(s.seen, seenRequest{r.Method, r.RequestURI, string(body), r.Header.Clone()})
		s.n++
		n := s.n
		s.mu.Unlock()
		var hop int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &hop); err == nil && hop < 3 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d?%s", hop+1, r.URL.RawQuery), http.StatusFound)
			return
		}
		switch r.URL.Path {
		case "/fail":
			http.Error(w, "down for maintenance", http.StatusInternalServerError)
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "abc"})
			_, _ = w.Write([]byte(`{"cookie":true}`))
		case "/bin":
			_, _ = w.Write([]byte{0xff, 0xfe, 0, 1})
		case "/n":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"n":%d,"items":[{"id":1,"title":"a"},{"id":2,"title":"v%d"}]}`, n, n)
		default:
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			fmt.Fprintf(w, `{"query":%q}`, r.URL.RawQuery)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *echoServer) last() seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[len(s.seen)-1]
}

func secretConfig(base, path string) string {
	return fmt.Sprintf(`{"token": %q, "timeoutMs": 2000, "periodic": {"url": %q}, "prefetch": {"url": %q, "path": "pages/a", "scene": 1047}}`,
		secret, base+path, base+"/pre?x=1")
}

// setConfig rewrites bgfetch.config.json and reloads.
func setConfig(t *testing.T, e *Engine, cfg string) {
	t.Helper()
	writeFile(t, filepath.Join(e.ProjectDir(), project.ConfigFile), cfg)
	e.Reload()
	if _, err := e.Project(); err != nil {
		t.Fatal(err)
	}
}

type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) kinds() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, ev := range r.events {
		out = append(out, ev.Kind.String())
	}
	return strings.Join(out, " ")
}

func subscribe(e *Engine) *recorder {
	r := &recorder{}
	e.Subscribe(func(ev Event) { r.mu.Lock(); r.events = append(r.events, ev); r.mu.Unlock() })
	return r
}

func TestPullRecordsTimingProtoAndSentHeaders(t *testing.T) {
	srv := newEchoServer(t)
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/ok")), &clock{t: t0})
	a, err := e.Pull(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	full, err := e.Attempt(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.Timing == nil || full.Timing.FirstByte <= 0 || full.TLS != nil || full.Proto != "HTTP/1.1" || full.Origin != "" {
		t.Errorf("timing %+v TLS %+v proto %q origin %q", full.Timing, full.TLS, full.Proto, full.Origin)
	}
	if ua := http.Header(full.RequestHeaders).Get("User-Agent"); ua == "" || ua != srv.last().Header.Get("User-Agent") {
		t.Errorf("recorded User-Agent %q, sent %q", ua, srv.last().Header.Get("User-Agent"))
	}
}

func TestRerun(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	c := &clock{t: t0}
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/n?own=1")), c)
	first, err := e.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sent := srv.last()

	// Later, with another address: the re-run still sends the first request, old timestamp included.
	c.Set(t0.Add(time.Hour))
	setConfig(t, e, secretConfig(srv.URL, "/fail"))
	rec := subscribe(e)
	again, err := e.Rerun(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.last()
	if got.Method != sent.Method || got.URI != sent.URI || got.Body != sent.Body || !strings.Contains(got.URI, "timestamp=1795424400000") {
		t.Errorf("re-run sent %s %s %q; the first %s %s %q", got.Method, got.URI, got.Body, sent.Method, sent.URI, sent.Body)
	}
	for k, v := range sent.Header {
		if !slices.Equal(got.Header[k], v) {
			t.Errorf("header %s: %q, first %q", k, got.Header[k], v)
		}
	}
	if again.ID == first.ID || again.Origin != storage.OriginRerun || again.RerunOf != first.ID || again.URL != first.URL ||
		!again.Cached || !again.StartedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("re-run attempt %+v", again)
	}
	if k := rec.kinds(); k != "Fetching Fetched" {
		t.Errorf("events %q", k)
	}
	// A cached result replaces the cache.
	entry, err := e.Cached(ctx, "periodic")
	if err != nil || entry.AttemptID != again.ID || !strings.Contains(string(entry.Body), `"n":2`) {
		t.Errorf("cache %+v %v", entry, err)
	}
	stored, _ := e.Attempt(ctx, again.ID)
	if stored.Origin != storage.OriginRerun || stored.RerunOf != first.ID {
		t.Errorf("stored origin %q rerunOf %d", stored.Origin, stored.RerunOf)
	}

	// A re-run that fails keeps the cached body.
	failed, err := e.Pull(ctx) // /fail now
	if err != nil || failed.Cached {
		t.Fatalf("pull /fail: %+v %v", failed, err)
	}
	again2, err := e.Rerun(ctx, failed.ID)
	if err != nil || again2.Cached || again2.Status != 500 {
		t.Errorf("re-run of /fail: %+v %v", again2, err)
	}
	if entry, _ := e.Cached(ctx, "periodic"); entry.AttemptID != again.ID {
		t.Errorf("a failed re-run replaced the cache: %+v", entry)
	}

	if _, err := e.Rerun(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("re-run of a missing attempt: %v", err)
	}
	setConfig(t, e, fmt.Sprintf(`{"periodic": {"url": %q}}`, srv.URL+"/ok")) // no token: not sent
	notSent, _ := e.Pull(ctx)
	if _, err := e.Rerun(ctx, notSent.ID); !errors.Is(err, ErrNeverSent) {
		t.Errorf("re-run of an attempt never sent: %v", err)
	}
}

func TestRerunRedirectsAndPOST(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/r/0?a=1")), &clock{t: t0})
	a, err := e.Pull(ctx)
	if err != nil || len(a.Redirects) != 3 {
		t.Fatalf("pull %+v %v", a, err)
	}
	b, err := e.Rerun(ctx, a.ID)
	if err != nil || len(b.Redirects) != 3 || !b.Cached {
		t.Errorf("re-run through redirects: %+v %v", b, err)
	}
	// A stored POST (as an Alipay prefetch sends) is sent again with its body and headers.
	post := &Attempt{AppID: "wxtest", FetchType: "pre", Platform: "alipay", StartedAt: t0, Method: "POST",
		URL: srv.URL + "/ok?z=%20", RequestBody: "k=v+w&n=%E4%B8%AD",
		RequestHeaders: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Multi": {"1", "2"}},
		DataType:       "json"}
	if _, err := e.db.RecordAttempt(ctx, post, nil); err != nil {
		t.Fatal(err)
	}
	r, err := e.Rerun(ctx, post.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.last()
	if got.Method != "POST" || got.URI != "/ok?z=%20" || got.Body != post.RequestBody ||
		!slices.Equal(got.Header["X-Multi"], []string{"1", "2"}) || got.Header.Get("User-Agent") != "bgfetch-devtools (Alipay pre)" {
		t.Errorf("server saw %+v", got)
	}
	if !r.Cached || r.Platform != "alipay" || r.DataType != "json" {
		t.Errorf("re-run %+v", r)
	}
}

func TestDeleteAttemptKeepsTheCachedBody(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/n")), &clock{t: t0})
	a, err := e.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := subscribe(e)
	if err := e.DeleteAttempt(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if k := rec.kinds(); k != "Cleared" || !rec.events[0].History {
		t.Errorf("events %q %+v", k, rec.events)
	}
	res, err := e.Get(ctx, "periodic", Android)
	if err != nil || !res.OK || !strings.Contains(res.Value.(WxSuccess).FetchedData, `"n":1`) {
		t.Errorf("getBackgroundFetchData after deleting the attempt: %+v %v", res, err)
	}
	if err := e.DeleteAttempt(ctx, a.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestRetention(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	dir := newProject(t, secretConfig(srv.URL, "/n"))
	data := t.TempDir()
	e, err := Open(Options{ProjectDir: dir, DataDir: data, Now: (&clock{t: t0}).Now})
	if err != nil {
		t.Fatal(err)
	}
	if e.Retention() != DefaultRetention || DefaultRetention != 1000 {
		t.Errorf("default retention %d", e.Retention())
	}
	for range 4 {
		if _, err := e.Pull(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Prefetch(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.SetRetention(ctx, 0); err == nil {
		t.Error("retention 0 accepted")
	}
	rec := subscribe(e)
	if err := e.SetRetention(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.CountHistory(ctx, HistoryFilter{FetchType: "periodic"}); n != 2 {
		t.Errorf("%d periodic attempts after SetRetention(2), want 2", n)
	}
	if n, _ := e.CountHistory(ctx, HistoryFilter{FetchType: "pre"}); n != 1 {
		t.Errorf("%d pre attempts, want 1", n)
	}
	if k := rec.kinds(); k != "Cleared" {
		t.Errorf("events %q", k)
	}
	// The retention survives a restart, and every recorded attempt is followed by a prune; the attempt
	// the cached body came from is kept even when it is older.
	e.Close()
	e, err = Open(Options{ProjectDir: dir, DataDir: data, Now: (&clock{t: t0}).Now})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Retention() != 2 {
		t.Errorf("retention after restart %d", e.Retention())
	}
	cached, _ := e.Cached(ctx, "periodic")
	setConfig(t, e, secretConfig(srv.URL, "/fail"))
	for range 3 {
		if _, err := e.Pull(ctx); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := e.History(ctx, HistoryFilter{FetchType: "periodic"})
	var ids []int64
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	if len(list) != 3 || list[2].ID != cached.AttemptID {
		t.Errorf("periodic history %v, want the 2 newest and the cached %d", ids, cached.AttemptID)
	}
}

func TestCachedPair(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/n")), &clock{t: t0})
	if _, _, err := e.CachedPair(ctx, "periodic"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("no attempts: %v", err)
	}
	first, _ := e.Pull(ctx)
	if _, _, err := e.CachedPair(ctx, "periodic"); !errors.Is(err, storage.ErrNotFound) || !strings.Contains(err.Error(), "1 cached periodic body") {
		t.Errorf("one attempt: %v", err)
	}
	setConfig(t, e, secretConfig(srv.URL, "/fail"))
	_, _ = e.Pull(ctx) // not cached: not part of the pair
	setConfig(t, e, secretConfig(srv.URL, "/n"))
	second, _ := e.Pull(ctx)
	prev, latest, err := e.CachedPair(ctx, "periodic")
	if err != nil || prev.ID != first.ID || latest.ID != second.ID {
		t.Fatalf("pair %d %d, %v; want %d %d", prev.ID, latest.ID, err, first.ID, second.ID)
	}
	d := Diff(prev.Body, latest.Body)
	var got []string
	for _, c := range d.Changes {
		got = append(got, c.Kind+" "+c.Path+" "+c.Old+" "+c.New)
	}
	if want := []string{`changed $.items[1].title "v1" "v3"`, `changed $.n 1 3`}; !slices.Equal(got, want) {
		t.Errorf("diff %q, want %q", got, want)
	}
}

func TestMaskAndSecrets(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/ok")), &clock{t: t0})
	if s := e.Secrets(); !slices.Equal(s, []string{secret}) {
		t.Errorf("Secrets %q", s)
	}
	a, err := e.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := e.Attempt(ctx, a.ID)
	full.RequestHeaders["Authorization"] = []string{"Bearer " + secret}
	full.RequestBody = `{"token":"s3cr3t-TOKEN/中+&\""}`
	full.Error = "Get " + full.URL + ": refused"
	full.Redirects = []string{full.URL}
	before := fmt.Sprintf("%+v", full)
	for _, form := range []string{secret, url.QueryEscape(secret)} {
		if !strings.Contains(before, form) && !strings.Contains(string(full.Body), form) {
			t.Fatalf("the test attempt does not hold %q", form)
		}
	}

	m := Mask(full, e.Secrets()...)
	text := fmt.Sprintf("%+v %s", m, m.Body)
	for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), `s3cr3t-TOKEN/中+&\"`, "s3cr3t"} {
		if strings.Contains(text, form) {
			t.Errorf("masked attempt still holds %q:\n%s", form, text)
		}
	}
	if !strings.Contains(m.URL, "token="+Masked+"&timestamp=") || m.Params[1].Value != Masked ||
		m.RequestHeaders["Authorization"][0] != "Bearer "+Masked || !strings.Contains(string(m.Body), Masked) {
		t.Errorf("masked: URL %s params %+v auth %q body %s", m.URL, m.Params, m.RequestHeaders["Authorization"], m.Body)
	}
	if fmt.Sprintf("%+v", full) != before {
		t.Error("Mask changed the attempt it was given")
	}
	if got := Mask(full); got.URL != full.URL || string(got.Body) != string(full.Body) {
		t.Error("Mask without secrets changed the attempt")
	}
	if s := AttemptSecrets(full); !slices.Equal(s, []string{secret}) {
		t.Errorf("AttemptSecrets %q", s)
	}

	setConfig(t, e, fmt.Sprintf(`{"periodic": {"url": %q}}`, srv.URL+"/ok"))
	if s := e.Secrets(); s != nil {
		t.Errorf("Secrets without a token %q", s)
	}
}

func TestCurlCommand(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	e := openEngine(t, newProject(t, secretConfig(srv.URL, "/ok?q=[1]&it's=yes")), &clock{t: t0})
	pulled, err := e.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	get, _ := e.Attempt(ctx, pulled.ID)
	post := Attempt{Method: "POST", URL: srv.URL + "/ok?a=1", RequestBody: "k='v' w&x=@file",
		RequestHeaders: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Empty": {""}, "X-Multi": {"1", "2"}}}
	put := Attempt{Method: "PUT", URL: srv.URL + "/ok", RequestBody: "{\"a\":\n1}"}
	del := Attempt{Method: "DELETE", URL: srv.URL + "/ok"}
	redirected := Attempt{Method: "GET", URL: srv.URL + "/r/0", Redirects: []string{"/r/1", "/r/2", "/r/3"}}

	masked := CurlCommand(&get, false)
	if strings.Contains(masked, "s3cr3t") || !strings.Contains(masked, "token="+Masked) {
		t.Errorf("masked command: %s", masked)
	}
	if strings.Contains(masked, "\n") || !strings.HasPrefix(masked, "curl ") {
		t.Errorf("not one line: %s", masked)
	}

	if _, err := lookPath("curl"); err != nil {
		t.Skip("curl is not installed: the commands are not run")
	}
	for _, tt := range []struct {
		name string
		a    Attempt
	}{{"GET as pulled, with secrets", get}, {"POST with quotes, @ and an empty header", post}, {"PUT with a newline", put},
		{"DELETE", del}, {"redirects followed", redirected}} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := CurlCommand(&tt.a, true)
			t.Log(cmd)
			out, err := runShell(cmd + " -s -o /dev/null")
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			got := srv.last()
			wantURI := strings.TrimPrefix(tt.a.URL, srv.URL)
			if len(tt.a.Redirects) > 0 && strings.HasPrefix(got.URI, "/r/3") {
				wantURI = got.URI // followed to the end
			}
			method := tt.a.Method
			if got.Method != method || got.URI != wantURI || got.Body != tt.a.RequestBody {
				t.Errorf("curl sent %s %s %q; want %s %s %q", got.Method, got.URI, got.Body, method, wantURI, tt.a.RequestBody)
			}
			for k, v := range tt.a.RequestHeaders {
				if !slices.Equal(got.Header[k], v) {
					t.Errorf("header %s %q, want %q", k, got.Header[k], v)
				}
			}
		})
	}
}

func TestLogsNeverHoldTheToken(t *testing.T) {
	srv := newEchoServer(t)
	ctx := context.Background()
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	dir := newProject(t, secretConfig(srv.URL, "/ok"))
	e, err := Open(Options{ProjectDir: dir, DataDir: t.TempDir(), Now: (&clock{t: t0}).Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	a, _ := e.Pull(ctx)
	_, _ = e.Rerun(ctx, a.ID)
	setConfig(t, e, secretConfig("http://127.0.0.1:1", "/refused"))
	_, _ = e.Pull(ctx)
	setConfig(t, e, secretConfig(srv.URL, "/fail"))
	_, _ = e.Pull(ctx)
	_ = e.SetRetention(ctx, 1)
	_ = e.DeleteAttempt(ctx, a.ID)
	var har bytes.Buffer
	list, _ := e.HistoryWithBodies(ctx, HistoryFilter{})
	_ = WriteHAR(&har, list, true, "test")
	_, _ = e.ImportHAR(ctx, &har)
	writeFile(t, filepath.Join(dir, project.ConfigFile), `{"token": "`+secret+`", "periodc": 1}`) // invalid
	e.Reload()
	mu.Lock()
	defer mu.Unlock()
	for _, form := range []string{"s3cr3t", url.QueryEscape(secret)} {
		if strings.Contains(logs.String(), form) {
			t.Errorf("the log holds the token (%q):\n%s", form, logs.String())
		}
	}
	if logs.Len() == 0 {
		t.Error("nothing was logged")
	}
}

func lookPath(name string) (string, error) { return exec.LookPath(name) }

func runShell(cmd string) ([]byte, error) { return exec.Command("sh", "-c", cmd).CombinedOutput() }

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestInspectHTTPS: what the inspector shows of an HTTPS pull, through a redirect chain: the certificate
// summary whether or not it verified, the TLS handshake's time, and the same in the HAR export.
func TestInspectHTTPS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var hop int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &hop); err == nil && hop < 2 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d?%s", hop+1, r.URL.RawQuery), http.StatusFound)
			return
		}
		_, _ = w.Write([]byte(`{"secure":true}`))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	dir := newProject(t, secretConfig(srv.URL, "/r/0?a=1"))
	for _, tt := range []struct {
		name      string
		transport http.RoundTripper
		verified  bool
		verifyErr string
	}{
		{"a transport that trusts the test server", srv.Client().Transport, true, ""},
		{"the system's roots: a self-signed certificate is rejected", nil, false, "unknown authority"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Open(Options{ProjectDir: dir, DataDir: t.TempDir(), Now: (&clock{t: t0}).Now, Transport: tt.transport})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			a, _ := e.Pull(ctx)
			full, err := e.Attempt(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			info := full.TLS
			if info == nil {
				t.Fatalf("no TLS summary: %+v", full)
			}
			if info.Verified != tt.verified || !strings.Contains(info.VerifyError, tt.verifyErr) || !strings.Contains(info.Subject, "Acme Co") ||
				!slices.Contains(info.DNSNames, "127.0.0.1") || full.Timing == nil || full.Timing.TLS <= 0 {
				t.Errorf("TLS %+v timing %+v", info, full.Timing)
			}
			if tt.verified && (info.Version != "TLS 1.3" || len(full.Redirects) != 2 || !full.Cached) {
				t.Errorf("verified pull: version %q redirects %v cached %v", info.Version, full.Redirects, full.Cached)
			}
			if !tt.verified && (full.Cached || !strings.Contains(full.Error, "certificate")) {
				t.Errorf("rejected pull: cached %v error %q", full.Cached, full.Error)
			}
			var har bytes.Buffer
			if err := WriteHAR(&har, []Attempt{full}, false, "test"); err != nil {
				t.Fatal(err)
			}
			checkHAR(t, har.Bytes())
			var h harFile
			_ = json.Unmarshal(har.Bytes(), &h)
			en := h.Log.Entries[0]
			if en.Timings.SSL <= 0 || en.Timings.Connect < en.Timings.SSL || en.BgFetch.TLS == nil || en.BgFetch.TLS.Verified != tt.verified {
				t.Errorf("HAR timings %+v tls %+v", en.Timings, en.BgFetch.TLS)
			}
		})
	}
}
