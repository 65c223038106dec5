package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/platform"
)

// Kinds of Error.
const (
	KindToken       = "token"       // no token set: the platform sends nothing
	KindConfig      = "config"      // the project is missing what the request needs
	KindUnsupported = "unsupported" // the platform has no such fetch type
	KindTimeout     = "timeout"
	KindCancelled   = "cancelled"
	KindRefused     = "refused"
	KindDNS         = "dns"
	KindTLS         = "tls"
	KindRedirect    = "redirect"
	KindHeaders     = "headers"  // the response's headers are over MaxResponseHeader
	KindEncoding    = "encoding" // the body does not decode as its Content-Encoding says
	KindNetwork     = "network"
)

// Error is why an attempt got no response. Msg is in the platform's own words where it has any.
type Error struct {
	Kind string
	Msg  string
	Hint string  // what the developer can do
	M, H msg.Msg // Msg and Hint as codes, for the window's language
	Err  error
	// PlatformErrMsg and PlatformErrno are the platform's own failure for the same case when its documents
	// quote one and Msg is the tool's explanation instead ("" and 0 otherwise).
	PlatformErrMsg string
	PlatformErrno  int
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.PlatformErrMsg != "" {
		msg += fmt.Sprintf(" (the platform reports %q, errno %d)", e.PlatformErrMsg, e.PlatformErrno)
	}
	if e.Hint == "" {
		return msg
	}
	return msg + ": " + e.Hint
}

func (e *Error) Unwrap() error { return e.Err }

// Record is one attempt: the request as sent and what came back.
type Record struct {
	*Request
	SentHeader     http.Header // the request's headers as sent (Request.Header and the default User-Agent); nil when not sent
	Duration       time.Duration
	Status         int
	Proto          string      // the response's protocol, "HTTP/1.1" or "HTTP/2.0"
	ReasonMsg      msg.Msg     // Reason as a code ("" when cached)
	ResponseHeader http.Header // at most MaxKeptHeader bytes of them; a warning says what was left out
	Bytes          int64       // body bytes after content decoding (Body keeps the first MaxBody+1); MaxCounted+1 means more than MaxCounted
	Body           []byte      // at most MaxBody+1 bytes
	Decoded        string      // the Content-Encoding the body was decoded from ("gzip", "deflate"); "" when none
	WireBytes      int64       // body bytes read off the connection, before decoding
	Cached         bool
	Reason         string // why the platform would not cache it; "" when cached
	Redirects      []string
	Timing         *Timing  // where the time went; nil when nothing was sent
	TLS            *TLSInfo // the HTTPS connection and the server's certificate; nil for plain HTTP
	Err            *Error
}

// Timing breaks an attempt's duration down, as net/http/httptrace sees it. Over redirects each phase is
// summed; a phase that did not happen (a reused connection has no DNS, connect or TLS) is 0.
type Timing struct {
	DNS       time.Duration
	Connect   time.Duration
	TLS       time.Duration // the TLS handshake
	FirstByte time.Duration // from the request written to the first response byte
	Body      time.Duration // reading the body
}

// TLSInfo summarises the HTTPS connection and the server's leaf certificate. When the certificate was
// rejected, the handshake did not finish: Version and CipherSuite are empty, the certificate is the one
// the server presented, and VerifyError says why it was rejected.
type TLSInfo struct {
	Version     string // "TLS 1.3"
	CipherSuite string
	Subject     string
	Issuer      string
	DNSNames    []string // the names the certificate is for, and its IP addresses
	NotBefore   time.Time
	NotAfter    time.Time
	// Verified: the chain verified for the host against the transport's roots (the system's by default;
	// against the system's when the transport skips verification).
	Verified    bool
	VerifyError string
}

// Do sends req with the platform's limits (timeout, at most MaxRedirects redirects and none from HTTPS to
// plain HTTP, response headers up to MaxResponseHeader, a body decoded as the client would and read through
// a MaxBody+1 limit after decoding) and decides whether the platform would cache the body. transport may be
// nil for the package's own (http.DefaultTransport's settings with MaxResponseHeaderBytes set). Do never
// returns nil.
func Do(ctx context.Context, transport http.RoundTripper, req *Request) *Record {
	rec := &Record{Request: req}
	start := time.Now()
	defer func() { rec.Duration = time.Since(start) }()

	timeout := req.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tr := &tracer{}
	ctx = httptrace.WithClientTrace(ctx, tr.clientTrace())
	var body io.Reader
	if req.Body != "" {
		body = strings.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		rec.fail(newError(KindConfig, mCannotBuild.With(), mAsIs.With(err), err))
		return rec
	}
	hr.Header = req.Header.Clone()
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	if hr.Header.Get("User-Agent") == "" {
		hr.Header.Set("User-Agent", userAgent(req))
	}
	// Set explicitly, the header stops Go's transport from decoding gzip on its own (and only when it asked):
	// Do decodes every response itself, whoever set the header.
	if hr.Header.Get("Accept-Encoding") == "" {
		hr.Header.Set("Accept-Encoding", AcceptEncoding)
	}
	var n, size int
	rec.SentHeader, n, size = keepHeaders(hr.Header)
	if n > 0 {
		rec.warn(mReqHeaders.With(n, sizeKB(size), MaxKeptHeader>>10))
	}
	if transport == nil {
		transport = defaultTransport()
	}
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if prev := via[len(via)-1].URL; prev.Scheme == "https" && next.URL.Scheme == "http" {
				return &downgradeError{from: prev.String(), to: next.URL.String()}
			}
			rec.Redirects = append(rec.Redirects, next.URL.String())
			if len(via) > req.assume().MaxRedirects {
				return errTooManyRedirects
			}
			return nil
		},
	}
	resp, err := client.Do(hr)
	if err != nil {
		rec.Timing = tr.timing()
		rec.TLS = rejectedTLS(err)
		rec.fail(classify(ctx, err, req))
		return rec
	}
	defer resp.Body.Close()
	rec.Status = resp.StatusCode
	rec.Proto = resp.Proto
	rec.ResponseHeader, n, size = keepHeaders(resp.Header)
	if n > 0 {
		rec.warn(mRespHeaders.With(n, sizeKB(size), MaxKeptHeader>>10))
	}
	rec.TLS = connTLS(resp)
	// The body is decoded here, as the client would, so the limit applies to the decoded body: a gzip bomb
	// stops at MaxCounted.
	wire := &countingReader{r: resp.Body}
	dec, decoded, notDecoded := decodeBody(wire, resp.Header.Values("Content-Encoding"))
	rec.Decoded = decoded
	bodyStart := time.Now()
	rec.Body, err = io.ReadAll(io.LimitReader(dec, MaxBody+1))
	rec.Bytes = int64(len(rec.Body))
	if err == nil && rec.Bytes > MaxBody {
		// Too big to cache: count the rest (up to MaxCounted) so that the size said is the real one. A
		// failure while counting changes nothing: the body is too big whatever follows.
		n, _ := io.Copy(io.Discard, io.LimitReader(dec, MaxCounted+1-rec.Bytes))
		rec.Bytes += n
	}
	rec.WireBytes = wire.n
	rec.Timing = tr.timing()
	rec.Timing.Body = time.Since(bodyStart)
	if err != nil {
		if decoded != "" && (wire.err == nil || wire.err == io.EOF) {
			// The connection delivered the body; the decoder refused it.
			rec.fail(newError(KindEncoding, mEncoding.With(decoded, rootMsg(err)), mEncodingHint.With(), err))
			return rec
		}
		rec.fail(classify(ctx, err, req))
		return rec
	}
	rec.judge(resp, notDecoded)
	return rec
}

// MaxResponseHeader is how many bytes of response headers the package's transport reads before it fails
// the attempt (Go's own default is 10 MB). No platform documents a limit: this one is the tool's.
const MaxResponseHeader = 1 << 20

// MaxKeptHeader is how many bytes of headers an attempt keeps each way (request and response), each value
// counted as the "Name: value\r\n" line it is on the wire. The rest is counted and said in a warning.
const MaxKeptHeader = 64 << 10

// AcceptEncoding is the Accept-Encoding the tool sends when the request's own headers set none: only the
// encodings Do decodes. What the platforms' clients send is not documented.
const AcceptEncoding = "gzip, deflate"

// defaultTransport is the transport of a Do given none: http.DefaultTransport's settings with a limit on the
// response's headers. One for the process, so that connections are reused as with http.DefaultTransport.
var defaultTransport = sync.OnceValue(func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxResponseHeaderBytes = MaxResponseHeader
	return t
})

// keepHeaders returns h cut to at most MaxKeptHeader bytes, with how many values and bytes it left out.
// Names are taken in sorted order and a value that does not fit is skipped (a smaller one after it may
// still fit), so one huge header does not cost the others. h itself is returned when it all fits.
func keepHeaders(h http.Header) (kept http.Header, n, size int) {
	total := 0
	for k, vs := range h {
		for _, v := range vs {
			total += len(k) + len(v) + 4
		}
	}
	if total <= MaxKeptHeader {
		return h, 0, 0
	}
	kept = http.Header{}
	used := 0
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			line := len(k) + len(v) + 4
			if used+line > MaxKeptHeader {
				n++
				size += line
				continue
			}
			used += line
			kept[k] = append(kept[k], v)
		}
	}
	return kept, n, size
}

// sizeKB says a byte count in KB, or MB from 1 MB on.
func sizeKB(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}

// downgradeError is a redirect from HTTPS to plain HTTP, which Do does not follow.
type downgradeError struct{ from, to string }

func (e *downgradeError) Error() string {
	return fmt.Sprintf("%s redirects to %s, from HTTPS to plain HTTP", e.from, e.to)
}

// errHeadersTooLarge is the text of Go's transport when a response's headers pass MaxResponseHeaderBytes; it
// has no error value of its own.
const errHeadersTooLarge = "server response headers exceeded"

var errTooManyRedirects = errors.New("too many redirects")

// MaxCounted is how far a body over MaxBody is read (and thrown away) to say its real size.
const MaxCounted = 64 << 20

// DefaultTimeout is the timeout of a request whose Timeout is not set.
const DefaultTimeout = 10 * time.Second

// Resend sends a stored request again exactly as it was (method, full URL with its original query and
// timestamp, headers, body) with the same limits and caching rules as Do. A timeout of 0 means
// DefaultTimeout. The Record's Request has only these fields set: the caller fills in what it knows of
// the original (fetch type, platform, app, launch) before keeping it.
func Resend(ctx context.Context, transport http.RoundTripper, method, url string, header http.Header, body string, timeout time.Duration) *Record {
	if method == "" {
		method = http.MethodGet
	}
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	return Do(ctx, transport, &Request{Method: method, URL: url, Header: h, Body: body, Timeout: timeout, SentAt: time.Now()})
}

// tracer collects an attempt's timing from httptrace's callbacks, which may run on several goroutines
// (DNS and the dials of Happy Eyeballs).
type tracer struct {
	mu                        sync.Mutex
	t                         Timing
	dnsStart, tlsStart, wrote time.Time
	dials                     map[string]time.Time
}

func (tr *tracer) clientTrace() *httptrace.ClientTrace {
	at := func(f func(now time.Time)) {
		now := time.Now()
		tr.mu.Lock()
		f(now)
		tr.mu.Unlock()
	}
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { at(func(now time.Time) { tr.dnsStart = now }) },
		DNSDone: func(httptrace.DNSDoneInfo) {
			at(func(now time.Time) {
				if !tr.dnsStart.IsZero() {
					tr.t.DNS += now.Sub(tr.dnsStart)
				}
			})
		},
		ConnectStart: func(network, addr string) {
			at(func(now time.Time) {
				if tr.dials == nil {
					tr.dials = map[string]time.Time{}
				}
				tr.dials[network+" "+addr] = now
			})
		},
		ConnectDone: func(network, addr string, err error) {
			at(func(now time.Time) {
				if s, ok := tr.dials[network+" "+addr]; ok && err == nil {
					tr.t.Connect += now.Sub(s)
				}
				delete(tr.dials, network+" "+addr)
			})
		},
		TLSHandshakeStart: func() { at(func(now time.Time) { tr.tlsStart = now }) },
		TLSHandshakeDone: func(tls.ConnectionState, error) {
			at(func(now time.Time) {
				if !tr.tlsStart.IsZero() {
					tr.t.TLS += now.Sub(tr.tlsStart)
				}
			})
		},
		WroteRequest: func(httptrace.WroteRequestInfo) { at(func(now time.Time) { tr.wrote = now }) },
		GotFirstResponseByte: func() {
			at(func(now time.Time) {
				if !tr.wrote.IsZero() {
					tr.t.FirstByte += now.Sub(tr.wrote)
				}
			})
		},
	}
}

func (tr *tracer) timing() *Timing {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	t := tr.t
	return &t
}

// connTLS summarises the connection the final response came on; nil for plain HTTP.
func connTLS(resp *http.Response) *TLSInfo {
	cs := resp.TLS
	if cs == nil {
		return nil
	}
	info := &TLSInfo{
		Version:     tls.VersionName(cs.Version),
		CipherSuite: tls.CipherSuiteName(cs.CipherSuite),
		Verified:    len(cs.VerifiedChains) > 0,
	}
	if len(cs.PeerCertificates) > 0 {
		certSummary(info, cs.PeerCertificates[0])
		if !info.Verified {
			// The transport skipped verification (InsecureSkipVerify): say what the platform would say.
			opts := x509.VerifyOptions{DNSName: resp.Request.URL.Hostname(), Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(opts)
			info.Verified = err == nil
			if err != nil {
				info.VerifyError = err.Error()
			}
		}
	}
	return info
}

// rejectedTLS summarises the certificate a failed handshake rejected; nil when err is not that.
func rejectedTLS(err error) *TLSInfo {
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) || len(cve.UnverifiedCertificates) == 0 {
		return nil
	}
	info := &TLSInfo{VerifyError: rootMsg(cve.Err)}
	certSummary(info, cve.UnverifiedCertificates[0])
	return info
}

func certSummary(info *TLSInfo, c *x509.Certificate) {
	info.Subject = c.Subject.String()
	info.Issuer = c.Issuer.String()
	info.DNSNames = append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		info.DNSNames = append(info.DNSNames, ip.String())
	}
	info.NotBefore, info.NotAfter = c.NotBefore.UTC(), c.NotAfter.UTC()
}

func (rec *Record) fail(e *Error) {
	rec.Err = e
	rec.ReasonMsg = mNoResponse.With(e.Msg) // the window renders the argument from e.M
	rec.Reason = rec.ReasonMsg.English()
}

// The warnings Do adds about a response (and about the headers it kept), as their text begins.
const (
	warnNotUTF8     = "the body is not valid UTF-8 text"
	warnDataType    = "the body does not parse as dataType"
	warnDecoded     = "the body was decoded from"
	warnNotDecoded  = "the body was not decoded"
	warnRespHeaders = "response headers not kept"
	warnReqHeaders  = "request headers not kept"
)

// RequestWarnings drops from a recorded attempt's warnings those about its response, keeping those
// about the request, for a re-run (whose response is judged afresh). A re-run sends the headers that were
// kept, so the warning that some were not is dropped too.
// ms are the warnings as codes, one per warning, when the attempt has them; an attempt recorded before
// codes existed (ms nil) is judged by the English words the warnings begin with.
func RequestWarnings(ws []string, ms []msg.Msg) ([]string, []msg.Msg) {
	response := map[string]bool{mNotUTF8.Code(): true, mDataType.Code(): true, mDecoded.Code(): true,
		mNotDecoded.Code(): true, mRespHeaders.Code(): true, mReqHeaders.Code(): true}
	coded := len(ms) == len(ws)
	var out []string
	var outMs []msg.Msg
	for i, w := range ws {
		switch {
		case coded && response[ms[i].Code]:
		case !coded && (strings.HasPrefix(w, warnNotUTF8) || strings.HasPrefix(w, warnDataType) || strings.HasPrefix(w, warnDecoded) ||
			strings.HasPrefix(w, warnNotDecoded) || strings.HasPrefix(w, warnRespHeaders) || strings.HasPrefix(w, warnReqHeaders)):
		case coded:
			out, outMs = append(out, w), append(outMs, ms[i])
		default:
			out = append(out, w)
		}
	}
	if !coded {
		outMs = nil
	}
	return out, outMs
}

// judge applies the platform's caching rules to a complete response. notDecoded is a Content-Encoding the
// body was left in because Do does not decode it.
func (rec *Record) judge(resp *http.Response, notDecoded string) {
	ok := rec.Status >= 200 && rec.Status <= 299
	switch {
	case !ok:
		rec.ReasonMsg = mStatus.With(rec.Status)
	case rec.Bytes > MaxBody && rec.Decoded != "":
		rec.ReasonMsg = mTooBigCoded.With(rec.decodedSize(), rec.Decoded, rec.wireSize())
	case rec.Bytes > MaxBody:
		rec.ReasonMsg = mTooBig.With(rec.decodedSize())
	default:
		rec.Cached = true
	}
	rec.Reason = rec.ReasonMsg.English()
	if rec.Decoded != "" && resp.Request != nil {
		if ae := resp.Request.Header.Get("Accept-Encoding"); ae != AcceptEncoding || rec.Bytes > MaxBody {
			// Say it where it matters: the request's own Accept-Encoding (Go's transport would have left the body
			// compressed), or a body whose decoded size is what puts it over the limit.
			rec.warn(mDecoded.With(rec.Decoded, rec.wireSize(), rec.decodedSize(), ae))
		}
	}
	if notDecoded != "" {
		rec.warn(mNotDecoded.With(notDecoded))
	} else if ok && !utf8.Valid(rec.Body) {
		rec.warn(mNotUTF8.With())
	}
	if rec.DataType != "" && rec.Cached && notDecoded == "" {
		if _, err := AlipayData(rec.Body, rec.DataType); err != nil {
			rec.warn(mDataType.With(rec.DataType, err))
		}
	}
}

// wireSize says how many body bytes came off the connection; when decoding stopped at MaxCounted, only a
// part of the body was read.
func (rec *Record) wireSize() string {
	if rec.Bytes > MaxCounted {
		return mWireStopped.With(rec.WireBytes).English()
	}
	return mWireBytes.With(rec.WireBytes).English()
}

func (rec *Record) decodedSize() string {
	if rec.Bytes > MaxCounted {
		return mMoreThan.With(MaxCounted).English()
	}
	return mBytes.With(rec.Bytes).English()
}

// AlipayData returns fetchedData as my.getBackgroundFetchData gives it for the dataType: json parsed into an
// Object, text as a string, base64 as the body in base64, arraybuffer as an array of byte values.
func AlipayData(body []byte, dataType string) (any, error) {
	switch strings.ToLower(dataType) {
	case "text":
		return string(body), nil
	case "base64":
		return base64.StdEncoding.EncodeToString(body), nil
	case "arraybuffer":
		out := make([]int, len(body))
		for i, b := range body {
			out[i] = int(b)
		}
		return out, nil
	default:
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return string(body), fmt.Errorf("not JSON: %w", err)
		}
		return v, nil
	}
}

func classify(ctx context.Context, err error, req *Request) *Error {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var downgrade *downgradeError
	switch {
	case errors.As(err, &downgrade):
		return newError(KindRedirect, mDowngrade.With(downgrade.from, downgrade.to), mDowngradeH.With(), err)
	case strings.Contains(err.Error(), errHeadersTooLarge):
		return newError(KindHeaders, mHeaders.With(MaxResponseHeader>>20, MaxResponseHeader), mHeadersHint.With(), err)
	case errors.Is(err, errTooManyRedirects):
		return newError(KindRedirect, mRedirects.With(req.assume().MaxRedirects), mRedirectsH.With(), err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		return newError(KindTimeout, mTimeout.With(req.Timeout.Milliseconds()), mTimeoutHint.With(), err)
	case errors.Is(err, context.Canceled):
		return newError(KindCancelled, mCancelled.With(), mKept.With(), err)
	case errors.As(err, &dnsErr):
		return newError(KindDNS, mDNS.With(dnsErr.Name), mDNSHint.With(), err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return newError(KindRefused, mRefused.With(hostOf(req.URL)), mRefusedHint.With(), err)
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalid):
		return newError(KindTLS, mTLSCert.With(rootMsg(err)), mTLSCertHint.With(), err)
	case errors.As(err, &recordErr) || strings.Contains(err.Error(), "tls:"):
		return newError(KindTLS, mTLSHand.With(rootMsg(err)), mTLSHandHint.With(), err)
	}
	return newError(KindNetwork, mAsIs.With(rootMsg(err)), mKept.With(), err)
}

func rootMsg(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func hostOf(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		raw = raw[i+3:]
	}
	if i := strings.IndexAny(raw, "/?"); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

// userAgent is the request's User-Agent: the tool's assumption, as no platform publishes its own.
// A request of no known platform (a resent HAR entry that stored none) says only the tool's name.
func userAgent(req *Request) string {
	if ua := req.assume().UserAgent; ua != "" {
		return ua
	}
	spec, err := platform.Lookup(req.Platform)
	if err != nil {
		return "bgfetch-devtools"
	}
	return "bgfetch-devtools (" + spec.Name + " " + req.FetchType + ")"
}

// NotSent is the reason of an attempt the platform would not have sent at all, because of e.
func NotSent(e *Error) msg.Msg { return mNotSent.With(e.Msg) }

// The codes of the reasons whose one argument is the attempt's error message.
var (
	CodeNoResponse = mNoResponse.Code()
	CodeNotSent    = mNotSent.Code()
)
