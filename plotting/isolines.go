package plotting

import (
	"math"

	"gonum.org/v1/plot/vg"
)

// isolines draws the contour lines of a sampled function at the given
// levels, all in one style.
type isolines struct {
	g      grid
	levels []float64
	style  lineStyle
}

func (il isolines) plot(c vg.Canvas, pn *panel) {
	setLine(c, il.style)
	for _, z := range il.levels {
		for _, l := range traceLevel(il.g, z) {
			pts := make([]vg.Point, len(l.xy))
			for i, v := range l.xy {
				pts[i] = pn.toCanvas(v[0], v[1])
			}
			c.Stroke(linePath(pts, l.closed))
		}
	}
}

// An isoline is one contour line: its points, and whether it closes on
// itself (the last point joins the first, which is not repeated).
type isoline struct {
	xy     [][2]float64
	closed bool
}

// traceLevel returns the contour lines of g at level z by marching
// squares: in each cell of the grid whose corners lie on both sides of z,
// the line crosses the cell's edges where linear interpolation between
// their corners gives z, and joins those crossings within the cell. A cell
// with two corners above z at opposite corners (a saddle) has two pieces
// of line; which corners they cut off depends on the mean of the four
// corners, the cell's centre value. Each crossing is computed once, for
// its edge, so the pieces of neighbouring cells meet exactly and are
// chained into lines: open ones end on the grid's border (or at a cell
// with a non-finite corner, which is left out), the others are closed.
// Lines of one level never cross.
func traceLevel(g grid, z float64) []isoline {
	nx, ny := len(g.xs), len(g.ys)
	if nx < 2 || ny < 2 || math.IsNaN(z) {
		return nil
	}
	// Edges are numbered: those along x, (i, j)-(i+1, j), first; then
	// those along y, (i, j)-(i, j+1).
	nh := (nx - 1) * ny
	hEdge := func(i, j int) int { return j*(nx-1) + i }
	vEdge := func(i, j int) int { return nh + j*nx + i }
	// The crossing on each edge the line crosses, and the (at most two)
	// crossings it is joined to, one through each cell beside the edge.
	at := make(map[int]int) // edge -> index in pts
	var pts [][2]float64
	var nbr [][2]int
	cross := func(e, i0, j0, i1, j1 int) int {
		if k, ok := at[e]; ok {
			return k
		}
		z0, z1 := g.z[i0][j0], g.z[i1][j1]
		t := (z - z0) / (z1 - z0)
		x := g.xs[i0] + t*(g.xs[i1]-g.xs[i0])
		y := g.ys[j0] + t*(g.ys[j1]-g.ys[j0])
		if i0 == i1 {
			x = g.xs[i0]
		} else {
			y = g.ys[j0]
		}
		at[e] = len(pts)
		pts = append(pts, [2]float64{x, y})
		nbr = append(nbr, [2]int{-1, -1})
		return len(pts) - 1
	}
	join := func(a, b int) {
		for _, p := range [2][2]int{{a, b}, {b, a}} {
			if nbr[p[0]][0] < 0 {
				nbr[p[0]][0] = p[1]
			} else {
				nbr[p[0]][1] = p[1]
			}
		}
	}
	for i := 0; i < nx-1; i++ {
		for j := 0; j < ny-1; j++ {
			c := [4]float64{g.z[i][j], g.z[i+1][j], g.z[i+1][j+1], g.z[i][j+1]}
			if !finite(c[0]) || !finite(c[1]) || !finite(c[2]) || !finite(c[3]) {
				continue
			}
			// Corners counter-clockwise from the lower left; bit k set
			// when corner k is above z.
			var k int
			for b, v := range c {
				if v > z {
					k |= 1 << b
				}
			}
			if k == 0 || k == 15 {
				continue
			}
			// The cell's edges: bottom, right, top, left, each crossed
			// where its two corners lie on either side of z.
			bottom := func() int { return cross(hEdge(i, j), i, j, i+1, j) }
			right := func() int { return cross(vEdge(i+1, j), i+1, j, i+1, j+1) }
			top := func() int { return cross(hEdge(i, j+1), i, j+1, i+1, j+1) }
			left := func() int { return cross(vEdge(i, j), i, j, i, j+1) }
			switch k {
			case 5, 10: // a saddle: opposite corners above
				centreAbove := (c[0]+c[1]+c[2]+c[3])/4 > z
				// The corners the line cuts off are those on the other
				// side of z from the centre.
				if (k == 5) == centreAbove {
					// Cut off corners 1 (lower right) and 3 (upper left).
					join(bottom(), right())
					join(top(), left())
				} else {
					// Cut off corners 0 (lower left) and 2 (upper right).
					join(left(), bottom())
					join(right(), top())
				}
				continue
			}
			// One line through the cell: it crosses the two edges whose
			// corners differ.
			up := func(b int) bool { return k>>b&1 == 1 }
			var ends [2]int
			n := 0
			for _, e := range [4]struct {
				crossed bool
				at      func() int
			}{{up(0) != up(1), bottom}, {up(1) != up(2), right}, {up(3) != up(2), top}, {up(0) != up(3), left}} {
				if e.crossed {
					ends[n] = e.at()
					n++
				}
			}
			join(ends[0], ends[1])
		}
	}
	// Chain the crossings: first from the open ends, then round the loops.
	seen := make([]bool, len(pts))
	var lines []isoline
	walk := func(start int) isoline {
		l := isoline{xy: [][2]float64{pts[start]}}
		seen[start] = true
		prev, cur := -1, start
		for {
			next := nbr[cur][0]
			if next == prev {
				next = nbr[cur][1]
			}
			switch {
			case next < 0:
				return l // an open end
			case next == start:
				l.closed = true
				return l
			case seen[next]:
				return l // cannot happen: each crossing has two neighbours at most
			}
			seen[next] = true
			l.xy = append(l.xy, pts[next])
			prev, cur = cur, next
		}
	}
	for k := range pts {
		if !seen[k] && (nbr[k][0] < 0) != (nbr[k][1] < 0) {
			lines = append(lines, walk(k))
		}
	}
	for k := range pts {
		if !seen[k] && nbr[k][0] >= 0 {
			lines = append(lines, walk(k))
		}
	}
	return lines
}
