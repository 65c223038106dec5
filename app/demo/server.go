// Package demo is a developer server to try the tool on: it echoes what it received as JSON and has a
// route for each failure worth seeing. The app starts it on loopback for the embedded demo project.
package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/assets"
)

// Routes lists the demo server's routes with what each shows, for the README and `bgfetch demo`.
var Routes = []struct{ Path, What string }{
	{"/periodic", "echo: a JSON body describing the request it received"},
	{"/prefetch", "echo, for the prefetch address"},
	{"/gray", "echo, for the grayscale address"},
	{"/big", "a 300KB JSON body: over 256KB, so the platform drops it"},
	{"/slow?ms=3000", "answers after ms milliseconds (cancel it, or let timeoutMs hit)"},
	{"/status/500", "answers with that HTTP status"},
	{"/redirect/3", "redirects n times, then echoes"},
	{"/gzip", "a gzip-encoded echo"},
	{"/bomb", "a small gzip that decodes to 10 MB: the limit stops reading at 256KB+1"},
	{"/binary", "a body that is not UTF-8 text"},
	{"/token-check", "401 unless the token is \"demo-token\", like a real server"},
	{"/size/262144", "a JSON body of exactly n bytes (262144 is the largest the platform caches)"},
}

// Handler returns the demo server's handler.
func Handler() http.Handler {
	mux := http.NewServeMux()
	for _, p := range []string{"/periodic", "/prefetch", "/gray", "/"} {
		mux.HandleFunc(p, echo)
	}
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		items := make([]string, 0, 3000)
		for i := range 3000 {
			items = append(items, fmt.Sprintf(`{"id":%d,"title":"item %d","text":"%s"}`, i, i, strings.Repeat("x", 60)))
		}
		fmt.Fprintf(w, `{"items":[%s]}`, strings.Join(items, ","))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		if ms <= 0 {
			ms = 3000
		}
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
			echo(w, r)
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, err := strconv.Atoi(r.PathValue("code"))
		if err != nil || code < 100 || code > 599 {
			code = http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"error":"demo server answered %d on purpose"}`, code)
	})
	mux.HandleFunc("/redirect/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n <= 0 {
			echo(w, r)
			return
		}
		target := fmt.Sprintf("/redirect/%d", n-1)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound)
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		_ = json.NewEncoder(gz).Encode(describe(r))
		_ = gz.Close()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(buf.Bytes())
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		gz, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zero := make([]byte, 1<<20)
		for range 10 {
			_, _ = gz.Write(zero)
		}
		_ = gz.Close()
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(buf.Bytes())
	})
	mux.HandleFunc("/size/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n < 12 || n > 16<<20 {
			http.Error(w, "n must be between 12 and 16777216", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(n))
		// {"pad":"xxx…"} is 10 bytes of JSON around the padding.
		_, _ = io.WriteString(w, `{"pad":"`+strings.Repeat("x", n-10)+`"}`)
	})
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write([]byte{0xff, 0xfe, 0x00, 0x81, 'b', 'g'})
	})
	mux.HandleFunc("/token-check", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("token") != "demo-token" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"bad token"}`)
			return
		}
		echo(w, r)
	})
	return mux
}

// describe is what the echo routes answer: what the server received, and a little data to render.
func describe(r *http.Request) map[string]any {
	q := map[string]string{}
	for k, v := range r.URL.Query() {
		q[k] = strings.Join(v, ",")
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	return map[string]any{
		"receivedAt": time.Now().UTC().Format(time.RFC3339Nano),
		"method":     r.Method,
		"path":       r.URL.Path,
		"query":      q,
		"body":       string(body),
		"userAgent":  r.UserAgent(),
		"data": map[string]any{
			"banner":   "今日推荐 · Today's picks",
			"articles": []map[string]any{{"id": 1, "title": "周期性更新入门"}, {"id": 2, "title": "数据预拉取实战"}},
		},
	}
}

func echo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(describe(r))
}

// Server is a running demo server.
type Server struct {
	URL string // http://127.0.0.1:PORT
	srv *http.Server
	ln  net.Listener
}

// Start starts the demo server on addr ("127.0.0.1:0" picks a free port).
func Start(addr string) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("start the demo server on %s: %w", addr, err)
	}
	s := &Server{URL: "http://" + ln.Addr().String(), ln: ln,
		srv: &http.Server{Handler: Handler(), ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "demo server:", err)
		}
	}()
	return s, nil
}

// Close stops the server, ending requests in flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}

var loopback = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// WriteProject writes the embedded demo project into dir, pointing its addresses at baseURL. Files that
// exist already keep their content (the developer may have edited them) except that their demo-server
// addresses are moved to baseURL, since the server's port changes from run to run.
func WriteProject(dir, baseURL string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create the demo project folder: %w", err)
	}
	sub, err := fs.Sub(assets.Demo, "demo")
	if err != nil {
		return err
	}
	return fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		dst := filepath.Join(dir, path)
		data, err := os.ReadFile(dst)
		if errors.Is(err, fs.ErrNotExist) {
			data, err = fs.ReadFile(sub, path)
		}
		if err != nil {
			return err
		}
		updated := bytes.ReplaceAll(data, []byte("{{DEMO}}"), []byte(baseURL))
		updated = loopback.ReplaceAll(updated, []byte(baseURL))
		if bytes.Equal(updated, data) {
			if _, statErr := os.Stat(dst); statErr == nil {
				return nil
			}
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, updated, 0o644)
	})
}
