package sim

import (
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/widgets"
)

// What the panel shows, and its inputs, for the window's tests to read and to drive as a user would.

// Events are the timeline's lines, oldest first (the list shows the newest on top).
func (s *Panel) Events() []string { return s.events }

// Points are the schedule's updates, and the ones not sent, as the strip is to draw them; StripPoints are
// those it draws now.
func (s *Panel) Points() []widgets.StripPoint      { return s.points }
func (s *Panel) StripPoints() []widgets.StripPoint { return s.strip.Points }

// Next is the 下一次更新 line: when, and why then.
func (s *Panel) Next() string { return s.next.Text }

// UserInfo is the simulated user's line: openid, role and grayscale bucket.
func (s *Panel) UserInfo() string { return s.userInfo.Text }

// Race is the last cold start's chart (hidden before the first).
func (s *Panel) Race() *widgets.RaceChart { return s.race }

// Controls are the panel's inputs.
type Controls struct {
	Running    *widget.Check  // 运行周期性更新计划
	OpensDaily *widget.Check  // 模拟用户每天打开小程序
	Away       *widget.Select // 上次打开小程序: 刚刚, 3 or 8 days ago
	User       *widget.Select // the simulated user: the config's, a tester, a new random one
	// The cold start's extra server delay, and the moments getBackgroundFetchData is called and
	// onBackgroundFetchData registered.
	Delay, GetAt, ListenerAt *widget.Slider
}

// Controls are the panel's inputs: setting one runs its callback, as a user's click does.
func (s *Panel) Controls() Controls {
	return Controls{Running: s.running, OpensDaily: s.opensDaily, Away: s.awaySel, User: s.user,
		Delay: s.delay, GetAt: s.getAt, ListenerAt: s.listenerAt}
}
