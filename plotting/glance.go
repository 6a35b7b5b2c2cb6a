package plotting

import (
	"fmt"
	"image"
	"math"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// GlanceOptions describe Glance's picture.
type GlanceOptions struct {
	// Curve is the main figure, TutorialCurve(lr) for the tutorial's; its
	// Width, Height and Scale size the whole picture (0: 960x540 at 2).
	Curve CurveOptions
	// Floor is the x of the valley floor the run heads for, x*: the upper
	// right panel shows |x − x*|.
	Floor float64
	// Animation sets the number of frames (0 means 200, the tutorial's),
	// spread over the whole trace as Contour.Animate spreads them, their
	// pace, and how long the last one is held (0 means 2 s).
	Animation AnimationOptions
}

// TutorialGlance returns the options for the tutorial's run at learning
// rate η: its figure and its valley floor, x* = −1/√3.
func TutorialGlance(learningRate float64) GlanceOptions {
	co := TutorialCurve(learningRate)
	co.Title = "Adagrad on x − x³, η = " + fmt.Sprint(learningRate)
	return GlanceOptions{Curve: co, Floor: tutorial.CubicMinX}
}

// Glance animates a one-variable run so that what Adagrad does shows at a
// glance: the tutorial's figure with the point moving, and beside it, on
// log scales against the step, the distance to the valley floor, |x − x*|,
// which keeps shrinking long after the point seems to stand still, and
// below it the size of each step, |x_t − x_(t−1)|, beside the step a unit
// slope gets, η_t/(√a_t+ε). The frames spread over the whole trace, one per
// step at first and further apart later; a counter names the step and how
// far the frame moved on, and the last frame is held.
func Glance(tr *adagrad.Trace1D, c adagrad.Config, o GlanceOptions) (*Animation, error) {
	g, err := newGlance(tr, c, o)
	if err != nil {
		return nil, err
	}
	return g.sc.animate(g.frames, g.ao), nil
}

// A glance is Glance's picture, ready to animate.
type glance struct {
	sc                *scene
	frames            []frameSpec
	steps             []int // the step each frame shows
	ao                AnimationOptions
	main, dist, right transform
	// The lines of the right panels, at steps 0..n (NaN where there is
	// no value: no step before step 1).
	dists, sizes, rates []float64
}

func newGlance(tr *adagrad.Trace1D, c adagrad.Config, o GlanceOptions) (*glance, error) {
	co, ao, err := checkGlance(tr, c, o)
	if err != nil {
		return nil, err
	}
	g := &glance{ao: ao}
	g.lines(tr, c, o.Floor)
	fig, err := sizeOf("GlanceOptions.Curve", co.Width, co.Height, co.Scale)
	if err != nil {
		return nil, err
	}
	W, H := vg.Length(fig.w), vg.Length(fig.h)
	box := func(x0, y0, x1, y1 float64) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: vg.Length(x0) * W, Y: vg.Length(y0) * H}, Max: vg.Point{X: vg.Length(x1) * W, Y: vg.Length(y1) * H}}
	}
	main := fig.curvePanel(co, box(0.07, 0.11, 0.55, 0.88))
	dist, right := g.panels(fig, box(0.68, 0.555, 0.975, 0.88), box(0.68, 0.11, 0.975, 0.49))
	all := image.Rect(0, 0, fig.w, fig.h)
	sc, err := fig.renderScene(all, main, dist, right)
	if err != nil {
		return nil, err
	}
	g.sc = sc
	g.main, g.dist, g.right = newTransform(fig, main), newTransform(fig, dist), newTransform(fig, right)
	g.trails(fig)
	g.steps = frameSteps(len(tr.Points)-1, ao.Frames, ao.EvenSteps)
	// The counter, upper left in the main axes (the curve leaves it free).
	size := fig.len(legendSize)
	last := g.steps[len(g.steps)-1]
	m := textBox(label{s: counterText(8*last, 8*last)}, size)
	pad := legBorderPad * size
	mb := main.box
	cr := vg.Rectangle{Min: vg.Point{X: mb.Min.X + legBorderAxesPad*size, Y: mb.Max.Y - legBorderAxesPad*size - (m.above + m.below + 2*pad)}}
	cr.Max = vg.Point{X: cr.Min.X + m.x1 - m.x0 + 2*pad, Y: cr.Min.Y + m.above + m.below + 2*pad}
	sc.counter = fig.counterAt(cr)
	g.frames = g.frameSpecs(fig, tr.Points, co.F)
	return g, nil
}

// checkGlance checks the trace and options and fills in the defaults.
func checkGlance(tr *adagrad.Trace1D, c adagrad.Config, o GlanceOptions) (CurveOptions, AnimationOptions, error) {
	co := o.Curve
	if tr == nil || len(tr.Points) < 2 || len(tr.Accumulators) != len(tr.Points) {
		return co, AnimationOptions{}, fmt.Errorf("plotting: Glance needs a trace of at least one step, with its accumulators")
	}
	if err := c.Validate(); err != nil {
		return co, AnimationOptions{}, err
	}
	if err := co.check(); err != nil {
		return co, AnimationOptions{}, err
	}
	if !finite(o.Floor) {
		return co, AnimationOptions{}, fmt.Errorf("plotting: GlanceOptions.Floor = %v, want a finite x", o.Floor)
	}
	ao, err := o.Animation.withDefaults(2 * time.Second)
	if err != nil {
		return co, ao, err
	}
	if ao.Frames < 2 || ao.Frames > len(tr.Points) {
		return co, ao, fmt.Errorf("plotting: GlanceOptions.Animation.Frames = %d, want 2..%d (the trace's points)", ao.Frames, len(tr.Points))
	}
	for i, x := range tr.Points {
		if !finite(x) || !finite(co.F(x)) {
			return co, ao, fmt.Errorf("plotting: Glance: point %d of the trace, %v, cannot be drawn", i, x)
		}
	}
	return co, ao, nil
}

// lines computes the right panels' lines: the distance to the floor, and
// the step taken and the step a unit slope gets.
func (g *glance) lines(tr *adagrad.Trace1D, c adagrad.Config, floor float64) {
	n := len(tr.Points)
	g.dists, g.sizes, g.rates = make([]float64, n), make([]float64, n), make([]float64, n)
	g.sizes[0], g.rates[0] = math.NaN(), math.NaN()
	for t, x := range tr.Points {
		g.dists[t] = math.Abs(x - floor)
		if t > 0 {
			g.sizes[t] = math.Abs(x - tr.Points[t-1])
			g.rates[t] = c.StepSize(t, tr.Accumulators[t])
		}
	}
}

// panels builds the right column: above, the distance to the floor; below,
// the two step sizes, each labelled at its end. Both on log scales, against
// the step on a log(1 + step) scale.
func (g *glance) panels(fig figure, top, bottom vg.Rectangle) (dist, right *panel) {
	n := len(g.dists)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	step := axis{log1p: true, label: "step"}
	dist, dobs, _ := fig.chart(axis{log1p: true}, axis{log: true, label: "|x − x*|"},
		[]Series{{X: xs, Y: g.dists, Color: Vermillion}})
	right, robs, _ := fig.chart(step, axis{log: true, label: "step size"}, []Series{
		{X: xs, Y: g.sizes, Color: Blue, Label: "|Δx|, taken"},
		{X: xs, Y: g.rates, Color: Orange, Label: "η/(√a+ε)"},
	})
	dist.box, right.box = top, bottom
	dist.title = "On log scales"
	right.x.min, right.x.max = dist.x.min, dist.x.max // from step 0
	dist.x.noLabels = true
	// The lines themselves grow as the animation plays; the legend's
	// samples show the rate's marks, which its trail draws every so often.
	dist.below, right.below = nil, nil
	for _, e := range right.legend.entries {
		if e.marker != nil {
			e.marker.shape, e.marker.r = glanceMark, fig.len(glanceMarkR)
		}
	}
	fig.finish([]*obstacles{dobs, robs}, false, dist, right)
	_, ys := fig.tickLabels(dist)
	_, ys2 := fig.tickLabels(right)
	dist.yLabelLeft = dist.box.Min.X
	for _, p := range append(ys, ys2...) {
		dist.yLabelLeft = min(dist.yLabelLeft, p.box.Min.X)
	}
	right.yLabelLeft = dist.yLabelLeft
	return dist, right
}

// trails are the right panels' lines, which grow as the frames go by.
func (g *glance) trails(fig figure) {
	all := g.sc.bg.Rect
	px := func(t transform, ys []float64) [][2]float64 {
		pts := make([][2]float64, len(ys))
		for i, y := range ys {
			pts[i] = logPixel(t, float64(i), y)
		}
		return pts
	}
	w := float64(fig.len(lineWidth))
	rates := newTrail(px(g.right, g.rates), Orange, w, float64(fig.len(glanceMarkR)), all, g.right.clip())
	rates.shape, rates.markEvery = glanceMark, float64(fig.len(markEvery))
	g.sc.trails = []*trail{
		newTrail(px(g.dist, g.dists), Vermillion, w, 0, all, g.dist.clip()),
		newTrail(px(g.right, g.sizes), Blue, w, 0, all, g.right.clip()),
		rates,
	}
}

// The marks on the rate's line, which tell it from the step's (plain) as
// its colour does.
const (
	glanceMark  = square
	glanceMarkR = 2.5
)

// frameSpecs are the frames: the point on the curve and on each line at
// the frame's step, the lines grown to it.
func (g *glance) frameSpecs(fig figure, xs []float64, f func(float64) float64) []frameSpec {
	big, small, edge := float64(fig.len(5)), float64(fig.len(3.5)), float64(fig.len(1))
	mclip, dclip, rclip := g.main.clip(), g.dist.clip(), g.right.clip()
	frames := make([]frameSpec, len(g.steps))
	for i, s := range g.steps {
		x := xs[s]
		mx, my := g.main.pixel(x, f(x))
		fr := frameSpec{upto: []int{s + 1, s + 1, s + 1}, text: counterText(s, 0)}
		if i > 0 {
			fr.text = counterText(s, s-g.steps[i-1])
		}
		fr.dots = append(fr.dots, dot{x: mx, y: my, r: big, c: Red, edge: Black, ew: edge, clip: mclip})
		for _, p := range []struct {
			t    transform
			v    float64
			clip image.Rectangle
		}{{g.dist, g.dists[s], dclip}, {g.right, g.sizes[s], rclip}, {g.right, g.rates[s], rclip}} {
			if q := logPixel(p.t, float64(s), p.v); finite(q[0]) {
				fr.dots = append(fr.dots, dot{x: q[0], y: q[1], r: small, c: Red, edge: Black, ew: edge, clip: p.clip})
			}
		}
		frames[i] = fr
	}
	return frames
}

// logPixel is the pixel of (x, y) on a panel whose y axis is logarithmic:
// none (NaN) where y cannot be drawn.
func logPixel(t transform, x, y float64) [2]float64 {
	if !(y > 0) || !finite(y) {
		return [2]float64{math.NaN(), math.NaN()}
	}
	a, b := t.pixel(x, y)
	return [2]float64{a, b}
}

// counterAt returns a counter whose text sits in r, padded as a legend's
// entries are, on a light box filling r.
func (f figure) counterAt(r vg.Rectangle) *counter {
	size := f.len(legendSize)
	pad := legBorderPad * size
	m := textBox(label{s: "step 0"}, size)
	fc := face(size)
	pen := fixedPoint(float64(r.Min.X+pad-m.x0), float64(f.h)-float64(r.Min.Y+pad+m.below))
	rect := image.Rect(int(math.Floor(float64(r.Min.X))), f.h-int(math.Ceil(float64(r.Max.Y))), int(math.Ceil(float64(r.Max.X))), f.h-int(math.Floor(float64(r.Min.Y))))
	box := image.NewRGBA(image.Rect(0, 0, rect.Dx(), rect.Dy()))
	c := canvasOn(box, transparent)
	bw := f.len(legendBorder)
	drawBox(c, f, vg.Rectangle{Min: vg.Point{X: bw, Y: bw}, Max: vg.Point{X: vg.Length(rect.Dx()) - bw, Y: vg.Length(rect.Dy()) - bw}}, size, nil)
	box.Rect = rect
	return &counter{face: fc.FontFace(72), pen: pen, rect: rect, box: box}
}
