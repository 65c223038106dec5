package core

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// HARCreator is the creator name written into HAR files.
const HARCreator = "BgFetch DevTools"

// The HAR 1.2 format (http://www.softwareishard.com/blog/har-12-spec/), as far as the tool writes and
// reads it. Sizes are float64 so that files from other tools that write 12.0 still load.
type harFile struct {
	Log harLog `json:"log"`
}

type harLog struct {
	Version string     `json:"version"`
	Creator harCreator `json:"creator"`
	Entries []harEntry `json:"entries"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
	BgFetch         *harBgFetch `json:"_bgfetch,omitempty"`
}

type harRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []harNV      `json:"cookies"`
	Headers     []harNV      `json:"headers"`
	QueryString []harNV      `json:"queryString"`
	PostData    *harPostData `json:"postData,omitempty"`
	HeadersSize float64      `json:"headersSize"`
	BodySize    float64      `json:"bodySize"`
}

type harPostData struct {
	MimeType string  `json:"mimeType"`
	Text     string  `json:"text"`
	Params   []harNV `json:"params,omitempty"` // read from other tools' files; the tool writes text
}

type harResponse struct {
	Status      int        `json:"status"`
	StatusText  string     `json:"statusText"`
	HTTPVersion string     `json:"httpVersion"`
	Cookies     []harNV    `json:"cookies"`
	Headers     []harNV    `json:"headers"`
	Content     harContent `json:"content"`
	RedirectURL string     `json:"redirectURL"`
	HeadersSize float64    `json:"headersSize"`
	BodySize    float64    `json:"bodySize"`
}

type harContent struct {
	Size     float64 `json:"size"`
	MimeType string  `json:"mimeType"`
	Text     *string `json:"text,omitempty"`
	Encoding string  `json:"encoding,omitempty"`
}

// harNV is a header, a query parameter, a cookie or a posted parameter.
type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// harTimings are in milliseconds; -1 where a phase does not apply or is unknown.
type harTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"` // includes ssl, as HAR 1.2 says
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// harBgFetch is what the tool knows of an attempt beyond HAR: the entry's "_bgfetch" object.
type harBgFetch struct {
	ID            int64            `json:"id"`
	AppID         string           `json:"appid"`
	FetchType     string           `json:"fetchType"`
	Platform      string           `json:"platform"`
	Cached        bool             `json:"cached"`
	Reason        string           `json:"reason"`
	Warnings      []string         `json:"warnings"`
	Error         string           `json:"error,omitempty"`
	Params        []storage.Param  `json:"params,omitempty"` // the query parameters and where each came from
	Redirects     []string         `json:"redirects,omitempty"`
	Variant       string           `json:"variant,omitempty"`
	VariantReason string           `json:"variantReason,omitempty"`
	LaunchPath    string           `json:"launchPath,omitempty"`
	LaunchQuery   string           `json:"launchQuery,omitempty"`
	LaunchScene   int              `json:"launchScene,omitempty"`
	DataType      string           `json:"dataType,omitempty"`
	TLS           *storage.TLSInfo `json:"tls,omitempty"`
	RerunOf       int64            `json:"rerunOf,omitempty"`
}

// harTime is how startedDateTime is written: ISO 8601 in UTC with milliseconds.
const harTime = "2006-01-02T15:04:05.000Z07:00"

// WriteHAR writes the attempts, in the order given, as a HAR 1.2 file (it opens in Chrome DevTools and
// other HAR viewers). Each entry has a "_bgfetch" object with what HAR has no place for: fetchType,
// cached, reason, warnings, appid, platform, the parameters' sources, redirects, the TLS summary. A body
// that is not UTF-8 is written in base64. Without includeSecrets, the token each attempt sent reads
// "••••••" (mask the project's token too with Mask before, for attempts sent with an older token).
func WriteHAR(w io.Writer, attempts []Attempt, includeSecrets bool, creatorVersion string) error {
	h := harFile{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: HARCreator, Version: creatorVersion},
		Entries: make([]harEntry, 0, len(attempts)),
	}}
	for _, a := range attempts {
		if !includeSecrets {
			a = Mask(a, AttemptSecrets(a)...)
		}
		h.Log.Entries = append(h.Log.Entries, harEntryOf(a))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("write HAR: %w", err)
	}
	return nil
}

func harEntryOf(a Attempt) harEntry {
	reqH, respH := http.Header(a.RequestHeaders), http.Header(a.ResponseHeaders)
	e := harEntry{
		StartedDateTime: a.StartedAt.UTC().Format(harTime),
		Time:            float64(a.DurationMs),
		Request: harRequest{
			Method:      a.Method,
			URL:         a.URL,
			HTTPVersion: a.Proto,
			Cookies:     harCookies((&http.Request{Header: reqH}).Cookies()),
			Headers:     harHeaders(a.RequestHeaders),
			QueryString: harQuery(a.URL),
			HeadersSize: -1,
			BodySize:    float64(len(a.RequestBody)),
		},
		Response: harResponse{
			Status:      a.Status,
			StatusText:  http.StatusText(a.Status),
			HTTPVersion: a.Proto,
			Cookies:     harCookies((&http.Response{Header: respH}).Cookies()),
			Headers:     harHeaders(a.ResponseHeaders),
			Content:     harContent{Size: float64(a.Bytes), MimeType: respH.Get("Content-Type")},
			HeadersSize: -1,
			BodySize:    -1,
		},
		Timings: harTimingsOf(a),
		BgFetch: &harBgFetch{
			ID: a.ID, AppID: a.AppID, FetchType: a.FetchType, Platform: a.Platform, Cached: a.Cached,
			Reason: a.Reason, Warnings: a.Warnings, Error: a.Error, Params: a.Params, Redirects: a.Redirects,
			Variant: a.Variant, VariantReason: a.VariantReason, LaunchPath: a.LaunchPath,
			LaunchQuery: a.LaunchQuery, LaunchScene: a.LaunchScene, DataType: a.DataType, TLS: a.TLS, RerunOf: a.RerunOf,
		},
	}
	if e.BgFetch.Warnings == nil {
		e.BgFetch.Warnings = []string{}
	}
	if a.RequestBody != "" {
		e.Request.PostData = &harPostData{MimeType: reqH.Get("Content-Type"), Text: a.RequestBody}
	}
	if e.Response.Content.MimeType == "" {
		e.Response.Content.MimeType = "x-unknown" // as Chrome writes it
	}
	if a.Status == 0 {
		e.Response.Content.Size = 0
	} else if respH.Get("Content-Encoding") == "" && a.Bytes <= fetch.MaxBody {
		e.Response.BodySize = float64(a.Bytes) // as received: nothing decoded, nothing cut
	}
	if a.Status >= 300 && a.Status <= 399 {
		e.Response.RedirectURL = respH.Get("Location")
	}
	if a.Body != nil {
		if utf8.Valid(a.Body) {
			s := string(a.Body)
			e.Response.Content.Text = &s
		} else {
			s := base64.StdEncoding.EncodeToString(a.Body)
			e.Response.Content.Text, e.Response.Content.Encoding = &s, "base64"
		}
	}
	return e
}

func harHeaders(h map[string][]string) []harNV {
	out := []harNV{}
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			out = append(out, harNV{k, v})
		}
	}
	return out
}

func harCookies(cs []*http.Cookie) []harNV {
	out := []harNV{}
	for _, c := range cs {
		out = append(out, harNV{c.Name, c.Value})
	}
	return out
}

// harQuery lists the URL's query parameters in order, decoded.
func harQuery(raw string) []harNV {
	out := []harNV{}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	for _, p := range fetch.QueryParams(u.RawQuery, "") {
		out = append(out, harNV{p.Name, p.Value})
	}
	return out
}

// ms is a duration in milliseconds, to the microsecond (so that a HAR read back gives the same numbers).
func ms(d time.Duration) float64 { return float64(d/time.Microsecond) / 1000 }

func fromMs(v float64) time.Duration {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return time.Duration(math.Round(v*1000)) * time.Microsecond
}

func harTimingsOf(a Attempt) harTimings {
	t := harTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Wait: float64(a.DurationMs)}
	if a.Timing == nil {
		return t
	}
	r := func(d time.Duration) time.Duration { return d.Round(time.Microsecond) }
	dns, conn, tls := r(a.Timing.DNS), r(a.Timing.Connect), r(a.Timing.TLS)
	opt := func(d time.Duration) float64 {
		if d <= 0 {
			return -1 // did not happen (a reused connection)
		}
		return ms(d)
	}
	t.DNS, t.Connect, t.SSL = opt(dns), opt(conn+tls), opt(tls)
	t.Wait, t.Receive = ms(r(a.Timing.FirstByte)), ms(r(a.Timing.Body))
	return t
}

// timingOf reads harTimingsOf back; nil for the timings written for an attempt without any.
func timingOf(t harTimings, total float64) *storage.Timing {
	if t.Blocked < 0 && t.DNS < 0 && t.Connect < 0 && t.SSL < 0 && t.Send == 0 && t.Receive == 0 && t.Wait == total {
		return nil
	}
	tls := fromMs(t.SSL)
	return &storage.Timing{
		DNS:       fromMs(t.DNS),
		Connect:   max(fromMs(t.Connect)-tls, 0),
		TLS:       tls,
		FirstByte: fromMs(t.Wait),
		Body:      fromMs(t.Receive),
	}
}

// ImportHAR records each entry of a HAR file as an attempt with Origin "har" and returns how many. An
// entry the tool wrote comes back as it was (its "_bgfetch" object restores what HAR has no place for);
// an entry from another tool is kept under the current project's appid (else the URL's appid), with no
// fetch type, as not cached. Imported attempts never change the cached bodies. Nothing is imported when
// the file does not parse.
func (e *Engine) ImportHAR(ctx context.Context, r io.Reader) (int, error) {
	var h struct {
		Log *harLog `json:"log"`
	}
	if err := json.NewDecoder(r).Decode(&h); err != nil {
		return 0, fmt.Errorf("read the HAR file: %w", err)
	}
	if h.Log == nil {
		return 0, errors.New(`read the HAR file: no "log" object: is it a HAR file?`)
	}
	p, _ := e.Project()
	list := make([]*Attempt, 0, len(h.Log.Entries))
	for i, en := range h.Log.Entries {
		a, err := attemptOfHAR(en, p)
		if err != nil {
			return 0, fmt.Errorf("read the HAR file: entry %d: %w", i+1, err)
		}
		list = append(list, a)
	}
	// No pruning here: retention counts only the attempts the tool sent (see storage.Prune).
	for i, a := range list {
		if _, err := e.db.RecordAttempt(ctx, a, nil); err != nil {
			return i, fmt.Errorf("import entry %d into %s: %w", i+1, e.db.Path(), err)
		}
	}
	e.log.Info("imported HAR", "entries", len(list))
	e.publish(Event{Kind: Cleared, Project: p, History: true})
	return len(list), nil
}

func attemptOfHAR(en harEntry, p *project.Project) (*Attempt, error) {
	if en.Request.URL == "" {
		return nil, errors.New("request.url is empty")
	}
	started, err := time.Parse(time.RFC3339Nano, en.StartedDateTime)
	if err != nil {
		return nil, fmt.Errorf("startedDateTime %q is not an ISO 8601 time: %w", en.StartedDateTime, err)
	}
	a := &Attempt{
		StartedAt:       started,
		DurationMs:      int64(math.Round(max(en.Time, 0))),
		Method:          en.Request.Method,
		URL:             en.Request.URL,
		RequestHeaders:  headersOf(en.Request.Headers),
		Status:          en.Response.Status,
		Proto:           en.Response.HTTPVersion,
		ResponseHeaders: headersOf(en.Response.Headers),
		Timing:          timingOf(en.Timings, en.Time),
		Origin:          storage.OriginHAR,
	}
	if a.Proto == "" {
		a.Proto = en.Request.HTTPVersion
	}
	if pd := en.Request.PostData; pd != nil {
		a.RequestBody = pd.Text
		if a.RequestBody == "" && len(pd.Params) > 0 {
			form := make([]string, len(pd.Params))
			for i, kv := range pd.Params {
				form[i] = url.QueryEscape(kv.Name) + "=" + url.QueryEscape(kv.Value)
			}
			a.RequestBody = strings.Join(form, "&")
		}
	}
	if c := en.Response.Content; c.Text != nil {
		if c.Encoding == "base64" {
			if a.Body, err = base64.StdEncoding.DecodeString(*c.Text); err != nil {
				return nil, fmt.Errorf("response.content.text is not base64: %w", err)
			}
		} else {
			a.Body = []byte(*c.Text)
		}
	}
	a.Bytes = int64(en.Response.Content.Size)
	if a.Bytes <= 0 {
		a.Bytes = int64(len(a.Body))
	}
	if b := en.BgFetch; b != nil {
		a.AppID, a.FetchType, a.Platform, a.Cached, a.Reason = b.AppID, b.FetchType, b.Platform, b.Cached, b.Reason
		a.Warnings, a.Error, a.Params, a.Redirects = b.Warnings, b.Error, b.Params, b.Redirects
		a.Variant, a.VariantReason, a.DataType = b.Variant, b.VariantReason, b.DataType
		a.LaunchPath, a.LaunchQuery, a.LaunchScene, a.TLS = b.LaunchPath, b.LaunchQuery, b.LaunchScene, b.TLS
		return a, nil
	}
	// Another tool's entry.
	a.Reason = "imported from a HAR file written by another tool; not fetched by bgfetch"
	for _, q := range harQuery(a.URL) {
		a.Params = append(a.Params, storage.Param{Name: q.Name, Value: q.Value, Source: fetch.FromAddress})
		if a.AppID == "" && (q.Name == "appid" || q.Name == "appId") {
			a.AppID = q.Value
		}
	}
	if p != nil {
		a.AppID, a.Platform = p.AppID, string(p.Platform)
	}
	return a, nil
}

func headersOf(list []harNV) map[string][]string {
	if len(list) == 0 {
		return nil
	}
	h := map[string][]string{}
	for _, kv := range list {
		if strings.HasPrefix(kv.Name, ":") {
			continue // HTTP/2 pseudo-headers (:authority, :path, ...) from a browser's HAR are no headers to send
		}
		name := http.CanonicalHeaderKey(kv.Name)
		h[name] = append(h[name], kv.Value)
	}
	return h
}
