package plotting

import (
	"image"
	"image/color"
	"math"
	"slices"
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

// overlayOf returns c's overlay, or fails the test.
func overlayOf(t testing.TB, c interface {
	Overlay(color.Color) (*Overlay, error)
}) *Overlay {
	t.Helper()
	ov, err := c.Overlay(nil)
	if err != nil {
		t.Fatal(err)
	}
	return ov
}

// TestOverlayPath: the tutorial's run over its curve: the red dot where the
// run ends, the start a white disc with a dark edge, nothing outside the
// axes.
func TestOverlayPath(t *testing.T) {
	c, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	ov := overlayOf(t, c)
	pts := run1D(t).Points
	ys := make([]float64, len(pts))
	for i, x := range pts {
		ys[i] = tutorial.Cubic(x)
	}
	img := ov.Path(pts, ys)
	last := pts[len(pts)-1]
	wx, wy := c.Pixel(last, tutorial.Cubic(last))
	if x, y := redNear(t, img, wx, wy, 6*ov.pt); math.Hypot(x-wx, y-wy) > 0.7 {
		t.Errorf("red dot at (%.1f, %.1f), want the last point's pixel (%.1f, %.1f)", x, y, wx, wy)
	}
	// The start: white inside, a dark ring 5 points out.
	sx, sy := c.Pixel(pts[0], ys[0])
	if cl := img.At(int(sx), int(sy)); !near(cl, white, 30) {
		t.Errorf("the start's centre is %v, want white", cl)
	}
	r := (startR - markerEdge/2) * c.fig.pt // the middle of its edge
	dark := 0
	for k := range 16 {
		a := 2 * math.Pi * float64(k) / 16
		if near(img.At(int(math.Round(sx+r*math.Cos(a)-0.5)), int(math.Round(sy+r*math.Sin(a)-0.5))), Black, 110) {
			dark++
		}
	}
	if dark < 12 {
		t.Errorf("only %d of 16 points around the start are on its dark ring", dark)
	}
	if p, ok := outsideSame(img, ov.Path(nil, nil), c.tr.clip()); !ok {
		t.Errorf("pixel %v outside the axes changed", p)
	}
}

// TestOverlayReuse: an Overlay redraws only what the last path and the new
// one touch; the picture must be the one a fresh Overlay draws, pixel for
// pixel, whatever came before: a longer path, a shorter one, one that
// leaves the axes, none.
func TestOverlayReuse(t *testing.T) {
	c, err := NewContour(ContourOptions{F: tutorial.Quadratic, XMin: -3, XMax: 7, YMin: -4, YMax: 2, Minimum: tutorial.QuadraticMin[:]})
	if err != nil {
		t.Fatal(err)
	}
	paths := [][2][]float64{
		{{1, 2, 3, 5, 6}, {0, -0.5, -1, -2, 1.5}},
		{{-2, 2}, {1.5, -1}},
		{{0, 1e9, 4}, {0, 1e9, -3}},
		{{1, math.NaN(), 2, 2.5}, {0, 0, -1, -1.2}},
		{nil, nil},
		{{6.5, 6.9, 6.99}, {1.7, 1.75, 1.79}},
	}
	used := overlayOf(t, c)
	for i, a := range paths {
		for j, b := range paths {
			used.Path(a[0], a[1])
			got := used.Path(b[0], b[1])
			want := overlayOf(t, c).Path(b[0], b[1])
			if !slices.Equal(got.Pix, want.Pix) || got.Rect != want.Rect {
				n := 0
				for k := range got.Pix {
					if got.Pix[k] != want.Pix[k] {
						n++
					}
				}
				t.Errorf("path %d after path %d: %d pixels differ from a fresh overlay's", j, i, n)
			}
		}
	}
}

// TestOverlayMarks pins how a path is drawn: a mark on the first point
// and on each later one at least 2.5 mark radii from the last one marked,
// none between; the line along each segment and not beyond its ends.
func TestOverlayMarks(t *testing.T) {
	c, err := NewContour(ContourOptions{F: func(x, y float64) float64 { return 0 }, XMin: 0, XMax: 100, YMin: 0, YMax: 100, Levels: 1, Width: 1080, Height: 1080, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	ov := overlayOf(t, c)
	r := overlayMarkR * ov.pt
	// Points along y = 50 at x = 20, 20 + d, 20 + 2d...: with d under the
	// spacing, every other point is marked.
	px := func(x float64) float64 { p, _ := c.Pixel(x, 50); return p }
	unit := px(1) - px(0)
	d := 1.5 * r / unit // data units between points: 1.5 radii
	var xs, ys []float64
	for x := 20.0; x < 60; x += d {
		xs, ys = append(xs, x), append(ys, 50)
	}
	img := ov.Path(xs, ys)
	_, y := c.Pixel(0, 50)
	above := int(y - (overlayWidth/2+overlayMarkR)/2*ov.pt) // off the line, on a mark
	marked := func(x float64) bool {
		return !near(img.At(int(px(x)), above), white, 10)
	}
	for i, x := range xs[2 : len(xs)-4] { // the last few lie under the end dot
		want := i%2 == 0 // points 2, 4, 6...: every other one
		if got := marked(x); got != want {
			t.Errorf("point %d (x = %.2f): marked %v, want %v", i+2, x, got, want)
		}
	}
	// The line: drawn along, not before the first point (beyond its
	// start mark) nor past the last.
	at := func(x float64) color.Color { return img.At(int(px(x)), int(y)) }
	if cl := at(40 + d/2); near(cl, white, 10) {
		t.Errorf("the line's middle is %v, want ink", cl)
	}
	for _, x := range []float64{20 - 3*startR*ov.pt/unit, xs[len(xs)-1] + 3*ov.last*ov.pt/unit} {
		if cl := at(x); !near(cl, white, 10) {
			t.Errorf("at x = %.1f, beyond the path, %v; want the paper", x, cl)
		}
	}
}

// TestOverlayKeepsMarksOnTop: a path that ends on the minimum leaves its
// cross on top, over the path's end dot, which still shows around it; the
// legend names the path, its start and its end.
func TestOverlayKeepsMarksOnTop(t *testing.T) {
	c, err := NewContour(ContourOptions{F: tutorial.Quadratic, XMin: -3, XMax: 7, YMin: -3.8, YMax: 1.8, Minimum: tutorial.QuadraticMin[:]})
	if err != nil {
		t.Fatal(err)
	}
	ov := overlayOf(t, c)
	img := ov.Path([]float64{1, 1.5, 2}, []float64{0, -0.5, -1})
	mx, my := c.Pixel(2, -1)
	if cl := img.At(int(mx), int(my)); !near(cl, Black, 80) {
		t.Errorf("the minimum's centre is %v, want the cross's black over the end dot", cl)
	}
	// Between the cross's arms, inside the end dot: red.
	d := 0.65 * ov.last * ov.pt
	red := 0
	for _, p := range [][2]float64{{d, 0}, {-d, 0}, {0, d}, {0, -d}} {
		if isRed(img.At(int(mx+p[0]), int(my+p[1]))) {
			red++
		}
	}
	if red < 3 {
		t.Errorf("%d of the 4 points between the cross's arms are red; the end dot should show", red)
	}
	var labels []string
	for _, e := range ov.legend.entries {
		labels = append(labels, e.label)
	}
	for _, want := range []string{"Adagrad's path", "start", "end", "minimum (2, −1)"} {
		if !slices.Contains(labels, want) {
			t.Errorf("legend %q lacks %q", labels, want)
		}
	}
}

// TestOverlayWildPath: a path that leaves for the far distance, or holds
// NaN and Inf, is clipped to the axes and does not hang or panic.
func TestOverlayWildPath(t *testing.T) {
	c, err := NewContour(ContourOptions{F: tutorial.Quadratic, XMin: -3, XMax: 7, YMin: -4, YMax: 2})
	if err != nil {
		t.Fatal(err)
	}
	ov := overlayOf(t, c)
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
	line := blend(white, Blue, overlayAlpha)
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
	if x, y := redNear(t, img, lx, ly, 6*ov.pt); math.Hypot(x-lx, y-ly) > 0.7 {
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
	}{{"curve", overlayOf(b, curve), p1, y1}, {"contour", overlayOf(b, contour), x2, y2}} {
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
