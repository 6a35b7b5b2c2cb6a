package plotting

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestContoursEvenlySpacedInF reads the contour lines off the tutorial's
// two-variable figure along a row below the minimum, where no path, mark
// or legend is, from the left side to below the minimum (f falls all the
// way): f at successive lines must differ by the same step.
func TestContoursEvenlySpacedInF(t *testing.T) {
	o := TutorialContour(0.05)
	o.Width, o.Height, o.Scale = 1920, 1080, 1
	c, err := NewContour(o, Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	img := c.Image()
	_, y := c.Pixel(0, -1.1)
	row := int(y)
	var grid []int // the grid's columns, to skip
	for _, tk := range c.pn.x.ticks {
		gx, _ := c.Pixel(tk.v, 0)
		grid = append(grid, int(gx))
	}
	x1, _ := c.Pixel(2, 0)
	box := c.tr.clip()
	var fs []float64
	run := -1
	for x := box.Min.X + 2; x < int(x1); x++ {
		nearGrid := false
		for _, g := range grid {
			nearGrid = nearGrid || abs(x-g) <= 1
		}
		cl := img.RGBAAt(x, row)
		line := !nearGrid && cl.R < 235 && cl.R == cl.G && cl.G == cl.B
		switch {
		case line && run < 0:
			run = x
		case !line && run >= 0:
			mid := float64(run+x) / 2
			dx := c.opt.XMin + (mid-float64(box.Min.X))/float64(box.Dx())*(c.opt.XMax-c.opt.XMin)
			fs = append(fs, tutorial.Quadratic(dx, -1.1))
			run = -1
		}
	}
	if len(fs) < 3 {
		t.Fatalf("only %d contour lines crossed: %v", len(fs), fs)
	}
	step := fs[1] - fs[0]
	for i := 1; i < len(fs); i++ {
		if d := fs[i] - fs[i-1]; math.Abs(d-step) > 0.12*math.Abs(step) {
			t.Errorf("f at the lines: %.3f; step %d is %.3f, the first %.3f", fs, i, d, step)
		}
	}
	if math.Abs(math.Abs(step)-0.5) > 0.06 {
		t.Errorf("lines %.3f apart in f; the legend says 0.5", step)
	}
}

// TestMarksOnTop: the start and the minimum stay visible over the paths
// that run into them: the minimum's cross is black at its centre, on a
// white halo; the start is a black ring around white.
func TestMarksOnTop(t *testing.T) {
	tr := run2D(t)
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: tr.Points})
	if err != nil {
		t.Fatal(err)
	}
	img := c.Image()
	mx, my := c.Pixel(2, -1)
	if cl := img.RGBAAt(int(mx), int(my)); max(cl.R, cl.G, cl.B) > 60 {
		t.Errorf("the minimum's centre is %v, want the cross's black", cl)
	}
	// Along the cross's arms and off them, near the centre: black and
	// white, not the path's blue, which runs into the minimum.
	arm := float64(c.fig.len(minimumR)) * 0.5
	for _, d := range [][2]float64{{arm, arm}, {-arm, -arm}, {arm, -arm}, {-arm, arm}} {
		if cl := img.RGBAAt(int(mx+d[0]), int(my+d[1])); isBlue(cl) {
			t.Errorf("the minimum's cross at %+v shows the path's blue %v", d, cl)
		}
	}
	sx, sy := c.Pixel(1, 0)
	if cl := img.RGBAAt(int(sx), int(sy)); cl.R < 230 || cl.G < 230 || cl.B < 230 {
		t.Errorf("the start's centre is %v, want white (the ring's inside, over the path)", cl)
	}
	r := float64(c.fig.len(startR))
	dark := 0
	for a := 0.0; a < 2*math.Pi; a += math.Pi / 8 {
		if cl := img.RGBAAt(int(math.Round(sx+r*math.Cos(a)-0.5)), int(math.Round(sy+r*math.Sin(a)-0.5))); max(cl.R, cl.G, cl.B) < 120 {
			dark++
		}
	}
	if dark < 12 {
		t.Errorf("only %d of 16 points around the start are on its dark ring", dark)
	}
}

func isBlue(c color.RGBA) bool { return c.B > 140 && c.R < 110 && c.G < 160 }

// TestEndsMarked: the still figure marks where each path ends: the red dot
// for one path; for several, a larger mark of the path's colour, edged in
// black. A path's start is not marked so.
func TestEndsMarked(t *testing.T) {
	tr := run2D(t)
	short := tr.Points[:40] // ends away from the minimum
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: short})
	if err != nil {
		t.Fatal(err)
	}
	img := c.Image()
	last := short[len(short)-1]
	x, y := c.Pixel(last[0], last[1])
	if cx, cy := redNear(t, img, x, y, float64(c.fig.len(endR))+2); math.Hypot(cx-x, cy-y) > 1 {
		t.Errorf("the end's red dot at (%.1f, %.1f), want (%.1f, %.1f)", cx, cy, x, y)
	}
	gd, ada := twoPaths(t)
	c, err = NewContour(ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}}, Path{Label: "gd", Points: gd[:20]}, Path{Label: "ada", Points: ada[:20]})
	if err != nil {
		t.Fatal(err)
	}
	img = c.Image()
	for k, p := range [][][]float64{gd[:20], ada[:20]} {
		col, _, _ := c.pathStyle(k)
		e := p[len(p)-1]
		x, y := c.Pixel(e[0], e[1])
		if cl := img.RGBAAt(int(x), int(y)); !near(cl, col, 30) {
			t.Errorf("path %d's end at (%.0f, %.0f) is %v, want its colour %v", k, x, y, cl, col)
		}
		// Its black edge, a mark's size out: larger than a step's mark.
		cx, cy, n := ringCentroid(img, x, y, float64(c.fig.len(endR))+2)
		if n < 10 || math.Hypot(cx-x, cy-y) > 1.5 {
			t.Errorf("path %d's end: %d dark edge pixels centred at (%.1f, %.1f), want an edged mark at (%.1f, %.1f)", k, n, cx, cy, x, y)
		}
	}
}

// TestLaterPathBordered: where a later path crosses an earlier one, a white
// border parts them: beside the later path's line, over the earlier one,
// the pixels are white, not the earlier path's colour.
func TestLaterPathBordered(t *testing.T) {
	flat := func(x, y float64) float64 { return x*x + y*y }
	across := [][]float64{{-1, 0}, {1, 0}}
	up := [][]float64{{0, -1}, {0, 1}}
	c, err := NewContour(ContourOptions{F: flat, XMin: -2, XMax: 2, YMin: -2, YMax: 2, Width: 800, Height: 800}, Path{Points: across}, Path{Points: up})
	if err != nil {
		t.Fatal(err)
	}
	img := c.Image()
	x, y := c.Pixel(0, 0)
	w := float64(c.fig.len(pathWidth))/2 + float64(c.fig.len(casing))/2 // in the border, on the earlier line
	for _, dx := range []float64{-w, w} {
		if cl := img.RGBAAt(int(math.Floor(x+dx)), int(y)); !near(cl, white, 40) {
			t.Errorf("beside the later path at %+.1f px: %v, want the white border", dx, cl)
		}
	}
	if cl := img.RGBAAt(int(x+4*w), int(y)); !near(cl, c.colors[0], 40) {
		t.Errorf("further along the earlier path: %v, want its colour %v", cl, c.colors[0])
	}
}

// TestGeometricLevels: on a bowl forty times steeper across than along,
// turned by 45°, even levels would leave the paths' band without lines;
// the levels are then geometric above f*, each twice as far above it as
// the one before, and the legend gives the first three; at least three
// lie below the start.
func TestGeometricLevels(t *testing.T) {
	turned := func(x, y float64) float64 {
		u, v := (x+y)/math.Sqrt2, (y-x)/math.Sqrt2
		return 0.05*u*u + 2*v*v
	}
	start := []float64{-4.03, -2.33}
	path := [][]float64{start, {-2, -2}, {-1, -1}, {-0.2, -0.2}}
	c, err := NewContour(ContourOptions{F: turned, Minimum: []float64{0, 0}}, Path{Points: path})
	if err != nil {
		t.Fatal(err)
	}
	levels, name := c.levels(c.sample())
	if len(levels) < 4 {
		t.Fatalf("levels %v", levels)
	}
	for i := 1; i < len(levels); i++ {
		if r := levels[i] / levels[i-1]; math.Abs(r-2) > 1e-9 {
			t.Fatalf("levels %v: %v over %v, want twice", levels, levels[i], levels[i-1])
		}
	}
	below := 0
	for _, v := range levels {
		if v < turned(start[0], start[1]) {
			below++
		}
	}
	want := fmt.Sprintf("contours of f, %s, %s, %s… above f*", num(levels[0]), num(levels[1]), num(levels[2]))
	if below < 3 || name != want {
		t.Errorf("%d levels below the start; legend %q, want %q", below, name, want)
	}
}

// TestCounterSaysSpacing: the counter names each frame's step and, after
// the first, how many steps it moved on: "step 0", then "step 1 (+1)"...,
// later "(+12)" and more.
func TestCounterSaysSpacing(t *testing.T) {
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	steps := frameSteps(1000, 200, false)
	frames := c.frames(steps)
	if frames[0].text != "step 0" || frames[1].text != "step 1 (+1)" {
		t.Errorf("first frames' counters %q, %q; want \"step 0\", \"step 1 (+1)\"", frames[0].text, frames[1].text)
	}
	last := len(steps) - 1
	if want := fmt.Sprintf("step 1000 (+%d)", 1000-steps[last-1]); frames[last].text != want || steps[last]-steps[last-1] < 10 {
		t.Errorf("last frame's counter %q, want %q, ten or more steps on", frames[last].text, want)
	}
}

// TestAnimationSteps: an animation says which step each frame shows: the
// contour's from 0 to the path's end, one step apart at first, or evenly
// spread; the curve's frame i shows point i.
func TestAnimationSteps(t *testing.T) {
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	for _, even := range []bool{false, true} {
		a, err := c.Animate(AnimationOptions{Frames: 200, EvenSteps: even})
		if err != nil {
			t.Fatal(err)
		}
		s := a.Steps()
		if len(s) != 200 || s[0] != 0 || s[199] != 1000 {
			t.Fatalf("even %v: %d steps from %d to %d, want 200 from 0 to 1000", even, len(s), s[0], s[len(s)-1])
		}
		for i := 1; i < len(s); i++ {
			switch {
			case s[i] <= s[i-1]:
				t.Fatalf("even %v: frame %d shows step %d after %d", even, i, s[i], s[i-1])
			case even && s[i] != int(math.Round(float64(i)*1000/199)):
				t.Fatalf("even %v: frame %d shows step %d, want %d", even, i, s[i], int(math.Round(float64(i)*1000/199)))
			case !even && i <= 20 && s[i] != i:
				t.Fatalf("frame %d shows step %d, want one step a frame at first", i, s[i])
			}
		}
		s[0] = 7
		if a.Steps()[0] != 0 {
			t.Error("Steps returns the animation's own slice")
		}
	}
	cv, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	a, err := cv.Animate([]float64{-1, -0.9, -0.8, -0.7}, AnimationOptions{Frames: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(a.Steps()); got != "[0 1 2]" {
		t.Errorf("the curve's frames show points %s, want [0 1 2]", got)
	}
}

// TestContourOfAPoint: with nothing to span a box (no path, only the
// minimum; a path that has not moved; one that moved by a rounding), the
// figure comes back, within a second, with a box of a reader's scale
// around the point and contour lines in it. Such boxes once made the count
// of levels run forever: f's range in them was its rounding.
func TestContourOfAPoint(t *testing.T) {
	start := []float64{1, 0}
	for _, tc := range []struct {
		name   string
		paths  []Path
		centre []float64
	}{
		{"no path", nil, tutorial.QuadraticMin[:]},
		{"a path of one point", []Path{{Points: [][]float64{start}}}, nil},
		{"a path that moved 1e-13", []Path{{Points: [][]float64{start, {1 + 1e-13, 1e-13}}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := TutorialContour(0.1)
			if tc.centre == nil {
				o.Minimum = nil
				tc.centre = start
			}
			done := make(chan *Contour, 1)
			var err error
			go func() {
				var c *Contour
				c, err = NewContour(o, tc.paths...)
				done <- c
			}()
			var c *Contour
			select {
			case c = <-done:
			case <-time.After(time.Second):
				t.Fatal("NewContour has not returned after a second")
			}
			if err != nil {
				t.Fatal(err)
			}
			x0, x1, y0, y1 := c.Box()
			if !(x0 < tc.centre[0] && tc.centre[0] < x1 && y0 < tc.centre[1] && tc.centre[1] < y1) || y1-y0 < 1 || x1-x0 < 1 {
				t.Errorf("box x %g..%g, y %g..%g: want a box at least 1 wide around %v", x0, x1, y0, y1, tc.centre)
			}
			if levels, _ := c.levels(c.sample()); len(levels) < 3 {
				t.Errorf("contour levels %v: want a few lines in the box", levels)
			}
		})
	}
}

// TestLevelsOfARounding: levels between two values a few ulps apart (f
// over a box narrower than its rounding, as a box given by XMin..YMax
// may be) come back, at once, however few.
func TestLevelsOfARounding(t *testing.T) {
	lo := -6.0
	hi := math.Nextafter(math.Nextafter(lo, 0), 0)
	done := make(chan []float64, 1)
	go func() {
		ls, _ := evenLevels(lo, hi, 12)
		done <- ls
	}()
	select {
	case ls := <-done:
		for _, v := range ls {
			if !(lo < v && v < hi) {
				t.Errorf("level %v outside %v..%v", v, lo, hi)
			}
		}
	case <-time.After(time.Second):
		t.Fatal("evenLevels has not returned after a second")
	}
}

// TestAnimationLegendNamesThePoint: in the still figure the red dot is
// where the run ended, and the legend says "end"; in the animation the
// same dot moves along the path, reaching the end only in the last frame,
// and the legend must not call it the end. With two paths there is no
// red dot and no such entry.
func TestAnimationLegendNamesThePoint(t *testing.T) {
	labels := func(c *Contour) string {
		var ls []string
		for _, e := range c.pn.legend.entries {
			ls = append(ls, e.label)
		}
		return strings.Join(ls, " | ")
	}
	tr := run2D(t)
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: tr.Points})
	if err != nil {
		t.Fatal(err)
	}
	end := tr.Points[len(tr.Points)-1]
	where := fmt.Sprintf("(%s, %s)", num5(end[0]), num5(end[1]))
	if still := labels(c); !strings.Contains(still, "end "+where) {
		t.Errorf("still figure's legend %q: want end %s", still, where)
	}
	a, err := c.animated()
	if err != nil {
		t.Fatal(err)
	}
	moving := labels(a)
	if strings.Contains(moving, "end (") || !strings.Contains(moving, "point, ending at "+where) {
		t.Errorf("animation's legend %q: want the point, ending at %s, and no end", moving, where)
	}
	if still := labels(c); !strings.Contains(still, "end "+where) {
		t.Errorf("animating changed the still figure's legend: %q", still)
	}
	two, err := NewContour(TutorialContour(0.05), Path{Label: "a", Points: tr.Points}, Path{Label: "b", Points: tr.Points[:10]})
	if err != nil {
		t.Fatal(err)
	}
	if a2, _ := two.animated(); a2 != two {
		t.Errorf("two paths: the animation redrew the figure, which has no red dot to name")
	}
}
