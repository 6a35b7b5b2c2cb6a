package plotting

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/internal/cvd"
)

// seenLines are a chart panel's lines: colour and how they look besides.
type seenLine struct {
	col   color.Color
	style string // dashes, width, marks
	named bool   // a legend entry or an end label: a reader must tell it apart
	end   string // its label at its end
}

// panelLines returns the lines of a chart panel, in drawing order.
func panelLines(pn *panel) []seenLine {
	var out []seenLine
	for i, p := range pn.below {
		l, ok := p.(*polyline)
		if !ok {
			continue
		}
		s := seenLine{col: l.style.color, style: fmt.Sprint(l.style.dashes, l.style.width)}
		if i+1 < len(pn.below) {
			if ml, ok := pn.below[i+1].(markedLine); ok {
				s.style += fmt.Sprint(" marks ", ml.m.shape)
			}
		}
		out = append(out, s)
	}
	// Legend entries and end labels name the lines in order.
	k := 0
	for _, e := range legendLines(pn) {
		for k < len(out) && out[k].col != e {
			k++
		}
		if k < len(out) {
			out[k].named = true
		}
	}
	for _, l := range pn.endLabels {
		for i := range out {
			if out[i].col == l.col && out[i].end == "" {
				out[i].named, out[i].end = true, l.text
				break
			}
		}
	}
	return out
}

func legendLines(pn *panel) []color.Color {
	var cs []color.Color
	if pn.legend == nil {
		return nil
	}
	for _, e := range pn.legend.entries {
		if e.line != nil {
			cs = append(cs, e.line.color)
		}
	}
	return cs
}

// checkDistinct checks a figure's series for the readers of every common
// colour-vision deficiency: any two different colours at least
// cvd.MinDistinct apart (ΔE76, simulated protanopia, deuteranopia and
// tritanopia), and every two named series told apart two ways of three:
// their colours, their dashes, width or marks, their labels at their ends.
func checkDistinct(t *testing.T, name string, lines []seenLine) {
	t.Helper()
	var cols []color.Color
	for _, l := range lines {
		if l.named && !slices.ContainsFunc(cols, func(c color.Color) bool { return toRGBA(c) == toRGBA(l.col) }) {
			cols = append(cols, l.col)
		}
	}
	if len(cols) >= 2 {
		p := cvd.Closest(cols)
		t.Logf("%s: closest colours %v and %v, ΔE %.1f under %v", name, p.A, p.B, p.DeltaE, p.Deficiency)
		if p.DeltaE < cvd.MinDistinct {
			t.Errorf("%s: %v and %v are ΔE %.1f apart under %v, below %v", name, p.A, p.B, p.DeltaE, p.Deficiency, cvd.MinDistinct)
		}
	}
	for i, a := range lines {
		for _, b := range lines[i+1:] {
			if !a.named || !b.named {
				continue
			}
			cues := 0
			if toRGBA(a.col) != toRGBA(b.col) {
				cues++
			}
			if a.style != b.style {
				cues++
			}
			if a.end != "" && b.end != "" && a.end != b.end {
				cues++
			}
			if cues < 2 {
				t.Errorf("%s: series %v %s %q and %v %s %q are told apart %d ways, want 2", name, a.col, a.style, a.end, b.col, b.style, b.end, cues)
			}
		}
	}
}

// TestFiguresDistinct checks every figure the package draws with more than
// one series: charts with the cycle's colours (two to six series, and the
// notebooks' own colour choices), the slow-down figure with its
// coordinates apart, contour figures with several paths, the glance.
func TestFiguresDistinct(t *testing.T) {
	fig, _ := sizeOf("", 0, 0, 0)
	for n := 2; n <= len(Cycle); n++ {
		var s []Series
		for i := range n {
			s = append(s, Series{Label: fmt.Sprint(i), Y: []float64{float64(i), float64(i + 1), float64(i)}})
		}
		pn, _, err := fig.chart(axis{}, axis{}, s)
		if err != nil {
			t.Fatal(err)
		}
		checkDistinct(t, fmt.Sprintf("chart of %d series", n), panelLines(pn))
	}
	// The colours the notebooks and the command pick by name: Adagrad,
	// RMSprop and Adam; the rare features' SGD and Adagrad; the moving
	// minimum's runs; the learning-rate sweep with its reference line.
	for _, cs := range [][]color.Color{{Blue, Orange, Green}, {Blue, Orange, Black}, {color.Gray{Y: 0xc0}, Orange, Blue}, {Blue, Orange, Green, Vermillion, Purple, Grey}} {
		var s []Series
		for i, c := range cs {
			s = append(s, Series{Label: fmt.Sprint(i), Y: []float64{float64(i), 1, 2}, Color: c})
		}
		pn, _, err := fig.chart(axis{}, axis{}, s)
		if err != nil {
			t.Fatal(err)
		}
		checkDistinct(t, fmt.Sprint("chart in ", cs), panelLines(pn))
	}
	// The slow-down figure, coordinates apart (the stretched bowl).
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	run, err := adagrad.Run(func(g, p []float64) { g[0], g[1] = 0.1*p[0], 4*p[1] }, []float64{-4.5, 1.2}, cfg, 100)
	if err != nil {
		t.Fatal(err)
	}
	_, top, bottom, err := slowDown(run, cfg, SlowDownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkDistinct(t, "slow-down, accumulators", panelLines(top))
	checkDistinct(t, "slow-down, factors", panelLines(bottom))
	_, _, bottom, err = slowDown(run2D(t), adagrad.TutorialConfig(), SlowDownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkDistinct(t, "slow-down, one group", panelLines(bottom))
	// Contour paths: colour and the shape of their marks.
	gd, ada := twoPaths(t)
	var paths []Path
	for i := range len(markShapes) {
		paths = append(paths, Path{Label: fmt.Sprint(i), Points: [][]float64{{float64(i), 0}, {0, float64(i)}}})
	}
	paths[0].Points, paths[1].Points = gd, ada
	c, err := NewContour(ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}}, paths...)
	if err != nil {
		t.Fatal(err)
	}
	var ls []seenLine
	for i := range paths {
		col, sh, _ := c.pathStyle(i)
		ls = append(ls, seenLine{col: col, style: fmt.Sprint("marks ", sh), named: true})
	}
	checkDistinct(t, "contour paths", ls)
	// The glance: the distance, the step and the rate (marked).
	g, err := newGlance(run1D(t), adagrad.TutorialConfig(), TutorialGlance(0.05))
	if err != nil {
		t.Fatal(err)
	}
	ls = nil
	for _, tr := range g.sc.trails[1:] { // the step panel's two lines
		ls = append(ls, seenLine{col: tr.col, style: fmt.Sprint(tr.markR, tr.shape), named: true})
	}
	checkDistinct(t, "glance, step panel", ls)
}

// TestDashesAreASign: a dashed line beside a solid one is told apart by its
// dashes and stays plain; only lines that look alike but for their colour
// get marks.
func TestDashesAreASign(t *testing.T) {
	fig, _ := sizeOf("", 0, 0, 0)
	pn, _, err := fig.chart(axis{}, axis{}, []Series{
		{Label: "solid", Y: []float64{1, 2, 3}},
		{Label: "dashed", Y: []float64{3, 2, 1}, Dashed: true},
		{Label: "solid too", Y: []float64{2, 2, 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ls := panelLines(pn)
	if len(ls) != 3 || strings.Contains(ls[0].style, "marks") || strings.Contains(ls[1].style, "marks") || !strings.Contains(ls[2].style, "marks") {
		t.Errorf("lines %+v: want the first two plain, the third marked", ls)
	}
}
