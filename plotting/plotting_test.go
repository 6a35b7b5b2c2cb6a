package plotting

import (
	"bytes"
	"flag"
	"github.com/gonb-tutorials/optimizers/internal/reference"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"os"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

func run1D(t testing.TB) *adagrad.Trace1D {
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, tutorial.CubicStart, adagrad.TutorialConfig(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func run2D(t testing.TB) *adagrad.Trace {
	tr, err := adagrad.Run(tutorial.QuadraticGrad, tutorial.QuadraticStart[:], adagrad.TutorialConfig(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 > 200 && g>>8 < 80 && b>>8 < 80
}

// redCentroid returns the centre of the red pixels of img.
func redCentroid(t *testing.T, img image.Image) (float64, float64) {
	t.Helper()
	var sx, sy, n float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if isRed(img.At(x, y)) {
				sx, sy, n = sx+float64(x)+0.5, sy+float64(y)+0.5, n+1
			}
		}
	}
	if n == 0 {
		t.Fatal("no red pixel in the image")
	}
	return sx / n, sy / n
}

// TestCurveLooksLikeTheTutorial compares our 1920x1080 frame 10 with the
// tutorial's own, pixel by pixel where it matters: the red point, the curve
// and the axes box must be where matplotlib drew them.
func TestCurveLooksLikeTheTutorial(t *testing.T) {
	f, err := os.Open(reference.Path("tutorial-frame-10.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	o := TutorialCurve(0.05)
	o.Width, o.Height = 1920, 1080
	c, err := NewCurve(o)
	if err != nil {
		t.Fatal(err)
	}
	ours := c.Image(run1D(t).Points[10])
	if ours.Bounds() != ref.Bounds() {
		t.Fatalf("size %v, the tutorial's %v", ours.Bounds(), ref.Bounds())
	}
	rx, ry := redCentroid(t, ref)
	ox, oy := redCentroid(t, ours)
	if math.Hypot(rx-ox, ry-oy) > 1.5 {
		t.Errorf("red point at (%.1f, %.1f), the tutorial's at (%.1f, %.1f)", ox, oy, rx, ry)
	}
	// Every strongly blue pixel of the tutorial's curve has one of ours
	// within 2 pixels.
	blue := func(c color.Color) bool {
		r, g, b, _ := c.RGBA()
		return b>>8 > 150 && r>>8 < 120 && g>>8 < 160
	}
	var total, found int
	for y := 0; y < 1080; y++ {
		for x := 0; x < 1920; x++ {
			if !blue(ref.At(x, y)) {
				continue
			}
			total++
		search:
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					if blue(ours.At(x+dx, y+dy)) {
						found++
						break search
					}
				}
			}
		}
	}
	if total < 1000 || float64(found) < 0.97*float64(total) {
		t.Errorf("%d of the tutorial's %d curve pixels have ours within 2 px", found, total)
	}
	// The axes box: dark columns and rows at the same places.
	dark := func(img image.Image, x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r>>8 < 100 && g>>8 < 100 && b>>8 < 100
	}
	for _, line := range []struct{ x, y, dx, dy int }{
		{240, 540, 1, 0}, {1728, 540, 1, 0}, // left and right sides, at mid-height
		{1000, 130, 0, 1}, {1000, 961, 0, 1}, // top and bottom, at an x without ticks
	} {
		near := func(img image.Image) bool {
			for d := -2; d <= 2; d++ {
				if dark(img, line.x+d*line.dx, line.y+d*line.dy) {
					return true
				}
			}
			return false
		}
		if near(ref) != near(ours) {
			t.Errorf("axes line near (%d, %d): tutorial %v, ours %v", line.x, line.y, near(ref), near(ours))
		}
	}
}

// composite plays a GIF's frames onto a canvas, as a viewer does, and
// returns the picture shown at each hundredth of a second.
func composite(t *testing.T, g *gif.GIF) []*image.RGBA {
	t.Helper()
	canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
	var shown []*image.RGBA
	for i, fr := range g.Image {
		for y := fr.Rect.Min.Y; y < fr.Rect.Max.Y; y++ {
			for x := fr.Rect.Min.X; x < fr.Rect.Max.X; x++ {
				if c := fr.Palette[fr.ColorIndexAt(x, y)]; func() bool { _, _, _, a := c.RGBA(); return a != 0 }() {
					canvas.Set(x, y, c)
				}
			}
		}
		if g.Disposal[i] != gif.DisposalNone {
			t.Fatalf("frame %d: disposal %d, want none", i, g.Disposal[i])
		}
		snap := image.NewRGBA(canvas.Rect)
		copy(snap.Pix, canvas.Pix)
		for k := 0; k < g.Delay[i]; k++ {
			shown = append(shown, snap)
		}
	}
	return shown
}

func TestCurveAnimationGIF(t *testing.T) {
	tr := run1D(t)
	c, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate(tr.Points, AnimationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := a.GIFBytes()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if g.Config.Width != 960 || g.Config.Height != 540 || g.LoopCount != 0 {
		t.Errorf("GIF %dx%d, loop count %d; want 960x540 looping forever", g.Config.Width, g.Config.Height, g.LoopCount)
	}
	total := 0
	for _, d := range g.Delay {
		total += d
	}
	if total != 200*2 || a.Len() != 200 || a.Duration().Milliseconds() != 4000 {
		t.Errorf("total delay %d cs, %d frames, duration %v; want 400 cs, 200 frames, 4s", total, a.Len(), a.Duration())
	}
	if len(g.Image) >= 200 {
		t.Errorf("%d GIF frames: identical neighbours were not merged", len(g.Image))
	}
	for _, fr := range g.Image[1:] {
		if fr.Rect.Dx()*fr.Rect.Dy() > 40*40 {
			t.Errorf("a delta frame covers %v: more than the point's neighbourhood", fr.Rect)
			break
		}
	}
	shown := composite(t, g)
	for _, i := range []int{0, 1, 10, 50, 199} {
		// Frame i is on screen from i*2 to i*2+1 hundredths.
		img := shown[2*i]
		x, y := redCentroid(t, img)
		wx, wy := c.Pixel(tr.Points[i], tutorial.Cubic(tr.Points[i]))
		if math.Hypot(x-wx, y-wy) > 1 {
			t.Errorf("frame %d: red point at (%.2f, %.2f), want (%.2f, %.2f)", i, x, y, wx, wy)
		}
		// Frame(i), for inline display, is exactly what the GIF shows.
		fr := a.Frame(i)
		for p := 0; p < len(img.Pix); p += 4 {
			r, g, b, _ := fr.Palette[fr.Pix[p/4]].RGBA()
			if uint8(r>>8) != img.Pix[p] || uint8(g>>8) != img.Pix[p+1] || uint8(b>>8) != img.Pix[p+2] {
				t.Fatalf("frame %d: Frame differs from the GIF at pixel %d", i, p/4)
			}
		}
	}
}

func TestContourAnimationGIF(t *testing.T) {
	tr := run2D(t)
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: tr.Points})
	if err != nil {
		t.Fatal(err)
	}
	x0, x1, y0, y1 := c.Box()
	if !(x0 < 1 && x1 > 2 && y0 < -1 && y1 > 0) {
		t.Errorf("box [%v, %v] x [%v, %v] does not hold the start and the minimum", x0, x1, y0, y1)
	}
	a, err := c.Animate(AnimationOptions{Frames: 100, FPS: 25})
	if err != nil {
		t.Fatal(err)
	}
	g := a.GIF()
	total := 0
	for _, d := range g.Delay {
		total += d
	}
	if total != 100*4 {
		t.Errorf("total delay %d cs, want 400", total)
	}
	shown := composite(t, g)
	for _, i := range []int{0, 30, 99} {
		x, y := redCentroid(t, shown[4*i])
		wx, wy := c.Pixel(tr.Points[i][0], tr.Points[i][1])
		if math.Hypot(x-wx, y-wy) > 1 {
			t.Errorf("frame %d: point at (%.2f, %.2f), want (%.2f, %.2f)", i, x, y, wx, wy)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	bad := []struct {
		name string
		err  func() error
	}{
		{"nil F", func() error { o := TutorialCurve(0.05); o.F = nil; _, err := NewCurve(o); return err }},
		{"x range", func() error { o := TutorialCurve(0.05); o.XMin = 5; _, err := NewCurve(o); return err }},
		{"samples", func() error { o := TutorialCurve(0.05); o.Samples = 1; _, err := NewCurve(o); return err }},
		{"size", func() error { o := TutorialCurve(0.05); o.Width, o.Height = 10, 540; _, err := NewCurve(o); return err }},
		{"frames", func() error {
			c, _ := NewCurve(TutorialCurve(0.05))
			_, err := c.Animate([]float64{1, 2}, AnimationOptions{Frames: 3})
			return err
		}},
		{"fps", func() error {
			c, _ := NewCurve(TutorialCurve(0.05))
			_, err := c.Animate([]float64{1, 2}, AnimationOptions{FPS: 101})
			return err
		}},
		{"path point", func() error { _, err := NewContour(TutorialContour(0.05), Path{Points: [][]float64{{1}}}); return err }},
		{"contour box", func() error {
			o := TutorialContour(0.05)
			o.XMin, o.XMax, o.YMin, o.YMax = 1, 0, 0, 1
			_, err := NewContour(o)
			return err
		}},
		{"no path to fit", func() error { o := TutorialContour(0.05); o.Minimum = nil; _, err := NewContour(o); return err }},
		{"chart lengths", func() error { _, err := Chart(ChartOptions{}, Series{X: []float64{1}, Y: []float64{1, 2}}); return err }},
		{"slow-down trace", func() error {
			_, err := SlowDown(&adagrad.Trace{}, adagrad.TutorialConfig(), SlowDownOptions{})
			return err
		}},
	}
	for _, b := range bad {
		if err := b.err(); err == nil {
			t.Errorf("%s: no error", b.name)
		}
	}
}

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		w, h int
		ok   bool
	}{
		{"960x540", 960, 540, true}, {"1920X1080", 1920, 1080, true}, {"16x8192", 16, 8192, true},
		{"15x100", 0, 0, false}, {"100x8193", 0, 0, false}, {"960", 0, 0, false}, {"ax5", 0, 0, false}, {"", 0, 0, false}, {"-20x-20", 0, 0, false},
	} {
		w, h, err := ParseSize(c.in)
		if (err == nil) != c.ok || w != c.w || h != c.h {
			t.Errorf("ParseSize(%q) = %d, %d, %v", c.in, w, h, err)
		}
	}
}

// TestExtremeSizes draws at the smallest and a large size without error.
func TestExtremeSizes(t *testing.T) {
	for _, sz := range [][2]int{{16, 16}, {16, 4000}, {3000, 16}} {
		o := TutorialCurve(0.05)
		o.Width, o.Height = sz[0], sz[1]
		c, err := NewCurve(o)
		if err != nil {
			t.Fatalf("%v: %v", sz, err)
		}
		if b := c.Image(-1).Bounds(); b.Dx() != sz[0] || b.Dy() != sz[1] {
			t.Errorf("%v: image %v", sz, b)
		}
	}
}
