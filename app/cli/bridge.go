package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
)

// origins is a repeatable --allow-origin.
type origins []string

func (o *origins) String() string     { return strings.Join(*o, ", ") }
func (o *origins) Set(s string) error { *o = append(*o, s); return nil }

// BridgeReportJSON is one report as `bridge --json` prints it, one object a line.
type BridgeReportJSON struct {
	Time     string          `json:"time"`
	ID       int64           `json:"id"`
	API      string          `json:"api"`
	Event    string          `json:"event"`
	Matched  string          `json:"matched"` // the configured event's ID; "" when none matched
	Page     string          `json:"page"`
	Trigger  string          `json:"trigger"`
	Action   string          `json:"action"`
	Data     json.RawMessage `json:"data"`
	Problems []string        `json:"problems"`
}

// bridge runs the loopback bridge until ctx is done, printing every report as it arrives.
func (c *command) bridge(ctx context.Context, args []string) int {
	fs := c.flags()
	addr := fs.String("addr", fmt.Sprintf("127.0.0.1:%d", bridge.DefaultPort), "where the bridge listens (loopback only)")
	newKey := fs.Bool("new-key", false, "make a new key; snippets with the old one stop working")
	snippet := fs.Bool("snippet", false, "print the JS snippet for a dev build, with the address and key filled in, and exit")
	var allow origins
	fs.Var(&allow, "allow-origin", "also let this browser origin call the bridge, such as https://my-h5.example (repeatable; the origins saved in the window's 桥接 tab are allowed too)")
	if !c.parse(args) {
		return ExitUsage
	}
	var e *core.Engine
	if *snippet { // no project needed: the snippet only needs the address and the key
		if e = c.openEngine(nil); e == nil {
			return ExitUsage
		}
	} else {
		var code int
		if e, code = c.open(); e == nil {
			return code
		}
	}
	defer e.Close()

	keyFor := bridge.KeyFor
	if *newKey {
		keyFor = bridge.NewKey
	}
	key, err := keyFor(ctx, e)
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	saved, err := bridge.SavedOrigins(ctx, e)
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	srv, err := bridge.New(e, bridge.Options{Addr: *addr, Key: key, AllowOrigins: append(saved, allow...), Logger: c.logger()})
	if err != nil {
		c.errorf("%v", err)
		return ExitUsage
	}
	if *snippet {
		fmt.Fprint(c.env.Stdout, bridge.Snippet(srv.URL(), key))
		return ExitOK
	}
	if err := srv.Start(); err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}

	var mu sync.Mutex // reports arrive on the engine's writer, reloads on the watcher
	out := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fprintf(c.env.Stdout, format, a...)
	}
	line := func(v any) {
		b, _ := json.Marshal(v)
		out("%s\n", b)
	}
	p, _ := e.Project()
	if c.jsonOut {
		line(map[string]string{"url": srv.URL(), "key": key})
	} else {
		out("bridge on %s for %s (Ctrl-C stops it)\nkey: %s\n\n"+
			"paste the JS snippet into a dev build:  bgfetch bridge --snippet%s\n"+
			"or try:  curl -H 'X-BgFetch-Key: %s' -H 'Content-Type: application/json' -d '{\"event\": \"...\", \"data\": {}}' %s/report\n\n",
			srv.URL(), p.AppID, key, snippetFlags(srv.URL()), key, srv.URL())
	}
	stop := e.Subscribe(func(ev core.Event) {
		switch ev.Kind {
		case core.Reported:
			for _, r := range ev.Reports {
				if c.jsonOut {
					line(reportJSON(r))
				} else {
					out("%s\n", reportLine(r))
				}
			}
		case core.ProjectChanged, core.ProjectInvalid:
			if c.jsonOut {
				return
			}
			ts := time.Now().Format("15:04:05.000")
			if ev.Kind == core.ProjectInvalid {
				out("%s error: %s (keeping the last good config)\n", ts, c.masker().String(fmt.Sprint(ev.Err)))
			} else {
				out("%s reloaded: %s\n", ts, c.describeProject(ev))
			}
		}
	})
	watched := make(chan error, 1)
	go func() { watched <- e.Watch(ctx, nil) }()
	select {
	case <-ctx.Done():
	case err := <-watched: // the project cannot be watched: keep serving, without reloads
		if err != nil {
			c.errorf("%v; the bridge keeps running, but restart it after changing the project", err)
		}
		<-ctx.Done()
	}
	err = srv.Close() // every report answered has been written; the engine's Close writes the rest
	stop()
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	if !c.jsonOut {
		st := srv.Stats()
		out("bridge stopped: %d %s accepted (%d flagged), %d %s refused\n", st.Accepted, plural(st.Accepted, "report", "reports"),
			st.Flagged, st.Rejected, plural(st.Rejected, "request", "requests"))
	}
	return ExitOK
}

// snippetFlags gives the snippet hint the bound address when it is not the default.
func snippetFlags(url string) string {
	addr := strings.TrimPrefix(url, "http://")
	if addr == fmt.Sprintf("127.0.0.1:%d", bridge.DefaultPort) {
		return ""
	}
	return " --addr " + addr
}

// reportLine is one report as bridge prints it: time, event, page, trigger, then ok or the problems.
func reportLine(r core.Report) string {
	verdict := "ok"
	if r.Flagged() {
		ps := make([]string, len(r.Problems))
		for i, p := range r.Problems {
			ps[i] = p.String()
		}
		verdict = strings.Join(ps, "; ")
	}
	event := r.Event
	if r.EventID != "" && r.EventID != r.Event {
		event += " (" + r.EventID + ")"
	}
	return fmt.Sprintf("%s  %-20s %-24s %-10s %s", r.At.Local().Format("15:04:05.000"), event, orDash(r.Page), orDash(triggerText(r.Trigger)), verdict)
}

// triggerText is the trigger that fired a report, "from code" for reportEvent / reportAnalytics calls.
func triggerText(trigger string) string {
	if trigger == core.TriggerCode {
		return "from code"
	}
	return trigger
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func reportJSON(r core.Report) BridgeReportJSON {
	j := BridgeReportJSON{Time: r.At.Format(time.RFC3339Nano), ID: r.ID, API: r.API, Event: r.Event, Matched: r.EventID,
		Page: r.Page, Trigger: r.Trigger, Action: r.Action, Data: json.RawMessage(r.Data), Problems: make([]string, len(r.Problems))}
	if !json.Valid(j.Data) {
		j.Data = json.RawMessage("null")
	}
	for i, p := range r.Problems {
		j.Problems[i] = p.String()
	}
	return j
}
