package plotting

import (
	"image"
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
	c, err := NewContour(ContourOptions{F: stretchedBowl, Minimum: []float64{0, 0}, Title: "two paths", Scale: 1},
		Path{Label: "gradient descent", Points: gd}, Path{Label: "Adagrad", Points: ada})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "contour-two-paths", c.Image())
}

// ringCentroid returns the centre of the dark pixels within r of (x, y),
// each weighed by how dark it is, and their number: a moving point's dark
// edge, when nothing else dark is near.
func ringCentroid(img image.Image, x, y, r float64) (float64, float64, int) {
	var sx, sy, sw float64
	n := 0
	for py := int(y - r); py <= int(y+r); py++ {
		for px := int(x - r); px <= int(x+r); px++ {
			if math.Hypot(float64(px)+0.5-x, float64(py)+0.5-y) > r {
				continue
			}
			if r, g, b, _ := img.At(px, py).RGBA(); max(r, g, b)>>8 < 100 {
				w := 255 - float64(max(r, g, b)>>8)
				sx, sy, sw, n = sx+w*(float64(px)+0.5), sy+w*(float64(py)+0.5), sw+w, n+1
			}
		}
	}
	return sx / sw, sy / sw, n
}

// TestTwoPathAnimation checks that each frame shows both moving points,
// each at its own path's point, and that the animation holds its last
// frame.
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
	shown := composite(t, a.g)
	if shown.len() != 101*5+150 {
		t.Fatalf("%d hundredths shown, want 655 (101 frames of 5, and the last held 1.5 s)", shown.len())
	}
	for _, i := range []int{5, 12, 30} { // at 0 both sit on the start, one over the other
		img := shown.at(5 * i)
		for k, path := range [][][]float64{gd, ada} {
			// Each point has a dark edge: its ring's centre is the point.
			wx, wy := c.Pixel(path[i][0], path[i][1])
			x, y, n := ringCentroid(img, wx, wy, float64(c.fig.len(movingR))+3)
			// A square's edges, on whole pixels, may weigh a pixel more on
			// one side than the other.
			if n < 10 || math.Hypot(x-wx, y-wy) > 1.5 {
				t.Errorf("frame %d, path %d: %d edge pixels centred at (%.1f, %.1f), want the point at (%.1f, %.1f)", i, k, n, x, y, wx, wy)
			}
		}
	}
}
