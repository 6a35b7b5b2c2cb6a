package playground

import (
	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TwoVariables is the playground for the tutorial's f(x, y) = 2x² + 2xy +
// 2y² − 6x: Adagrad from (X0, Y0) with Settings, drawn as the path over the
// contour lines. Set its fields, then call Draw; it implements
// display.Replayer. It is not safe for concurrent use.
type TwoVariables struct {
	Settings
	X0, Y0 float64

	scene
	key  twoKey
	last *trajectory
}

type twoKey struct {
	s      Settings
	x0, y0 float64
}

// The two-variable figure's box: the minimum (2, -1) in the middle, one
// unit as long on both axes at 960x540, and room for starts from -2 to 6
// in x and -3.5 to 1.5 in y.
const (
	twoXMin, twoXMax = -3, 7
	twoYMin, twoYMax = -3.8, 1.8
)

// NewTwoVariables draws the figure's background (width x height pixels; 0,
// 0 means 960x540) and starts from the tutorial: Tutorial() from (1, 0).
func NewTwoVariables(width, height int) (*TwoVariables, error) {
	c, err := plotting.NewContour(plotting.ContourOptions{
		F:    tutorial.Quadratic,
		XMin: twoXMin, XMax: twoXMax, YMin: twoYMin, YMax: twoYMax,
		Minimum: tutorial.QuadraticMin[:],
		Title:   "f(x, y) = 2x² + 2xy + 2y² − 6x",
		Width:   width, Height: height, Scale: 1,
	})
	if err != nil {
		return nil, err
	}
	p := &TwoVariables{Settings: Tutorial(), X0: tutorial.QuadraticStart[0], Y0: tutorial.QuadraticStart[1]}
	ov, err := c.Overlay(nil)
	if err != nil {
		return nil, err
	}
	p.scene = scene{ov: ov, compute: p.trajectory}
	return p, nil
}

// trajectory runs Adagrad for the current fields, again only if they
// changed.
func (p *TwoVariables) trajectory() (*trajectory, error) {
	k := twoKey{p.Settings, p.X0, p.Y0}
	if p.last != nil && p.key == k {
		return p.last, nil
	}
	tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{p.X0, p.Y0}, p.Config(), p.Steps)
	if tr == nil {
		return nil, err // bad settings: nothing ran
	}
	f := func(x []float64) float64 { return tutorial.Quadratic(x[0], x[1]) }
	t := newTrajectory(tr.Points, p.Steps, err, f, tutorial.QuadraticMin[:], func(x []float64) (float64, float64) {
		return x[0], x[1]
	})
	p.key, p.last = k, t
	return t, nil
}
