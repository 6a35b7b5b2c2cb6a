package plotting

import (
	"fmt"
	"io"
	"testing"
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
