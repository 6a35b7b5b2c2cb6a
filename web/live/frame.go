package live

import (
	"image"
	"image/color"
)

// A canvas keeps what the page's canvas shows, so that a new picture is
// sent as the rectangle that changed, in the canvas's RGBA bytes, rather
// than as a PNG the page must decode: a slider's move changes the path, a
// small part of the figure.
type canvas struct {
	last *image.Paletted // the last picture, as the overlay drew it
	pal  color.Palette   // the palette lut was made for
	lut  [256][4]byte    // each palette entry as non-premultiplied RGBA
	buf  []byte          // scratch for the changed rectangle
}

// update returns what changed from the last picture to img: the rectangle
// (empty if nothing did) and its pixels as RGBA, 4·Dx() bytes a row. The
// first picture, or one of another size or palette, is sent whole. The
// bytes are valid until the next call.
func (c *canvas) update(img *image.Paletted) (image.Rectangle, []byte) {
	r := img.Rect
	if c.last == nil || c.last.Rect != img.Rect || !samePalette(c.pal, img.Palette) {
		c.setPalette(img.Palette)
	} else {
		r = changed(c.last, img)
	}
	c.last = img
	if r.Empty() {
		return r, nil
	}
	n := 4 * r.Dx() * r.Dy()
	if cap(c.buf) < n {
		c.buf = make([]byte, n)
	}
	out := c.buf[:n]
	k := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := img.PixOffset(r.Min.X, y)
		for _, p := range img.Pix[i : i+r.Dx()] {
			copy(out[k:k+4], c.lut[p][:])
			k += 4
		}
	}
	return r, out
}

func (c *canvas) setPalette(p color.Palette) {
	c.pal = p
	for i := range c.lut {
		c.lut[i] = [4]byte{}
		if i < len(p) {
			n := color.NRGBAModel.Convert(p[i]).(color.NRGBA)
			c.lut[i] = [4]byte{n.R, n.G, n.B, n.A}
		}
	}
}

func samePalette(a, b color.Palette) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// changed returns the smallest rectangle outside which a and b, of the
// same bounds, are equal.
func changed(a, b *image.Paletted) image.Rectangle {
	r := b.Rect
	w := r.Dx()
	minX, minY, maxX, maxY := r.Max.X, r.Max.Y, r.Min.X, r.Min.Y
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := b.PixOffset(r.Min.X, y)
		ra, rb := a.Pix[i:i+w], b.Pix[i:i+w]
		if string(ra) == string(rb) { // compared without a copy
			continue
		}
		lo := 0
		for ra[lo] == rb[lo] {
			lo++
		}
		hi := w
		for ra[hi-1] == rb[hi-1] {
			hi--
		}
		minX, maxX = min(minX, r.Min.X+lo), max(maxX, r.Min.X+hi)
		minY, maxY = min(minY, y), y+1
	}
	if minX >= maxX {
		return image.Rectangle{}
	}
	return image.Rect(minX, minY, maxX, maxY)
}
