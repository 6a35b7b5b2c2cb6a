package plotting

import (
	"image"
	"image/color"
	"math"
)

// A transform maps data coordinates to continuous pixel coordinates, with y
// down and pixel (i, j) covering [i, i+1) × [j, j+1).
type transform struct {
	x0, x1, y0, y1 float64 // data range
	left, right    float64 // pixel x of x0 and x1
	bottom, top    float64 // pixel y of y0 and y1
}

func newTransform(f figure, x0, x1, y0, y1 float64) transform {
	return transform{
		x0: x0, x1: x1, y0: y0, y1: y1,
		left: float64(f.data.Min.X), right: float64(f.data.Max.X),
		bottom: float64(f.h) - float64(f.data.Min.Y), top: float64(f.h) - float64(f.data.Max.Y),
	}
}

func (t transform) pixel(x, y float64) (float64, float64) {
	return t.left + (x-t.x0)/(t.x1-t.x0)*(t.right-t.left),
		t.bottom + (y-t.y0)/(t.y1-t.y0)*(t.top-t.bottom)
}

// clip is the axes box in whole pixels: points are drawn only inside it, as
// matplotlib clips markers to the axes.
func (t transform) clip() image.Rectangle {
	return image.Rect(int(math.Round(t.left)), int(math.Round(t.top)), int(math.Round(t.right)), int(math.Round(t.bottom)))
}

// A dot is a filled, antialiased circle in pixel coordinates.
type dot struct {
	x, y, r float64
	c       color.RGBA
}

// bounds is the rectangle of pixels the dot may touch, within clip.
func (d dot) bounds(clip image.Rectangle) image.Rectangle {
	if math.IsNaN(d.x) || math.IsNaN(d.y) || math.Abs(d.x) > 1e6 || math.Abs(d.y) > 1e6 {
		return image.Rectangle{}
	}
	r := image.Rect(int(math.Floor(d.x-d.r-1)), int(math.Floor(d.y-d.r-1)), int(math.Ceil(d.x+d.r+1)), int(math.Ceil(d.y+d.r+1)))
	return r.Intersect(clip)
}

// coverage is the fraction of pixel (px, py) the dot covers, estimated from
// the distance of the pixel's centre to the dot's edge.
func (d dot) coverage(px, py int) float64 {
	dx, dy := float64(px)+0.5-d.x, float64(py)+0.5-d.y
	return math.Max(0, math.Min(1, d.r+0.5-math.Hypot(dx, dy)))
}

// dotsBounds is the union of the dots' bounds.
func dotsBounds(dots []dot, clip image.Rectangle) image.Rectangle {
	var r image.Rectangle
	for _, d := range dots {
		r = r.Union(d.bounds(clip))
	}
	return r
}

// paintRGBA draws the dots over bg into dst within rect; dst and bg may be
// the same image only if rect is fresh background.
func paintRGBA(dst, bg *image.RGBA, rect image.Rectangle, dots []dot, clip image.Rectangle) {
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			i := bg.PixOffset(x, y)
			c := color.RGBA{R: bg.Pix[i], G: bg.Pix[i+1], B: bg.Pix[i+2], A: 255}
			if image.Pt(x, y).In(clip) {
				for _, d := range dots {
					if a := d.coverage(x, y); a > 0 {
						c = blend(c, d.c, a)
					}
				}
			}
			j := dst.PixOffset(x, y)
			dst.Pix[j], dst.Pix[j+1], dst.Pix[j+2], dst.Pix[j+3] = c.R, c.G, c.B, 255
		}
	}
}

// withDots returns a copy of bg with the dots drawn.
func withDots(bg *image.RGBA, dots []dot, clip image.Rectangle) *image.RGBA {
	img := image.NewRGBA(bg.Bounds())
	copy(img.Pix, bg.Pix)
	paintRGBA(img, bg, dotsBounds(dots, clip), dots, clip)
	return img
}
