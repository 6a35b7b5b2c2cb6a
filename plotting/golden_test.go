package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// checkGolden compares img with testdata/NAME.png, decoded: at most 0.2% of
// the pixels may differ by more than 48 in a channel (font rasterisation may
// move an edge by a shade on another CPU). go test -update rewrites it.
func checkGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		b, err := PNG(img)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	want, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: size %v, golden %v", name, img.Bounds(), want.Bounds())
	}
	bad := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if diff(r1, r2) > 48 || diff(g1, g2) > 48 || diff(b1, b2) > 48 {
				bad++
			}
		}
	}
	if bad > r.Dx()*r.Dy()/500 {
		got, _ := PNG(img)
		out := filepath.Join(t.TempDir(), name+".png")
		os.WriteFile(out, got, 0o644)
		t.Errorf("%s: %d pixels differ from the golden image; ours is in %s", name, bad, out)
	}
}

func diff(a, b uint32) uint32 {
	a, b = a>>8, b>>8
	if a > b {
		return a - b
	}
	return b - a
}

// The golden images are drawn at one pixel per layout pixel, 960x540, to
// keep them small.

func TestGoldenCurve(t *testing.T) {
	o := TutorialCurve(0.05)
	o.Scale = 1
	c, err := NewCurve(o)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "curve-frame-10", c.Image(run1D(t).Points[10]))
}

func TestGoldenContour(t *testing.T) {
	o := TutorialContour(0.05)
	o.Scale = 1
	c, err := NewContour(o, Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "contour", c.Image())
}

func TestGoldenSlowDown(t *testing.T) {
	img, err := SlowDown(run2D(t), adagrad.TutorialConfig(), SlowDownOptions{Title: "Why Adagrad slows down", Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "slowdown", img)
}

// goldenChartSeries are Adagrad's runs on x² from 3 at three rates.
func goldenChartSeries(t *testing.T) []Series {
	var series []Series
	for _, lr := range []float64{0.01, 0.1, 1} {
		cfg := adagrad.TutorialConfig()
		cfg.LearningRate = lr
		tr, err := adagrad.Run1D(func(x float64) float64 { return 2 * x }, 3, cfg, 200)
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, Series{Label: fmt.Sprintf("learning rate %g", lr), Y: tr.Points})
	}
	return series
}

func TestGoldenChart(t *testing.T) {
	img, err := Chart(ChartOptions{Title: "x² from 3", XLabel: "iteration", YLabel: "x", LogY: true, Scale: 1}, goldenChartSeries(t)...)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "chart", img)
}
