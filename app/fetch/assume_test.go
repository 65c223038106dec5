package fetch

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bgfetch/devtools/app/project"
)

// The tool's assumptions hold by default, and "assume" in bgfetch.config.json changes each one the request
// depends on: a real server on loopback sees the difference.
func TestAssumptionsAreSettings(t *testing.T) {
	type seen struct{ rawQuery, ua string }
	got := make(chan seen, 16)
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if n := strings.TrimPrefix(r.URL.Path, "/hop/"); n != r.URL.Path && n != "0" {
			var i int
			fmt.Sscan(n, &i)
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", i-1), http.StatusFound)
			return
		}
		got <- seen{r.URL.RawQuery, r.Header.Get("User-Agent")}
		fmt.Fprint(w, `{"ok":true}`)
	})
	pre := func(a project.Assume) *project.Project {
		p := weapp(srv.URL)
		p.Prefetch.Query = "x=a b"
		p.Assume = a
		return p
	}

	rec := do(t, pre(project.DefaultAssume), Pre)
	s := <-got
	if !rec.Cached || !strings.Contains(s.rawQuery, "query=x%3Da+b") || s.ua != "bgfetch-devtools (WeChat pre)" {
		t.Errorf("defaults: cached %v, query %q, User-Agent %q", rec.Cached, s.rawQuery, s.ua)
	}

	a := project.DefaultAssume
	a.Space, a.UserAgent = "%20", "MyProbe/1.0"
	rec = do(t, pre(a), Pre)
	s = <-got
	if !rec.Cached || !strings.Contains(s.rawQuery, "query=x%3Da%20b") || strings.Contains(s.rawQuery, "+") || s.ua != "MyProbe/1.0" {
		t.Errorf("space %%20 and a User-Agent: query %q, User-Agent %q", s.rawQuery, s.ua)
	}

	hops := func(max, n int) *Record {
		a := project.DefaultAssume
		a.MaxRedirects = max
		p := pre(a)
		p.Prefetch.URL = fmt.Sprintf("%s/hop/%d", srv.URL, n)
		return do(t, p, Pre)
	}
	if rec := hops(5, 5); !rec.Cached || len(rec.Redirects) != 5 {
		t.Errorf("5 redirects under the default limit: cached %v, %v, %v", rec.Cached, rec.Redirects, rec.Err)
	} else {
		<-got
	}
	rec = hops(5, 6)
	if rec.Cached || rec.Err == nil || rec.Err.Kind != KindRedirect || !strings.Contains(rec.Err.Msg, "the tool's limit") || !strings.Contains(rec.Err.Msg, "maxRedirects") {
		t.Errorf("6 redirects: %+v", rec.Err)
	}
	rec = hops(0, 1)
	if rec.Cached || rec.Err == nil || !strings.Contains(rec.Err.Msg, "more than 0 redirects") {
		t.Errorf("maxRedirects 0: %+v", rec.Err)
	}
	if rec := hops(8, 7); !rec.Cached {
		t.Errorf("maxRedirects 8, 7 hops: %+v", rec.Err)
	} else {
		<-got
	}
}
