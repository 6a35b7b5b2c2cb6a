package plotting

import (
	"math"
	"testing"
	"time"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestGlance plays the opening picture from its GIF: the tutorial's 200
// frames and a 2 s hold; in frame i the point is at step i's x on the
// curve, in the inset once it is in the zoomed box, and on both lines of
// the step panel, at |x_i - x_(i-1)| and lr/(sqrt(acc_i)+eps).
func TestGlance(t *testing.T) {
	tr := run1D(t)
	cfg := adagrad.TutorialConfig()
	g, err := newGlance(tr, cfg, GlanceOptions{Curve: TutorialCurve(0.05)})
	if err != nil {
		t.Fatal(err)
	}
	a := g.sc.animate(g.frames, g.ao)
	if a.Len() != 200 || a.Duration() != 6*time.Second {
		t.Errorf("%d frames, %v; want 200 and 6s (4 s and the 2 s hold)", a.Len(), a.Duration())
	}
	gg := decodeGIF(t, a)
	shown := composite(t, gg)
	fig := newFigure(DefaultWidth, DefaultHeight)
	big, small := float64(fig.len(5))+3, float64(fig.len(3.5))+3
	at := func(frame int, name string, x, y, r float64) {
		t.Helper()
		cx, cy, n := ringCentroid(shown.at(2*frame), x, y, r)
		if n < 3 || math.Hypot(cx-x, cy-y) > 1 {
			t.Errorf("frame %d: %s: %d edge pixels centred at (%.1f, %.1f), want the point at (%.1f, %.1f)", frame, name, n, cx, cy, x, y)
		}
	}
	for _, i := range []int{0, 40, 120, 199} {
		x := tr.Points[i]
		mx, my := g.main.pixel(x, tutorial.Cubic(x))
		at(i, "main axes", mx, my, big)
		if i >= 40 && (x < g.zoom[0] || x > g.zoom[1]) {
			t.Errorf("frame %d: x = %v is outside the zoomed box %v", i, x, g.zoom)
		}
		if i >= 120 { // well inside the inset, not on its edge
			ix, iy := g.inset.pixel(x, tutorial.Cubic(x))
			at(i, "inset", ix, iy, big)
		}
		if i > 0 {
			step := math.Abs(tr.Points[i] - tr.Points[i-1])
			rate := 0.05 / (math.Sqrt(tr.Accumulators[i]) + 1e-8)
			sx, sy := g.right.pixel(float64(i), step)
			rx, ry := g.right.pixel(float64(i), rate)
			at(i, "step", sx, sy, small)
			at(i, "rate", rx, ry, small)
		}
	}
}
