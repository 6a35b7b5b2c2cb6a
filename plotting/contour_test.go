package plotting

import (
	"image/color"
	"math"
	"testing"

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
