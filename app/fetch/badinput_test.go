package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
)

// headerBytes is the size of h as keepHeaders counts it.
func headerBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// padHeaders is a handler that sends n headers X-Pad-i of size bytes each besides a small Content-Type.
func padHeaders(n, size int) http.HandlerFunc {
	pad := strings.Repeat("p", size)
	return func(w http.ResponseWriter, r *http.Request) {
		for i := range n {
			w.Header().Set(fmt.Sprintf("X-Pad-%04d", i), pad)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":1}`))
	}
}

// TestDoResponseHeaderLimits: a server that sends megabytes of headers neither fills the database nor goes
// unsaid. The tool's transport stops at MaxResponseHeader with a clear reason; through a transport without
// that limit (Go's default reads 10 MB) the attempt keeps MaxKeptHeader bytes and says what it left out.
func TestDoResponseHeaderLimits(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		transport http.RoundTripper
		kind      string // the failure's kind; "" when the response is kept
		dropped   string // a substring of the warning about headers not kept; "" for none
	}{
		{"9 MB of headers through the tool's transport: a clear failure", padHeaders(900, 10<<10), nil, KindHeaders, ""},
		{"9 MB of headers through Go's default limit: 64 KB kept, the rest said", padHeaders(900, 10<<10), &http.Transport{}, "", "header values (8."},
		{"500 KB of headers through the tool's transport: 64 KB kept", padHeaders(50, 10<<10), nil, "", "header values (4"},
		{"one huge header does not cost the others", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("A-Huge", strings.Repeat("h", 200<<10))
			w.Header().Set("X-Small", "kept")
			_, _ = w.Write([]byte("{}"))
		}, nil, "", "1 header values (200.0 KB)"},
		{"64 KB of headers or less are kept whole", padHeaders(5, 10<<10), nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := server(t, tt.handler)
			if tr, ok := tt.transport.(*http.Transport); ok {
				t.Cleanup(tr.CloseIdleConnections)
			}
			rec := Resend(context.Background(), tt.transport, "GET", s.URL+"/h?token=t", nil, "", 20*time.Second)
			if tt.kind != "" {
				if rec.Err == nil || rec.Err.Kind != tt.kind {
					t.Fatalf("err %v, want kind %s", rec.Err, tt.kind)
				}
				if !strings.Contains(rec.Reason, "response headers are over 1 MB (1048576 bytes)") || rec.ResponseHeader != nil || rec.Cached {
					t.Errorf("reason %q, %d bytes of headers kept, cached %v", rec.Reason, headerBytes(rec.ResponseHeader), rec.Cached)
				}
				return
			}
			if rec.Err != nil || !rec.Cached {
				t.Fatalf("err %v cached %v", rec.Err, rec.Cached)
			}
			if got := headerBytes(rec.ResponseHeader); got > MaxKeptHeader {
				t.Errorf("%d bytes of response headers kept, want at most %d", got, MaxKeptHeader)
			}
			if rec.ResponseHeader.Get("Content-Type") == "" && rec.ResponseHeader.Get("X-Small") == "" {
				t.Errorf("the small headers were not kept: %v", rec.ResponseHeader)
			}
			ws := strings.Join(rec.Warnings, "\n")
			if tt.dropped == "" {
				if strings.Contains(ws, warnRespHeaders) {
					t.Errorf("warnings %q, want none about headers", rec.Warnings)
				}
				return
			}
			if !strings.Contains(ws, warnRespHeaders+": ") || !strings.Contains(ws, tt.dropped) || !strings.Contains(ws, "did not fit in the 64 KB the tool keeps per attempt") {
				t.Errorf("warnings %q, want one saying %q", rec.Warnings, tt.dropped)
			}
			// By code, and by the English of an attempt recorded before codes existed.
			if ws, ms := RequestWarnings(rec.Warnings, rec.WarningMsgs); len(ws) != 0 || len(ms) != 0 {
				t.Errorf("a re-run would keep %q", ws)
			}
			if ws, _ := RequestWarnings(rec.Warnings, nil); len(ws) != 0 {
				t.Errorf("a re-run of an old attempt would keep %q", ws)
			}
		})
	}
}

// TestDoRequestHeaderLimit: a stored request with a huge header is sent whole, and the attempt keeps 64 KB.
func TestDoRequestHeaderLimit(t *testing.T) {
	var got atomic.Int64
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		got.Store(int64(len(r.Header.Get("X-Big"))))
		_, _ = w.Write([]byte("{}"))
	})
	h := http.Header{"X-Big": {strings.Repeat("b", 100<<10)}, "X-Small": {"1"}}
	rec := Resend(context.Background(), nil, "GET", s.URL, h, "", 0)
	if rec.Err != nil || got.Load() != 100<<10 {
		t.Fatalf("err %v, server saw %d bytes of X-Big", rec.Err, got.Load())
	}
	if headerBytes(rec.SentHeader) > MaxKeptHeader || rec.SentHeader.Get("X-Small") != "1" || rec.SentHeader.Get("X-Big") != "" {
		t.Errorf("kept %v", rec.SentHeader)
	}
	if ws := strings.Join(rec.Warnings, "\n"); !strings.Contains(ws, warnReqHeaders+": 1 header values (100.0 KB)") || !strings.Contains(ws, "they were sent") {
		t.Errorf("warnings %q", rec.Warnings)
	}
}

func TestKeepHeadersBoundary(t *testing.T) {
	// One value whose line is exactly MaxKeptHeader bytes: kept. One byte more: not.
	for _, extra := range []int{0, 1} {
		h := http.Header{"X-A": {strings.Repeat("a", MaxKeptHeader-len("X-A")-4+extra)}}
		kept, n, size := keepHeaders(h)
		if want := extra; n != want || (n == 0) != (len(kept) == 1) || (n == 1 && size != MaxKeptHeader+1) {
			t.Errorf("extra %d: kept %d names, %d dropped (%d bytes)", extra, len(kept), n, size)
		}
	}
}

func gzipOf(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func zlibOf(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func rawDeflateOf(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// TestDoDecodesWhatTheClientDecodes: the body is decoded from gzip and deflate (zlib or raw) whoever set
// Accept-Encoding, with the same limits, the 256KB rule on the decoded size and a note with both sizes;
// an encoding the tool cannot decode is said, not passed off as the body.
func TestDoDecodesWhatTheClientDecodes(t *testing.T) {
	text := []byte(strings.Repeat(`{"k":"value"}`, 100)) // 1300 bytes
	bomb := gzipOf(make([]byte, 20<<20))
	bigBomb := gzipOf(make([]byte, MaxCounted+10))
	zlibBomb := zlibOf(make([]byte, 5<<20))
	tests := []struct {
		name     string
		accept   string // the Accept-Encoding of preload.json's headers; "" sends the tool's default
		encoding string // the response's Content-Encoding
		status   int
		body     []byte
		cached   bool
		bytes    int64
		want     []byte // the decoded body, when checked
		decoded  string // Record.Decoded
		kind     string // a failure's kind
		reason   string // a substring of the reason
		warning  string // a substring of one warning
		noWarn   string // a substring no warning may have
	}{
		{name: "a gzip bomb with the user's Accept-Encoding stops at the limit, judged decoded", accept: "gzip", encoding: "gzip", body: bomb,
			bytes: 20 << 20, decoded: "gzip", reason: "the body is 20971520 bytes once decoded from gzip (" + fmt.Sprint(len(bomb)) + " bytes on the wire), over the 256KB",
			warning: fmt.Sprintf("the body was decoded from gzip: %d bytes on the wire, 20971520 bytes decoded", len(bomb))},
		{name: "past MaxCounted with the user's Accept-Encoding the size is a bound", accept: "gzip, br", encoding: "gzip", body: bigBomb,
			bytes: MaxCounted + 1, decoded: "gzip", reason: "more than 67108864 bytes once decoded from gzip", warning: "more than 67108864 bytes decoded"},
		{name: "a small gzip body with the user's Accept-Encoding is cached decoded, with a note", accept: "gzip", encoding: "gzip", body: gzipOf(text),
			cached: true, bytes: int64(len(text)), want: text, decoded: "gzip", warning: `whatever Accept-Encoding the request sent ("gzip")`},
		{name: "the user asked for identity, the server sent gzip anyway: decoded", accept: "identity", encoding: "gzip", body: gzipOf(text),
			cached: true, bytes: int64(len(text)), want: text, decoded: "gzip", warning: "the body was decoded from gzip"},
		{name: "gzip the tool asked for: decoded without a note", encoding: "gzip", body: gzipOf(text),
			cached: true, bytes: int64(len(text)), want: text, decoded: "gzip", noWarn: "decoded"},
		{name: "x-gzip is gzip", encoding: "x-gzip", body: gzipOf(text), cached: true, bytes: int64(len(text)), want: text, decoded: "x-gzip"},
		{name: "deflate as zlib", encoding: "deflate", body: zlibOf(text), cached: true, bytes: int64(len(text)), want: text, decoded: "deflate", noWarn: "UTF-8"},
		{name: "deflate raw, as browsers accept it", encoding: "Deflate", body: rawDeflateOf(text), cached: true, bytes: int64(len(text)), want: text, decoded: "deflate", noWarn: "UTF-8"},
		{name: "a deflate bomb is counted decoded", encoding: "deflate", body: zlibBomb, bytes: 5 << 20, decoded: "deflate", reason: "the body is 5242880 bytes once decoded from deflate"},
		{name: "stacked: deflate then gzip", encoding: "deflate, gzip", body: gzipOf(zlibOf(text)), cached: true, bytes: int64(len(text)), want: text, decoded: "deflate, gzip"},
		{name: "identity is nothing to decode", encoding: "identity", body: text, cached: true, bytes: int64(len(text)), want: text},
		{name: "br is not decoded, and says so", encoding: "br", body: []byte{0x1b, 0xff, 0x00, 0x81}, cached: true, bytes: 4,
			want: []byte{0x1b, 0xff, 0x00, 0x81}, warning: `the body was not decoded: Content-Encoding "br" is not one the tool decodes`, noWarn: "UTF-8"},
		{name: "zstd is not decoded", encoding: "zstd", body: []byte{0x28, 0xb5, 0x2f, 0xfd}, cached: true, bytes: 4, warning: `Content-Encoding "zstd"`},
		{name: "gzip over br: nothing is decoded", encoding: "br, gzip", body: gzipOf([]byte{0x1b}), cached: true, warning: `Content-Encoding "br, gzip"`},
		{name: "too many layers are not decoded", encoding: "gzip, gzip, gzip, gzip", body: gzipOf(gzipOf(gzipOf(gzipOf(text)))), cached: true, warning: "not one the tool decodes"},
		{name: "a body that is not the gzip it claims fails clearly", encoding: "gzip", body: text,
			kind: KindEncoding, reason: "no response: the body does not decode as gzip (Content-Encoding): gzip: invalid header"},
		{name: "a truncated gzip body fails clearly", encoding: "gzip", body: gzipOf(text)[:20],
			kind: KindEncoding, reason: "does not decode as gzip"},
		{name: "a body that is not the deflate it claims fails clearly", encoding: "deflate", body: []byte{0xff, 0xff, 0xff, 0xff},
			kind: KindEncoding, reason: "does not decode as deflate"},
		{name: "an empty 204 that says gzip is cached empty", encoding: "gzip", status: 204, cached: true, decoded: "gzip"},
		{name: "an empty 200 that says deflate is cached empty", encoding: "deflate", cached: true, decoded: "deflate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sentAE atomic.Value
			s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
				sentAE.Store(r.Header.Values("Accept-Encoding"))
				w.Header().Set("Content-Encoding", tt.encoding)
				if tt.status != 0 {
					w.WriteHeader(tt.status)
				}
				_, _ = w.Write(tt.body)
			})
			e := project.PreloadEntry{FetchType: Pre, URL: s.URL + "/p", Method: "GET", DataType: "text"}
			if tt.accept != "" {
				e.Headers = map[string]string{"Accept-Encoding": tt.accept}
			}
			r, err := Build(alipay(s.URL, e), Pre, Options{Now: sent})
			if err != nil {
				t.Fatal(err)
			}
			r.Timeout = 20 * time.Second
			rec := Do(context.Background(), nil, r)
			wantAE := cmpOr(tt.accept, AcceptEncoding)
			if got, _ := sentAE.Load().([]string); len(got) != 1 || got[0] != wantAE {
				t.Errorf("the server saw Accept-Encoding %q, want %q", got, wantAE)
			}
			if tt.kind != "" {
				if rec.Err == nil || rec.Err.Kind != tt.kind || !strings.Contains(rec.Reason, tt.reason) || rec.Cached || rec.Err.Hint == "" {
					t.Fatalf("err %v reason %q cached %v, want kind %s and %q", rec.Err, rec.Reason, rec.Cached, tt.kind, tt.reason)
				}
				return
			}
			if rec.Err != nil {
				t.Fatalf("err %v", rec.Err)
			}
			if rec.Cached != tt.cached || (tt.bytes != 0 && rec.Bytes != tt.bytes) || rec.Decoded != tt.decoded {
				t.Errorf("cached %v bytes %d decoded %q, want %v %d %q", rec.Cached, rec.Bytes, rec.Decoded, tt.cached, tt.bytes, tt.decoded)
			}
			if tt.want != nil && !bytes.Equal(rec.Body, tt.want) {
				t.Errorf("body %q, want %q", rec.Body, tt.want)
			}
			if rec.WireBytes != int64(len(tt.body)) && rec.Bytes <= MaxCounted {
				t.Errorf("wire bytes %d, want %d", rec.WireBytes, len(tt.body))
			}
			if !strings.Contains(rec.Reason, tt.reason) || (tt.reason == "" && rec.Reason != "") {
				t.Errorf("reason %q, want %q", rec.Reason, tt.reason)
			}
			ws := strings.Join(rec.Warnings, "\n")
			if !strings.Contains(ws, tt.warning) {
				t.Errorf("warnings %q, want %q", rec.Warnings, tt.warning)
			}
			if tt.noWarn != "" && strings.Contains(ws, tt.noWarn) {
				t.Errorf("warnings %q, want none with %q", rec.Warnings, tt.noWarn)
			}
			kept, _ := RequestWarnings(rec.Warnings, rec.WarningMsgs)
			if rw := strings.Join(kept, "\n"); strings.Contains(rw, "decoded") {
				t.Errorf("a re-run would keep %q", rw)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestDoRefusesHTTPSDowngrade: an https address that redirects to http is refused before anything is sent
// to the http address (the token would travel in clear); other redirects are followed as before.
func TestDoRefusesHTTPSDowngrade(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		if r.URL.Path == "/up" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		_, _ = w.Write([]byte(`{"plain":true}`))
	}))
	t.Cleanup(plain.Close)
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down":
			http.Redirect(w, r, plain.URL+"/landing?"+r.URL.RawQuery, http.StatusFound)
		case "/hop":
			http.Redirect(w, r, "/down?"+r.URL.RawQuery, http.StatusMovedPermanently)
		case "/stay":
			http.Redirect(w, r, "/end", http.StatusFound)
		default:
			_, _ = w.Write([]byte(`{"secure":true}`))
		}
	}))
	t.Cleanup(secure.Close)
	trusting := secure.Client().Transport // trusts the test certificate, speaks plain HTTP too

	tests := []struct {
		name      string
		url       string
		redirects int
		refused   bool
	}{
		{"https to http is refused, naming both", secure.URL + "/down", 0, true},
		{"https to https to http is refused at the downgrade", secure.URL + "/hop", 1, true},
		{"https to https is followed", secure.URL + "/stay", 1, false},
		{"http to https is followed", plain.URL + "/up?to=" + secure.URL + "/end", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plainHits.Store(0)
			p := weapp(secure.URL)
			p.Periodic.URL = tt.url
			r, err := Build(p, Periodic, Options{Now: sent})
			if err != nil {
				t.Fatal(err)
			}
			rec := Do(context.Background(), trusting, r)
			if len(rec.Redirects) != tt.redirects {
				t.Errorf("redirects %v, want %d", rec.Redirects, tt.redirects)
			}
			if !tt.refused {
				if rec.Err != nil || !rec.Cached {
					t.Fatalf("err %v cached %v", rec.Err, rec.Cached)
				}
				return
			}
			if rec.Err == nil || rec.Err.Kind != KindRedirect || rec.Cached {
				t.Fatalf("err %v cached %v, want a refused redirect", rec.Err, rec.Cached)
			}
			if n := plainHits.Load(); n != 0 {
				t.Errorf("the http server got %d requests, want none", n)
			}
			from := secure.URL + "/down?appid=wx123&token="
			to := plain.URL + "/landing?appid=wx123&token="
			if !strings.Contains(rec.Reason, "refused to follow a redirect from HTTPS to plain HTTP: "+from) || !strings.Contains(rec.Reason, " redirects to "+to) {
				t.Errorf("reason %q, want both URLs", rec.Reason)
			}
			if h := rec.Err.Hint; !strings.Contains(h, "only HTTPS") || !strings.Contains(h, "in clear") || !strings.Contains(h, "Nothing was sent") {
				t.Errorf("hint %q", h)
			}
		})
	}
}
