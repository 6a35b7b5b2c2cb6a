package live

import (
	"image"
	"image/color"
	"image/color/palette"
	"math/rand/v2"
	"testing"
)

// paint puts the canvas's updates, in order, onto an RGBA image, as the
// page's putImageData does.
func paint(dst *image.NRGBA, r image.Rectangle, pix []byte) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(dst.Pix[dst.PixOffset(r.Min.X, y):], pix[4*r.Dx()*(y-r.Min.Y):4*r.Dx()*(y-r.Min.Y+1)])
	}
}

// TestCanvasUpdates: after any sequence of pictures, the canvas the page
// paints from the updates is the last picture, pixel for pixel, and each
// update is no larger than the rectangle where the pictures differ.
func TestCanvasUpdates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// The page's canvas takes straight (not premultiplied) alpha: a
	// translucent entry tells the two apart.
	pal := append(color.Palette{color.NRGBA{R: 200, G: 40, B: 10, A: 128}}, palette.WebSafe[1:]...)
	b := image.Rect(0, 0, 97, 61)
	var c canvas
	page := image.NewNRGBA(b)
	last := image.NewPaletted(b, pal)
	for n := range 60 {
		img := image.NewPaletted(b, pal)
		copy(img.Pix, last.Pix)
		// A few strokes, sometimes none, sometimes at the edges.
		for range rng.IntN(4) {
			x, y := rng.IntN(b.Dx()), rng.IntN(b.Dy())
			for k := range rng.IntN(30) + 1 {
				img.SetColorIndex(min(x+k, b.Dx()-1), y, uint8(rng.IntN(len(pal))))
			}
		}
		r, pix := c.update(img)
		want := diffRect(last, img)
		if n == 0 {
			want = b
		}
		if r != want {
			t.Fatalf("picture %d: update %v, want %v", n, r, want)
		}
		paint(page, r, pix)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if got, want := page.NRGBAAt(x, y), color.NRGBAModel.Convert(img.At(x, y)); got != want {
					t.Fatalf("picture %d: the page shows %v at (%d, %d), want %v", n, got, x, y, want)
				}
			}
		}
		last = img
	}
	// A new palette sends the whole picture again.
	img := image.NewPaletted(b, palette.Plan9)
	copy(img.Pix, last.Pix)
	if r, _ := c.update(img); r != b {
		t.Errorf("a new palette sent %v, want the whole %v", r, b)
	}
}

// diffRect is the bounding box of the pixels that differ, found the slow
// way.
func diffRect(a, b *image.Paletted) image.Rectangle {
	var r image.Rectangle
	for y := b.Rect.Min.Y; y < b.Rect.Max.Y; y++ {
		for x := b.Rect.Min.X; x < b.Rect.Max.X; x++ {
			if a.ColorIndexAt(x, y) != b.ColorIndexAt(x, y) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}
