// Package sim is the 模拟 tab: the 12-hour schedule on the simulation's own clock, the simulated user, the
// grayscale split, and the cold-start race between the prefetch and the mini program's calls.
package sim

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
	"github.com/bgfetch/devtools/app/ui/shell"
	"github.com/bgfetch/devtools/widgets"
)

// Env is what the panel needs of the window and the engines: the real one (the user, the cold start) and
// the simulation's (its clock, its schedule, its user's last open).
type Env interface {
	shell.Shell
	// Project is the project loaded now (nil before the first load).
	Project() *project.Project
	// OS is the simulated OS the cold start runs on.
	OS() core.OS
	// Clock is the simulation's clock; Schedule the 12-hour schedule on the simulation's engine.
	Clock() Clock
	Schedule() Schedule
	// LastOpened is when the simulated user last opened the mini program, on the simulation's clock.
	LastOpened() time.Time
	// CurrentUser is the user requests are sent as (core.Engine.CurrentUser); SetUser switches it, nil
	// for the config's, for real requests and the simulation alike.
	CurrentUser() (project.User, bool)
	SetUser(user *project.User)
	// ColdStart is core.Engine.ColdStart: a real prefetch, the mini program's calls replayed around it.
	ColdStart(ctx context.Context, opt core.ColdStartOptions) (*core.ColdStartResult, error)
	// Launch is the launch parameters the next cold start uses (the prefetch tab's), or an error when
	// they do not validate: the cold start then uses the configured ones.
	Launch() (*fetch.Launch, error)
}

// Clock is the simulation's clock (core.SimClock): it runs only while the schedule does.
type Clock interface {
	Now() time.Time
	Paused() bool
	Speed() float64
	SetSpeed(speed float64) error
}

// Schedule is the 12-hour schedule on the simulation's engine (core.Scheduler).
type Schedule interface {
	Run(ctx context.Context, until time.Time, emit func(core.ScheduleEvent)) error
	SkipToNext(ctx context.Context) time.Duration
	Reset(ctx context.Context) error
	// Wake makes a waiting Run look at the clock again (its speed changed).
	Wake()
	NextPlan(ctx context.Context) core.NextPlan
	LastSuccess(ctx context.Context) (time.Time, error)
	SetRetryAfter(d time.Duration) error
	OpensDaily() bool
	SetOpensDaily(on bool)
	SetLastOpened(t time.Time)
}

// Panel is 模拟: the 12-hour schedule on a controllable clock, the simulated user, the grayscale split,
// and the cold-start race between the prefetch and the mini program's calls.
type Panel struct {
	env        Env
	content    fyne.CanvasObject
	refreshJob shell.Job // the plan's read in flight
	// successor is the panel built in this one's place (a language switch, New's prev): what a schedule
	// or a reset started here brings shows there.
	successor *Panel

	running                 *widget.Check
	speed                   *widget.Select
	retry                   *widget.Select
	clockLbl, next, lastOK  *widget.Label
	opensDaily              *widget.Check
	lastOpened              *widget.Label
	awaySel                 *widget.Select
	skip                    *widget.Button
	timeline                []timelineItem       // what the schedule did, as data: events and points are drawn from it
	events                  []string             // the timeline's lines, in the window's language
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

// New builds the panel; it follows the window's changes itself. prev is the panel it replaces (a language
// switch rebuilds the window), nil the first time: a running schedule goes on, its timeline kept.
func New(env Env, prev *Panel) *Panel {
	t := env.T
	s := &Panel{env: env}
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
	s.speed.SetSelectedIndex(speedIndex(env.Clock().Speed()))
	var retryNames []string
	for _, r := range retries {
		retryNames = append(retryNames, t(r.key))
	}
	s.retry = widget.NewSelect(retryNames, func(string) {
		_ = env.Schedule().SetRetryAfter(retries[s.retry.SelectedIndex()].d)
		s.refresh()
	})
	s.retry.SetSelectedIndex(1)
	s.running = widget.NewCheck(t("运行周期性更新计划"), func(on bool) { s.SetRunning(on) })
	s.skip = env.ActionButton("sim.skip", widget.MediumImportance)
	resetBtn := env.ActionButton("sim.reset", widget.LowImportance)
	s.opensDaily = widget.NewCheck(t("模拟用户每天打开小程序"), func(on bool) {
		env.Schedule().SetOpensDaily(on)
		s.refresh()
	})
	s.opensDaily.SetChecked(env.Schedule().OpensDaily())
	s.awaySel = widget.NewSelect([]string{t("刚刚"), env.F("%d 天前", 3), env.F("%d 天前", 8)}, func(string) {
		days := []int{0, 3, 8}[s.awaySel.SelectedIndex()]
		if days > 0 {
			s.opensDaily.SetChecked(false)
		}
		env.Schedule().SetLastOpened(env.Clock().Now().Add(-time.Duration(days) * 24 * time.Hour))
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
		shell.Caption(t("模拟时间")), s.clockLbl,
		shell.Caption(t("时钟速度")), s.speed,
		shell.Caption(t("下一次更新")), s.next,
		shell.Caption(t("上次成功更新")), s.lastOK,
		shell.Caption(t("失败后重试")), s.retry,
		shell.Caption(t("上次打开小程序")), container.NewBorder(nil, nil, nil, s.awaySel, s.lastOpened),
	)
	sandbox := widget.NewLabel(t("模拟在自己的时钟上运行，结果单独保存在 bgfetch-sim.db：真实的缓存、请求记录和请求里的 timestamp 始终按现在的时间。计划会向服务器发送真实请求，这些请求只记在模拟数据里。"))
	sandbox.Wrapping = fyne.TextWrapWord
	sandbox.Importance = widget.LowImportance
	schedCard := shell.Card(t("周期性更新计划（模拟）"), t("每 12 小时一次，从上次成功更新算起；失败不会重新计时；7 天内未打开小程序的用户不会更新"),
		container.NewVBox(container.NewHBox(s.running, s.skip, resetBtn), sandbox, s.opensDaily, schedForm))

	s.user = widget.NewSelect([]string{t("配置中的用户"), t("体验者（tester）"), t("新的随机用户")}, func(string) { s.switchUser() })
	s.user.SetSelectedIndex(0)
	userCard := shell.Card(t("模拟用户"), t("切换身份不会修改配置文件"), container.NewVBox(s.user, s.userInfo, s.grayP, s.grayBar, s.grayPF, s.grayBarPF))

	left := container.NewVScroll(container.NewVBox(schedCard, userCard, s.newColdCard()))
	s.scroll = left
	s.strip = widgets.NewScheduleStrip()
	s.strip.Empty = t("运行计划后，每次更新显示为一个点")
	legend := widget.NewLabel(t("绿点已缓存 · 红点失败 · 橙点重试 · 灰点未发送（7 天规则）· 圆圈为下一次更新 · 竖线为模拟的现在；指向或点按一个点查看它"))
	legend.Wrapping = fyne.TextWrapWord
	legend.SizeName = theme.SizeNameCaptionText
	legend.Importance = widget.LowImportance
	right := container.NewBorder(container.NewVBox(shell.Caption(t("计划时间线（模拟）")), s.strip, legend), nil, nil, nil, s.eventList)
	split := widgets.NewAdaptiveSplit(left, right, 0.55)
	split.Tabs = []string{t("模拟"), t("计划时间线")} // a short window: the controls and the timeline in turn
	s.content = split
	if prev != nil { // a rebuild (language switch): a running schedule goes on, its timeline kept
		prev.successor = s
		s.schedCancel = prev.schedCancel
		s.running.Checked = prev.schedCancel != nil
		for _, it := range prev.timeline { // its lines and points again, in the new language
			s.add(it)
		}
	}
	env.Subscribe(func(c shell.Change) {
		if c == shell.DataChanged {
			s.refresh()
		}
	})
	return s
}

// Content is the tab's content.
func (s *Panel) Content() fyne.CanvasObject { return s.content }

// current is the panel shown now: this one, or the one a rebuild put in its place.
func (s *Panel) current() *Panel {
	for s.successor != nil {
		s = s.successor
	}
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

func (s *Panel) applySpeed() {
	if err := s.env.Clock().SetSpeed(speeds[s.speed.SelectedIndex()].speed); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Schedule().Wake()
	s.refresh()
}

// Running reports whether the schedule runs.
func (s *Panel) Running() bool { return s.schedCancel != nil }

// SetRunning starts or stops the schedule; its events come back through the shell's Do.
func (s *Panel) SetRunning(on bool) {
	if s.running.Checked != on { // from the menu or the palette: the box follows (not SetChecked: no second call)
		s.running.Checked = on
		s.running.Refresh()
	}
	if s.schedCancel != nil {
		s.schedCancel()
		s.schedCancel = nil
	}
	env := s.env
	if !on {
		s.add(timelineItem{note: "计划已停止，模拟时钟已暂停"})
		s.eventList.Refresh()
		env.RefreshActions()
		return
	}
	ctx, cancel := context.WithCancel(env.Context())
	s.schedCancel = cancel
	s.add(timelineItem{note: "计划已开始"})
	s.eventList.Refresh()
	go func() {
		// s.current(), not s: a language switch rebuilds the panel while the schedule goes on.
		err := env.Schedule().Run(ctx, time.Time{}, func(ev core.ScheduleEvent) {
			env.Do(func() {
				p := s.current()
				if ev.Kind != core.SchedWaiting { // the plan shows under 下一次更新
					p.add(timelineItem{ev: &ev})
					p.eventList.Refresh()
				}
				p.refresh()
			})
		})
		env.Do(func() {
			env.ShowError(err)
			env.RefreshActions()
			s.current().refresh()
		})
	}()
	go s.tick(ctx)
	env.RefreshActions()
}

// tick redraws the simulated clock while the schedule runs.
func (s *Panel) tick(ctx context.Context) {
	tk := time.NewTicker(250 * time.Millisecond)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
			s.env.Do(func() { p := s.current(); p.clockLbl.SetText(p.clockText()) })
		}
	}
}

func (s *Panel) eventText(ev core.ScheduleEvent) string {
	at := ev.At.Format("01-02 15:04:05")
	switch ev.Kind {
	case core.SchedAttempt:
		a := s.env.MaskAttempt(ev.Attempt)
		mark, status, verdict := shell.AttemptVerdict(s.env, a)
		if !a.Cached {
			w := s.env.AttemptWords(a) // the engine's English, in the window's language
			verdict = s.env.F("%s：%s", verdict, cmp.Or(w.Err, w.Reason))
		}
		line := fmt.Sprintf("%s  %s %s · %s · %s", at, mark, status, widgets.FormatBytes(a.Bytes), verdict)
		switch { // as core words it (ev.Msg, in English): being late says more than having overrun
		case ev.Late > time.Minute:
			line += " — " + s.env.F("晚了 %s：这次更新到期时，上一次拉取还没有结束", ev.Late.Round(time.Second))
		case ev.Overran > 0:
			line += " — " + s.env.F("这次拉取用了 %s 模拟时间，超过了下一次计划的更新：拉取不会重叠，下一次从这次结束时算起", ev.Overran.Round(time.Second))
		}
		return line
	case core.SchedWaiting:
		return ""
	case core.SchedInactive:
		return at + "  " + s.env.F("未发送：%s", s.planWhy(ev.Plan))
	case core.SchedSkipped:
		if ev.Invalid {
			return at + "  " + s.env.F("未发送：配置无效，修正之前每次更新都跳过（%s）", s.env.ErrText(ev.Err))
		}
		return at + "  " + s.env.F("未发送：%s", s.env.ErrText(ev.Err))
	case core.SchedClockJump:
		return at + "  " + s.env.F("本机时钟跳过了 %s（休眠？）：其间错过的更新不补发，现在最多发送一次", ev.Jump.Round(time.Second))
	default:
		return at + "  " + ev.Msg
	}
}

// addPoint puts a schedule event on the strip: an update (cached, failed, or a retry after a failure) or
// one not sent.
func (s *Panel) addPoint(ev core.ScheduleEvent, line string) {
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

// timelineItem is one line of the timeline: a schedule event, or a note of the panel's own (its message
// key).
type timelineItem struct {
	ev   *core.ScheduleEvent
	note string
}

// add puts an item on the timeline: its line, in the window's language, and for an update (sent or not)
// its point on the strip. The caller refreshes the list.
func (s *Panel) add(it timelineItem) {
	s.timeline = append(s.timeline, it)
	if it.ev == nil {
		s.events = append(s.events, s.env.T(it.note))
		return
	}
	line := s.eventText(*it.ev)
	s.events = append(s.events, line)
	if k := it.ev.Kind; k == core.SchedAttempt || k == core.SchedInactive || k == core.SchedSkipped {
		s.addPoint(*it.ev, line)
	}
}

// refresh redraws the plan off the UI goroutine's database reads.
func (s *Panel) refresh() {
	env := s.env
	type state struct {
		plan              core.NextPlan
		last, opened, now time.Time
	}
	// Events come quickly while the schedule runs: only the newest read is drawn.
	shell.Background(env, &s.refreshJob, func(ctx context.Context) (state, error) {
		st := state{plan: env.Schedule().NextPlan(ctx), opened: env.LastOpened(), now: env.Clock().Now()}
		st.last, _ = env.Schedule().LastSuccess(ctx)
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
				s.lastOK.SetText(env.T("尚无缓存数据"))
			} else {
				s.lastOK.SetText(last.Format("2006-01-02 15:04:05"))
			}
			s.lastOpened.SetText(env.F("%s（%.1f 天前）", opened.Format("01-02 15:04"), now.Sub(opened).Hours()/24))
		}
	})
	s.refreshUser()
}

func (s *Panel) refreshUser() {
	env := s.env
	t := env.T
	p := env.Project()
	if p == nil {
		return
	}
	user, _ := env.CurrentUser()
	role := t("普通用户")
	if user.Tester {
		role = t("开发者或体验者")
	}
	s.userInfo.SetText(fmt.Sprintf("openid %s · %s · %s %d", user.OpenID, role, t("灰度分桶"), fetch.Bucket(p.AppID, user.OpenID)))
	gray := func(kind string, src project.Source, bar *widgets.SplitBar) string {
		if src.Gray.URL == "" || !platform.Of(p.Platform).Gray {
			bar.Hide()
			return env.F("%s：%s", kind, t("未配置灰度地址"))
		}
		g, m := fetch.GraySplit(p.AppID, src.Gray.Percent, 1000)
		in, why := shell.GrayWhy(env, p.AppID, user, src.Gray.Percent)
		who := t("主地址")
		if in {
			who = t("灰度地址")
		}
		bucket := fetch.Bucket(p.AppID, user.OpenID)
		mark := env.F("当前用户 · 分桶 %d", bucket)
		if user.Tester {
			mark = t("当前用户 · 体验者，总用灰度地址")
		}
		bar.Set(float64(src.Gray.Percent)/100, env.F("灰度地址 %d%% · %d 个模拟用户", src.Gray.Percent, g),
			env.F("主地址 · %d 个", m), (float64(bucket)+0.5)/100, mark, in)
		bar.Show()
		return env.F("%s：灰度 %d%%，1000 个模拟用户中 %d 个用灰度地址、%d 个用主地址；当前用户用%s（%s）。注意：管理后台的灰度比例只能调高，不能回退。",
			kind, src.Gray.Percent, g, m, who, why)
	}
	s.grayP.SetText(gray(t("周期性更新"), p.Periodic, s.grayBar))
	s.grayPF.SetText(gray(t("数据预拉取"), p.Prefetch.Source, s.grayBarPF))
}

func (s *Panel) switchUser() {
	p := s.env.Project()
	switch s.user.SelectedIndex() {
	case 0:
		s.env.SetUser(nil)
	case 1:
		u := project.User{OpenID: "oTester", Tester: true}
		if p != nil {
			u.OpenID = p.User.OpenID
		}
		s.env.SetUser(&u)
	case 2:
		s.env.SetUser(&project.User{OpenID: "o" + strconv.FormatInt(time.Now().UnixNano()%1e10, 36)})
	}
	s.refreshUser()
}

// planWhy says why the next update is due when it is, in the window's language.
func (s *Panel) planWhy(p core.NextPlan) string {
	env := s.env
	hours := func(d time.Duration) string { return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m") }
	switch p.Kind {
	case core.PlanInactive:
		return env.F("模拟用户已 %.1f 天未打开小程序（超过 7 天）：在下一次冷启动之前，客户端不发送周期性更新", p.Away.Hours()/24)
	case core.PlanUnreadable:
		return env.F("无法读取上次更新：%s", env.ErrText(p.Err))
	case core.PlanAhead:
		return env.F("上次更新的时间比模拟时钟晚 %s（由跳到未来的模拟留下）：现在就到期", p.Ahead.Round(time.Second))
	case core.PlanFirst:
		return env.T("还没有成功的更新：现在就到期")
	case core.PlanFirstRetry:
		return env.F("还没有成功的更新：上次失败后 %s 重试", hours(p.Retry))
	case core.PlanRetry:
		return env.F("更新失败：%s 后重试（失败不会重新计算 12 小时）", hours(p.Retry))
	}
	return env.T("上次成功更新后 12 小时")
}

// clockText is the simulated time, and whether the clock runs.
func (s *Panel) clockText() string {
	now := s.env.Clock().Now().Format("2006-01-02 15:04:05")
	if s.env.Clock().Paused() {
		return s.env.F("%s（已暂停：计划运行时才走）", now)
	}
	return now
}

// SkipToNext moves the simulated clock to the next due update.
func (s *Panel) SkipToNext() {
	env := s.env
	shell.Background(env, nil, func(ctx context.Context) (struct{}, error) { env.Schedule().SkipToNext(ctx); return struct{}{}, nil },
		func(struct{}, error) { s.refresh() })
}

// Reset stops the schedule, takes the simulated clock back to now and empties the simulation store.
func (s *Panel) Reset() {
	env := s.env
	if s.schedCancel != nil {
		s.running.SetChecked(false)
	}
	s.timeline, s.events, s.points = nil, nil, nil
	s.eventList.Refresh()
	shell.Background(env, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, env.Schedule().Reset(ctx) }, // waits for the schedule to return
		func(_ struct{}, err error) {
			env.ShowError(err)
			if err == nil {
				env.Toast(env.T("已重置模拟：时钟回到现在，模拟数据已清空"))
			}
			s.current().refresh()
		})
}
