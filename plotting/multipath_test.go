package plotting

import (
	"image/color"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// twoPaths runs gradient descent and Adagrad on a stretched bowl, the
// fourth notebook's comparison.
func twoPaths(t *testing.T) (gd, ada [][]float64) {
	grad := func(g, p []float64) { g[0], g[1] = 0.1*p[0], 4*p[1] }
	x := []float64{-4.5, 1.2}
	g := make([]float64, 2)
	gd = [][]float64{append([]float64(nil), x...)}
	for range 100 {
		grad(g, x)
		x[0], x[1] = x[0]-0.45*g[0], x[1]-0.45*g[1]
		gd = append(gd, append([]float64(nil), x...))
	}
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	tr, err := adagrad.Run(grad, []float64{-4.5, 1.2}, cfg, 100)
	if err != nil {
		t.Fatal(err)
	}
	return gd, tr.Points
}

func stretchedBowl(x, y float64) float64 { return 0.05*x*x + 2*y*y }

func TestGoldenTwoPaths(t *testing.T) {
	gd, ada := twoPaths(t)
	c, err := NewContour(ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}, Title: "two paths"},
		Path{Label: "gradient descent", Points: gd}, Path{Label: "Adagrad", Points: ada})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "contour-two-paths", c.Image())
}

// centroidOf returns the centre of the pixels that differ from the figure
// without points (bg) and are within 24 of c in every channel.
func centroidOf(t *testing.T, img, bg interface {
	At(x, y int) color.Color
}, w, h int, c color.RGBA) (float64, float64) {
	t.Helper()
	var sx, sy, n float64
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r0, g0, b0, _ := bg.At(x, y).RGBA(); r0 == r && g0 == g && b0 == b {
				continue
			}
			if diff(r, uint32(c.R)<<8) < 24 && diff(g, uint32(c.G)<<8) < 24 && diff(b, uint32(c.B)<<8) < 24 {
				sx, sy, n = sx+float64(x)+0.5, sy+float64(y)+0.5, n+1
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %v pixels of %v", n, c)
	}
	return sx / n, sy / n
}

// TestTwoPathAnimation checks that each frame shows both moving points,
// each at its own path's point.
func TestTwoPathAnimation(t *testing.T) {
	gd, ada := twoPaths(t)
	c, err := NewContour(ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}},
		Path{Label: "gradient descent", Points: gd}, Path{Label: "Adagrad", Points: ada})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate(AnimationOptions{Frames: 101, FPS: 20})
	if err != nil {
		t.Fatal(err)
	}
	shown := composite(t, a.GIF())
	if len(shown) != 101*5 {
		t.Fatalf("%d hundredths shown, want 505", len(shown))
	}
	for _, i := range []int{5, 12, 30} { // at 0 both sit on the start, one over the other
		img := shown[5*i]
		b := img.Bounds()
		for k, path := range [][][]float64{gd, ada} {
			col := []color.RGBA{Blue, Orange}[k]
			x, y := centroidOf(t, img, a.base, b.Dx(), b.Dy(), col)
			wx, wy := c.Pixel(path[i][0], path[i][1])
			if math.Hypot(x-wx, y-wy) > 1.5 {
				t.Errorf("frame %d, path %d: point at (%.1f, %.1f), want (%.1f, %.1f)", i, k, x, y, wx, wy)
			}
		}
	}
}
