package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
)

var sent = time.Date(2026, 11, 23, 8, 0, 0, 123e6, time.UTC)

func ptr(s string) *string { return &s }

func weapp(base string) *project.Project {
	return &project.Project{
		AppID:         "wx123",
		Platform:      project.Weapp,
		Token:         ptr("tok en&=/中"),
		TimestampUnit: "ms",
		Timeout:       5 * time.Second,
		Periodic:      project.Source{URL: base + "/periodic?v=1&from=cfg"},
		Prefetch: project.Prefetch{
			Source: project.Source{URL: base + "/pre"},
			Path:   "pages/index/index", Query: "id=42&x=a b", Scene: 1047,
			CustomMiniprogramVersion: "1.2.3",
		},
		User: project.User{OpenID: "o1"},
	}
}

func names(ps []Param) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+"("+p.Source+")")
	}
	return strings.Join(out, ",")
}

func TestBuild(t *testing.T) {
	const base = "https://example.com"
	tests := []struct {
		name      string
		mutate    func(p *project.Project)
		fetchType string
		wantURL   string // prefix of the full URL when set
		wantQuery string // the URL's raw query, exactly
		wantNames string
		wantErr   string
		warn      string // a substring of one warning
	}{
		{
			name: "periodic keeps the address's query and appends appid token timestamp, all urlencoded", fetchType: Periodic,
			wantQuery: "v=1&from=cfg&appid=wx123&token=tok+en%26%3D%2F%E4%B8%AD&timestamp=1795420800123",
			wantNames: "v(address),from(address),appid(platform),token(user),timestamp(platform)",
		},
		{
			name: "timestamp in seconds", fetchType: Periodic, mutate: func(p *project.Project) { p.TimestampUnit = "s" },
			wantQuery: "v=1&from=cfg&appid=wx123&token=tok+en%26%3D%2F%E4%B8%AD&timestamp=1795420800",
		},
		{
			name: "periodic without a token is WeChat's error", fetchType: Periodic, mutate: func(p *project.Project) { p.Token = nil },
			wantErr: "token not set, maybe you should setBackgroundFetchToken first",
		},
		{
			name: "an empty token is not set", fetchType: Periodic, mutate: func(p *project.Project) { p.Token = ptr("") },
			wantErr: "token not set, maybe you should setBackgroundFetchToken first",
		},
		{
			name: "QQ periodic without a token", fetchType: Periodic,
			mutate:  func(p *project.Project) { p.Token = nil; p.Platform = project.QQ },
			wantErr: "token is empty!",
		},
		{
			name: "pre sends the launch parameters and the token", fetchType: Pre,
			wantQuery: "appid=wx123&token=tok+en%26%3D%2F%E4%B8%AD&timestamp=1795420800123&path=pages%2Findex%2Findex&query=id%3D42%26x%3Da+b&scene=1047&customMiniprogramVersion=1.2.3",
			wantNames: "appid(platform),token(user),timestamp(platform),path(launch),query(launch),scene(launch),customMiniprogramVersion(launch)",
		},
		{
			name: "pre without a token sends a code instead, and warns about session_key", fetchType: Pre,
			mutate: func(p *project.Project) {
				p.Token = nil
				p.Prefetch.CustomMiniprogramVersion = ""
				p.Prefetch.Scene = 0
			},
			wantNames: "appid(platform),code(user),timestamp(platform),path(launch),query(launch),scene(launch)",
			warn:      "session_key",
		},
		{
			// QQ's pre_fetch page does not list customMiniprogramVersion: it is not sent, and a warning says so.
			name: "QQ pre does not send customMiniprogramVersion", fetchType: Pre,
			mutate:    func(p *project.Project) { p.Platform = project.QQ },
			wantQuery: "appid=wx123&token=tok+en%26%3D%2F%E4%B8%AD&timestamp=1795420800123&path=pages%2Findex%2Findex&query=id%3D42%26x%3Da+b&scene=1047",
			wantNames: "appid(platform),token(user),timestamp(platform),path(launch),query(launch),scene(launch)",
			warn:      `customMiniprogramVersion "1.2.3" is not sent: QQ's prefetch documents only`,
		},
		{
			name: "no address", fetchType: Periodic, mutate: func(p *project.Project) { p.Periodic.URL = "" },
			wantErr: "no periodic address is configured",
		},
		{
			name: "http address warns", fetchType: Periodic, mutate: func(p *project.Project) { p.Periodic.URL = "http://127.0.0.1:1/x" },
			warn: "not HTTPS",
		},
		{
			name: "a clash with the configured query warns", fetchType: Periodic,
			mutate: func(p *project.Project) { p.Periodic.URL = base + "/p?appid=mine" },
			warn:   `already has a "appid" parameter`,
		},
		{
			name: "tester gets the grayscale address at 0%", fetchType: Periodic,
			mutate: func(p *project.Project) {
				p.Periodic.Gray = project.Gray{URL: base + "/gray", Percent: 0}
				p.User.Tester = true
			},
			wantURL: base + "/gray?",
		},
		{
			name: "0% sends everyone else to the main address", fetchType: Periodic,
			mutate:  func(p *project.Project) { p.Periodic.Gray = project.Gray{URL: base + "/gray", Percent: 0} },
			wantURL: base + "/periodic?",
		},
		{
			name: "100% makes the grayscale address the main one", fetchType: Pre,
			mutate:  func(p *project.Project) { p.Prefetch.Gray = project.Gray{URL: base + "/gray", Percent: 100} },
			wantURL: base + "/gray?",
		},
		{
			name: "jsapiPre does not exist on WeChat", fetchType: JSAPIPre,
			wantErr: "not supported on WeChat",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := weapp(base)
			if tt.mutate != nil {
				tt.mutate(p)
			}
			r, err := Build(p, tt.fetchType, Options{Now: sent})
			if tt.wantErr != "" {
				var fe *Error
				if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.wantErr) {
					t.Fatalf("err = %v, want an *Error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(r.URL)
			if tt.wantQuery != "" && u.RawQuery != tt.wantQuery {
				t.Errorf("query\n got %s\nwant %s", u.RawQuery, tt.wantQuery)
			}
			if tt.wantURL != "" && !strings.HasPrefix(r.URL, tt.wantURL) {
				t.Errorf("url %s, want prefix %s", r.URL, tt.wantURL)
			}
			if tt.wantNames != "" && names(r.Params) != tt.wantNames {
				t.Errorf("params\n got %s\nwant %s", names(r.Params), tt.wantNames)
			}
			if tt.warn != "" && !strings.Contains(strings.Join(r.Warnings, "\n"), tt.warn) {
				t.Errorf("warnings %q, want one containing %q", r.Warnings, tt.warn)
			}
			q := u.Query()
			if tt.fetchType == Pre && (q.Has("token") == q.Has("code")) {
				t.Errorf("pre must send exactly one of token and code: %s", u.RawQuery)
			}
			if q.Has("code") && len(q.Get("code")) != 32 {
				t.Errorf("code %q, want 32 characters", q.Get("code"))
			}
		})
	}
}

// With no download address the tool explains itself, and on WeChat also gives the platform's own failure,
// "-10007 no permission" (WeChat's periodic-data and prefetch-data pages); QQ documents none.
func TestNoAddressCarriesThePlatformsFailure(t *testing.T) {
	for _, tt := range []struct {
		platform  project.Platform
		fetchType string
		msg       string
		errno     int
	}{
		{project.Weapp, Periodic, "-10007 no permission", -10007},
		{project.Weapp, Pre, "-10007 no permission", -10007},
		{project.QQ, Periodic, "", 0},
		{project.QQ, Pre, "", 0},
	} {
		p := weapp("https://example.com")
		p.Platform = tt.platform
		p.Periodic.URL, p.Prefetch.URL = "", ""
		_, err := Build(p, tt.fetchType, Options{Now: sent})
		var fe *Error
		if !errors.As(err, &fe) || fe.Kind != KindConfig || !strings.HasPrefix(fe.Msg, "no ") || !strings.HasSuffix(fe.Msg, " address is configured") {
			t.Fatalf("%s %s: err = %v", tt.platform, tt.fetchType, err)
		}
		if fe.PlatformErrMsg != tt.msg || fe.PlatformErrno != tt.errno {
			t.Errorf("%s %s: platform failure %q %d, want %q %d", tt.platform, tt.fetchType, fe.PlatformErrMsg, fe.PlatformErrno, tt.msg, tt.errno)
		}
		if tt.msg != "" && !strings.Contains(err.Error(), `the platform reports "-10007 no permission", errno -10007`) {
			t.Errorf("%s %s: Error() = %q, want both the tool's words and the platform's", tt.platform, tt.fetchType, err)
		}
		if tt.platform == project.QQ && !strings.Contains(err.Error(), "QQ documents no error text") {
			t.Errorf("QQ %s: Error() = %q", tt.fetchType, err)
		}
	}
}

func TestBuildLaunchOverrideAndDefaultScene(t *testing.T) {
	p := weapp("https://example.com")
	r, err := Build(p, Pre, Options{Now: sent, Launch: &Launch{Path: "pages/a", Query: "q=1"}, Code: "fixed"})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.ParseQuery(strings.SplitN(r.URL, "?", 2)[1])
	if q.Get("path") != "pages/a" || q.Get("query") != "q=1" || q.Get("scene") != "1001" || q.Has("customMiniprogramVersion") {
		t.Errorf("launch not applied: %s", r.URL)
	}
	if r.Launch.Scene != DefaultScene {
		t.Errorf("Launch.Scene = %d", r.Launch.Scene)
	}
}

func TestGrayBucket(t *testing.T) {
	// The bucketing must not change between versions: a developer's reproduction depends on it.
	if got := Bucket("wx1", "o1"); got != 63 {
		t.Fatalf("Bucket(wx1, o1) = %d, want 63", got)
	}
	in := 0
	for i := range 1000 {
		if g, _ := InGray("wx1", project.User{OpenID: fmt.Sprintf("openid-%d", i)}, 30); g {
			in++
		}
	}
	if in < 240 || in > 360 {
		t.Errorf("%d of 1000 users in a 30%% grayscale; the bucketing is skewed", in)
	}
	for _, u := range []project.User{{OpenID: "a"}, {OpenID: "b", Tester: true}} {
		g, why := InGray("wx1", u, 40)
		if why == "" || (u.Tester && !g) {
			t.Errorf("InGray(%+v) = %v, %q", u, g, why)
		}
	}
}

func alipay(base string, entry project.PreloadEntry) *project.Project {
	return &project.Project{
		AppID: "2021000", Platform: project.Alipay, TimestampUnit: "ms", Timeout: 5 * time.Second,
		Preload: []project.PreloadEntry{entry},
	}
}

func TestBuildAlipay(t *testing.T) {
	data := map[string]any{"b": "x y", "a": 1.5, "c": map[string]any{"k": true}}
	t.Run("GET appends appId, timestamp and the data keys", func(t *testing.T) {
		p := alipay("", project.PreloadEntry{FetchType: Pre, URL: "https://a.example/d?keep=1", Method: "GET", Data: data,
			Headers: map[string]string{"X-Demo": "1"}})
		r, err := Build(p, Pre, Options{Now: sent})
		if err != nil {
			t.Fatal(err)
		}
		want := "https://a.example/d?keep=1&appId=2021000&timestamp=1795420800123&a=1.5&b=x+y&c=%7B%22k%22%3Atrue%7D"
		if r.URL != want {
			t.Errorf("url\n got %s\nwant %s", r.URL, want)
		}
		if r.Header.Get("X-Demo") != "1" || r.DataType != "json" {
			t.Errorf("headers %v dataType %q", r.Header, r.DataType)
		}
	})
	t.Run("POST sends data as a form body and appends nothing", func(t *testing.T) {
		p := alipay("", project.PreloadEntry{FetchType: Pre, URL: "https://a.example/d", Method: "POST", Data: data, DataType: "text"})
		r, err := Build(p, Pre, Options{Now: sent})
		if err != nil {
			t.Fatal(err)
		}
		if r.URL != "https://a.example/d" || r.Body != "a=1.5&b=x+y&c=%7B%22k%22%3Atrue%7D" ||
			r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			t.Errorf("got %s body %q headers %v", r.URL, r.Body, r.Header)
		}
		if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "the tool's assumption") || !strings.Contains(r.Warnings[0], `"postQuery": true`) {
			t.Errorf("the request does not say appending nothing is an assumption: %q", r.Warnings)
		}
		// The other reading of Alipay's documents, as a setting: appId and timestamp in the query too.
		p.Assume = project.DefaultAssume
		p.Assume.PostQuery = true
		if r, err = Build(p, Pre, Options{Now: sent}); err != nil {
			t.Fatal(err)
		}
		if r.URL != "https://a.example/d?appId=2021000&timestamp=1795420800123" || r.Body != "a=1.5&b=x+y&c=%7B%22k%22%3Atrue%7D" || len(r.Warnings) != 0 {
			t.Errorf("postQuery: got %s body %q warnings %q", r.URL, r.Body, r.Warnings)
		}
	})
	t.Run("periodic is invalid parameter!", func(t *testing.T) {
		p := alipay("", project.PreloadEntry{FetchType: Pre, URL: "https://a.example/d"})
		_, err := Build(p, Periodic, Options{Now: sent})
		var fe *Error
		if !errors.As(err, &fe) || fe.Msg != "invalid parameter!" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("no preload entry names preload.json", func(t *testing.T) {
		p := alipay("", project.PreloadEntry{FetchType: JSAPIPre, JSAPI: "my.getLocation"})
		_, err := Build(p, Pre, Options{Now: sent})
		if err == nil || !strings.Contains(err.Error(), "preload.json") {
			t.Errorf("err = %v", err)
		}
	})
}

// server is a developer server for Do tests; it counts requests.
func server(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s, &n
}

func do(t *testing.T, p *project.Project, fetchType string) *Record {
	t.Helper()
	r, err := Build(p, fetchType, Options{Now: sent})
	if err != nil {
		t.Fatal(err)
	}
	return Do(context.Background(), nil, r)
}

func TestDoCachingRules(t *testing.T) {
	body := func(n int) []byte { return bytes.Repeat([]byte("a"), n) }
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		_, _ = w.Write(b)
		_ = w.Close()
		return buf.Bytes()
	}
	// Compressed before the server starts: under -race on a busy machine, compressing 64 MB inside the
	// handler took longer than the request's timeout.
	bomb, bigBomb := gz(make([]byte, 20<<20)), gz(make([]byte, MaxCounted+10))
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		cached    bool
		bytes     int64
		reason    string
		warning   string
		wantRedir int
	}{
		{"2xx is cached", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"ok":1}`)) }, true, 8, "", "", 0},
		{"exactly 256KB is cached", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body(MaxBody)) }, true, MaxBody, "", "", 0},
		{"256KB+1 is dropped", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body(MaxBody + 1)) }, false, MaxBody + 1, "the body is 262145 bytes, over the 256KB", "", 0},
		{"10MB is kept only to the limit, its size counted", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body(10 << 20)) }, false, 10 << 20, "the body is 10485760 bytes, over the 256KB", "", 0},
		{"500 is not cached", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500); _, _ = w.Write([]byte("oops")) }, false, 4, "HTTP 500", "", 0},
		{"204 is cached empty", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }, true, 0, "", "", 0},
		{"gzip is decoded before the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(gz(body(1000)))
		}, true, 1000, "", "", 0},
		{"a gzip bomb stops at the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb)
		}, false, 20 << 20, "the body is 20971520 bytes", "", 0},
		{"past MaxCounted the size is a bound", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bigBomb)
		}, false, MaxCounted + 1, "more than 67108864 bytes", "", 0},
		{"not UTF-8 is a warning", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte{0xff, 0xfe}) }, true, 2, "", "not valid UTF-8", 0},
		{"redirects are followed and listed", func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(r.URL.Path, "/r/%d", &n)
			if n < 3 {
				http.Redirect(w, r, fmt.Sprintf("/r/%d", n+1), http.StatusFound)
				return
			}
			_, _ = w.Write([]byte("end"))
		}, true, 3, "", "", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := server(t, tt.handler)
			p := weapp(s.URL)
			p.Periodic.URL = s.URL + "/r/0"
			rec := do(t, p, Periodic)
			if rec.Err != nil {
				t.Fatalf("err %v", rec.Err)
			}
			if rec.Cached != tt.cached || rec.Bytes != tt.bytes || int64(len(rec.Body)) != min(tt.bytes, MaxBody+1) {
				t.Errorf("cached %v bytes %d len %d, want %v %d", rec.Cached, rec.Bytes, len(rec.Body), tt.cached, tt.bytes)
			}
			if !strings.Contains(rec.Reason, tt.reason) || (tt.reason == "" && rec.Reason != "") {
				t.Errorf("reason %q, want %q", rec.Reason, tt.reason)
			}
			if tt.warning != "" && !strings.Contains(strings.Join(rec.Warnings, "\n"), tt.warning) {
				t.Errorf("warnings %q, want %q", rec.Warnings, tt.warning)
			}
			if len(rec.Redirects) != tt.wantRedir {
				t.Errorf("redirects %v, want %d", rec.Redirects, tt.wantRedir)
			}
		})
	}
}

func TestDoSendsExactlyTheRequest(t *testing.T) {
	var got *http.Request
	var gotBody string
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		_, _ = w.Write([]byte(`{"a":1}`))
	})
	rec := do(t, weapp(s.URL), Periodic)
	if rec.Err != nil || got.Method != http.MethodGet || got.URL.RawQuery != "v=1&from=cfg&appid=wx123&token=tok+en%26%3D%2F%E4%B8%AD&timestamp=1795420800123" {
		t.Fatalf("server saw %s %s (err %v)", got.Method, got.URL.RawQuery, rec.Err)
	}
	p := alipay(s.URL, project.PreloadEntry{FetchType: Pre, URL: s.URL + "/a", Method: "POST", Data: map[string]any{"k": "v w"}, DataType: "json"})
	rec = do(t, p, Pre)
	if rec.Err != nil || got.Method != http.MethodPost || got.URL.RawQuery != "" || gotBody != "k=v+w" ||
		got.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("alipay POST: server saw %s %q body %q ct %q", got.Method, got.URL.RawQuery, gotBody, got.Header.Get("Content-Type"))
	}
}

func TestDoAlipayDataTypeWarning(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("not json")) })
	p := alipay(s.URL, project.PreloadEntry{FetchType: Pre, URL: s.URL, Method: "GET", DataType: "json"})
	rec := do(t, p, Pre)
	if !rec.Cached || !strings.Contains(strings.Join(rec.Warnings, "\n"), "dataType json") {
		t.Errorf("cached %v warnings %q", rec.Cached, rec.Warnings)
	}
}

func TestDoErrors(t *testing.T) {
	slow, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	loop, _ := server(t, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) })
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(tlsSrv.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	tests := []struct {
		name    string
		url     string
		timeout time.Duration
		ctx     func() context.Context
		kind    string
	}{
		{"timeout", slow.URL, 100 * time.Millisecond, nil, KindTimeout},
		{"cancel", slow.URL, 5 * time.Second, func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx
		}, KindCancelled},
		{"too many redirects", loop.URL + "/r", 5 * time.Second, nil, KindRedirect},
		{"refused", closed, 5 * time.Second, nil, KindRefused},
		{"self-signed TLS", tlsSrv.URL, 5 * time.Second, nil, KindTLS},
		{"unknown host", "https://no-such-host.invalid/x", 5 * time.Second, nil, KindDNS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := weapp(tt.url)
			p.Periodic.URL = tt.url
			p.Timeout = tt.timeout
			r, err := Build(p, Periodic, Options{Now: sent})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx()
			}
			rec := Do(ctx, nil, r)
			if rec.Err == nil || rec.Err.Kind != tt.kind {
				t.Fatalf("err = %#v, want kind %s", rec.Err, tt.kind)
			}
			if rec.Cached || rec.Err.Hint == "" || !strings.HasPrefix(rec.Reason, "no response") {
				t.Errorf("cached %v hint %q reason %q", rec.Cached, rec.Err.Hint, rec.Reason)
			}
		})
	}
}

func TestCloudFunctionSource(t *testing.T) {
	var got map[string]any
	var ct string
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		ct = r.Header.Get("Content-Type")
		_ = json.NewDecoder(r.Body).Decode(&got)
		_, _ = w.Write([]byte(`{"fromCloud":true}`))
	})
	p := weapp("https://example.com")
	p.Prefetch.URL = ""
	p.Prefetch.Cloud = &project.Cloud{Env: "prod-1", Function: "prefetch", LocalURL: s.URL + "/fn"}
	rec := do(t, p, Pre)
	if rec.Err != nil || !rec.Cached || rec.Method != http.MethodPost || ct != "application/json" || rec.Variant != "cloud" {
		t.Fatalf("cloud prefetch: %+v %v", rec, rec.Err)
	}
	ui, _ := got["userInfo"].(map[string]any)
	if got["path"] != "pages/index/index" || got["scene"] != float64(1047) || got["token"] != "tok en&=/中" || ui["appId"] != "wx123" || ui["openId"] != "o1" {
		t.Errorf("event %v", got)
	}
	p.Prefetch.Cloud.LocalURL = ""
	_, err := Build(p, Pre, Options{Now: sent})
	if err == nil || !strings.Contains(err.Error(), "prefetch.cloud.localUrl") || !strings.Contains(err.Error(), `"userInfo"`) {
		t.Errorf("no local endpoint: %v", err)
	}
	// Periodic from a cloud function still needs the token.
	p.Periodic.URL, p.Token = "", nil
	p.Periodic.Cloud = &project.Cloud{Function: "periodic", LocalURL: s.URL}
	if _, err := Build(p, Periodic, Options{Now: sent}); err == nil || !strings.Contains(err.Error(), "token not set, maybe you should setBackgroundFetchToken first") {
		t.Errorf("periodic cloud without token: %v", err)
	}
}

// Without a token, prefetch sends a login code: a made-up one says code2Session will reject it and how to
// give a real one; user.code is sent as given, with what a real code allows.
func TestBuildLoginCode(t *testing.T) {
	p := weapp("https://example.com")
	p.Token = nil
	codeOf := func(r *Request) string {
		q, _ := url.ParseQuery(strings.SplitN(r.URL, "?", 2)[1])
		return q.Get("code")
	}
	r, err := Build(p, Pre, Options{Now: sent})
	if err != nil {
		t.Fatal(err)
	}
	if len(codeOf(r)) != 32 || !slices.ContainsFunc(r.Warnings, func(w string) bool {
		return strings.Contains(w, "40029") && strings.Contains(w, `"user": {"code"`)
	}) {
		t.Errorf("generated code %q, warnings %q", codeOf(r), r.Warnings)
	}
	p.User.Code = "081AbCdEfGhIjKlMnOpQrStUvWxYz012"
	r, err = Build(p, Pre, Options{Now: sent})
	if err != nil {
		t.Fatal(err)
	}
	if codeOf(r) != p.User.Code || !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "the code is yours") }) {
		t.Errorf("user.code: sent %q, warnings %q", codeOf(r), r.Warnings)
	}
}
