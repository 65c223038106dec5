package app

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/widgets"
)

// simPanel is 模拟: the 12-hour schedule on a controllable clock, the simulated user, the grayscale split,
// and the cold-start race between the prefetch and the mini program's calls.
type simPanel struct {
	u          *UI
	content    fyne.CanvasObject
	refreshJob job // the plan's read in flight

	running                 *widget.Check
	speed                   *widget.Select
	retry                   *widget.Select
	clockLbl, next, lastOK  *widget.Label
	opensDaily              *widget.Check
	lastOpened              *widget.Label
	awaySel                 *widget.Select
	skip                    *widget.Button
	events                  []string
	points                  []widgets.StripPoint // the same events on the schedule strip
	strip                   *widgets.ScheduleStrip
	stripNext               time.Time // the next planned update, for the strip
	eventList               *widget.List
	schedCancel             context.CancelFunc
	user                    *widget.Select
	userInfo, grayP, grayPF *widget.Label
	grayBar, grayBarPF      *widgets.SplitBar // the same splits as bars, the current user marked

	delay, getAt, listenerAt *widget.Slider
	delayL, getL, listenerL  *widget.Label
	coldBtn                  *widget.Button
	coldOut                  *widget.Label
	coldRunning              bool
	race                     *widgets.RaceChart // the last cold start on a time axis; markers move with the sliders
	raceText                 string             // the same as text, masked, for 复制文本
	raceCopy                 *widget.Button
	scroll                   *container.Scroll // the left column: a cold-start result scrolls into view
}

var speeds = []struct {
	key   string
	speed float64
}{{"实时（1×）", core.SpeedRealTime}, {"12 小时 = 1 分钟（720×）", core.SpeedMinute}, {"12 小时 = 10 秒（4320×）", core.Speed10s}}

var retries = []struct {
	key string
	d   time.Duration
}{{"5 分钟", 5 * time.Minute}, {"1 小时", time.Hour}, {"6 小时", 6 * time.Hour}}

func newSimPanel(u *UI) *simPanel {
	t := u.tr.T
	s := &simPanel{u: u}
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	s.clockLbl, s.next, s.lastOK, s.lastOpened = label(), label(), label(), label()
	s.userInfo, s.grayP, s.grayPF, s.coldOut = label(), label(), label(), label()
	s.grayBar, s.grayBarPF = widgets.NewSplitBar(), widgets.NewSplitBar() // shown once a grayscale address is known
	s.grayBar.Hide()
	s.grayBarPF.Hide()

	var speedNames []string
	for _, sp := range speeds {
		speedNames = append(speedNames, t(sp.key))
	}
	s.speed = widget.NewSelect(speedNames, func(string) { s.applySpeed() })
	s.speed.SetSelectedIndex(speedIndex(u.clock.Speed()))
	var retryNames []string
	for _, r := range retries {
		retryNames = append(retryNames, t(r.key))
	}
	s.retry = widget.NewSelect(retryNames, func(string) {
		_ = u.sched.SetRetryAfter(retries[s.retry.SelectedIndex()].d)
		s.refresh()
	})
	s.retry.SetSelectedIndex(1)
	s.running = widget.NewCheck(t("运行周期性更新计划"), func(on bool) { s.setRunning(on) })
	s.skip = u.actionButton("sim.skip", widget.MediumImportance)
	resetBtn := u.actionButton("sim.reset", widget.LowImportance)
	s.opensDaily = widget.NewCheck(t("模拟用户每天打开小程序"), func(on bool) {
		u.sched.SetOpensDaily(on)
		s.refresh()
	})
	s.opensDaily.SetChecked(u.sched.OpensDaily())
	s.awaySel = widget.NewSelect([]string{t("刚刚"), u.tr.F("%d 天前", 3), u.tr.F("%d 天前", 8)}, func(string) {
		days := []int{0, 3, 8}[s.awaySel.SelectedIndex()]
		if days > 0 {
			s.opensDaily.SetChecked(false)
		}
		u.sched.SetLastOpened(u.clock.Now().Add(-time.Duration(days) * 24 * time.Hour))
		s.refresh()
	})
	s.awaySel.PlaceHolder = t("设置上次打开时间")
	s.eventList = &widget.List{
		Length:     func() int { return len(s.events) },
		CreateItem: func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.events) {
				o.(*widget.Label).SetText(s.events[len(s.events)-1-id])
			}
		},
	}
	schedForm := container.New(layout.NewFormLayout(),
		caption(t("模拟时间")), s.clockLbl,
		caption(t("时钟速度")), s.speed,
		caption(t("下一次更新")), s.next,
		caption(t("上次成功更新")), s.lastOK,
		caption(t("失败后重试")), s.retry,
		caption(t("上次打开小程序")), container.NewBorder(nil, nil, nil, s.awaySel, s.lastOpened),
	)
	sandbox := widget.NewLabel(t("模拟在自己的时钟上运行，结果单独保存在 bgfetch-sim.db：真实的缓存、请求记录和请求里的 timestamp 始终按现在的时间。计划会向服务器发送真实请求，这些请求只记在模拟数据里。"))
	sandbox.Wrapping = fyne.TextWrapWord
	sandbox.Importance = widget.LowImportance
	schedCard := card(t("周期性更新计划（模拟）"), t("每 12 小时一次，从上次成功更新算起；失败不会重新计时；7 天内未打开小程序的用户不会更新"),
		container.NewVBox(container.NewHBox(s.running, s.skip, resetBtn), sandbox, s.opensDaily, schedForm))

	s.user = widget.NewSelect([]string{t("配置中的用户"), t("体验者（tester）"), t("新的随机用户")}, func(string) { s.switchUser() })
	s.user.SetSelectedIndex(0)
	userCard := card(t("模拟用户"), t("切换身份不会修改配置文件"), container.NewVBox(s.user, s.userInfo, s.grayP, s.grayBar, s.grayPF, s.grayBarPF))

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
	s.coldBtn = u.actionButton("sim.race", widget.HighImportance)
	s.raceCopy = u.actionButton("sim.copyRace", widget.LowImportance)
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
		caption(t("服务器额外延迟")), container.NewBorder(nil, nil, nil, s.delayL, s.delay),
		caption(t("调用 getBackgroundFetchData")), container.NewBorder(nil, nil, nil, s.getL, s.getAt),
		caption(t("注册 onBackgroundFetchData")), container.NewBorder(nil, nil, nil, s.listenerL, s.listenerAt),
	)
	coldCard := card(t("冷启动竞态"), t("发送一次真实的预拉取请求（按现在的时间，结果进入真实缓存），再按下面的时刻重放：数据到达之前调用 getBackgroundFetchData 得到的是旧数据；数据到达之后才注册的监听不会触发"),
		container.NewVBox(coldForm, container.NewHBox(s.coldBtn, s.raceCopy), s.race, s.coldOut))

	left := container.NewVScroll(container.NewVBox(schedCard, userCard, coldCard))
	s.scroll = left
	s.strip = widgets.NewScheduleStrip()
	s.strip.Empty = t("运行计划后，每次更新显示为一个点")
	legend := widget.NewLabel(t("绿点已缓存 · 红点失败 · 橙点重试 · 灰点未发送（7 天规则）· 圆圈为下一次更新 · 竖线为模拟的现在；指向或点按一个点查看它"))
	legend.Wrapping = fyne.TextWrapWord
	legend.SizeName = theme.SizeNameCaptionText
	legend.Importance = widget.LowImportance
	right := container.NewBorder(container.NewVBox(caption(t("计划时间线（模拟）")), s.strip, legend), nil, nil, nil, s.eventList)
	split := widgets.NewAdaptiveSplit(left, right, 0.55)
	split.Tabs = []string{t("模拟"), t("计划时间线")} // a short window: the controls and the timeline in turn
	s.content = split
	return s
}

func speedIndex(v float64) int {
	for i, sp := range speeds {
		if sp.speed == v {
			return i
		}
	}
	return 0
}

func (s *simPanel) applySpeed() {
	if err := s.u.clock.SetSpeed(speeds[s.speed.SelectedIndex()].speed); err != nil {
		s.u.showError(err)
		return
	}
	s.u.sched.Wake()
	s.refresh()
}

// setRunning starts or stops the schedule; its events come back through u.do.
func (s *simPanel) setRunning(on bool) {
	if s.schedCancel != nil {
		s.schedCancel()
		s.schedCancel = nil
	}
	if !on {
		s.addEvent(s.u.tr.T("计划已停止，模拟时钟已暂停"))
		s.u.refreshActions()
		return
	}
	ctx, cancel := context.WithCancel(s.u.ctx)
	s.schedCancel = cancel
	s.addEvent(s.u.tr.T("计划已开始"))
	u := s.u
	go func() {
		// u.sim, not s: a language switch rebuilds the panel while the schedule goes on.
		err := u.sched.Run(ctx, time.Time{}, func(ev core.ScheduleEvent) {
			u.do(func() {
				if line := u.sim.eventText(ev); line != "" {
					u.sim.addEvent(line)
					if ev.Kind == core.SchedAttempt || ev.Kind == core.SchedInactive || ev.Kind == core.SchedSkipped {
						u.sim.addPoint(ev, line)
					}
				}
				u.sim.refresh()
			})
		})
		u.do(func() {
			u.showError(err)
			u.refreshActions()
			u.sim.refresh()
		})
	}()
	go s.tick(ctx)
	u.refreshActions()
}

// tick redraws the simulated clock while the schedule runs.
func (s *simPanel) tick(ctx context.Context) {
	tk := time.NewTicker(250 * time.Millisecond)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
			s.u.do(func() { s.u.sim.clockLbl.SetText(s.u.sim.clockText()) })
		}
	}
}

func (s *simPanel) eventText(ev core.ScheduleEvent) string {
	at := ev.At.Format("01-02 15:04:05")
	switch ev.Kind {
	case core.SchedAttempt:
		a := s.u.maskAttempt(ev.Attempt)
		mark, status, verdict := attemptVerdict(s.u, a)
		if !a.Cached {
			verdict += ": " + cmp.Or(a.Error, a.Reason)
		}
		line := fmt.Sprintf("%s  %s %s · %s · %s", at, mark, status, widgets.FormatBytes(a.Bytes), verdict)
		if ev.Msg != "" {
			line += " — " + ev.Msg
		}
		return line
	case core.SchedWaiting:
		return ""
	default:
		return at + "  " + string(ev.Kind) + ": " + ev.Msg
	}
}

// addPoint puts a schedule event on the strip: an update (cached, failed, or a retry after a failure) or
// one not sent.
func (s *simPanel) addPoint(ev core.ScheduleEvent, line string) {
	kind := widgets.StripSkipped
	if ev.Kind == core.SchedAttempt {
		switch {
		case ev.Attempt.Cached:
			kind = widgets.StripSuccess
		case len(s.points) > 0 && s.points[len(s.points)-1].Kind != widgets.StripSuccess && s.points[len(s.points)-1].Kind != widgets.StripSkipped:
			kind = widgets.StripRetry
		default:
			kind = widgets.StripFailure
		}
	}
	s.points = append(s.points, widgets.StripPoint{At: ev.At, Kind: kind, Text: line}) // drawn by the refresh after the event
}

func (s *simPanel) addEvent(line string) {
	s.events = append(s.events, line)
	s.eventList.Refresh()
}

// refresh redraws the plan off the UI goroutine's database reads.
func (s *simPanel) refresh() {
	u := s.u
	type state struct {
		plan              core.NextPlan
		last, opened, now time.Time
	}
	// Events come quickly while the schedule runs: only the newest read is drawn.
	background(u, &s.refreshJob, func(ctx context.Context) (state, error) {
		st := state{plan: u.sched.NextPlan(ctx), opened: u.simEng.LastOpened(), now: u.clock.Now()}
		st.last, _ = u.sched.LastSuccess(ctx)
		return st, nil
	}, func(st state, _ error) {
		plan, last, opened, now := st.plan, st.last, st.opened, st.now
		due, ok := plan.Due, plan.OK
		{
			s.clockLbl.SetText(s.clockText())
			why := s.planWhy(plan) // on the UI goroutine: the translator is the window's
			s.stripNext = time.Time{}
			if ok {
				s.stripNext = due
			}
			s.strip.Set(s.points, now, s.stripNext)
			switch {
			case !ok:
				s.next.SetText(why)
				s.next.Importance = widget.WarningImportance
			default:
				s.next.SetText(fmt.Sprintf("%s — %s", due.Format("2006-01-02 15:04:05"), why))
				s.next.Importance = widget.MediumImportance
			}
			s.next.Refresh()
			if last.IsZero() {
				s.lastOK.SetText(u.tr.T("尚无缓存数据"))
			} else {
				s.lastOK.SetText(last.Format("2006-01-02 15:04:05"))
			}
			s.lastOpened.SetText(u.tr.F("%s（%.1f 天前）", opened.Format("01-02 15:04"), now.Sub(opened).Hours()/24))
		}
	})
	s.refreshUser()
}

func (s *simPanel) refreshUser() {
	t := s.u.tr.T
	p := s.u.proj
	if p == nil {
		return
	}
	user, _ := s.u.eng.CurrentUser()
	role := t("普通用户")
	if user.Tester {
		role = t("开发者或体验者")
	}
	s.userInfo.SetText(fmt.Sprintf("openid %s · %s · %s %d", user.OpenID, role, t("灰度分桶"), fetch.Bucket(p.AppID, user.OpenID)))
	gray := func(kind string, src project.Source, bar *widgets.SplitBar) string {
		if src.Gray.URL == "" || !platform.Of(p.Platform).Gray {
			bar.Hide()
			return s.u.tr.F("%s：%s", kind, t("未配置灰度地址"))
		}
		g, m := fetch.GraySplit(p.AppID, src.Gray.Percent, 1000)
		in, why := grayWhy(s.u, p.AppID, user, src.Gray.Percent)
		who := t("主地址")
		if in {
			who = t("灰度地址")
		}
		bucket := fetch.Bucket(p.AppID, user.OpenID)
		mark := s.u.tr.F("当前用户 · 分桶 %d", bucket)
		if user.Tester {
			mark = t("当前用户 · 体验者，总用灰度地址")
		}
		bar.Set(float64(src.Gray.Percent)/100, s.u.tr.F("灰度地址 %d%% · %d 个模拟用户", src.Gray.Percent, g),
			s.u.tr.F("主地址 · %d 个", m), (float64(bucket)+0.5)/100, mark, in)
		bar.Show()
		return s.u.tr.F("%s：灰度 %d%%，1000 个模拟用户中 %d 个用灰度地址、%d 个用主地址；当前用户用%s（%s）。注意：管理后台的灰度比例只能调高，不能回退。",
			kind, src.Gray.Percent, g, m, who, why)
	}
	s.grayP.SetText(gray(t("周期性更新"), p.Periodic, s.grayBar))
	s.grayPF.SetText(gray(t("数据预拉取"), p.Prefetch.Source, s.grayBarPF))
}

func (s *simPanel) switchUser() {
	p := s.u.proj
	switch s.user.SelectedIndex() {
	case 0:
		s.setUser(nil)
	case 1:
		u := project.User{OpenID: "oTester", Tester: true}
		if p != nil {
			u.OpenID = p.User.OpenID
		}
		s.setUser(&u)
	case 2:
		s.setUser(&project.User{OpenID: "o" + strconv.FormatInt(time.Now().UnixNano()%1e10, 36)})
	}
	s.refreshUser()
}

// coldStart runs the simulated launch off the UI goroutine and shows its timeline.
func (s *simPanel) coldStart() {
	u := s.u
	opt := core.ColdStartOptions{OS: u.osChoice,
		ServerDelay: time.Duration(s.delay.Value) * time.Millisecond,
		GetAt:       time.Duration(s.getAt.Value) * time.Millisecond,
		ListenerAt:  time.Duration(s.listenerAt.Value) * time.Millisecond}
	if l, err := u.prefetch.launch(); err == nil {
		opt.Launch = l
	}
	s.coldRunning = true
	u.refreshActions()
	s.coldOut.SetText(u.tr.T("请求中…"))
	s.coldOut.Show()
	go func() {
		res, err := u.eng.ColdStart(u.ctx, opt)
		u.do(func() {
			s.coldRunning = false
			u.refreshActions()
			if res == nil {
				s.coldOut.SetText(u.errText(err))
				return
			}
			var b strings.Builder
			for _, e := range res.Timeline {
				fmt.Fprintf(&b, "%6d ms  %s\n", e.At.Milliseconds(), u.say(e.Msg))
			}
			fmt.Fprintf(&b, "\ngetBackgroundFetchData (%s): %s\n", callbackName(u, res.Get), u.say(res.GetWhyMsg))
			fmt.Fprintf(&b, "onBackgroundFetchData: %s", u.say(res.ListenerMsg))
			s.raceText = u.maskText(b.String())
			s.coldOut.SetText("")
			s.coldOut.Hide()
			s.showRace(res, opt.OS)
			u.refreshActions()        // 复制文本 has a timeline to copy
			s.scroll.Refresh()        // the chart's height is known now
			s.scroll.ScrollToBottom() // the result is below the sliders: bring it into view
			s.refresh()
		})
	}()
}

// planWhy says why the next update is due when it is, in the window's language.
func (s *simPanel) planWhy(p core.NextPlan) string {
	tr := s.u.tr
	hours := func(d time.Duration) string { return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m") }
	switch p.Kind {
	case core.PlanInactive:
		return tr.F("模拟用户已 %.1f 天未打开小程序（超过 7 天）：在下一次冷启动之前，客户端不发送周期性更新", p.Away.Hours()/24)
	case core.PlanUnreadable:
		return tr.F("无法读取上次更新：%s", s.u.errText(p.Err))
	case core.PlanAhead:
		return tr.F("上次更新的时间比模拟时钟晚 %s（由跳到未来的模拟留下）：现在就到期", p.Ahead.Round(time.Second))
	case core.PlanFirst:
		return tr.T("还没有成功的更新：现在就到期")
	case core.PlanFirstRetry:
		return tr.F("还没有成功的更新：上次失败后 %s 重试", hours(p.Retry))
	case core.PlanRetry:
		return tr.F("更新失败：%s 后重试（失败不会重新计算 12 小时）", hours(p.Retry))
	}
	return tr.T("上次成功更新后 12 小时")
}

// showRace draws a cold start on the chart, with the verdict in the window's language.
func (s *simPanel) showRace(res *core.ColdStartResult, os core.OS) {
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
func (s *simPanel) raceVerdict(res *core.ColdStartResult, os core.OS, getAt, listenerAt time.Duration, get widgets.RaceGet, fires bool) string {
	tr := s.u.tr
	none := tr.T("没有数据：Android 走 fail 回调")
	if os == core.IOS {
		none = tr.T("没有数据：iOS 走 success 回调，fetchedData 为空")
	}
	got := map[widgets.RaceGet]string{widgets.RaceNone: none, widgets.RaceOld: tr.T("得到之前的数据（它从不等待）"), widgets.RaceNew: tr.T("得到这次预拉取的新数据")}[get]
	if res.Attempt == nil {
		return tr.F("预拉取已关闭，不发送请求：getBackgroundFetchData %s；onBackgroundFetchData 不会触发。", got)
	}
	out := tr.F("getBackgroundFetchData 在 %d ms 调用，数据在 %d ms 到达：%s。", getAt.Milliseconds(), res.Arrived.Milliseconds(), got)
	switch {
	case !res.Attempt.Cached:
		out += tr.T("这次没有缓存新数据，onBackgroundFetchData 不会触发。")
	case fires:
		out += tr.F("onBackgroundFetchData 在 %d ms 注册，早于数据到达：会触发。", listenerAt.Milliseconds())
	default:
		out += tr.F("onBackgroundFetchData 在 %d ms 注册，晚于数据到达：不会触发（更早注册，或调用 getBackgroundFetchData）。", listenerAt.Milliseconds())
	}
	return out
}

// copyRace puts the last cold start's timeline, as text, on the clipboard.
func (s *simPanel) copyRace() {
	s.u.app.Clipboard().SetContent(s.raceText)
	s.u.toast(s.u.tr.T("已复制冷启动时间线"))
}

// setUser switches the simulated user for real requests and for the simulation alike.
func (s *simPanel) setUser(user *project.User) {
	s.u.eng.SetUser(user)
	s.u.simEng.SetUser(user)
}

// clockText is the simulated time, and whether the clock runs.
func (s *simPanel) clockText() string {
	now := s.u.clock.Now().Format("2006-01-02 15:04:05")
	if s.u.clock.Paused() {
		return s.u.tr.F("%s（已暂停：计划运行时才走）", now)
	}
	return now
}

// skipToNext moves the simulated clock to the next due update.
func (s *simPanel) skipToNext() {
	u := s.u
	background(u, nil, func(ctx context.Context) (struct{}, error) { u.sched.SkipToNext(ctx); return struct{}{}, nil },
		func(struct{}, error) { s.refresh() })
}

// reset stops the schedule, takes the simulated clock back to now and empties the simulation store.
func (s *simPanel) reset() {
	u := s.u
	if s.schedCancel != nil {
		s.running.SetChecked(false)
	}
	s.events, s.points = nil, nil
	s.eventList.Refresh()
	background(u, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, u.sched.Reset(ctx) }, // waits for the schedule to return
		func(_ struct{}, err error) {
			u.showError(err)
			if err == nil {
				u.toast(u.tr.T("已重置模拟：时钟回到现在，模拟数据已清空"))
			}
			u.sim.refresh()
		})
}

func callbackName(u *UI, r core.Result) string {
	if r.OK {
		return u.tr.T("success 回调")
	}
	return u.tr.T("fail 回调")
}
