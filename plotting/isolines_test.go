package plotting

import (
	"math"
	"testing"
)

// sampleGrid evaluates f at every (xs[i], ys[j]).
func sampleGrid(f func(x, y float64) float64, xs, ys []float64) grid {
	g := grid{xs: xs, ys: ys, z: make([][]float64, len(xs))}
	for i, x := range xs {
		g.z[i] = make([]float64, len(ys))
		for j, y := range ys {
			g.z[i][j] = f(x, y)
		}
	}
	return g
}

// span returns n evenly spaced values from lo to hi.
func span(lo, hi float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return v
}

// TestTraceLevel checks contour lines against what is known of them
// without marching squares: where each vertex must lie, whether the line
// closes, how many lines there are.
func TestTraceLevel(t *testing.T) {
	const h = 0.1 // the circle's grid step
	circle := func(x, y float64) float64 { return x*x + y*y }
	plane := func(x, y float64) float64 { return 2*x + 3*y - 1 }
	saddle := func(x, y float64) float64 { return x * y }
	holed := func(x, y float64) float64 {
		if math.Abs(x-1) < 1e-9 && math.Abs(y) < 1e-9 {
			return math.NaN() // a grid node on the circle of radius 1
		}
		return x*x + y*y
	}
	uneven := []float64{-2, -1.7, -1.1, -0.2, 0, 0.3, 1.4, 1.5, 2}
	tests := []struct {
		name   string
		g      grid
		z      float64
		lines  int
		closed bool
		// on reports whether a vertex lies where the level's line is, to
		// the grid's interpolation error.
		on func(x, y float64) bool
	}{
		// Along an edge x² + y² is convex, so its linear interpolation
		// is above it by at most h²/4: every vertex lies inside the
		// circle of radius r, by at most r − √(r² − h²/4).
		{name: "circle r=0.5", g: sampleGrid(circle, span(-2, 2, 41), span(-2, 2, 41)), z: 0.25, lines: 1, closed: true,
			on: func(x, y float64) bool { return withinCircle(x, y, 0.5, h) }},
		{name: "circle r=1.3", g: sampleGrid(circle, span(-2, 2, 41), span(-2, 2, 41)), z: 1.69, lines: 1, closed: true,
			on: func(x, y float64) bool { return withinCircle(x, y, 1.3, h) }},
		// A circle cut by the grid's border: one open arc.
		{name: "circle beyond the grid", g: sampleGrid(circle, span(0, 2, 21), span(-2, 2, 41)), z: 1, lines: 1, closed: false,
			on: func(x, y float64) bool { return withinCircle(x, y, 1, h) }},
		// Linear interpolation is exact on a plane, on an uneven grid too.
		{name: "plane", g: sampleGrid(plane, uneven, uneven), z: 0.5, lines: 1, closed: false,
			on: func(x, y float64) bool { return math.Abs(plane(x, y)-0.5) < 1e-12 }},
		{name: "plane through a node", g: sampleGrid(plane, uneven, uneven), z: -1, lines: 1, closed: false,
			on: func(x, y float64) bool { return math.Abs(plane(x, y)+1) < 1e-12 }},
		{name: "above the range", g: sampleGrid(circle, span(-2, 2, 41), span(-2, 2, 41)), z: 8.5, lines: 0},
		{name: "below the range", g: sampleGrid(circle, span(-2, 2, 41), span(-2, 2, 41)), z: -0.1, lines: 0},
		{name: "NaN level", g: sampleGrid(circle, span(-2, 2, 41), span(-2, 2, 41)), z: math.NaN(), lines: 0},
		// xy is linear along each edge, so crossings are exact. The cell
		// at the centre of an even grid, corners at ±a (a = 1/19, a² ≈
		// 0.0028), is a saddle for |z| < a², its mean 0: above z < 0,
		// below z > 0. Its two branches must stay apart, each in its own
		// quadrant.
		{name: "saddle z>0", g: sampleGrid(saddle, span(-1, 1, 20), span(-1, 1, 20)), z: 0.001, lines: 2,
			on: func(x, y float64) bool { return math.Abs(x*y-0.001) < 1e-12 }},
		{name: "saddle z<0", g: sampleGrid(saddle, span(-1, 1, 20), span(-1, 1, 20)), z: -0.001, lines: 2,
			on: func(x, y float64) bool { return math.Abs(x*y+0.001) < 1e-12 }},
		// A non-finite sample leaves out the cells around it: the circle
		// through it opens there.
		{name: "a NaN on the line", g: sampleGrid(holed, span(-2, 2, 41), span(-2, 2, 41)), z: 1, lines: 1, closed: false,
			on: func(x, y float64) bool { return withinCircle(x, y, 1, h) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := traceLevel(tt.g, tt.z)
			if len(lines) != tt.lines {
				t.Fatalf("%d lines, want %d", len(lines), tt.lines)
			}
			for k, l := range lines {
				if l.closed != tt.closed {
					t.Errorf("line %d: closed %v, want %v", k, l.closed, tt.closed)
				}
				if len(l.xy) < 3 {
					t.Errorf("line %d: %d points", k, len(l.xy))
				}
				for i, p := range l.xy {
					if !tt.on(p[0], p[1]) {
						t.Errorf("line %d point %d (%v, %v) is not on the level", k, i, p[0], p[1])
					}
					// Chained in order: each point is in a cell beside
					// the one before.
					if i > 0 && !sameCell(tt.g, l.xy[i-1], p) {
						t.Errorf("line %d: points %d %v and %d %v are not on one cell", k, i-1, l.xy[i-1], i, p)
					}
				}
				if l.closed && !sameCell(tt.g, l.xy[len(l.xy)-1], l.xy[0]) {
					t.Errorf("line %d: closed, but its ends are not on one cell", k)
				}
			}
			if crossing(lines) {
				t.Errorf("lines of one level cross")
			}
		})
	}
}

// TestTraceLevelCircleArea: the closed line around x² + y² = r² is
// chained in order round the circle: its area is πr², within what the
// chords cut off.
func TestTraceLevelCircleArea(t *testing.T) {
	g := sampleGrid(func(x, y float64) float64 { return x*x + y*y }, span(-2, 2, 81), span(-2, 2, 81))
	for _, r := range []float64{0.3, 1, 1.9} {
		lines := traceLevel(g, r*r)
		if len(lines) != 1 {
			t.Fatalf("r = %v: %d lines", r, len(lines))
		}
		var a float64
		xy := lines[0].xy
		for i, p := range xy {
			q := xy[(i+1)%len(xy)]
			a += p[0]*q[1] - q[0]*p[1]
		}
		a = math.Abs(a) / 2
		if want := math.Pi * r * r; math.Abs(a-want) > 0.01*want {
			t.Errorf("r = %v: area %v, want %v within 1%%", r, a, want)
		}
	}
}

// TestTraceLevelSaddleSides: on each side of the saddle the branch stays
// in its quadrant, which a saddle resolved the wrong way would leave. The
// centre cell's corners are at ±1/19: |z| < 1/361 makes it a saddle.
func TestTraceLevelSaddleSides(t *testing.T) {
	g := sampleGrid(func(x, y float64) float64 { return x * y }, span(-1, 1, 20), span(-1, 1, 20))
	for _, z := range []float64{0.001, -0.001, 0.0025} {
		for _, l := range traceLevel(g, z) {
			sx, sy := math.Signbit(l.xy[0][0]), math.Signbit(l.xy[0][1])
			for _, p := range l.xy {
				if math.Signbit(p[0]) != sx || math.Signbit(p[1]) != sy {
					t.Errorf("z = %v: a line runs from (%v, %v) to (%v, %v), across the saddle", z, l.xy[0][0], l.xy[0][1], p[0], p[1])
					break
				}
			}
		}
	}
}

func withinCircle(x, y, r, h float64) bool {
	d := math.Hypot(x, y)
	return d <= r+1e-12 && d >= math.Sqrt(r*r-h*h/4)-1e-12
}

// sameCell reports whether p and q lie on the border of one grid cell.
func sameCell(g grid, p, q [2]float64) bool {
	cells := func(v float64, s []float64) (lo, hi int) {
		lo, hi = len(s), -1
		for i := 0; i+1 < len(s); i++ {
			if v >= s[i]-1e-12 && v <= s[i+1]+1e-12 {
				lo, hi = min(lo, i), max(hi, i)
			}
		}
		return lo, hi
	}
	pxl, pxh := cells(p[0], g.xs)
	pyl, pyh := cells(p[1], g.ys)
	qxl, qxh := cells(q[0], g.xs)
	qyl, qyh := cells(q[1], g.ys)
	return max(pxl, qxl) <= min(pxh, qxh) && max(pyl, qyl) <= min(pyh, qyh)
}

// crossing reports whether two segments of the lines cross properly (not
// where consecutive segments meet).
func crossing(lines []isoline) bool {
	type seg struct{ a, b [2]float64 }
	var segs []seg
	for _, l := range lines {
		for i := 1; i < len(l.xy); i++ {
			segs = append(segs, seg{l.xy[i-1], l.xy[i]})
		}
		if l.closed {
			segs = append(segs, seg{l.xy[len(l.xy)-1], l.xy[0]})
		}
	}
	side := func(a, b, c [2]float64) float64 {
		return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	}
	for i := range segs {
		for j := i + 1; j < len(segs); j++ {
			s, u := segs[i], segs[j]
			d1, d2 := side(s.a, s.b, u.a), side(s.a, s.b, u.b)
			d3, d4 := side(u.a, u.b, s.a), side(u.a, u.b, s.b)
			if d1*d2 < 0 && d3*d4 < 0 {
				return true
			}
		}
	}
	return false
}

// TestTraceLevelExact checks lines whose every point is worked out by hand:
// in a single cell (the smallest grid) crossings are where linear
// interpolation along an edge gives the level, and a saddle's pieces cut
// off the corners on the other side of z from the corners' mean; on a
// plane sampled on an uneven grid, the line runs straight from border to
// border. A line's ends may come in either order.
func TestTraceLevelExact(t *testing.T) {
	unit := []float64{0, 1}
	// cell makes the 2x2 grid on the unit square with corners, counter-
	// clockwise from the lower left, z0 (0,0), z1 (1,0), z2 (1,1), z3 (0,1).
	cell := func(z0, z1, z2, z3 float64) grid {
		return grid{xs: unit, ys: unit, z: [][]float64{{z0, z3}, {z1, z2}}}
	}
	uneven := []float64{-2, -1.7, -1.1, -0.2, 0, 0.3, 1.4, 1.5, 2}
	plane := sampleGrid(func(x, y float64) float64 { return 2*x + 3*y }, uneven, uneven)
	tests := []struct {
		name string
		g    grid
		z    float64
		want [][2][2]float64 // each line's ends (all are open and straight)
	}{
		// Corners 1, 0, 1, 0: above z = 0.4 at corners 0 and 2, and so is
		// the mean 0.5, which keeps the above corners joined: the pieces
		// cut off the low corners 1 and 3.
		{"saddle, mean above", cell(1, 0, 1, 0), 0.4,
			[][2][2]float64{{{0.6, 0}, {1, 0.4}}, {{0.4, 1}, {0, 0.6}}}},
		// At z = 0.6 the mean is below: the pieces cut off corners 0, 2.
		{"saddle, mean below", cell(1, 0, 1, 0), 0.6,
			[][2][2]float64{{{0, 0.4}, {0.4, 0}}, {{1, 0.6}, {0.6, 1}}}},
		// Corners 2, 0, 1.5, 0.5, mean 1, z = 1.2: corners 0 and 2 cut off.
		// Left edge 2 -> 0.5 crosses at 8/15, bottom 2 -> 0 at 0.4, right
		// 0 -> 1.5 at 0.8, top 0.5 -> 1.5 at 0.7.
		{"lopsided saddle, mean below", cell(2, 0, 1.5, 0.5), 1.2,
			[][2][2]float64{{{0, 8.0 / 15}, {0.4, 0}}, {{1, 0.8}, {0.7, 1}}}},
		// At z = 0.8 the mean 1 is above: corners 1 and 3 cut off. Bottom
		// crosses at 0.6, right at 0.8/1.5, top at 0.3, left at 0.8.
		{"lopsided saddle, mean above", cell(2, 0, 1.5, 0.5), 0.8,
			[][2][2]float64{{{0.6, 0}, {1, 0.8 / 1.5}}, {{0.3, 1}, {0, 0.8}}}},
		// One corner above: a single piece across it.
		{"one corner", cell(0, 0, 4, 0), 1, [][2][2]float64{{{1, 0.25}, {0.25, 1}}}},
		// 2x + 3y = z across [-2, 2]², through each side of the grid.
		{"plane, left to right", plane, 1.5, [][2][2]float64{{{-2, 11.0 / 6}, {2, -5.0 / 6}}}},
		{"plane, bottom to left", plane, -5, [][2][2]float64{{{0.5, -2}, {-2, -1.0 / 3}}}},
		{"plane, top to right", plane, 7, [][2][2]float64{{{0.5, 2}, {2, 1}}}},
	}
	near := func(p, q [2]float64) bool { return math.Abs(p[0]-q[0]) < 1e-12 && math.Abs(p[1]-q[1]) < 1e-12 }
	// onSegment: p lies on the segment ab (to rounding).
	onSegment := func(p, a, b [2]float64) bool {
		dx, dy := b[0]-a[0], b[1]-a[1]
		u := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
		return u > -1e-12 && u < 1+1e-12 && near(p, [2]float64{a[0] + u*dx, a[1] + u*dy})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := traceLevel(tt.g, tt.z)
			if len(lines) != len(tt.want) {
				t.Fatalf("%d lines %v, want %d %v", len(lines), lines, len(tt.want), tt.want)
			}
			// Each wanted line is straight from w[0] to w[1]: some line
			// has those ends, and all its points lie between them.
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					a, b := l.xy[0], l.xy[len(l.xy)-1]
					if l.closed || !(near(a, w[0]) && near(b, w[1]) || near(a, w[1]) && near(b, w[0])) {
						continue
					}
					found = true
					for _, p := range l.xy {
						if !onSegment(p, w[0], w[1]) {
							t.Errorf("line from %v to %v: point %v is off it", w[0], w[1], p)
						}
					}
				}
				if !found {
					t.Errorf("no open line from %v to %v in %v", w[0], w[1], lines)
				}
			}
		})
	}
}
