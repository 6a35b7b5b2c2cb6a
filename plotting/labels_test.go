package plotting

import (
	"image"
	"testing"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestAxisNamesClearOfTickLabels reads the words of text off each figure
// and checks that the y name and the x name keep clear of every tick
// label: at least matplotlib's label pad (4 pt, 3 px at 960x540), and a
// word space (8 px) for an upright y name beside a tick label, which
// would otherwise read as one word ("y−0.5").
func TestAxisNamesClearOfTickLabels(t *testing.T) {
	gd, ada := twoPaths(t)
	type drawn struct {
		img image.Image
		box image.Rectangle // the axes
	}
	contour := func(o ContourOptions, paths ...Path) drawn {
		o.Scale = 1
		c, err := NewContour(o, paths...)
		if err != nil {
			t.Fatal(err)
		}
		return drawn{c.Image(), c.tr.clip()}
	}
	chart := func(logY bool, ylabel string, s []Series) drawn {
		fig, pn, err := chartPanel(ChartOptions{XLabel: "iteration", YLabel: ylabel, LogY: logY, Scale: 1}, s)
		if err != nil {
			t.Fatal(err)
		}
		img, err := fig.render(pn)
		if err != nil {
			t.Fatal(err)
		}
		return drawn{img, newTransform(fig, pn).clip()}
	}
	o := TutorialCurve(0.05)
	o.Scale = 1
	curve, err := NewCurve(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		drawn
	}{
		{"tutorial contour", contour(TutorialContour(0.05), Path{Label: "Adagrad", Points: run2D(t).Points})},
		{"two paths", contour(ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}}, Path{Label: "gradient descent", Points: gd}, Path{Label: "Adagrad", Points: ada})},
		{"moving minimum", chart(false, "x", moving(t))},
		{"sweep", chart(true, "|x − x*|", sweep(t))},
		{"curve", drawn{curve.Image(-1), curve.tr.clip()}},
		{"playground's curve", playgroundCurve(t)},
	} {
		box := c.box
		ws := words(c.img, box, 4, 4)
		var left, below []image.Rectangle
		for _, w := range ws {
			switch {
			case w.Max.X <= box.Min.X:
				left = append(left, w)
			case w.Min.Y >= box.Max.Y:
				below = append(below, w)
			}
		}
		// The corner's x and y tick labels keep apart (3 px, a label pad).
		for _, l := range left {
			for _, b := range below {
				if g := gapBetween(l, b); g < 3 {
					t.Errorf("%s: the tick labels at %v (left) and %v (below) are %d px apart at the corner; want >= 3", c.name, l, b, g)
				}
			}
		}
		if len(left) < 3 || len(below) < 3 {
			t.Fatalf("%s: %d words left of the axes and %d below", c.name, len(left), len(below))
		}
		check := func(axis string, words []image.Rectangle, name image.Rectangle) {
			for _, w := range words {
				if w == name {
					continue
				}
				beside := w.Min.Y < name.Max.Y && w.Max.Y > name.Min.Y
				need := 3
				if axis == "y" && beside && name.Dy() < 2*name.Dx() {
					need = 8 // upright, level with a tick label
				}
				if g := gapBetween(name, w); g < need {
					t.Errorf("%s: the %s name at %v is %d px from the tick label at %v; want >= %d", c.name, axis, name, g, w, need)
				}
			}
		}
		yname := left[0]
		for _, w := range left {
			if w.Min.X < yname.Min.X {
				yname = w
			}
		}
		xname := below[0]
		for _, w := range below {
			if w.Max.Y > xname.Max.Y {
				xname = w
			}
		}
		check("y", left, yname)
		check("x", below, xname)
	}
}

// playgroundCurve draws x − x³ as part 5's playground does: the box
// −2..2 both ways, 960x540 at scale 1, where the corner's two "−2.0" ran
// together.
func playgroundCurve(t *testing.T) struct {
	img image.Image
	box image.Rectangle
} {
	c, err := NewCurve(CurveOptions{F: tutorial.Cubic, XMin: -2, XMax: 2, YMin: -2, YMax: 2,
		Samples: 4000, ShowMinimum: true, Minimum: tutorial.Cubic(tutorial.CubicMinX),
		Title: "f(x) = x − x³", XLabel: "x", YLabel: "y", Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	return struct {
		img image.Image
		box image.Rectangle
	}{c.Image(-1), c.tr.clip()}
}
