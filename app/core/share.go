package core

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/storage"
)

// Masked replaces a secret wherever an attempt is shown or exported without secrets.
const Masked = "••••••"

// masker replaces every occurrence of the secrets, as they are and in the encoded forms they take in a
// URL or a JSON string (see secretForms). A short form (under shortSecret bytes) is replaced only where
// it stands as a whole word, so that a 3-letter token does not garble every word that contains it.
type masker struct {
	r     *strings.Replacer
	short []string
}

// shortSecret is the length under which a secret is masked only as a whole word.
const shortSecret = 8

func newMasker(secrets []string) masker {
	seen := map[string]bool{}
	var forms []string
	for _, s := range secrets {
		for _, f := range secretForms(s) {
			if f != "" && !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	if len(forms) == 0 {
		return masker{}
	}
	// The longest form first, so that a secret inside another is not replaced piecemeal.
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	var m masker
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		if len(f) < shortSecret {
			m.short = append(m.short, f)
			continue
		}
		pairs = append(pairs, f, Masked)
	}
	if len(pairs) > 0 {
		m.r = strings.NewReplacer(pairs...)
	}
	return m
}

// secretForms are the ways s may be written where an attempt holds it: as it is; percent-encoded in a
// query (space as "+" or "%20") or a path, with upper- or lower-case hex; and inside a JSON string as the
// encoders a server may echo it with write it: Go's (with and without its HTML escapes), Python's
// json.dumps (ensure_ascii: every non-ASCII character as \uXXXX, beyond the BMP as a surrogate pair),
// PHP's json_encode (the same, and "/" as "\/"; also with JSON_UNESCAPED_UNICODE), those with upper-case
// hex as Java encoders write them, and every character \u-escaped, in lower and upper case.
func secretForms(s string) []string {
	if s == "" {
		return nil
	}
	forms := []string{s}
	for _, p := range []string{url.QueryEscape(s), url.PathEscape(s), strings.ReplaceAll(url.QueryEscape(s), "+", "%20")} {
		forms = append(forms, p, lowerPercent(p))
	}
	if b, err := json.Marshal(s); err == nil {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		t := strings.TrimSuffix(buf.String(), "\n")
		forms = append(forms, t[1:len(t)-1])
	}
	for _, st := range []jsonStyle{
		{nonASCII: true},                           // Python json.dumps
		{nonASCII: true, slash: true},              // PHP json_encode
		{slash: true},                              // PHP with JSON_UNESCAPED_UNICODE
		{nonASCII: true, upper: true},              // upper-case hex, as Java's encoders write it
		{nonASCII: true, slash: true, upper: true}, // the same with "\/"
		{all: true}, {all: true, upper: true},      // every character escaped
	} {
		forms = append(forms, jsonEscape(s, st))
	}
	return forms
}

// jsonStyle is how an encoder escapes a string inside a JSON string literal.
type jsonStyle struct {
	nonASCII bool // every non-ASCII character as \uXXXX (a surrogate pair beyond the BMP)
	all      bool // every character as \uXXXX
	slash    bool // "/" as "\/"
	upper    bool // upper-case hex digits
}

// jsonEscape writes s as the inside of a JSON string in style st. "\"" and "\\" are escaped, and the
// control characters as \b \f \n \r \t or \u00XX, as every encoder does.
func jsonEscape(s string, st jsonStyle) string {
	digits := "0123456789abcdef"
	if st.upper {
		digits = "0123456789ABCDEF"
	}
	var b strings.Builder
	u := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(digits[r>>shift&0xf])
		}
	}
	escape := func(r rune) {
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			u(r1)
			u(r2)
			return
		}
		u(r)
	}
	for _, r := range s {
		switch {
		case st.all:
			escape(r)
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '/' && st.slash:
			b.WriteString(`\/`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20, r >= 0x80 && st.nonASCII:
			escape(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lowerPercent writes the hex digits of s's percent escapes in lower case: %2F → %2f.
func lowerPercent(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

func (m masker) string(s string) string {
	if m.r != nil {
		s = m.r.Replace(s)
	}
	for _, f := range m.short {
		s = maskWord(s, f)
	}
	return s
}

// maskWord replaces the occurrences of w in s that no letter, digit or underscore touches on either side.
func maskWord(s, w string) string {
	word := func(b byte) bool {
		return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
	}
	var out strings.Builder
	for {
		i := strings.Index(s, w)
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		end := i + len(w)
		if (i > 0 && word(s[i-1])) || (end < len(s) && word(s[end])) {
			out.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		out.WriteString(s[:i])
		out.WriteString(Masked)
		s = s[end:]
	}
}

func (m masker) strings(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = m.string(s)
	}
	return out
}

func (m masker) header(h map[string][]string) map[string][]string {
	if h == nil {
		return nil
	}
	out := make(map[string][]string, len(h))
	for k, v := range h {
		out[k] = m.strings(v)
	}
	return out
}

// Masker replaces secrets in what is about to be shown or exported; the zero Masker replaces nothing.
type Masker struct{ m masker }

// NewMasker masks each non-empty secret: as it is, urlencoded, and JSON-escaped the ways a server may
// echo it (Go, Python's json.dumps, PHP's json_encode with its "\/", every character \u-escaped).
func NewMasker(secrets ...string) Masker { return Masker{newMasker(secrets)} }

// String returns s with every secret reading "••••••".
func (m Masker) String(s string) string { return m.m.string(s) }

// Mask returns a copy of a in which every occurrence of each non-empty secret (also urlencoded or
// JSON-escaped) reads "••••••": in the URL, the query parameters, the request and response headers, the
// request body, the response body (a server may echo the token), the redirects, the error, the reason and
// the warnings. The copy shares nothing mutable with a.
func Mask(a Attempt, secrets ...string) Attempt { return NewMasker(secrets...).Attempt(a) }

// Attempt is Mask with m's secrets.
func (m Masker) Attempt(a Attempt) Attempt {
	a.URL = m.String(a.URL)
	if a.Params != nil {
		ps := make([]storage.Param, len(a.Params))
		for i, p := range a.Params {
			p.Value = m.String(p.Value)
			ps[i] = p
		}
		a.Params = ps
	}
	a.RequestHeaders = m.m.header(a.RequestHeaders)
	a.RequestBody = m.String(a.RequestBody)
	a.ResponseHeaders = m.m.header(a.ResponseHeaders)
	if a.Body != nil {
		a.Body = []byte(m.String(string(a.Body)))
	}
	a.Redirects = m.m.strings(a.Redirects)
	a.Warnings = m.m.strings(a.Warnings)
	a.Error = m.String(a.Error)
	a.Reason = m.String(a.Reason)
	a.Messages = m.String(a.Messages) // JSON: the token is masked as it is escaped there
	a.VariantReason = m.String(a.VariantReason)
	a.LaunchQuery = m.String(a.LaunchQuery)
	if a.Timing != nil {
		t := *a.Timing
		a.Timing = &t
	}
	if a.TLS != nil {
		t := *a.TLS
		t.DNSNames = slices.Clone(t.DNSNames)
		a.TLS = &t
	}
	return a
}

// Result returns a copy of r with the secrets masked in what getBackgroundFetchData returns (the cached
// body echoes the token when the server does), the note and the cache entry.
func (m Masker) Result(r Result) Result {
	r.Note = m.String(r.Note)
	switch v := r.Value.(type) {
	case WxSuccess:
		v.FetchedData, v.Path, v.Query, v.ErrMsg = m.String(v.FetchedData), m.String(v.Path), m.String(v.Query), m.String(v.ErrMsg)
		r.Value = v
	case WxFail:
		v.ErrMsg = m.String(v.ErrMsg)
		r.Value = v
	case AlipaySuccess:
		v.FetchedData = m.value(v.FetchedData)
		r.Value = v
	case AlipayFail:
		v.ErrorMessage = m.String(v.ErrorMessage)
		r.Value = v
	case WxToken:
		v.Token = m.String(v.Token)
		r.Value = v
	}
	if r.Entry != nil {
		en := *r.Entry
		en.Body = []byte(m.String(string(en.Body)))
		en.Path, en.Query = m.String(en.Path), m.String(en.Query)
		r.Entry = &en
	}
	return r
}

// value masks the strings (keys too) of a decoded JSON value, copying what it changes.
func (m Masker) value(v any) any {
	switch v := v.(type) {
	case string:
		return m.String(v)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = m.value(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[m.String(k)] = m.value(x)
		}
		return out
	}
	return v
}

// AttemptSecrets are the secrets an attempt carries itself: the token it sent (as a query parameter, or
// in a cloud function's event).
func AttemptSecrets(a Attempt) []string {
	var out []string
	for _, p := range a.Params {
		if p.Name == "token" && p.Source == fetch.FromUser && p.Value != "" {
			out = append(out, p.Value)
		}
	}
	if a.Variant == "cloud" && a.RequestBody != "" {
		var ev struct {
			Token string `json:"token"`
		}
		if json.Unmarshal([]byte(a.RequestBody), &ev) == nil && ev.Token != "" {
			out = append(out, ev.Token)
		}
	}
	return out
}

// CurlCommand is one shell command (POSIX sh quoting) that sends a's request again exactly: method, URL
// as sent, every header (the User-Agent included) and the body; -L when the attempt followed redirects.
// Without includeSecrets the token the attempt sent reads "••••••" (mask the project's with Mask first).
func CurlCommand(a *Attempt, includeSecrets bool) string {
	x := *a
	if !includeSecrets {
		x = Mask(x, AttemptSecrets(x)...)
	}
	args := []string{"curl"}
	method := x.Method
	if method == "" {
		method = http.MethodGet
	}
	// curl sends GET, or POST with --data-raw; anything else needs -X.
	if implied := map[bool]string{false: http.MethodGet, true: http.MethodPost}[x.RequestBody != ""]; method != implied {
		args = append(args, "-X", method)
	}
	if strings.ContainsAny(x.URL, "[]{}") {
		args = append(args, "--globoff") // curl would read them as a URL pattern
	}
	if len(x.Redirects) > 0 {
		args = append(args, "-L", "--max-redirs", "5")
	}
	for _, k := range slices.Sorted(maps.Keys(x.RequestHeaders)) {
		for _, v := range x.RequestHeaders[k] {
			if v == "" {
				args = append(args, "-H", shellQuote(k+";")) // curl's way to send an empty header
			} else {
				args = append(args, "-H", shellQuote(k+": "+v))
			}
		}
	}
	if x.RequestBody != "" {
		args = append(args, "--data-raw", shellQuote(x.RequestBody))
	}
	args = append(args, shellQuote(x.URL))
	return strings.Join(args, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote quotes s for a POSIX shell: as it is when it needs nothing, else in single quotes.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
