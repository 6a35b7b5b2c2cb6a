package plotting

import (
	"image"
	"image/color"
	"math"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// A transform maps data coordinates to continuous pixel coordinates, with y
// down and pixel (i, j) covering [i, i+1) × [j, j+1).
type transform struct {
	pn     *panel
	height float64
}

func newTransform(f figure, pn *panel) transform { return transform{pn: pn, height: float64(f.h)} }

func (t transform) pixel(x, y float64) (float64, float64) {
	p := t.pn.toCanvas(x, y)
	return float64(p.X), t.height - float64(p.Y)
}

// clip is the axes box in whole pixels: moving things are drawn only
// inside it, as matplotlib clips markers to the axes.
func (t transform) clip() image.Rectangle {
	b := t.pn.box
	return image.Rect(int(math.Round(float64(b.Min.X))), int(math.Round(t.height-float64(b.Max.Y))),
		int(math.Round(float64(b.Max.X))), int(math.Round(t.height-float64(b.Min.Y))))
}

// A scene is a figure with moving parts, drawn once in layers: under,
// opaque, what the moving parts cover; then the trails; mid, premultiplied
// and mostly transparent, what lies over the trails but under the moving
// points (may be absent); the points; over, like mid, what stays on top of
// everything. bg is the figure with nothing moving, the layers composed;
// top is where mid and over have ink, with the layers apart there. The
// moving parts stay within clip.
type scene struct {
	bg      *image.RGBA
	top     *cover
	clip    image.Rectangle
	trails  []*trail
	counter *counter
	scale   int // pixels per layout pixel
}

// newScene returns the scene of the given layers; mid and over may be nil.
func newScene(under, mid, over *image.RGBA, clip image.Rectangle) *scene {
	b := under.Bounds()
	var m *cover
	if mid != nil {
		m = newCover(b, mid, nil)
	}
	s := &scene{bg: clone(under), top: newCover(b, over, m), clip: clip.Intersect(b), scale: 1}
	s.top.composeOnto(s.bg)
	return s
}

func clone(img *image.RGBA) *image.RGBA {
	c := image.NewRGBA(img.Rect)
	copy(c.Pix, img.Pix)
	return c
}

// compose puts the premultiplied pixel o over the opaque colour (r, g, b).
func compose(o []uint8, r, g, b uint8) (uint8, uint8, uint8) {
	a := uint32(o[3])
	if a == 0 {
		return r, g, b
	}
	if a == 255 {
		return o[0], o[1], o[2]
	}
	k := 255 - a
	mix := func(s uint8, d uint8) uint8 { return uint8(uint32(s) + (uint32(d)*k+127)/255) }
	return mix(o[0], r), mix(o[1], g), mix(o[2], b)
}

// A dot is a filled, antialiased mark in pixel coordinates, a disc unless
// it has another shape, with an edge of width ew in the edge colour (none
// if ew is 0).
type dot struct {
	x, y, r float64
	c       color.RGBA
	shape   shape
	edge    color.RGBA
	ew      float64
	clip    image.Rectangle // where it may draw, if not the scene's clip
}

// bounds is the rectangle of pixels the dot may touch, within clip (or its
// own clip, if it has one).
func (d dot) bounds(clip image.Rectangle) image.Rectangle {
	if !d.clip.Empty() {
		clip = d.clip
	}
	if math.IsNaN(d.x) || math.IsNaN(d.y) || math.Abs(d.x) > 1e6 || math.Abs(d.y) > 1e6 {
		return image.Rectangle{}
	}
	e := d.r * 1.3 // the largest shape's reach
	r := image.Rect(int(math.Floor(d.x-e-1)), int(math.Floor(d.y-e-1)), int(math.Ceil(d.x+e+1)), int(math.Ceil(d.y+e+1)))
	return r.Intersect(clip)
}

func (d dot) paint(c color.RGBA, px, py int) color.RGBA {
	dx, dy := float64(px)+0.5-d.x, float64(py)+0.5-d.y
	if d.ew > 0 {
		if a := d.shape.coverage(dx, dy, d.r); a > 0 {
			c = blend(c, d.edge, a)
		}
		if a := d.shape.coverage(dx, dy, d.r-d.ew); a > 0 {
			c = blend(c, d.c, a)
		}
		return c
	}
	if a := d.shape.coverage(dx, dy, d.r); a > 0 {
		c = blend(c, d.c, a)
	}
	return c
}

// dotsBounds is the union of the dots' bounds.
func dotsBounds(dots []dot, clip image.Rectangle) image.Rectangle {
	var r image.Rectangle
	for _, d := range dots {
		r = r.Union(d.bounds(clip))
	}
	return r
}

// A trail is a path drawn as it grows: a line through its points with a
// small mark on each, rasterised into a coverage mask so that a frame can
// add its newest segments to what earlier frames drew. A trail with a
// casing has a white border, in a second mask, that parts it from the
// trails under it.
type trail struct {
	pts   [][2]float64 // pixel coordinates
	col   color.RGBA
	width float64 // of the line, in pixels
	markR float64 // size of the mark at each point; 0 for none
	shape shape   // of the marks
	// markEvery, if not 0, marks only the points at least this far (in
	// pixels) from the last one marked; lastMark is that one.
	markEvery float64
	lastMark  [2]float64
	cov       []uint8 // coverage so far, one byte per pixel of the image
	stride    int
	shown     int             // points drawn into cov
	drawn     image.Rectangle // where cov is not zero
	clip      image.Rectangle
	// casing is the border's width, each side, in pixels; halo its
	// coverage (nil without one).
	casing float64
	halo   []uint8
}

func newTrail(pts [][2]float64, col color.RGBA, width, markR float64, bounds, clip image.Rectangle) *trail {
	return &trail{pts: pts, col: col, width: width, markR: markR, cov: make([]uint8, bounds.Dx()*bounds.Dy()), stride: bounds.Dx(), clip: clip, lastMark: [2]float64{math.Inf(1), math.Inf(1)}}
}

// withCasing gives the trail a white border w pixels wide.
func (t *trail) withCasing(w float64) {
	t.casing, t.halo = w, make([]uint8, len(t.cov))
}

func (t *trail) reset() {
	clear(t.cov)
	clear(t.halo)
	t.shown, t.drawn = 0, image.Rectangle{}
	t.lastMark = [2]float64{math.Inf(1), math.Inf(1)}
}

// grow draws the points up to n (and the segments joining them) and
// returns the rectangle of pixels that changed.
func (t *trail) grow(n int) image.Rectangle {
	n = min(n, len(t.pts))
	var dirty image.Rectangle
	for i := t.shown; i < n; i++ {
		p := t.pts[i]
		if !finite(p[0]) || !finite(p[1]) {
			continue
		}
		if t.markR > 0 && t.spaced(p) {
			dirty = dirty.Union(t.mark(p, t.markR, t.cov, 0))
			if t.halo != nil {
				dirty = dirty.Union(t.mark(p, t.markR, t.halo, t.casing))
			}
		}
		if i > 0 {
			if q := t.pts[i-1]; finite(q[0]) && finite(q[1]) {
				dirty = dirty.Union(t.segment(q, p, t.cov, 0))
				if t.halo != nil {
					dirty = dirty.Union(t.segment(q, p, t.halo, t.casing))
				}
			}
		}
	}
	if n > t.shown {
		t.shown = n
	}
	t.drawn = t.drawn.Union(dirty)
	return dirty
}

// spaced reports whether point p gets a mark: every point does, unless
// marks are spaced (markEvery), when only one far enough from the last
// marked does.
func (t *trail) spaced(p [2]float64) bool {
	if t.markEvery == 0 {
		return true
	}
	if math.Hypot(p[0]-t.lastMark[0], p[1]-t.lastMark[1]) < t.markEvery {
		return false
	}
	t.lastMark = p
	return true
}

// put raises the coverage in m at (x, y) to a.
func (t *trail) put(m []uint8, x, y int, a float64) {
	v := uint8(math.Round(a * 255))
	if i := y*t.stride + x; v > m[i] {
		m[i] = v
	}
}

// mark draws the trail's mark of size r at p into m, grown by grow pixels
// (its border).
func (t *trail) mark(p [2]float64, r float64, m []uint8, grow float64) image.Rectangle {
	e := 1.3*r + grow
	b := image.Rect(int(math.Floor(p[0]-e-1)), int(math.Floor(p[1]-e-1)), int(math.Ceil(p[0]+e+1)), int(math.Ceil(p[1]+e+1))).Intersect(t.clip)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dx, dy := float64(x)+0.5-p[0], float64(y)+0.5-p[1]
			if a := t.shape.coverage(dx, dy, r+grow); a > 0 {
				t.put(m, x, y, a)
			}
		}
	}
	return b
}

// segment draws the line from a to b into m: coverage from the distance
// of each pixel's centre to the segment, for a line of t.width (plus grow
// each side) with round ends.
func (t *trail) segment(a, b [2]float64, m []uint8, grow float64) image.Rectangle {
	hw := t.width/2 + grow
	x0, x1 := math.Min(a[0], b[0])-hw-1, math.Max(a[0], b[0])+hw+1
	y0, y1 := math.Min(a[1], b[1])-hw-1, math.Max(a[1], b[1])+hw+1
	if x1-x0 > 1e5 || y1-y0 > 1e5 {
		return image.Rectangle{} // far outside: never on screen at a sane size
	}
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))).Intersect(t.clip)
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			px, py := float64(x)+0.5-a[0], float64(y)+0.5-a[1]
			s := 0.0
			if l2 > 0 {
				s = math.Max(0, math.Min(1, (px*dx+py*dy)/l2))
			}
			d := math.Hypot(px-s*dx, py-s*dy)
			if c := math.Min(1, hw+0.5-d); c > 0 {
				t.put(m, x, y, math.Min(c, 2*hw)) // a hairline is faint, not solid
			}
		}
	}
	return r
}

// A counter is the frame counter: a line of text in a fixed place, drawn
// over everything, which changes from frame to frame.
type counter struct {
	face xfont.Face
	pen  fixed.Point26_6 // in pixels, y down
	rect image.Rectangle // where any of its texts may draw
	box  *image.RGBA     // its light box over rect, premultiplied
}

func fixedPoint(x, y float64) fixed.Point26_6 {
	return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
}

// mask returns the coverage of text within c.rect, in m if it is not nil
// (a mask of c.rect), else in a new mask.
func (c *counter) mask(m *image.Alpha, text string) *image.Alpha {
	if m == nil {
		m = image.NewAlpha(c.rect)
	} else {
		clear(m.Pix)
	}
	d := xfont.Drawer{Dst: m, Src: image.Opaque, Face: c.face, Dot: c.pen}
	d.DrawString(text)
	return m
}

// paint draws a frame's moving parts over the scene into dst (which
// covers rect, and may be smaller than the scene) within rect and the
// clip: the trails as they are, the dots, the layer over them, and text
// (its coverage in mask, which may be nil).
func (s *scene) paint(dst *image.RGBA, rect image.Rectangle, dots []dot, mask *image.Alpha) {
	rect = rect.Intersect(s.clip)
	// Only the dots that reach into rect, each with the pixels it may
	// touch (a frame has a few: room for them without allocating).
	var nearBuf [8]dot
	var reachBuf [8]image.Rectangle
	near, reach := nearBuf[:0], reachBuf[:0]
	for _, d := range dots {
		if r := d.bounds(s.clip).Intersect(rect); !r.Empty() {
			near, reach = append(near, d), append(reach, r)
		}
	}
	top := s.top
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		runs, k := top.row(y), 0
		for x := rect.Min.X; x < rect.Max.X; x++ {
			// j is the pixel's place in the cover's colours, or -1
			// where mid and over have no ink and bg is the under layer.
			for k < len(runs) && int(runs[k].x1) <= x {
				k++
			}
			j := -1
			if k < len(runs) && int(runs[k].x0) <= x {
				j = 4 * (int(runs[k].at) + x - int(runs[k].x0))
			}
			var c color.RGBA
			if j >= 0 {
				c = color.RGBA{R: top.under[j], G: top.under[j+1], B: top.under[j+2], A: 255}
			} else {
				i := s.bg.PixOffset(x, y)
				c = color.RGBA{R: s.bg.Pix[i], G: s.bg.Pix[i+1], B: s.bg.Pix[i+2], A: 255}
			}
			c = s.trailsOver(c, x, y)
			if j >= 0 && top.mid != nil {
				c.R, c.G, c.B = compose(top.mid[j:j+4], c.R, c.G, c.B)
			}
			for n, d := range near {
				if image.Pt(x, y).In(reach[n]) {
					c = d.paint(c, x, y)
				}
			}
			if j >= 0 {
				c.R, c.G, c.B = compose(top.over[j:j+4], c.R, c.G, c.B)
			}
			if mask != nil && image.Pt(x, y).In(mask.Rect) {
				if box := s.counter.box; box != nil {
					c.R, c.G, c.B = compose(box.Pix[box.PixOffset(x, y):], c.R, c.G, c.B)
				}
				if a := mask.AlphaAt(x, y).A; a > 0 {
					c = blend(c, Black, float64(a)/255)
				}
			}
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = c.R, c.G, c.B, 255
		}
	}
}

// moving returns the rectangle a frame's moving parts may cover, within
// the clip, and the counter's text (nil if there is none).
func (s *scene) moving(dots []dot, text string) (image.Rectangle, *image.Alpha) {
	r := dotsBounds(dots, s.clip)
	for _, t := range s.trails {
		r = r.Union(t.drawn)
	}
	var m *image.Alpha
	if s.counter != nil && text != "" {
		m = s.counter.mask(nil, text)
		r = r.Union(s.counter.rect)
	}
	return r.Intersect(s.clip), m
}

// trailsOver draws the trails over c at pixel (x, y), each on its white
// border if it has one.
func (s *scene) trailsOver(c color.RGBA, x, y int) color.RGBA {
	for _, t := range s.trails {
		i := y*t.stride + x
		if t.halo != nil && t.halo[i] > 0 {
			c = blend(c, white, float64(t.halo[i])/255)
		}
		if a := t.cov[i]; a > 0 {
			c = blend(c, t.col, float64(a)/255)
		}
	}
	return c
}

var white = color.RGBA{R: 255, G: 255, B: 255, A: 255}

// withoutTop returns the scene's background without what lies over the
// moving points (its over layer), with the trails as they are.
func (s *scene) withoutTop() *image.RGBA {
	img := clone(s.bg)
	top := s.top
	for y := top.rect.Min.Y; y < top.rect.Max.Y; y++ {
		for _, r := range top.row(y) {
			for x := int(r.x0); x < int(r.x1); x++ {
				i, j := img.PixOffset(x, y), 4*(int(r.at)+x-int(r.x0))
				c := color.RGBA{R: top.under[j], G: top.under[j+1], B: top.under[j+2], A: 255}
				c = s.trailsOver(c, x, y)
				if top.mid != nil {
					c.R, c.G, c.B = compose(top.mid[j:j+4], c.R, c.G, c.B)
				}
				img.Pix[i], img.Pix[i+1], img.Pix[i+2] = c.R, c.G, c.B
			}
		}
	}
	return img
}

// image returns the scene with the trails as they are and dots drawn.
func (s *scene) image(dots []dot, text string) *image.RGBA {
	img := clone(s.bg)
	r, m := s.moving(dots, text)
	s.paint(img, r, dots, m)
	return img
}

// blend mixes ink over c with coverage a in [0, 1].
func blend(c, ink color.RGBA, a float64) color.RGBA {
	mix := func(b, f uint8) uint8 { return uint8(float64(b)*(1-a) + float64(f)*a + 0.5) }
	return color.RGBA{R: mix(c.R, ink.R), G: mix(c.G, ink.G), B: mix(c.B, ink.B), A: 255}
}
