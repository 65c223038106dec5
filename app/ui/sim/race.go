package sim

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/widgets"
)

// The cold-start race: a real prefetch, then the mini program's getBackgroundFetchData and
// onBackgroundFetchData replayed at the moments the sliders (or the chart's markers) say.

// newColdCard builds the 冷启动竞态 card: the sliders, 重放 and 复制文本, the chart and the result.
func (s *Panel) newColdCard() fyne.CanvasObject {
	t := s.env.T
	slider := func(max float64, l *widget.Label) *widget.Slider {
		sl := widget.NewSlider(0, max)
		sl.Step = float64(widgets.DragStep.Milliseconds())
		sl.OnChanged = func(v float64) {
			l.SetText(fmt.Sprintf("%.0f ms", v))
			if s.race != nil && s.race.Judge != nil && s.getAt != nil && s.listenerAt != nil { // the chart follows the sliders
				s.race.MoveMarkers(time.Duration(s.getAt.Value)*time.Millisecond, time.Duration(s.listenerAt.Value)*time.Millisecond)
			}
		}
		return sl
	}
	s.delayL, s.getL, s.listenerL = widget.NewLabel("0 ms"), widget.NewLabel("0 ms"), widget.NewLabel("0 ms")
	s.delay, s.getAt, s.listenerAt = slider(5000, s.delayL), slider(5000, s.getL), slider(5000, s.listenerL)
	s.delay.SetValue(500)
	s.listenerAt.SetValue(800)
	s.coldBtn = s.env.ActionButton("sim.race", widget.HighImportance)
	s.raceCopy = s.env.ActionButton("sim.copyRace", widget.LowImportance)
	s.race = widgets.NewRaceChart()
	s.race.Labels = widgets.RaceLabels{Launch: t("冷启动"), Request: t("预拉取请求"), Get: "getBackgroundFetchData",
		Listener: "onBackgroundFetchData", None: t("没有数据"), Old: t("旧数据"), New: t("新数据"), Fires: t("会触发"),
		Missed: t("不会触发"), NoRequest: t("没有预拉取请求")}
	s.race.Hide()
	s.race.OnChanged = func(getAt, listenerAt time.Duration) { // a marker dragged: the sliders follow
		s.getAt.SetValue(float64(getAt.Milliseconds()))
		s.listenerAt.SetValue(float64(listenerAt.Milliseconds()))
	}
	coldForm := container.New(layout.NewFormLayout(),
		shell.Caption(t("服务器额外延迟")), container.NewBorder(nil, nil, nil, s.delayL, s.delay),
		shell.Caption(t("调用 getBackgroundFetchData")), container.NewBorder(nil, nil, nil, s.getL, s.getAt),
		shell.Caption(t("注册 onBackgroundFetchData")), container.NewBorder(nil, nil, nil, s.listenerL, s.listenerAt),
	)
	return shell.Card(t("冷启动竞态"), t("发送一次真实的预拉取请求（按现在的时间，结果进入真实缓存），再按下面的时刻重放：数据到达之前调用 getBackgroundFetchData 得到的是旧数据；数据到达之后才注册的监听不会触发"),
		container.NewVBox(coldForm, container.NewHBox(s.coldBtn, s.raceCopy), s.race, s.coldOut))
}

// ColdRunning reports whether a cold start is in flight.
func (s *Panel) ColdRunning() bool { return s.coldRunning }

// ColdStart runs the simulated launch off the UI goroutine and shows its timeline.
func (s *Panel) ColdStart() {
	env := s.env
	opt := core.ColdStartOptions{OS: env.OS(),
		ServerDelay: time.Duration(s.delay.Value) * time.Millisecond,
		GetAt:       time.Duration(s.getAt.Value) * time.Millisecond,
		ListenerAt:  time.Duration(s.listenerAt.Value) * time.Millisecond}
	if l, err := env.Launch(); err == nil {
		opt.Launch = l
	}
	s.coldRunning = true
	env.RefreshActions()
	s.coldOut.SetText(env.T("请求中…"))
	s.coldOut.Show()
	go func() {
		res, err := env.ColdStart(env.Context(), opt)
		env.Do(func() {
			s.coldRunning = false
			env.RefreshActions()
			if res == nil {
				s.coldOut.SetText(env.ErrText(err))
				return
			}
			var b strings.Builder
			for _, e := range res.Timeline {
				fmt.Fprintf(&b, "%6d ms  %s\n", e.At.Milliseconds(), env.Say(e.Msg))
			}
			fmt.Fprintf(&b, "\ngetBackgroundFetchData (%s): %s\n", callbackName(env, res.Get), env.Say(res.GetWhyMsg))
			fmt.Fprintf(&b, "onBackgroundFetchData: %s", env.Say(res.ListenerMsg))
			s.raceText = env.MaskText(b.String())
			s.coldOut.SetText("")
			s.coldOut.Hide()
			s.showRace(res, opt.OS)
			env.RefreshActions()      // 复制文本 has a timeline to copy
			s.scroll.Refresh()        // the chart's height is known now
			s.scroll.ScrollToBottom() // the result is below the sliders: bring it into view
			s.refresh()
		})
	}()
}

// showRace draws a cold start on the chart, with the verdict in the window's language.
func (s *Panel) showRace(res *core.ColdStartResult, os core.OS) {
	kinds := map[string]widgets.RaceGet{"none": widgets.RaceNone, "old": widgets.RaceOld, "new": widgets.RaceNew}
	s.race.Judge = func(getAt, listenerAt time.Duration) (widgets.RaceGet, bool) {
		get, fires := res.Race(getAt, listenerAt)
		return kinds[get], fires
	}
	s.race.Verdict = func(getAt, listenerAt time.Duration, get widgets.RaceGet, fires bool) string {
		return s.raceVerdict(res, os, getAt, listenerAt, get, fires)
	}
	s.race.Set(res.Attempt != nil, res.Arrived, time.Duration(s.getAt.Value)*time.Millisecond, time.Duration(s.listenerAt.Value)*time.Millisecond)
	s.race.Show()
}

// raceVerdict says in a sentence or two who gets what at these moments.
func (s *Panel) raceVerdict(res *core.ColdStartResult, os core.OS, getAt, listenerAt time.Duration, get widgets.RaceGet, fires bool) string {
	env := s.env
	none := env.T("没有数据：Android 走 fail 回调")
	if os == core.IOS {
		none = env.T("没有数据：iOS 走 success 回调，fetchedData 为空")
	}
	got := map[widgets.RaceGet]string{widgets.RaceNone: none, widgets.RaceOld: env.T("得到之前的数据（它从不等待）"), widgets.RaceNew: env.T("得到这次预拉取的新数据")}[get]
	if res.Attempt == nil {
		return env.F("预拉取已关闭，不发送请求：getBackgroundFetchData %s；onBackgroundFetchData 不会触发。", got)
	}
	out := env.F("getBackgroundFetchData 在 %d ms 调用，数据在 %d ms 到达：%s。", getAt.Milliseconds(), res.Arrived.Milliseconds(), got)
	switch {
	case !res.Attempt.Cached:
		out += env.T("这次没有缓存新数据，onBackgroundFetchData 不会触发。")
	case fires:
		out += env.F("onBackgroundFetchData 在 %d ms 注册，早于数据到达：会触发。", listenerAt.Milliseconds())
	default:
		out += env.F("onBackgroundFetchData 在 %d ms 注册，晚于数据到达：不会触发（更早注册，或调用 getBackgroundFetchData）。", listenerAt.Milliseconds())
	}
	return out
}

// RaceText is the last cold start's timeline as text, the token masked ("" before the first): what
// CopyRace copies.
func (s *Panel) RaceText() string { return s.raceText }

// CopyRace puts the last cold start's timeline, as text, on the clipboard.
func (s *Panel) CopyRace() {
	s.env.Clipboard().SetContent(s.raceText)
	s.env.Toast(s.env.T("已复制冷启动时间线"))
}

func callbackName(s shell.Shell, r core.Result) string {
	if r.OK {
		return s.T("success 回调")
	}
	return s.T("fail 回调")
}
