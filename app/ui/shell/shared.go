package shell

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
)

// What more than one panel shows the same way: an attempt's verdict, the grayscale decision, a card.

// AttemptVerdict is how an attempt ended, in words: ✓ or ✗, "HTTP 200" or 无响应, 已缓存 or 未缓存.
func AttemptVerdict(s Shell, a *core.Attempt) (mark, status, verdict string) {
	mark, status, verdict = "✓", s.T("无响应"), s.T("已缓存")
	if a.Status != 0 {
		status = fmt.Sprintf("HTTP %d", a.Status)
	}
	if !a.Cached {
		mark, verdict = "✗", s.T("未缓存")
	}
	return mark, status, verdict
}

// GrayWhy is fetch.InGray in the window's language: whether the user gets the grayscale address, and why.
func GrayWhy(s Shell, appID string, user project.User, percent int) (bool, string) {
	in, code, bucket := fetch.GrayDecision(appID, user, percent)
	switch code {
	case fetch.GrayTester:
		return in, s.T("模拟用户是开发者或体验者，总是使用灰度地址")
	case fetch.GrayAll:
		return in, s.T("灰度 100%：灰度地址已成为主地址")
	case fetch.GrayNone:
		return in, s.T("灰度 0%：只有开发者和体验者使用灰度地址")
	case fetch.GrayBelow:
		return in, s.F("用户分桶 %d 小于灰度比例 %d", bucket, percent)
	}
	return in, s.F("用户分桶 %d 不小于灰度比例 %d", bucket, percent)
}

// Card is a titled group whose explanation wraps: a Card's own subtitle is one line as wide as its text,
// which would widen the window.
func Card(title, subtitle string, content fyne.CanvasObject) *widget.Card {
	if subtitle == "" {
		return widget.NewCard(title, "", content)
	}
	sub := widget.NewLabel(subtitle)
	sub.Wrapping = fyne.TextWrapWord
	sub.Importance = widget.LowImportance
	return widget.NewCard(title, "", container.NewBorder(sub, nil, nil, nil, content))
}

// PrefetchOffText says, in the window's language, why the mini program would not prefetch ("" when it
// would).
func PrefetchOffText(s Shell, r core.PrefetchOffReason) string {
	switch r {
	case core.PrefetchSwitchOff:
		return s.T("未启用数据预拉取：小程序不会预拉取，因为 project.config.json 的 setting.preloadBackgroundData 未打开")
	case core.PrefetchNoEntry:
		return s.T("小程序不会预拉取：preload.json 中没有 fetchType 为 pre 的条目")
	}
	return ""
}
