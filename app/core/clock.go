package core

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// Clock speeds with names.
const (
	SpeedRealTime = 1.0    // 1×
	SpeedMinute   = 720.0  // 12 h = 1 min
	Speed10s      = 4320.0 // 12 h = 10 s
)

// SpeedMax makes waits instant: the clock jumps to the next event (a discrete-event simulation).
var SpeedMax = math.Inf(1)

// ErrBadSpeed is returned for a clock speed that is not a positive number.
var ErrBadSpeed = errors.New("the clock speed must be a positive number: 1 is real time, 720 runs 12 hours in a minute, 4320 in 10 seconds")

// ParseSpeed reads a clock speed: a positive number, "720x", or "max".
func ParseSpeed(s string) (float64, error) {
	if s == "max" {
		return SpeedMax, nil
	}
	var v float64
	if _, err := fmt.Sscanf(s, "%g", &v); err != nil || math.IsNaN(v) || v <= 0 || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: %w", s, ErrBadSpeed)
	}
	return v, nil
}

// RealClock is what a SimClock reads real time from; tests replace it.
type RealClock interface {
	// Now is the real time; differences between two readings are elapsed time (monotonic).
	Now() time.Time
	// Wall is the wall-clock time, which jumps when the machine sleeps or the clock is set.
	Wall() time.Time
	// After waits d of real time.
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) Wall() time.Time                        { return time.Now().Round(0) }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// SimClock is the simulated time the simulation engine stamps requests and results with: real time run at
// a speed, plus the skips the developer asked for. At 1× it follows the wall clock, so a machine that slept
// catches up; at other speeds it follows the monotonic clock.
//
// A SimClock starts paused: its time stands still until Resume, and stands still again after Pause.
// Scheduler.Run resumes it when it starts and pauses it when it returns, so simulated time passes only
// while the schedule runs. Advance (skip to the next update) works whether paused or not.
type SimClock struct {
	real RealClock

	mu         sync.Mutex
	speed      float64
	paused     bool
	anchorReal time.Time
	anchorWall time.Time
	anchorSim  time.Time
}

// NewSimClock returns a simulated clock standing at the real time, paused, at 1×. real nil = the system
// clock.
func NewSimClock(real RealClock) *SimClock {
	if real == nil {
		real = systemClock{}
	}
	c := &SimClock{real: real, speed: 1, paused: true}
	c.anchorAtRealNow()
	return c
}

// anchorAtRealNow sets the simulated time to the real time now (whole milliseconds); c.mu held or c new.
func (c *SimClock) anchorAtRealNow() {
	now := c.real.Now()
	c.anchorReal, c.anchorWall, c.anchorSim = now, c.real.Wall(), now.Round(0).Truncate(time.Millisecond)
}

// Now is the simulated time, in whole milliseconds like every time the platforms report.
func (c *SimClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked(c.real.Now()).Truncate(time.Millisecond)
}

func (c *SimClock) nowLocked(r time.Time) time.Time {
	if c.paused || math.IsInf(c.speed, 1) {
		return c.anchorSim
	}
	return c.anchorSim.Add(time.Duration(float64(r.Sub(c.anchorReal)) * c.speed))
}

// reanchorLocked makes the current simulated time the anchor, from the real and wall times now.
func (c *SimClock) reanchorLocked() {
	r := c.real.Now()
	c.anchorSim, c.anchorReal, c.anchorWall = c.nowLocked(r), r, c.real.Wall()
}

// Pause stops the simulated time where it is. Pausing a paused clock does nothing.
func (c *SimClock) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.paused {
		c.reanchorLocked()
		c.paused = true
	}
}

// Resume lets the simulated time run again, at the clock's speed, from where it stood: the real time that
// passed while paused (a machine that slept included) does not count. Resuming a running clock does
// nothing.
func (c *SimClock) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused {
		c.reanchorLocked() // paused: the simulated time stays; the real anchors move to now
		c.paused = false
	}
}

// Paused reports whether the simulated time stands still.
func (c *SimClock) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// Reset puts the simulated time back at the real time now, dropping every skip. The speed is kept, and so
// is the state: a paused clock stays paused (at now), a running one runs on from now.
func (c *SimClock) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.anchorAtRealNow()
}

// Speed is the clock's speed.
func (c *SimClock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// SetSpeed changes the speed from now on; the simulated time does not jump. A paused clock stays paused.
func (c *SimClock) SetSpeed(speed float64) error {
	if math.IsNaN(speed) || speed <= 0 {
		return fmt.Errorf("%v: %w", speed, ErrBadSpeed)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reanchorLocked()
	c.speed = speed
	return nil
}

// Advance moves the simulated time forward by d ("skip to the next update"), paused or not.
func (c *SimClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.anchorSim = c.anchorSim.Add(d)
}

// Forever is what RealWait returns while the clock is paused: no real wait makes paused time pass.
const Forever = time.Duration(math.MaxInt64)

// RealWait is how long d of simulated time takes in real time at the current speed: 0 at SpeedMax (or
// when d <= 0), Forever while paused (d > 0).
func (c *SimClock) RealWait(d time.Duration) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case d <= 0:
		return 0
	case c.paused:
		return Forever
	case math.IsInf(c.speed, 1):
		return 0
	}
	return time.Duration(float64(d) / c.speed)
}

// WallJump reports how far the wall clock moved beyond the monotonic clock since the last call (a machine
// that slept, or a clock set by hand) and, at 1×, moves the simulated time with it. A jump under a minute
// is noise and reported as 0. While paused nothing is reported and the simulated time does not move: the
// simulation was not running while the machine slept.
func (c *SimClock) WallJump() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, w := c.real.Now(), c.real.Wall()
	if c.paused {
		c.anchorReal, c.anchorWall = r, w
		return 0
	}
	jump := w.Sub(c.anchorWall) - r.Sub(c.anchorReal)
	if jump < time.Minute && jump > -time.Minute {
		return 0
	}
	sim := c.nowLocked(r)
	if c.speed == 1 {
		sim = sim.Add(jump)
	}
	c.anchorSim, c.anchorReal, c.anchorWall = sim, r, w
	return jump
}
