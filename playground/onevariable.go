package playground

import (
	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// OneVariable is the playground for the tutorial's f(x) = x − x³: Adagrad
// from X0 with Settings, drawn as the curve with the whole trajectory and
// its last point. Set its fields, then call Draw; it implements
// display.Replayer. It is not safe for concurrent use.
type OneVariable struct {
	Settings
	X0 float64

	scene
	key  oneKey
	last *trajectory
}

type oneKey struct {
	s  Settings
	x0 float64
}

// The one-variable figure's box: the valley floor, the hilltop, and starts
// from -1.5 to 1.5 on the curve.
const (
	oneXMin, oneXMax = -2, 2
	oneYMin, oneYMax = -2, 2
)

// NewOneVariable draws the figure's background (width x height pixels; 0,
// 0 means 960x540) and starts from the tutorial: Tutorial() from x = -1.
func NewOneVariable(width, height int) (*OneVariable, error) {
	c, err := plotting.NewCurve(plotting.CurveOptions{
		F:    tutorial.Cubic,
		XMin: oneXMin, XMax: oneXMax, YMin: oneYMin, YMax: oneYMax,
		Samples:     4000,
		ShowMinimum: true,
		Minimum:     tutorial.Cubic(tutorial.CubicMinX),
		Title:       "f(x) = x − x³",
		XLabel:      "x", YLabel: "y",
		Width: width, Height: height, Scale: 1,
	})
	if err != nil {
		return nil, err
	}
	p := &OneVariable{Settings: Tutorial(), X0: tutorial.CubicStart}
	ov, err := c.Overlay(nil)
	if err != nil {
		return nil, err
	}
	p.scene = scene{ov: ov, compute: p.trajectory}
	return p, nil
}

// trajectory runs Adagrad for the current fields, again only if they
// changed.
func (p *OneVariable) trajectory() (*trajectory, error) {
	k := oneKey{p.Settings, p.X0}
	if p.last != nil && p.key == k {
		return p.last, nil
	}
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, p.X0, p.Config(), p.Steps)
	if tr == nil {
		return nil, err // bad settings: nothing ran
	}
	points := make([][]float64, len(tr.Points))
	for i := range tr.Points {
		points[i] = tr.Points[i : i+1 : i+1]
	}
	f := func(x []float64) float64 { return tutorial.Cubic(x[0]) }
	t := newTrajectory(points, p.Steps, err, f, []float64{tutorial.CubicMinX}, func(x []float64) (float64, float64) {
		return x[0], tutorial.Cubic(x[0])
	})
	if hill := -tutorial.CubicMinX; err == nil && t.sum.Final[0] > hill {
		// f' < 0 there: every step moves right, downhill for ever.
		t.sum.Escaped = "right of the hilltop at x = " + short(hill, 3) + " the curve falls for ever, and Adagrad follows it"
	}
	p.key, p.last = k, t
	return t, nil
}
