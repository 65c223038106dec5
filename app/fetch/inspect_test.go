package fetch

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// slowHandler answers after firstByte, then writes the body after body more, following /r/N redirects
// to /r/3 first.
func slowHandler(firstByte, body time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err == nil && n < 3 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d?%s", n+1, r.URL.RawQuery), http.StatusFound)
			return
		}
		time.Sleep(firstByte)
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		time.Sleep(body)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}
}

func TestDoTimingAndTLS(t *testing.T) {
	const firstByte, body = 30 * time.Millisecond, 40 * time.Millisecond
	plain := httptest.NewServer(slowHandler(firstByte, body))
	t.Cleanup(plain.Close)
	secure := httptest.NewUnstartedServer(slowHandler(firstByte, body))
	secure.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshake is expected
	secure.StartTLS()
	t.Cleanup(secure.Close)
	insecure := secure.Client().Transport.(*http.Transport).Clone()
	insecure.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}

	tests := []struct {
		name      string
		url       string
		transport http.RoundTripper
		status    int
		redirects int
		tls       bool   // a TLSInfo is expected
		handshake bool   // the handshake finished (version and cipher known)
		verified  bool   // TLSInfo.Verified
		verifyErr string // a substring of TLSInfo.VerifyError
		errKind   string
	}{
		{"plain HTTP: no TLS", plain.URL + "/x", nil, 200, 0, false, false, false, "", ""},
		{"plain HTTP through redirects", plain.URL + "/r/0?a=1", nil, 200, 3, false, false, false, "", ""},
		{"self-signed, default transport: rejected, certificate still shown", secure.URL + "/x", nil, 0, 0,
			true, false, false, "unknown authority", KindTLS},
		{"a transport that trusts the server: verified", secure.URL + "/x", secure.Client().Transport, 200, 0,
			true, true, true, "", ""},
		{"trusted, through a redirect chain", secure.URL + "/r/0?a=1", secure.Client().Transport, 200, 3,
			true, true, true, "", ""},
		{"a transport that skips verification: what the platform would say", secure.URL + "/x", insecure, 200, 0,
			true, true, false, "unknown authority", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, ok := tt.transport.(*http.Transport)
			if !ok {
				tr = defaultTransport()
			}
			tr.CloseIdleConnections() // a fresh connection: connect and TLS happen
			rec := Resend(context.Background(), tt.transport, "GET", tt.url, nil, "", 5*time.Second)
			if tt.errKind != "" {
				if rec.Err == nil || rec.Err.Kind != tt.errKind {
					t.Fatalf("err %v, want kind %s", rec.Err, tt.errKind)
				}
			} else if rec.Err != nil {
				t.Fatalf("err %v", rec.Err)
			}
			if rec.Status != tt.status || len(rec.Redirects) != tt.redirects {
				t.Errorf("status %d redirects %v, want %d and %d", rec.Status, rec.Redirects, tt.status, tt.redirects)
			}
			tm := rec.Timing
			if tm == nil {
				t.Fatal("no timing")
			}
			t.Logf("timing %+v", *tm)
			if tm.Connect <= 0 {
				t.Errorf("connect %v, want > 0 on a new connection", tm.Connect)
			}
			if tt.tls != (tm.TLS > 0) {
				t.Errorf("TLS handshake took %v; want > 0: %v", tm.TLS, tt.tls)
			}
			if tt.status == 200 {
				// The body's clock starts when the client has the headers, a little after the server sent them.
				if tm.FirstByte < firstByte || tm.Body < body/2 || tm.FirstByte+tm.Body > rec.Duration {
					t.Errorf("first byte %v (want >= %v), body %v (want about %v), duration %v", tm.FirstByte, firstByte, tm.Body, body, rec.Duration)
				}
				if rec.Proto != "HTTP/1.1" {
					t.Errorf("proto %q", rec.Proto)
				}
			}
			if (rec.TLS != nil) != tt.tls {
				t.Fatalf("TLS = %+v, want present: %v", rec.TLS, tt.tls)
			}
			if rec.TLS == nil {
				return
			}
			info := *rec.TLS
			t.Logf("TLS %+v", info)
			if info.Verified != tt.verified || !strings.Contains(info.VerifyError, tt.verifyErr) || (tt.verifyErr == "") != (info.VerifyError == "") {
				t.Errorf("verified %v error %q; want %v, %q", info.Verified, info.VerifyError, tt.verified, tt.verifyErr)
			}
			if tt.handshake != (info.Version != "" && info.CipherSuite != "") {
				t.Errorf("version %q cipher %q, want known: %v", info.Version, info.CipherSuite, tt.handshake)
			}
			if tt.handshake && info.Version != "TLS 1.3" {
				t.Errorf("version %q, want TLS 1.3", info.Version)
			}
			// httptest's certificate: O=Acme Co, for example.com and 127.0.0.1.
			if !strings.Contains(info.Subject, "Acme Co") || !strings.Contains(info.Issuer, "Acme Co") ||
				!slices.Contains(info.DNSNames, "example.com") || !slices.Contains(info.DNSNames, "127.0.0.1") ||
				!info.NotAfter.After(info.NotBefore) || info.NotBefore.IsZero() {
				t.Errorf("certificate summary %+v", info)
			}
		})
	}
}

func TestDoSentHeader(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {})
	rec := do(t, weapp(s.URL), Periodic)
	if got := rec.SentHeader.Get("User-Agent"); got != "bgfetch-devtools (WeChat periodic)" {
		t.Errorf("sent User-Agent %q", got)
	}
	if rec.Header.Get("User-Agent") != "" {
		t.Error("Do changed the request's own headers")
	}
}

func TestResendExactly(t *testing.T) {
	type seen struct {
		method, uri, body string
		header            http.Header
	}
	got := make(chan seen, 1)
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.RequestURI, string(b), r.Header}
		switch r.URL.Path {
		case "/fail":
			w.WriteHeader(502)
		case "/big":
			_, _ = w.Write(make([]byte, MaxBody+1))
		default:
			_, _ = w.Write([]byte("ok"))
		}
	})
	tests := []struct {
		name           string
		method, path   string
		header         http.Header
		body           string
		cached         bool
		wantUA, reason string
	}{
		{"GET keeps the query byte for byte, old timestamp included", "GET",
			"/p?own=1&appid=wx1&token=a+b%26c%2F%E4%B8%AD&timestamp=1700000000000", nil, "", true, "bgfetch-devtools", ""},
		{"the stored User-Agent and other headers are sent", "GET", "/p?x=%20y",
			http.Header{"User-Agent": {"bgfetch-devtools (QQ pre)"}, "X-Multi": {"1", "2"}}, "", true, "bgfetch-devtools (QQ pre)", ""},
		{"POST body as stored", "POST", "/a", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			"k=v+w&z=%E4%B8%AD", true, "", ""},
		{"the caching rules: not 2xx", "GET", "/fail?t=1", nil, "", false, "", "HTTP 502"},
		{"the caching rules: over 256KB", "GET", "/big", nil, "", false, "", "over the 256KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := Resend(context.Background(), nil, tt.method, s.URL+tt.path, tt.header, tt.body, 0)
			if rec.Err != nil {
				t.Fatal(rec.Err)
			}
			g := <-got
			if g.method != tt.method || g.uri != tt.path || g.body != tt.body {
				t.Errorf("server saw %s %s %q, want %s %s %q", g.method, g.uri, g.body, tt.method, tt.path, tt.body)
			}
			for k, v := range tt.header {
				if !slices.Equal(g.header[k], v) {
					t.Errorf("header %s = %q, want %q", k, g.header[k], v)
				}
			}
			if tt.wantUA != "" && g.header.Get("User-Agent") != tt.wantUA {
				t.Errorf("User-Agent %q, want %q", g.header.Get("User-Agent"), tt.wantUA)
			}
			if rec.Cached != tt.cached || !strings.Contains(rec.Reason, tt.reason) {
				t.Errorf("cached %v reason %q", rec.Cached, rec.Reason)
			}
		})
	}
}
