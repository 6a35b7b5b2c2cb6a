package playground

import (
	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// OneVariable is the playground for the tutorial's f(x) = x − x³: Adagrad
// from X0 with Settings, drawn as the curve with the whole trajectory and
// its last point. Set its fields, then call Draw; it implements
// sliders.Replayer. It is not safe for concurrent use.
type OneVariable struct {
	Settings
	X0 float64

	scene
}

// The one-variable figure's box: the valley floor, the hilltop, and starts
// from -1.5 to 1.5 on the curve.
const (
	oneXMin, oneXMax = -2, 2
	oneYMin, oneYMax = -2, 2
)

// cubic is x − x³: right of the hilltop at x = 1/√3, f' < 0 and every
// step moves right, downhill for ever.
var cubic = function{
	dim:     1,
	grad:    func(g, x []float64) { g[0] = tutorial.CubicDeriv(x[0]) },
	f:       func(x []float64) float64 { return tutorial.Cubic(x[0]) },
	minimum: []float64{tutorial.CubicMinX},
	xy:      func(p []float64) (float64, float64) { return p[0], tutorial.Cubic(p[0]) },
	escaped: func(final []float64) string {
		if hill := -tutorial.CubicMinX; final[0] > hill {
			return "right of the hilltop at x = " + short(hill, 3) + " the curve falls for ever, and Adagrad follows it"
		}
		return ""
	},
}

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
	p.scene = scene{ov: ov, fn: cubic, state: func() runKey { return runKey{p.Settings, [2]float64{p.X0}} }}
	return p, nil
}

// Controls returns the playground's controls, bound to p's fields: the
// settings' (Settings.Controls), then the start, "start x0", from -1.5 to
// 1.5 by 0.05.
func (p *OneVariable) Controls() ([]*controls.Control, error) {
	var b builder
	b.cs, b.err = p.Settings.Controls()
	b.add(controls.Slider("start x0", controls.LinearScale{Min: -1.5, Max: 1.5, Steps: 60}, &p.X0))
	return b.cs, b.err
}
