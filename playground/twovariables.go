package playground

import (
	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TwoVariables is the playground for the tutorial's f(x, y) = 2x² + 2xy +
// 2y² − 6x: Adagrad from (X0, Y0) with Settings, drawn as the path over the
// contour lines. Set its fields, then call Draw; it implements
// sliders.Replayer. It is not safe for concurrent use.
type TwoVariables struct {
	Settings
	X0, Y0 float64

	scene
}

// The two-variable figure's box: the minimum (2, -1) in the middle, one
// unit as long on both axes at 960x540, and room for starts from -2 to 6
// in x and -3.5 to 1.5 in y.
const (
	twoXMin, twoXMax = -3, 7
	twoYMin, twoYMax = -3.8, 1.8
)

// bowl is 2x² + 2xy + 2y² − 6x, drawn from above.
var bowl = function{
	dim:     2,
	grad:    tutorial.QuadraticGrad,
	f:       func(x []float64) float64 { return tutorial.Quadratic(x[0], x[1]) },
	minimum: tutorial.QuadraticMin[:],
	xy:      func(p []float64) (float64, float64) { return p[0], p[1] },
}

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
	p.scene = scene{ov: ov, fn: bowl, state: func() runKey { return runKey{p.Settings, [2]float64{p.X0, p.Y0}} }}
	return p, nil
}

// Controls returns the playground's controls, bound to p's fields: the
// settings' (Settings.Controls), then the start, "start x0" from -2 to 6
// and "start y0" from -3.5 to 1.5, by 0.1.
func (p *TwoVariables) Controls() ([]*controls.Control, error) {
	var b builder
	b.cs, b.err = p.Settings.Controls()
	b.add(controls.Slider("start x0", controls.LinearScale{Min: -2, Max: 6, Steps: 80}, &p.X0))
	b.add(controls.Slider("start y0", controls.LinearScale{Min: -3.5, Max: 1.5, Steps: 50}, &p.Y0))
	return b.cs, b.err
}
