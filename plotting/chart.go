package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// A Series is one line of a chart. If X is nil, Y[i] is drawn at x = i.
type Series struct {
	Label  string
	X, Y   []float64
	Color  color.Color // nil: the next colour of Cycle
	Dashed bool
	// MarkLast puts a dot on the last point drawn, e.g. where a run stops
	// changing.
	MarkLast bool
}

// ChartOptions describe a line chart.
type ChartOptions struct {
	Title, XLabel, YLabel string
	// LogY draws the y axis on a log scale; values <= 0 are left out.
	LogY bool
	// LogX draws the x axis on a log scale; values <= 0 are left out
	// (with X nil, that is the point at x = 0).
	LogX          bool
	Width, Height int // pixels; 0 means 960x540
}

// Chart draws series as lines on one set of axes, as matplotlib's plot
// does by default: 5% margins around the data, its ticks (10^k on a log
// axis), and a legend where it covers no line, outside the axes if there
// is no such place inside. Series that coincide (the same x, and y equal to
// nine digits) are drawn once, their labels joined.
func Chart(o ChartOptions, series ...Series) (*image.RGBA, error) {
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if err := checkSize("ChartOptions.Width x Height", o.Width, o.Height); err != nil {
		return nil, err
	}
	fig := newFigure(o.Width, o.Height)
	pn, obs, err := fig.chart(o.XLabel, o.YLabel, o.LogX, o.LogY, series)
	if err != nil {
		return nil, err
	}
	pn.box, pn.title = fig.data, o.Title
	fig.finish(pn, obs, true)
	return fig.render(pn)
}

// finish places the legend (outside the axes if allowed and needed) and
// then lays out the ticks for the final box.
func (f figure) finish(pn *panel, obs *obstacles, outside bool) {
	f.placeLegend(pn, obs, outside)
	f.defaultTicks(&pn.x, pn.box.Max.X-pn.box.Min.X, false)
	f.defaultTicks(&pn.y, pn.box.Max.Y-pn.box.Min.Y, true)
}

// a line ready to draw: its points and how it looks.
type chartLine struct {
	labels []string // of the series it stands for
	xy     plotter.XYs
	sty    draw.LineStyle
	mark   bool
}

// chart builds a panel of line series (without its box, title or ticks)
// and what its legend must not cover.
func (f figure) chart(xlabel, ylabel string, logX, logY bool, series []Series) (*panel, *obstacles, error) {
	var lines []chartLine
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i, s := range series {
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, nil, fmt.Errorf("plotting: series %d (%q) has %d x and %d y values", i, s.Label, len(s.X), len(s.Y))
		}
		xy := make(plotter.XYs, 0, len(s.Y))
		for j, y := range s.Y {
			x := float64(j)
			if s.X != nil {
				x = s.X[j]
			}
			if !finite(x) || !finite(y) || (logY && y <= 0) || (logX && x <= 0) {
				continue
			}
			xy = append(xy, plotter.XY{X: x, Y: y})
			xmin, xmax, ymin, ymax = math.Min(xmin, x), math.Max(xmax, x), math.Min(ymin, y), math.Max(ymax, y)
		}
		col := s.Color
		if col == nil {
			col = Cycle[i%len(Cycle)]
		}
		sty := draw.LineStyle{Color: col, Width: f.len(lineWidth)}
		if s.Dashed {
			sty.Dashes = []vg.Length{f.len(5.55), f.len(2.4)} // matplotlib's "dashed" at 1.5 pt
		}
		if k := sameAs(lines, xy); k >= 0 {
			if s.Label != "" {
				lines[k].labels = append(lines[k].labels, s.Label)
			}
			continue // drawn already
		}
		l := chartLine{xy: xy, sty: sty, mark: s.MarkLast}
		if s.Label != "" {
			l.labels = []string{s.Label}
		}
		lines = append(lines, l)
	}
	if xmin > xmax {
		return nil, nil, fmt.Errorf("plotting: the chart has no point to draw")
	}
	// A short y name stays upright, as the tutorial's "y".
	pn := &panel{grid: true, x: axis{log: logX, label: xlabel}, y: axis{log: logY, label: ylabel, upright: len([]rune(ylabel)) <= 2}}
	pn.x.min, pn.x.max = margins(xmin, xmax, logX)
	pn.y.min, pn.y.max = margins(ymin, ymax, logY)
	// A legend keeps 4 points from any line: its half width and a gap.
	obs := &obstacles{reach: f.len(4)}
	lg := &legend{size: f.len(legendSize)}
	dot := marker{r: f.len(3), edge: nil}
	for _, l := range lines {
		if len(l.xy) == 0 {
			continue
		}
		pn.below = append(pn.below, &plotter.Line{XYs: l.xy, LineStyle: l.sty})
		pts := make([][2]float64, len(l.xy))
		for i, v := range l.xy {
			pts[i] = [2]float64{v.X, v.Y}
		}
		obs.lines = append(obs.lines, pts)
		e := legendEntry{label: identical(l.labels), line: &l.sty}
		if l.mark {
			m := dot
			m.fill = l.sty.Color
			last := l.xy[len(l.xy)-1]
			pn.below = append(pn.below, markers{xy: [][2]float64{{last.X, last.Y}}, m: m})
			obs.points = append(obs.points, [2]float64{last.X, last.Y})
			e.marker = &m
		}
		if e.label != "" {
			lg.entries = append(lg.entries, e)
		}
	}
	pn.legend = lg
	return pn, obs, nil
}

// sameAs returns the index of the line that xy coincides with, or -1: the
// same x values, and y equal to nine significant digits.
func sameAs(lines []chartLine, xy plotter.XYs) int {
next:
	for k, l := range lines {
		if len(l.xy) != len(xy) || len(xy) == 0 {
			continue
		}
		for i := range xy {
			a, b := l.xy[i], xy[i]
			if a.X != b.X || math.Abs(a.Y-b.Y) > 1e-9*math.Max(math.Abs(a.Y), math.Abs(b.Y)) {
				continue next
			}
		}
		return k
	}
	return -1
}

// identical names a line that stands for several series: "a", or "a and
// b (identical)", or "a, b and c (identical)".
func identical(labels []string) string {
	switch len(labels) {
	case 0:
		return ""
	case 1:
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1] + " (identical)"
}

// SlowDownOptions describe the slow-down figure.
type SlowDownOptions struct {
	Title string
	// Names of the coordinates, for the legend; nil means x, y, or x1, x2...
	Names         []string
	Width, Height int // pixels; 0 means 960x540
}

// SlowDown draws why Adagrad's steps shrink, from a recorded run, against
// the iteration on a log scale. Above: each coordinate's accumulator, which
// only grows (on a log scale when the coordinates' values end over 10
// times apart). Below, each relative to its value at step 1, on a log
// scale: the step taken, |x_t - x_(t-1)|, and its two factors, the
// accumulator's lr_t/(sqrt(acc)+eps) and the gradient's |g_t|. The step is
// their product, so on the log scale its fall is the sum of theirs: where
// the accumulator's factor has levelled off, the steps shrink only because
// the gradient does. Coordinates whose lines coincide are drawn once;
// others are told apart by dashes.
func SlowDown(tr *adagrad.Trace, c adagrad.Config, o SlowDownOptions) (*image.RGBA, error) {
	fig, top, bottom, err := slowDown(tr, c, o)
	if err != nil {
		return nil, err
	}
	return fig.render(top, bottom)
}

// slowDown builds the slow-down figure's two panels.
func slowDown(tr *adagrad.Trace, c adagrad.Config, o SlowDownOptions) (fig figure, top, bottom *panel, err error) {
	fail := func(err error) (figure, *panel, *panel, error) { return figure{}, nil, nil, err }
	if tr == nil || len(tr.Points) < 2 || len(tr.Accumulators) != len(tr.Points) {
		return fail(fmt.Errorf("plotting: SlowDown needs a trace of at least one step, with its accumulators"))
	}
	if err := c.Validate(); err != nil {
		return fail(err)
	}
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if err := checkSize("SlowDownOptions.Width x Height", o.Width, o.Height); err != nil {
		return fail(err)
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
		return fail(fmt.Errorf("plotting: SlowDownOptions.Names has %d names for %d coordinates", len(names), n))
	}
	for i := range tr.Points {
		if len(tr.Points[i]) != n || len(tr.Accumulators[i]) != n {
			return fail(fmt.Errorf("plotting: SlowDown: trace point %d has %d coordinates and %d accumulators, want %d", i, len(tr.Points[i]), len(tr.Accumulators[i]), n))
		}
	}
	f := slowDownFactors(tr, c)
	// Coordinates whose every line coincides are one group, drawn once.
	var groups [][]int
	for k := range n {
		placed := false
		for gi, g := range groups {
			if f[k].same(f[g[0]]) {
				groups[gi] = append(groups[gi], k)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []int{k})
		}
	}
	if len(groups) > len(coordDashes) {
		return fail(fmt.Errorf("plotting: SlowDown tells apart at most %d coordinates by their dashes; this trace has %d different ones", len(coordDashes), len(groups)))
	}
	groupName := func(g []int) string {
		var ns []string
		for _, k := range g {
			ns = append(ns, names[k])
		}
		return identical(ns)
	}
	fig = newFigure(o.Width, o.Height)
	var accs, parts []Series
	for _, g := range groups {
		k := g[0]
		// One line per quantity when every coordinate coincides, named
		// once on the accumulator; otherwise each label names its
		// coordinates, and dashes tell them apart.
		accLabel, suffix := "accumulator", ""
		if len(groups) > 1 {
			suffix = ", " + groupName(g)
			accLabel += suffix
		} else if n > 1 {
			accLabel += ", " + groupName(g)
		}
		accs = append(accs, Series{Label: accLabel, X: f[k].iter, Y: f[k].acc, Color: Orange})
		parts = append(parts,
			Series{Label: "step taken" + suffix, X: f[k].iter, Y: f[k].step, Color: Blue},
			Series{Label: "lr/(√acc+ε): the accumulator's factor" + suffix, X: f[k].iter, Y: f[k].rate, Color: Orange},
			Series{Label: "|gradient|: the gradient's factor" + suffix, X: f[k].iter, Y: f[k].grad, Color: Green})
	}
	// The accumulators on a log scale when the coordinates' values end
	// over 10 times apart (directions of very different steepness), else
	// linearly, where their levelling off shows best.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, a := range accs {
		if v := a.Y[len(a.Y)-1]; v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	top, topObs, err := fig.chart("", "accumulator", true, hi > 10*lo, accs)
	if err != nil {
		return fail(err)
	}
	bottom, botObs, err := fig.chart("iteration", "relative to step 1", true, true, parts)
	if err != nil {
		return fail(err)
	}
	for _, pn := range []*panel{top, bottom} {
		if len(groups) > 1 {
			for i := range pn.below {
				if l, ok := pn.below[i].(*plotter.Line); ok {
					per := len(pn.below) / len(groups)
					l.LineStyle.Dashes = dashes(fig, coordDashes[i/per])
				}
			}
			for i := range pn.legend.entries {
				per := len(pn.legend.entries) / len(groups)
				s := *pn.legend.entries[i].line
				s.Dashes = dashes(fig, coordDashes[i/per])
				pn.legend.entries[i].line = &s
			}
		}
	}
	// Both panels share the x range; only the lower one labels it.
	top.x.min, top.x.max = bottom.x.min, bottom.x.max
	top.x.noLabels = true
	// Two axes boxes in the tutorial's frame, one above the other; the
	// lower one, with three lines to read, the taller.
	d := fig.data
	gap := vg.Length(0.06 * float64(o.Height))
	split := d.Min.Y + (d.Max.Y-d.Min.Y-gap)*0.58
	bottom.box = vg.Rectangle{Min: d.Min, Max: vg.Point{X: d.Max.X, Y: split}}
	top.box = vg.Rectangle{Min: vg.Point{X: d.Min.X, Y: split + gap}, Max: d.Max}
	top.title = o.Title
	top.yLabelLeft = d.Min.X
	fig.finish(top, topObs, false)
	fig.finish(bottom, botObs, false)
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

// Dash patterns that tell coordinates apart, in points: solid, dashed,
// dotted, dash-dot (matplotlib's at 1.5 pt).
var coordDashes = [][]float64{nil, {5.55, 2.4}, {1.5, 2.475}, {9.6, 2.4, 1.5, 2.4}}

func dashes(f figure, d []float64) []vg.Length {
	var out []vg.Length
	for _, v := range d {
		out = append(out, f.len(v))
	}
	return out
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
// t is the one the step used, |x_t - x_(t-1)| / (lr_t/(sqrt(acc_t)+eps))
// (with weight decay, the gradient plus the decay term): unlike the
// accumulator's increments it keeps its digits when it is tiny. Each
// factor is divided by its value at step 1; one that is zero there (a
// coordinate that starts at its minimum) is left out.
func slowDownFactors(tr *adagrad.Trace, c adagrad.Config) []factors {
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
