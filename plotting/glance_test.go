package plotting

import (
	"math"
	"testing"
	"time"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestGlance plays the opening picture from its GIF: 200 frames over the
// 1000-step run and a 2 s hold; frame i shows step s_i, one step per frame
// at first and geometrically further apart later; in each frame the point
// is at that step's x on the curve, on the distance line at |x − x*| and
// on both lines of the step panel, at |x_s − x_(s−1)| and
// η/(√a_s+ε).
func TestGlance(t *testing.T) {
	tr := run1D(t)
	cfg := adagrad.TutorialConfig()
	g, err := newGlance(tr, cfg, TutorialGlance(0.05))
	if err != nil {
		t.Fatal(err)
	}
	a := g.sc.animate(g.frames, g.ao)
	if a.Len() != 200 || a.Duration() != 6*time.Second {
		t.Errorf("%d frames, %v; want 200 and 6s (4 s and the 2 s hold)", a.Len(), a.Duration())
	}
	steps := g.steps
	if steps[0] != 0 || steps[1] != 1 || steps[10] != 10 || steps[199] != 1000 {
		t.Errorf("frames show steps %v...%v; want 0, 1, ... 10 at first and 1000 last", steps[:12], steps[195:])
	}
	// The spacing grows (within the rounding of each step to a whole one).
	for i := 2; i < len(steps); i++ {
		if d, prev := steps[i]-steps[i-1], steps[i-1]-steps[i-2]; d < 1 || d < prev-1 {
			t.Fatalf("frame %d moves on %d steps after %d: want growing spacing", i, d, prev)
		}
	}
	shown := composite(t, decodeGIF(t, a))
	fig, _ := sizeOf("", 0, 0, 0)
	big, small := float64(fig.len(5))+3, float64(fig.len(3.5))+3
	at := func(frame int, name string, x, y, r float64) {
		t.Helper()
		cx, cy, n := ringCentroid(shown.at(2*frame), x, y, r)
		if n < 3 || math.Hypot(cx-x, cy-y) > 1 {
			t.Errorf("frame %d: %s: %d edge pixels centred at (%.1f, %.1f), want the point at (%.1f, %.1f)", frame, name, n, cx, cy, x, y)
		}
	}
	for _, i := range []int{0, 5, 60, 150, 199} {
		s := steps[i]
		x := tr.Points[s]
		mx, my := g.main.pixel(x, tutorial.Cubic(x))
		at(i, "main axes", mx, my, big)
		if d := math.Abs(x - tutorial.CubicMinX); d > 0 {
			dx, dy := g.dist.pixel(float64(s), d)
			at(i, "distance", dx, dy, small)
		}
		if s > 0 {
			step := math.Abs(tr.Points[s] - tr.Points[s-1])
			rate := 0.05 / (math.Sqrt(tr.Accumulators[s]) + 1e-8)
			rx, ry := g.right.pixel(float64(s), rate)
			sx, sy := g.right.pixel(float64(s), step)
			if math.Abs(ry-sy) < 3*small { // one dot on the other: no centre to find
				continue
			}
			at(i, "rate", rx, ry, small)
			if step > 0 {
				at(i, "step", sx, sy, small)
			}
		}
	}
}
