package plotting

import (
	"fmt"
	"image"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// sweep is the learning-rate sweep of the fourth notebook: each run's
// distance to the valley floor, until it stops changing.
func sweep(t *testing.T) []Series {
	var series []Series
	for _, lr := range []float64{0.01, 0.05, 0.1, 0.5, 1} {
		cfg := adagrad.TutorialConfig()
		cfg.LearningRate = lr
		tr, err := adagrad.Run1D(tutorial.CubicDeriv, -1, cfg, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var d []float64
		for i, x := range tr.Points {
			if i > 0 && x == tr.Points[i-1] && x == tr.Final() {
				break
			}
			d = append(d, math.Abs(x-tutorial.CubicMinX))
		}
		series = append(series, Series{Label: fmt.Sprintf("learning rate %g", lr), Y: d, MarkLast: len(d) < len(tr.Points)})
	}
	return series
}

// moving is a run after a minimum that moves between 4 and 0 every 200
// steps, beside the minimum itself.
func moving(t *testing.T) []Series {
	m := func(i int) float64 { return float64(4 * ((i/200 + 1) % 2)) }
	k := 0
	tr, err := adagrad.Run1D(func(x float64) float64 { g := 2 * (x - m(k)); k++; return g }, 0, adagrad.Config{LearningRate: 1, InitialAccumulator: 0.1, Epsilon: 1e-8}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	where := make([]float64, 1001)
	for i := range where {
		where[i] = m(min(i, 999))
	}
	return []Series{{Label: "where the minimum is", Y: where, Color: Black, Dashed: true}, {Label: "Adagrad", Y: tr.Points}}
}

// TestLegendCoversNoData draws charts three ways: as they are, without
// the legend, and without legend or lines. Inside the legend's frame the
// last two must be the same picture: no line passes under the legend.
// A legend outside the axes covers nothing by construction.
func TestLegendCoversNoData(t *testing.T) {
	cases := []struct {
		name   string
		logY   bool
		series []Series
	}{
		{"sweep", true, sweep(t)},
		{"moving minimum", false, moving(t)},
		{"x² from 3", true, goldenChartSeries(t)},
	}
	for _, c := range cases {
		fig := newFigure(DefaultWidth, DefaultHeight)
		pn, obs, err := fig.chart(axis{label: "iteration"}, axis{log: c.logY, label: "x"}, c.series)
		if err != nil {
			t.Fatal(err)
		}
		pn.box = fig.data
		fig.finish([]*obstacles{obs}, true, pn)
		checkLegendFree(t, c.name, fig, pn)
	}
	// The slow-down figure's two panels.
	tr := run2D(t)
	f := slowDownFactors(tr, adagrad.TutorialConfig(), false)
	for _, s := range [][]Series{
		{{Label: "accumulator", X: f[0].iter, Y: f[0].acc}},
		{{Label: "step", X: f[0].iter, Y: f[0].step}, {Label: "rate", X: f[0].iter, Y: f[0].rate}, {Label: "gradient", X: f[0].iter, Y: f[0].grad}},
	} {
		fig := newFigure(DefaultWidth, DefaultHeight)
		pn, obs, err := fig.chart(axis{log: true, label: "iteration"}, axis{log: len(s) > 1, label: "y"}, s)
		if err != nil {
			t.Fatal(err)
		}
		pn.box = fig.data
		fig.finish([]*obstacles{obs}, false, pn)
		checkLegendFree(t, "slow-down "+s[0].Label, fig, pn)
	}
}

func checkLegendFree(t *testing.T, name string, fig figure, pn *panel) {
	t.Helper()
	if pn.legend == nil {
		t.Fatalf("%s: no legend", name)
	}
	if pn.legend.rect.Min.X >= pn.box.Max.X {
		t.Logf("%s: legend outside the axes", name)
		return
	}
	if n := covered(t, fig, pn); n > 0 {
		t.Errorf("%s: the legend at %v covers %d pixels of data", name, pn.legend.rect, n)
	}
	// The check itself: in the upper right corner, the first place
	// matplotlib tries, the legend would cover a line in these charts.
	saved := pn.legend.rect
	w, h, _ := pn.legend.dims()
	pn.legend.rect = candidates(pn.box, w, h, legBorderAxesPad*pn.legend.size)[0]
	if saved != pn.legend.rect && covered(t, fig, pn) == 0 {
		t.Errorf("%s: the upper right corner covers nothing either; the check does not check", name)
	}
	pn.legend.rect = saved
}

// covered counts the pixels in pn's legend frame that its lines change.
func covered(t *testing.T, fig figure, pn *panel) int {
	lg, below := pn.legend, pn.below
	defer func() { pn.legend, pn.below = lg, below }()
	r := lg.rect
	px := image.Rect(int(r.Min.X)-1, fig.h-int(r.Max.Y)-1, int(r.Max.X)+2, fig.h-int(r.Min.Y)+2)
	pn.legend = nil
	with, err := fig.render(pn)
	if err != nil {
		t.Fatal(err)
	}
	pn.below = nil
	without, err := fig.render(pn)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for y := px.Min.Y; y < px.Max.Y; y++ {
		for x := px.Min.X; x < px.Max.X; x++ {
			if with.RGBAAt(x, y) != without.RGBAAt(x, y) {
				n++
			}
		}
	}
	return n
}

// TestContourLegendCoversNoPath: the paths and marks of the contour
// figures stay clear of their legend (contour lines may pass under it, as
// under matplotlib's).
func TestContourLegendCoversNoPath(t *testing.T) {
	gd, ada := twoPaths(t)
	for _, c := range []struct {
		o     ContourOptions
		paths []Path
	}{
		{TutorialContour(0.05), []Path{{Label: "Adagrad", Points: run2D(t).Points}}},
		{ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}}, []Path{{Label: "gradient descent", Points: gd}, {Label: "Adagrad", Points: ada}}},
	} {
		ct, err := NewContour(c.o, c.paths...)
		if err != nil {
			t.Fatal(err)
		}
		r := ct.pn.legend.rect
		h := ct.fig.h
		box := image.Rect(int(r.Min.X)-1, h-int(r.Max.Y)-1, int(r.Max.X)+2, h-int(r.Min.Y)+2)
		for k, tr := range ct.trails() {
			tr.grow(len(tr.pts))
			for y := box.Min.Y; y < box.Max.Y; y++ {
				for x := box.Min.X; x < box.Max.X; x++ {
					if image.Pt(x, y).In(tr.clip) && tr.cov[y*tr.stride+x] > 0 {
						t.Fatalf("path %d passes under the legend at (%d, %d)", k, x, y)
					}
				}
			}
		}
		for _, p := range ct.obs.points {
			x, y := ct.Pixel(p[0], p[1])
			if image.Pt(int(x), int(y)).In(box.Inset(-8)) {
				t.Errorf("the mark at %v is under the legend %v", p, box)
			}
		}
	}
}

// TestObstaclesFollowTheBox: labels are placed against the lines where
// they are drawn. A panel's box changes between placements (a legend
// moved above the axes takes their top), and so can its axes; each row
// scores a place against a horizontal line y = 5 through a point (5, 5),
// after the rows before it, on the same obstacles. The line's height on
// the canvas is worked out by hand from the row's box and y range.
func TestObstaclesFollowTheBox(t *testing.T) {
	obs := &obstacles{lines: [][][2]float64{{{0, 5}, {10, 5}}}, points: [][2]float64{{5, 5}}}
	pn := &panel{x: axis{min: 0, max: 10}}
	band := func(y vg.Length) vg.Rectangle { // 10 high, across the box
		return vg.Rectangle{Min: vg.Point{X: 10, Y: y - 5}, Max: vg.Point{X: 90, Y: y + 5}}
	}
	box := func(top vg.Length) vg.Rectangle { return vg.Rectangle{Max: vg.Point{X: 100, Y: top}} }
	for _, c := range []struct {
		name   string
		top    vg.Length // of the box
		yMax   float64   // of the y axis, from 0
		logY   bool
		around vg.Length // the band's middle on the canvas
		want   float64   // 10 for the line, 1 for the point
	}{
		{"line at 50 of 100", 100, 10, false, 50, 11},
		{"nothing at 30", 100, 10, false, 30, 0},
		{"box lowered to 60: line at 30", 60, 10, false, 30, 11},
		{"nothing left at 50", 60, 10, false, 50, 0},
		{"y up to 20: line at 15", 60, 20, false, 15, 11},
		{"nothing left at 30", 60, 20, false, 30, 0},
		{"log y from 1 to 25: line at 60·log 5/log 25 = 30", 60, 25, true, 30, 11},
		{"nothing at 15 then", 60, 25, true, 15, 0},
	} {
		pn.box = box(c.top)
		pn.y = axis{min: 0, max: c.yMax}
		if c.logY {
			pn.y = axis{min: 1, max: c.yMax, log: true}
		}
		if got := obs.crowding(pn, band(c.around)); got != c.want {
			t.Errorf("%s: a place around y = %v scores %v, want %v", c.name, c.around, got, c.want)
		}
	}
}
