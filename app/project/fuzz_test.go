package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"
)

// checkErr asserts what every parse error must be: a *ConfigError naming the file, with a
// sensible position.
func checkErr(t *testing.T, name string, data []byte, err error) {
	t.Helper()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *ConfigError", err, err)
	}
	if ce.File != name {
		t.Fatalf("File = %q, want %q", ce.File, name)
	}
	if ce.Line < 0 || ce.Col < 0 || (ce.Line > 0) != (ce.Col > 0) {
		t.Fatalf("bad position %d:%d in %v", ce.Line, ce.Col, err)
	}
	if lines := bytes.Count(data, []byte("\n")) + 1; ce.Line > lines {
		t.Fatalf("line %d beyond the file's %d lines: %v", ce.Line, lines, err)
	}
	if ce.Msg == "" {
		t.Fatal("empty message")
	}
}

// validJSON reports whether data (without a UTF-8 BOM) is one JSON value.
func validJSON(data []byte) bool {
	return json.Valid(bytes.TrimPrefix(data, utf8BOM))
}

func checkURL(t *testing.T, s string) {
	t.Helper()
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (strings.ToLower(u.Scheme) != "http" && strings.ToLower(u.Scheme) != "https") || u.Host == "" {
		t.Fatalf("accepted URL %q", s)
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		fullConfig, `{}`, ``, ` `, `[]`, `null`, `{"token": null}`, `{"token": ""}`,
		"\ufeff{\"platform\": \"alipay\"}", `{"timeoutMs": 1e3}`, `{"timeoutMs": 1e400}`, `{"timeoutMs": -0}`,
		`{"prefetch": {"scene": 9223372036854775808}}`, `{"periodic": {"gray": {"percent": 100.0, "url": "http://[::1]:80/x"}}}`,
		`{"periodc": {}}`, `{"//": ["a", "b"], "user": {"//": "c", "tester": true}}`, "{\n  \"token\": \"a",
		`{"a":1}}`, `{"platform": "wechat"}`, `{"periodic": {"url": "https://"}}`, `{"periodic": {"url": "http://a b"}}`,
		`{"token": "` + strings.Repeat("é", 1025) + `"}`, `{"x": "\ud800"}`, "{\"x\": \"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	const name = "/p/bgfetch.config.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(name, data)
		if err != nil {
			if c != nil {
				t.Fatal("a Config with an error")
			}
			checkErr(t, name, data, err)
			return
		}
		if !validJSON(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		if c.Platform != nil && *c.Platform != Weapp && *c.Platform != QQ && *c.Platform != Alipay {
			t.Fatalf("platform %q", *c.Platform)
		}
		if c.Token != nil && len(utf16.Encode([]rune(*c.Token))) > MaxTokenLen {
			t.Fatalf("token of %d characters", len(*c.Token))
		}
		if c.TimestampUnit != nil && *c.TimestampUnit != "ms" && *c.TimestampUnit != "s" {
			t.Fatalf("timestampUnit %q", *c.TimestampUnit)
		}
		if c.TimeoutMs != nil && (*c.TimeoutMs < 1 || *c.TimeoutMs > maxTimeoutMs) {
			t.Fatalf("timeoutMs %d", *c.TimeoutMs)
		}
		for _, s := range []*Source{c.Periodic, func() *Source {
			if c.Prefetch == nil {
				return nil
			}
			return &c.Prefetch.Source
		}()} {
			if s == nil {
				continue
			}
			checkURL(t, s.URL)
			checkURL(t, s.Gray.URL)
			if s.Gray.Percent < 0 || s.Gray.Percent > 100 || (s.Gray.Percent > 0 && s.Gray.URL == "") {
				t.Fatalf("gray %+v", s.Gray)
			}
		}
		if c.Prefetch != nil && c.Prefetch.Scene < 0 {
			t.Fatalf("scene %d", c.Prefetch.Scene)
		}
	})
}

func FuzzParsePreload(f *testing.F) {
	for _, s := range []string{
		`[]`, ``, `{}`, `[{"fetchType": "pre", "params": {"url": "https://a", "method": "post", "dataType": "TEXT", "data": {"a": [1, {"b": null}]}, "headers": {"X": "y"}}}]`,
		`[{"fetchType": "jsapiPre", "params": {"jsapi": "my.getLocation"}}]`, `[{"fetchType": "jsapiPre", "params": {"url": "https://a"}}]`,
		`[{"fetchType": "pre", "params": {"url": "https://a"}}, {"fetchType": "pre", "params": {"url": "https://b"}}]`,
		`[null, 1, "x"]`, `[{"fetchType": "pre", "params": null}]`, `[{"fetchType": "pre", "params": {"url": "https://a", "data": null, "headers": {"a": null}}}]`,
		`[{"fetchType": "pre", "params": {"url": "https://a", "method": "ǆ"}}]`, `[{"fetchType": "pre"`, strings.Repeat(" ", MaxPreloadBytes+1),
	} {
		f.Add([]byte(s))
	}
	const name = "/p/preload.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParsePreload(name, data)
		if err != nil {
			if entries != nil {
				t.Fatal("entries with an error")
			}
			checkErr(t, name, data, err)
			return
		}
		if len(data) > MaxPreloadBytes {
			t.Fatalf("accepted %d bytes", len(data))
		}
		if !validJSON(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if seen[e.FetchType] {
				t.Fatalf("fetchType %q twice", e.FetchType)
			}
			seen[e.FetchType] = true
			switch e.FetchType {
			case "pre":
				if e.URL == "" || e.JSAPI != "" {
					t.Fatalf("pre entry %+v", e)
				}
				checkURL(t, e.URL)
			case "jsapiPre":
				if e.URL != "" || e.JSAPI != jsapiGetLocation {
					t.Fatalf("jsapiPre entry %+v", e)
				}
			default:
				t.Fatalf("fetchType %q", e.FetchType)
			}
			switch e.Method {
			case "GET", "POST", "PUT", "DELETE":
			default:
				t.Fatalf("method %q", e.Method)
			}
			switch e.DataType {
			case "json", "text", "base64", "arraybuffer":
			default:
				t.Fatalf("dataType %q", e.DataType)
			}
		}
	})
}

// FuzzSetPreloadBytes edits arbitrary valid project.config.json files: the result must be valid
// JSON whose setting.preloadBackgroundData is the new value, and when the key existed only its
// value's bytes may change.
func FuzzSetPreloadBytes(f *testing.F) {
	for _, s := range []string{
		wxConfig, `{}`, "{\n}", `{"setting": {}}`, `{"setting":{"a":1}}`, "{\r\n\t\"a\": 1\r\n}", `{ "setting" : { "preloadBackgroundData" : null } }`,
		"{\"a\": [\n1]}", `{"setting": {"preloadBackgroundData": true}, "setting": {"x": 1}}`, "\ufeff{\"a\":\"b\"}",
	} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, on bool) {
		d, err := parseDoc("project.config.json", data)
		if err != nil {
			return
		}
		out, changed, err := setPreloadBytes(d, on)
		if err != nil {
			checkErr(t, "project.config.json", data, err)
			return
		}
		if !changed {
			out = data
		}
		var v struct {
			Setting struct {
				PreloadBackgroundData *bool `json:"preloadBackgroundData"`
			} `json:"setting"`
		}
		if err := json.Unmarshal(bytes.TrimPrefix(out, utf8BOM), &v); err != nil {
			t.Fatalf("result is not valid JSON: %v\n%s", err, out)
		}
		if v.Setting.PreloadBackgroundData == nil || *v.Setting.PreloadBackgroundData != on {
			t.Fatalf("preloadBackgroundData not %v in\n%s", on, out)
		}
		if old := d.root.get("setting").get("preloadBackgroundData"); old != nil && changed {
			o := d.bom
			want := string(data[:o+old.start]) + map[bool]string{true: "true", false: "false"}[on] + string(data[o+old.end:])
			if string(out) != want {
				t.Fatalf("more than the value changed:\n%s\nwant\n%s", out, want)
			}
		}
	})
}
