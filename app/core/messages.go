package core

import (
	"encoding/json"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/msg"
)

// Messages are an attempt's reason, error, hint and warnings as message codes (storage.Attempt.Messages),
// for the window to say in its own language; Attempt.Reason, Error and Warnings keep the English.
type Messages struct {
	Reason   msg.Msg   `json:"reason,omitzero"`
	Error    msg.Msg   `json:"error,omitzero"`
	Hint     msg.Msg   `json:"hint,omitzero"`
	Warnings []msg.Msg `json:"warnings,omitempty"`
	Variant  msg.Msg   `json:"variant,omitzero"` // why this address (VariantReason)
	// PlatformErrMsg and PlatformErrno are the platform's own failure beside the tool's explanation.
	PlatformErrMsg string `json:"platformErrMsg,omitempty"`
	PlatformErrno  int    `json:"platformErrno,omitempty"`
}

// MessagesOf reads an attempt's messages; ok is false for an attempt recorded without them (before they
// existed, or imported from a HAR file), whose English text is all there is.
func MessagesOf(a *Attempt) (m Messages, ok bool) {
	if a == nil || a.Messages == "" {
		return Messages{}, false
	}
	if err := json.Unmarshal([]byte(a.Messages), &m); err != nil {
		return Messages{}, false
	}
	return m, len(m.Warnings) == len(a.Warnings)
}

// messagesJSON is rec's messages as the attempt stores them.
func messagesJSON(rec *fetch.Record) string {
	m := Messages{Reason: rec.ReasonMsg}
	if rec.Request != nil {
		m.Warnings, m.Variant = rec.WarningMsgs, rec.VariantMsg
	}
	if e := rec.Err; e != nil {
		m.Error, m.Hint = e.M, e.H
		m.PlatformErrMsg, m.PlatformErrno = e.PlatformErrMsg, e.PlatformErrno
	}
	if m.Reason.IsZero() && m.Error.IsZero() && len(m.Warnings) == 0 && m.Variant.IsZero() {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}
