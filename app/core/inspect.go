package core

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// ErrNeverSent is returned by Rerun for an attempt that was never sent (no address, no token, ...).
var ErrNeverSent = errors.New("the attempt was never sent, so there is no request to send again")

// Rerun sends a recorded attempt's request again exactly as it was: method, URL with its original query
// and timestamp, headers (the User-Agent included), body. The new attempt has Origin "rerun" and RerunOf
// id; the caching rules apply as to a pull (a cached result replaces the cached body of the attempt's app
// and fetch type). Like Pull, the error is the request's failure, and the attempt is returned with it.
func (e *Engine) Rerun(ctx context.Context, id int64) (*Attempt, error) {
	orig, err := e.db.Attempt(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("re-run attempt %d: %w", id, err)
	}
	origMsgs, coded := MessagesOf(&orig)
	if orig.URL == "" || (coded && origMsgs.Reason.Code == fetch.CodeNotSent) || (!coded && strings.HasPrefix(orig.Reason, notSent)) {
		return nil, fmt.Errorf("re-run attempt %d: %w (%s)", id, ErrNeverSent, e.redact(orig.Reason))
	}
	p, _ := e.Project() // the last good project, for the timeout and the event; nil is fine
	req := &fetch.Request{
		FetchType:     orig.FetchType,
		Platform:      project.Platform(orig.Platform),
		AppID:         orig.AppID,
		Method:        orig.Method,
		URL:           orig.URL,
		Header:        orig.RequestHeaders,
		Body:          orig.RequestBody,
		Variant:       orig.Variant,
		VariantReason: orig.VariantReason,
		DataType:      orig.DataType,
		Launch:        fetch.Launch{Path: orig.LaunchPath, Query: orig.LaunchQuery, Scene: orig.LaunchScene},
		SentAt:        e.now(),
		Timeout:       fetch.DefaultTimeout,
		Warnings:      nil,
	}
	req.Warnings, req.WarningMsgs = fetch.RequestWarnings(orig.Warnings, origMsgs.Warnings)
	req.VariantMsg = origMsgs.Variant
	if p != nil && p.Timeout > 0 {
		req.Timeout = p.Timeout
	}
	if p != nil && p.Assume != (project.Assume{}) {
		req.Assume = &p.Assume
	}
	for _, q := range orig.Params {
		req.Params = append(req.Params, fetch.Param{Name: q.Name, Value: q.Value, Source: q.Source})
	}
	e.publish(Event{Kind: Fetching, FetchType: orig.FetchType, Project: p})
	rec := fetch.Do(ctx, e.transport, req)
	a := toAttempt(orig.AppID, orig.Platform, rec)
	a.Origin, a.RerunOf = storage.OriginRerun, id
	if err := e.record(ctx, a, rec, p); err != nil {
		return a, err
	}
	if rec.Err != nil {
		return a, rec.Err
	}
	return a, nil
}

// DeleteAttempt deletes one recorded attempt (storage.ErrNotFound when there is none). The cached body
// stays even when it came from this attempt: getBackgroundFetchData still returns it.
func (e *Engine) DeleteAttempt(ctx context.Context, id int64) error {
	if err := e.db.DeleteAttempt(ctx, id); err != nil {
		return fmt.Errorf("delete attempt %d in %s: %w", id, e.db.Path(), err)
	}
	e.log.Info("deleted attempt", "id", id)
	p, _ := e.Project()
	e.publish(Event{Kind: Cleared, Project: p, History: true})
	return nil
}

// CachedPair returns the current app's latest attempt of fetchType whose body was cached and the one
// cached before it, with their bodies (attempts imported from HAR files left out), for a diff of what
// changed. It returns an error wrapping storage.ErrNotFound when there are fewer than two.
func (e *Engine) CachedPair(ctx context.Context, fetchType string) (prev, latest Attempt, err error) {
	p, err := e.current()
	if err != nil {
		return Attempt{}, Attempt{}, err
	}
	list, err := e.db.LatestCached(ctx, p.AppID, fetchType, 2)
	if err != nil {
		return Attempt{}, Attempt{}, err
	}
	if len(list) < 2 {
		return Attempt{}, Attempt{}, fmt.Errorf("%d cached %s %s in history, two are needed to compare: %w",
			len(list), fetchType, plural(len(list), "body", "bodies"), storage.ErrNotFound)
	}
	return list[1], list[0], nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// HistoryWithBodies is History with each attempt's body loaded, for an export.
func (e *Engine) HistoryWithBodies(ctx context.Context, f HistoryFilter) ([]Attempt, error) {
	list, err := e.History(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range list {
		full, err := e.db.Attempt(ctx, list[i].ID)
		if errors.Is(err, storage.ErrNotFound) {
			continue // deleted meanwhile: keep it without a body
		}
		if err != nil {
			return nil, err
		}
		list[i] = full
	}
	return list, nil
}

// Secrets are the values masked by default wherever an attempt is shown or exported: the current
// project's token, when one is set.
func (e *Engine) Secrets() []string {
	p, _ := e.Project()
	if p == nil {
		return nil
	}
	var out []string
	if p.Token != nil && *p.Token != "" {
		out = append(out, *p.Token)
	}
	if p.User.Code != "" { // a real login code: as good as a session for five minutes
		out = append(out, p.User.Code)
	}
	return out
}

// redact masks the secrets (the project's token, and extra) in a text about to be logged or shown.
func (e *Engine) redact(s string, extra ...string) string {
	return newMasker(append(e.Secrets(), extra...)).string(s)
}
