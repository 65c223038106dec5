package core

import (
	"cmp"
	"context"
	"time"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// ColdStartOptions describe one simulated launch of the mini program with 启用数据预拉取 on.
type ColdStartOptions struct {
	Launch      *fetch.Launch // nil = the configured launch parameters
	OS          OS
	GetAt       time.Duration // when the mini program calls getBackgroundFetchData, after launch
	ListenerAt  time.Duration // when it registers onBackgroundFetchData, after launch
	ServerDelay time.Duration // simulated extra server latency, added to the real one
}

// TimelineEntry is one moment of a cold start, in ms after launch.
type TimelineEntry struct {
	At   time.Duration
	What string  // in English
	Msg  msg.Msg // What as a code, for the window's language
}

// The cold start's timeline and verdicts, as codes (the window's language) with their English.
var (
	mLaunch               = msg.Define("coldstart.launch", "launch (冷启动)")
	mPrefetchOff          = msg.Define("coldstart.prefetchOff", "prefetch is off (启用数据预拉取, or no pre entry in Alipay's preload.json): nothing is requested, so getBackgroundFetchData returns what was there before")
	mNoPrefetchNoListener = msg.Define("coldstart.noListener", "no prefetch, so onBackgroundFetchData never fires")
	mGetReturns           = msg.Define("coldstart.get", "getBackgroundFetchData ⟶ {0}")
	mGetReturnsWhy        = msg.Define("coldstart.getWhy", "getBackgroundFetchData ⟶ {0} ({1})")
	mPrefetchSent         = msg.Define("coldstart.sent", "prefetch request sent")
	mArrived              = msg.Define("coldstart.arrived", "data arrived ({0} bytes) and was cached")
	mNoData               = msg.Define("coldstart.noData", "request ended without data to cache: {0}")
	mCalledBefore         = msg.Define("coldstart.before", "called before the request finished: the previous data (it never waits)")
	mCalledAfter          = msg.Define("coldstart.after", "called after the request finished")
	mListenerRegistered   = msg.Define("coldstart.registered", "onBackgroundFetchData listener registered")
	mNoNewData            = msg.Define("coldstart.noNewData", "no new data was cached, so the listener does not fire")
	mFiresBefore          = msg.Define("coldstart.fires", "registered {0} ms before the data arrived: it fires")
	mFired                = msg.Define("coldstart.fired", "onBackgroundFetchData fired")
	mTooLate              = msg.Define("coldstart.tooLate", "registered {0} ms after the data arrived: it does not fire (register it earlier, or call getBackgroundFetchData)")
)

// ColdStartResult is what the mini program sees during a cold start.
type ColdStartResult struct {
	Attempt       *Attempt      // nil when 启用数据预拉取 is off (nothing is requested)
	Arrived       time.Duration // when the prefetched data reached the client: real latency + ServerDelay
	Before        Result        // what getBackgroundFetchData returned before the launch's request
	Get           Result        // what getBackgroundFetchData returned at GetAt
	GetWhy        string
	GetWhyMsg     msg.Msg
	After         Result // what it returns once the request has finished
	ListenerFires bool
	ListenerWhy   string
	ListenerMsg   msg.Msg
	Timeline      []TimelineEntry
}

// ColdStart replays a launch: the prefetch request starts at 0 and its data arrives after the server's
// latency (plus ServerDelay); a getBackgroundFetchData call before that returns the previous data (with
// none: Android fail, iOS empty success), and an onBackgroundFetchData listener registered after it
// misses the event. The simulated user counts as having opened the mini program (for the 7-day rule).
func (e *Engine) ColdStart(ctx context.Context, opt ColdStartOptions) (*ColdStartResult, error) {
	p, err := e.current()
	if err != nil {
		return nil, err
	}
	if opt.OS == "" {
		opt.OS = Android
	}
	res := &ColdStartResult{}
	add := func(at time.Duration, m msg.Msg) {
		res.Timeline = append(res.Timeline, TimelineEntry{At: at, What: m.English(), Msg: m})
	}
	getWhy := func(m msg.Msg) { res.GetWhy, res.GetWhyMsg = m.English(), m }
	listenerWhy := func(m msg.Msg) { res.ListenerWhy, res.ListenerMsg = m.English(), m }
	before, err := e.GetFor(ctx, p.AppID, p.Platform, fetch.Pre, opt.OS)
	if err != nil {
		return nil, err
	}
	res.Before = before
	e.SetLastOpened(e.now())
	add(0, mLaunch.With())
	if !PrefetchOn(p) {
		res.Get, res.After = before, before
		getWhy(mPrefetchOff.With())
		listenerWhy(mNoPrefetchNoListener.With())
		add(opt.GetAt, mGetReturns.With(verdict(before)))
		return res, nil
	}
	add(0, mPrefetchSent.With())
	a, ferr := e.Prefetch(ctx, opt.Launch)
	if a == nil {
		return nil, ferr
	}
	res.Attempt = a
	res.Arrived = time.Duration(a.DurationMs)*time.Millisecond + opt.ServerDelay
	after, err := e.GetFor(ctx, p.AppID, p.Platform, fetch.Pre, opt.OS)
	if err != nil {
		return nil, err
	}
	res.After = after
	if a.Cached {
		add(res.Arrived, mArrived.With(a.Bytes))
	} else {
		why := cmp.Or(a.Error, a.Reason)
		if m, ok := MessagesOf(a); ok && !m.Error.IsZero() {
			add(res.Arrived, mNoData.With(m.Error))
		} else if ok && !m.Reason.IsZero() {
			add(res.Arrived, mNoData.With(m.Reason))
		} else {
			add(res.Arrived, mNoData.With(why))
		}
	}
	if opt.GetAt < res.Arrived {
		res.Get = before
		getWhy(mCalledBefore.With())
	} else {
		res.Get = after
		getWhy(mCalledAfter.With())
	}
	add(opt.GetAt, mGetReturnsWhy.With(verdict(res.Get), res.GetWhyMsg))
	add(opt.ListenerAt, mListenerRegistered.With())
	_, res.ListenerFires = res.Race(opt.GetAt, opt.ListenerAt) // the one rule, also for a chart's other moments
	switch {
	case !a.Cached:
		listenerWhy(mNoNewData.With())
	case res.ListenerFires:
		listenerWhy(mFiresBefore.With((res.Arrived - opt.ListenerAt).Milliseconds()))
		add(res.Arrived, mFired.With())
	default:
		listenerWhy(mTooLate.With((opt.ListenerAt - res.Arrived).Milliseconds()))
	}
	sortTimeline(res.Timeline)
	return res, ferr
}

// PrefetchOn reports whether a cold start requests the prefetch address: on WeChat and QQ the DevTools
// switch 启用数据预拉取 (setting.preloadBackgroundData) says so; on Alipay a "pre" entry in preload.json.
func PrefetchOn(p *project.Project) bool {
	if platform.Of(p.Platform).Prefetch == platform.SwitchPreloadJSON {
		_, ok := p.PreloadFor(fetch.Pre)
		return ok
	}
	return p.PreloadBackgroundData
}

var (
	mVerdictFail  = msg.Define("coldstart.verdict.fail", "fail")
	mVerdictEmpty = msg.Define("coldstart.verdict.empty", "success, empty fetchedData")
	mVerdictData  = msg.Define("coldstart.verdict.data", "success with data")
)

func verdict(r Result) msg.Msg {
	switch {
	case !r.OK:
		return mVerdictFail.With()
	case !hasData(r):
		return mVerdictEmpty.With()
	}
	return mVerdictData.With()
}

func sortTimeline(t []TimelineEntry) {
	for i := 1; i < len(t); i++ { // insertion sort keeps equal times in the order they were added
		for j := i; j > 0 && t[j].At < t[j-1].At; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
}

// WxListenerPayload is the object wx.onBackgroundFetchData's listener receives (qq's too): the
// getBackgroundFetchData success fields, without errMsg, with the fetchType.
type WxListenerPayload struct {
	FetchType   string `json:"fetchType"`
	FetchedData string `json:"fetchedData"`
	TimeStamp   int64  `json:"timeStamp"`
	Path        string `json:"path"`
	Query       string `json:"query"`
	Scene       int    `json:"scene"`
}

// ListenerPayload is what the onBackgroundFetchData listener receives in this cold start, built from the
// result after the request (so masked when that is); nil when the listener does not fire or the
// platform's result has another shape (Alipay documents no listener payload).
func (r *ColdStartResult) ListenerPayload() any {
	if !r.ListenerFires {
		return nil
	}
	if v, ok := r.After.Value.(WxSuccess); ok {
		return WxListenerPayload{FetchType: fetch.Pre, FetchedData: v.FetchedData, TimeStamp: v.TimeStamp, Path: v.Path, Query: v.Query, Scene: v.Scene}
	}
	return nil
}

// Race says what getBackgroundFetchData gets ("none", "old" or "new" data) and whether the listener fires
// at other moments of this same launch: the rule ColdStart applied at the moments it was given, so a chart
// can move them without sending again.
func (r *ColdStartResult) Race(getAt, listenerAt time.Duration) (get string, fires bool) {
	old := "none"
	if hasData(r.Before) {
		old = "old"
	}
	if r.Attempt == nil {
		return old, false
	}
	if getAt >= r.Arrived && r.Attempt.Cached {
		get = "new"
	} else {
		get = old
	}
	return get, r.Attempt.Cached && listenerAt <= r.Arrived
}

// hasData reports whether a get result holds data (not a fail, not iOS's empty success).
func hasData(r Result) bool {
	if !r.OK {
		return false
	}
	if s, ok := r.Value.(WxSuccess); ok && s.FetchedData == "" {
		return false
	}
	return true
}
