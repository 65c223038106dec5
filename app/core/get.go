package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// OS is the simulated phone's operating system: the platforms differ when nothing is cached.
type OS string

// The simulated operating systems.
const (
	Android OS = "android"
	IOS     OS = "ios"
)

// The result messages of getBackgroundFetchData.
const (
	ErrMsgOK = "getBackgroundFetchData:ok"
	// ErrMsgNoData is the tool's wording for WeChat's Android failure with nothing cached; WeChat does
	// not publish the exact text.
	ErrMsgNoData   = "getBackgroundFetchData:fail no background fetch data"
	ErrMsgQQNoData = "getBackgroundFetchData:fail 缓存数据不存在"
)

// NoteQQIOSAssumed is the note of QQ's iOS result with nothing cached: WeChat's documented rule, which
// QQ does not document, applied to QQ.
const NoteQQIOSAssumed = "nothing is cached: success with empty fetchedData — the tool's assumption for QQ: this is WeChat's documented iOS rule; QQ does not document what iOS returns with nothing cached"

// WxSuccess is the success result of wx.getBackgroundFetchData (WeChat, QQ), field for field.
type WxSuccess struct {
	FetchedData string `json:"fetchedData"`
	TimeStamp   int64  `json:"timeStamp"`
	Path        string `json:"path"`
	Query       string `json:"query"`
	Scene       int    `json:"scene"`
	ErrMsg      string `json:"errMsg"`
}

// WxFail is the fail result of wx.getBackgroundFetchData.
type WxFail struct {
	ErrMsg string `json:"errMsg"`
}

// AlipaySuccess is the success result of my.getBackgroundFetchData.
type AlipaySuccess struct {
	FetchType   string `json:"fetchType"`
	Timestamp   int64  `json:"timestamp"`
	FetchedData any    `json:"fetchedData"`
}

// AlipayFail is the fail result of my.getBackgroundFetchData.
type AlipayFail struct {
	Error        int    `json:"error"`
	ErrorMessage string `json:"errorMessage"`
}

// Result is what getBackgroundFetchData returns right now: Value is one of the four shapes above, OK says
// whether it goes to the success callback. Entry is the cache entry behind a success with data.
type Result struct {
	OK    bool
	Value any
	Entry *storage.CacheEntry
	Note  string // why this result, in a sentence
}

// Get is what the mini program's getBackgroundFetchData({fetchType}) returns now on the current project's
// platform and the simulated os. Only storage failures are errors.
func (e *Engine) Get(ctx context.Context, fetchType string, os OS) (Result, error) {
	p, err := e.current()
	if err != nil {
		return Result{}, err
	}
	return e.GetFor(ctx, p.AppID, p.Platform, fetchType, os)
}

// GetFor is Get for any appid and platform.
func (e *Engine) GetFor(ctx context.Context, appID string, platform project.Platform, fetchType string, os OS) (Result, error) {
	if platform == project.Alipay {
		if fetchType != fetch.Pre && fetchType != fetch.JSAPIPre {
			return Result{Value: AlipayFail{Error: 2, ErrorMessage: "invalid parameter!"},
				Note: fmt.Sprintf("Alipay has no fetchType %q (only pre and jsapiPre): error 2", fetchType)}, nil
		}
	} else if fetchType != fetch.Periodic && fetchType != fetch.Pre {
		return Result{Value: WxFail{ErrMsg: "getBackgroundFetchData:fail invalid fetchType " + fetchType},
			Note: fmt.Sprintf("%s supports only periodic and pre", fetch.PlatformName(platform))}, nil
	}
	entry, err := e.db.Cached(ctx, appID, fetchType)
	if errors.Is(err, storage.ErrNotFound) {
		return noData(platform, fetchType, os), nil
	}
	if err != nil {
		return Result{}, fmt.Errorf("read the cache in %s: %w", e.db.Path(), err)
	}
	if platform == project.Alipay {
		data, perr := fetch.AlipayData(entry.Body, entry.DataType)
		note := "the cached body, parsed as dataType " + orDefault(entry.DataType, "json")
		if perr != nil {
			note = fmt.Sprintf("the cached body does not parse as dataType %s (%v); shown as a string", orDefault(entry.DataType, "json"), perr)
		}
		return Result{OK: true, Entry: &entry, Note: note, Value: AlipaySuccess{
			FetchType: fetchType, Timestamp: entry.FetchedAt.UnixMilli(), FetchedData: data}}, nil
	}
	return Result{OK: true, Entry: &entry, Note: "the cached body, as a string to JSON.parse", Value: WxSuccess{
		FetchedData: string(entry.Body),
		TimeStamp:   entry.FetchedAt.UnixMilli(),
		Path:        entry.Path,
		Query:       entry.Query,
		Scene:       entry.Scene,
		ErrMsg:      ErrMsgOK,
	}}, nil
}

func noData(platform project.Platform, fetchType string, os OS) Result {
	switch {
	case platform == project.Alipay:
		return Result{Value: AlipayFail{Error: 3, ErrorMessage: "没有预加载数据"},
			Note: "nothing is cached for " + fetchType + ": error 3"}
	case os == IOS && platform == project.QQ:
		// WeChat documents the iOS empty success; QQ documents nothing about it.
		return Result{OK: true, Value: WxSuccess{ErrMsg: ErrMsgOK},
			Note: NoteQQIOSAssumed}
	case os == IOS:
		return Result{OK: true, Value: WxSuccess{ErrMsg: ErrMsgOK},
			Note: "nothing is cached: iOS calls success with empty fetchedData"}
	case platform == project.QQ:
		return Result{Value: WxFail{ErrMsg: ErrMsgQQNoData}, Note: "nothing is cached: QQ on Android calls fail"}
	default:
		return Result{Value: WxFail{ErrMsg: ErrMsgNoData},
			Note: "nothing is cached: Android calls fail (WeChat does not publish the exact errMsg)"}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
