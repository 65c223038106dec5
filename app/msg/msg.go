// Package msg makes the engine's sentences data: a message is a code and its arguments, not English prose.
// The engine defines each code with its English template once (Define); the command line prints English
// (Msg.English), and the window renders the same code through its own language's template, so nothing
// ever parses English back.
//
// Templates hold {0}, {1}, ... for the arguments, in any order.
package msg

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
)

// Msg is one message: its code and its arguments, already formatted as text.
type Msg struct {
	Code string   `json:"c"`
	Args []string `json:"a,omitempty"`
	// Subs are arguments that are messages themselves, by their index in Args (whose text is then their
	// English): each language renders them in its own words.
	Subs map[int]Msg `json:"s,omitempty"`
}

// Def is a defined message code.
type Def struct{ code string }

var (
	mu      sync.RWMutex
	english = map[string]string{}
)

// Define registers code with its English template and returns it; a code defined twice is a bug.
func Define(code, template string) Def {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := english[code]; dup {
		panic("msg: " + code + " defined twice")
	}
	english[code] = template
	return Def{code}
}

// Code is the definition's code.
func (d Def) Code() string { return d.code }

// With is the message with args, each formatted with fmt.Sprint; an argument that is a Msg stays a
// message, rendered in the language of the one it is in.
func (d Def) With(args ...any) Msg {
	m := Msg{Code: d.code}
	for i, a := range args {
		if sub, ok := a.(Msg); ok {
			if m.Subs == nil {
				m.Subs = map[int]Msg{}
			}
			m.Subs[i] = sub
			m.Args = append(m.Args, sub.English())
			continue
		}
		m.Args = append(m.Args, fmt.Sprint(a))
	}
	return m
}

// IsZero reports whether m is no message.
func (m Msg) IsZero() bool { return m.Code == "" }

// English is the message in English, as the command line prints it. An unknown code (from a newer
// database, say) shows as the code and its arguments.
func (m Msg) English() string {
	if m.Code == "" {
		return ""
	}
	mu.RLock()
	t, ok := english[m.Code]
	mu.RUnlock()
	if !ok {
		return m.Code + " " + strings.Join(m.Args, " ")
	}
	return Fill(t, m.Args)
}

// args are m's arguments with its sub-messages rendered by render.
func (m Msg) args(render func(Msg) string) []string {
	if len(m.Subs) == 0 {
		return m.Args
	}
	out := append([]string(nil), m.Args...)
	for i, sub := range m.Subs {
		if i >= 0 && i < len(out) {
			out[i] = render(sub)
		}
	}
	return out
}

// In is the message through templates (code → template, another language's); ok is false when templates
// has no such code.
func (m Msg) In(templates map[string]string) (s string, ok bool) {
	t, ok := templates[m.Code]
	if !ok {
		return "", false
	}
	return Fill(t, m.args(func(sub Msg) string {
		if s, ok := sub.In(templates); ok {
			return s
		}
		return sub.English()
	})), true
}

// Fill puts args in place of {0}, {1}, ... in template; a placeholder without an argument stays.
func Fill(template string, args []string) string {
	if !strings.Contains(template, "{") {
		return template
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(template, '{')
		if i < 0 {
			b.WriteString(template)
			return b.String()
		}
		j := strings.IndexByte(template[i:], '}')
		if j < 0 {
			b.WriteString(template)
			return b.String()
		}
		n, err := strconv.Atoi(template[i+1 : i+j])
		b.WriteString(template[:i])
		if err == nil && n >= 0 && n < len(args) {
			b.WriteString(args[n])
		} else {
			b.WriteString(template[i : i+j+1])
		}
		template = template[i+j+1:]
	}
}

// Placeholders lists the argument numbers a template uses, for checking a translation against its English.
func Placeholders(template string) map[int]bool {
	out := map[int]bool{}
	for {
		i := strings.IndexByte(template, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(template[i:], '}')
		if j < 0 {
			return out
		}
		if n, err := strconv.Atoi(template[i+1 : i+j]); err == nil {
			out[n] = true
		}
		template = template[i+j+1:]
	}
}

// English templates of every defined code, for tests that check a language covers them all.
func EnglishTemplates() map[string]string {
	mu.RLock()
	defer mu.RUnlock()
	return maps.Clone(english)
}

// Joined is several messages, as one English text: "a; b".
func Joined(ms []Msg, sep string) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.English()
	}
	return strings.Join(parts, sep)
}
