package plotting

import (
	"image"
	"image/color"
	"math"
)

// An Overlay draws a path over a figure that was drawn once, fast enough to
// follow a slider: each call draws the path and its points over the
// figure, and maps the result to a palette built from the figure, so that
// its PNG encodes in a millisecond or two. Only what a path touches is
// drawn and mapped: the rest is the figure, mapped once. The figure's
// legend names the path, its start and its end; the marks that matter
// (the minimum's cross, the axes' frame) stay on top of the path. Get one
// from Curve.Overlay or Contour.Overlay. An Overlay is not safe for
// concurrent use.
type Overlay struct {
	bg     *image.RGBA // the figure
	below  *image.RGBA // the figure without what stays on top of a path
	top    *cover      // what stays on top, where it has ink
	tr     transform
	clip   image.Rectangle
	pt     float64 // pixels per matplotlib point
	scale  int     // pixels per layout pixel
	ink    color.RGBA
	last   float64 // radius of the last point, in points
	legend *legend
	q      *quantizer
	bgPal  *image.Paletted // the figure, mapped to the palette
	rgba   *image.RGBA     // scratch: the figure with the path
	cover  []uint8         // scratch: the line's coverage, one byte a pixel
	// drawn is where rgba and cover differ from the figure and from 0:
	// what the last path touched.
	drawn image.Rectangle
}

// Sizes of an Overlay's marks, in points.
const (
	overlayWidth = 1.5 // the line
	overlayMarkR = 1.6 // the mark on each point that stands apart
	overlayAlpha = 0.7 // the line's opacity: the curve or contours show through
)

// newOverlay draws pn's figure for an Overlay: with the legend entries of
// a path in ink (before the panel's own), the legend under the path and
// the rest of what lies above the data (pn.above, the frame) over it.
// trails are the figure's own paths, drawn under the overlay's.
func newOverlay(fig figure, pn *panel, ink color.Color, last float64, trails func(*scene) []*trail) (*Overlay, error) {
	p := *pn
	p.allOver, p.legendBelow = false, true
	inkC := toRGBA(ink)
	line := lineStyle{color: color.NRGBA{R: inkC.R, G: inkC.G, B: inkC.B, A: uint8(math.Round(255 * overlayAlpha))}, width: fig.len(overlayWidth)}
	mark := marker{r: fig.len(overlayMarkR), fill: inkC}
	start := marker{r: fig.len(startR), edge: Black, width: fig.len(markerEdge)}
	end := marker{r: fig.len(last), fill: Red, edge: Black, width: fig.len(1)}
	lg := &legend{size: fig.len(legendSize)}
	if pn.legend != nil {
		*lg = *pn.legend
		lg.placed = false // it has more entries: placed anew
	}
	own := []legendEntry{{label: "Adagrad's path", line: &line, marker: &mark}, {label: "start", marker: &start}, {label: "end", marker: &end}}
	lg.entries = append(own, lg.entries...)
	p.legend = lg
	obs := &obstacles{reach: fig.len(4)}
	for _, pl := range p.below {
		if l, ok := pl.(*polyline); ok { // the curve: the legend keeps off it
			obs.lines = append(obs.lines, l.xy)
		}
	}
	fig.placeLegend(&p, obs, false)
	tr := newTransform(fig, &p)
	sc, err := fig.renderScene(tr.clip(), &p)
	if err != nil {
		return nil, err
	}
	if trails != nil {
		sc.trails = trails(sc)
		for _, t := range sc.trails {
			t.grow(len(t.pts))
		}
	}
	o := &Overlay{tr: tr, clip: tr.clip(), pt: fig.pt, scale: fig.scale, ink: inkC, last: last, top: sc.top, legend: lg}
	o.below = sc.withoutTop()
	o.bg = sc.image(nil, "")
	sc.trails = nil
	o.q = newQuantizer(overlayColors(o.bg, o.ink))
	o.bgPal = o.q.paletted(o.bg, o.bg.Bounds())
	o.rgba = clone(o.below)
	o.cover = make([]uint8, o.bg.Bounds().Dx()*o.bg.Bounds().Dy())
	return o, nil
}

// Overlay returns an Overlay for paths along the curve, drawn in ink (nil
// means orange, which stands out against the blue curve). The last point
// is the tutorial's red dot, edged in black; the start a white disc.
func (c *Curve) Overlay(ink color.Color) (*Overlay, error) {
	if ink == nil {
		ink = Orange
	}
	return newOverlay(c.fig, c.pn, ink, 4, nil)
}

// Overlay returns an Overlay for paths over the contour figure, drawn in ink
// (nil means matplotlib's blue). The figure is the one NewContour drew,
// with the paths given to it (the usual base for an Overlay has none); the
// minimum's cross stays on top of the path.
func (c *Contour) Overlay(ink color.Color) (*Overlay, error) {
	if ink == nil {
		ink = Blue
	}
	return newOverlay(c.fig, c.pn, ink, 4.5, func(sc *scene) []*trail {
		keep := c.sc
		c.sc = sc
		defer func() { c.sc = keep }()
		return c.trails()
	})
}

// Bounds returns the size of the figure, in pixels.
func (o *Overlay) Bounds() image.Rectangle { return o.bg.Bounds() }

// LayoutSize returns the size the figures are meant to be seen at: their
// pixels divided by the number drawn per layout pixel.
func (o *Overlay) LayoutSize() (width, height int) {
	return o.bg.Rect.Dx() / o.scale, o.bg.Rect.Dy() / o.scale
}

// Path returns the figure with the path through (xs[i], ys[i]): a thin line
// joining the points, a small mark on each, a white disc on the first and
// the red dot on the last. Points that are not finite are skipped; what
// falls outside the axes is clipped, as matplotlib clips. xs and ys must
// have the same length; with none, the figure is returned bare.
func (o *Overlay) Path(xs, ys []float64) *image.Paletted {
	n := min(len(xs), len(ys))
	o.erase()

	// The line: coverage first, so that where segments meet or cross the
	// line is not darker, then one blend of the ink.
	half := 0.5 * overlayWidth * o.pt
	prevOK := false
	var px, py float64
	for i := range n {
		x, y := o.tr.pixel(xs[i], ys[i])
		ok := finite(x) && finite(y)
		if ok && prevOK {
			o.segment(px, py, x, y, half)
		}
		px, py, prevOK = x, y, ok
	}
	b, w := o.bg.Rect, o.bg.Rect.Dx()
	for y := o.drawn.Min.Y; y < o.drawn.Max.Y; y++ {
		for x := o.drawn.Min.X; x < o.drawn.Max.X; x++ {
			k := (y-b.Min.Y)*w + x - b.Min.X
			if c := o.cover[k]; c != 0 {
				i := 4 * k
				p := color.RGBA{R: o.rgba.Pix[i], G: o.rgba.Pix[i+1], B: o.rgba.Pix[i+2], A: 255}
				p = blend(p, o.ink, overlayAlpha*float64(c)/255)
				o.rgba.Pix[i], o.rgba.Pix[i+1], o.rgba.Pix[i+2] = p.R, p.G, p.B
			}
		}
	}

	// A mark on every point that stands apart from the last one marked: a
	// long run sits on the same few pixels for hundreds of steps, and marks
	// closer than their own size would only thicken the line.
	r := overlayMarkR * o.pt
	mx, my := math.Inf(1), math.Inf(1)
	for i := range n {
		x, y := o.tr.pixel(xs[i], ys[i])
		if !finite(x) || !finite(y) || math.Hypot(x-mx, y-my) < 2.5*r {
			continue
		}
		mx, my = x, y
		o.paint(dot{x: x, y: y, r: r, c: o.ink})
	}
	if n > 0 {
		if x, y := o.tr.pixel(xs[0], ys[0]); finite(x) && finite(y) {
			o.paint(dot{x: x, y: y, r: startR * o.pt, c: white, edge: Black, ew: markerEdge * o.pt})
		}
		if x, y := o.tr.pixel(xs[n-1], ys[n-1]); finite(x) && finite(y) {
			o.paint(dot{x: x, y: y, r: o.last * o.pt, c: Red, edge: Black, ew: o.pt})
		}
	}
	o.composeTop()
	img := image.NewPaletted(o.bgPal.Rect, o.bgPal.Palette)
	copy(img.Pix, o.bgPal.Pix)
	o.q.convert(img, o.rgba, o.drawn)
	return img
}

// composeTop puts what stays on top of a path back over it, where the
// path was drawn.
func (o *Overlay) composeTop() {
	r := o.drawn
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, run := range o.top.row(y) {
			x0, x1 := max(int(run.x0), r.Min.X), min(int(run.x1), r.Max.X)
			for x := x0; x < x1; x++ {
				i, j := o.rgba.PixOffset(x, y), 4*(int(run.at)+x-int(run.x0))
				p := o.rgba.Pix[i : i+4]
				p[0], p[1], p[2] = compose(o.top.over[j:j+4], p[0], p[1], p[2])
			}
		}
	}
}

// erase undoes the last path: the scratch image is the figure again, the
// coverage 0.
func (o *Overlay) erase() {
	r, b, w := o.drawn, o.bg.Rect, o.bg.Rect.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := o.bg.PixOffset(r.Min.X, y)
		copy(o.rgba.Pix[i:i+4*r.Dx()], o.below.Pix[i:])
		k := (y-b.Min.Y)*w + r.Min.X - b.Min.X
		clear(o.cover[k : k+r.Dx()])
	}
	o.drawn = image.Rectangle{}
}

// overlayColors counts the figure's colours and, so that the palette holds
// them too, the inks' blends over the figure's most common colour (the axes'
// background) at every coverage an antialiased edge gives.
func overlayColors(bg *image.RGBA, ink color.RGBA) histogram {
	h := histogram{}
	h.addRect(bg, bg.Bounds())
	var paper uint32
	for k, n := range h {
		if n > h[paper] || n == h[paper] && k > paper {
			paper = k
		}
	}
	for _, c := range []color.RGBA{ink, Red} {
		for a := 1; a <= 16; a++ {
			b := blend(unkey(paper), c, float64(a)/16)
			h[key(b.R, b.G, b.B)] += bg.Bounds().Dx() // weighed like a line across the figure
		}
	}
	return h
}

// paint blends one dot into the scratch image, inside the axes.
func (o *Overlay) paint(d dot) {
	r := d.bounds(o.clip)
	o.drawn = o.drawn.Union(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := o.rgba.PixOffset(x, y)
			p := d.paint(color.RGBA{R: o.rgba.Pix[i], G: o.rgba.Pix[i+1], B: o.rgba.Pix[i+2], A: 255}, x, y)
			o.rgba.Pix[i], o.rgba.Pix[i+1], o.rgba.Pix[i+2] = p.R, p.G, p.B
		}
	}
}

// ring draws a circle of radius r and line half-width hw around (cx, cy).
func (o *Overlay) ring(cx, cy, r, hw float64, ink color.RGBA) {
	if math.Abs(cx) > 1e6 || math.Abs(cy) > 1e6 {
		return
	}
	b := image.Rect(int(math.Floor(cx-r-hw-1)), int(math.Floor(cy-r-hw-1)), int(math.Ceil(cx+r+hw+1)), int(math.Ceil(cy+r+hw+1))).Intersect(o.clip)
	o.drawn = o.drawn.Union(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := math.Abs(math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) - r)
			if a := math.Min(1, hw+0.5-d); a > 0 {
				o.blendAt(x, y, ink, a)
			}
		}
	}
}

func (o *Overlay) blendAt(x, y int, ink color.RGBA, a float64) {
	i := o.rgba.PixOffset(x, y)
	p := color.RGBA{R: o.rgba.Pix[i], G: o.rgba.Pix[i+1], B: o.rgba.Pix[i+2], A: 255}
	p = blend(p, ink, a)
	o.rgba.Pix[i], o.rgba.Pix[i+1], o.rgba.Pix[i+2] = p.R, p.G, p.B
}

// segment adds the antialiased segment (x0, y0)-(x1, y1) of half-width hw to
// the coverage, keeping the larger value where it meets what is there.
func (o *Overlay) segment(x0, y0, x1, y1, hw float64) {
	// Clip to the axes first: a diverging run leaves them by millions of
	// pixels, and only the visible part is worth walking.
	pad := hw + 2
	c := o.clip
	var ok bool
	x0, y0, x1, y1, ok = clipSegment(x0, y0, x1, y1, float64(c.Min.X)-pad, float64(c.Min.Y)-pad, float64(c.Max.X)+pad, float64(c.Max.Y)+pad)
	if !ok {
		return
	}
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	// Walk along the longer axis; across it, cover the pixels within reach.
	steep := math.Abs(dy) > math.Abs(dx)
	a0, a1 := x0, x1
	if steep {
		a0, a1 = y0, y1
	}
	if a0 > a1 {
		a0, a1 = a1, a0
	}
	reach := hw + 1
	w := o.bg.Rect.Dx()
	minX, minY, maxX, maxY := math.MaxInt, math.MaxInt, math.MinInt, math.MinInt // of the pixels covered
	for a := int(math.Floor(a0 - reach)); a <= int(math.Ceil(a1+reach)); a++ {
		// The line's position across at this step, and the span to test.
		ac := float64(a) + 0.5
		var bc float64
		switch {
		case steep && dy != 0:
			bc = x0 + (ac-y0)*dx/dy
		case !steep && dx != 0:
			bc = y0 + (ac-x0)*dy/dx
		case steep:
			bc = x0
		default:
			bc = y0
		}
		// Walking the longer axis, the slope is at most 1, so the line is
		// at most √2 times thicker across than it is wide.
		span := reach * 1.5
		for b := int(math.Floor(bc - span)); b <= int(math.Ceil(bc+span)); b++ {
			x, y := a, b
			if steep {
				x, y = b, a
			}
			if !image.Pt(x, y).In(c) {
				continue
			}
			d := distToSegment(float64(x)+0.5, float64(y)+0.5, x0, y0, dx, dy, l2)
			cov := hw + 0.5 - d
			if cov <= 0 {
				continue
			}
			v := uint8(255 * math.Min(1, cov))
			k := (y-o.bg.Rect.Min.Y)*w + x - o.bg.Rect.Min.X
			if v > o.cover[k] {
				o.cover[k] = v
			}
			minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x+1), max(maxY, y+1)
		}
	}
	if minX < maxX {
		o.drawn = o.drawn.Union(image.Rect(minX, minY, maxX, maxY))
	}
}

// distToSegment is the distance from (px, py) to the segment from (x0, y0)
// along (dx, dy), whose squared length is l2.
func distToSegment(px, py, x0, y0, dx, dy, l2 float64) float64 {
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((px-x0)*dx+(py-y0)*dy)/l2))
	}
	return math.Hypot(px-(x0+t*dx), py-(y0+t*dy))
}

// clipSegment clips a segment to a rectangle and reports whether any of it
// is left.
func clipSegment(x0, y0, x1, y1, xmin, ymin, xmax, ymax float64) (float64, float64, float64, float64, bool) {
	cx0, cy0, cx1, cy1, _, _, ok := clipSegmentEnds(x0, y0, x1, y1, xmin, ymin, xmax, ymax)
	return cx0, cy0, cx1, cy1, ok
}
