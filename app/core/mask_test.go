package core

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// slashToken has a "/", BMP characters outside ASCII and one beyond the BMP (a surrogate pair in JSON).
const slashToken = "s3cr/ét-秘密😀"

// The forms a server's JSON encoder echoes slashToken in, written out by hand (Python's json.dumps
// output checked with Python 3).
const (
	slashPython     = `s3cr/\u00e9t-\u79d8\u5bc6\ud83d\ude00`                                                // json.dumps
	slashPHP        = `s3cr\/\u00e9t-\u79d8\u5bc6\ud83d\ude00`                                               // json_encode
	slashPHPUnicode = `s3cr\/ét-秘密😀`                                                                         // json_encode with JSON_UNESCAPED_UNICODE
	slashUpper      = `s3cr/\u00E9t-\u79D8\u5BC6\uD83D\uDE00`                                                // upper-case hex
	slashAll        = `\u0073\u0033\u0063\u0072\u002f\u00e9\u0074\u002d\u79d8\u5bc6\ud83d\ude00`             // every character
	slashALL        = `\u0073\u0033\u0063\u0072\u002F\u00E9\u0074\u002D\u79D8\u5BC6\uD83D\uDE00`             // upper case
	slashPercent    = `s3cr%2F%C3%A9t-%E7%A7%98%E5%AF%86%F0%9F%98%80`                                        // a query
	slashPercentLow = `s3cr%2f%c3%a9t-%e7%a7%98%e5%af%86%f0%9f%98%80`                                        // lower-case hex
	asciiAll        = `\u0064\u0065\u006d\u006f\u002d\u0074\u006f\u006b\u0065\u006e\u002d\u0031\u0032\u0033` // demo-token-123
	asciiALL        = `\u0064\u0065\u006D\u006F\u002D\u0074\u006F\u006B\u0065\u006E\u002D\u0031\u0032\u0033`
)

func TestMaskerEscapedForms(t *testing.T) {
	tests := []struct {
		name, secret, in, want string
	}{
		{"raw", slashToken, `{"t":"` + slashToken + `"}`, `{"t":"••••••"}`},
		{"Python json.dumps", slashToken, `{"t":"` + slashPython + `"}`, `{"t":"••••••"}`},
		{"PHP json_encode", slashToken, `{"t":"` + slashPHP + `"}`, `{"t":"••••••"}`},
		{"PHP JSON_UNESCAPED_UNICODE", slashToken, `{"t":"` + slashPHPUnicode + `"}`, `{"t":"••••••"}`},
		{"upper-case hex", slashToken, `{"t":"` + slashUpper + `"}`, `{"t":"••••••"}`},
		{"every character escaped", slashToken, `{"t":"` + slashAll + `"}`, `{"t":"••••••"}`},
		{"every character escaped, upper case", slashToken, `{"t":"` + slashALL + `"}`, `{"t":"••••••"}`},
		{"percent-encoded", slashToken, "?token=" + slashPercent + "&x=1", "?token=••••••&x=1"},
		{"percent-encoded, lower-case hex", slashToken, "?token=" + slashPercentLow + "&x=1", "?token=••••••&x=1"},
		{"inside a longer string", slashToken, `{"q":"a=1&token=` + slashPHP + `&b=2"}`, `{"q":"a=1&token=••••••&b=2"}`},
		{"every form at once", slashToken, strings.Join([]string{slashToken, slashPython, slashPHP, slashPHPUnicode, slashUpper,
			slashAll, slashALL, slashPercent, slashPercentLow}, ","), strings.TrimSuffix(strings.Repeat(Masked+",", 9), ",")},
		{"ASCII raw", "demo-token-123", `{"t":"demo-token-123"}`, `{"t":"••••••"}`},
		{"ASCII every character escaped", "demo-token-123", `{"t":"` + asciiAll + `"}`, `{"t":"••••••"}`},
		{"ASCII every character escaped, upper case", "demo-token-123", `{"t":"` + asciiALL + `"}`, `{"t":"••••••"}`},
		{"a quote and a backslash", `a"b\c/d-long`, `{"t":"a\"b\\c\/d-long","u":"a\"b\\c/d-long"}`, `{"t":"••••••","u":"••••••"}`},
		// A short token is still masked only as a whole word, in its escaped forms too when they are short.
		{"short token, whole word", "tk", "token=tk&x=tkx&y=atk", "token=••••••&x=tkx&y=atk"},
		{"short token, every character escaped", "tk", `{"t":"\u0074\u006b"}`, `{"t":"••••••"}`},
		{"short non-ASCII token, Python", "é", `{"t":"\u00e9","w":"caf\u00e9"}`, `{"t":"••••••","w":"caf\u00e9"}`},
		{"nothing to mask", slashToken, "s3cr/et and s3cr\\/", "s3cr/et and s3cr\\/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewMasker(tt.secret).String(tt.in); got != tt.want {
				t.Errorf("masked\n%s\ngot  %s\nwant %s", tt.in, got, tt.want)
			}
			if got := (Masker{}).String(tt.in); got != tt.in {
				t.Errorf("the zero Masker changed %s to %s", tt.in, got)
			}
		})
	}
	// What Go's own encoders write is masked as well (the forms the tool's JSON output takes).
	for _, s := range []string{slashToken, `s3cr3t-TOKEN/中+&"<>`} {
		b, _ := json.Marshal(s)
		if got := NewMasker(s).String(string(b)); got != `"`+Masked+`"` {
			t.Errorf("json.Marshal(%q) masked to %s", s, got)
		}
	}
}

// TestMaskResult: what getBackgroundFetchData returns holds the body, which may echo the token.
func TestMaskResult(t *testing.T) {
	m := NewMasker(slashToken)
	body := `{"echo":"` + slashPython + `"}`
	wx := m.Result(Result{OK: true, Value: WxSuccess{FetchedData: body, Query: "t=" + slashPercent}, Note: "n"})
	if v := wx.Value.(WxSuccess); v.FetchedData != `{"echo":"••••••"}` || v.Query != "t=••••••" {
		t.Errorf("WeChat result %+v", v)
	}
	var decoded any
	_ = json.Unmarshal([]byte(`{"echo":["`+slashPHP+`"],"`+slashToken+`":1}`), &decoded) // the escapes decoded: the token itself
	ali := m.Result(Result{OK: true, Value: AlipaySuccess{FetchedData: decoded}})
	if got, _ := json.Marshal(ali.Value.(AlipaySuccess).FetchedData); string(got) != `{"echo":["••••••"],"••••••":1}` {
		t.Errorf("Alipay result %s", got)
	}
	if got, _ := json.Marshal(decoded); !strings.Contains(string(got), slashToken) {
		t.Errorf("Result changed the value it was given: %s", got)
	}
}

// TestHARExportMasksAnEchoedToken: a server that echoes the token in its body and headers the ways
// Python, PHP and a fully escaping encoder write it; the HAR export without secrets holds none of them,
// decoded or not; with secrets it holds the body as it came.
func TestHARExportMasksAnEchoedToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("token") != slashToken {
			http.Error(w, "wrong token", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", slashPython)
		w.Header().Set("X-Echo-Query", slashPercentLow)
		fmt.Fprintf(w, `{"raw":"%s","python":"%s","php":"%s","all":"%s","ALL":"%s"}`, slashToken, slashPython, slashPHP, slashAll, slashALL)
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	cfg, _ := json.Marshal(map[string]any{"token": slashToken, "periodic": map[string]any{"url": srv.URL + "/echo"}})
	e := openEngine(t, newProject(t, string(cfg)), &clock{t: t0})
	if a, err := e.Pull(ctx); err != nil || !a.Cached {
		t.Fatalf("pull: %v %+v", err, a)
	}
	list, err := e.HistoryWithBodies(ctx, HistoryFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("history: %v %d", err, len(list))
	}
	forms := []string{slashToken, slashPython, slashPHP, slashPHPUnicode, slashUpper, slashAll, slashALL, slashPercent, slashPercentLow}

	for _, includeSecrets := range []bool{false, true} {
		var out bytes.Buffer
		if err := WriteHAR(&out, list, includeSecrets, "test"); err != nil {
			t.Fatal(err)
		}
		var h harFile
		if err := json.Unmarshal(out.Bytes(), &h); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		en := h.Log.Entries[0]
		decoded := fmt.Sprintf("%s %+v %+v %s", en.Request.URL, en.Request.QueryString, en.Response.Headers, *en.Response.Content.Text)
		if !includeSecrets {
			for _, f := range forms {
				if strings.Contains(out.String(), f) || strings.Contains(decoded, f) {
					t.Errorf("the HAR holds the token as %s:\n%s", f, out.String())
				}
			}
			if want := `{"raw":"••••••","python":"••••••","php":"••••••","all":"••••••","ALL":"••••••"}`; *en.Response.Content.Text != want {
				t.Errorf("body %s, want %s", *en.Response.Content.Text, want)
			}
			continue
		}
		if !strings.Contains(*en.Response.Content.Text, slashPHP) || !strings.Contains(en.Request.URL, slashPercent) {
			t.Errorf("with secrets: %s %s", en.Request.URL, *en.Response.Content.Text)
		}
	}
}
