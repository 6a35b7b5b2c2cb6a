package plotting

import (
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestLeadersCrossNoOtherLine: a label that stands away from its line is
// joined to it by a thin leader, and a leader that crosses another line
// seems to point at that one too. On the slow-down figures (the tutorial's
// run, and from (−3, 3) with each coordinate's lines) no leader passes
// within half a point of another labelled line, checked by walking along
// each leader.
func TestLeadersCrossNoOtherLine(t *testing.T) {
	for _, c := range slowDownLowerPanels(t) {
		pn := c.pn
		leaders := 0
		for i, l := range pn.endLabels {
			if !l.lead {
				continue
			}
			leaders++
			q := nearestIn(l.rect, l.at)
			for j, other := range pn.endLabels {
				if j == i || sameLine(other.line, l.line) {
					continue
				}
				var pts []vg.Point
				for _, v := range other.line {
					if p, ok := pn.canvasOK(v[0], v[1]); ok {
						pts = append(pts, p)
					}
				}
				for s := 0.0; s <= 1; s += 1.0 / 400 {
					p := vg.Point{X: l.at.X + vg.Length(s)*(q.X-l.at.X), Y: l.at.Y + vg.Length(s)*(q.Y-l.at.Y)}
					if dist(p, l.at) < 3 {
						continue
					}
					for k := 1; k < len(pts); k++ {
						if pointSegment(p, pts[k-1], pts[k]) < 0.5 {
							t.Fatalf("%s: the leader of %q crosses the line of %q near %v", c.name, l.text, other.text, p)
						}
					}
				}
			}
		}
		if leaders == 0 {
			t.Logf("%s: no label needed a leader", c.name)
		}
	}
}

func sameLine(a, b [][2]float64) bool { return sameData(a, b) }

// pointSegment is the distance from p to the segment ab.
func pointSegment(p, a, b vg.Point) vg.Length {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := vg.Length(0)
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = max(0, min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	return dist(p, vg.Point{X: a.X + t*dx, Y: a.Y + t*dy})
}

// TestLabelsCoverNoLineOfTheirColour: a label lying on another line of its
// own colour reads as that line's name (an orange "y" on x's orange line).
// On the slow-down figures no label's box, grown by half a point, meets
// another labelled line of the same colour; lines of other colours it may
// cross when nothing better is free.
func TestLabelsCoverNoLineOfTheirColour(t *testing.T) {
	for _, c := range slowDownLowerPanels(t) {
		pn := c.pn
		for i, l := range pn.endLabels {
			r := l.rect
			r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-0.5, r.Min.Y-0.5, r.Max.X+0.5, r.Max.Y+0.5
			for j, other := range pn.endLabels {
				if j == i || sameLine(other.line, l.line) || !sameColour(other.col, l.col) {
					continue
				}
				var prev vg.Point
				for k, v := range other.line {
					p, ok := pn.canvasOK(v[0], v[1])
					if !ok {
						continue
					}
					if k > 0 && segmentHits(prev, p, r) {
						t.Errorf("%s: the label %q lies on the line of %q, of its colour, near %v", c.name, l.text, other.text, p)
						break
					}
					prev = p
				}
			}
		}
	}
}

// A namedPanel is a figure's panel and what the figure shows.
type namedPanel struct {
	name string
	pn   *panel
}

// slowDownLowerPanels draws the slow-down figures whose end labels the
// tests check: the tutorial's run, and the run from (−3, 3) with each
// coordinate's lines (part 3), and returns their lower panels.
func slowDownLowerPanels(t *testing.T) []namedPanel {
	t.Helper()
	fromFar, err := adagrad.Run(tutorial.QuadraticGrad, []float64{-3, 3}, adagrad.TutorialConfig(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []namedPanel
	for _, c := range []struct {
		name string
		tr   *adagrad.Trace
		o    SlowDownOptions
	}{
		{"the tutorial's run", run2D(t), SlowDownOptions{}},
		{"from (−3, 3), absolute", fromFar, SlowDownOptions{Absolute: true}},
	} {
		_, _, pn, err := slowDown(c.tr, adagrad.TutorialConfig(), c.o)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedPanel{c.name, pn})
	}
	return out
}
