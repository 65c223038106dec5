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

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/storage"
)

// Masked replaces a secret wherever an attempt is shown or exported without secrets.
const Masked = "••••••"

// masker replaces every occurrence of the secrets, as they are and in the encoded forms they take in a
// URL or a JSON string. A short form (under shortSecret bytes) is replaced only where it stands as a whole
// word, so that a 3-letter token does not garble every word that contains it.
type masker struct {
	r     *strings.Replacer
	short []string
}

// shortSecret is the length under which a secret is masked only as a whole word.
const shortSecret = 8

func newMasker(secrets []string) masker {
	seen := map[string]bool{}
	var forms []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			forms = append(forms, s)
		}
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		add(s)
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
		add(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"))
		if b, err := json.Marshal(s); err == nil {
			add(string(b[1 : len(b)-1]))
		}
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if enc.Encode(s) == nil {
			t := strings.TrimSuffix(buf.String(), "\n")
			add(t[1 : len(t)-1])
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

// Mask returns a copy of a in which every occurrence of each non-empty secret (also urlencoded or
// JSON-escaped) reads "••••••": in the URL, the query parameters, the request and response headers, the
// request body, the response body (a server may echo the token), the redirects, the error, the reason and
// the warnings. The copy shares nothing mutable with a.
func Mask(a Attempt, secrets ...string) Attempt {
	m := newMasker(secrets)
	a.URL = m.string(a.URL)
	if a.Params != nil {
		ps := make([]storage.Param, len(a.Params))
		for i, p := range a.Params {
			p.Value = m.string(p.Value)
			ps[i] = p
		}
		a.Params = ps
	}
	a.RequestHeaders = m.header(a.RequestHeaders)
	a.RequestBody = m.string(a.RequestBody)
	a.ResponseHeaders = m.header(a.ResponseHeaders)
	if a.Body != nil {
		a.Body = []byte(m.string(string(a.Body)))
	}
	a.Redirects = m.strings(a.Redirects)
	a.Warnings = m.strings(a.Warnings)
	a.Error = m.string(a.Error)
	a.Reason = m.string(a.Reason)
	a.VariantReason = m.string(a.VariantReason)
	a.LaunchQuery = m.string(a.LaunchQuery)
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
