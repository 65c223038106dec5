package app

import (
	"encoding/json"
	"log/slog"
	"slices"
	"sync"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/assets"
)

// zhMessages are the Chinese templates of the engine's message codes (assets/messages/zh.json).
var zhMessages = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	data, err := assets.Messages.ReadFile("messages/zh.json")
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		slog.Error("load the Chinese messages", "err", err)
	}
	return m
})

// say is an engine message in the window's language: the engine's English, or the Chinese template.
func (u *UI) say(m msg.Msg) string {
	if m.IsZero() {
		return ""
	}
	if !u.tr.english() {
		// A platform's English name as an argument ("WeChat accepts only HTTPS ...") is its Chinese name.
		zm := m
		zm.Args = slices.Clone(m.Args)
		for i, a := range zm.Args {
			for _, spec := range platform.All() {
				if a == spec.Name {
					zm.Args[i] = spec.NameZh
				}
			}
		}
		if s, ok := zm.In(zhMessages()); ok {
			return s
		}
	}
	return m.English()
}

// attemptWords are an attempt's reason, error and warnings in the window's language when the attempt has
// them as codes; an attempt recorded before codes existed (or imported) has only its English.
func (u *UI) attemptWords(a *core.Attempt) shell.AttemptWords {
	m, ok := core.MessagesOf(a)
	if !ok {
		return shell.AttemptWords{Reason: a.Reason, Err: a.Error, Warnings: a.Warnings, Variant: a.VariantReason}
	}
	w := shell.AttemptWords{Variant: a.VariantReason}
	if !m.Variant.IsZero() {
		w.Variant = u.say(m.Variant)
	}
	if !m.Error.IsZero() {
		w.Err = u.say(m.Error)
		if m.PlatformErrMsg != "" {
			w.Err += u.say(msg.Msg{Code: "fetch.err.platformSays", Args: []string{m.PlatformErrMsg, itoa(m.PlatformErrno)}})
		}
		if h := u.say(m.Hint); h != "" {
			w.Err += u.tr.T("：") + h
		}
	}
	switch r := m.Reason; {
	case (r.Code == fetch.CodeNoResponse || r.Code == fetch.CodeNotSent) && !m.Error.IsZero():
		// Its one argument is the error's message: say that in the window's language too.
		w.Reason = u.say(msg.Msg{Code: r.Code, Args: []string{u.say(m.Error)}})
	default:
		w.Reason = u.say(r)
	}
	for _, wm := range m.Warnings {
		w.Warnings = append(w.Warnings, u.say(wm))
	}
	return w
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
