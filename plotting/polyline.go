package plotting

import (
	"math"

	"gonum.org/v1/plot/vg"
)

// A polyline is a line through data points, clipped to the axes box as
// matplotlib clips lines to its axes: a line that leaves the box and comes
// back is drawn as separate pieces, each ending on the box's edge.
type polyline struct {
	xy    [][2]float64
	style lineStyle
}

func (l *polyline) plot(c vg.Canvas, pn *panel) {
	pts := make([]vg.Point, len(l.xy))
	for i, v := range l.xy {
		pts[i] = pn.toCanvas(v[0], v[1])
	}
	for _, piece := range clipPolyline(pts, pn.box) {
		strokeLine(c, l.style, piece)
	}
}

// clipPolyline returns the pieces of the polyline through pts that lie in
// r. A piece goes on through the points inside r and ends where the line
// crosses r's edge. A single point is no line: nothing.
func clipPolyline(pts []vg.Point, r vg.Rectangle) [][]vg.Point {
	var pieces [][]vg.Point
	var cur []vg.Point
	joined := false // the last segment reached its end point unclipped
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		t0, t1, ok := clipT(float64(a.X), float64(a.Y), float64(b.X), float64(b.Y),
			float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y))
		if !ok {
			joined = false
			continue
		}
		if !joined || t0 > 0 {
			if len(cur) > 0 {
				pieces = append(pieces, cur)
			}
			cur = []vg.Point{lerp(a, b, t0)}
		}
		cur = append(cur, lerp(a, b, t1))
		joined = t1 == 1
	}
	if len(cur) > 0 {
		pieces = append(pieces, cur)
	}
	return pieces
}

// lerp is the point a fraction t of the way from a to b, a and b exactly
// at 0 and 1, so that pieces join on the very points they share.
func lerp(a, b vg.Point, t float64) vg.Point {
	switch t {
	case 0:
		return a
	case 1:
		return b
	}
	return vg.Point{X: a.X + vg.Length(t)*(b.X-a.X), Y: a.Y + vg.Length(t)*(b.Y-a.Y)}
}

// clipT clips the segment from (x0, y0) to (x1, y1) to a rectangle
// (Liang–Barsky): the part inside runs from t0 to t1 along it, 0 <= t0
// <= t1 <= 1; false when no part is inside.
func clipT(x0, y0, x1, y1, xmin, ymin, xmax, ymax float64) (t0, t1 float64, ok bool) {
	t0, t1 = 0, 1
	dx, dy := x1-x0, y1-y0
	for _, e := range [4][2]float64{{-dx, x0 - xmin}, {dx, xmax - x0}, {-dy, y0 - ymin}, {dy, ymax - y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = math.Max(t0, r)
		} else {
			t1 = math.Min(t1, r)
		}
		if t0 > t1 {
			return 0, 0, false
		}
	}
	return t0, t1, true
}
