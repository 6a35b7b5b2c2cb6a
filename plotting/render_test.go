package plotting

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
)

// The tests here draw on a canvas one pixel a unit and read the pixels
// back: where ink must be, and where the page must stay white.

// pixelAt returns the colour of the pixel under the canvas point (x, y)
// (y up) of img.
func pixelAt(img *image.RGBA, x, y float64) color.RGBA {
	return img.RGBAAt(int(math.Floor(x)), img.Rect.Dy()-1-int(math.Floor(y)))
}

func isWhite(p color.RGBA) bool { return p.R > 245 && p.G > 245 && p.B > 245 }

// inkedRed: mostly covered by a red line (antialiased against white).
func inkedRed(p color.RGBA) bool { return p.R > 200 && p.G < 170 && p.B < 170 }

var lineRed = color.RGBA{R: 255, A: 255}

// TestIsolinesDrawn draws the contour x² + y² = 0.36 over [-1, 1]² in a
// 100-pixel box: a red circle of radius 30 pixels, 2 wide, closed all the
// way round, in its own style whatever the canvas was set to before.
func TestIsolinesDrawn(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	c := canvasOn(img, color.White)
	// Left over from whatever was drawn before: a wide, dashed blue.
	setLine(c, lineStyle{color: color.RGBA{B: 255, A: 255}, width: 9, dashes: []vg.Length{1, 3}})
	pn := &panel{box: vg.Rectangle{Min: vg.Point{X: 10, Y: 10}, Max: vg.Point{X: 110, Y: 110}}, x: axis{min: -1, max: 1}, y: axis{min: -1, max: 1}}
	g := sampleGrid(func(x, y float64) float64 { return x*x + y*y }, span(-1, 1, 21), span(-1, 1, 21))
	isolines{g: g, levels: []float64{0.36}, style: lineStyle{color: lineRed, width: 2}}.plot(c, pn)
	// The chords lie within 0.1 pixel of the circle, and a pixel whose
	// centre is within 0.71 of the line's middle is mostly covered.
	for deg := 0; deg < 360; deg++ {
		s, co := math.Sincos(float64(deg) * math.Pi / 180)
		if p := pixelAt(img, 60+30*co, 60+30*s); !inkedRed(p) {
			t.Errorf("at %d°, on the circle: %v, want the line's red", deg, p)
		}
		// 4 pixels off the line: clear of a line 2 wide.
		for _, r := range []float64{26, 34} {
			if p := pixelAt(img, 60+r*co, 60+r*s); !isWhite(p) {
				t.Errorf("at %d°, %v from the centre: %v, want white", deg, r, p)
			}
		}
	}
}

// TestPolylineDrawnInBox draws lines that leave a 80-pixel axes box:
// they stop at its edge, with square ends, and nothing is drawn outside.
func TestPolylineDrawnInBox(t *testing.T) {
	box := vg.Rectangle{Min: vg.Point{X: 20, Y: 20}, Max: vg.Point{X: 100, Y: 100}}
	tests := []struct {
		name string
		xy   [][2]float64 // data on [0, 10]², 8 pixels a unit
		in   [][2]float64 // canvas points that must be inked
		out  [][2]float64 // canvas points that must stay white
	}{
		// y = 5 is canvas y 60; the box's right edge is x = 100.
		{"out to the right", [][2]float64{{5, 5}, {15, 5}},
			[][2]float64{{61, 60.5}, {90, 59.5}, {99.5, 60.5}},
			[][2]float64{{100.5, 60}, {101.5, 60}, {110, 60}, {59, 60}}},
		// Down out of the box and back: two pieces, nothing below y = 20.
		{"out below and back", [][2]float64{{2, 5}, {2, -5}, {8, -5}, {8, 5}},
			[][2]float64{{36.5, 30}, {36.5, 20.5}, {84.5, 20.5}, {84.5, 59}},
			[][2]float64{{36.5, 19.5}, {36.5, 10}, {60, -20 + 60}, {84.5, 10}, {60, 19.5}, {60, 60}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 120, 120))
			c := canvasOn(img, color.White)
			pn := &panel{box: box, x: axis{min: 0, max: 10}, y: axis{min: 0, max: 10}}
			(&polyline{xy: tt.xy, style: lineStyle{color: lineRed, width: 2}}).plot(c, pn)
			for _, q := range tt.in {
				if p := pixelAt(img, q[0], q[1]); !inkedRed(p) {
					t.Errorf("at %v: %v, want the line's red", q, p)
				}
			}
			for _, q := range tt.out {
				if p := pixelAt(img, q[0], q[1]); !isWhite(p) {
					t.Errorf("at %v: %v, want white", q, p)
				}
			}
		})
	}
}

// TestRoundedRectFilled fills a legend's frame, 80x60 with corners of
// radius 10: filled inside, rounded at the corners, nothing outside.
func TestRoundedRectFilled(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 120, 100))
	c := canvasOn(img, color.White)
	c.SetColor(color.Black)
	c.Fill(roundedRect(vg.Rectangle{Min: vg.Point{X: 20, Y: 20}, Max: vg.Point{X: 100, Y: 80}}, 10))
	black := func(p color.RGBA) bool { return p.R < 10 && p.G < 10 && p.B < 10 }
	// Corner centres (30, 30), (90, 30), (90, 70), (30, 70).
	for _, q := range [][2]float64{{60, 50}, {20.5, 50}, {99.5, 50}, {60, 20.5}, {60, 79.5}, {25.5, 25.5}, {94.5, 25.5}, {94.5, 74.5}, {25.5, 74.5}} {
		if p := pixelAt(img, q[0], q[1]); !black(p) {
			t.Errorf("inside, at %v: %v, want black", q, p)
		}
	}
	// Outside: beyond each side, and in each corner beyond its arc
	// (21.5 is 12 from the corner's centre along the diagonal).
	for _, q := range [][2]float64{{19.5, 50}, {100.5, 50}, {60, 19.5}, {60, 80.5}, {10, 10}, {110, 90}, {21.5, 21.5}, {98.5, 21.5}, {98.5, 78.5}, {21.5, 78.5}} {
		if p := pixelAt(img, q[0], q[1]); !isWhite(p) {
			t.Errorf("outside, at %v: %v, want white", q, p)
		}
	}
}
