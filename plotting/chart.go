package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
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
}

// ChartOptions describe a line chart.
type ChartOptions struct {
	Title, XLabel, YLabel string
	// LogY draws the y axis on a log scale; values <= 0 are left out.
	LogY          bool
	Width, Height int // pixels; 0 means 960x540
}

// Chart draws series as lines on one set of axes, with a legend.
func Chart(o ChartOptions, series ...Series) (*image.RGBA, error) {
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if err := checkSize("ChartOptions.Width x Height", o.Width, o.Height); err != nil {
		return nil, err
	}
	fig := newFigure(o.Width, o.Height)
	p, err := fig.chart(o.XLabel, o.YLabel, o.LogY, series)
	if err != nil {
		return nil, err
	}
	return fig.render(p, o.Title)
}

// chart builds the plot of a line chart.
func (f figure) chart(xlabel, ylabel string, logY bool, series []Series) (*plot.Plot, error) {
	p := plot.New()
	f.style(p, xlabel, ylabel)
	p.Legend.Top = true
	p.Legend.Padding = f.len(3)
	p.Legend.ThumbnailWidth = f.len(20)
	p.Legend.XOffs, p.Legend.YOffs = -f.len(8), -f.len(8)
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	var lines []*plotter.Line
	for i, s := range series {
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("plotting: series %d (%q) has %d x and %d y values", i, s.Label, len(s.X), len(s.Y))
		}
		xy := make(plotter.XYs, 0, len(s.Y))
		for j, y := range s.Y {
			x := float64(j)
			if s.X != nil {
				x = s.X[j]
			}
			if !finite(x) || !finite(y) || (logY && y <= 0) {
				continue
			}
			xy = append(xy, plotter.XY{X: x, Y: y})
			xmin, xmax, ymin, ymax = math.Min(xmin, x), math.Max(xmax, x), math.Min(ymin, y), math.Max(ymax, y)
		}
		col := s.Color
		if col == nil {
			col = Cycle[i%len(Cycle)]
		}
		sty := draw.LineStyle{Color: col, Width: f.len(1.5)}
		if s.Dashed {
			sty.Dashes = []vg.Length{f.len(5.55), f.len(2.4)}
		}
		l := &plotter.Line{XYs: xy, LineStyle: sty}
		lines = append(lines, l)
		if s.Label != "" {
			p.Legend.Add(s.Label, l)
		}
	}
	if xmin > xmax {
		return nil, fmt.Errorf("plotting: the chart has no point to draw")
	}
	if xmin == xmax {
		xmin, xmax = xmin-1, xmax+1
	}
	if ymin == ymax {
		ymin, ymax = ymin-math.Max(1, math.Abs(ymin)/2), ymax+math.Max(1, math.Abs(ymax)/2)
	}
	p.Add(f.grid())
	for _, l := range lines {
		p.Add(l)
	}
	if hasLabel(series) {
		p.Add(legendBox{pad: f.len(4), xoffs: -f.len(8), yoffs: -f.len(8)})
	}
	p.X.Min, p.X.Max = xmin, xmax
	p.X.Tick.Marker = ticks(xmin, xmax, niceStep(xmax-xmin, 6))
	if logY {
		ymin, ymax = math.Pow(10, math.Floor(math.Log10(ymin))), math.Pow(10, math.Ceil(math.Log10(ymax)))
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = powersOfTen{}
	} else {
		pad := (ymax - ymin) * 0.05
		ymin, ymax = ymin-pad, ymax+pad
		p.Y.Tick.Marker = ticks(ymin, ymax, niceStep(ymax-ymin, 5))
	}
	p.Y.Min, p.Y.Max = ymin, ymax
	return p, nil
}

// powersOfTen labels each power of ten, as matplotlib's log axes do.
type powersOfTen struct{}

func (powersOfTen) Ticks(lo, hi float64) []plot.Tick {
	e0, e1 := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	every := math.Max(1, math.Ceil((e1-e0)/8)) // at most about 8 labels
	var ts []plot.Tick
	for e := e0; e <= e1; e++ {
		v := math.Pow(10, e)
		if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
			continue
		}
		if math.Mod(e-e0, every) != 0 {
			ts = append(ts, plot.Tick{Value: v}) // minor
			continue
		}
		label := "1e" + fmt.Sprint(int(e))
		if e >= -2 && e <= 3 {
			label = fmt.Sprint(v)
		}
		ts = append(ts, plot.Tick{Value: v, Label: label})
		if every == 1 && e1-e0 <= 4 {
			for m := 2.0; m < 10; m++ {
				if mv := m * v; mv <= hi {
					ts = append(ts, plot.Tick{Value: mv})
				}
			}
		}
	}
	return ts
}

// SlowDownOptions describe the slow-down figure.
type SlowDownOptions struct {
	Title string
	// Names of the coordinates, for the legend; nil means x, y, or x1, x2...
	Names         []string
	Width, Height int // pixels; 0 means 960x540
}

// SlowDown draws why Adagrad slows down, from a recorded run: above, each
// coordinate's accumulator, which only grows; below, the step size a unit
// gradient would get, lr_t/(sqrt(acc)+eps), which only shrinks, with the
// step actually taken, |x_i - x_(i-1)|, dashed. Both on log scales.
func SlowDown(tr *adagrad.Trace, c adagrad.Config, o SlowDownOptions) (*image.RGBA, error) {
	if tr == nil || len(tr.Points) < 2 {
		return nil, fmt.Errorf("plotting: SlowDown needs a trace of at least one step")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if err := checkSize("SlowDownOptions.Width x Height", o.Width, o.Height); err != nil {
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
	iters := len(tr.Points) - 1
	var accs, steps []Series
	for k := range n {
		acc, rate, taken := make([]float64, iters+1), make([]float64, iters+1), make([]float64, iters+1)
		rate[0], taken[0] = math.NaN(), math.NaN()
		for i := range tr.Points {
			acc[i] = tr.Accumulators[i][k]
			if i > 0 {
				rate[i] = c.StepSize(i, acc[i])
				taken[i] = math.Abs(tr.Points[i][k] - tr.Points[i-1][k])
			}
		}
		col := Cycle[k%len(Cycle)]
		accs = append(accs, Series{Label: "accumulator of " + names[k], Y: acc, Color: col})
		steps = append(steps,
			Series{Label: "lr/(√acc+ε) for " + names[k], Y: rate, Color: col},
			Series{Label: "step taken in " + names[k], Y: taken, Color: col, Dashed: true})
	}
	fig := newFigure(o.Width, o.Height)
	top, err := fig.chart("", "accumulator", true, accs)
	if err != nil {
		return nil, err
	}
	// The lower panel names the iterations for both.
	top.X.Tick.Marker = unlabelled{top.X.Tick.Marker}
	bottom, err := fig.chart("iteration", "step size", true, steps)
	if err != nil {
		return nil, err
	}
	// Two axes boxes in the tutorial's frame, one above the other.
	d := fig.data
	gap := vg.Length(0.07 * float64(o.Height))
	mid := (d.Min.Y + d.Max.Y) / 2
	upper := vg.Rectangle{Min: vg.Point{X: d.Min.X, Y: mid + gap/2}, Max: d.Max}
	lower := vg.Rectangle{Min: d.Min, Max: vg.Point{X: d.Max.X, Y: mid - gap/2}}
	return fig.renderPanels(panel{p: top, box: upper, title: o.Title}, panel{p: bottom, box: lower})
}

func hasLabel(series []Series) bool {
	for _, s := range series {
		if s.Label != "" {
			return true
		}
	}
	return false
}

// unlabelled keeps a ticker's marks and drops their labels.
type unlabelled struct{ t plot.Ticker }

func (u unlabelled) Ticks(lo, hi float64) []plot.Tick {
	ts := u.t.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = " " // a major tick still, but nothing to read
		}
	}
	return ts
}
