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
		x0, y0, x1, y1, in0, in1, ok := clipSegmentEnds(float64(a.X), float64(a.Y), float64(b.X), float64(b.Y),
			float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y))
		if !ok {
			joined = false
			continue
		}
		if !joined || !in0 {
			if len(cur) > 0 {
				pieces = append(pieces, cur)
			}
			cur = []vg.Point{{X: vg.Length(x0), Y: vg.Length(y0)}}
		}
		cur = append(cur, vg.Point{X: vg.Length(x1), Y: vg.Length(y1)})
		joined = in1
	}
	if len(cur) > 0 {
		pieces = append(pieces, cur)
	}
	return pieces
}

// clipSegmentEnds clips the segment from (x0, y0) to (x1, y1) to a
// rectangle and returns the ends of what is left, each exactly the
// segment's own end when that end is inside (in0, in1), or false when
// nothing is left. Each clipped end is worked out from the nearer of the
// segment's ends: from a point 1e300 away, the far end's coordinates
// would swamp the near one's.
func clipSegmentEnds(x0, y0, x1, y1, xmin, ymin, xmax, ymax float64) (cx0, cy0, cx1, cy1 float64, in0, in1, ok bool) {
	t0, t1, ok := clipT(x0, y0, x1, y1, xmin, ymin, xmax, ymax)
	if !ok {
		return 0, 0, 0, 0, false, false, false
	}
	// The same clip from the other end: s = 1 − t, to the precision of
	// the nearer end.
	s0, s1, rok := clipT(x1, y1, x0, y0, xmin, ymin, xmax, ymax)
	if !rok {
		s0, s1 = 1-t1, 1-t0
	}
	at := func(t, s float64) (float64, float64) {
		if t <= s {
			return x0 + t*(x1-x0), y0 + t*(y1-y0)
		}
		return x1 + s*(x0-x1), y1 + s*(y0-y1)
	}
	cx0, cy0 = at(t0, s1)
	cx1, cy1 = at(t1, s0)
	return cx0, cy0, cx1, cy1, t0 == 0, s0 == 0, true
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
