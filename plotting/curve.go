package plotting

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// CurveOptions describe the one-variable figure. Start from TutorialCurve,
// which fills in the tutorial's values, and change what you need.
type CurveOptions struct {
	F              func(float64) float64 // the function drawn
	XMin, XMax     float64               // the x range shown
	YMin, YMax     float64               // the y range shown
	Samples        int                   // points along the curve
	ShowMinimum    bool                  // draw the dashed line y = Minimum
	Minimum        float64               //
	Title          string                //
	Width, Height  int                   // layout size; 0, 0 means 960x540
	Scale          int                   // pixels drawn per layout pixel; 0 means 2
	LineColor      color.Color           // nil means matplotlib's blue
	PointColor     color.Color           // nil means red
	XLabel, YLabel string                //
}

// TutorialCurve returns the tutorial's figure for f(x) = x − x³ at the
// given learning rate: x and y in [−5, 5], 10,000 samples, the dashed line
// at the local minimum f(−1/√3), and the tutorial's title, "Adagrad,
// learning_rate = lr" (its Python parameter's name, which the figure
// mirrors; our other figures write η).
func TutorialCurve(learningRate float64) CurveOptions {
	return CurveOptions{
		F:    tutorial.Cubic,
		XMin: -5, XMax: 5, YMin: -5, YMax: 5,
		Samples:     10000,
		ShowMinimum: true,
		Minimum:     tutorial.Cubic(tutorial.CubicMinX),
		Title:       "Adagrad, learning_rate = " + strconv.FormatFloat(learningRate, 'g', -1, 64),
		XLabel:      "x", YLabel: "y",
	}
}

func (o *CurveOptions) check() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case o.F == nil:
		return fmt.Errorf("plotting: CurveOptions.F is nil")
	case !finite(o.XMin) || !finite(o.XMax) || o.XMin >= o.XMax:
		return fmt.Errorf("plotting: CurveOptions.XMin, XMax = %v, %v: want finite with XMin < XMax", o.XMin, o.XMax)
	case !finite(o.YMin) || !finite(o.YMax) || o.YMin >= o.YMax:
		return fmt.Errorf("plotting: CurveOptions.YMin, YMax = %v, %v: want finite with YMin < YMax", o.YMin, o.YMax)
	case o.Samples < 2 || o.Samples > 10_000_000:
		return fmt.Errorf("plotting: CurveOptions.Samples = %d, want 2..10000000", o.Samples)
	}
	if o.LineColor == nil {
		o.LineColor = Blue
	}
	if o.PointColor == nil {
		o.PointColor = Red
	}
	_, err := sizeOf("CurveOptions", o.Width, o.Height, o.Scale)
	return err
}

// A Curve is the one-variable figure, drawn once; its point can then be put
// anywhere cheaply.
type Curve struct {
	opt CurveOptions
	fig figure
	pn  *panel
	sc  *scene
	tr  transform
}

// NewCurve draws the static part of the figure: everything but the point.
// As in the tutorial's matplotlib figure, the point goes under everything
// else (matplotlib draws a scatter point first): the curve, the dashed
// line and the grid pass over it.
func NewCurve(o CurveOptions) (*Curve, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	fig, _ := sizeOf("CurveOptions", o.Width, o.Height, o.Scale) // checked
	pn := fig.curvePanel(o, fig.data)
	pn.allOver = true
	tr := newTransform(fig, pn)
	sc, err := fig.renderScene(tr.clip(), pn)
	if err != nil {
		return nil, err
	}
	return &Curve{opt: o, fig: fig, pn: pn, sc: sc, tr: tr}, nil
}

// curvePanel is the tutorial's axes for o in box: the curve, the dashed
// line at the minimum, the grid, ticks every round step, the labels.
func (fig figure) curvePanel(o CurveOptions, box vg.Rectangle) *panel {
	pn := &panel{
		box: box, title: o.Title, grid: true,
		x: axis{min: o.XMin, max: o.XMax, label: o.XLabel},
		y: axis{min: o.YMin, max: o.YMax, label: o.YLabel, upright: len([]rune(o.YLabel)) <= 2},
	}
	fig.defaultTicks(&pn.x, pn.box.Max.X-pn.box.Min.X, false)
	fig.defaultTicks(&pn.y, pn.box.Max.Y-pn.box.Min.Y, true)
	xy := make([][2]float64, o.Samples)
	for i := range xy {
		x := o.XMin + (o.XMax-o.XMin)*float64(i)/float64(o.Samples-1) // like np.linspace
		xy[i] = [2]float64{x, o.F(x)}
		if math.IsNaN(xy[i][1]) || math.IsInf(xy[i][1], 0) {
			xy[i][1] = math.Copysign(1e300, xy[i][1]) // off the axes: clipped away
		}
	}
	pn.below = append(pn.below, &polyline{xy: xy, style: lineStyle{color: o.LineColor, width: fig.len(lineWidth)}})
	if o.ShowMinimum {
		r, g, b, _ := o.LineColor.RGBA()
		half := color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 128}
		pn.below = append(pn.below, hline{y: o.Minimum, style: lineStyle{
			color: half, width: fig.len(lineWidth),
			dashes: []vg.Length{fig.len(5.55), fig.len(2.4)}, // matplotlib's "dashed" at 1.5 pt
		}})
	}
	return pn
}

// hline is a horizontal line across the axes.
type hline struct {
	y     float64
	style lineStyle
}

func (h hline) plot(c vg.Canvas, pn *panel) {
	if h.y < pn.y.min || h.y > pn.y.max {
		return
	}
	// Snapped to whole pixels as matplotlib snaps straight lines (the
	// canvas height is a whole number of pixels, so rounding in y-up
	// coordinates lands on the same rows).
	off := vg.Length(0.5)
	if int(math.Floor(float64(h.style.width)+0.5))%2 == 0 {
		off = 0
	}
	y := vg.Length(math.Ceil(float64(pn.toCanvas(pn.x.min, h.y).Y)-0.5)) - off
	strokeLine(c, h.style, []vg.Point{{X: pn.box.Min.X, Y: y}, {X: pn.box.Max.X, Y: y}})
}

// Pixel returns where the data point (x, y) lands in the image, in pixel
// coordinates with y down.
func (c *Curve) Pixel(x, y float64) (px, py float64) { return c.tr.pixel(x, y) }

// dot is the moving point at x: 3.5 points of radius, matplotlib's default
// scatter marker with its edge.
func (c *Curve) dot(x float64) dot {
	px, py := c.tr.pixel(x, c.opt.F(x))
	return dot{x: px, y: py, r: 3.5 * c.fig.pt, c: toRGBA(c.opt.PointColor)}
}

// Image returns the figure with the point at (x, f(x)).
func (c *Curve) Image(x float64) *Image {
	return c.fig.image(c.sc.image([]dot{c.dot(x)}, ""))
}

// Animate returns the animation of the point along points: frame i shows
// points[i], as the tutorial's FuncAnimation does.
func (c *Curve) Animate(points []float64, o AnimationOptions) (*Animation, error) {
	o, err := o.withDefaults(0)
	if err != nil {
		return nil, err
	}
	if o.Frames > len(points) {
		return nil, fmt.Errorf("plotting: AnimationOptions.Frames = %d, but the trace has %d points", o.Frames, len(points))
	}
	frames, steps := make([]frameSpec, o.Frames), make([]int, o.Frames)
	for i := range frames {
		frames[i], steps[i] = frameSpec{dots: []dot{c.dot(points[i])}}, i
	}
	a := c.sc.animate(frames, o)
	a.steps = steps
	return a, nil
}
