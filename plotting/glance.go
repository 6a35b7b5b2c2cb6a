package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// GlanceOptions describe Glance's picture.
type GlanceOptions struct {
	// Curve is the main figure, TutorialCurve(lr) for the tutorial's; its
	// Width and Height size the whole picture (0: 960x540).
	Curve CurveOptions
	// The box the inset zooms into. If all four are 0 it is fitted around
	// the valley floor: from the point the run reaches a fifth of the way
	// through the animation to the last point it shows.
	ZoomXMin, ZoomXMax, ZoomYMin, ZoomYMax float64
	// Animation sets the frames (frame i shows step i; 0 means 200, the
	// tutorial's), their pace and how long the last one is held (0 means
	// 2 s).
	Animation AnimationOptions
}

// Glance animates a one-variable run so that what Adagrad does shows at a
// glance: the tutorial's figure with the point moving, an inset that zooms
// into the valley floor (where the tutorial's own animation stops showing
// any movement) with every point so far, and beside them the size of each
// step, |x_t - x_(t-1)|, and the step a unit slope gets,
// lr_t/(sqrt(acc_t)+eps), both shrinking, on a log scale. A counter names
// the step, and the last frame is held.
func Glance(tr *adagrad.Trace1D, c adagrad.Config, o GlanceOptions) (*Animation, error) {
	g, err := newGlance(tr, c, o)
	if err != nil {
		return nil, err
	}
	return g.sc.animate(g.frames, g.ao), nil
}

// A glance is Glance's picture, ready to animate.
type glance struct {
	sc                 *scene
	frames             []frameSpec
	ao                 AnimationOptions
	main, inset, right transform
	zoom               [4]float64
	steps, rates       []float64
}

func newGlance(tr *adagrad.Trace1D, c adagrad.Config, o GlanceOptions) (*glance, error) {
	if tr == nil || len(tr.Points) < 2 || len(tr.Accumulators) != len(tr.Points) {
		return nil, fmt.Errorf("plotting: Glance needs a trace of at least one step, with its accumulators")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	co := o.Curve
	if err := co.check(); err != nil {
		return nil, err
	}
	ao, err := o.Animation.withDefaults(2 * time.Second)
	if err != nil {
		return nil, err
	}
	if ao.Frames < 2 || ao.Frames > len(tr.Points) {
		return nil, fmt.Errorf("plotting: GlanceOptions.Animation.Frames = %d, want 2..%d (the trace's points)", ao.Frames, len(tr.Points))
	}
	n := ao.Frames
	xs := tr.Points[:n]
	for i, x := range xs {
		if !finite(x) || !finite(co.F(x)) {
			return nil, fmt.Errorf("plotting: Glance: point %d of the trace, %v, cannot be drawn", i, x)
		}
	}
	zx0, zx1, zy0, zy1 := o.ZoomXMin, o.ZoomXMax, o.ZoomYMin, o.ZoomYMax
	if zx0 == 0 && zx1 == 0 && zy0 == 0 && zy1 == 0 {
		zx0, zx1, zy0, zy1 = zoomBox(co, xs)
	} else if !finite(zx0) || !finite(zx1) || !finite(zy0) || !finite(zy1) || zx0 >= zx1 || zy0 >= zy1 {
		return nil, fmt.Errorf("plotting: GlanceOptions zoom box [%v, %v] x [%v, %v]: want finite with min < max", zx0, zx1, zy0, zy1)
	}
	// The steps and the rate, at steps 1..n-1 (NaN at 0: no step yet).
	steps, rates := make([]float64, n), make([]float64, n)
	steps[0], rates[0] = math.NaN(), math.NaN()
	lo, hi := math.Inf(1), math.Inf(-1)
	for t := 1; t < n; t++ {
		steps[t] = math.Abs(xs[t] - xs[t-1])
		rates[t] = c.StepSize(t, tr.Accumulators[t])
		for _, v := range []float64{steps[t], rates[t]} {
			if v > 0 && finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return nil, fmt.Errorf("plotting: Glance: the run takes no step in its first %d points", n)
	}

	fig := newFigure(co.Width, co.Height)
	W, H := vg.Length(co.Width), vg.Length(co.Height)
	box := func(x0, y0, x1, y1 float64) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: vg.Length(x0) * W, Y: vg.Length(y0) * H}, Max: vg.Point{X: vg.Length(x1) * W, Y: vg.Length(y1) * H}}
	}
	main := fig.curvePanel(co, box(0.075, 0.11, 0.625, 0.88))
	mb := main.box
	inBox := vg.Rectangle{
		Min: vg.Point{X: mb.Min.X + 0.55*(mb.Max.X-mb.Min.X), Y: mb.Min.Y + 0.55*(mb.Max.Y-mb.Min.Y)},
		Max: vg.Point{X: mb.Max.X - 0.03*(mb.Max.X-mb.Min.X), Y: mb.Max.Y - 0.04*(mb.Max.Y-mb.Min.Y)},
	}
	zo := co
	zo.XMin, zo.XMax, zo.YMin, zo.YMax = zx0, zx1, zy0, zy1
	zo.Title, zo.XLabel, zo.YLabel = "", "", ""
	inset := fig.curvePanel(zo, inBox)
	inset.grid, inset.x.ticks, inset.y.ticks = false, nil, nil
	inset.below = append([]plot.Plotter{fill{color.White}}, inset.below...)
	main.above = append(main.above, zoomMarks{zoom: [4]float64{zx0, zx1, zy0, zy1}, inset: inBox, width: fig.len(1)})

	right := &panel{
		box: box(0.745, 0.11, 0.98, 0.88), title: "Each step", grid: true,
		x: axis{label: "step"}, y: axis{log: true, label: "size (log scale)"},
	}
	right.x.min, right.x.max = margins(0, float64(n-1), false)
	right.y.min, right.y.max = margins(lo, hi, true)
	stepSty := draw.LineStyle{Color: Blue, Width: fig.len(lineWidth)}
	rateSty := draw.LineStyle{Color: Orange, Width: fig.len(lineWidth)}
	right.legend = &legend{size: fig.len(legendSize), entries: []legendEntry{
		{label: "|Δx|, taken", line: &stepSty},
		{label: "lr/(√acc+ε)", line: &rateSty},
	}}
	obs := &obstacles{reach: fig.len(4)}
	var sl, rl [][2]float64
	for t := 1; t < n; t++ {
		sl = append(sl, [2]float64{float64(t), steps[t]})
		rl = append(rl, [2]float64{float64(t), rates[t]})
	}
	obs.lines = [][][2]float64{sl, rl}
	fig.finish(right, obs, false)

	all := image.Rect(0, 0, fig.w, fig.h)
	sc, err := fig.renderScene(all, main, inset, right)
	if err != nil {
		return nil, err
	}
	mt, it, rt := newTransform(fig, main), newTransform(fig, inset), newTransform(fig, right)
	mclip, iclip, rclip := mt.clip(), it.clip(), rt.clip()
	px := func(t transform, x, y float64) [2]float64 {
		a, b := t.pixel(x, y)
		return [2]float64{a, b}
	}
	var ipts, spts, rpts [][2]float64
	for t, x := range xs {
		ipts = append(ipts, px(it, x, co.F(x)))
		if t == 0 {
			spts, rpts = append(spts, [2]float64{math.NaN(), math.NaN()}), append(rpts, [2]float64{math.NaN(), math.NaN()})
			continue
		}
		spts = append(spts, logPixel(rt, float64(t), steps[t]))
		rpts = append(rpts, logPixel(rt, float64(t), rates[t]))
	}
	trailRed := color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff} // matplotlib's C3
	sc.trails = []*trail{
		newTrail(ipts, trailRed, 0, float64(fig.len(1.6)), all, iclip),
		newTrail(spts, Blue, float64(fig.len(lineWidth)), 0, all, rclip),
		newTrail(rpts, Orange, float64(fig.len(lineWidth)), 0, all, rclip),
	}
	// The counter, upper left in the main axes (the curve leaves it free).
	size := fig.len(legendSize)
	m := textBox(label{s: counterText(8 * n)}, size)
	pad := legBorderPad * size
	cr := vg.Rectangle{Min: vg.Point{X: mb.Min.X + legBorderAxesPad*size, Y: mb.Max.Y - legBorderAxesPad*size - (m.above + m.below + 2*pad)}}
	cr.Max = vg.Point{X: cr.Min.X + m.x1 - m.x0 + 2*pad, Y: cr.Min.Y + m.above + m.below + 2*pad}
	sc.counter = fig.counterAt(cr)

	frames := make([]frameSpec, n)
	big := float64(fig.len(5))
	edge := float64(fig.len(1))
	for i := range frames {
		x := xs[i]
		mx, my := mt.pixel(x, co.F(x))
		ix, iy := it.pixel(x, co.F(x))
		fr := frameSpec{upto: []int{i + 1, i + 1, i + 1}, text: counterText(i)}
		fr.dots = append(fr.dots,
			dot{x: mx, y: my, r: big, c: Red, edge: Black, ew: edge, clip: mclip},
			dot{x: ix, y: iy, r: big, c: Red, edge: Black, ew: edge, clip: iclip})
		if i > 0 {
			for _, p := range [][2]float64{spts[i], rpts[i]} {
				fr.dots = append(fr.dots, dot{x: p[0], y: p[1], r: float64(fig.len(3.5)), c: Red, edge: Black, ew: edge, clip: rclip})
			}
		}
		frames[i] = fr
	}
	return &glance{sc: sc, frames: frames, ao: ao, main: mt, inset: it, right: rt, zoom: [4]float64{zx0, zx1, zy0, zy1}, steps: steps, rates: rates}, nil
}

// logPixel is the pixel of (x, y) on a panel whose y axis is logarithmic.
func logPixel(t transform, x, y float64) [2]float64 {
	if !(y > 0) || !finite(y) {
		return [2]float64{math.NaN(), math.NaN()}
	}
	a, b := t.pixel(x, y)
	return [2]float64{a, b}
}

// zoomBox fits the inset around the valley floor: from the point a fifth
// of the way through the run shown to its last point, and from the
// minimum's level to the highest of those points, with margins.
func zoomBox(co CurveOptions, xs []float64) (x0, x1, y0, y1 float64) {
	last := xs[len(xs)-1]
	from := xs[len(xs)/5]
	half := math.Max(math.Abs(from-last), 1e-6*math.Max(1, math.Abs(last)))
	x0, x1 = last-half, last+half
	y0, y1 = math.Inf(1), math.Inf(-1)
	for k := 0; k <= 100; k++ {
		v := co.F(x0 + (x1-x0)*float64(k)/100)
		y0, y1 = math.Min(y0, v), math.Max(y1, v)
	}
	if co.ShowMinimum {
		y0 = math.Min(y0, co.Minimum)
	}
	pad := (y1 - y0) * 0.15
	if pad == 0 {
		pad = 1e-6
	}
	return x0, x1, y0 - pad, y1 + pad
}

// fill paints the axes box, so that an inset hides what lies under it.
type fill struct{ c color.Color }

func (f fill) Plot(c draw.Canvas, _ *plot.Plot) {
	c.SetColor(f.c)
	c.Fill(c.Rectangle.Path())
}

// zoomMarks are matplotlib's inset zoom marks: a grey box around the
// zoomed part of the axes and two lines from it to the inset.
type zoomMarks struct {
	zoom  [4]float64
	inset vg.Rectangle
	width vg.Length
}

func (z zoomMarks) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	r := vg.Rectangle{Min: vg.Point{X: tx(z.zoom[0]), Y: ty(z.zoom[2])}, Max: vg.Point{X: tx(z.zoom[1]), Y: ty(z.zoom[3])}}
	sty := draw.LineStyle{Color: color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xb0}, Width: z.width}
	c.StrokeLines(sty, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	c.StrokeLines(sty, []vg.Point{{X: r.Min.X, Y: r.Max.Y}, {X: z.inset.Min.X, Y: z.inset.Min.Y}})
	c.StrokeLines(sty, []vg.Point{r.Max, {X: z.inset.Max.X, Y: z.inset.Min.Y}})
}

// counterAt returns a counter whose text sits in r, padded as a legend's
// entries are. Unlike a legend it has no frame: none has ever shown (one
// used to be drawn, onto a copy that was then dropped), and drawing one
// now would change every animation with a counter.
func (f figure) counterAt(r vg.Rectangle) *counter {
	size := f.len(legendSize)
	pad := legBorderPad * size
	m := textBox(label{s: "step 0"}, size)
	fc := face(size)
	pen := fixedPoint(float64(r.Min.X+pad-m.x0), float64(f.h)-float64(r.Min.Y+pad+m.below))
	rect := image.Rect(int(math.Floor(float64(r.Min.X))), f.h-int(math.Ceil(float64(r.Max.Y))), int(math.Ceil(float64(r.Max.X))), f.h-int(math.Floor(float64(r.Min.Y))))
	return &counter{face: fc.FontFace(72), pen: pen, rect: rect}
}
