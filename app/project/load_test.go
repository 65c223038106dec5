package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/platform"
)

const fullConfig = `{
  "//": ["BgFetch DevTools configuration", "see README"],
  "platform": "qq",
  "appid": "1112233445",
  "token": "tok-123",
  "timestampUnit": "s",
  "timeoutMs": 2500,
  "periodic": {
    "//": "the 周期性更新 address",
    "url": "https://example.com/periodic?x=1",
    "gray": {"url": "http://127.0.0.1:8080/gray", "percent": 30, "//": "rolling out"}
  },
  "prefetch": {
    "url": "https://example.com/pre",
    "gray": {"url": "https://example.com/pre-gray", "percent": 100},
    "path": "pages/index/index",
    "query": "a=1&b=2",
    "scene": 1001,
    "customMiniprogramVersion": "1.2.3"
  },
  "user": {"openid": "o_abc", "tester": true}
}
`

func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  func(dir string) *Project
	}{
		{
			name:  "defaults",
			files: map[string]string{ProjectConfigFile: wxConfig},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx0123456789abcdef", AppIDFrom: ProjectConfigFile, Platform: Weapp,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ProjectConfigFile}}
			},
		},
		{
			name:  "every key",
			files: map[string]string{ProjectConfigFile: wxConfig, ConfigFile: fullConfig},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "1112233445", AppIDFrom: ConfigFile, Platform: QQ, Token: ptr("tok-123"),
					TimestampUnit: "s", Timeout: 2500 * time.Millisecond,
					Periodic: Source{URL: "https://example.com/periodic?x=1", Gray: Gray{URL: "http://127.0.0.1:8080/gray", Percent: 30}},
					Prefetch: Prefetch{Source: Source{URL: "https://example.com/pre", Gray: Gray{URL: "https://example.com/pre-gray", Percent: 100}},
						Path: "pages/index/index", Query: "a=1&b=2", Scene: 1001, CustomMiniprogramVersion: "1.2.3"},
					User:  User{OpenID: "o_abc", Tester: true},
					Files: []string{ProjectConfigFile, ConfigFile}}
			},
		},
		{
			name:  "appid only in bgfetch.config.json",
			files: map[string]string{ConfigFile: `{"appid": "wxfromours", "platform": "alipay"}`},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wxfromours", AppIDFrom: ConfigFile, Platform: Alipay,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ConfigFile}}
			},
		},
		{
			name:  "empty appid in bgfetch.config.json falls back to project.config.json",
			files: map[string]string{ProjectConfigFile: wxConfig, ConfigFile: `{"appid": "", "token": null}`},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx0123456789abcdef", AppIDFrom: ProjectConfigFile, Platform: Weapp,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ProjectConfigFile, ConfigFile}}
			},
		},
		{
			name: "private config overrides setting, empty token is set",
			files: map[string]string{
				ProjectConfigFile: wxConfig,
				PrivateConfigFile: `{"setting": {"preloadBackgroundData": true, "compileHotReLoad": true}, "appid": "ignored"}`,
				ConfigFile:        `{"token": ""}`,
			},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx0123456789abcdef", AppIDFrom: ProjectConfigFile, Platform: Weapp, Token: ptr(""),
					TimestampUnit: "ms", Timeout: 10 * time.Second, PreloadBackgroundData: true,
					Files: []string{ProjectConfigFile, PrivateConfigFile, ConfigFile}}
			},
		},
		{
			name: "private config false wins over project true",
			files: map[string]string{
				ProjectConfigFile: `{"appid": "wx1", "setting": {"preloadBackgroundData": true}}`,
				PrivateConfigFile: `{"setting": {"preloadBackgroundData": false}}`,
			},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx1", AppIDFrom: ProjectConfigFile, Platform: Weapp,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ProjectConfigFile, PrivateConfigFile}}
			},
		},
		{
			name: "private config without the key keeps project's",
			files: map[string]string{
				ProjectConfigFile: "\ufeff" + `{"appid": "wx1", "setting": {"preloadBackgroundData": true}}`, // with a BOM
				PrivateConfigFile: `{"setting": {"urlCheck": false}, "description": "local"}`,
			},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx1", AppIDFrom: ProjectConfigFile, Platform: Weapp, PreloadBackgroundData: true,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ProjectConfigFile, PrivateConfigFile}}
			},
		},
		{
			name: "token of exactly 1024 UTF-16 units, limits at their bounds",
			files: map[string]string{ProjectConfigFile: wxConfig, ConfigFile: `{"token": "` + strings.Repeat("😀", 512) + `",
				"timeoutMs": 600000, "prefetch": {"scene": 0, "gray": {"percent": 0}}, "periodic": {"gray": {"url": "HTTPS://EXAMPLE.COM", "percent": 1e2}}}`},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx0123456789abcdef", AppIDFrom: ProjectConfigFile, Platform: Weapp,
					Token: ptr(strings.Repeat("😀", 512)), TimestampUnit: "ms", Timeout: 10 * time.Minute,
					Periodic: Source{Gray: Gray{URL: "HTTPS://EXAMPLE.COM", Percent: 100}},
					Files:    []string{ProjectConfigFile, ConfigFile}}
			},
		},
		{
			name: "preload.json",
			files: map[string]string{ConfigFile: `{"appid": "2021000000000000", "platform": "alipay"}`, PreloadFile: `[
  {"fetchType": "pre", "params": {"url": "https://example.com/pre", "method": "post", "dataType": "Text",
   "data": {"page": 1, "tags": ["a"], "q": "x y"}, "headers": {"X-Token": "abc"}}},
  {"fetchType": "jsapiPre", "params": {"jsapi": "my.getLocation"}}
]`},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "2021000000000000", AppIDFrom: ConfigFile, Platform: Alipay,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ConfigFile, PreloadFile},
					Preload: []PreloadEntry{
						{FetchType: "pre", URL: "https://example.com/pre", Method: "POST", DataType: "text",
							Data: map[string]any{"page": 1.0, "tags": []any{"a"}, "q": "x y"}, Headers: map[string]string{"X-Token": "abc"}},
						{FetchType: "jsapiPre", Method: "GET", DataType: "json", JSAPI: "my.getLocation"},
					}}
			},
		},
		{
			// Alipay's 数据预拉取 doc: fetchType 必填 否, 默认值 pre.
			name: "preload.json entry without fetchType is pre",
			files: map[string]string{ConfigFile: `{"appid": "2021000000000000", "platform": "alipay"}`, PreloadFile: `[
  {"params": {"url": "https://example.com/pre", "data": {"foo": "bar"}}}
]`},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "2021000000000000", AppIDFrom: ConfigFile, Platform: Alipay,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ConfigFile, PreloadFile},
					Preload: []PreloadEntry{
						{FetchType: "pre", URL: "https://example.com/pre", Method: "GET", DataType: "json", Data: map[string]any{"foo": "bar"}},
					}}
			},
		},
		{
			name:  "empty preload.json array",
			files: map[string]string{ProjectConfigFile: wxConfig, PreloadFile: `[]`},
			want: func(dir string) *Project {
				return &Project{Dir: dir, AppID: "wx0123456789abcdef", AppIDFrom: ProjectConfigFile, Platform: Weapp,
					TimestampUnit: "ms", Timeout: 10 * time.Second, Files: []string{ProjectConfigFile, PreloadFile}, Preload: []PreloadEntry{}}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newProject(t, tt.files)
			got, err := Load(dir)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			want := tt.want(dir)
			if want.Assume == (Assume{}) {
				want.Assume = DefaultAssume // what every project assumes unless "assume" says otherwise
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load =\n%#v\nwant\n%#v", got, want)
			}
		})
	}
}

func TestPreloadFor(t *testing.T) {
	p := &Project{Preload: []PreloadEntry{{FetchType: "pre", URL: "https://a"}, {FetchType: "jsapiPre", JSAPI: jsapiGetLocation}}}
	if e, ok := p.PreloadFor("jsapiPre"); !ok || e.JSAPI != jsapiGetLocation {
		t.Errorf("PreloadFor(jsapiPre) = %v, %v", e, ok)
	}
	if e, ok := p.PreloadFor("pre"); !ok || e.URL != "https://a" {
		t.Errorf("PreloadFor(pre) = %v, %v", e, ok)
	}
	if _, ok := p.PreloadFor("periodic"); ok {
		t.Error("PreloadFor(periodic) found an entry")
	}
	if _, ok := (&Project{}).PreloadFor("pre"); ok {
		t.Error("PreloadFor on a project without preload.json found an entry")
	}
}

func TestLoadErrors(t *testing.T) {
	bg := func(content string) map[string]string {
		return map[string]string{ProjectConfigFile: wxConfig, ConfigFile: content}
	}
	pre := func(content string) map[string]string {
		return map[string]string{ConfigFile: `{"appid": "2021", "platform": "alipay"}`, PreloadFile: content}
	}
	tests := []struct {
		name      string
		files     map[string]string
		file      string // base name of ConfigError.File
		line, col int    // 0 when the error has no position
		contains  []string
	}{
		{"bad platform", bg("{\n  \"platform\": \"wechat\"\n}"), ConfigFile, 2, 15, []string{`"platform"`, `"wechat"`, `did you mean "weapp"?`}},
		{"platform not a string", bg(`{"platform": 1}`), ConfigFile, 1, 14, []string{`"platform"`, "a string"}},
		{"unknown key with suggestion", bg("{\n  \"token\": \"t\",\n  \"periodc\": {}\n}"), ConfigFile, 3, 3, []string{`unknown key "periodc"`, `did you mean "periodic"?`}},
		{"unknown key, other case", bg(`{"appId": "x"}`), ConfigFile, 1, 2, []string{`unknown key "appId"`, `did you mean "appid"?`}},
		{"unknown key without suggestion", bg(`{"colour": "x"}`), ConfigFile, 1, 2, []string{`unknown key "colour"`, `"platform"`, `"//"`}},
		{"unknown nested key", bg("{\"periodic\": {\n  \"gray\": {\"urll\": \"https://a\"}}}"), ConfigFile, 2, 12, []string{`unknown key "urll"`, `"periodic.gray"`, `did you mean "url"?`}},
		{"$schema is not allowed", bg(`{"$schema": "x"}`), ConfigFile, 1, 2, []string{`unknown key "$schema"`}},
		{"duplicate key", bg("{\"token\": \"a\",\n\"token\": \"b\"}"), ConfigFile, 2, 1, []string{`"token" appears twice`, "1:2"}},
		{"comment not a string", bg(`{"user": {"//": {"a": 1}}}`), ConfigFile, 1, 17, []string{`"user.//"`, "string or an array of strings"}},
		{"comment array of numbers", bg(`{"//": ["a", 2]}`), ConfigFile, 1, 14, []string{`"//"`, "string or an array of strings"}},
		{"token too long", bg(`{"token": "` + strings.Repeat("x", 1025) + `"}`), ConfigFile, 1, 11, []string{`"token"`, "1025 characters", "at most 1024", "setBackgroundFetchToken"}},
		{"token too long in UTF-16", bg(`{"token": "` + strings.Repeat("😀", 513) + `"}`), ConfigFile, 1, 11, []string{"1026 characters", "UTF-16 code units", "at most 1024", `"tokenLength"`}},
		{"token too long in code points", bg(`{"assume": {"tokenLength": "codepoints"}, "token": "` + strings.Repeat("😀", 1025) + `"}`), ConfigFile, 1, 52, []string{"1025 characters", "(Unicode characters)", "at most 1024"}},
		{"assume: unknown key", bg(`{"assume": {"spaces": "+"}}`), ConfigFile, 1, 13, []string{`unknown key "spaces"`, `"assume"`, `did you mean "space"?`}},
		{"assume: bad space", bg(`{"assume": {"space": "%2B"}}`), ConfigFile, 1, 22, []string{`"assume.space"`, `"+" or "%20"`}},
		{"assume: too many redirects", bg(`{"assume": {"maxRedirects": 21}}`), ConfigFile, 1, 29, []string{`"assume.maxRedirects"`, "20"}},
		{"token a number", bg(`{"token": 123}`), ConfigFile, 1, 11, []string{`"token"`, "a string"}},
		{"timestampUnit", bg(`{"timestampUnit": "seconds"}`), ConfigFile, 1, 19, []string{`"timestampUnit"`, `did you mean "s"?`}},
		{"timeoutMs zero", bg(`{"timeoutMs": 0}`), ConfigFile, 1, 15, []string{`"timeoutMs"`, "1 to 600000"}},
		{"timeoutMs too big", bg(`{"timeoutMs": 600001}`), ConfigFile, 1, 15, []string{`"timeoutMs"`, "600001"}},
		{"timeoutMs string", bg(`{"timeoutMs": "10s"}`), ConfigFile, 1, 15, []string{`"timeoutMs"`, "without quotes"}},
		{"timeoutMs fraction", bg(`{"timeoutMs": 1.5}`), ConfigFile, 1, 15, []string{`"timeoutMs"`, "integer"}},
		{"relative url", bg("{\"periodic\": {\n \"url\": \"/api/bg\"}}"), ConfigFile, 2, 9, []string{`"periodic.url"`, "https://", `"/api/bg"`}},
		{"url without scheme", bg(`{"prefetch": {"url": "example.com/x"}}`), ConfigFile, 1, 22, []string{`"prefetch.url"`, "put https:// in front"}},
		{"ftp url", bg(`{"periodic": {"url": "ftp://example.com/x"}}`), ConfigFile, 1, 22, []string{`"periodic.url"`, `"ftp"`}},
		{"url without host", bg(`{"periodic": {"url": "https://"}}`), ConfigFile, 1, 22, []string{`"periodic.url"`, "no host"}},
		{"gray url relative", bg(`{"prefetch": {"gray": {"url": "gray"}}}`), ConfigFile, 1, 31, []string{`"prefetch.gray.url"`}},
		{"gray percent over 100", bg(`{"periodic": {"gray": {"url": "https://a", "percent": 101}}}`), ConfigFile, 1, 55, []string{`"periodic.gray.percent"`, "0 to 100"}},
		{"gray percent negative", bg(`{"periodic": {"gray": {"url": "https://a", "percent": -1}}}`), ConfigFile, 1, 55, []string{`"periodic.gray.percent"`}},
		{"gray percent fraction", bg(`{"periodic": {"gray": {"url": "https://a", "percent": 50.5}}}`), ConfigFile, 1, 55, []string{`"periodic.gray.percent"`, "integer"}},
		{"gray percent without url", bg(`{"periodic": {"gray": {"percent": 20}}}`), ConfigFile, 1, 35, []string{`"periodic.gray.url"`, "not set"}},
		{"scene negative", bg(`{"prefetch": {"scene": -1}}`), ConfigFile, 1, 24, []string{`"prefetch.scene"`, "at least 0"}},
		{"scene string", bg(`{"prefetch": {"scene": "1001"}}`), ConfigFile, 1, 24, []string{`"prefetch.scene"`}},
		{"path not a string", bg(`{"prefetch": {"path": 1}}`), ConfigFile, 1, 23, []string{`"prefetch.path"`}},
		{"query an object", bg(`{"prefetch": {"query": {"a": 1}}}`), ConfigFile, 1, 24, []string{`"prefetch.query"`, "an object"}},
		{"customMiniprogramVersion", bg(`{"prefetch": {"customMiniprogramVersion": 1}}`), ConfigFile, 1, 43, []string{`"prefetch.customMiniprogramVersion"`}},
		{"periodic not an object", bg(`{"periodic": "https://a"}`), ConfigFile, 1, 14, []string{`"periodic"`, "an object"}},
		{"tester not a bool", bg(`{"user": {"tester": "yes"}}`), ConfigFile, 1, 21, []string{`"user.tester"`, "true or false"}},
		{"openid not a string", bg(`{"user": {"openid": 5}}`), ConfigFile, 1, 21, []string{`"user.openid"`}},
		{"top level array", bg(`[]`), ConfigFile, 1, 1, []string{"an object"}},

		{"empty file", bg(""), ConfigFile, 0, 0, []string{"empty"}},
		{"white space only", bg(" \n"), ConfigFile, 0, 0, []string{"white space"}},
		{"half-written", bg("{\n  \"platform\": \"qq\",\n  \"token\": \"ab"), ConfigFile, 3, 15, []string{"invalid JSON", "ends before", "half-written"}},
		{"missing comma", bg("{\n  \"platform\": \"qq\"\n  \"token\": \"ab\"\n}"), ConfigFile, 3, 3, []string{"invalid JSON", "expected a comma or }", "after object key:value pair"}},
		{"trailing comma", bg("{\n  \"platform\": \"qq\",\n}"), ConfigFile, 3, 1, []string{"invalid JSON", "no comma after the last entry"}},
		{"comment", bg("{\n  // note\n  \"platform\": \"qq\"\n}"), ConfigFile, 2, 3, []string{"comments are not allowed", `"//"`}},
		{"single quotes", bg(`{"platform": 'qq'}`), ConfigFile, 1, 14, []string{"double quotes"}},
		{"two values", bg(`{} {}`), ConfigFile, 1, 4, []string{"after the end of the JSON value"}},
		{"column counts characters", bg("{\"//\": \"中文\", \"x\": 1}"), ConfigFile, 1, 14, []string{`unknown key "x"`}},

		{"project.config.json appid not a string", map[string]string{ProjectConfigFile: "{\n\"appid\": 42}"}, ProjectConfigFile, 2, 10, []string{`"appid"`, "a string"}},
		{"project.config.json switch not a bool", map[string]string{ProjectConfigFile: `{"appid": "wx1", "setting": {"preloadBackgroundData": "true"}}`}, ProjectConfigFile, 1, 55, []string{`"setting.preloadBackgroundData"`, "true or false"}},
		{"project.config.json setting not an object", map[string]string{ProjectConfigFile: `{"appid": "wx1", "setting": []}`}, ProjectConfigFile, 1, 29, []string{`"setting"`}},
		{"project.config.json not an object", map[string]string{ProjectConfigFile: `"wx1"`}, ProjectConfigFile, 1, 1, []string{"a JSON object"}},
		{"project.config.json half-written", map[string]string{ProjectConfigFile: `{"appid": "wx1", "sett`}, ProjectConfigFile, 1, 23, []string{"ends before"}},
		{"private config bad", map[string]string{ProjectConfigFile: wxConfig, PrivateConfigFile: `{"setting": {"preloadBackgroundData": 1}}`}, PrivateConfigFile, 1, 39, []string{"true or false"}},
		{"private config empty", map[string]string{ProjectConfigFile: wxConfig, PrivateConfigFile: ``}, PrivateConfigFile, 0, 0, []string{"empty"}},
		{"appid missing everywhere", map[string]string{ProjectConfigFile: `{"setting": {}}`, ConfigFile: `{}`}, ProjectConfigFile, 0, 0, []string{`set "appid" in project.config.json`, ConfigFile}},
		{"appid missing, only ours", map[string]string{ConfigFile: `{"token": "t"}`}, ConfigFile, 0, 0, []string{`"appid"`}},

		{"preload over 2048 bytes", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "data": {"x": "` + strings.Repeat("y", 2048) + `"}}}]`), PreloadFile, 0, 0, []string{"is 2121 bytes", "at most 2048 bytes", "73 bytes shorter"}},
		{"preload not an array", pre(`{"fetchType": "pre"}`), PreloadFile, 1, 1, []string{"an array"}},
		{"preload entry not an object", pre(`["pre"]`), PreloadFile, 1, 2, []string{`"[0]"`, "an object"}},
		{"preload two entries without fetchType", pre(`[{"params": {"url": "https://a"}}, {"params": {"url": "https://b"}}]`), PreloadFile, 1, 36, []string{"[1]", `"pre"`, `the default when "fetchType" is left out`, "one entry per fetchType"}},
		{"preload without fetchType, with jsapi", pre(`[{"params": {"jsapi": "my.getLocation"}}]`), PreloadFile, 1, 23, []string{`"[0].params.jsapi"`, `an entry without "fetchType" is pre`}},
		{"preload without fetchType or url", pre(`[{"params": {"method": "GET"}}]`), PreloadFile, 1, 13, []string{`"[0].params.url"`, `an entry without "fetchType" is pre`}},
		{"preload bad fetchType", pre(`[{"fetchType": "periodic", "params": {}}]`), PreloadFile, 1, 16, []string{`"[0].fetchType"`, `"periodic"`}},
		{"preload fetchType case", pre(`[{"fetchType": "jsapipre", "params": {}}]`), PreloadFile, 1, 16, []string{`did you mean "jsapiPre"?`}},
		{"preload missing params", pre(`[{"fetchType": "pre"}]`), PreloadFile, 1, 2, []string{`no "params"`}},
		{"preload params not an object", pre(`[{"fetchType": "pre", "params": "https://a"}]`), PreloadFile, 1, 33, []string{`"[0].params"`, "an object"}},
		{"preload pre without url", pre(`[{"fetchType": "pre", "params": {"method": "GET"}}]`), PreloadFile, 1, 33, []string{`"[0].params.url"`, "needs"}},
		{"preload relative url", pre(`[{"fetchType": "pre", "params": {"url": "/x"}}]`), PreloadFile, 1, 41, []string{`"[0].params.url"`, "absolute"}},
		{"preload pre with jsapi", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "jsapi": "my.getLocation"}}]`), PreloadFile, 1, 63, []string{`"[0].params.jsapi"`, "jsapiPre"}},
		{"preload jsapiPre with url", pre(`[{"fetchType": "jsapiPre", "params": {"url": "https://a", "jsapi": "my.getLocation"}}]`), PreloadFile, 1, 46, []string{`"[0].params.url"`, "must not be set"}},
		{"preload jsapiPre without jsapi", pre(`[{"fetchType": "jsapiPre", "params": {}}]`), PreloadFile, 1, 38, []string{`"[0].params.jsapi"`, `"my.getLocation"`}},
		{"preload jsapiPre wrong jsapi", pre(`[{"fetchType": "jsapiPre", "params": {"jsapi": "my.getUserInfo"}}]`), PreloadFile, 1, 48, []string{`"my.getUserInfo"`, `"my.getLocation"`}},
		{"preload bad method", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "method": "PATCH"}}]`), PreloadFile, 1, 64, []string{`"[0].params.method"`, `"PATCH"`, `"DELETE"`}},
		{"preload bad dataType", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "dataType": "xml"}}]`), PreloadFile, 1, 66, []string{`"[0].params.dataType"`, `"arraybuffer"`}},
		{"preload data not an object", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "data": "a=1"}}]`), PreloadFile, 1, 62, []string{`"[0].params.data"`, "an object"}},
		{"preload headers not an object", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "headers": ["a"]}}]`), PreloadFile, 1, 65, []string{`"[0].params.headers"`}},
		{"preload header not a string", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "headers": {"X-N": 1}}}]`), PreloadFile, 1, 73, []string{`"[0].params.headers.X-N"`, "a string"}},
		{"preload unknown key", pre(`[{"fetchType": "pre", "params": {"url": "https://a", "header": {}}}]`), PreloadFile, 1, 54, []string{`unknown key "header"`, `did you mean "headers"?`}},
		{"preload duplicate fetchType", pre(`[{"fetchType": "pre", "params": {"url": "https://a"}}, {"fetchType": "pre", "params": {"url": "https://b"}}]`), PreloadFile, 1, 56, []string{`"pre"`, "one entry per fetchType"}},
		{"preload half-written", pre(`[{"fetchType": "pre", "params": {"url": "https://a"`), PreloadFile, 1, 52, []string{"ends before"}},
		{"preload empty", pre(``), PreloadFile, 0, 0, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newProject(t, tt.files)
			p, err := Load(dir)
			if err == nil {
				t.Fatalf("Load succeeded: %+v", p)
			}
			if p != nil {
				t.Errorf("Load returned a project with the error")
			}
			ce := asConfigError(t, err, tt.file)
			if ce.File != filepath.Join(dir, tt.file) {
				t.Errorf("File = %q, want the absolute path", ce.File)
			}
			if ce.Line != tt.line || ce.Col != tt.col {
				t.Errorf("position %d:%d, want %d:%d (%v)", ce.Line, ce.Col, tt.line, tt.col, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.file+":") {
				t.Errorf("error %q does not start with the file name", msg)
			}
			for _, s := range tt.contains {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not contain %q", msg, s)
				}
			}
		})
	}
}

func TestLoadFolderErrors(t *testing.T) {
	t.Run("not a project", func(t *testing.T) {
		dir := newProject(t, map[string]string{"app.json": "{}", PreloadFile: "[]"})
		_, err := Load(dir)
		if !errors.Is(err, ErrNotProject) {
			t.Fatalf("err = %v, want ErrNotProject", err)
		}
		for _, s := range []string{dir, ProjectConfigFile, ConfigFile} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not name %q", err, s)
			}
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "nope")
		_, err := Load(dir)
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a file instead of a folder", func(t *testing.T) {
		dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
		_, err := Load(filepath.Join(dir, ProjectConfigFile))
		if err == nil || !strings.Contains(err.Error(), "not a folder") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("config is a folder", func(t *testing.T) {
		dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
		if err := os.Mkdir(filepath.Join(dir, ConfigFile), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir)
		asConfigError(t, err, ConfigFile)
	})
	t.Run("relative dir becomes absolute", func(t *testing.T) {
		dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
		t.Chdir(dir)
		p, err := Load(".")
		if err != nil {
			t.Fatal(err)
		}
		if !filepath.IsAbs(p.Dir) {
			t.Errorf("Dir = %q, want absolute", p.Dir)
		}
	})
}

// TestLoadEveryPrefix loads every truncation of a valid file, as a watcher may see while an editor
// writes it: each is either valid or a *ConfigError with a position (or "empty").
func TestLoadEveryPrefix(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
	path := filepath.Join(dir, ConfigFile)
	for i := 0; i <= len(fullConfig); i++ {
		if err := os.WriteFile(path, []byte(fullConfig[:i]), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir)
		if strings.TrimSpace(fullConfig[:i]) == strings.TrimSpace(fullConfig) {
			if err != nil {
				t.Fatalf("full file: %v", err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("prefix of %d bytes loaded", i)
		}
		ce := asConfigError(t, err, ConfigFile)
		if ce.Line == 0 && !strings.Contains(ce.Msg, "empty") && !strings.Contains(ce.Msg, "white space") {
			t.Fatalf("prefix of %d bytes: error without position: %v", i, err)
		}
	}
}

// "assume" changes the tool's choices where no platform document says; what it omits keeps the default, and
// a token over 1024 UTF-16 units but within 1024 code points loads when the limit counts code points.
func TestAssume(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: `{"assume": {"space": "%20", "maxRedirects": 0, "tokenLength": "codepoints"},
		"token": "` + strings.Repeat("😀", 1000) + `"}`})
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Assume{Space: "%20", MaxRedirects: 0, TokenLength: "codepoints"}); p.Assume != want {
		t.Errorf("Assume = %+v, want %+v", p.Assume, want)
	}
	dir = newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: `{"assume": {"userAgent": "Probe/1"}}`})
	if p, err = Load(dir); err != nil || p.Assume != (Assume{Space: "+", MaxRedirects: 5, UserAgent: "Probe/1", TokenLength: "utf16"}) {
		t.Errorf("%+v, %v", p.Assume, err)
	}
}

// Every assumption the platform package says a setting changes is a key of "assume".
func TestAssumptionSettingsExist(t *testing.T) {
	all := slices.Clone(platform.Assumptions)
	for _, s := range platform.All() {
		all = append(all, s.Facts...)
	}
	for _, f := range all {
		if key, ok := strings.CutPrefix(f.Setting, "assume."); ok && !slices.Contains(assumeKeys, key) {
			t.Errorf("%s: %s is not a key of \"assume\"", f.Key, f.Setting)
		} else if f.Setting != "" && !ok {
			t.Errorf("%s: setting %q is not under assume", f.Key, f.Setting)
		}
	}
}
