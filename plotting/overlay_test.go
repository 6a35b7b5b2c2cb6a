package plotting

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// near reports whether c is within tol of want in every channel.
func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(int(x>>8)-int(y))) <= float64(tol) }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// outsideSame reports the first pixel outside the axes where a and b
// differ.
func outsideSame(a, b image.Image, axes image.Rectangle) (image.Point, bool) {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if image.Pt(x, y).In(axes) {
				continue
			}
			if a.At(x, y) != b.At(x, y) {
				return image.Pt(x, y), false
			}
		}
	}
	return image.Point{}, true
}

// TestOverlayPath: the tutorial's run over its curve: the red dot where the
// run ends, the orange ring where it starts, nothing outside the axes.
func TestOverlayPath(t *testing.T) {
	c, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	ov := c.Overlay(nil)
	pts := run1D(t).Points
	ys := make([]float64, len(pts))
	for i, x := range pts {
		ys[i] = tutorial.Cubic(x)
	}
	img := ov.Path(pts, ys)
	last := pts[len(pts)-1]
	wx, wy := c.Pixel(last, tutorial.Cubic(last))
	if x, y := redCentroid(t, img); math.Hypot(x-wx, y-wy) > 0.7 {
		t.Errorf("red dot at (%.1f, %.1f), want the last point's pixel (%.1f, %.1f)", x, y, wx, wy)
	}
	// The ring: 5 points of radius around the start, in orange.
	sx, sy := c.Pixel(pts[0], ys[0])
	r := 5 * c.fig.pt
	orange := 0
	for k := range 16 {
		a := 2 * math.Pi * float64(k) / 16
		if near(img.At(int(sx+r*math.Cos(a)), int(sy+r*math.Sin(a))), Orange, 60) {
			orange++
		}
	}
	if orange < 8 {
		t.Errorf("only %d of 16 points around the start are orange; want the ring", orange)
	}
	if p, ok := outsideSame(img, ov.Path(nil, nil), c.tr.clip()); !ok {
		t.Errorf("pixel %v outside the axes changed", p)
	}
}

// TestOverlayWildPath: a path that leaves for the far distance, or holds
// NaN and Inf, is clipped to the axes and does not hang or panic.
func TestOverlayWildPath(t *testing.T) {
	c, err := NewContour(ContourOptions{F: tutorial.Quadratic, XMin: -3, XMax: 7, YMin: -4, YMax: 2})
	if err != nil {
		t.Fatal(err)
	}
	ov := c.Overlay(nil)
	bare := ov.Path(nil, nil)
	xs := []float64{1, 5, 1e12, -1e300, math.NaN(), 2, math.Inf(1), 4, 4}
	ys := []float64{0, -2, 1e12, 1e300, 0, math.Inf(-1), 0, 1, 1}
	img := ov.Path(xs, ys)
	if p, ok := outsideSame(img, bare, c.tr.clip()); !ok {
		t.Errorf("pixel %v outside the axes changed", p)
	}
	// The segment from (1, 0) to (5, -2) is drawn: by its middle, a pixel
	// has the line's blue at 70% over white.
	mx, my := c.Pixel(3, -1)
	line := blend(color.RGBA{R: 255, G: 255, B: 255, A: 255}, Blue, 0.7)
	found := false
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			found = found || near(img.At(int(mx)+dx, int(my)+dy), line, 24)
		}
	}
	if !found {
		t.Errorf("no pixel by the middle of the first segment has the line's colour %v", line)
	}
	// The last point, (4, 1), is the red dot.
	lx, ly := c.Pixel(4, 1)
	if x, y := redCentroid(t, img); math.Hypot(x-lx, y-ly) > 0.7 {
		t.Errorf("red dot at (%.1f, %.1f), want (%.1f, %.1f)", x, y, lx, ly)
	}
}

// BenchmarkOverlayPath times a redraw's drawing: the tutorial's 1000-step
// run over each figure, as a palette image, and its PNG.
func BenchmarkOverlayPath(b *testing.B) {
	curve, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		b.Fatal(err)
	}
	contour, err := NewContour(TutorialContour(0.05), Path{Points: run2D(b).Points})
	if err != nil {
		b.Fatal(err)
	}
	p1 := run1D(b).Points
	y1 := make([]float64, len(p1))
	for i, x := range p1 {
		y1[i] = tutorial.Cubic(x)
	}
	p2 := run2D(b).Points
	x2, y2 := make([]float64, len(p2)), make([]float64, len(p2))
	for i, p := range p2 {
		x2[i], y2[i] = p[0], p[1]
	}
	for _, c := range []struct {
		name   string
		ov     *Overlay
		xs, ys []float64
	}{{"curve", curve.Overlay(nil), p1, y1}, {"contour", contour.Overlay(nil), x2, y2}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.ov.Path(c.xs, c.ys)
			}
		})
		b.Run(c.name+"+PNG", func(b *testing.B) {
			for b.Loop() {
				if _, err := PNG(c.ov.Path(c.xs, c.ys)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
