package plotting

import (
	"fmt"
	"io"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// BenchmarkTutorialAnimation times the tutorial's animation end to end:
// the static figure, 200 frames of the moving point, and the GIF encoded.
// Compare 1920x1080 with the tutorial's matplotlib code (README).
func BenchmarkTutorialAnimation(b *testing.B) {
	points := run1D(b).Points
	for _, size := range [][2]int{{960, 540}, {1920, 1080}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				o := TutorialCurve(0.05)
				o.Width, o.Height, o.Scale = size[0], size[1], 1
				c, err := NewCurve(o)
				if err != nil {
					b.Fatal(err)
				}
				a, err := c.Animate(points, AnimationOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if err := a.WriteGIF(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFrame times one frame as an image, as a live preview asks for
// it, and its PNG encoding.
func BenchmarkFrame(b *testing.B) {
	points := run1D(b).Points
	c, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		b.Fatal(err)
	}
	a, err := c.Animate(points, AnimationOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Frame", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			a.Frame(i % a.Len())
		}
	})
	b.Run("Frame+PNG", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := PNG(a.Frame(i % a.Len())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFigures times the still figures the notebooks draw, each at
// twice its layout size as they show them, and each with its PNG: a
// notebook cell's own share of its Shift+Enter time.
func BenchmarkFigures(b *testing.B) {
	tr := run2D(b)
	var series []Series
	for _, lr := range []float64{0.01, 0.05, 0.1, 0.5, 1} {
		c := adagrad.TutorialConfig()
		c.LearningRate = lr
		t, err := adagrad.Run1D(tutorial.CubicDeriv, -1, c, 1000)
		if err != nil {
			b.Fatal(err)
		}
		d := make([]float64, len(t.Points))
		for i, x := range t.Points {
			d[i] = math.Abs(x-tutorial.CubicMinX) + 1e-17
		}
		series = append(series, Series{EndLabel: fmt.Sprintf("η %g: fixed", lr), Y: d})
	}
	figures := []struct {
		name string
		draw func() (*Image, error)
	}{
		{"SlowDown", func() (*Image, error) {
			return SlowDown(tr, adagrad.TutorialConfig(), SlowDownOptions{Title: "Why Adagrad slows down"})
		}},
		{"Chart", func() (*Image, error) {
			return Chart(ChartOptions{Title: "Distance", XLabel: "step", YLabel: "|x − x*|", Log1pX: true, LogY: true}, series...)
		}},
		{"Contour", func() (*Image, error) {
			o := TutorialContour(0.05)
			o.Scale = 2
			c, err := NewContour(o, Path{Label: "Adagrad", Points: tr.Points})
			if err != nil {
				return nil, err
			}
			return c.Image(), nil
		}},
	}
	for _, f := range figures {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				img, err := f.draw()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := PNG(img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
