package core

import (
	"bytes"
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
	Messages      string           `json:"messages,omitempty"` // reason, error and warnings as codes (storage.Attempt.Messages)
}

// harTime is how startedDateTime is written: ISO 8601 in UTC with milliseconds.
const harTime = "2006-01-02T15:04:05.000Z07:00"

// WriteHAR writes the attempts, in the order given, as a HAR 1.2 file (it opens in Chrome DevTools and
// other HAR viewers). Each entry has a "_bgfetch" object with what HAR has no place for: fetchType,
// cached, reason, warnings, appid, platform, the parameters' sources, redirects, the TLS summary. A body
// that is not UTF-8 is written in base64. Without includeSecrets, the token each attempt sent reads
// "••••••" (mask the project's token too with Mask before, for attempts sent with an older token).
func WriteHAR(w io.Writer, attempts []Attempt, includeSecrets bool, creatorVersion string) error {
	hw := NewHARWriter(w, includeSecrets, creatorVersion)
	for _, a := range attempts {
		if err := hw.Add(a); err != nil {
			return err
		}
	}
	return hw.Close()
}

// HARWriter writes a HAR file an entry at a time, so that an export holds one attempt in memory
// whatever the number of attempts. The file is complete once Close returns nil.
type HARWriter struct {
	w              io.Writer
	includeSecrets bool
	version        string
	n              int
	err            error
}

// NewHARWriter starts a HAR file on w; see WriteHAR for what it holds.
func NewHARWriter(w io.Writer, includeSecrets bool, creatorVersion string) *HARWriter {
	return &HARWriter{w: w, includeSecrets: includeSecrets, version: creatorVersion}
}

// Len is how many entries were written.
func (hw *HARWriter) Len() int { return hw.n }

func (hw *HARWriter) head() {
	if hw.n > 0 || hw.err != nil {
		return
	}
	creator, _ := json.Marshal(harCreator{Name: HARCreator, Version: hw.version})
	_, hw.err = fmt.Fprintf(hw.w, "{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": %s,\n    \"entries\": [", creator)
}

// Add writes one entry.
func (hw *HARWriter) Add(a Attempt) error {
	hw.head()
	if hw.err != nil {
		return hw.err
	}
	if !hw.includeSecrets {
		a = Mask(a, AttemptSecrets(a)...)
	}
	var buf bytes.Buffer
	if hw.n > 0 {
		buf.WriteByte(',')
	}
	buf.WriteString("\n      ")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("      ", "  ")
	if err := enc.Encode(harEntryOf(a)); err != nil {
		hw.err = fmt.Errorf("write HAR: %w", err)
		return hw.err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	if _, err := hw.w.Write(buf.Bytes()); err != nil {
		hw.err = fmt.Errorf("write HAR: %w", err)
		return hw.err
	}
	hw.n++
	return nil
}

// Close ends the file (it does not close the underlying writer).
func (hw *HARWriter) Close() error {
	if hw.n == 0 {
		hw.head()
		hw.n = -1 // the head is written; no entry follows
	}
	if hw.err != nil {
		return hw.err
	}
	end := "\n    ]\n  }\n}\n"
	if hw.n < 0 {
		end = "]\n  }\n}\n"
	}
	if _, err := io.WriteString(hw.w, end); err != nil {
		hw.err = fmt.Errorf("write HAR: %w", err)
	}
	return hw.err
}

// harPage is how many attempts ExportHAR lists at a time to find the ones to write.
const harPage = 1000

// ExportHAR writes the attempts f selects (up to f.Limit; an empty f.AppID means the current app), oldest
// first, as a HAR file (see WriteHAR), and returns how many. Memory stays bounded: it keeps the selected
// attempts' ids, then loads and writes one attempt at a time. show, when not nil, is applied to each
// attempt before it is written (the window and the CLI mask what they mask on screen).
func (e *Engine) ExportHAR(ctx context.Context, w io.Writer, f HistoryFilter, includeSecrets bool, creatorVersion string,
	show func(Attempt) Attempt) (int, error) {
	f, err := e.forCurrentApp(f)
	if err != nil {
		return 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultHARLimit
	}
	var ids []int64
	for len(ids) < limit {
		page := f
		page.Limit = min(harPage, limit-len(ids))
		list, err := e.db.History(ctx, page)
		if err != nil {
			return 0, err
		}
		for _, a := range list {
			ids = append(ids, a.ID)
		}
		if len(list) < page.Limit {
			break
		}
		f.BeforeID = list[len(list)-1].ID
	}
	hw := NewHARWriter(w, includeSecrets, creatorVersion)
	for i := len(ids) - 1; i >= 0; i-- {
		a, err := e.db.Attempt(ctx, ids[i])
		if errors.Is(err, storage.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return hw.Len(), err
		}
		if show != nil {
			a = show(a)
		}
		if err := hw.Add(a); err != nil {
			return hw.Len(), err
		}
	}
	return hw.Len(), hw.Close()
}

// defaultHARLimit is how many attempts ExportHAR writes with no limit: every one retention keeps.
const defaultHARLimit = 1 << 30

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
			Messages: a.Messages,
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

// HARImportOptions tune ImportHARWith.
type HARImportOptions struct {
	// KeepAppID keeps the appid an entry the tool wrote carries ("_bgfetch.appid"). Without it, every
	// entry goes under the current project's app, so that it shows in that app's history.
	KeepAppID bool
}

// HARImport is what ImportHARWith did.
type HARImport struct {
	Imported int
	Moved    int // entries of another appid put under the current app (not with KeepAppID)
	Cut      int // bodies cut to what the tool keeps of a fetched body
}

// harBatch is how many entries go into one write transaction: big enough that 200,000 entries take
// seconds, small enough that a bridge report or a pull never waits long for the write lock.
const harBatch = 500

// harOptimize is how many imported entries make an import a bulk one, after which the search index is
// merged (storage.DB.OptimizeSearchIndex: about 1.5 s per 100,000 attempts in the history).
const harOptimize = 2000

// errNotHAR says, in the user's words, what the file should look like.
var errNotHAR = errors.New("not a HAR file: expected an object with log.entries (a HAR 1.2 file as Chrome DevTools or bgfetch history --har writes it)")

// ImportHAR is ImportHARWith with the default options (entries go under the current project's app).
func (e *Engine) ImportHAR(ctx context.Context, r io.Reader) (int, error) {
	res, err := e.ImportHARWith(ctx, r, HARImportOptions{})
	return res.Imported, err
}

// ImportHARWith records each entry of a HAR file as an attempt with Origin "har". An entry the tool wrote
// comes back as it was (its "_bgfetch" object restores what HAR has no place for), under the current
// project's app unless opt.KeepAppID (with no valid project, under its own appid); an entry from another
// tool goes under the current project's appid (else the URL's appid), with no fetch type, as not cached.
// Bodies are kept as a fetched one would be: a body the platform would cache (cached, at most 256KB)
// whole, any other the first StoredErrorBody bytes, with a warning saying so. Imported attempts never
// change the cached bodies.
//
// The file is read as a stream, an entry at a time, and recorded harBatch entries per transaction, so
// memory stays bounded by the largest entry whatever the number of entries. Nothing is imported when the
// file is not a HAR file or an entry is bad: what an earlier batch recorded is deleted again.
func (e *Engine) ImportHARWith(ctx context.Context, r io.Reader, opt HARImportOptions) (HARImport, error) {
	var res HARImport
	p, _ := e.Project()
	dec := json.NewDecoder(r)
	var ids []int64
	batch := make([]*Attempt, 0, harBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := e.db.RecordAttempts(ctx, batch); err != nil {
			return fmt.Errorf("import into %s: %w", e.db.Path(), err)
		}
		for _, a := range batch {
			ids = append(ids, a.ID)
		}
		clear(batch)
		batch = batch[:0]
		return nil
	}
	n := 0
	err := walkHAREntries(dec, func(en *harEntry) error {
		n++
		a, err := attemptOfHAR(*en, p)
		if err != nil {
			return fmt.Errorf("entry %d: %w", n, err)
		}
		if p != nil && !opt.KeepAppID && a.AppID != p.AppID {
			if en.BgFetch != nil && a.AppID != "" {
				res.Moved++
			}
			a.AppID, a.Platform = p.AppID, string(p.Platform)
		}
		if capHARBody(a) {
			res.Cut++
		}
		batch = append(batch, a)
		if len(batch) == harBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		if len(ids) > 0 {
			// Nothing of a bad file stays: a context cancelled meanwhile must not stop the clean-up.
			if _, derr := e.db.DeleteAttempts(context.WithoutCancel(ctx), ids); derr != nil {
				return res, fmt.Errorf("read the HAR file: %w; and %d entries already imported could not be removed again: %w", err, len(ids), derr)
			}
		}
		return res, fmt.Errorf("read the HAR file: %w; nothing was imported", err)
	}
	res.Imported = len(ids)
	if res.Imported >= harOptimize {
		// A bulk import: merge the search index, so that the pulls after it are not slowed by it.
		if err := e.db.OptimizeSearchIndex(context.WithoutCancel(ctx)); err != nil {
			e.log.Warn("optimize the search index after the import", "err", err)
		}
	}
	e.log.Info("imported HAR", "entries", res.Imported, "moved", res.Moved, "cut", res.Cut)
	e.publish(Event{Kind: Cleared, Project: p, History: true})
	return res, nil
}

// walkHAREntries reads a HAR file token by token and calls fn with each entry of log.entries, in order,
// without holding more than one entry. Other members of the file are skipped.
func walkHAREntries(dec *json.Decoder, fn func(*harEntry) error) error {
	found := false
	err := walkObject(dec, func(key string) error {
		if key != "log" {
			return skipValue(dec)
		}
		return walkObject(dec, func(key string) error {
			if key != "entries" {
				return skipValue(dec)
			}
			if err := expectDelim(dec, '['); err != nil {
				return err
			}
			found = true
			for i := 1; dec.More(); i++ {
				var en harEntry
				if err := dec.Decode(&en); err != nil {
					return fmt.Errorf("entry %d: %w", i, harSyntax(dec, err))
				}
				if err := fn(&en); err != nil {
					return err
				}
			}
			_, err := dec.Token() // ]
			return harSyntax(dec, err)
		})
	})
	if err != nil {
		return err
	}
	if !found {
		return errNotHAR
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("not a HAR file: there is more after the HAR object")
	}
	return nil
}

// walkObject reads a JSON object, calling fn for each key with the decoder on its value.
func walkObject(dec *json.Decoder, fn func(key string) error) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return harSyntax(dec, err)
		}
		if err := fn(t.(string)); err != nil {
			return err
		}
	}
	_, err := dec.Token() // }
	return harSyntax(dec, err)
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return harSyntax(dec, err)
	}
	if t != d {
		return errNotHAR
	}
	return nil
}

// skipValue reads past one JSON value without keeping it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return harSyntax(dec, err)
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// harSyntax words a decoding error for the user: where the file stops being JSON, or which field of an
// entry has the wrong kind of value, instead of Go's type names.
func harSyntax(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("not a HAR file: it ends too early (at byte %d): is it cut off?", dec.InputOffset())
	case errors.As(err, &se):
		return fmt.Errorf("not a HAR file: not valid JSON at byte %d (%s)", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the entry"
		}
		return fmt.Errorf("%s should be %s, not a JSON %s", field, jsonKind(te.Type.Kind().String()), te.Value)
	}
	return err
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "text"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "a list"
	case "bool":
		return "true or false"
	case "ptr":
		return "an object"
	}
	return "a number"
}

// capHARBody cuts an imported body as the tool cuts a fetched one before keeping it (see record): a body
// the platform would cache is kept whole, any other (or one over fetch.MaxBody, which is never cached)
// to its first StoredErrorBody bytes. It says so in a warning and reports whether it cut.
func capHARBody(a *Attempt) bool {
	if (a.Cached && len(a.Body) <= fetch.MaxBody) || len(a.Body) <= StoredErrorBody {
		return false
	}
	n := len(a.Body)
	a.Body = slices.Clone(a.Body[:StoredErrorBody])
	a.Bytes = max(a.Bytes, int64(n))
	a.Warnings = append(a.Warnings, fmt.Sprintf("imported body cut to its first %d bytes (it was %d bytes), as bgfetch keeps a body it would not cache", StoredErrorBody, n))
	return true
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
		a.Messages = b.Messages
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
