package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/bgfetch/devtools/app/core"
)

// escaped writes tok as a server's JSON encoder may echo it: every UTF-16 unit above 0x7f (with all:
// every unit) as \uXXXX, hex in the case of format ("%04x" or "%04X"); php also writes "/" as "\/".
func escaped(tok string, all, php bool, format string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(tok)) {
		switch {
		case all || u > 0x7f:
			fmt.Fprintf(&b, `\u`+format, u)
		case php && u == '/':
			b.WriteString(`\/`)
		default:
			b.WriteRune(rune(u))
		}
	}
	return b.String()
}

var percentHex = regexp.MustCompile(`%[0-9A-F]{2}`)

// tokenForms are the ways tok can leak: as it is, urlencoded, and JSON-escaped by Go, Python
// (json.dumps), PHP (json_encode) or an encoder that escapes every character.
func tokenForms(tok string) map[string]string {
	goJSON, _ := json.Marshal(tok)
	forms := map[string]string{
		"raw":             tok,
		"query-escaped":   url.QueryEscape(tok),
		"path-escaped":    url.PathEscape(tok),
		"lower-hex query": percentHex.ReplaceAllStringFunc(url.QueryEscape(tok), strings.ToLower),
		"lower-hex path":  percentHex.ReplaceAllStringFunc(url.PathEscape(tok), strings.ToLower),
		"Go JSON":         string(goJSON[1 : len(goJSON)-1]),
		"Python":          escaped(tok, false, false, "%04x"),
		"Python upper":    escaped(tok, false, false, "%04X"),
		"PHP":             escaped(tok, false, true, "%04x"),
		"PHP upper":       escaped(tok, false, true, "%04X"),
		"all escaped":     escaped(tok, true, false, "%04x"),
		"ALL ESCAPED":     escaped(tok, true, false, "%04X"),
	}
	return forms
}

// searchable is out and, where out is JSON (one value or several), every string in it decoded (keys
// too), so that a form JSON-encoding hides in the output (a body's "\u00e9" printed as "\\u00e9") is
// found as well.
func searchable(out string) string {
	var b strings.Builder
	b.WriteString(out)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString("\n" + v)
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				b.WriteString("\n" + k)
				walk(x)
			}
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var v any
		if dec.Decode(&v) != nil {
			return b.String()
		}
		walk(v)
	}
}

// leaked names the forms of tok that text holds.
func leaked(text, tok string) []string {
	var out []string
	for name, f := range tokenForms(tok) {
		if strings.Contains(text, f) {
			out = append(out, fmt.Sprintf("%s %q", name, f))
		}
	}
	return out
}

// newEchoFixture is a project whose developer server echoes the token it receives in its body, in every
// JSON form above, and in two response headers: /echo answers it, /redirect redirects to /echo with the
// query; a prefetch with --query fail gets a 502 echoing it, with --query badloc a redirect to a
// Location that does not parse and quotes the token (so the request's error holds it).
func newEchoFixture(t *testing.T, token string) *fixture {
	f := &fixture{dir: t.TempDir(), data: t.TempDir()}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		tok := q.Get("token")
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "/echo?"+r.URL.RawQuery, http.StatusFound)
			return
		}
		if q.Get("query") == "badloc" {
			w.Header().Set("Location", "http://[bad/?token="+tok)
			w.WriteHeader(http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", url.QueryEscape(tok))
		w.Header().Set("X-Echo-Python", escaped(tok, false, false, "%04x"))
		if q.Get("query") == "fail" {
			w.WriteHeader(http.StatusBadGateway)
		}
		fmt.Fprintf(w, `{"raw":"%s","python":"%s","php":"%s","all":"%s","ALL":"%s","query":%q}`, tok,
			escaped(tok, false, false, "%04x"), escaped(tok, false, true, "%04x"), escaped(tok, true, false, "%04x"),
			escaped(tok, true, false, "%04X"), r.URL.RawQuery)
	}))
	t.Cleanup(f.srv.Close)
	write(t, filepath.Join(f.dir, "project.config.json"), `{"appid": "wxmask", "setting": {"preloadBackgroundData": true}}`)
	cfg, _ := json.Marshal(map[string]any{"token": token, "periodic": map[string]any{"url": f.srv.URL + "/redirect?own=1"},
		"prefetch": map[string]any{"url": f.srv.URL + "/echo", "path": "pages/i"}})
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), string(cfg))
	return f
}

// TestTheTokenIsMaskedInEveryOutput runs every verb that prints attempts, bodies or request data, in text
// and --json, against a server echoing the token in every form: without --include-secrets no form of it
// is printed (stdout, stderr with the engine's debug log); with it the token shows.
func TestTheTokenIsMaskedInEveryOutput(t *testing.T) {
	t.Setenv("BGFETCH_LOG", "debug") // the engine's log goes to stderr too
	// The subtests are not named after the tokens: the temporary folders are named after the subtests.
	for name, token := range map[string]string{"with a slash and non-ASCII": "s3cr/ét-秘密😀", "ASCII": "demo-token-123"} {
		t.Run(name, func(t *testing.T) {
			f := newEchoFixture(t, token)
			for range 2 { // attempts 1 and 2, both cached
				if r := f.run(t, "pull", "--include-secrets"); r.code != ExitOK {
					t.Fatalf("pull: %d %s", r.code, r.stderr)
				}
			}
			harFile := filepath.Join(t.TempDir(), "h.har")
			tests := []struct {
				args   []string
				shows  bool   // with --include-secrets the token is printed
				stderr string // what stderr says in both modes
			}{
				{[]string{"pull"}, true, ""},
				{[]string{"prefetch"}, true, ""},
				{[]string{"prefetch", "--query", "fail"}, true, "not cached: the server answered HTTP 502"},
				{[]string{"prefetch", "--query", "badloc"}, true, "failed to parse Location header"},
				{[]string{"get", "--type", "periodic"}, true, ""},
				{[]string{"get", "--type", "pre"}, true, ""},
				{[]string{"history"}, false, ""},
				{[]string{"history", "--search", "echo"}, false, ""},
				{[]string{"history", "--rerun", "1"}, true, ""},
				{[]string{"history", "--har", "-"}, true, ""},
				{[]string{"history", "--har", harFile}, false, ""},
				{[]string{"diff", "1", "2"}, true, "comparing attempt 1"},
				{[]string{"coldstart", "--delay", "10ms"}, false, ""},
				{[]string{"schedule", "--speed", "max", "--for", "1d"}, false, ""},
			}
			for _, tt := range tests {
				for _, jsonOut := range []bool{false, true} {
					args := tt.args
					if jsonOut {
						args = append(args[:len(args):len(args)], "--json")
					}
					t.Run(strings.Join(args, " "), func(t *testing.T) {
						r := f.run(t, args...)
						if r.code == ExitUsage || !strings.Contains(r.stderr, tt.stderr) {
							t.Fatalf("exit %d, stderr does not say %q:\n%s", r.code, tt.stderr, r.stderr)
						}
						out := r.stdout // what was printed or exported
						toFile := len(args) > 2 && args[1] == "--har" && args[2] != "-"
						if toFile {
							data, err := os.ReadFile(harFile)
							if err != nil {
								t.Fatal(err)
							}
							out = string(data)
						}
						if l := leaked(searchable(out)+"\n"+r.stdout+"\n"+r.stderr, token); len(l) > 0 {
							t.Errorf("the output holds the token as %s:\n%s\n%s", strings.Join(l, ", "), out, r.stderr)
						}
						if (jsonOut || len(args) > 1 && args[1] == "--har") && !json.Valid([]byte(out)) {
							t.Errorf("the output is not JSON:\n%s", out)
						}
						if (jsonOut || tt.shows || toFile) && !strings.Contains(out, core.Masked) {
							t.Errorf("the output does not show where the token was masked:\n%s", out)
						}

						r = f.run(t, append(args, "--include-secrets")...)
						out = r.stdout
						if toFile {
							data, _ := os.ReadFile(harFile)
							out = string(data)
						}
						if (tt.shows || jsonOut || toFile) && len(leaked(searchable(out), token)) == 0 {
							t.Errorf("--include-secrets: the output does not hold the token:\n%s\n%s", out, r.stderr)
						}
						if strings.Contains(out, core.Masked) {
							t.Errorf("--include-secrets: the output masks:\n%s", out)
						}
					})
				}
			}
		})
	}
}
