package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
)

// A shape is the form of a mark: series are told apart by their marks as
// well as their colours.
type shape int

const (
	disc shape = iota
	square
	diamond
	triangle // pointing up
	triangleDown
	cross // an ×, stroked
)

// markShapes are the shapes given to series in turn.
var markShapes = []shape{disc, square, diamond, triangle, triangleDown}

// Each shape's size relative to a disc of radius r, chosen so that they
// look about as large: the square's half side, the diamond's half
// diagonal, the triangle's circumradius.
const (
	squareSize   = 0.89
	diamondSize  = 1.25
	triangleSize = 1.3
)

// coverage is the fraction of the pixel whose centre is (dx, dy) from the
// shape's centre (y down) that a shape of size r covers, from the signed
// distance of the centre to its edge.
func (s shape) coverage(dx, dy, r float64) float64 {
	var d float64
	switch s {
	case square:
		d = math.Max(math.Abs(dx), math.Abs(dy)) - squareSize*r
	case diamond:
		d = (math.Abs(dx) + math.Abs(dy) - diamondSize*r) / math.Sqrt2
	case triangle, triangleDown:
		if s == triangleDown {
			dy = -dy
		}
		R := triangleSize * r
		d = math.Max(dy, math.Max(-0.866*dx-0.5*dy, 0.866*dx-0.5*dy)) - R/2
	default:
		d = math.Hypot(dx, dy) - r
	}
	return math.Max(0, math.Min(1, 0.5-d))
}

// path returns the shape of size r at pt as a closed path on a canvas (y
// up).
func (s shape) path(pt vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	poly := func(pts ...vg.Point) {
		p.Move(pts[0])
		for _, q := range pts[1:] {
			p.Line(q)
		}
		p.Close()
	}
	switch s {
	case square:
		a := squareSize * r
		poly(vg.Point{X: pt.X - a, Y: pt.Y - a}, vg.Point{X: pt.X + a, Y: pt.Y - a}, vg.Point{X: pt.X + a, Y: pt.Y + a}, vg.Point{X: pt.X - a, Y: pt.Y + a})
	case diamond:
		a := diamondSize * r
		poly(vg.Point{X: pt.X, Y: pt.Y - a}, vg.Point{X: pt.X + a, Y: pt.Y}, vg.Point{X: pt.X, Y: pt.Y + a}, vg.Point{X: pt.X - a, Y: pt.Y})
	case triangle:
		R := triangleSize * r
		poly(vg.Point{X: pt.X, Y: pt.Y + R}, vg.Point{X: pt.X - 0.866*R, Y: pt.Y - R/2}, vg.Point{X: pt.X + 0.866*R, Y: pt.Y - R/2})
	case triangleDown:
		R := triangleSize * r
		poly(vg.Point{X: pt.X, Y: pt.Y - R}, vg.Point{X: pt.X + 0.866*R, Y: pt.Y + R/2}, vg.Point{X: pt.X - 0.866*R, Y: pt.Y + R/2})
	default:
		p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		p.Arc(pt, r, 0, 2*math.Pi)
		p.Close()
	}
	return p
}

// A marker is a point symbol: a shape (filled, or white inside when fill
// is nil) with an edge, or a cross, optionally on a white halo that keeps
// it readable over lines.
type marker struct {
	shape shape
	r     vg.Length // radius, or the shape's size
	fill  color.Color
	edge  color.Color
	width vg.Length // edge or stroke width
	halo  vg.Length // width of the white outline around it; 0 for none
}

func (m marker) draw(c vg.Canvas, pt vg.Point) {
	if m.shape == cross {
		d := m.r / vg.Length(math.Sqrt2)
		arms := [][2]vg.Point{
			{{X: pt.X - d, Y: pt.Y - d}, {X: pt.X + d, Y: pt.Y + d}},
			{{X: pt.X - d, Y: pt.Y + d}, {X: pt.X + d, Y: pt.Y - d}},
		}
		stroke := func(col color.Color, w vg.Length) {
			setLine(c, lineStyle{color: col, width: w})
			for _, a := range arms {
				var p vg.Path
				p.Move(a[0])
				p.Line(a[1])
				c.Stroke(p)
			}
		}
		if m.halo > 0 {
			stroke(color.White, m.width+2*m.halo)
		}
		stroke(m.edge, m.width)
		return
	}
	if m.halo > 0 {
		c.SetColor(color.White)
		c.Fill(m.shape.path(pt, m.r+m.width/2+m.halo))
	}
	fill := m.fill
	if fill == nil {
		fill = color.White
	}
	c.SetColor(fill)
	c.Fill(m.shape.path(pt, m.r))
	if m.width > 0 && m.edge != nil {
		setLine(c, lineStyle{color: m.edge, width: m.width})
		c.Stroke(m.shape.path(pt, m.r))
	}
}

// markers draws a marker at each data point, only inside the axes (as
// matplotlib clips markers to them).
type markers struct {
	xy [][2]float64
	m  marker
}

func (ms markers) plot(c vg.Canvas, pn *panel) {
	for _, v := range ms.xy {
		if v[0] < pn.x.min || v[0] > pn.x.max || v[1] < pn.y.min || v[1] > pn.y.max {
			continue
		}
		ms.m.draw(c, pn.toCanvas(v[0], v[1]))
	}
}

// markedLine is a line with a mark every so far along it on the canvas,
// the first at phase: marks that tell series apart without crowding where
// the line is steep or its points dense.
type markedLine struct {
	xy    [][2]float64
	m     marker
	every vg.Length
	phase vg.Length
}

func (ml markedLine) plot(c vg.Canvas, pn *panel) {
	b := pn.box
	in := func(q vg.Point) bool {
		return q.X >= b.Min.X-0.5 && q.X <= b.Max.X+0.5 && q.Y >= b.Min.Y-0.5 && q.Y <= b.Max.Y+0.5
	}
	next := ml.phase // distance along the line to the next mark
	var prev vg.Point
	for i, v := range ml.xy {
		q := pn.toCanvas(v[0], v[1])
		if i > 0 {
			seg := vg.Length(math.Hypot(float64(q.X-prev.X), float64(q.Y-prev.Y)))
			for next <= seg {
				t := next / seg
				at := vg.Point{X: prev.X + t*(q.X-prev.X), Y: prev.Y + t*(q.Y-prev.Y)}
				if in(at) {
					ml.m.draw(c, at)
				}
				next += ml.every
			}
			next -= seg
		}
		prev = q
	}
}
