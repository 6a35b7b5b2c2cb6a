package plotting

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/vg"
)

// An axis is one direction of a panel: its range, scale, ticks and name.
type axis struct {
	min, max float64
	log      bool // a log scale
	log1p    bool // a log(1 + v) scale
	ticks    []tick
	label    string
	upright  bool // a y label written across, as the tutorial's rotation = 0
	noLabels bool // marks without labels: the x axis of a panel above another
}

// A panel is one set of axes of a figure, drawn the way matplotlib draws
// its default axes: grid, data, box, ticks out, labels, title.
type panel struct {
	box   vg.Rectangle // the axes box on the canvas (y up)
	x, y  axis
	title string
	// titleLift raises the title by this much over its usual place: a
	// legend lies between it and the axes.
	titleLift vg.Length
	grid      bool
	// below are drawn over the grid and under anything moving; above over
	// anything moving (markers that must stay visible). allOver puts the
	// whole figure over the moving point, as in the tutorial, where
	// matplotlib draws the scatter point first (zorder 1).
	below, above []plotter
	// middle are drawn over the trails of moving points and under the
	// points themselves (a path's start, which a point leaves).
	middle  []plotter
	allOver bool
	legend  *legend
	// legendBelow draws the legend under moving parts: an Overlay's path
	// may cross it.
	legendBelow bool
	// endLabels are written beside the ends of lines, over everything.
	endLabels []endLabel
	// yLabelLeft, if not 0, is the furthest left the y name's anchor may
	// be: panels stacked share it, so that their names line up.
	yLabelLeft vg.Length
}

// shows reports whether v can be drawn on the axis: > 0 on a log scale,
// >= 0 on a log(1 + v) one.
func (a axis) shows(v float64) bool {
	return !(a.log && v <= 0) && !(a.log1p && v < 0)
}

// margins widens [lo, hi] by 5% of its span on each side, matplotlib's
// default, in the axis's scale; a single value gets a span.
func (a axis) margins(lo, hi float64) (float64, float64) {
	switch {
	case a.log:
		return margins(lo, hi, true)
	case a.log1p:
		l, h := margins(math.Log1p(lo), math.Log1p(hi), false)
		return math.Expm1(l), math.Expm1(h)
	}
	return margins(lo, hi, false)
}

// norm maps v to its fraction of the way along a, as gonum's scales do.
func (a axis) norm(v float64) float64 {
	switch {
	case a.log:
		return (math.Log(v) - math.Log(a.min)) / (math.Log(a.max) - math.Log(a.min))
	case a.log1p:
		return (math.Log1p(v) - math.Log1p(a.min)) / (math.Log1p(a.max) - math.Log1p(a.min))
	}
	return (v - a.min) / (a.max - a.min)
}

// toCanvas maps a data point to canvas coordinates.
func (pn *panel) toCanvas(x, y float64) vg.Point {
	return vg.Point{
		X: pn.box.Min.X + vg.Length(pn.x.norm(x))*(pn.box.Max.X-pn.box.Min.X),
		Y: pn.box.Min.Y + vg.Length(pn.y.norm(y))*(pn.box.Max.Y-pn.box.Min.Y),
	}
}

// Layers of a figure: all of it, or the part under or over moving points.
type layer int

const (
	layerAll layer = iota
	layerUnder
	layerMid
	layerOver
)

// Matplotlib's sizes, in points: text, ticks, pads, line widths.
const (
	fontSize     = 22   // the tutorial's font.size
	titleSize    = 26.4 // "large", 1.2 times the text
	legendSize   = 18   // a little smaller than the text, to cover less
	tickLen      = 3.5
	minorLen     = 2
	tickPad      = 3.5
	labelPad     = 4
	titlePad     = 6
	axesWidth    = 0.8 // spines, ticks and grid
	minorWidth   = 0.6
	lineWidth    = 1.5
	legendBorder = 0.8
)

// drawPanel draws the parts of pn that belong to layer l on c. The lower
// parts are the grid, the plotters below, and everything outside the box;
// the upper parts the plotters above, the box and the legend.
func (f figure) drawPanel(c vg.Canvas, pn *panel, l layer) {
	lower := l == layerAll || (l == layerUnder) != pn.allOver
	upper := l == layerAll || l == layerOver
	if l == layerMid {
		for _, pl := range pn.middle {
			pl.plot(c, pn)
		}
		return
	}
	if lower {
		if pn.grid {
			f.drawGrid(c, pn)
		}
		for _, pl := range pn.below {
			pl.plot(c, pn)
		}
	}
	if l == layerAll {
		for _, pl := range pn.middle {
			pl.plot(c, pn)
		}
	}
	if upper {
		for _, pl := range pn.above {
			pl.plot(c, pn)
		}
		f.drawSpines(c, pn)
	}
	if lower {
		f.drawTicks(c, pn)
		f.drawTitle(c, pn)
	}
	if pn.legend != nil && (pn.legendBelow && lower || !pn.legendBelow && upper) {
		pn.legend.draw(c, f)
	}
	if upper {
		f.drawEndLabels(c, pn)
	}
}

// pixel-snapped positions of a canvas x and y, in canvas units.
func (f figure) snapX(x vg.Length, w vg.Length) vg.Length {
	return vg.Length(snap(float64(x), w))
}

func (f figure) snapY(y vg.Length, w vg.Length) vg.Length {
	h := float64(f.h)
	return vg.Length(h - snap(h-float64(y), w))
}

func (f figure) line(c vg.Canvas, sty lineStyle, pts ...vg.Point) {
	strokeLine(c, sty, pts)
}

// drawGrid draws light lines at the major ticks.
func (f figure) drawGrid(c vg.Canvas, pn *panel) {
	w := f.hair(axesWidth, 1)
	sty := lineStyle{color: gridC, width: w}
	b := pn.box
	for _, t := range pn.x.ticks {
		if t.minor || t.small {
			continue
		}
		x := f.snapX(pn.toCanvas(t.v, pn.y.min).X, w)
		f.line(c, sty, vg.Point{X: x, Y: b.Min.Y}, vg.Point{X: x, Y: b.Max.Y})
	}
	for _, t := range pn.y.ticks {
		if t.minor || t.small {
			continue
		}
		y := f.snapY(pn.toCanvas(pn.x.min, t.v).Y, w)
		f.line(c, sty, vg.Point{X: b.Min.X, Y: y}, vg.Point{X: b.Max.X, Y: y})
	}
}

// drawSpines draws the four sides of the axes box, each snapped.
func (f figure) drawSpines(c vg.Canvas, pn *panel) {
	w := f.hair(axesWidth, 1)
	sty := lineStyle{color: Black, width: w}
	b := pn.box
	x0, x1 := f.snapX(b.Min.X, w), f.snapX(b.Max.X, w)
	y0, y1 := f.snapY(b.Min.Y, w), f.snapY(b.Max.Y, w)
	setLine(c, sty)
	var path vg.Path
	path.Move(vg.Point{X: x0, Y: y0})
	path.Line(vg.Point{X: x0, Y: y1})
	path.Line(vg.Point{X: x1, Y: y1})
	path.Line(vg.Point{X: x1, Y: y0})
	path.Close()
	c.Stroke(path)
}

// tickLabels returns where each labelled tick's text goes: its pen and
// box, for drawing and for placing the axis names clear of them.
type placed struct {
	l   label
	pen vg.Point
	box vg.Rectangle
}

func (f figure) tickLabels(pn *panel) (xs, ys []placed) {
	size := f.len(fontSize)
	out := f.len(tickLen + tickPad)
	// Labels between the major ones give way to those and to each other:
	// a small label that would touch a placed one is left out.
	gap := f.len(0.3 * fontSize)
	fits := func(ps []placed, r vg.Rectangle) bool {
		for _, p := range ps {
			if r.Min.X < p.box.Max.X+gap && r.Max.X > p.box.Min.X-gap && r.Min.Y < p.box.Max.Y+gap/2 && r.Max.Y > p.box.Min.Y-gap/2 {
				return false
			}
		}
		return true
	}
	for _, small := range []bool{false, true} {
		for _, t := range pn.x.ticks {
			if t.minor || t.small != small || t.label.empty() || pn.x.noLabels {
				continue
			}
			x := pn.toCanvas(t.v, pn.y.min).X
			pen, r := place(t.label, size, vg.Point{X: x, Y: pn.box.Min.Y - out}, hCenter, vTop)
			if !small || fits(xs, r) {
				xs = append(xs, placed{t.label, pen, r})
			}
		}
		for _, t := range pn.y.ticks {
			if t.minor || t.small != small || t.label.empty() || pn.y.noLabels {
				continue
			}
			y := pn.toCanvas(pn.x.min, t.v).Y
			pen, r := place(t.label, size, vg.Point{X: pn.box.Min.X - out, Y: y}, hRight, vCenterBaseline)
			if !small || fits(ys, r) {
				ys = append(ys, placed{t.label, pen, r})
			}
		}
	}
	// At the lower left corner the first x label and the lowest y label
	// can run into each other on a small figure ("−2.0" under "−2.0"):
	// the x one gives way, its value plain from the next.
	xs = slices.DeleteFunc(xs, func(x placed) bool {
		for _, y := range ys {
			if x.box.Min.X < y.box.Max.X+gap/2 && x.box.Max.Y > y.box.Min.Y-gap/4 {
				return true
			}
		}
		return false
	})
	return xs, ys
}

// axisLabels returns where the axis names go: x centred under the tick
// labels, labelPad below them; y labelPad left of them, turned a quarter
// unless upright. An upright y name is centred labelPad left of the tick
// labels' box, as matplotlib does, unless that would bring it near a tick
// label beside it: then it moves left, a word space clear of it.
func (f figure) axisLabels(pn *panel, xs, ys []placed) (xl, yl *placed, yrot float64) {
	size := f.len(fontSize)
	pad := f.len(labelPad)
	if pn.x.label != "" {
		bottom := pn.box.Min.Y
		for _, p := range xs {
			bottom = min(bottom, p.box.Min.Y)
		}
		l := label{s: pn.x.label}
		pen, r := place(l, size, vg.Point{X: (pn.box.Min.X + pn.box.Max.X) / 2, Y: bottom - pad}, hCenter, vTop)
		xl = &placed{l, pen, r}
	}
	if pn.y.label != "" {
		left := pn.box.Min.X
		for _, p := range ys {
			left = min(left, p.box.Min.X)
		}
		if pn.yLabelLeft != 0 {
			left = min(left, pn.yLabelLeft)
		}
		l := label{s: pn.y.label}
		mid := (pn.box.Min.Y + pn.box.Max.Y) / 2
		if pn.y.upright {
			pen, r := place(l, size, vg.Point{X: left - pad, Y: mid}, hCenter, vBottom)
			// Beside a tick label the name would read as part of it
			// ("y−0.5"): keep it a word space away.
			gap := 0.6 * size
			shift := vg.Length(0)
			for _, p := range ys {
				if p.box.Min.Y < r.Max.Y+gap && p.box.Max.Y > r.Min.Y-gap {
					shift = max(shift, r.Max.X-(p.box.Min.X-gap))
				}
			}
			pen.X -= shift
			r.Min.X -= shift
			r.Max.X -= shift
			yl = &placed{l, pen, r}
		} else {
			b := textBox(l, size)
			// Matplotlib anchors the turned label by the middle of its
			// width and the bottom of its box.
			pen := vg.Point{X: left - pad - b.below, Y: mid - (b.x0+b.x1)/2}
			r := vg.Rectangle{
				Min: vg.Point{X: left - pad - b.below - b.above, Y: mid - (b.x1-b.x0)/2},
				Max: vg.Point{X: left - pad, Y: mid + (b.x1-b.x0)/2},
			}
			yl, yrot = &placed{l, pen, r}, math.Pi/2
		}
	}
	return xl, yl, yrot
}

// drawTicks draws the tick marks, their labels and the axis names.
func (f figure) drawTicks(c vg.Canvas, pn *panel) {
	major := lineStyle{color: Black, width: f.hair(axesWidth, 1)}
	minor := lineStyle{color: Black, width: f.hair(minorWidth, 1)}
	y0 := f.snapY(pn.box.Min.Y, major.width)
	x0 := f.snapX(pn.box.Min.X, major.width)
	for _, t := range pn.x.ticks {
		sty, n := major, f.hair(tickLen, 3)
		if t.minor || t.small {
			sty, n = minor, f.hair(minorLen, 2.5)
		}
		x := f.snapX(pn.toCanvas(t.v, pn.y.min).X, sty.width)
		f.line(c, sty, vg.Point{X: x, Y: y0}, vg.Point{X: x, Y: y0 - n})
	}
	for _, t := range pn.y.ticks {
		sty, n := major, f.hair(tickLen, 3)
		if t.minor || t.small {
			sty, n = minor, f.hair(minorLen, 2.5)
		}
		y := f.snapY(pn.toCanvas(pn.x.min, t.v).Y, sty.width)
		f.line(c, sty, vg.Point{X: x0, Y: y}, vg.Point{X: x0 - n, Y: y})
	}
	size := f.len(fontSize)
	xs, ys := f.tickLabels(pn)
	for _, p := range append(xs, ys...) {
		drawLabel(c, p.l, size, p.pen, 0, Black)
	}
	xl, yl, rot := f.axisLabels(pn, xs, ys)
	if xl != nil {
		drawLabel(c, xl.l, size, xl.pen, 0, Black)
	}
	if yl != nil {
		drawLabel(c, yl.l, size, yl.pen, rot, Black)
	}
}

// drawTitle centres the title over the axes, its baseline titlePad above.
func (f figure) drawTitle(c vg.Canvas, pn *panel) {
	if pn.title == "" {
		return
	}
	l := label{s: pn.title}
	pen, _ := place(l, f.len(titleSize), vg.Point{X: (pn.box.Min.X + pn.box.Max.X) / 2, Y: pn.box.Max.Y + pn.titleLift + f.len(titlePad)}, hCenter, vBaseline)
	drawLabel(c, l, f.len(titleSize), pen, 0, Black)
}

// defaultTicks fills in matplotlib's ticks for an axis of the panel.
func (f figure) defaultTicks(a *axis, length vg.Length, vertical bool) {
	n := tickSpace(float64(length)/f.pt, fontSize, vertical)
	switch {
	case a.log:
		a.ticks = logTicks(a.min, a.max, n)
	case a.log1p:
		a.ticks = log1pTicks(a.min, a.max)
	default:
		a.ticks = linearTicks(a.min, a.max, n)
	}
}

// transparent is the background of the layer drawn over moving points.
var transparent = color.RGBA{}
