package project

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestInvalidTextIsAConfigError: a string or key with bytes that are not UTF-8, or with half a UTF-16
// surrogate pair, is a config error naming the key and the byte offset, in every config file; it is
// not replaced by U+FFFD and sent.
func TestInvalidTextIsAConfigError(t *testing.T) {
	tests := []struct {
		name, file, content string
		key                 string // quoted in the message
		off                 int    // byte offset of the bad byte or escape in the file
	}{
		{"0xFF in the token", ConfigFile, "{\"token\": \"ab\xffcd\"}", `"token"`, 13},
		{"GBK in the token", ConfigFile, "{\"token\": \"\xd6\xd0\xce\xc4\"}", `"token"`, 11},
		{"truncated sequence", ConfigFile, "{\"token\": \"x\xe4\xb8\"}", `"token"`, 12},
		{"after a byte order mark", ConfigFile, "\ufeff{\"token\": \"\xff\"}", `"token"`, 14},
		{"on a later line", ConfigFile, "{\n  \"platform\": \"weapp\",\n  \"token\": \"ok\xc0\"\n}", `"token"`, 39},
		{"nested url", ConfigFile, "{\"periodic\": {\"url\": \"https://a.example/\xff\"}}", `"periodic.url"`, 40},
		{"prefetch query", ConfigFile, "{\"prefetch\": {\"query\": \"a=\xfe\"}}", `"prefetch.query"`, 26},
		{"a key", ConfigFile, "{\"tok\xffen\": \"x\"}", `a top-level key`, 5},
		{"a nested key", ConfigFile, "{\"user\": {\"open\xffid\": \"x\"}}", `a key in "user"`, 15},
		{"lone high surrogate", ConfigFile, `{"token": "a\ud800b"}`, `"token"`, 12},
		{"lone low surrogate", ConfigFile, `{"token": "\udc00"}`, `"token"`, 11},
		{"high surrogate then a letter", ConfigFile, `{"token": "\uD83D\u0041"}`, `"token"`, 11},
		{"high surrogate at the end", ConfigFile, `{"token": "\ud83d"}`, `"token"`, 11},
		{"appid in project.config.json", ProjectConfigFile, "{\"appid\": \"wx\xff\"}", `"appid"`, 13},
		{"a key BgFetch does not read", ProjectConfigFile, "{\"appid\": \"wx1\", \"projectname\": \"\xb2\xe2\"}", `"projectname"`, 33},
		{"private config", PrivateConfigFile, "{\"setting\": {\"x\": \"\xff\"}}", `"setting.x"`, 19},
		{"preload header", PreloadFile, "[{\"fetchType\": \"pre\", \"params\": {\"url\": \"https://a.example\", \"headers\": {\"X\": \"\xff\"}}}]",
			`"[0].params.headers.X"`, 79},
		{"analytics event name", AnalyticsFile, "{\"events\": [{\"id\": \"e\", \"name\": \"\xff\", \"fields\": [], \"actions\": []}]}",
			`"events[0].name"`, 33},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{ProjectConfigFile: wxConfig, ConfigFile: `{"token": "tk"}`}
			files[tt.file] = tt.content
			dir := newProject(t, files)
			p, err := Load(dir)
			if p != nil {
				t.Fatalf("Load succeeded; token %q", *p.Token)
			}
			ce := asConfigError(t, err, tt.file)
			if !strings.Contains(ce.Msg, tt.key) || !strings.Contains(ce.Msg, fmt.Sprintf("byte offset %d ", tt.off)) {
				t.Errorf("message %q does not name %s and byte offset %d", ce.Msg, tt.key, tt.off)
			}
			if ce.Line == 0 {
				t.Errorf("no line and column: %v", ce)
			}
			if filepath.Base(ce.File) != tt.file {
				t.Errorf("file %s", ce.File)
			}
		})
	}
}

// TestValidTextIsKept: what looks like the cases above but is valid text loads unchanged.
func TestValidTextIsKept(t *testing.T) {
	for content, want := range map[string]string{
		`{"token": "\ud83d\ude00"}`:       "😀",
		`{"token": "\ufffd"}`:             "\ufffd",
		"{\"token\": \"\ufffd中文\"}":       "\ufffd中文",
		`{"token": "\\ud800"}`:            `\ud800`,
		`{"token": "\\\ud83d\ude00"}`:     `\😀`,
		"\ufeff{\"token\": \"x\\u00e9\"}": "xé",
	} {
		c, err := ParseConfig(ConfigFile, []byte(content))
		if err != nil || c.Token == nil || *c.Token != want {
			t.Errorf("%s: %v %v, want %q", content, err, c, want)
		}
	}
}
