package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// SlowDownOptions describe the slow-down figure.
type SlowDownOptions struct {
	Title string
	// Names of the coordinates, for the legend; nil means x, y, or x1, x2...
	Names []string
	// Absolute draws the lower panel's lines as they are instead of
	// relative to step 1: each coordinate's effective step η/(√a+ε)
	// beside the others', so that a gap between coordinates shows (the
	// step is still the product of its factors, on the log axis a sum).
	Absolute bool
	// Width and Height are the layout size; 0, 0 means 960x540. Scale is
	// the number of pixels drawn per layout pixel; 0 means 2.
	Width, Height, Scale int
}

// SlowDown draws why Adagrad's steps shrink, from a recorded run, against
// the iteration on a log scale. Above: each coordinate's accumulator a,
// which only grows (on a log scale when the coordinates' values end over
// 10 times apart). Below, each relative to its value at step 1, on a log
// scale: the step taken, |x_t − x_(t−1)|, and its two factors, the
// accumulator's η_t/(√a+ε) and the gradient's |g_t|. The step is their
// product, so on the log scale its fall is the sum of theirs: where the
// accumulator's factor has levelled off, the steps shrink only because the
// gradient does. Coordinates whose lines coincide are drawn once, the
// lines labelled at their ends; others are told apart by dashes (x solid,
// y dashed...) and a label at each line's end naming its coordinate, the
// quantities by colour and marks, named in a legend.
func SlowDown(tr *adagrad.Trace, c adagrad.Config, o SlowDownOptions) (*Image, error) {
	fig, top, bottom, err := slowDown(tr, c, o)
	if err != nil {
		return nil, err
	}
	return fig.render(top, bottom)
}

// slowDown builds the slow-down figure's two panels.
func slowDown(tr *adagrad.Trace, c adagrad.Config, o SlowDownOptions) (fig figure, top, bottom *panel, err error) {
	fail := func(err error) (figure, *panel, *panel, error) { return figure{}, nil, nil, err }
	names, err := checkSlowDown(tr, c, o)
	if err != nil {
		return fail(err)
	}
	if fig, err = sizeOf("SlowDownOptions", o.Width, o.Height, o.Scale); err != nil {
		return fail(err)
	}
	f := slowDownFactors(tr, c, o.Absolute)
	groups := coinciding(f)
	if len(groups) > len(coordDashes) {
		return fail(fmt.Errorf("plotting: SlowDown tells apart at most %d coordinates by their dashes; this trace has %d different ones", len(coordDashes), len(groups)))
	}
	accs, parts := slowDownSeries(f, groups, names)
	// The accumulators on a log scale when the coordinates' values end
	// over 10 times apart (directions of very different steepness), else
	// linearly, where their levelling off shows best.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, a := range accs {
		if v := a.Y[len(a.Y)-1]; v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	top, topObs, err := fig.chart(axis{log: true}, axis{log: hi > 10*lo, label: "accumulator a"}, accs)
	if err != nil {
		return fail(err)
	}
	name := "relative to step 1"
	if o.Absolute {
		name = "size"
	}
	bottom, botObs, err := fig.chart(axis{log: true, label: "step"}, axis{log: true, label: name}, parts)
	if err != nil {
		return fail(err)
	}
	fig.stack(top, bottom, o.Title)
	fig.tighten(top, bottom)
	if len(groups) > 1 {
		// Six lines leave no room inside for their legend: it goes to the
		// right, and both panels keep one width.
		fig.placeLegend(bottom, botObs, true)
		top.box.Max.X = bottom.box.Max.X
	}
	fig.finish([]*obstacles{topObs, botObs}, false, top, bottom)
	// The two y names line up, left of both panels' tick labels.
	for _, pn := range []*panel{top, bottom} {
		_, ys := fig.tickLabels(pn)
		for _, p := range ys {
			top.yLabelLeft = min(top.yLabelLeft, p.box.Min.X)
		}
	}
	bottom.yLabelLeft = top.yLabelLeft
	return fig, top, bottom, nil
}

// checkSlowDown checks a trace and the options, and returns the
// coordinates' names.
func checkSlowDown(tr *adagrad.Trace, c adagrad.Config, o SlowDownOptions) ([]string, error) {
	if tr == nil || len(tr.Points) < 2 || len(tr.Accumulators) != len(tr.Points) {
		return nil, fmt.Errorf("plotting: SlowDown needs a trace of at least one step, with its accumulators")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	n := len(tr.Points[0])
	names := o.Names
	if names == nil {
		switch n {
		case 1:
			names = []string{"x"}
		case 2:
			names = []string{"x", "y"}
		default:
			for i := range n {
				names = append(names, fmt.Sprintf("x%d", i+1))
			}
		}
	}
	if len(names) != n {
		return nil, fmt.Errorf("plotting: SlowDownOptions.Names has %d names for %d coordinates", len(names), n)
	}
	for i := range tr.Points {
		if len(tr.Points[i]) != n || len(tr.Accumulators[i]) != n {
			return nil, fmt.Errorf("plotting: SlowDown: trace point %d has %d coordinates and %d accumulators, want %d", i, len(tr.Points[i]), len(tr.Accumulators[i]), n)
		}
	}
	return names, nil
}

// coinciding groups the coordinates whose every line coincides: each
// group is drawn once.
func coinciding(f []factors) [][]int {
	var groups [][]int
next:
	for k := range f {
		for gi, g := range groups {
			if f[k].same(f[g[0]]) {
				groups[gi] = append(groups[gi], k)
				continue next
			}
		}
		groups = append(groups, []int{k})
	}
	return groups
}

// slowDownSeries are the lines of both panels. With one group, each line
// is labelled at its end; with several, the legend names each line's
// coordinates, and their dashes tell them apart.
func slowDownSeries(f []factors, groups [][]int, names []string) (accs, parts []Series) {
	for gi, g := range groups {
		k := g[0]
		var ns []string
		for _, c := range g {
			ns = append(ns, names[c])
		}
		d := coordDashes[gi]
		if len(groups) == 1 {
			acc := Series{X: f[k].iter, Y: f[k].acc, Color: Orange}
			if len(g) > 1 {
				acc.Label = "a of " + identical(ns)
			}
			accs = append(accs, acc)
			parts = append(parts,
				Series{EndLabel: "step taken", X: f[k].iter, Y: f[k].step, Color: Blue},
				Series{EndLabel: "η/(√a+ε), the accumulator's factor", X: f[k].iter, Y: f[k].rate, Color: Orange},
				Series{EndLabel: "|gradient|, the gradient's factor", X: f[k].iter, Y: f[k].grad, Color: Green})
			continue
		}
		// Colour and marks tell the quantities apart, dashes and the
		// labels at the lines' ends the coordinates.
		who := identical(ns)
		suffix := ", " + who
		accs = append(accs, Series{Label: "a" + suffix, EndLabel: who, X: f[k].iter, Y: f[k].acc, Color: Orange, dashes: d})
		parts = append(parts,
			Series{Label: "step taken" + suffix, EndLabel: who, X: f[k].iter, Y: f[k].step, Color: Blue, dashes: d},
			Series{Label: "η/(√a+ε)" + suffix, EndLabel: who, X: f[k].iter, Y: f[k].rate, Color: Orange, dashes: d},
			Series{Label: "|gradient|" + suffix, EndLabel: who, X: f[k].iter, Y: f[k].grad, Color: Green, dashes: d})
	}
	return accs, parts
}

// stack puts two panels in the figure's frame, one above the other, the
// lower one, with three lines to read, the taller; they share the x range,
// which only the lower one labels.
func (f figure) stack(top, bottom *panel, title string) {
	top.x.min, top.x.max = bottom.x.min, bottom.x.max
	top.x.noLabels = true
	d := f.data
	gap := vg.Length(0.06 * float64(f.h))
	split := d.Min.Y + (d.Max.Y-d.Min.Y-gap)*0.58
	bottom.box = vg.Rectangle{Min: d.Min, Max: vg.Point{X: d.Max.X, Y: split}}
	top.box = vg.Rectangle{Min: vg.Point{X: d.Min.X, Y: split + gap}, Max: d.Max}
	top.title = title
	top.yLabelLeft = d.Min.X
}

// factors are one coordinate's lines of the slow-down figure, at
// iterations 1..n.
type factors struct {
	iter, acc, step, rate, grad []float64
}

func (a factors) same(b factors) bool {
	for _, p := range [][2][]float64{{a.acc, b.acc}, {a.step, b.step}, {a.rate, b.rate}, {a.grad, b.grad}} {
		for i := range p[0] {
			x, y := p[0][i], p[1][i]
			if x != y && !(math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))) {
				return false
			}
		}
	}
	return true
}

// slowDownFactors computes each coordinate's factors. The gradient of step
// t is the one the step used, |x_t − x_(t−1)| / (η_t/(√a_t+ε)) (with
// weight decay, the gradient plus the decay term): unlike the
// accumulator's increments it keeps its digits when it is tiny. Unless
// absolute, each factor is divided by its value at step 1; one that is
// zero there (a coordinate that starts at its minimum) is left out.
func slowDownFactors(tr *adagrad.Trace, c adagrad.Config, absolute bool) []factors {
	n := len(tr.Points[0])
	iters := len(tr.Points) - 1
	out := make([]factors, n)
	for k := range n {
		f := factors{}
		for t := 1; t <= iters; t++ {
			acc := tr.Accumulators[t][k]
			rate := c.StepSize(t, acc)
			step := math.Abs(tr.Points[t][k] - tr.Points[t-1][k])
			f.iter = append(f.iter, float64(t))
			f.acc = append(f.acc, acc)
			f.rate = append(f.rate, rate)
			f.grad = append(f.grad, step/rate)
			f.step = append(f.step, step)
		}
		for _, s := range [][]float64{f.rate, f.grad, f.step} {
			if absolute {
				break
			}
			first := s[0]
			for i := range s {
				if first > 0 {
					s[i] /= first
				} else {
					s[i] = math.NaN()
				}
			}
		}
		out[k] = f
	}
	return out
}
