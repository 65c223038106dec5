package app

import (
	"testing"

	"github.com/bgfetch/devtools/app/core"
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
	f.p.until(t, "an update on the rebuilt panel", func() bool { return countPrefix(u.sim.Events(), "✓ HTTP 200") > n })
	u.sim.Controls().Running.SetChecked(false)
	f.p.until(t, "the stop", func() bool { return u.clock.Paused() && !u.sim.Running() && !u.menuItems["sim.run"][0].Checked })
}
