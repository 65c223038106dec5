package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
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
)

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

// GetFor is Get for any appid and platform. An unknown platform is an error that lists the known ones.
func (e *Engine) GetFor(ctx context.Context, appID string, id project.Platform, fetchType string, os OS) (Result, error) {
	spec, err := platform.Lookup(id)
	if err != nil {
		return Result{}, err
	}
	if !spec.Has(fetchType) {
		if spec.Shape == platform.ShapeAlipay {
			return Result{Value: AlipayFail{Error: spec.Msg.BadFetchTypeCode, ErrorMessage: spec.Msg.BadFetchType},
				Note: fmt.Sprintf("%s has no fetchType %q (only %s): error %d", spec.Name, fetchType, spec.ListFetchTypes(), spec.Msg.BadFetchTypeCode)}, nil
		}
		return Result{Value: WxFail{ErrMsg: spec.Msg.BadFetchType + " " + fetchType},
			Note: fmt.Sprintf("%s supports only %s", spec.Name, spec.ListFetchTypes())}, nil
	}
	entry, err := e.db.Cached(ctx, appID, fetchType)
	if errors.Is(err, storage.ErrNotFound) {
		return noData(spec, fetchType, os), nil
	}
	if err != nil {
		return Result{}, fmt.Errorf("read the cache in %s: %w", e.db.Path(), err)
	}
	if spec.Shape == platform.ShapeAlipay {
		data, perr := fetch.AlipayData(entry.Body, entry.DataType)
		note := "the cached body, parsed as dataType " + orDefault(entry.DataType, "json")
		if perr != nil {
			note = fmt.Sprintf("the cached body does not parse as dataType %s (%v); shown as a string", orDefault(entry.DataType, "json"), perr)
		}
		return Result{OK: true, Entry: &entry, Note: note, Value: AlipaySuccess{
			FetchType: fetchType, Timestamp: entry.FetchedAt.UnixMilli(), FetchedData: data}}, nil
	}
	note := "the cached body, as a string to JSON.parse"
	if os == IOS {
		for _, v := range spec.Versions {
			if v.Key == "ios-timestamp" {
				note += "; " + v.Text
			}
		}
	}
	return Result{OK: true, Entry: &entry, Note: note, Value: WxSuccess{
		FetchedData: string(entry.Body),
		TimeStamp:   entry.FetchedAt.UnixMilli(),
		Path:        entry.Path,
		Query:       entry.Query,
		Scene:       entry.Scene,
		ErrMsg:      ErrMsgOK,
	}}, nil
}

func noData(spec *platform.Spec, fetchType string, os OS) Result {
	switch {
	case spec.Shape == platform.ShapeAlipay:
		return Result{Value: AlipayFail{Error: spec.Msg.NoDataCode, ErrorMessage: spec.Msg.NoData},
			Note: fmt.Sprintf("nothing is cached for %s: error %d", fetchType, spec.Msg.NoDataCode)}
	case os == IOS && spec.IOSEmptySuccess && !spec.IOSEmptySuccessDocumented:
		return Result{OK: true, Value: WxSuccess{ErrMsg: ErrMsgOK},
			Note: fmt.Sprintf("nothing is cached: success with empty fetchedData — the tool's assumption for %s: this is WeChat's documented iOS rule; %s does not document what iOS returns with nothing cached", spec.Name, spec.Name)}
	case os == IOS && spec.IOSEmptySuccess:
		return Result{OK: true, Value: WxSuccess{ErrMsg: ErrMsgOK},
			Note: "nothing is cached: iOS calls success with empty fetchedData"}
	case spec.Msg.NoDataAndroidOwn:
		return Result{Value: WxFail{ErrMsg: spec.Msg.NoDataAndroid},
			Note: fmt.Sprintf("nothing is cached: Android calls fail (%s does not publish the exact errMsg)", spec.Name)}
	default:
		return Result{Value: WxFail{ErrMsg: spec.Msg.NoDataAndroid},
			Note: fmt.Sprintf("nothing is cached: %s on Android calls fail", spec.Name)}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
