package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
)

// routes maps each path to its method.
var routes = map[string]string{
	"/report":               http.MethodPost,
	"/backgroundFetchData":  http.MethodGet,
	"/backgroundFetchToken": http.MethodGet,
	"/config":               http.MethodGet,
	"/health":               http.MethodGet,
}

// The CORS answer to an allowed origin.
const (
	corsMethods = "GET, POST, OPTIONS"
	corsHeaders = "Content-Type, " + KeyHeader + ", Authorization"
)

// ServeHTTP checks the Host, the Origin and the key, then answers the route. Every answer is JSON.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.hostOK(r.Host) {
		s.fail(w, http.StatusForbidden, fmt.Sprintf("the Host %q is not the bridge's address; call %s "+
			"(a web page reaching the bridge under another name is refused, against DNS rebinding)", r.Host, s.URL()))
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		if !s.originAllowed(origin) {
			s.fail(w, http.StatusForbidden, fmt.Sprintf("the origin %q may not call the bridge; if it is your own dev "+
				"server, allow it in the window's 桥接 tab (允许的来源) or with bgfetch bridge --allow-origin %s", origin, origin))
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	}
	method, known := routes[r.URL.Path]
	if r.Method == http.MethodOptions { // the CORS preflight: no key, as browsers send none
		if !known {
			s.fail(w, http.StatusNotFound, notFound(r.URL.Path))
			return
		}
		h.Set("Allow", method+", OPTIONS")
		if h.Get("Access-Control-Allow-Origin") != "" {
			h.Set("Access-Control-Allow-Methods", corsMethods)
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", "600")
			if r.Header.Get("Access-Control-Request-Private-Network") == "true" {
				h.Set("Access-Control-Allow-Private-Network", "true")
			}
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !s.keyOK(r) {
		h.Set("WWW-Authenticate", `Bearer realm="bgfetch bridge"`)
		s.fail(w, http.StatusUnauthorized, "missing or wrong key: send the header "+KeyHeader+": <key> (or Authorization: "+
			"Bearer <key>); the key is shown in the 桥接 tab of the window and by bgfetch bridge")
		return
	}
	if !known {
		s.fail(w, http.StatusNotFound, notFound(r.URL.Path))
		return
	}
	if r.Method != method {
		h.Set("Allow", method+", OPTIONS")
		s.fail(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s takes %s, not %s", r.URL.Path, method, r.Method))
		return
	}
	switch r.URL.Path {
	case "/report":
		s.report(w, r)
	case "/backgroundFetchData":
		s.backgroundFetchData(w, r)
	case "/backgroundFetchToken":
		s.backgroundFetchToken(w, r)
	case "/config":
		s.config(w)
	case "/health":
		s.health(w)
	}
}

func notFound(path string) string {
	return fmt.Sprintf("no such endpoint %q; the bridge has POST /report, GET /backgroundFetchData?fetchType=periodic|pre, "+
		"GET /backgroundFetchToken, GET /config and GET /health", path)
}

// hostOK is the DNS-rebinding defence: the Host must name loopback with the bridge's port.
func (s *Server) hostOK(host string) bool {
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return false
	}
	s.mu.Lock()
	bound := s.bound
	s.mu.Unlock()
	if port != strconv.Itoa(bound) {
		return false
	}
	switch strings.ToLower(h) {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}

// originAllowed: loopback origins with any port, and the ones in Options.AllowOrigins.
func (s *Server) originAllowed(origin string) bool {
	if s.origins[strings.ToLower(origin)] {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" || u.User != nil || u.RawQuery != "" {
		return false
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// reportBody is POST /report's body: core.ReportInput with the aliases eventId and eventName.
type reportBody struct {
	API       string          `json:"api"`
	Event     string          `json:"event"`
	EventID   string          `json:"eventId"`
	EventName string          `json:"eventName"`
	Data      json.RawMessage `json:"data"`
	Page      string          `json:"page"`
	Trigger   string          `json:"trigger"`
	Action    string          `json:"action"`
}

// reportAnswer is POST /report's answer.
type reportAnswer struct {
	ID       int64    `json:"id"`
	Event    string   `json:"event"`
	Matched  string   `json:"matched"`
	Problems []string `json:"problems"`
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		s.fail(w, http.StatusUnsupportedMediaType, fmt.Sprintf("send the report as Content-Type: application/json, not %q "+
			"(text/plain and forms are refused so that no web page can post without a CORS preflight)", r.Header.Get("Content-Type")))
		return
	}
	tooBig := fmt.Sprintf("the report is over %d KB; send less data per report", MaxBody>>10)
	if r.ContentLength > MaxBody {
		s.fail(w, http.StatusRequestEntityTooLarge, tooBig)
		return
	}
	buf := bufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= MaxBody*2 {
			buf.Reset()
			bufs.Put(buf)
		}
	}()
	buf.Reset()
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, MaxBody)); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			s.fail(w, http.StatusRequestEntityTooLarge, tooBig)
			return
		}
		s.fail(w, http.StatusBadRequest, "cannot read the report: "+err.Error())
		return
	}
	in, err := decodeReport(buf.Bytes())
	if err != nil {
		s.fail(w, http.StatusBadRequest, err.Error())
		return
	}
	if p, perr := s.eng.Project(); p == nil {
		s.noProject(w, perr)
		return
	}
	rep, err := s.eng.Report(r.Context(), in)
	switch {
	case err == nil:
	case errors.Is(err, core.ErrBusy):
		w.Header().Set("Retry-After", "1")
		s.fail(w, http.StatusTooManyRequests, err.Error())
		return
	case errors.Is(err, core.ErrClosed):
		s.fail(w, http.StatusServiceUnavailable, "the tool is shutting down; start it again and resend the report")
		return
	case errors.Is(err, core.ErrNoProject):
		s.noProject(w, err)
		return
	default:
		if _, cerr := core.CheckReport(nil, in); cerr != nil {
			s.fail(w, http.StatusBadRequest, cerr.Error())
			return
		}
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.accepted.Add(1)
	if rep.Flagged() {
		s.flagged.Add(1)
	}
	ans := reportAnswer{ID: rep.ID, Event: rep.Event, Matched: rep.EventID, Problems: make([]string, len(rep.Problems))}
	for i, p := range rep.Problems {
		ans.Problems[i] = p.String()
	}
	s.write(w, http.StatusOK, ans)
}

// decodeReport reads a report body, naming what is wrong and where.
func decodeReport(body []byte) (core.ReportInput, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var b reportBody
	if err := dec.Decode(&b); err != nil {
		return core.ReportInput{}, jsonError(body, err)
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return core.ReportInput{}, fmt.Errorf("the body has more after the report object at %s; send one JSON object per request",
			lineCol(body, off))
	}
	in := core.ReportInput{API: b.API, Data: b.Data, Page: b.Page, Trigger: b.Trigger, Action: b.Action}
	names := [][2]string{{"event", b.Event}, {"eventId", b.EventID}, {"eventName", b.EventName}}
	for _, n := range names {
		switch {
		case n[1] == "":
		case in.Event == "":
			in.Event = n[1]
		case in.Event != n[1]:
			return in, fmt.Errorf("the report names two different events (%q and %q): send one of event, eventId and eventName",
				in.Event, n[1])
		}
	}
	if in.API == "" && b.Event == "" {
		switch {
		case b.EventName != "":
			in.API = core.APIReportAnalytics
		case b.EventID != "":
			in.API = core.APIReportEvent
		}
	}
	return in, nil
}

// jsonError says what is wrong with a report body and where it broke.
func jsonError(body []byte, err error) error {
	const want = `send {"api": "reportEvent", "event": "<eventId>", "data": {...}, "page": "...", "trigger": "..."}`
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("the body is empty; " + want)
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Errorf("the body is not valid JSON at %s: %s", lineCol(body, se.Offset), strings.TrimPrefix(se.Error(), "json: "))
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		if te.Field == "" {
			return fmt.Errorf("the body must be a JSON object, not %s; %s", te.Value, want)
		}
		return fmt.Errorf("%q must be a string, not %s (at %s)", te.Field, te.Value, lineCol(body, te.Offset))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the body ends in the middle of the JSON at %s; %s", lineCol(body, int64(len(body))), want)
	}
	if k, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("unknown key %s in the report; the keys are api, event (or eventId, eventName), data, page, "+
			"trigger and action", k)
	}
	return fmt.Errorf("the body is not a report: %v; %s", err, want)
}

// lineCol turns a byte offset into "line L, column C" (1-based, columns in bytes).
func lineCol(body []byte, off int64) string {
	off = min(max(off, 0), int64(len(body)))
	before := body[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

func (s *Server) noProject(w http.ResponseWriter, err error) {
	msg := "no valid project is open: open a mini-program project in the window, or pass --project DIR to bgfetch bridge"
	if err != nil && !errors.Is(err, core.ErrNoProject) {
		msg += " (" + err.Error() + ")"
	}
	s.fail(w, http.StatusServiceUnavailable, msg)
}

// backgroundFetchData answers exactly what getBackgroundFetchData would: 200 for its success callback,
// 404 for its fail callback, the platform's object either way.
func (s *Server) backgroundFetchData(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ft := q.Get("fetchType")
	switch ft {
	case fetch.Periodic, fetch.Pre, fetch.JSAPIPre:
	default:
		s.fail(w, http.StatusBadRequest, fmt.Sprintf("fetchType must be periodic or pre (jsapiPre on Alipay), got %q: "+
			"GET /backgroundFetchData?fetchType=periodic", ft))
		return
	}
	osName := core.OS(q.Get("os"))
	switch osName {
	case "":
		osName = core.Android
	case core.Android, core.IOS:
	default:
		s.fail(w, http.StatusBadRequest, fmt.Sprintf("os must be android or ios, got %q", osName))
		return
	}
	if p, perr := s.eng.Project(); p == nil {
		s.noProject(w, perr)
		return
	}
	res, err := s.eng.Get(r.Context(), ft, osName)
	s.answer(w, res, err)
}

// answer writes an API's result as the mini program would get it: 200 for its success callback, 404 with
// the fail object; 503 with no project, 500 for the tool's own failure.
func (s *Server) answer(w http.ResponseWriter, res core.Result, err error) {
	if err != nil {
		if errors.Is(err, core.ErrNoProject) {
			s.noProject(w, err)
			return
		}
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	status := http.StatusOK
	if !res.OK {
		status = http.StatusNotFound
	}
	s.write(w, status, res.Value)
}

// backgroundFetchToken answers what getBackgroundFetchToken returns: 200 with {token, errMsg}, or 404 with
// the fail object when no token is set (or on Alipay, which has no such API). The token is the developer's
// own, asked for with the bridge's key from loopback.
func (s *Server) backgroundFetchToken(w http.ResponseWriter, r *http.Request) {
	res, err := s.eng.Token(r.Context())
	s.answer(w, res, err)
}

func (s *Server) config(w http.ResponseWriter) {
	t := s.eng.AnalyticsTesting()
	if t == nil {
		s.fail(w, http.StatusNotFound, "no test is running: press 保存并测试 in 自定义分析")
		return
	}
	s.write(w, http.StatusOK, t)
}

// health is GET /health's answer.
type health struct {
	OK       bool   `json:"ok"`
	AppID    string `json:"appid"`
	Platform string `json:"platform"`
	Version  int    `json:"version"`
	Error    string `json:"error,omitempty"` // the project's config error, if any
}

func (s *Server) health(w http.ResponseWriter) {
	h := health{OK: true, Version: Version}
	p, err := s.eng.Project()
	if p != nil {
		h.AppID, h.Platform = p.AppID, string(p.Platform)
	}
	if err != nil {
		h.Error = err.Error()
	}
	s.write(w, http.StatusOK, h)
}

// fail answers {"error": msg} and counts the rejection.
func (s *Server) fail(w http.ResponseWriter, status int, msg string) {
	s.rejected.Add(1)
	last := strconv.Itoa(status) + ": " + msg
	s.lastErr.Store(&last)
	s.log.Debug("bridge refused a request", "status", status, "err", msg)
	s.write(w, status, map[string]string{"error": msg})
}

func (s *Server) write(w http.ResponseWriter, status int, v any) {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	if buf.Cap() <= MaxBody*2 {
		bufs.Put(buf)
	}
}
