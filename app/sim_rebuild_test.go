package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
)

// A language switch rebuilds the window while the schedule runs: the new 模拟 tab shows it running, keeps
// the timeline and gets the updates that follow; unticking it there stops the schedule.
func TestScheduleGoesOnAcrossALanguageSwitch(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	if err := u.clock.SetSpeed(core.SpeedMax); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = u.clock.SetSpeed(core.SpeedRealTime) }()
	u.sim.Controls().Running.SetChecked(true)
	f.p.until(t, "an update", func() bool { return countPrefix(u.sim.Events(), "✓ HTTP 200") >= 1 })
	old := u.sim
	points := len(old.Points())
	u.setLanguage(LangEnglish)
	if u.sim == old {
		t.Fatal("the language switch kept the panel")
	}
	if !u.sim.Running() || !u.sim.Controls().Running.Checked || !u.menuItems["sim.run"][0].Checked {
		t.Error("the rebuilt panel does not show the schedule running")
	}
	n := countPrefix(u.sim.Events(), "✓ HTTP 200")
	if n < 1 {
		t.Errorf("the rebuilt panel lost the timeline: %q", u.sim.Events())
	}
	// The timeline is drawn again in English, the strip's points too.
	if ev := u.sim.Events(); len(ev) == 0 || ev[0] != "Schedule started" {
		t.Errorf("the kept timeline is not in English: %q", ev)
	}
	if len(u.sim.Points()) < points || points == 0 {
		t.Errorf("the strip had %d points before the switch, %d after", points, len(u.sim.Points()))
	}
	f.p.until(t, "the strip's points drawn", func() bool { return len(u.sim.StripPoints()) >= points })
	f.p.until(t, "an update on the rebuilt panel", func() bool { return countPrefix(u.sim.Events(), "✓ HTTP 200") > n })
	u.sim.Controls().Running.SetChecked(false)
	f.p.until(t, "the stop", func() bool { return u.clock.Paused() && !u.sim.Running() && !u.menuItems["sim.run"][0].Checked })
}

// An update not sent (the user away 8 days) is said in the window's language, in Chinese and again in
// English after a switch; the command line's English (ScheduleEvent.Msg) shows in neither.
func TestScheduleTimelineInTheWindowsLanguage(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	if err := u.clock.SetSpeed(core.SpeedMax); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = u.clock.SetSpeed(core.SpeedRealTime) }()
	u.sim.Controls().Away.SetSelectedIndex(2) // 8 天前
	u.sim.Controls().Running.SetChecked(true)
	notSent := func(prefix string) string {
		for _, l := range u.sim.Events() {
			if i := strings.Index(l, "  "); i > 0 && strings.HasPrefix(l[i+2:], prefix) {
				return l
			}
		}
		return ""
	}
	f.p.until(t, "an update not sent", func() bool { return notSent("未发送：") != "" })
	if l := notSent("未发送："); !strings.Contains(l, "天未打开小程序") || strings.Contains(l, "the simulated user") {
		t.Errorf("the line in Chinese: %q", l)
	}
	u.sim.Controls().Running.SetChecked(false)
	f.p.until(t, "the stop", func() bool { return !u.sim.Running() })
	u.setLanguage(LangEnglish)
	if l := notSent("not sent: "); !strings.Contains(l, "has not opened the mini program") {
		t.Errorf("the line in English: %q (%q)", l, u.sim.Events())
	}
	for _, l := range u.sim.Events() {
		if strings.ContainsFunc(l, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("Chinese in the English timeline: %q", l)
		}
	}
}

// A failed update's line gives the attempt's error in the window's language, as 请求记录 does, not the
// engine's English.
func TestScheduleFailedUpdateInTheWindowsLanguage(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, `{"token": "tok", "periodic": {"url": "http://127.0.0.1:1/p"}}`) // refused
	f.p.until(t, "the new address", func() bool { return strings.HasSuffix(u.periodic.W().Addr.Text, "127.0.0.1:1/p") })
	if err := u.clock.SetSpeed(core.SpeedMax); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = u.clock.SetSpeed(core.SpeedRealTime) }()
	u.sim.Controls().Running.SetChecked(true)
	failed := func() string {
		for _, l := range u.sim.Events() {
			if strings.Contains(l, "✗") {
				return l
			}
		}
		return ""
	}
	f.p.until(t, "a failed update", func() bool { return failed() != "" })
	u.sim.Controls().Running.SetChecked(false)
	f.p.until(t, "the stop", func() bool { return !u.sim.Running() })
	if l := failed(); regexp.MustCompile(`[A-Za-z]{3,} [A-Za-z]{2,}`).MatchString(l) || !strings.Contains(l, "未缓存：") {
		t.Errorf("English words in the Chinese timeline: %q", l)
	}
}
