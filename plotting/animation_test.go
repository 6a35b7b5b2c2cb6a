package plotting

import (
	"strings"
	"testing"
	"time"
)

// TestDelays: a GIF delay is a 16-bit count of hundredths of a second. A
// frame rate whose delay does not fit is refused; long merged runs of
// identical frames, and long holds, are split so that the GIF says what
// was asked.
func TestDelays(t *testing.T) {
	points := run1D(t).Points
	c, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	for _, fps := range []float64{1e-300, 0.0015, -1, 101, 0} {
		if fps == 0 {
			continue
		}
		_, err := c.Animate(points, AnimationOptions{FPS: fps})
		if err == nil || !strings.Contains(err.Error(), "FPS") {
			t.Errorf("FPS %v: error %v, want one naming FPS", fps, err)
		}
	}
	for _, o := range []AnimationOptions{
		{FPS: 0.01},                       // 100 s a frame: identical frames merge past 655.35 s
		{FPS: 0.0016},                     // the slowest rate that fits: 625 s a frame
		{FPS: 50, Hold: 20 * time.Minute}, // too long a hold
		{FPS: 50, Frames: 30, Hold: 9 * time.Minute}, // a hold longer than a GIF delay
	} {
		a, err := c.Animate(points, o)
		if o.Hold > maxHold {
			if err == nil || !strings.Contains(err.Error(), "Hold") {
				t.Errorf("%+v: error %v, want one naming Hold", o, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		g := decodeGIF(t, a)
		total := 0
		for i, d := range g.Delay {
			if d < 1 || d > 65535 {
				t.Errorf("%+v: GIF image %d has delay %d", o, i, d)
			}
			total += d
		}
		frames := o.Frames
		if frames == 0 {
			frames = 200
		}
		want := frames*int(100/o.FPS+0.5) + int(o.Hold/(10*time.Millisecond))
		if total != want || a.Duration() != time.Duration(want)*10*time.Millisecond {
			t.Errorf("%+v: %d hundredths in all, Duration %v; want %d", o, total, a.Duration(), want)
		}
	}
}
