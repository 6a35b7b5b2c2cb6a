package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
)

// An endLabel is a direct label: text beside the last point of a line, on
// a light box edged in the line's colour, in the free place nearest that
// point.
type endLabel struct {
	text string
	line [][2]float64 // the line it labels, in data coordinates
	col  color.Color
	rect vg.Rectangle // the box, once placed
	at   vg.Point     // the point of the line it labels, once placed
	lead bool         // placed away from that point: a line joins them
}

// anchors are the points of a line a label may stand by, on the canvas:
// its end first, then four points back along it, evenly spaced by length,
// for when the end is crowded.
func (l endLabel) anchors(pn *panel) []vg.Point {
	var pts []vg.Point
	for _, v := range l.line {
		if p, ok := pn.canvasOK(v[0], v[1]); ok {
			pts = append(pts, p)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	out := []vg.Point{pts[len(pts)-1]}
	total := vg.Length(0)
	for i := 1; i < len(pts); i++ {
		total += dist(pts[i-1], pts[i])
	}
	for _, frac := range []vg.Length{0.8, 0.6, 0.4, 0.2} {
		want, walked := frac*total, vg.Length(0)
		for i := 1; i < len(pts); i++ {
			d := dist(pts[i-1], pts[i])
			if walked+d >= want && d > 0 {
				t := (want - walked) / d
				out = append(out, vg.Point{X: pts[i-1].X + t*(pts[i].X-pts[i-1].X), Y: pts[i-1].Y + t*(pts[i].Y-pts[i-1].Y)})
				break
			}
			walked += d
		}
	}
	return out
}

func dist(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// placeEndLabels finds each end label its place: of the places around its
// line's end (or, when that is crowded, around points further back along
// the line), at five distances, the one inside the axes that covers the
// fewest lines and points and no legend or other label, nearer places
// first on a tie.
func (f figure) placeEndLabels(pn *panel, obs *obstacles) {
	if len(pn.endLabels) == 0 {
		return
	}
	o := *obs
	o.rects = append([]vg.Rectangle(nil), obs.rects...)
	if pn.legend != nil {
		o.rects = append(o.rects, pn.legend.rect)
	}
	size := f.len(legendSize)
	pad := legBorderPad * size
	gap := f.len(5)
	// Each labelled line on the canvas, for the rule that a label keeps off
	// the other lines of its colour: there it would read as their name.
	lines := make([][]vg.Point, len(pn.endLabels))
	for i, l := range pn.endLabels {
		for _, v := range l.line {
			if p, ok := pn.canvasOK(v[0], v[1]); ok {
				lines[i] = append(lines[i], p)
			}
		}
	}
	for i := range pn.endLabels {
		l := &pn.endLabels[i]
		b := textBox(label{s: l.text}, size)
		w, h := b.x1-b.x0+2*pad, b.above+b.below+2*pad
		best, bestScore := vg.Rectangle{}, math.Inf(1)
		var bestAt vg.Point
		lead := false
		for a, e := range l.anchors(pn) {
			for k, d := range []vg.Length{gap, 3 * gap, 6 * gap, 10 * gap, 15 * gap} {
				dd := d / vg.Length(math.Sqrt2)
				for j, c := range []vg.Point{
					{X: e.X + d, Y: e.Y - h/2},         // right
					{X: e.X + dd, Y: e.Y + dd},         // above right
					{X: e.X + dd, Y: e.Y - dd - h},     // below right
					{X: e.X - w/2, Y: e.Y + d},         // above
					{X: e.X - w/2, Y: e.Y - d - h},     // below
					{X: e.X - d - w, Y: e.Y - h/2},     // left
					{X: e.X - dd - w, Y: e.Y + dd},     // above left
					{X: e.X - dd - w, Y: e.Y - dd - h}, // below left
				} {
					r := vg.Rectangle{Min: c, Max: vg.Point{X: c.X + w, Y: c.Y + h}}
					score := o.crowding(pn, r) + 3*float64(a) + 0.01*float64(8*k+j)
					score += 100 * float64(sameColourLines(pn.endLabels, lines, i, r, o.reach))
					if k > 0 {
						// A leader that crosses other lines points at them too.
						score += 10 * float64(o.leaderCrossings(pn, e, nearestIn(r, e)))
					}
					if r.Min.X < pn.box.Min.X || r.Max.X > pn.box.Max.X || r.Min.Y < pn.box.Min.Y || r.Max.Y > pn.box.Max.Y {
						score += 1e6
					}
					if score < bestScore {
						best, bestScore, bestAt, lead = r, score, e, k > 0
					}
				}
			}
		}
		l.at = bestAt
		l.rect, l.lead = best, lead
		o.rects = append(o.rects, best)
	}
}

// nearestIn returns the point of r nearest p: where a leader from p meets
// the box.
func nearestIn(r vg.Rectangle, p vg.Point) vg.Point {
	return vg.Point{X: max(r.Min.X, min(p.X, r.Max.X)), Y: max(r.Min.Y, min(p.Y, r.Max.Y))}
}

// leaderCrossings counts the lines of o that a leader from e to q crosses,
// leaving out its first 2 points, where it leaves its own line.
func (o *obstacles) leaderCrossings(pn *panel, e, q vg.Point) int {
	d := dist(e, q)
	skip := vg.Length(2)
	if d <= skip {
		return 0
	}
	a := vg.Point{X: e.X + (q.X-e.X)*skip/d, Y: e.Y + (q.Y-e.Y)*skip/d}
	o.onCanvas(pn)
	n := 0
	for _, l := range o.clines {
		var prev vg.Point
		for i, pt := range l.pts {
			if l.joined[i] && segmentsCross(a, q, prev, pt) {
				n++
				break
			}
			prev = pt
		}
	}
	return n
}

// segmentsCross reports whether segments ab and cd have a point in common.
func segmentsCross(a, b, c, d vg.Point) bool {
	if max(a.X, b.X) < min(c.X, d.X) || max(c.X, d.X) < min(a.X, b.X) ||
		max(a.Y, b.Y) < min(c.Y, d.Y) || max(c.Y, d.Y) < min(a.Y, b.Y) {
		return false // apart along an axis: most pairs, for a short leader
	}
	orient := func(p, q, r vg.Point) float64 {
		return float64((q.X-p.X)*(r.Y-p.Y) - (q.Y-p.Y)*(r.X-p.X))
	}
	on := func(p, q, r vg.Point) bool { // r on segment pq, given collinear
		return min(p.X, q.X) <= r.X && r.X <= max(p.X, q.X) && min(p.Y, q.Y) <= r.Y && r.Y <= max(p.Y, q.Y)
	}
	d1, d2 := orient(a, b, c), orient(a, b, d)
	d3, d4 := orient(c, d, a), orient(c, d, b)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && on(a, b, c)) || (d2 == 0 && on(a, b, d)) || (d3 == 0 && on(c, d, a)) || (d4 == 0 && on(c, d, b))
}

// drawEndLabels draws the placed end labels, each on its box, with a thin
// line to its point when it stands away from it.
func (f figure) drawEndLabels(c vg.Canvas, pn *panel) {
	size := f.len(legendSize)
	pad := legBorderPad * size
	for _, l := range pn.endLabels {
		r := l.rect
		if l.lead {
			e := l.at
			q := nearestIn(r, e)
			f.line(c, lineStyle{color: l.col, width: f.len(0.8)}, e, q)
		}
		drawBox(c, f, r, size, l.col)
		b := textBox(label{s: l.text}, size)
		drawLabel(c, label{s: l.text}, size, vg.Point{X: r.Min.X + pad - b.x0, Y: r.Min.Y + pad + b.below}, 0, Black)
	}
}

// drawBox draws a light box: white, mostly opaque, rounded, edged in
// edge (a light grey when nil).
func drawBox(c vg.Canvas, f figure, r vg.Rectangle, size vg.Length, edge color.Color) {
	if edge == nil {
		edge = color.RGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 0xff}
	}
	frame := roundedRect(r, legRounding*size)
	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 217})
	c.Fill(frame)
	setLine(c, lineStyle{color: edge, width: f.len(legendBorder)})
	c.Stroke(frame)
}

// crowding scores a place for a label: 10 for each line it crosses (a
// line's dense tail counts once, unlike a legend's badness, which counts
// segments), 1 for each point, 1000 for each placed box it overlaps.
func (o *obstacles) crowding(pn *panel, r vg.Rectangle) float64 {
	return float64(o.score(pn, r, 10, true))
}

// sameColour reports whether a and b are the same colour.
func sameColour(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// sameColourLines counts the labelled lines other than label i's, of its
// colour, that pass through r grown by reach.
func sameColourLines(labels []endLabel, lines [][]vg.Point, i int, r vg.Rectangle, reach vg.Length) int {
	g := vg.Rectangle{Min: vg.Point{X: r.Min.X - reach, Y: r.Min.Y - reach}, Max: vg.Point{X: r.Max.X + reach, Y: r.Max.Y + reach}}
	n := 0
	for j, pts := range lines {
		if j == i || !sameColour(labels[j].col, labels[i].col) || sameData(labels[j].line, labels[i].line) {
			continue
		}
		for k := 1; k < len(pts); k++ {
			if segmentHits(pts[k-1], pts[k], g) {
				n++
				break
			}
		}
	}
	return n
}

// sameData reports whether a and b hold the same line: two labels for one
// line (or for two lines that coincide) need not keep off each other.
func sameData(a, b [][2]float64) bool {
	return len(a) == len(b) && len(a) > 0 && a[0] == b[0] && a[len(a)-1] == b[len(b)-1]
}
