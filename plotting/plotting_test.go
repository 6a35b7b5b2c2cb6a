package plotting

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"os"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-tutorials/optimizers/internal/reference"

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

// redNear returns the centre of the red pixels within r of (x, y): a red
// point, when the legend's red sample lies elsewhere.
func redNear(t *testing.T, img image.Image, x, y, r float64) (float64, float64) {
	t.Helper()
	var sx, sy, n float64
	for py := int(y - r); py <= int(y+r); py++ {
		for px := int(x - r); px <= int(x+r); px++ {
			if math.Hypot(float64(px)+0.5-x, float64(py)+0.5-y) <= r && isRed(img.At(px, py)) {
				sx, sy, n = sx+float64(px)+0.5, sy+float64(py)+0.5, n+1
			}
		}
	}
	if n == 0 {
		t.Fatalf("no red pixel within %.0f of (%.1f, %.1f)", r, x, y)
	}
	return sx / n, sy / n
}

// tutorialFrames returns the tutorial's frame 10 and ours, both
// 1920x1080, decoded.
func tutorialFrames(t *testing.T) (ref image.Image, ours *image.RGBA) {
	t.Helper()
	f, err := os.Open(reference.Path("tutorial-frame-10.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ref, err = png.Decode(f); err != nil {
		t.Fatal(err)
	}
	o := TutorialCurve(0.05)
	o.Width, o.Height, o.Scale = 1920, 1080, 1
	c, err := NewCurve(o)
	if err != nil {
		t.Fatal(err)
	}
	ours = c.Image(run1D(t).Points[10]).RGBA
	if ours.Bounds() != ref.Bounds() {
		t.Fatalf("size %v, the tutorial's %v", ours.Bounds(), ref.Bounds())
	}
	return ref, ours
}

// The tutorial's axes box at 1920x1080: matplotlib's default subplot
// (left 12.5%, right 90%, bottom 11%, top 88%), its sides snapped to
// these pixel columns and rows.
var tutorialBox = image.Rect(240, 130, 1728, 961)

// TestCurveLooksLikeTheTutorial compares our 1920x1080 frame 10 with the
// tutorial's own, pixel by pixel where it matters: the red point under the
// curve, the curve, the box, the grid and the ticks on the same pixels, and
// every word of text (tick labels, axis names, title) in the same place.
func TestCurveLooksLikeTheTutorial(t *testing.T) {
	ref, ours := tutorialFrames(t)
	rx, ry := redCentroid(t, ref)
	ox, oy := redCentroid(t, ours)
	if d := math.Hypot(rx-ox, ry-oy); d > 0.5 {
		t.Errorf("red point at (%.2f, %.2f), the tutorial's at (%.2f, %.2f): %.2f px apart", ox, oy, rx, ry, d)
	}
	blue := func(c color.Color) bool {
		r, g, b, _ := c.RGBA()
		return b>>8 > 150 && r>>8 < 120 && g>>8 < 160
	}
	// Every strongly blue pixel of the tutorial's curve has one of ours
	// within a pixel; where the curve crosses the red point, it is blue in
	// both (matplotlib draws the curve over the point).
	var total, found, overDot, overDotOurs int
	for y := 0; y < 1080; y++ {
		for x := 0; x < 1920; x++ {
			if !blue(ref.At(x, y)) {
				continue
			}
			total++
			if math.Hypot(float64(x)+0.5-rx, float64(y)+0.5-ry) < 4 {
				overDot++
				if blue(ours.At(x, y)) {
					overDotOurs++
				}
			}
		search:
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if blue(ours.At(x+dx, y+dy)) {
						found++
						break search
					}
				}
			}
		}
	}
	if total < 1000 || float64(found) < 0.99*float64(total) {
		t.Errorf("%d of the tutorial's %d curve pixels have ours within 1 px", found, total)
	}
	if overDot < 5 || float64(overDotOurs) < 0.8*float64(overDot) {
		t.Errorf("over the red point the tutorial's curve has %d blue pixels, ours %d of them", overDot, overDotOurs)
	}
	// The box, the grid lines and the tick marks: one crisp pixel line
	// each, on the same column or row as the tutorial's.
	grey := func(img image.Image, x, y int) uint32 { r, _, _, _ := img.At(x, y).RGBA(); return r >> 8 }
	for _, line := range []struct {
		name         string
		x, y, dx, dy int // a point on the line, and the step across it
	}{
		{"left side", 240, 545, 1, 0}, {"right side", 1728, 545, 1, 0},
		{"top", 1000, 130, 0, 1}, {"bottom", 1000, 961, 0, 1},
		{"grid x = -4", 389, 300, 1, 0}, {"grid x = 2", 1281, 300, 1, 0},
		{"grid y = 2", 1000, 379, 0, 1}, {"grid y = -4", 1000, 878, 0, 1},
		{"tick x = -4", 389, 964, 1, 0}, {"tick y = 2", 236, 379, 0, 1},
	} {
		for d := -2; d <= 2; d++ {
			x, y := line.x+d*line.dx, line.y+d*line.dy
			a, b := grey(ref, x, y), grey(ours, x, y)
			if a > 250 {
				a = 255 // the tutorial's white is 254
			}
			if diff(a<<8, b<<8) > 12 {
				t.Errorf("%s: at (%d, %d) the tutorial's grey %d, ours %d", line.name, x, y, a, b)
			}
		}
	}
	// Every word of text: its ink within 2 pixels of the tutorial's (glyph
	// edges differ by a pixel or two: matplotlib hints its glyphs).
	rw, ow := words(ref, tutorialBox, 7, 12), words(ours, tutorialBox, 7, 12)
	if len(rw) != len(ow) || len(rw) < 16 {
		t.Errorf("%d words of text, the tutorial's %d", len(ow), len(rw))
	}
	worst := 0
	for _, r := range rw {
		o := nearest(r, ow)
		d := max(abs(o.Min.X-r.Min.X), abs(o.Min.Y-r.Min.Y), abs(o.Max.X-r.Max.X), abs(o.Max.Y-r.Max.Y))
		worst = max(worst, d)
		if d > 2 {
			t.Errorf("text at %v in the tutorial's frame is at %v in ours", r, o)
		}
	}
	// And the whole picture: pixels that differ visibly.
	bad := 0
	for y := 0; y < 1080; y++ {
		for x := 0; x < 1920; x++ {
			r1, g1, b1, _ := ref.At(x, y).RGBA()
			r2, g2, b2, _ := ours.At(x, y).RGBA()
			if diff(r1, r2) > 48 || diff(g1, g2) > 48 || diff(b1, b2) > 48 {
				bad++
			}
		}
	}
	if float64(bad) > 0.0016*1920*1080 {
		t.Errorf("%d pixels (%.3f%%) differ by more than 48 from the tutorial's", bad, 100*float64(bad)/(1920*1080))
	}
	t.Logf("text within %d px; %d pixels (%.3f%%) differ by more than 48", worst, bad, 100*float64(bad)/(1920*1080))
}

// decodeGIF encodes a's GIF and decodes it again, as a viewer reads it.
func decodeGIF(t *testing.T, a *Animation) *gif.GIF {
	t.Helper()
	data, err := a.GIFBytes()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// composite plays a GIF's frames onto a canvas, as a viewer does; its
// at(h) is the picture on screen at hundredth h.
func composite(t *testing.T, g *gif.GIF) *playback {
	t.Helper()
	for i, d := range g.Disposal {
		if d != gif.DisposalNone {
			t.Fatalf("frame %d: disposal %d, want none", i, d)
		}
	}
	return &playback{t: t, g: g, next: 0}
}

type playback struct {
	t      *testing.T
	g      *gif.GIF
	canvas *image.RGBA
	next   int // the next GIF image to draw
}

// len is the number of hundredths of a second one loop lasts.
func (p *playback) len() int {
	n := 0
	for _, d := range p.g.Delay {
		n += d
	}
	return n
}

func (p *playback) at(h int) *image.RGBA {
	// The image on screen at h: the last one that starts at or before h.
	k, start := 0, 0
	for i, d := range p.g.Delay {
		if start > h {
			break
		}
		k = i
		start += d
	}
	if h >= p.len() {
		p.t.Fatalf("hundredth %d: the GIF lasts %d", h, p.len())
	}
	if p.canvas == nil || p.next > k+1 {
		p.canvas = image.NewRGBA(image.Rect(0, 0, p.g.Config.Width, p.g.Config.Height))
		p.next = 0
	}
	for ; p.next <= k; p.next++ {
		fr := p.g.Image[p.next]
		for y := fr.Rect.Min.Y; y < fr.Rect.Max.Y; y++ {
			for x := fr.Rect.Min.X; x < fr.Rect.Max.X; x++ {
				if c := fr.Palette[fr.ColorIndexAt(x, y)]; func() bool { _, _, _, a := c.RGBA(); return a != 0 }() {
					p.canvas.Set(x, y, c)
				}
			}
		}
	}
	snap := image.NewRGBA(p.canvas.Rect)
	copy(snap.Pix, p.canvas.Pix)
	return snap
}

func TestCurveAnimationGIF(t *testing.T) {
	tr := run1D(t)
	o := TutorialCurve(0.05)
	o.Scale = 1
	c, err := NewCurve(o)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate(tr.Points, AnimationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g := decodeGIF(t, a)
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
		img := shown.at(2 * i)
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

// TestContourAnimationGIF plays the two-variable animation from its GIF:
// the frames are spread over the whole run, one step each at first and
// further apart later, so that the point reaches the minimum; the path
// grows behind it; a counter names the step; the last frame is held.
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
	g := a.g
	total := 0
	for _, d := range g.Delay {
		total += d
	}
	if total != 100*4+150 || g.Delay[len(g.Delay)-1] != 4+150 || a.Duration() != 5500*time.Millisecond {
		t.Errorf("total delay %d cs, the last frame's %d, duration %v; want 550, 154 (the 1.5 s hold) and 5.5s", total, g.Delay[len(g.Delay)-1], a.Duration())
	}
	shown := composite(t, g)
	steps := frameSteps(1000, 100, false)
	if steps[5] != 5 || steps[99] != 1000 {
		t.Errorf("frames show steps %v...; want 0, 1, 2... at first, 1000 last", steps[:8])
	}
	r := float64(c.fig.len(movingR)) + 2
	for _, i := range []int{0, 5, 30, 60, 99} {
		p := tr.Points[steps[i]]
		wx, wy := c.Pixel(p[0], p[1])
		x, y := redNear(t, shown.at(4*i), wx, wy, r)
		if math.Hypot(x-wx, y-wy) > 1 {
			t.Errorf("frame %d: point at (%.2f, %.2f), want step %d's (%.2f, %.2f)", i, x, y, steps[i], wx, wy)
		}
	}
	// The path grows: at frame 60 (step 63) the pixel of step 150 is
	// still background; in the last frame it is the path's blue.
	p := tr.Points[150]
	px, py := c.Pixel(p[0], p[1])
	pathBlue := func(img image.Image) bool {
		r, g, b, _ := img.At(int(px), int(py)).RGBA()
		return b>>8 > 140 && r>>8 < 110 && g>>8 < 160
	}
	if steps[60] >= 150 || pathBlue(shown.at(4*60)) || !pathBlue(shown.at(4*99)) {
		t.Errorf("step 150's pixel blue at frame 60 (step %d): %v, at the end: %v; want false, true", steps[60], pathBlue(shown.at(4*60)), pathBlue(shown.at(4*99)))
	}
	// The counter: dark text in its box, different from one frame to the
	// next.
	sc, err := c.animationScene(1000)
	if err != nil {
		t.Fatal(err)
	}
	cr := sc.counter.rect
	text := func(img image.Image) (n int, sum int) {
		for y := cr.Min.Y; y < cr.Max.Y; y++ {
			for x := cr.Min.X; x < cr.Max.X; x++ {
				if dark(img.At(x, y)) {
					n++
					sum += x*7 + y*13
				}
			}
		}
		return n, sum
	}
	n0, s0 := text(shown.at(0))
	n1, s1 := text(shown.at(4))
	if n0 < 20 || n1 < 20 || (n0 == n1 && s0 == s1) {
		t.Errorf("the counter's box shows %d and %d dark pixels in frames 0 and 1, the same: %v", n0, n1, n0 == n1 && s0 == s1)
	}
}

// TestFrameSteps: frames one step apart while the geometric spacing is
// under a step, then further and further apart, strictly increasing, from
// 0 to the last step; or evenly spaced.
func TestFrameSteps(t *testing.T) {
	for _, c := range []struct{ last, n int }{{1000, 200}, {1000, 100}, {100, 101}, {5, 3}, {3000, 50}, {10, 2}} {
		s := frameSteps(c.last, c.n, false)
		if len(s) != c.n || s[0] != 0 || s[c.n-1] != c.last {
			t.Errorf("%d frames to step %d: %v...%v", c.n, c.last, s[:min(4, len(s))], s[len(s)-1])
			continue
		}
		for i := 1; i < len(s); i++ {
			d := s[i] - s[i-1]
			g := math.Pow(float64(c.last+1), float64(i)/float64(c.n-1)) - math.Pow(float64(c.last+1), float64(i-1)/float64(c.n-1))
			if d < 1 || (g < 0.5 && d != 1) {
				t.Errorf("%d frames to step %d: frame %d moves on %d steps (geometric %.2f)", c.n, c.last, i, d, g)
			}
			if i > 1 && d < s[i-1]-s[max(0, i-2)]-1 {
				t.Errorf("%d frames to step %d: frame %d moves on %d steps, fewer than before", c.n, c.last, i, d)
			}
		}
		e := frameSteps(c.last, c.n, true)
		for i := range e {
			if want := int(math.Round(float64(i) * float64(c.last) / float64(c.n-1))); e[i] != want {
				t.Errorf("even: frame %d at step %d, want %d", i, e[i], want)
			}
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
		{"slow-down names", func() error {
			_, err := SlowDown(run2D(t), adagrad.TutorialConfig(), SlowDownOptions{Names: []string{"x"}})
			return err
		}},
		{"glance trace", func() error {
			_, err := Glance(nil, adagrad.TutorialConfig(), GlanceOptions{Curve: TutorialCurve(0.05)})
			return err
		}},
		{"glance frames", func() error {
			_, err := Glance(run1D(t), adagrad.TutorialConfig(), GlanceOptions{Curve: TutorialCurve(0.05), Animation: AnimationOptions{Frames: 1002}})
			return err
		}},
		{"glance floor", func() error {
			o := TutorialGlance(0.05)
			o.Floor = math.NaN()
			_, err := Glance(run1D(t), adagrad.TutorialConfig(), o)
			return err
		}},
		{"scale", func() error { _, err := Chart(ChartOptions{Scale: 5}, Series{Y: []float64{1, 2}}); return err }},
		{"pixels", func() error {
			_, err := Chart(ChartOptions{Width: 5000, Height: 540}, Series{Y: []float64{1, 2}})
			return err
		}},
		{"log and log1p", func() error {
			_, err := Chart(ChartOptions{LogX: true, Log1pX: true}, Series{Y: []float64{1, 2}})
			return err
		}},
		{"glance curve", func() error {
			_, err := Glance(run1D(t), adagrad.TutorialConfig(), GlanceOptions{})
			return err
		}},
	}
	for _, b := range bad {
		if err := b.err(); err == nil {
			t.Errorf("%s: no error", b.name)
		}
	}
}

// TestExtremeSizes draws at the smallest and a large size without error.
func TestExtremeSizes(t *testing.T) {
	for _, sz := range [][2]int{{16, 16}, {16, 4000}, {3000, 16}} {
		o := TutorialCurve(0.05)
		o.Width, o.Height, o.Scale = sz[0], sz[1], 1
		c, err := NewCurve(o)
		if err != nil {
			t.Fatalf("%v: %v", sz, err)
		}
		if b := c.Image(-1).Bounds(); b.Dx() != sz[0] || b.Dy() != sz[1] {
			t.Errorf("%v: image %v", sz, b)
		}
	}
}

// TestFigurePNG: a figure's PNG holds a palette of its colours: decoded, it
// is the figure, pixel for pixel where the figure has at most 255
// colours, and within a few levels at a few pixels otherwise; and it is
// smaller than the full-colour PNG.
func TestFigurePNG(t *testing.T) {
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	img := c.Image()
	b, err := PNG(img)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := dec.(*image.Paletted); !ok {
		t.Errorf("the figure's PNG decodes as %T, want a paletted image", dec)
	}
	share, worst := frameError(dec, img.RGBA)
	if share > 0.005 || worst > 16 {
		t.Errorf("the PNG differs from the figure in %.3f%% of its pixels, by up to %d", 100*share, worst)
	}
	full, err := PNG(img.RGBA)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) >= len(full) {
		t.Errorf("the figure's PNG is %d bytes, the full-colour one %d", len(b), len(full))
	}
	t.Logf("%d bytes, full colour %d; %.3f%% of the pixels changed, by up to %d", len(b), len(full), 100*share, worst)
}

// TestLegendInRowAbove: a legend that fits nowhere inside the axes goes
// above them, its entries side by side, under the title; the axes give
// it room and keep the figure's width.
func TestLegendInRowAbove(t *testing.T) {
	var lines []Series // across the whole axes, at every height: no room inside
	for k := range 12 {
		lines = append(lines, Series{Label: fmt.Sprint(k), Y: []float64{float64(k), float64(k) + 0.5, float64(k)}})
	}
	fig, pn, err := chartPanel(ChartOptions{Title: "no room", Scale: 1}, lines)
	if err != nil {
		t.Fatal(err)
	}
	lg := pn.legend
	if lg == nil || !lg.inRow {
		t.Fatalf("the legend is not in a row: %+v", lg)
	}
	if lg.rect.Min.Y <= pn.box.Max.Y || lg.rect.Max.Y >= pn.box.Max.Y+pn.titleLift+fig.len(titlePad) {
		t.Errorf("legend %v, axes %v: want it between the axes and the title", lg.rect, pn.box)
	}
	if w := pn.box.Max.X - pn.box.Min.X; w < vg.Length(0.85*float64(fig.w)) {
		t.Errorf("the axes are %.0f of %d pixels wide: the legend took their width", w, fig.w)
	}
}

// TestLog1pLeavesOutNegatives: on a log(1 + x) axis, values below 0 are
// left out, as a log axis leaves out those at or below 0.
func TestLog1pLeavesOutNegatives(t *testing.T) {
	_, pn, err := chartPanel(ChartOptions{Log1pX: true}, []Series{{X: []float64{-5, -0.5, 0, 10, 100}, Y: []float64{1, 2, 3, 4, 5}}})
	if err != nil {
		t.Fatal(err)
	}
	if !(pn.x.min > -1) || !(pn.x.min < 0) || pn.x.max < 100 {
		t.Errorf("x axis [%v, %v]; want from a margin below 0 to past 100", pn.x.min, pn.x.max)
	}
	if _, err := Chart(ChartOptions{Log1pX: true}, Series{X: []float64{-3, -2}, Y: []float64{1, 2}}); err == nil {
		t.Error("a chart of negative x on a log(1 + x) axis: no error")
	}
}

// TestCounterOnBox: the frame counter sits on a light box with a grey
// edge, which hides what is under it (contour lines cross the corner).
func TestCounterOnBox(t *testing.T) {
	c, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate(AnimationOptions{Frames: 20})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := c.animationScene(1000)
	if err != nil {
		t.Fatal(err)
	}
	r := sc.counter.rect
	img := a.Frame(5)
	edge := 0
	for y := r.Min.Y + r.Dy()/4; y < r.Max.Y-r.Dy()/4; y++ {
		if near(img.At(r.Min.X+1, y), color.RGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 255}, 40) {
			edge++
		}
	}
	if edge < r.Dy()/3 {
		t.Errorf("%d pixels of the counter's left edge are its box's grey; want the edge", edge)
	}
	// Inside, away from the text, nothing but the light box.
	for x := r.Max.X - 4; x < r.Max.X-2; x++ {
		for y := r.Min.Y + 3; y < r.Max.Y-3; y++ {
			if cl := img.At(x, y); !near(cl, white, 50) {
				t.Fatalf("inside the counter's box at (%d, %d): %v, want light", x, y, cl)
			}
		}
	}
}

// TestSpacedMarks: a trail whose marks are spaced marks a point only when
// it lies that far from the last one marked.
func TestSpacedMarks(t *testing.T) {
	b := image.Rect(0, 0, 200, 40)
	var pts [][2]float64
	for x := 10.0; x < 190; x += 2 {
		pts = append(pts, [2]float64{x, 20})
	}
	tr := newTrail(pts, Blue, 1, 3, b, b)
	tr.markEvery = 20
	tr.reset()
	tr.grow(len(pts))
	for _, p := range pts {
		want := int(p[0]-10)%20 == 0 // at 10, 30, 50...
		if !want && int(p[0]-10)%20 != 10 {
			continue // by a mark: covered by it either way
		}
		marked := tr.cov[17*tr.stride+int(p[0])] > 0 // 3 px above the line: only a mark reaches
		if marked != want {
			t.Errorf("point at x = %.0f: marked %v, want %v", p[0], marked, want)
		}
	}
}
