package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
)

// A legendEntry is a label with its handle: a line sample, a marker, or
// both (a line with a marker in its middle).
type legendEntry struct {
	label  string
	line   *lineStyle
	marker *marker
}

// A legend is matplotlib's: handles on the left, labels after them, on a
// white frame (80% opaque) with a light grey rounded border, placed by
// matplotlib's "best" rule inside the axes or, when every place there
// would cover data, outside to the right of them.
type legend struct {
	entries []legendEntry
	inRow   bool         // its entries side by side, above the axes
	placed  bool         // rect is its place: placeLegend leaves it
	size    vg.Length    // font size
	rect    vg.Rectangle // the frame, once placed
}

// Matplotlib's legend spacing, in units of the font size.
const (
	legBorderPad     = 0.4
	legLabelSpacing  = 0.5
	legHandleLength  = 2.0
	legHandleTextPad = 0.8
	legBorderAxesPad = 0.5
	legRounding      = 0.2
	legColumnSpacing = 2.0
)

// dims returns the frame's size and each row's height.
func (lg *legend) dims() (w, h, row vg.Length) {
	fs := lg.size
	var tw vg.Length
	lp := textBox(label{s: "lp"}, fs)
	row = max(lp.above+lp.below, 0.7*fs)
	n := vg.Length(len(lg.entries))
	if lg.inRow {
		w = 2*legBorderPad*fs + (n-1)*legColumnSpacing*fs
		for _, e := range lg.entries {
			w += legHandleLength*fs + legHandleTextPad*fs + measure(e.label, fs).adv
		}
		return w, 2*legBorderPad*fs + row, row
	}
	for _, e := range lg.entries {
		tw = max(tw, measure(e.label, fs).adv)
	}
	w = 2*legBorderPad*fs + legHandleLength*fs + legHandleTextPad*fs + tw
	h = 2*legBorderPad*fs + n*row + (n-1)*legLabelSpacing*fs
	return w, h, row
}

// draw draws the legend in its placed frame.
func (lg *legend) draw(c vg.Canvas, f figure) {
	if len(lg.entries) == 0 {
		return
	}
	fs := lg.size
	_, _, row := lg.dims()
	r := lg.rect
	lg.drawFrame(c, f)
	lp := textBox(label{s: "lp"}, fs)
	y := r.Max.Y - legBorderPad*fs
	x0 := r.Min.X + legBorderPad*fs
	for _, e := range lg.entries {
		mid := y - row/2
		x1 := x0 + legHandleLength*fs
		if e.line != nil {
			sty := *e.line
			setLine(c, sty)
			var p vg.Path
			p.Move(vg.Point{X: x0, Y: mid})
			p.Line(vg.Point{X: x1, Y: mid})
			c.Stroke(p)
		}
		if e.marker != nil {
			e.marker.draw(c, vg.Point{X: (x0 + x1) / 2, Y: mid})
		}
		// The label's box is centred on the row, as matplotlib centres
		// the text area on the handle.
		base := mid - (lp.above-lp.below)/2
		drawLabel(c, label{s: e.label}, fs, vg.Point{X: x1 + legHandleTextPad*fs, Y: base}, 0, Black)
		if lg.inRow {
			x0 = x1 + legHandleTextPad*fs + measure(e.label, fs).adv + legColumnSpacing*fs
			continue
		}
		y -= row + legLabelSpacing*fs
	}
}

// drawFrame draws the legend's frame: white, 80% opaque, with a light
// grey rounded border.
func (lg *legend) drawFrame(c vg.Canvas, f figure) {
	frame := roundedRect(lg.rect, legRounding*lg.size)
	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 204})
	c.Fill(frame)
	setLine(c, lineStyle{color: color.RGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 0xff}, width: f.len(legendBorder)})
	c.Stroke(frame)
}

func roundedRect(r vg.Rectangle, rad vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: r.Min.X + rad, Y: r.Min.Y})
	p.Line(vg.Point{X: r.Max.X - rad, Y: r.Min.Y})
	p.Arc(vg.Point{X: r.Max.X - rad, Y: r.Min.Y + rad}, rad, -math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: r.Max.X, Y: r.Max.Y - rad})
	p.Arc(vg.Point{X: r.Max.X - rad, Y: r.Max.Y - rad}, rad, 0, math.Pi/2)
	p.Line(vg.Point{X: r.Min.X + rad, Y: r.Max.Y})
	p.Arc(vg.Point{X: r.Min.X + rad, Y: r.Max.Y - rad}, rad, math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: r.Min.X, Y: r.Min.Y + rad})
	p.Arc(vg.Point{X: r.Min.X + rad, Y: r.Min.Y + rad}, rad, math.Pi, math.Pi/2)
	p.Close()
	return p
}

// obstacles are what a legend must not cover: polylines and points, in
// data coordinates, with the half-width of their ink in canvas units.
type obstacles struct {
	lines  [][][2]float64
	points [][2]float64
	rects  []vg.Rectangle // already placed boxes, in canvas units
	reach  vg.Length      // how far ink reaches from a line or point

	// The lines and points on the canvas of the panel placed on, mapped
	// once: a placement scores hundreds of places against thousands of
	// points, and mapping them again for each (a logarithm per point on a
	// log axis) took a quarter of a second per figure.
	mapped *mapping
	clines []canvasLine
	cpts   []vg.Point
}

// A mapping is what obstacles' places on the canvas depend on: the panel's
// box and axes (a legend placed outside the axes shrinks the box before the
// end labels are placed), and how many lines and points there are.
type mapping struct {
	box           vg.Rectangle
	x, y          axisScale
	lines, points int
}

// An axisScale is what of an axis maps values to the canvas.
type axisScale struct {
	min, max   float64
	log, log1p bool
}

func scaleOf(a axis) axisScale { return axisScale{min: a.min, max: a.max, log: a.log, log1p: a.log1p} }

// A canvasLine is a line of obstacles on the canvas: its drawable points,
// and for each whether a segment from the drawable point before it counts
// (not for the first drawable point: nothing comes before it).
type canvasLine struct {
	pts    []vg.Point
	joined []bool
}

// onCanvas maps o's lines and points to pn's canvas, unless they are
// mapped already as pn now maps them.
func (o *obstacles) onCanvas(pn *panel) {
	m := mapping{box: pn.box, x: scaleOf(pn.x), y: scaleOf(pn.y), lines: len(o.lines), points: len(o.points)}
	if o.mapped != nil && *o.mapped == m {
		return
	}
	o.mapped = &m
	o.clines = make([]canvasLine, len(o.lines))
	for k, l := range o.lines {
		cl := canvasLine{pts: make([]vg.Point, 0, len(l)), joined: make([]bool, 0, len(l))}
		for _, v := range l {
			if pt, ok := pn.canvasOK(v[0], v[1]); ok {
				cl.joined = append(cl.joined, len(cl.pts) > 0)
				cl.pts = append(cl.pts, pt)
			}
		}
		o.clines[k] = cl
	}
	o.cpts = o.cpts[:0]
	for _, v := range o.points {
		if pt, ok := pn.canvasOK(v[0], v[1]); ok {
			o.cpts = append(o.cpts, pt)
		}
	}
}

// badness counts the segments and points of o within r (grown by o.reach)
// and the placed boxes r overlaps: matplotlib's measure, with every
// crossing segment counted so that a legend covering the middle of a long
// straight line is not mistaken for a free place.
func (o *obstacles) badness(pn *panel, r vg.Rectangle) int { return o.score(pn, r, 1, false) }

// score adds up what r (grown by o.reach) covers: perLine for each
// segment of a line that crosses it, or for each line that does when
// oncePerLine, 1 for each point, and 1000 for each placed box r overlaps.
func (o *obstacles) score(pn *panel, r vg.Rectangle, perLine int, oncePerLine bool) int {
	g := vg.Rectangle{Min: vg.Point{X: r.Min.X - o.reach, Y: r.Min.Y - o.reach}, Max: vg.Point{X: r.Max.X + o.reach, Y: r.Max.Y + o.reach}}
	o.onCanvas(pn)
	n := 0
	for _, l := range o.clines {
		var prev vg.Point
		for i, pt := range l.pts {
			if l.joined[i] && segmentHits(prev, pt, g) {
				n += perLine
				if oncePerLine {
					break
				}
			}
			prev = pt
		}
	}
	for _, pt := range o.cpts {
		if inRect(pt, g) {
			n++
		}
	}
	for _, b := range o.rects {
		if b.Min.X < r.Max.X && b.Max.X > r.Min.X && b.Min.Y < r.Max.Y && b.Max.Y > r.Min.Y {
			n += 1000
		}
	}
	return n
}

// canvasOK maps a data point to the canvas, clamped a little outside the
// box (a line leaving the axes still crosses what lies at their edge);
// false for points that cannot be drawn (NaN, or <= 0 on a log axis).
func (pn *panel) canvasOK(x, y float64) (vg.Point, bool) {
	if math.IsNaN(x) || math.IsNaN(y) || !pn.x.shows(x) || !pn.y.shows(y) {
		return vg.Point{}, false
	}
	pt := pn.toCanvas(x, y)
	b := pn.box
	w, h := b.Max.X-b.Min.X, b.Max.Y-b.Min.Y
	clamp := func(v, lo, hi vg.Length) vg.Length { return max(lo, min(hi, v)) }
	pt.X = clamp(pt.X, b.Min.X-w, b.Max.X+w)
	pt.Y = clamp(pt.Y, b.Min.Y-h, b.Max.Y+h)
	return pt, true
}

func inRect(p vg.Point, r vg.Rectangle) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentHits reports whether the segment ab meets the rectangle r.
func segmentHits(a, b vg.Point, r vg.Rectangle) bool {
	if max(a.X, b.X) < r.Min.X || min(a.X, b.X) > r.Max.X || max(a.Y, b.Y) < r.Min.Y || min(a.Y, b.Y) > r.Max.Y {
		return false // wholly to one side: most segments, for most places
	}
	_, _, _, _, ok := clipSegment(float64(a.X), float64(a.Y), float64(b.X), float64(b.Y),
		float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y))
	return ok
}

// candidates returns matplotlib's legend locations for a w×h box inside
// the axes box, pad from its sides, in matplotlib's order of preference:
// upper right, upper left, lower left, lower right, right, center left,
// center right, lower center, upper center, center.
func candidates(box vg.Rectangle, w, h, pad vg.Length) []vg.Rectangle {
	l, r := box.Min.X+pad, box.Max.X-pad-w
	b, t := box.Min.Y+pad, box.Max.Y-pad-h
	cx, cy := (box.Min.X+box.Max.X-w)/2, (box.Min.Y+box.Max.Y-h)/2
	at := func(x, y vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
	}
	return []vg.Rectangle{at(r, t), at(l, t), at(l, b), at(r, b), at(r, cy), at(l, cy), at(r, cy), at(cx, b), at(cx, t), at(cx, cy)}
}

// best returns the first candidate that covers nothing, or, if none is
// free, the least bad one and false.
func best(pn *panel, o *obstacles, cands []vg.Rectangle) (vg.Rectangle, bool) {
	bestR, bestN := cands[0], math.MaxInt
	for _, c := range cands {
		n := o.badness(pn, c)
		if n == 0 {
			return c, true
		}
		if n < bestN {
			bestR, bestN = c, n
		}
	}
	return bestR, false
}

// placeLegend puts pn's legend in the best free place inside the axes; if
// there is none and outside is allowed, it puts the legend above the axes,
// its entries in a row, if they fit the axes' width, or else to their
// right, top-aligned, narrowing the axes.
func (f figure) placeLegend(pn *panel, o *obstacles, outside bool) {
	lg := pn.legend
	if lg == nil || len(lg.entries) == 0 {
		pn.legend = nil
		return
	}
	if lg.placed {
		return
	}
	w, h, _ := lg.dims()
	pad := legBorderAxesPad * lg.size
	r, free := best(pn, o, candidates(pn.box, w, h, pad))
	if !free && outside {
		lg.inRow = true
		if rw, rh, _ := lg.dims(); rw <= pn.box.Max.X-pn.box.Min.X {
			pn.box.Max.Y -= rh + pad
			mid := (pn.box.Min.X + pn.box.Max.X) / 2
			r = vg.Rectangle{Min: vg.Point{X: mid - rw/2, Y: pn.box.Max.Y + pad}, Max: vg.Point{X: mid + rw/2, Y: pn.box.Max.Y + pad + rh}}
			pn.titleLift = rh + pad
		} else {
			lg.inRow = false
			right := vg.Length(f.w) - f.len(8)
			pn.box.Max.X = min(pn.box.Max.X, right-w-pad)
			r = vg.Rectangle{Min: vg.Point{X: pn.box.Max.X + pad, Y: pn.box.Max.Y - h}, Max: vg.Point{X: pn.box.Max.X + pad + w, Y: pn.box.Max.Y}}
		}
	}
	lg.rect, lg.placed = r, true
}
