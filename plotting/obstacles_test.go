package plotting

import (
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestSegmentHits checks which segments meet the box [0, 10]², edges
// included, against the geometry worked out by hand.
func TestSegmentHits(t *testing.T) {
	r := vg.Rectangle{Max: vg.Point{X: 10, Y: 10}}
	pt := func(x, y vg.Length) vg.Point { return vg.Point{X: x, Y: y} }
	tests := []struct {
		name string
		a, b vg.Point
		want bool
	}{
		{"inside", pt(2, 3), pt(8, 7), true},
		{"a point inside", pt(5, 5), pt(5, 5), true},
		{"through, both ends outside", pt(-5, 5), pt(15, 5), true},
		{"through, from below left", pt(-2, -12), pt(12, 16), true},
		{"in from the left", pt(-3, -1), pt(1, 3), true},
		{"touching the right side", pt(10, 2), pt(12, 2), true},
		{"touching the bottom from below", pt(2, -2), pt(2, 0), true},
		{"through a corner", pt(-1, 11), pt(1, 9), true},
		{"wholly left", pt(-5, 0), pt(-1, 10), false},
		{"wholly above", pt(0, 11), pt(10, 12), false},
		// Its bounding box overlaps the box; y = x + 10.5 passes above the
		// corner (0, 10).
		{"beside a corner", pt(-1, 9.5), pt(2, 12.5), false},
		{"beside the opposite corner", pt(9, -2), pt(12, 1), false},
	}
	for _, tt := range tests {
		for _, ends := range [][2]vg.Point{{tt.a, tt.b}, {tt.b, tt.a}} {
			if got := segmentHits(ends[0], ends[1], r); got != tt.want {
				t.Errorf("%s: segmentHits(%v, %v) = %v, want %v", tt.name, ends[0], ends[1], got, tt.want)
			}
		}
	}
}

// TestSegmentsCross checks whether two segments share a point, in every
// order of the segments and of their ends.
func TestSegmentsCross(t *testing.T) {
	pt := func(x, y vg.Length) vg.Point { return vg.Point{X: x, Y: y} }
	tests := []struct {
		name       string
		a, b, c, d vg.Point
		want       bool
	}{
		{"an X", pt(0, 0), pt(10, 10), pt(0, 10), pt(10, 0), true},
		// Crossing at (5, 5), one segment much taller than the other.
		{"a flat one across a tall one", pt(0, 4), pt(10, 6), pt(5, 0), pt(5, 10), true},
		{"an end on the other", pt(0, 0), pt(10, 0), pt(5, 0), pt(5, 5), true},
		{"a shared end", pt(0, 0), pt(5, 5), pt(5, 5), pt(10, 0), true},
		{"collinear, overlapping", pt(0, 0), pt(6, 6), pt(4, 4), pt(9, 9), true},
		{"collinear, apart", pt(0, 0), pt(3, 3), pt(4, 4), pt(9, 9), false},
		{"parallel", pt(0, 0), pt(10, 0), pt(0, 1), pt(10, 1), false},
		// The lines cross at (5, 5), beyond the second segment's end.
		{"short of each other", pt(0, 0), pt(10, 10), pt(0, 10), pt(4, 6), false},
		{"apart along x", pt(0, 0), pt(1, 10), pt(2, 0), pt(3, 10), false},
	}
	for _, tt := range tests {
		for _, s := range [][4]vg.Point{
			{tt.a, tt.b, tt.c, tt.d}, {tt.b, tt.a, tt.c, tt.d}, {tt.a, tt.b, tt.d, tt.c}, {tt.c, tt.d, tt.a, tt.b},
		} {
			if got := segmentsCross(s[0], s[1], s[2], s[3]); got != tt.want {
				t.Errorf("%s: segmentsCross(%v, %v, %v, %v) = %v, want %v", tt.name, s[0], s[1], s[2], s[3], got, tt.want)
			}
		}
	}
}

// TestObstaclesScore counts what a box covers on a panel whose canvas is
// 10 units a data unit, against segments and points placed by hand. A
// point the axes cannot show (NaN, or <= 0 on a log axis) is left out: the
// line goes on from the shown point before it to the one after, and a line
// starts at its first shown point, not at the canvas's corner.
func TestObstaclesScore(t *testing.T) {
	nan := math.NaN()
	box := vg.Rectangle{Max: vg.Point{X: 100, Y: 100}}
	lin := &panel{box: box, x: axis{min: 0, max: 10}, y: axis{min: 0, max: 10}}
	// A log x axis from 1 to 10^10: x = 10^k is at canvas x 10k.
	logx := &panel{box: box, x: axis{min: 1, max: 1e10, log: true}, y: axis{min: 0, max: 10}}
	rect := func(x0, y0, x1, y1 vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
	}
	tests := []struct {
		name   string
		pn     *panel
		lines  [][][2]float64
		points [][2]float64
		r      vg.Rectangle
		want   int
	}{
		{"over a segment", lin, [][][2]float64{{{1, 5}, {3, 5}}}, nil, rect(15, 45, 25, 55), 1},
		{"beside it", lin, [][][2]float64{{{1, 5}, {3, 5}}}, nil, rect(15, 56, 25, 66), 0},
		{"over two segments of a line", lin, [][][2]float64{{{1, 5}, {2, 5}, {3, 5}}}, nil, rect(15, 45, 25, 55), 2},
		{"over a point", lin, nil, [][2]float64{{5, 1}}, rect(45, 5, 55, 15), 1},
		{"over a NaN gap, bridged", lin, [][][2]float64{{{1, 5}, {nan, nan}, {3, 5}}}, nil, rect(15, 45, 25, 55), 1},
		// The canvas's corner (0, 0) is no point of the line: between it
		// and the line's first point lies nothing.
		{"a line from (8, 8)", lin, [][][2]float64{{{8, 8}, {9, 9}}}, nil, rect(30, 30, 40, 40), 0},
		{"a line after a NaN", lin, [][][2]float64{{{nan, nan}, {8, 8}, {9, 9}}}, nil, rect(30, 30, 40, 40), 0},
		{"a line from x = 0 on a log axis", logx, [][][2]float64{{{0, 8}, {1e8, 8}, {1e9, 9}}}, nil, rect(30, 30, 40, 40), 0},
		{"its segment on the log axis", logx, [][][2]float64{{{0, 8}, {1e8, 8}, {1e9, 9}}}, nil, rect(84, 80, 86, 86), 1},
		{"a point at x = 0 on a log axis", logx, nil, [][2]float64{{0, 5}, {1e5, 5}}, rect(-5, 45, 5, 55), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &obstacles{lines: tt.lines, points: tt.points}
			if got := o.badness(tt.pn, tt.r); got != tt.want {
				t.Errorf("badness %d, want %d", got, tt.want)
			}
		})
	}
}

// TestObstaclesFollowThePanel: a legend placed outside the axes shrinks
// their box, and the end labels placed after it are scored against the same
// obstacles: they must be where the new box puts them, not where the old
// one did.
func TestObstaclesFollowThePanel(t *testing.T) {
	pn := &panel{box: vg.Rectangle{Max: vg.Point{X: 100, Y: 100}}, x: axis{min: 0, max: 10}, y: axis{min: 0, max: 10}}
	o := &obstacles{lines: [][][2]float64{{{0, 10}, {10, 10}}}, points: [][2]float64{{10, 5}}}
	top := func(y vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: 40, Y: y - 1}, Max: vg.Point{X: 45, Y: y + 1}}
	}
	right := func(x vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: x - 1, Y: 39}, Max: vg.Point{X: x + 1, Y: 41}}
	}
	steps := []struct {
		name    string
		change  func()
		on, off vg.Rectangle // a box over the top line and the point, and one where they were
		onScore int
	}{
		{"first", func() {}, vg.Rectangle{}, vg.Rectangle{}, 0},
		{"box lowered", func() { pn.box.Max.Y = 80 }, top(80), top(100), 1},
		{"box narrowed", func() { pn.box.Max.X = 90 }, right(90), right(100), 1},
		{"x axis widened", func() { pn.x.max = 20 }, right(45), right(90), 1},
		{"a line added", func() { o.lines = append(o.lines, [][2]float64{{0, 0}, {20, 0}}) }, top(0), top(-10), 1},
		{"a point added", func() { o.points = append(o.points, [2]float64{2, 5}) }, right(9), right(-10), 1},
	}
	for _, s := range steps {
		s.change()
		if s.name == "first" {
			o.badness(pn, top(100)) // maps the obstacles on the first box
			continue
		}
		if got := o.badness(pn, s.on); got != s.onScore {
			t.Errorf("%s: badness %d where the obstacles now are, want %d", s.name, got, s.onScore)
		}
		if got := o.badness(pn, s.off); got != 0 {
			t.Errorf("%s: badness %d where they were, want 0", s.name, got)
		}
	}
}

// TestLeaderCrossings counts the lines an end label's leader crosses, on
// a panel of 10 canvas units a data unit: each line once, however often,
// and not the line the leader leaves from.
func TestLeaderCrossings(t *testing.T) {
	nan := math.NaN()
	pn := &panel{box: vg.Rectangle{Max: vg.Point{X: 100, Y: 100}}, x: axis{min: 0, max: 10}, y: axis{min: 0, max: 10}}
	pt := func(x, y vg.Length) vg.Point { return vg.Point{X: x, Y: y} }
	vertical := func(x float64) [][2]float64 { return [][2]float64{{x, 0}, {x, 10}} }
	tests := []struct {
		name  string
		lines [][][2]float64
		e, q  vg.Point
		want  int
	}{
		{"across a line", [][][2]float64{vertical(5)}, pt(40, 50), pt(60, 50), 1},
		{"across a line twice", [][][2]float64{{{5, 0}, {5, 10}, {5.5, 10}, {5.5, 0}}}, pt(40, 50), pt(60, 50), 1},
		{"across two lines", [][][2]float64{vertical(5), vertical(5.5)}, pt(40, 50), pt(60, 50), 2},
		{"short of a line", [][][2]float64{vertical(5)}, pt(40, 50), pt(48, 50), 0},
		{"off its own line", [][][2]float64{{{2, 5}, {4, 5}}}, pt(40, 50), pt(40, 70), 0},
		// Towards the canvas's corner, which is no point of any line.
		{"to a line's start", [][][2]float64{{{8, 8}, {9, 9}}}, pt(10, 10), pt(30, 30), 0},
		{"after a NaN", [][][2]float64{{{nan, nan}, {8, 8}, {9, 9}}}, pt(10, 10), pt(30, 30), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &obstacles{lines: tt.lines}
			if got := o.leaderCrossings(pn, tt.e, tt.q); got != tt.want {
				t.Errorf("%d lines crossed, want %d", got, tt.want)
			}
		})
	}
}
