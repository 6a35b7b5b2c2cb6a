package plotting

import (
	"math"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestSlowDownFactors checks the slow-down figure's lines against the
// tutorial's own formulas: the gradient's factor is |∂f/∂x_k| at the point
// each step starts from (tutorial.QuadraticGrad), the accumulator's is
// lr/(sqrt(acc)+eps) by hand, both relative to step 1; their product is
// the step taken.
func TestSlowDownFactors(t *testing.T) {
	tr := run2D(t)
	c := adagrad.TutorialConfig()
	f := slowDownFactors(tr, c, false)
	g0 := make([]float64, 2)
	tutorial.QuadraticGrad(g0, tr.Points[0])
	g := make([]float64, 2)
	for _, step := range []int{1, 2, 10, 100, 500, 1000} {
		tutorial.QuadraticGrad(g, tr.Points[step-1])
		for k := range 2 {
			rate := 0.05 / (math.Sqrt(tr.Accumulators[step][k]) + 1e-8)
			rate1 := 0.05 / (math.Sqrt(tr.Accumulators[1][k]) + 1e-8)
			want := map[string][2]float64{
				"gradient":    {f[k].grad[step-1], math.Abs(g[k] / g0[k])},
				"accumulator": {f[k].rate[step-1], rate / rate1},
				"step":        {f[k].step[step-1], f[k].rate[step-1] * f[k].grad[step-1]},
			}
			for name, v := range want {
				if math.Abs(v[0]-v[1]) > 1e-6*math.Abs(v[1]) {
					t.Errorf("step %d, coordinate %d: the %s line at %.9g, want %.9g", step, k, name, v[0], v[1])
				}
			}
		}
	}
}

// TestSlowDownDrawsIdenticalLinesOnce: on the tutorial's run both
// coordinates' lines coincide, so each quantity is drawn once and the
// legend says so; on the stretched bowl they differ, and each coordinate
// gets its own dashes.
func TestSlowDownDrawsIdenticalLinesOnce(t *testing.T) {
	_, top, bottom, err := slowDown(run2D(t), adagrad.TutorialConfig(), SlowDownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(top.below) != 1 || len(bottom.below) != 3 || len(bottom.endLabels) != 3 {
		t.Errorf("tutorial run: %d and %d lines, %d end labels below; want 1, 3, 3", len(top.below), len(bottom.below), len(bottom.endLabels))
	}
	if l := top.legend.entries[0].label; !strings.Contains(l, "x and y (identical)") {
		t.Errorf("the accumulator's label %q does not say x and y are identical", l)
	}
	_, ada := twoPaths(t)
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	run, err := adagrad.Run(func(g, p []float64) { g[0], g[1] = 0.1*p[0], 4*p[1] }, []float64{-4.5, 1.2}, cfg, len(ada)-1)
	if err != nil {
		t.Fatal(err)
	}
	_, top, bottom, err = slowDown(run, cfg, SlowDownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if lines(top) != 2 || lines(bottom) != 6 {
		t.Fatalf("stretched bowl: %d and %d lines; want 2 and 6", lines(top), lines(bottom))
	}
	for _, e := range bottom.legend.entries {
		solid := e.line.dashes == nil
		if strings.HasSuffix(e.label, ", x") != solid {
			t.Errorf("legend %q: solid %v; x's lines solid, y's dashed", e.label, solid)
		}
	}
}

// lines counts a panel's lines.
func lines(pn *panel) int {
	n := 0
	for _, p := range pn.below {
		if _, ok := p.(*polyline); ok {
			n++
		}
	}
	return n
}

// TestChartMergesIdenticalSeries: two series with the same points are one
// line, labelled with both names.
func TestChartMergesIdenticalSeries(t *testing.T) {
	fig := newFigure(DefaultWidth, DefaultHeight)
	y := []float64{3, 2, 1.5, 1.2}
	pn, _, err := fig.chart(axis{}, axis{}, []Series{{Label: "a", Y: y}, {Label: "b", Y: append([]float64(nil), y...)}, {Label: "c", Y: []float64{1, 2, 3, 4}}})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, e := range pn.legend.entries {
		labels = append(labels, e.label)
	}
	if got := strings.Join(labels, "; "); got != "a and b (identical); c" || lines(pn) != 2 {
		t.Errorf("legend %q with %d lines; want %q with 2", got, lines(pn), "a and b (identical); c")
	}
}

// TestSlowDownAbsolute: with Absolute, the lower panel's lines are the
// factors themselves: each coordinate's η/(√a+ε) and |∂f/∂x_k| as the
// tutorial's formulas give them, and the step taken, their product.
func TestSlowDownAbsolute(t *testing.T) {
	tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{-3, 3}, adagrad.TutorialConfig(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	f := slowDownFactors(tr, adagrad.TutorialConfig(), true)
	g := make([]float64, 2)
	for _, step := range []int{1, 10, 100, 1000} {
		tutorial.QuadraticGrad(g, tr.Points[step-1])
		for k := range 2 {
			rate := 0.05 / (math.Sqrt(tr.Accumulators[step][k]) + 1e-8)
			for name, v := range map[string][2]float64{
				"rate":     {f[k].rate[step-1], rate},
				"gradient": {f[k].grad[step-1], math.Abs(g[k])},
				"step":     {f[k].step[step-1], math.Abs(tr.Points[step][k] - tr.Points[step-1][k])},
			} {
				if math.Abs(v[0]-v[1]) > 1e-9*math.Abs(v[1]) {
					t.Errorf("step %d, coordinate %d: the %s line at %.9g, want %.9g", step, k, name, v[0], v[1])
				}
			}
		}
	}
	// x's effective step is the smaller, by a factor the figure can show.
	if r := f[1].rate[999] / f[0].rate[999]; r < 2 {
		t.Errorf("y's effective step %.3g times x's at step 1000; the run from (−3, 3) gives over 2", r)
	}
	_, _, bottom, err := slowDown(tr, adagrad.TutorialConfig(), SlowDownOptions{Absolute: true})
	if err != nil {
		t.Fatal(err)
	}
	if bottom.y.label != "size" {
		t.Errorf("the lower panel is named %q, want \"size\"", bottom.y.label)
	}
}
