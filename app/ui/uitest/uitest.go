// Package uitest is what the window's tests and its feature panels' tests share: the pump that runs UI
// callbacks on the test goroutine, the check for English left in the Chinese window, and the analytics
// event and reports the report tests use. Only tests import it.
package uitest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
)

// Pump runs the window's UI callbacks on the test goroutine, in order, so that the race detector sees the
// same single UI goroutine a real window has. Give its Do as the window's (or the shell's) Do.
type Pump chan func()

// NewPump is a pump with room for a flood of callbacks.
func NewPump() Pump { return make(Pump, 10000) }

// Do queues f for the test goroutine.
func (p Pump) Do(f func()) { p <- f }

// Until runs callbacks until cond holds, failing after a deadline.
func (p Pump) Until(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-p:
			f()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Wait runs callbacks until cond holds, however long that takes (a benchmark's setup).
func (p Pump) Wait(cond func() bool) {
	for !cond() {
		select {
		case f := <-p:
			f()
		case <-time.After(time.Millisecond):
		}
	}
}

// Drain runs what is queued now.
func (p Pump) Drain() {
	for {
		select {
		case f := <-p:
			f()
		default:
			return
		}
	}
}

// HasEnglishProse reports a run of four English words, within one stretch of text between Chinese
// characters and punctuation, outside quotes and braces: a sentence left untranslated, not an API name, a
// JSON example or a platform's own words in quotes.
func HasEnglishProse(s string) bool {
	quoted, depth := false, 0
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.Is(unicode.Han, r) || r == '\n' || strings.ContainsRune("，。；：（）、？！", r)
	}) {
		words := 0
		for _, f := range strings.Fields(seg) {
			for _, r := range f {
				switch r {
				case '"':
					quoted = !quoted
				case '{':
					depth++
				case '}':
					depth--
				}
			}
			w := strings.TrimRight(f, ",.;:!?")
			if !quoted && depth == 0 && w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxASCII }) < 0 {
				if words++; words >= 4 {
					return true
				}
			} else {
				words = 0
			}
		}
	}
	return false
}

// GoodsEvent is the event the report tests configure: 购买 with a number and a string field, reported by a
// click on .buy in pages/goods/goods.
var GoodsEvent = project.AnalyticsEvent{ID: "buy", Name: "购买",
	Fields: []project.AnalyticsField{{Name: "price", Type: project.FieldNumber}, {Name: "color", Type: project.FieldString}},
	Actions: []project.AnalyticsAction{{Trigger: "click", Page: "pages/goods/goods", Selector: ".buy",
		Data: []project.FieldSource{{Field: "price", Source: "goods.price"}, {Field: "color", Source: `"red"`}}}}}

// Report sends one report of event with data (JSON) through the engine, as the bridge does for a click in
// pages/goods/goods.
func Report(tb testing.TB, eng *core.Engine, event, data string) core.Report {
	tb.Helper()
	r, err := eng.Report(context.Background(), core.ReportInput{Event: event, Data: json.RawMessage(data),
		Page: "pages/goods/goods", Trigger: "click"})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
