package notebooks

// Part 5, the playground: the readouts its cells print, its flag cell, and
// what its text says the sliders do, re-computed with loops written here
// from the update's formulas.

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/controls"
)

// run05 runs Adagrad from start on the curve x - x³ (one coordinate) or
// the tilted bowl (two) and returns every point and accumulator. Epsilon
// is added to the accumulator's root, or inside it, as Keras does:
// x -= lr·g/√(acc + ε).
func run05(start []float64, lr, a0, eps float64, inside bool, n int) (xs, accs [][]float64) {
	grad := tiltedGrad
	if len(start) == 1 {
		grad = func(g, x []float64) { g[0] = cubicSlope(x[0]) }
	}
	if !inside {
		return adagrad(grad, start, lr, a0, eps, n)
	}
	x := slices.Clone(start)
	acc := make([]float64, len(x))
	for k := range acc {
		acc[k] = a0
	}
	g := make([]float64, len(x))
	xs, accs = [][]float64{slices.Clone(x)}, [][]float64{slices.Clone(acc)}
	for range n {
		grad(g, x)
		for k := range x {
			acc[k] += float64(g[k] * g[k])
			x[k] -= lr * g[k] / math.Sqrt(acc[k]+eps)
		}
		xs, accs = append(xs, slices.Clone(x)), append(accs, slices.Clone(acc))
	}
	return xs, accs
}

// minimum05 is the minimum of the function a start of this length is on.
func minimum05(dim int) []float64 {
	if dim == 1 {
		return []float64{cubicFloor}
	}
	return []float64{2, -1}
}

// arrival returns the first step at which xs is within 1e-6 of the
// minimum, the playground's tolerance, or -1.
func arrival(xs [][]float64) int {
	m := minimum05(len(xs[0]))
	for i, p := range xs {
		d := 0.0
		for k := range p {
			d += (p[k] - m[k]) * (p[k] - m[k])
		}
		if math.Sqrt(d) <= 1e-6 {
			return i
		}
	}
	return -1
}

// diverged05 reports whether a run on the curve ended right of the
// hilltop, from where it can never come back.
func diverged05(xs [][]float64) bool {
	last := xs[len(xs)-1]
	return len(last) == 1 && last[0] > -cubicFloor
}

// f05 is f on the curve x - x³ (one coordinate) or on the tilted bowl
// (two).
func f05(p []float64) float64 {
	if len(p) == 1 {
		return p[0] - p[0]*p[0]*p[0]
	}
	x, y := p[0], p[1]
	return 2*x*x + 2*x*y + 2*y*y - 6*x
}

// rePoint05 finds the point and f in a readout: "x = v, f = w" or
// "(x, y) = (v, w), f = u".
var rePoint05 = regexp.MustCompile(`(?:x = (\S+)|\(x, y\) = \((\S+), (\S+)\)), f = ([^,;]+)`)

// sixDigits reports whether v is want to six significant digits: within
// half a unit of want's sixth digit.
func sixDigits(v, want float64) bool {
	if want == 0 {
		return v == 0
	}
	unit := math.Pow(10, math.Floor(math.Log10(math.Abs(want)))-5)
	return math.Abs(v-want) <= unit/2*(1+1e-9)
}

// checkReadout checks a playground readout against the run xs: the last
// point and f there to six significant digits, and the first step within
// 1e-6 of the minimum, or that the run diverged.
func checkReadout(t *testing.T, what, readout string, xs [][]float64) {
	t.Helper()
	n, last := len(xs)-1, xs[len(xs)-1]
	found := rePoint05.FindStringSubmatch(readout)
	if found == nil {
		t.Errorf("%s: the readout\n  %s\nshows no point and f", what, readout)
		return
	}
	shown := []string{found[1], found[4]}
	if found[1] == "" {
		shown = found[2:]
	}
	want := append(slices.Clone(last), f05(last))
	ok := len(shown) == len(want)
	for k := range shown {
		v, err := strconv.ParseFloat(shown[k], 64)
		ok = ok && err == nil && sixDigits(v, want[k])
	}
	if !ok {
		t.Errorf("%s: the readout\n  %s\nshows %q; the run ends at %v, f = %v", what, readout, shown, last, f05(last))
	}
	taken := fmt.Sprintf("%d steps", n)
	if n == 1 {
		taken = "1 step"
	}
	var parts []string
	switch at := arrival(xs); {
	case diverged05(xs):
		parts = []string{"diverged: after " + taken + " "}
	case at >= 0:
		parts = []string{"after " + taken + ": ", fmt.Sprintf("; first within 1e-6 at step %d", at)}
	default:
		parts = []string{"after " + taken + ": ", "; not yet within 1e-6 of it"}
	}
	for _, w := range parts {
		if !strings.Contains(readout, w) {
			t.Errorf("%s: the readout\n  %s\ndoes not say %q", what, readout, w)
		}
	}
	m := minimum05(len(last))
	if exact := slices.Equal(last, m); exact != strings.Contains(readout, "exactly at the minimum") {
		t.Errorf("%s: the readout\n  %s\nsays exactly at the minimum %v, the run ends on %v", what, readout, !exact, last)
	}
}

// show05 is the flag cell's way of writing a point or its accumulators.
func show05(p []float64) string {
	if len(p) == 1 {
		return fmt.Sprintf("%.4g", p[0])
	}
	return fmt.Sprintf("(%.4g, %.4g)", p[0], p[1])
}

// side is positive on one side of the valley's bottom line (x = x* on the
// curve, x + y = 1 on the bowl) and negative on the other.
func side(p []float64) float64 {
	if len(p) == 1 {
		return p[0] - cubicFloor
	}
	return p[0] + p[1] - 1
}

// crossings counts the steps after which xs is on the other side of the
// valley's bottom line, and returns the first and the last such step.
func crossings(xs [][]float64) (n, first, last int) {
	for i := 1; i < len(xs); i++ {
		if side(xs[i])*side(xs[i-1]) < 0 {
			n, last = n+1, i
			if first == 0 {
				first = i
			}
		}
	}
	return n, first, last
}

// checkTry05 checks what part 5's flag cell printed for one setting (1000
// steps) and returns the run.
func checkTry05(t *testing.T, c *ranCell, start []float64, lr, a0, eps float64, inside bool) (xs, accs [][]float64) {
	t.Helper()
	xs, accs = run05(start, lr, a0, eps, inside, 1000)
	lines := strings.Split(strings.TrimSpace(c.text), "\n")
	checkReadout(t, c.id, lines[0], xs)
	for _, i := range []int{1, 1000} {
		wantLine(t, c, fmt.Sprintf("after step %d: at %s, a = %s", i, show05(xs[i]), show05(accs[i])))
	}
	line, name := "x = x*", "x - x*"
	if len(start) == 2 {
		line, name = "x + y = 1", "x + y - 1"
	}
	n, first, last := crossings(xs)
	want := fmt.Sprintf("the path crosses the line %s %d times", line, n)
	if n > 0 {
		want += fmt.Sprintf(", the first time at step %d, the last at step %d", first, last)
	}
	wantLine(t, c, want)
	want = name + " after steps 0 to 7:"
	for _, p := range xs[:8] {
		want += fmt.Sprintf(" %.3f", side(p))
	}
	wantLine(t, c, want)
	if c.images != 1 {
		t.Errorf("cell %q shows %d images, want the run", c.id, c.images)
	}
	return xs, accs
}

func checkClaims05(t *testing.T, cells []*ranCell) {
	// The readouts without sliders.
	c := byID(t, cells, "check")
	curve, bowl, ok := strings.Cut(c.text, "f(x, y) =")
	if !ok {
		t.Fatalf("cell %q prints no bowl section:\n%s", c.id, c.text)
	}
	readout := func(section, name string) string {
		lines := strings.Split(section, "\n")
		for i, l := range lines[:len(lines)-1] {
			if l == name+":" {
				return strings.TrimSpace(lines[i+1])
			}
		}
		t.Fatalf("cell %q prints no %q", c.id, name)
		return ""
	}
	for _, r := range []struct {
		name           string
		lr, a0         float64
		section        string
		start          []float64
		wantDiverged   bool
		wantReachedMin bool
	}{
		{name: "the tutorial's settings", section: curve, start: []float64{-1}, lr: 0.05, a0: 0.1},
		{name: "learning rate 0.5", section: curve, start: []float64{-1}, lr: 0.5, a0: 0.1},
		{name: "learning rate 10", section: curve, start: []float64{-1}, lr: 10, a0: 0.1, wantDiverged: true},
		{name: "start right of the hilltop, x0 = 0.7", section: curve, start: []float64{0.7}, lr: 0.05, a0: 0.1, wantDiverged: true},
		{name: "initial accumulator 10", section: curve, start: []float64{-1}, lr: 0.05, a0: 10},
		{name: "the tutorial's settings", section: bowl, start: []float64{1, 0}, lr: 0.05, a0: 0.1},
		{name: "learning rate 0.5", section: bowl, start: []float64{1, 0}, lr: 0.5, a0: 0.1, wantReachedMin: true},
		{name: "learning rate 5", section: bowl, start: []float64{1, 0}, lr: 5, a0: 0.1, wantReachedMin: true},
	} {
		xs, _ := run05(r.start, r.lr, r.a0, 1e-8, false, 1000)
		checkReadout(t, r.name, readout(r.section, r.name), xs)
		if diverged05(xs) != r.wantDiverged {
			t.Errorf("%s: diverged %v, the notebook's list says %v", r.name, diverged05(xs), r.wantDiverged)
		}
		if len(r.start) == 2 && (arrival(xs) >= 0) != r.wantReachedMin {
			t.Errorf("%s: the text says η = 0.5 gets to the minimum and the tutorial's η does not; first within 1e-6 at %d", r.name, arrival(xs))
		}
	}

	// The learning rate, one notch at a time from the tutorial's: the step
	// of arrival falls, keeps falling past the first rate whose first step
	// overshoots the floor, then rises as the run swings across the floor,
	// until the first step lands right of the hilltop.
	notches, err := controls.LogScale{Min: 0.001, Max: 10, PerDecade: 20}.Values()
	if err != nil {
		t.Fatal(err)
	}
	var rates []float64
	var counts, swings []int
	overshoot := -1 // the first rate whose first step lands past the floor
	for i := slices.Index(notches, 0.05); ; i++ {
		if i == len(notches) {
			t.Fatal("the text says a large enough rate diverges; no notch does")
		}
		lr := notches[i]
		xs, _ := run05([]float64{-1}, lr, 0.1, 1e-8, false, 1000)
		if xs[1][0] > -cubicFloor { // right of the hilltop
			if !diverged05(xs) {
				t.Errorf("learning rate %g: the first step lands right of the hilltop, but the run does not diverge", lr)
			}
			break
		}
		if arrival(xs) < 0 {
			t.Fatalf("learning rate %g: the run neither arrives nor diverges", lr)
		}
		if overshoot < 0 && xs[1][0] > cubicFloor {
			overshoot = len(counts)
		}
		n, _, _ := crossings(xs)
		rates, counts, swings = append(rates, lr), append(counts, arrival(xs)), append(swings, n)
	}
	fewest := 0
	for i, n := range counts {
		if n < counts[fewest] {
			fewest = i
		}
	}
	if overshoot < 0 || fewest <= overshoot {
		t.Errorf("the text says the count keeps falling past the first rate whose first step overshoots: rates %v, counts %v", rates, counts)
	}
	for i := 1; i < len(counts); i++ {
		if i <= fewest && counts[i] > counts[i-1] || i > fewest && (counts[i] < counts[i-1] || swings[i] < 3) {
			t.Errorf("the text says the count falls, then rises as the run swings across the floor: rates %v, counts %v, crossings %v", rates, counts, swings)
			break
		}
	}

	// An initial accumulator of 10: shorter first steps, and the run stays
	// behind the tutorial's at every step.
	tut, _ := run05([]float64{-1}, 0.05, 0.1, 1e-8, false, 1000)
	big, _ := run05([]float64{-1}, 0.05, 10, 1e-8, false, 1000)
	for i := 1; i <= 1000; i++ {
		if math.Abs(big[i][0]-cubicFloor) <= math.Abs(tut[i][0]-cubicFloor) {
			t.Errorf("the text says the run with a₀ = 10 never catches up with the tutorial's; at step %d it has", i)
			break
		}
	}

	// Epsilon: its notches up to 0.001 leave the step of arrival as it is,
	// with either initial accumulator and in either place; with epsilon
	// outside the root only 1 moves it by much; inside, 1 moves it less.
	for _, a0 := range []float64{0, 0.1} {
		at := func(eps float64, inside bool) int {
			xs, _ := run05([]float64{-1}, 0.05, a0, eps, inside, 1000)
			return arrival(xs)
		}
		base := at(1e-8, false)
		for e := -10; e <= -3; e++ {
			eps := math.Pow(10, float64(e))
			if at(eps, false) != base || at(eps, true) != base {
				t.Errorf("a₀ = %g: the text says epsilon %g changes nothing the readout shows; arrival %d and %d (inside), not %d", a0, eps, at(eps, false), at(eps, true), base)
			}
		}
		if at(0.1, false) > base*11/10 || at(1, false) < base*6/5 || at(1, true) >= at(1, false) {
			t.Errorf("a₀ = %g: the text says only epsilon 1 moves the arrival much, less inside the root: %d, %d at 0.1, %d at 1, %d inside", a0, base, at(0.1, false), at(1, false), at(1, true))
		}
	}

	// The bowl from far off with no initial accumulator: a first step at
	// 45°, and a path that bends towards the minimum.
	xs, accs := run05([]float64{-2, 1.5}, 0.05, 0, 1e-8, false, 1000)
	if d := []float64{xs[1][0] - xs[0][0], xs[1][1] - xs[0][1]}; math.Abs(math.Abs(d[0])-0.05) > 1e-9 || math.Abs(math.Abs(d[1])-0.05) > 1e-9 || accs[1][0] == accs[1][1] {
		t.Errorf("the text says the first step is η in each coordinate and the accumulators differ from it on: step %v, accumulators %v", d, accs[1])
	}
	off := func(i int) float64 { // between step i and the direction to the minimum, in degrees
		p, q := xs[i-1], xs[i]
		return math.Abs(math.Atan2(q[1]-p[1], q[0]-p[0])-math.Atan2(-1-p[1], 2-p[0])) * 180 / math.Pi
	}
	for _, i := range []int{1, 2, 10, 100} {
		if off(i*10) >= off(i) {
			t.Errorf("the text says the path bends towards the minimum; steps %d and %d are %.1f° and %.1f° off it", i, i*10, off(i), off(i*10))
		}
	}

	checkTry05(t, byID(t, cells, "try"), []float64{-1}, 0.05, 0.1, 1e-8, false)

	// The third exercise's answer: from (-2, 1.5) at η = 2 the first step
	// runs along the valley, and the crossings come at steps 2 to 5 (the
	// exercise itself checks the run).
	xs, _ = run05([]float64{-2, 1.5}, 2, 0.1, 1e-8, false, 1000)
	_, first, last := crossings(xs)
	md := textOf(t, cells, "try-md")
	wantText(t, "try-md", md, fmt.Sprintf("from $%.1f$ to $%.3f$", side(xs[0]), side(xs[1])))
	wantText(t, "try-md", md, fmt.Sprintf("in steps %d to %d", first, last))
}
