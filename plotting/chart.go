package plotting

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/vg"
)

// A Series is one line of a chart. If X is nil, Y[i] is drawn at x = i.
type Series struct {
	Label  string // its name in the legend; "" for none
	X, Y   []float64
	Color  color.Color // nil: the next colour of Cycle
	Dashed bool
	// Width is the line's width in points; 0 means 1.5. A wide, light
	// line drawn first makes a band for others to run along.
	Width float64
	// MarkLast puts a mark on the last point drawn, e.g. where a run stops
	// changing.
	MarkLast bool
	// EndLabel, if not "", is written beside the line's last point, on a
	// light box: a direct label, which beats a legend when the lines'
	// ends lie apart. Give a series an EndLabel and no Label to leave it
	// out of the legend.
	EndLabel string
	dashes   []float64 // a dash pattern in points, for SlowDown's coordinates
}

// ChartOptions describe a line chart.
type ChartOptions struct {
	Title, XLabel, YLabel string
	// LogY draws the y axis on a log scale; values <= 0 are left out.
	LogY bool
	// LogX draws the x axis on a log scale; values <= 0 are left out
	// (with X nil, that is the point at x = 0).
	LogX bool
	// Log1pX draws the x axis on a log(1 + x) scale, for counts of steps
	// from 0: steps 1 to 10 get as much room as 100 to 1000, as on a log
	// scale, and step 0 is shown. Values < 0 are left out.
	Log1pX bool
	// Width and Height are the layout size, the size the chart is meant
	// to be seen at; 0, 0 means 960x540. Scale is the number of pixels
	// drawn per layout pixel; 0 means 2.
	Width, Height, Scale int
}

// Chart draws series as lines on one set of axes, with matplotlib's 5%
// margins around the data and its ticks (10^k on a log axis, with minor
// ticks, and labels at 2 and 5 times 10^k when the axis spans few
// decades). Every series is told apart from the others twice: by its
// colour, and by its dashes, its marks (a shape every so often along the
// line, in the legend too) or its EndLabel. The legend goes where it
// covers no line, outside the axes if there is no such place inside.
// Series that coincide (the same x, and y equal to nine digits) are drawn
// once, their labels joined.
func Chart(o ChartOptions, series ...Series) (*Image, error) {
	fig, pn, err := chartPanel(o, series)
	if err != nil {
		return nil, err
	}
	return fig.render(pn)
}

// chartPanel lays out Chart's figure.
func chartPanel(o ChartOptions, series []Series) (figure, *panel, error) {
	fig, err := sizeOf("ChartOptions", o.Width, o.Height, o.Scale)
	if err != nil {
		return fig, nil, err
	}
	if o.LogX && o.Log1pX {
		return fig, nil, fmt.Errorf("plotting: ChartOptions.LogX and Log1pX are both set; choose one")
	}
	x := axis{log: o.LogX, log1p: o.Log1pX, label: o.XLabel}
	y := axis{log: o.LogY, label: o.YLabel}
	pn, obs, err := fig.chart(x, y, series)
	if err != nil {
		return fig, nil, err
	}
	pn.box, pn.title = fig.data, o.Title
	fig.tighten(pn)
	fig.finish([]*obstacles{obs}, true, pn)
	return fig, pn, nil
}

// finish puts each panel's legend in its best place (outside the axes if
// allowed and needed), then lays out the ticks and the end labels for the
// final boxes.
func (f figure) finish(obs []*obstacles, outside bool, panels ...*panel) {
	for i, pn := range panels {
		f.placeLegend(pn, obs[i], outside)
	}
	for i, pn := range panels {
		f.defaultTicks(&pn.x, pn.box.Max.X-pn.box.Min.X, false)
		f.defaultTicks(&pn.y, pn.box.Max.Y-pn.box.Min.Y, true)
		f.placeEndLabels(pn, obs[i])
	}
}

// tighten moves the panels' left and right edges (one left and one right
// edge for all) so that their tick labels and axis names end a margin from
// the figure's edges, as matplotlib's tight layout does: the figure's
// width goes to the data.
func (f figure) tighten(panels ...*panel) {
	margin := f.len(8)
	for range 2 { // the ticks depend on the width, and the width on them
		left, right := vg.Length(math.Inf(1)), vg.Length(math.Inf(-1))
		for _, pn := range panels {
			f.defaultTicks(&pn.x, pn.box.Max.X-pn.box.Min.X, false)
			f.defaultTicks(&pn.y, pn.box.Max.Y-pn.box.Min.Y, true)
			xs, ys := f.tickLabels(pn)
			_, yl, _ := f.axisLabels(pn, xs, ys)
			left, right = min(left, pn.box.Min.X), max(right, pn.box.Max.X)
			for _, p := range append(xs, ys...) {
				left, right = min(left, p.box.Min.X), max(right, p.box.Max.X)
			}
			if yl != nil {
				left = min(left, yl.box.Min.X)
			}
		}
		dl, dr := margin-left, vg.Length(f.w)-margin-right
		for _, pn := range panels {
			pn.box.Min.X += dl
			pn.box.Max.X += dr
			if pn.yLabelLeft != 0 {
				pn.yLabelLeft += dl
			}
		}
	}
}

// a line ready to draw: its points and how it looks.
type chartLine struct {
	labels   []string // of the series it stands for
	endLabel string
	xy       [][2]float64
	sty      lineStyle
	mark     bool // a mark on its last point
	shape    shape
	marked   bool // marks along it, of its shape
}

// Marks along a line: their size and spacing, in points.
const (
	markR     = 3
	markEvery = 36
)

// chart builds a panel of line series on axes x and y (their scales and
// names; without the panel's box, title or ticks) and what its legend must
// not cover.
func (f figure) chart(x, y axis, series []Series) (*panel, *obstacles, error) {
	var lines []chartLine
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i, s := range series {
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, nil, fmt.Errorf("plotting: series %d (%q) has %d x and %d y values", i, s.Label, len(s.X), len(s.Y))
		}
		xy := make([][2]float64, 0, len(s.Y))
		for j, yv := range s.Y {
			xv := float64(j)
			if s.X != nil {
				xv = s.X[j]
			}
			if !finite(xv) || !finite(yv) || !x.shows(xv) || !y.shows(yv) {
				continue
			}
			xy = append(xy, [2]float64{xv, yv})
			xmin, xmax, ymin, ymax = math.Min(xmin, xv), math.Max(xmax, xv), math.Min(ymin, yv), math.Max(ymax, yv)
		}
		col := s.Color
		if col == nil {
			col = Cycle[i%len(Cycle)]
		}
		w := lineWidth
		if s.Width > 0 {
			w = s.Width
		}
		sty := lineStyle{color: col, width: f.len(w)}
		if s.Dashed {
			sty.dashes = dashes(f, coordDashes[1])
		}
		if s.dashes != nil {
			sty.dashes = dashes(f, s.dashes)
		}
		if k := sameAs(lines, xy); k >= 0 {
			if s.Label != "" {
				lines[k].labels = append(lines[k].labels, s.Label)
			}
			continue // drawn already
		}
		l := chartLine{xy: xy, sty: sty, mark: s.MarkLast, endLabel: s.EndLabel}
		if s.Label != "" {
			l.labels = []string{s.Label}
		}
		lines = append(lines, l)
	}
	if xmin > xmax {
		return nil, nil, fmt.Errorf("plotting: the chart has no point to draw")
	}
	tellApart(lines)
	// A short y name stays upright, as the tutorial's "y".
	y.upright = len([]rune(y.label)) <= 2
	pn := &panel{grid: true, x: x, y: y}
	pn.x.min, pn.x.max = pn.x.margins(xmin, xmax)
	pn.y.min, pn.y.max = pn.y.margins(ymin, ymax)
	// A legend keeps 4 points from any line: its half width and a gap.
	obs := &obstacles{reach: f.len(4)}
	lg := &legend{size: f.len(legendSize)}
	nMarked := 0
	for _, l := range lines {
		if l.marked {
			nMarked++
		}
	}
	k := 0
	for _, l := range lines {
		if len(l.xy) == 0 {
			continue
		}
		pts := l.xy
		pn.below = append(pn.below, &polyline{xy: pts, style: l.sty})
		obs.lines = append(obs.lines, pts)
		e := legendEntry{label: identical(l.labels), line: &l.sty}
		m := marker{shape: l.shape, r: f.len(markR), fill: l.sty.color, edge: color.White, width: f.len(0.6)}
		if l.marked {
			// Each marked line's marks start at another place, so that
			// lines that run together do not hide each other's marks.
			phase := f.len(markEvery) * vg.Length(float64(k)+0.5) / vg.Length(nMarked)
			pn.below = append(pn.below, markedLine{xy: pts, m: m, every: f.len(markEvery), phase: phase})
			e.marker = &m
			k++
		}
		last := pts[len(pts)-1]
		if l.mark {
			end := m
			end.shape, end.r, end.edge, end.width = disc, f.len(3.5), Black, f.len(0.8)
			pn.above = append(pn.above, markers{xy: [][2]float64{last}, m: end})
			obs.points = append(obs.points, last)
			if !l.marked {
				e.marker = &end
			}
		}
		if l.endLabel != "" {
			pn.endLabels = append(pn.endLabels, endLabel{text: l.endLabel, line: pts, col: l.sty.color})
		}
		if e.label != "" {
			lg.entries = append(lg.entries, e)
		}
	}
	pn.legend = lg
	return pn, obs, nil
}

// tellApart gives lines marks where their dashes and widths alone do not
// tell them apart: among the lines a reader must tell apart (those with a
// legend entry or an end label) the first of each dash pattern and width
// stays plain, the others get marks, a shape each. A line with an end label needs none:
// the label is its second sign. One line alone needs nothing.
func tellApart(lines []chartLine) {
	named := 0
	for _, l := range lines {
		if len(l.labels) > 0 || l.endLabel != "" {
			named++
		}
	}
	if named < 2 {
		return
	}
	seen := map[string]int{}
	for i := range lines {
		l := &lines[i]
		if len(l.labels) == 0 { // unnamed, or named by its end label alone
			continue
		}
		key := fmt.Sprint(l.sty.dashes, l.sty.width)
		if n := seen[key]; n > 0 {
			l.marked, l.shape = true, markShapes[(n-1)%len(markShapes)]
		}
		seen[key]++
	}
}

// sameAs returns the index of the line that xy coincides with, or -1: the
// same x values, and y equal to nine significant digits.
func sameAs(lines []chartLine, xy [][2]float64) int {
next:
	for k, l := range lines {
		if len(l.xy) != len(xy) || len(xy) == 0 {
			continue
		}
		for i := range xy {
			a, b := l.xy[i], xy[i]
			if a[0] != b[0] || math.Abs(a[1]-b[1]) > 1e-9*math.Max(math.Abs(a[1]), math.Abs(b[1])) {
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
