package notebooks

// The notebooks state numbers and facts in their text and print the
// numbers next to them. These tests re-compute the key ones independently —
// from the tutorial's reference runs where they exist, otherwise with loops
// written here from the formulas — and check them against what each
// notebook printed, both as committed and when executed afresh. They also
// check the qualitative claims the text makes about those numbers.

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/gif"
	"math"
	"math/cmplx"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-tutorials/optimizers/internal/reference"
)

// A ranCell is a cell of an executed notebook, with what it showed.
type ranCell struct {
	id, kind, source string
	text             string   // what the cell printed (stdout and stderr)
	gifs             [][]byte // animated GIFs it showed
	images           int      // PNG and GIF outputs
}

// readCells reads a notebook's cells, in order.
func readCells(t *testing.T, path string) []*ranCell {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			ID       string `json:"id"`
			CellType string `json:"cell_type"`
			Source   []string
			Outputs  []struct {
				OutputType string          `json:"output_type"`
				Text       json.RawMessage `json:"text"`
				Data       map[string]any  `json:"data"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var cells []*ranCell
	for _, c := range nb.Cells {
		out := &ranCell{id: c.ID, kind: c.CellType, source: strings.Join(c.Source, "")}
		for _, o := range c.Outputs {
			if o.OutputType == "stream" {
				// nbformat allows one string or a list of lines.
				var lines []string
				if err := json.Unmarshal(o.Text, &lines); err != nil {
					var s string
					if err := json.Unmarshal(o.Text, &s); err != nil {
						t.Fatalf("%s: cell %q: stream text: %v", path, c.ID, err)
					}
					lines = []string{s}
				}
				out.text += strings.Join(lines, "")
			}
			if _, ok := o.Data["image/png"]; ok {
				out.images++
			}
			if v, ok := o.Data["image/gif"]; ok {
				out.images++
				s, _ := v.(string)
				data, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(s, "\n", ""))
				if err != nil {
					t.Fatalf("%s: cell %q: GIF output: %v", path, c.ID, err)
				}
				out.gifs = append(out.gifs, data)
			}
		}
		cells = append(cells, out)
	}
	return cells
}

// byID returns the cell with the given id.
func byID(t *testing.T, cells []*ranCell, id string) *ranCell {
	t.Helper()
	for _, c := range cells {
		if c.id == id {
			return c
		}
	}
	t.Fatalf("no cell %q", id)
	return nil
}

// lineWith returns the first line of c's output that starts with prefix.
func lineWith(t *testing.T, c *ranCell, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(c.text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("cell %q printed no line starting with %q; it printed:\n%s", c.id, prefix, c.text)
	return ""
}

// wantLine checks that c printed exactly the line want.
func wantLine(t *testing.T, c *ranCell, want string) {
	t.Helper()
	for _, l := range strings.Split(c.text, "\n") {
		if l == want {
			return
		}
	}
	t.Errorf("cell %q should print\n  %s\nit printed:\n%s", c.id, want, c.text)
}

var number = regexp.MustCompile(`[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?`)

// numbers returns the numbers printed in s, in order.
func numbers(s string) []string { return number.FindAllString(s, -1) }

// near checks that the printed number is want, rounded to the digits
// printed: the notebook and this test may round differently in the last
// bits, which can tip a value on a rounding boundary either way.
func near(t *testing.T, what, printed string, want float64) {
	t.Helper()
	p, err := strconv.ParseFloat(printed, 64)
	if err != nil {
		t.Fatalf("%s: %q is not a number", what, printed)
	}
	mant, exp, _ := strings.Cut(strings.ToLower(printed), "e")
	unit := 1.0
	if _, frac, ok := strings.Cut(mant, "."); ok {
		unit = math.Pow(10, -float64(len(frac)))
	}
	if exp != "" {
		e, _ := strconv.Atoi(exp)
		unit *= math.Pow(10, float64(e))
	}
	if math.Abs(p-want) > unit/2*(1+1e-9)+1e-12*math.Abs(want) {
		t.Errorf("%s: printed %s, recomputed %g", what, printed, want)
	}
}

// --- Independent re-computations -------------------------------------------

// cubicSlope is the slope of x - x³, rounded as numpy rounds it.
func cubicSlope(x float64) float64 { return 1 - float64(3*float64(x*x)) }

// cubicFloor is the valley floor of x - x³.
var cubicFloor = -1 / math.Sqrt(3)

// adagrad runs Adagrad in the tutorial's order for n steps and returns every
// point and accumulator, the start first.
func adagrad(grad func(g, x []float64), x0 []float64, lr, a0, eps float64, n int) (xs, accs [][]float64) {
	x := append([]float64(nil), x0...)
	acc := make([]float64, len(x))
	for k := range acc {
		acc[k] = a0
	}
	g := make([]float64, len(x))
	xs = [][]float64{append([]float64(nil), x...)}
	accs = [][]float64{append([]float64(nil), acc...)}
	for range n {
		grad(g, x)
		for k := range x {
			acc[k] += float64(g[k] * g[k])
			x[k] += -lr * g[k] / (math.Sqrt(acc[k]) + eps)
		}
		xs = append(xs, append([]float64(nil), x...))
		accs = append(accs, append([]float64(nil), acc...))
	}
	return xs, accs
}

// adagrad1D is adagrad on x - x³, returning the points.
func adagrad1D(x0, lr, a0, eps float64, n int) []float64 {
	xs, _ := adagrad(func(g, x []float64) { g[0] = cubicSlope(x[0]) }, []float64{x0}, lr, a0, eps, n)
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x[0]
	}
	return out
}

// tiltedGrad is the gradient of 2x² + 2xy + 2y² - 6x.
func tiltedGrad(g, p []float64) {
	g[0] = float64(4*p[0]) + float64(2*p[1]) - 6
	g[1] = float64(2*p[0]) + float64(4*p[1])
}

// lastChange returns the last step after which xs changed.
func lastChange(xs []float64) int {
	last := 0
	for i := 1; i < len(xs); i++ {
		if xs[i] != xs[i-1] {
			last = i
		}
	}
	return last
}

// sameAs checks that printed is want printed with verb, allowing for a last
// digit rounded the other way when want lies on the boundary.
func sameAs(t *testing.T, what, printed, verb string, want float64) {
	t.Helper()
	w := fmt.Sprintf(verb, want)
	if printed == w {
		return
	}
	p, err := strconv.ParseFloat(strings.TrimSpace(printed), 64)
	if err == nil && math.Abs(p-want) <= 1e-9*math.Abs(want) {
		return
	}
	t.Errorf("%s: printed %q, recomputed %q", what, printed, w)
}

// --- Part 1 ----------------------------------------------------------------

func checkClaims01(t *testing.T, cells []*ranCell) {
	ref := reference.Must(t, "tutorial-1d.json")
	pts := make([]float64, len(ref.Points))
	accs := make([]float64, len(ref.Points))
	for i := range ref.Points {
		pts[i], accs[i] = ref.Points[i][0], ref.Accumulators[i][0]
	}
	// Our own loop reproduces the reference, so it can stand in for it
	// where the reference has no answer.
	if own := adagrad1D(-1, 0.05, 0.1, 1e-8, 1000); own[1000] != pts[1000] {
		t.Fatalf("the test's own loop ends at %v, the reference at %v", own[1000], pts[1000])
	}

	// The first step by hand: a₁ = 0.1 + (-2)² = 4.1, x₁ = -1 + 0.05·2/√4.1.
	a1, x1 := 0.1+4.0, -1+0.05*2/(math.Sqrt(4.1)+1e-8)
	if a1 != accs[1] || x1 != pts[1] {
		t.Errorf("by hand a₁ = %v, x₁ = %v; the tutorial's first step gives %v, %v", a1, x1, accs[1], pts[1])
	}
	c := byID(t, cells, "first")
	wantLine(t, c, "slope at x₀ = -1: -2")
	wantLine(t, c, fmt.Sprintf("3.1  a₁ = 0.1 + (-2)² = %g", accs[1]))
	wantLine(t, c, fmt.Sprintf("3.2  update = -0.05 · (-2) / (√%g + 1e-08) = %+.4f", accs[1], pts[1]-pts[0]))
	wantLine(t, c, fmt.Sprintf("3.3  x₁ = -1 + %.4f = %.4f", pts[1]-pts[0], pts[1]))
	md := textOf(t, cells, "first-md")
	for _, w := range []string{
		fmt.Sprintf("$a_1 = 0.1 + (-2)^2 = %g$", accs[1]),
		fmt.Sprintf("\\approx %+.4f", pts[1]-pts[0]),
		fmt.Sprintf("x_1 \\approx -1 + %.4f = %.4f", pts[1]-pts[0], pts[1]),
		fmt.Sprintf("\\sqrt{4.1} \\approx %.2f", math.Sqrt(4.1)),
	} {
		wantText(t, "first-md", md, w)
	}

	c = byID(t, cells, "loop")
	wantLine(t, c, "row 1 is the first step by hand: true")
	rows := map[int]bool{}
	for _, l := range strings.Split(c.text, "\n") {
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		i, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		rows[i] = true
		sameAs(t, fmt.Sprint("x at step ", i), f[1], "%.6f", pts[i])
		sameAs(t, fmt.Sprint("|x - x*| at step ", i), f[2], "%.2e", math.Abs(pts[i]-cubicFloor))
		sameAs(t, fmt.Sprint("accumulator at step ", i), f[3], "%.4f", accs[i])
		sameAs(t, fmt.Sprint("η/(√a+ε) at step ", i), f[4], "%.5f", 0.05/(math.Sqrt(accs[i])+1e-8))
		if i > 0 {
			sameAs(t, fmt.Sprint("step taken at step ", i), f[5], "%+.2e", pts[i]-pts[i-1])
		}
	}
	if len(rows) < 8 || !rows[0] || !rows[1000] {
		t.Errorf("the loop's table has rows %v", rows)
	}
	wantLine(t, c, fmt.Sprintf("after 1000 steps η/(√a+ε) is η divided by %.2f", math.Sqrt(accs[1000])+1e-8))
	last := lastChange(pts)
	spacing := math.Nextafter(cubicFloor, 0) - cubicFloor
	wantLine(t, c, fmt.Sprintf("x last changes at step %d; after it, every update is under half", last))
	wantLine(t, c, fmt.Sprintf("the spacing of float64 numbers near x* (%.2g)", spacing))
	// The text: x stops short of x*, because the updates fall below half
	// the spacing.
	if pts[1000] == cubicFloor {
		t.Errorf("the text says the point stops short of x*, but it reaches it")
	}
	for i := last + 1; i <= 1000; i++ {
		update := math.Abs(-0.05 * cubicSlope(pts[i-1]) / (math.Sqrt(accs[i]) + 1e-8))
		if update >= spacing/2 {
			t.Errorf("step %d: update %g is not under half the spacing %g", i, update, spacing)
			break
		}
	}
	full := "x after 1000 steps, in full: " + g(pts[1000])
	wantLine(t, c, full)
	wantLine(t, byID(t, cells, "package"), full)

	// The figure's point sits on the dashed line.
	c = byID(t, cells, "picture")
	h := func(x float64) float64 { return x - x*x*x }
	wantLine(t, c, fmt.Sprintf("height of the point: %.9f, of the valley floor: %.9f", h(pts[1000]), h(cubicFloor)))
	if fmt.Sprintf("%.9f", h(pts[1000])) != fmt.Sprintf("%.9f", h(cubicFloor)) {
		t.Errorf("the point is not on the dashed line to the printed digits")
	}

	// Why divide by √Σg²: no step longer than η; scaling f by 100 leaves the
	// path unchanged when a₀ = ε = 0, nearly so otherwise.
	c = byID(t, cells, "why")
	longest := 0.0
	for i := 1; i < len(pts); i++ {
		longest = math.Max(longest, math.Abs(pts[i]-pts[i-1]))
	}
	if longest > 0.05 {
		t.Errorf("the text says no step is longer than η, but one is %g", longest)
	}
	wantLine(t, c, fmt.Sprintf("longest step of the run: %.4f (η = 0.05)", longest))
	gap := func(a0, eps float64) float64 {
		a, _ := adagrad(func(g, x []float64) { g[0] = cubicSlope(x[0]) }, []float64{-1}, 0.05, a0, eps, 1000)
		b, _ := adagrad(func(g, x []float64) { g[0] = 100 * cubicSlope(x[0]) }, []float64{-1}, 0.05, a0, eps, 1000)
		m := 0.0
		for i := range a {
			m = math.Max(m, math.Abs(a[i][0]-b[i][0]))
		}
		return m
	}
	wantLine(t, c, fmt.Sprintf("  Adagrad, a₀ = ε = 0:          %.3g", gap(0, 0)))
	wantLine(t, c, fmt.Sprintf("  Adagrad, a₀ = 0.1, ε = 1e-8:  %.3g", gap(0.1, 1e-8)))
	if gap(0, 0) > 1e-12 || gap(0.1, 1e-8) > 0.01 {
		t.Errorf("scaling f by 100 moves the path by %g (a₀ = ε = 0) and %g (tutorial)", gap(0, 0), gap(0.1, 1e-8))
	}
	wantLine(t, c, "gradient descent's first step with η = 0.05: 0.1 on f, 10 on 100·f")

	checkTry1D(t, byID(t, cells, "try"), 0.05, -1, 0.1, 1e-8)
	// The second step, as the reader finds it: the marked lines copy a₁ and x₁.
	c = byID(t, cells, "second")
	wantLine(t, c, fmt.Sprintf("by hand:     a₂ = %.6f, x₂ = %.6f", accs[1], pts[1]))
	checkSecondStep(t, c, false)
}

// checkSecondStep checks part 1's second-step cell: the slope at x₁ and the
// package's line always, the reader's line when it is answered.
func checkSecondStep(t *testing.T, c *ranCell, answered bool) {
	t.Helper()
	ref := reference.Must(t, "tutorial-1d.json")
	x1 := ref.Points[1][0]
	slope2 := cubicSlope(x1)
	// By hand, from the formulas: a₂ = a₁ + g², x₂ = x₁ - η g/(√a₂ + ε).
	a2 := ref.Accumulators[1][0] + slope2*slope2
	x2 := x1 - 0.05*slope2/(math.Sqrt(a2)+1e-8)
	wantLine(t, c, fmt.Sprintf("slope at x₁: %.4f", slope2))
	wantLine(t, c, fmt.Sprintf("the package: a₂ = %.6f, x₂ = %.6f", ref.Accumulators[2][0], ref.Points[2][0]))
	if answered {
		wantLine(t, c, fmt.Sprintf("by hand:     a₂ = %.6f, x₂ = %.6f", a2, x2))
		if fmt.Sprintf("%.6f %.6f", a2, x2) != fmt.Sprintf("%.6f %.6f", ref.Accumulators[2][0], ref.Points[2][0]) {
			t.Errorf("the answer says the hand computation matches the package; a₂ = %v, x₂ = %v", a2, x2)
		}
	}
}

// checkTry1D checks the output of part 1's flag cell for one setting.
func checkTry1D(t *testing.T, c *ranCell, lr, x0, a0, eps float64) []float64 {
	t.Helper()
	xs := adagrad1D(x0, lr, a0, eps, 1000)
	var want []string
	want = append(want, fmt.Sprintf("slope at the start: %.4g, first step: %+.4f", cubicSlope(x0), xs[1]-xs[0]))
	for _, i := range []int{1, 2, 10, 100, 1000} {
		want = append(want, fmt.Sprintf("after %4d steps: x = %11.6f, |x - x*| = %.2g", i, xs[i], math.Abs(xs[i]-cubicFloor)))
	}
	if got := strings.TrimSpace(c.text); got != strings.Join(want, "\n") {
		t.Errorf("cell %q (lr %g, x0 %g, a0 %g, eps %g) printed\n%s\nrecomputed:\n%s", c.id, lr, x0, a0, eps, got, strings.Join(want, "\n"))
	}
	return xs
}

// --- Part 2 ----------------------------------------------------------------

func checkClaims02(t *testing.T, cells []*ranCell) {
	ref := reference.Must(t, "tutorial-1d.json")
	p := func(i int) float64 { return ref.Points[i][0] }
	c := byID(t, cells, "points")
	wantLine(t, c, fmt.Sprintf("1001 points: %.4f, %.4f, %.4f, ..., %.4f", p(0), p(1), p(2), p(1000)))
	wantLine(t, c, fmt.Sprintf("the last is %.2g from the valley floor", math.Abs(p(1000)-cubicFloor)))

	// The text: each jump is shorter than the one before.
	xs := adagrad1D(-1, 0.05, 0.1, 1e-8, 200)
	for i := 2; i < len(xs); i++ {
		if math.Abs(xs[i]-xs[i-1]) > math.Abs(xs[i-1]-xs[i-2]) {
			t.Errorf("the text says each jump is shorter than the one before; jump %d is not", i)
		}
	}
	c = byID(t, cells, "gif")
	at := checkAnimation(t, c, 200, 0.05)
	if at < 0 || at >= 200 {
		t.Errorf("the text says the point reaches the floor well before frame 200; it arrives at step %d", at)
	}
	// The race cell as the reader finds it runs Adagrad twice.
	c = byID(t, cells, "gd")
	wantLine(t, c, fmt.Sprintf("  Adagrad:          %d", at))
	wantLine(t, c, fmt.Sprintf("  gradient descent: %d", at))
}

// checkRace02 checks part 2's race with the answer in: gradient descent
// arrives first, by a wide margin; its path is descent's, recomputed here.
func checkRace02(t *testing.T, c *ranCell, cells []*ranCell) {
	ada := arrivalIn(t, byID(t, cells, "gif"))
	wantLine(t, c, fmt.Sprintf("  Adagrad:          %d", ada))
	n := numbers(lineWith(t, c, "  gradient descent:"))
	gd, _ := strconv.Atoi(n[len(n)-1])
	if gd <= 0 || 2*gd > ada {
		t.Errorf("the answer says gradient descent arrives first by a wide margin: %d against %d", gd, ada)
	}
	// Descent at η = 0.05: steps of 0.05·|slope|, the first 0.1 long; by
	// its printed arrival it is far closer to the floor than Adagrad is.
	x := -1.0
	xs := []float64{x}
	for range 199 {
		x -= 0.05 * cubicSlope(x)
		xs = append(xs, x)
	}
	if math.Abs(xs[1]-xs[0]-0.1) > 1e-15 {
		t.Errorf("the answer says descent's first step is 0.1; it is %v", xs[1]-xs[0])
	}
	ys := adagrad1D(-1, 0.05, 0.1, 1e-8, 199)
	if d, e := math.Abs(xs[gd]-cubicFloor), math.Abs(ys[gd]-cubicFloor); d >= e/10 {
		t.Errorf("at step %d descent is %g from the floor, Adagrad %g", gd, d, e)
	}
	// Near the floor Adagrad's step is η/5.2 times the slope (part 1).
	ref := reference.Must(t, "tutorial-1d.json")
	wantText(t, "try-md", textOf(t, cells, "try-md"),
		fmt.Sprintf("$\\eta/%.1f$ times the slope", math.Sqrt(ref.Accumulators[1000][0])))
}

// arrivalIn returns the arrival step an animation cell printed.
func arrivalIn(t *testing.T, c *ranCell) int {
	t.Helper()
	n := numbers(lineWith(t, c, "the point is within a pixel"))
	at, err := strconv.Atoi(n[len(n)-1])
	if err != nil {
		t.Fatalf("cell %q: arrival %q", c.id, n[len(n)-1])
	}
	return at
}

// checkAnimation checks the lines that part 2's describe prints against the
// GIF the cell showed, and returns the printed arrival step (-1: none).
func checkAnimation(t *testing.T, c *ranCell, frames int, lr float64) int {
	t.Helper()
	if len(c.gifs) != 1 {
		t.Fatalf("cell %q shows %d GIFs, want 1", c.id, len(c.gifs))
	}
	g, err := gif.DecodeAll(strings.NewReader(string(c.gifs[0])))
	if err != nil {
		t.Fatalf("cell %q: %v", c.id, err)
	}
	total := 0
	for _, d := range g.Delay {
		total += d
	}
	if total != 2*frames {
		t.Errorf("cell %q: the GIF lasts %d hundredths of a second, want %d frames of 2", c.id, total, frames)
	}
	wantLine(t, c, fmt.Sprintf("%d frames of 20ms (%v in all); the GIF stores %d of them",
		frames, fmt.Sprint(float64(2*frames)/100)+"s", len(g.Image)))
	xs := adagrad1D(-1, lr, 0.1, 1e-8, frames-1)
	wantLine(t, c, fmt.Sprintf("in the last frame it is %.2g from the floor", math.Abs(xs[frames-1]-cubicFloor)))
	l := lineWith(t, c, "the point ")
	if strings.Contains(l, "not yet") {
		return -1
	}
	n := numbers(l)
	at, _ := strconv.Atoi(n[len(n)-1])
	return at
}

// --- Part 3 ----------------------------------------------------------------

func checkClaims03(t *testing.T, cells []*ranCell) {
	ref := reference.Must(t, "tutorial-2d.json")
	pts, accs := ref.Points, ref.Accumulators
	dist := func(p []float64) float64 { return math.Hypot(p[0]-2, p[1]+1) }

	c := byID(t, cells, "loop")
	for _, i := range []int{0, 1, 10, 100, 1000} {
		p, a := pts[i], accs[i]
		wantLine(t, c, fmt.Sprintf("%4d  %9.6f  %9.6f  %19.2e  %9.3f %9.3f", i, p[0], p[1], dist(p), a[0], a[1]))
	}
	last := pts[1000]
	wantLine(t, c, fmt.Sprintf("after 1000 steps: |x - 2| = %.2e, |y + 1| = %.2e", math.Abs(last[0]-2), math.Abs(last[1]+1)))
	full := fmt.Sprintf("(x, y) after 1000 steps, in full: (%s, %s)", g(last[0]), g(last[1]))
	wantLine(t, c, full)
	wantLine(t, byID(t, cells, "package"), full)

	step := func(xs [][]float64, i int) float64 {
		return math.Hypot(xs[i][0]-xs[i-1][0], xs[i][1]-xs[i-1][1])
	}
	c = byID(t, cells, "contour")
	for _, i := range []int{1, 10, 100, 1000} {
		wantLine(t, c, fmt.Sprintf("length of step %4d: %.2e", i, step(pts, i)))
	}

	// The animation: 200 frames over the whole run, the last one held.
	c = byID(t, cells, "anim")
	wantLine(t, c, fmt.Sprintf("saved adagrad-2d.gif: 200 frames covering steps 0 to %d", len(pts)-1))
	wantLine(t, c, "each frame shows for 20ms, the last for 1.5s more: 5.5s in all")
	if len(c.gifs) != 1 {
		t.Fatalf("cell %q shows %d GIFs, want 1", c.id, len(c.gifs))
	}
	anim, err := gif.DecodeAll(strings.NewReader(string(c.gifs[0])))
	if err != nil {
		t.Fatalf("cell %q: %v", c.id, err)
	}
	total := 0
	for _, d := range anim.Delay {
		total += d
	}
	if last := anim.Delay[len(anim.Delay)-1]; total != 200*2+150 || last < 150 {
		t.Errorf("cell %q: the GIF lasts %d hundredths of a second, its last frame %d; the text says 200 frames of 2 and the last held 150 more", c.id, total, last)
	}
	if w, h := anim.Config.Width, anim.Config.Height; w != 960 || h != 540 {
		t.Errorf("cell %q: the GIF is %dx%d; the text says it is drawn at the 960x540 it is shown at", c.id, w, h)
	}
	// The spacing: one step a frame, then further and further apart. The
	// two lines must add up: 200 frames, 20 ms each, steps 0 to 1000.
	var k, k1, s0, gap0, gapN int
	var d1, d2 string
	if _, err := fmt.Sscanf(lineWith(t, c, "frames 0 to"), "frames 0 to %d show steps 0 to %d, one step each, in %s", &k, &k1, &d1); err != nil || k != k1 {
		t.Errorf("cell %q: the frames shown one step each: %v (frames 0 to %d, steps 0 to %d)", c.id, err, k, k1)
	}
	second := lineWith(t, c, fmt.Sprintf("frames %d to 199 show steps ", k+1))
	if _, err := fmt.Sscanf(second, fmt.Sprintf("frames %d to 199 show steps %%d to 1000 in %%s spreading out from +%%d to +%%d steps a frame", k+1), &s0, &d2, &gap0, &gapN); err != nil {
		t.Fatalf("cell %q: %q: %v", c.id, second, err)
	}
	mean := float64(1000-s0) / float64(199-(k+1))
	switch {
	case d1 != fmt.Sprint(time.Duration(k+1)*20*time.Millisecond), d2 != fmt.Sprint(time.Duration(199-k)*20*time.Millisecond)+",":
		t.Errorf("cell %q: %s and %s for %d and %d frames of 20 ms", c.id, d1, d2, k+1, 199-k)
	case s0-k != gap0 || gap0 < 2:
		t.Errorf("cell %q: the first spread frame shows step %d, %d after step %d, not +%d", c.id, s0, s0-k, k, gap0)
	case k < 50 || gapN < 5*gap0 || mean <= float64(gap0) || mean >= float64(gapN):
		t.Errorf("cell %q: the text says the first frames show one step each and the later ones spread out; %d frames one step apart, then gaps from +%d to +%d, %.1f on average", c.id, k+1, gap0, gapN, mean)
	}

	c = byID(t, cells, "slow")
	rate := func(a float64) float64 { return 0.05 / (math.Sqrt(a) + 1e-8) }
	for _, i := range []int{1, 10, 100, 1000} {
		a := accs[i]
		wantLine(t, c, fmt.Sprintf("step %4d: accumulators %8.3f %8.3f, effective steps %.5f %.5f", i, a[0], a[1], rate(a[0]), rate(a[1])))
	}
	// The lower panel's lines for x, relative to step 1.
	gr := make([]float64, 2)
	factors := func(i int) (step, effective, slope float64) {
		tiltedGrad(gr, pts[i-1])
		return math.Abs(pts[i][0] - pts[i-1][0]), rate(accs[i][0]), math.Abs(gr[0])
	}
	s1, e1, g1 := factors(1)
	rel := map[int][3]float64{}
	for _, i := range []int{10, 100, 1000} {
		s, e, g := factors(i)
		rel[i] = [3]float64{s / s1, e / e1, g / g1}
		wantLine(t, c, fmt.Sprintf("  step %4d: step taken %.3g, effective step %.3g, |gradient| %.3g", i, s/s1, e/e1, g/g1))
	}
	// The text: at first both factors shrink, the effective step the faster;
	// then it levels off while the gradient keeps falling.
	if r := rel[10]; !(r[1] < r[2] && r[2] < 1) {
		t.Errorf("the text says both factors shrink at first, the effective step the faster; at step 10 they are %v", r)
	}
	if rel[100][1]/rel[1000][1] > 1.1 || rel[1000][2] > rel[100][2]/100 {
		t.Errorf("the text says the effective step levels off while the gradient vanishes: steps 100 and 1000 %v %v", rel[100], rel[1000])
	}
	wantLine(t, c, fmt.Sprintf("from step 500 to step 1000 the step taken shrinks by a factor %.5f per step",
		math.Pow(step(pts, 1000)/step(pts, 500), 1.0/500)))

	// The accumulators are equal at every step, and the path stays on x + y = 1.
	c = byID(t, cells, "equal")
	accGap, lineGap := 0.0, 0.0
	for i := range pts {
		accGap = math.Max(accGap, math.Abs(accs[i][0]-accs[i][1])/accs[i][0])
		lineGap = math.Max(lineGap, math.Abs(pts[i][0]+pts[i][1]-1))
	}
	if accGap > 1e-13 || lineGap > 1e-13 {
		t.Errorf("the text says the accumulators agree to rounding and the path stays on x + y = 1; the gaps are %g and %g", accGap, lineGap)
	}
	wantLine(t, c, "over 1000 steps, the largest")
	wantLine(t, c, fmt.Sprintf("  relative difference between the accumulators: %.1g", accGap))
	wantLine(t, c, fmt.Sprintf("  |x + y - 1| (the distance from the line, times √2): %.1g", lineGap))
	wantLine(t, c, "offset of the start from the minimum: (-1, 1), gradient there: (-2, 2)")

	// From (-3, 3) the coordinates part ways.
	xs, as := adagrad(tiltedGrad, []float64{-3, 3}, 0.05, 0.1, 1e-8, 1000)
	c = byID(t, cells, "differ")
	s := []float64{xs[1][0] - xs[0][0], xs[1][1] - xs[0][1]}
	wantLine(t, c, fmt.Sprintf("gradient at (-3, 3): (-12, 6); Adagrad's first step: (%+.4f, %+.4f)", s[0], s[1]))
	angle := math.Acos((12*s[0] - 6*s[1]) / (math.Hypot(12, 6) * math.Hypot(s[0], s[1])))
	wantLine(t, c, fmt.Sprintf("angle between that step and the downhill direction -∇f: %.1f°", angle*180/math.Pi))
	moved := []float64{xs[1000][0] + 3, xs[1000][1] - 3}
	below := -math.Atan2(moved[1], moved[0]) * 180 / math.Pi
	wantLine(t, c, fmt.Sprintf("over 1000 steps it moved (%+.2f, %+.2f): %.0f° below the x axis;", moved[0], moved[1], below))
	wantLine(t, c, fmt.Sprintf("-∇f at the start points %.0f° below it", math.Atan2(6, 12)*180/math.Pi))
	if math.Abs(below-45) > 5 {
		t.Errorf("the text says the path from (-3, 3) runs near the diagonal; it runs %.1f° below the x axis", below)
	}
	wantLine(t, c, fmt.Sprintf("distance to the minimum: %.2f at the start, %.2f after 1000 steps", dist(xs[0]), dist(xs[1000])))
	if dist(xs[1000]) < 1000*dist(pts[1000]) {
		t.Errorf("the text says the run from (-3, 3) is still far from the minimum; it is %g away", dist(xs[1000]))
	}

	// Each coordinate's step and its two factors, at every step from 1.
	var slope, eff, taken [2][]float64
	for i := 1; i <= 1000; i++ {
		tiltedGrad(gr, xs[i-1])
		for k := range 2 {
			slope[k] = append(slope[k], math.Abs(gr[k]))
			eff[k] = append(eff[k], rate(as[i][k]))
			taken[k] = append(taken[k], math.Abs(xs[i][k]-xs[i-1][k]))
		}
	}
	c = byID(t, cells, "differ-slow")
	if c.images != 1 {
		t.Errorf("cell %q shows %d images, want the chart", c.id, c.images)
	}
	for _, i := range []int{1, 10, 100, 1000} {
		a, j := as[i], i-1
		wantLine(t, c, fmt.Sprintf("%4d  %8.1f %8.1f  %.2e  %.2e  %.2e  %.2e  %4.2f", i, a[0], a[1],
			eff[0][j], eff[1][j], taken[0][j], taken[1][j], slope[0][j]/slope[1][j]))
	}
	ratios := func(a, b []float64) (lo, hi float64) {
		lo, hi = math.Inf(1), 0
		for i := range a {
			lo, hi = math.Min(lo, a[i]/b[i]), math.Max(hi, a[i]/b[i])
		}
		return lo, hi
	}
	effLo, effHi := ratios(eff[1], eff[0])
	wantLine(t, c, fmt.Sprintf("over the 1000 steps, y's effective step is %.1f to %.1f times x's;", effLo, effHi))
	takenLo, takenHi := ratios(taken[0], taken[1])
	wantLine(t, c, fmt.Sprintf("x's step taken is %.2f to %.2f times y's", takenLo, takenHi))
	slopeLo, slopeHi := ratios(slope[0], slope[1])
	// The text: x's slope is the steeper at every step, so its effective
	// step is the smaller, 2.0 to 2.7 times; yet its step taken is the
	// larger, at every step (the step per unit of gradient is what shrinks).
	if slopeLo <= 1 || effLo <= 1 || takenLo <= 1 {
		t.Errorf("the text says x's slope, x's effective-step divisor and x's step taken are the larger at every step: ratios from %g, %g, %g", slopeLo, effLo, takenLo)
	}
	md := textOf(t, cells, "differ-slow-md")
	wantText(t, "differ-slow-md", md, fmt.Sprintf("%.1f to %.1f times smaller over the run", effLo, effHi))
	if takenHi > 1.5 {
		t.Errorf("the text says the steps taken come out close; x's is up to %.2f times y's", takenHi)
	}

	// Steep or far: the curvature is 4 along both axes, the slopes differ
	// because of the offset and the coupling.
	c = byID(t, cells, "cause")
	wantLine(t, c, "curvature along x: 4, along y: 4")
	for _, i := range []int{0, 10, 100, 1000} {
		dx, dy := xs[i][0]-2, xs[i][1]+1
		sum := func(a, b float64) string { return fmt.Sprintf("%+6.2f %+6.2f = %+6.2f", a, b, a+b) }
		wantLine(t, c, fmt.Sprintf("%4d  (%+.2f, %+.2f)   %s   %s   %.2f", i, dx, dy, sum(4*dx, 2*dy), sum(2*dx, 4*dy),
			math.Abs((4*dx+2*dy)/(2*dx+4*dy))))
	}
	md = textOf(t, cells, "cause-md")
	wantText(t, "cause-md", md, "$-20 + 8 = -12$")
	wantText(t, "cause-md", md, "$-10 + 16 = 6$")
	if math.Round(slopeLo*2)/2 != 2 || math.Round(slopeHi*2)/2 != 3.5 {
		t.Errorf("the text says x's slope stays two to three and a half times y's; it is %.2f to %.2f", slopeLo, slopeHi)
	}
	wantText(t, "cause-md", md, "two to three and a half times")

	checkTry2D(t, byID(t, cells, "try"), 1, 0, 0.05, 0.1, 1e-8)
	// The race as the reader finds it: both runs are Adagrad.
	c = byID(t, cells, "race")
	wantLine(t, c, fmt.Sprintf("  Adagrad:            %.3f", dist(xs[1000])))
	wantLine(t, c, fmt.Sprintf("  descend2D:          %.3f", dist(xs[1000])))
}

// checkRace03 checks part 3's race with the answer in: plain gradient
// descent from (-3, 3) at η = 0.05 reaches the minimum, Adagrad does not.
func checkRace03(t *testing.T, c *ranCell, cells []*ranCell) {
	x := []float64{-3, 3}
	g := make([]float64, 2)
	for range 1000 {
		tiltedGrad(g, x)
		x[0], x[1] = x[0]-0.05*g[0], x[1]-0.05*g[1]
	}
	ada, _ := adagrad(tiltedGrad, []float64{-3, 3}, 0.05, 0.1, 1e-8, 1000)
	d, a := math.Hypot(x[0]-2, x[1]+1), math.Hypot(ada[1000][0]-2, ada[1000][1]+1)
	wantLine(t, c, fmt.Sprintf("  Adagrad:            %.3f", a))
	wantLine(t, c, fmt.Sprintf("  descend2D:          %.3f", d))
	if d > 1e-9 || a < 2.7 {
		t.Errorf("the answer says descent ends on the minimum and Adagrad more than 2.7 away: %g, %g", d, a)
	}
	// η = 0.05 is below 2/6, 6 being H's largest eigenvalue; 6.4 to go.
	if 0.05 >= 2.0/6 || fmt.Sprintf("%.1f", math.Hypot(-5, 4)) != "6.4" {
		t.Errorf("the answer's numbers")
	}
}

// checkTry2D checks part 3's flag cell for one setting and returns the
// largest relative gap between the accumulators, the accumulators after
// 1000 steps and the last point.
func checkTry2D(t *testing.T, c *ranCell, x0, y0, lr, a0, eps float64) (accGap float64, acc, last []float64) {
	t.Helper()
	xs, as := adagrad(tiltedGrad, []float64{x0, y0}, lr, a0, eps, 1000)
	gr := make([]float64, 2)
	tiltedGrad(gr, xs[0])
	wantLine(t, c, fmt.Sprintf("gradient at the start: (%g, %g); first step: (%+.4f, %+.4f)", gr[0], gr[1], xs[1][0]-xs[0][0], xs[1][1]-xs[0][1]))
	for _, a := range as[1:] {
		accGap = math.Max(accGap, math.Abs(a[0]-a[1])/math.Max(a[0], a[1]))
	}
	a := as[1000]
	wantLine(t, c, fmt.Sprintf("after 1000 steps: accumulators %.4g and %.4g (largest relative difference on the way: %.1g)", a[0], a[1], accGap))
	rate := func(a float64) float64 { return lr / (math.Sqrt(a) + eps) }
	wantLine(t, c, fmt.Sprintf("effective steps %.3g and %.3g; distance to the minimum %.3g", rate(a[0]), rate(a[1]), math.Hypot(xs[1000][0]-2, xs[1000][1]+1)))
	if c.images != 1 {
		t.Errorf("cell %q shows %d images, want the path", c.id, c.images)
	}
	return accGap, a, xs[1000]
}

// --- Part 4 ----------------------------------------------------------------

// A quadratic bowl ½pᵀAp, A = R diag(0.1, 4) Rᵀ with R the rotation by
// angle: the notebook's bowl written as a matrix.
type quadBowl struct{ a, rot *mat.Dense }

func newQuadBowl(angle float64) quadBowl {
	c, s := math.Cos(angle), math.Sin(angle)
	r := mat.NewDense(2, 2, []float64{c, -s, s, c})
	var a mat.Dense
	a.Product(r, mat.NewDiagDense(2, []float64{0.1, 4}), r.T())
	return quadBowl{&a, r}
}

func (b quadBowl) grad(g, p []float64) {
	g[0] = b.a.At(0, 0)*p[0] + b.a.At(0, 1)*p[1]
	g[1] = b.a.At(1, 0)*p[0] + b.a.At(1, 1)*p[1]
}

func (b quadBowl) f(p []float64) float64 {
	g := make([]float64, 2)
	b.grad(g, p)
	return (p[0]*g[0] + p[1]*g[1]) / 2
}

func (b quadBowl) start() []float64 {
	var v mat.VecDense
	v.MulVec(b.rot, mat.NewVecDense(2, []float64{-4.5, 1.2}))
	return []float64{v.AtVec(0), v.AtVec(1)}
}

func (b quadBowl) descend(lr float64, n int) [][]float64 {
	x := b.start()
	g := make([]float64, 2)
	xs := [][]float64{append([]float64(nil), x...)}
	for range n {
		b.grad(g, x)
		x[0] -= lr * g[0]
		x[1] -= lr * g[1]
		xs = append(xs, append([]float64(nil), x...))
	}
	return xs
}

// fullMatrix runs full-matrix Adagrad, with G^(-1/2) from an
// eigendecomposition.
func (b quadBowl) fullMatrix(lr float64, n int) []float64 {
	x := b.start()
	g := make([]float64, 2)
	G := mat.NewSymDense(2, []float64{0.1, 0, 0, 0.1})
	for range n {
		b.grad(g, x)
		G.SymRankOne(G, 1, mat.NewVecDense(2, g))
		var eig mat.EigenSym
		if !eig.Factorize(G, true) {
			panic("no eigendecomposition")
		}
		var v mat.Dense
		eig.VectorsTo(&v)
		vals := eig.Values(nil)
		var root mat.Dense
		root.Product(&v, mat.NewDiagDense(2, []float64{1 / math.Sqrt(vals[0]), 1 / math.Sqrt(vals[1])}), v.T())
		var step mat.VecDense
		step.MulVec(&root, mat.NewVecDense(2, g))
		x[0] -= lr * step.AtVec(0)
		x[1] -= lr * step.AtVec(1)
	}
	return x
}

// movingRuns runs the three methods of part 4 on (x - m)², m jumping
// between 0 and 1 every `every` steps for 8 phases, from x = 1. It returns
// each method's points and its step for a unit slope after every step.
func movingRuns(every int) (xs, rates [3][]float64) {
	target := func(t int) float64 { return float64((t / every) % 2) }
	// Adagrad, RMSprop and Adam written from their papers' formulas.
	sum, avg, m, v := 0.1, 0.0, 0.0, 0.0
	x := [3]float64{1, 1, 1}
	for k := range 3 {
		xs[k] = []float64{1}
	}
	for t := 0; t < 8*every; t++ {
		g := [3]float64{2 * (x[0] - target(t)), 2 * (x[1] - target(t)), 2 * (x[2] - target(t))}
		sum += g[0] * g[0]
		x[0] -= 0.25 * g[0] / (math.Sqrt(sum) + 1e-8)
		rates[0] = append(rates[0], 0.25/(math.Sqrt(sum)+1e-8))
		avg = 0.9*avg + 0.1*g[1]*g[1]
		x[1] -= 0.04 * g[1] / (math.Sqrt(avg) + 1e-8)
		rates[1] = append(rates[1], 0.04/(math.Sqrt(avg)+1e-8))
		m = 0.9*m + 0.1*g[2]
		v = 0.999*v + 0.001*g[2]*g[2]
		n := float64(t + 1)
		vHat := v / (1 - math.Pow(0.999, n))
		x[2] -= 0.05 * (m / (1 - math.Pow(0.9, n))) / (math.Sqrt(vHat) + 1e-8)
		rates[2] = append(rates[2], 0.05/(math.Sqrt(vHat)+1e-8))
		for k := range 3 {
			xs[k] = append(xs[k], x[k])
		}
	}
	return xs, rates
}

// settle returns, for each phase, the number of steps after which x stays
// within 0.05 of the minimum until it jumps again, -1 for none: the step
// after the last one that leaves x outside the band.
func settle(xs []float64, every int) []int {
	var n []int
	for k := range 8 {
		out := 0
		for t := k * every; t < (k+1)*every; t++ {
			if math.Abs(xs[t+1]-float64((t/every)%2)) >= 0.05 {
				out = t - k*every + 1
			}
		}
		if out == every {
			out = -2
		}
		n = append(n, out+1)
	}
	return n
}

// firstWithin returns, for each phase, the number of steps until x first
// comes within 0.05 of the minimum, -1 for never.
func firstWithin(xs []float64, every int) []int {
	var n []int
	for k := range 8 {
		n = append(n, -1)
		for t := k * every; t < (k+1)*every; t++ {
			if math.Abs(xs[t+1]-float64((t/every)%2)) < 0.05 {
				n[k] = t - k*every + 1
				break
			}
		}
	}
	return n
}

// settleTable returns the settling counts printed by part 4's forget cell.
func settleTable(t *testing.T, c *ranCell) [3][]int {
	t.Helper()
	var out [3][]int
	for k, name := range []string{"Adagrad ", "RMSprop ", "Adam "} {
		out[k] = counts(t, strings.Fields(lineWith(t, c, name))[1:])
	}
	return out
}

// settleRow reads the counts of the exercise cell's "steps to settle" line.
func settleRow(t *testing.T, c *ranCell) []int {
	t.Helper()
	_, row, _ := strings.Cut(lineWith(t, c, "steps to settle, phase by phase:"), ":")
	return counts(t, strings.Fields(row))
}

// counts reads a row of counts, - for -1.
func counts(t *testing.T, fields []string) []int {
	t.Helper()
	var out []int
	for _, f := range fields {
		n := -1
		if f != "-" {
			var err error
			if n, err = strconv.Atoi(f); err != nil {
				t.Fatalf("%q in a row of counts", f)
			}
		}
		out = append(out, n)
	}
	return out
}

func checkClaims04(t *testing.T, cells []*ranCell) {
	aligned, turned := newQuadBowl(0), newQuadBowl(math.Pi/4)
	adagradBowl := func(b quadBowl, lr float64) ([][]float64, [][]float64) {
		return adagrad(b.grad, b.start(), lr, 0.1, 1e-8, 100)
	}

	c := byID(t, cells, "bowl")
	gd := aligned.descend(0.45, 100)
	ada, _ := adagradBowl(aligned, 1)
	first := numbers(lineWith(t, c, "first step:"))
	for k, want := range []float64{gd[1][0] - gd[0][0], gd[1][1] - gd[0][1], ada[1][0] - ada[0][0], ada[1][1] - ada[0][1]} {
		near(t, "first step", first[k], want)
	}
	for _, i := range []int{0, 10, 50, 100} {
		n := numbers(lineWith(t, c, fmt.Sprintf("step %3d ", i)))
		near(t, fmt.Sprint("gradient descent's f at step ", i), n[1], aligned.f(gd[i]))
		near(t, fmt.Sprint("Adagrad's f at step ", i), n[2], aligned.f(ada[i]))
	}
	if aligned.f(ada[100]) > aligned.f(gd[100])/100 {
		t.Errorf("the text says Adagrad ends much lower on the stretched bowl")
	}
	if gd[1][1]*gd[0][1] >= 0 {
		t.Errorf("the text says gradient descent's first step throws y to the other side")
	}

	c = byID(t, cells, "paths")
	signs := func(xs [][]float64) int {
		n := 0
		for i := 1; i < len(xs); i++ {
			if xs[i][1]*xs[i-1][1] < 0 {
				n++
			}
		}
		return n
	}
	wantLine(t, c, fmt.Sprintf("y changes sign %d times along gradient descent's path, %d times along Adagrad's", signs(gd), signs(ada)))
	if signs(gd) < 90 || signs(ada) != 0 {
		t.Errorf("the text says gradient descent swings across the bowl all the way and Adagrad does not cross it")
	}
	if math.Abs(ada[5][1]) > 0.05*math.Abs(ada[0][1]) {
		t.Errorf("the text says Adagrad comes down to the bowl's floor in a few steps; y after 5 steps is %g", ada[5][1])
	}

	// One direction at a time: with its accumulators settled, Adagrad
	// multiplies each distance by 1 - ηλ/√a per step.
	c = byID(t, cells, "directions")
	_, accs := adagradBowl(aligned, 1)
	lambda := [2]float64{0.1, 4}
	var factor [2]float64
	for k, name := range []string{"x", "y"} {
		if math.Abs(accs[100][k]-accs[50][k]) > 1e-4*accs[100][k] {
			t.Errorf("the text says the accumulators no longer change after step 50: %v, %v", accs[50], accs[100])
		}
		rate := 1 / (math.Sqrt(accs[100][k]) + 1e-8)
		factor[k] = 1 - rate*lambda[k]
		measured := ada[100][k] / ada[99][k]
		n := numbers(lineWith(t, c, name+" "))
		for i, want := range []float64{lambda[k], math.Sqrt(accs[50][k]), math.Sqrt(accs[100][k]), rate, factor[k], measured} {
			near(t, fmt.Sprintf("directions table, %s, column %d", name, i+1), n[i], want)
		}
		if fmt.Sprintf("%.4f", factor[k]) != fmt.Sprintf("%.4f", measured) {
			t.Errorf("the text says the factors match the run to the printed digits: %v against %v", factor[k], measured)
		}
	}
	g0 := [2]float64{0.1 * -4.5, 4 * 1.2}
	wantLine(t, c, fmt.Sprintf("across, the curvature is 40 times larger, the first gradient %.1f times, √a %.1f times",
		g0[1]/-g0[0], math.Sqrt(accs[100][1]/accs[100][0])))
	wantLine(t, c, fmt.Sprintf("the first gradient, (%.2f, %.2f), put in %.0f%% of x's accumulator, %.0f%% of y's",
		g0[0], g0[1], 100*g0[0]*g0[0]/accs[100][0], 100*g0[1]*g0[1]/accs[100][1]))
	wantLine(t, c, "gradient descent, η = 0.45: factors 0.955 along x, -0.800 along y")
	md := textOf(t, cells, "directions-read")
	for _, w := range []string{
		fmt.Sprintf("along $x$ by %.3f per step and along $y$ by %.3f", factor[0], factor[1]),
		fmt.Sprintf("it is %.1f times larger across, where the curvature is 40 times larger", math.Sqrt(accs[100][1]/accs[100][0])),
		fmt.Sprintf("its factor there, %.3f, sets the pace", factor[0]),
		fmt.Sprintf("$%.3f^{100} \\approx 10^{%.0f}$ against $0.955^{100} \\approx 10^{%.0f}$",
			factor[0], 100*math.Log10(factor[0]), 100*math.Log10(0.955)),
	} {
		wantText(t, "directions-read", md, w)
	}
	if r := 1 / math.Sqrt(accs[100][0]); r < 2*0.45 {
		t.Errorf("the text says Adagrad's rate along x is more than twice gradient descent's 0.45: %g", r)
	}
	if f := 1 - 1/math.Sqrt(accs[100][1])*4; f >= factor[0] || 1-0.45*0.1 <= factor[0] {
		t.Errorf("the text says x's factor sets Adagrad's pace, and beats descent's 0.955")
	}

	// The turned bowl.
	c = byID(t, cells, "turned")
	fs := map[string][3]float64{}
	for _, b := range []struct {
		name string
		quadBowl
	}{{"aligned bowl", aligned}, {"turned bowl ", turned}} {
		gd := b.descend(0.45, 100)[100]
		ada, acc := adagradBowl(b.quadBowl, 1)
		full := b.fullMatrix(1, 100)
		n := numbers(lineWith(t, c, b.name+", f after"))
		want := [3]float64{b.f(gd), b.f(ada[100]), b.f(full)}
		fs[b.name] = want
		for k := range want {
			near(t, b.name+" f", n[len(n)-3+k], want[k])
		}
		_ = acc
	}
	// The accumulators: lines under each bowl.
	var accLines []string
	for _, l := range strings.Split(c.text, "\n") {
		if strings.Contains(l, "Adagrad's accumulators") {
			accLines = append(accLines, l)
		}
	}
	if len(accLines) != 2 {
		t.Fatalf("cell %q: %d accumulator lines", c.id, len(accLines))
	}
	for k, b := range []quadBowl{aligned, turned} {
		_, acc := adagradBowl(b, 1)
		a := acc[100]
		n := numbers(accLines[k])
		near(t, "accumulator", n[0], a[0])
		near(t, "accumulator", n[1], a[1])
		ratio := math.Max(a[0], a[1]) / math.Min(a[0], a[1])
		near(t, "accumulator ratio", n[2], ratio)
		if (k == 0) != (ratio > 10) || (k == 1 && ratio > 2) {
			t.Errorf("the text says the accumulators differ a lot on the aligned bowl and end close on the turned one; ratio %g", ratio)
		}
	}
	al, tu := fs["aligned bowl"], fs["turned bowl "]
	if math.Abs(al[0]-tu[0]) > 1e-6*al[0] || math.Abs(al[2]-tu[2]) > 1e-3*al[2] {
		t.Errorf("the text says gradient descent and full-matrix Adagrad do the same on both bowls: %v %v", al, tu)
	}
	if !(tu[1] > tu[0] && tu[2] < tu[0] && tu[2] < tu[1]) {
		t.Errorf("the text says Adagrad ends above gradient descent on the turned bowl, full-matrix Adagrad below both: %v", tu)
	}
	best, bestRate := math.Inf(1), 0.0
	for _, lr := range []float64{0.1, 0.2, 0.5, 1, 1.5, 2, 3, 5, 10, 20} {
		xs, _ := adagrad(turned.grad, turned.start(), lr, 0.1, 1e-8, 100)
		if v := turned.f(xs[100]); v < best {
			best, bestRate = v, lr
		}
	}
	n := numbers(lineWith(t, c, "turned bowl: Adagrad's best"))
	near(t, "Adagrad's best f", n[len(n)-2], best)
	near(t, "Adagrad's best rate", n[len(n)-1], bestRate)
	if best < tu[0] {
		t.Errorf("the text says no Adagrad rate beats gradient descent on the turned bowl")
	}
	// The slowest factor on the turned bowl: the eigenvalue of largest size
	// of I - diag(η/√a)·H, from gonum's general eigensolver.
	_, tacc := adagradBowl(turned, 1)
	m := mat.NewDense(2, 2, nil)
	for i := range 2 {
		for j := range 2 {
			d := 0.0
			if i == j {
				d = 1
			}
			m.Set(i, j, d-turned.a.At(i, j)/math.Sqrt(tacc[100][i]))
		}
	}
	var eig mat.Eigen
	if !eig.Factorize(m, mat.EigenNone) {
		t.Fatal("no eigenvalues")
	}
	slow := 0.0
	for _, v := range eig.Values(nil) {
		slow = math.Max(slow, cmplx.Abs(v))
	}
	tx, _ := adagradBowl(turned, 1)
	measured := math.Hypot(tx[100][0], tx[100][1]) / math.Hypot(tx[99][0], tx[99][1])
	wantLine(t, c, fmt.Sprintf("turned bowl, the slowest factor: gradient descent %.3f, Adagrad %.3f (measured %.3f)",
		1-0.45*0.1, slow, measured))
	dist := func(p []float64) float64 { return math.Hypot(p[0], p[1]) }
	md = textOf(t, cells, "turned-read")
	wantText(t, "turned-read", md, fmt.Sprintf("$1/\\sqrt{%.2f} = %.2f$ and $1/\\sqrt{%.2f} = %.2f$, below gradient descent's 0.45",
		tacc[100][0], 1/math.Sqrt(tacc[100][0]), tacc[100][1], 1/math.Sqrt(tacc[100][1])))
	wantText(t, "turned-read", md, fmt.Sprintf("%.2g against %.2g", dist(tx[100]), dist(turned.descend(0.45, 100)[100])))
	wantText(t, "turned-read", md, fmt.Sprintf("shrinks by %.3f per step, where gradient descent's %.3f", slow, 1-0.45*0.1))
	if slow <= 1-0.45*0.1 {
		t.Errorf("the text says Adagrad's slowest factor is worse than descent's on the turned bowl")
	}
	md = textOf(t, cells, "later")
	wantText(t, "later", md, fmt.Sprintf("$f$ ends at $%.1f \\cdot 10^{%d}$ against gradient descent's $10^{%.0f}$, and $%.1f \\cdot 10^{%d}$ at Adagrad's best rate",
		tu[1]*1e3, -3, math.Log10(tu[0]), best*1e3, -3))
	if math.Floor(math.Log10(tu[1])) != -3 || math.Floor(math.Log10(best)) != -3 {
		t.Errorf("the takeaways quote f in thousandths: %g, %g", tu[1], best)
	}

	// The learning-rate sweep.
	c = byID(t, cells, "sweep")
	checkSweep(t, c, []float64{0.01, 0.05, 0.1, 0.5, 1})
	xs := func(lr float64) []float64 { return adagrad1D(-1, lr, 0.1, 1e-8, 1000) }
	if lastChange(xs(0.01)) != 1000 || lastChange(xs(0.05)) < 900 || lastChange(xs(0.1)) > 400 ||
		lastChange(xs(1)) <= lastChange(xs(0.5)) {
		t.Errorf("the sweep's text: 0.01 still moving, 0.05 settling late, 0.1 and up much sooner, 1 later than 0.5")
	}
	// Where the runs freeze: 14 spacings short of x* at 0.05, 4 at 0.1, on
	// a neighbour of it at 0.5 and 1.
	spacing := math.Nextafter(cubicFloor, 0) - cubicFloor
	wantLine(t, c, fmt.Sprintf("float64 numbers next to x* are %.2g apart", spacing))
	short := map[float64]float64{}
	for _, lr := range []float64{0.05, 0.1, 0.5, 1} {
		short[lr] = math.Abs(xs(lr)[1000]-cubicFloor) / spacing
		if short[lr] != math.Round(short[lr]) {
			t.Errorf("the run at %g stops %g spacings from x*, not a whole number", lr, short[lr])
		}
	}
	md = textOf(t, cells, "sweep-read")
	wantText(t, "sweep-read", md, fmt.Sprintf("it freezes %.0f spacings short of $x^*$ at $0.05$, %.0f short at $0.1$, and on a neighbour of $x^*$ at $0.5$ and $1$",
		short[0.05], short[0.1]))
	if short[0.5] != 1 || short[1] != 1 {
		t.Errorf("the text says 0.5 and 1 freeze on a neighbour of x*: %v", short)
	}
	// f''(x*) = 2√3 ≈ 3.46.
	wantText(t, "sweep-read", md, fmt.Sprintf("$f''(x^*) = 2\\sqrt{3} \\approx %.2f$", 2*math.Sqrt(3)))
	if c.images != 1 {
		t.Errorf("cell %q shows %d images, want the chart", c.id, c.images)
	}

	// The moving minimum.
	c = byID(t, cells, "forget")
	runs, rates := movingRuns(100)
	table := settleTable(t, c)
	var firsts [3][]int
	for k := range 3 {
		if want := settle(runs[k], 100); fmt.Sprint(table[k]) != fmt.Sprint(want) {
			t.Errorf("settling steps of method %d: printed %v, recomputed %v", k, table[k], want)
		}
		firsts[k] = firstWithin(runs[k], 100)
	}
	adamFirst := counts(t, strings.Fields(strings.TrimSuffix(lineWith(t, c, "          "), "  (first within 0.05)")))
	if fmt.Sprint(adamFirst) != fmt.Sprint(firsts[2]) {
		t.Errorf("Adam's first arrivals: printed %v, recomputed %v", adamFirst, firsts[2])
	}
	wantLine(t, c, fmt.Sprintf("first within 0.05 in phase 1: Adagrad %d, RMSprop %d, Adam %d", firsts[0][0], firsts[1][0], firsts[2][0]))
	md = textOf(t, cells, "forget-md")
	lo1, hi1 := min(firsts[0][0], firsts[1][0], firsts[2][0]), max(firsts[0][0], firsts[1][0], firsts[2][0])
	wantText(t, "forget-md", md, fmt.Sprintf("in the first phase in %d to %d steps", lo1, hi1))
	ad, rm, am := table[0], table[1], table[2]
	for k := 1; k < 8; k++ {
		if ad[k] != -1 && ad[k] <= ad[k-1] {
			t.Errorf("the text says each phase takes Adagrad longer: %v", ad)
		}
		if rm[k] != rm[0] {
			t.Errorf("the text says RMSprop settles in the same number of steps in every phase: %v", rm)
		}
		if am[k] == -1 || am[k] < 2*rm[k]-5 || am[k] > 2*rm[k]+5 {
			t.Errorf("the text says Adam settles in about twice RMSprop's steps in every phase: %v", am)
		}
		if firsts[2][k] > rm[k] {
			t.Errorf("the text says Adam reaches each new minimum quickly: %v", firsts[2])
		}
	}
	if ad[7] != -1 || ad[0] >= rm[0] || ad[0] >= am[0] {
		t.Errorf("the text says Adagrad settles fastest in the first phase and misses the last one: %v", ad)
	}
	md = textOf(t, cells, "forget-read")
	wantText(t, "forget-read", md, fmt.Sprintf("%d in the first phase and %d to %d in the others", am[0], slices.Min(am[1:]), slices.Max(am[1:])))
	over := 0.0
	for _, x := range runs[2] {
		over = math.Max(over, math.Max(x-1, -x))
	}
	wantLine(t, c, fmt.Sprintf("Adam overshoots: x goes up to %.2f beyond the minimum", over))

	// The answer to the exercise with -every=50 (run by the exercises).
	runs50, _ := movingRuns(50)
	ad50, rm50, am50 := settle(runs50[0], 50), settle(runs50[1], 50), settle(runs50[2], 50)
	md = textOf(t, cells, "try-md")
	wantText(t, "try-md", md, fmt.Sprintf("in the first three phases, in %d, %d and %d steps", ad50[0], ad50[1], ad50[2]))
	wantText(t, "try-md", md, fmt.Sprintf("RMSprop settles in %d steps in every phase", rm50[0]))
	wantText(t, "try-md", md, fmt.Sprintf("in %d to %d steps", slices.Min(am50), slices.Max(am50)))

	// The reader's RMSprop cell, as found: Adagrad's loop.
	c = byID(t, cells, "rmsprop")
	if got := settleRow(t, c); fmt.Sprint(got) != fmt.Sprint(ad) {
		t.Errorf("the RMSprop exercise's cell, still Adagrad, settles in %v; the table says %v", got, ad)
	}

	c = byID(t, cells, "forget-rates")
	var ends []string
	for k := range 8 {
		ends = append(ends, fmt.Sprintf("%.3f", rates[0][(k+1)*100-1]))
		if k > 0 && rates[0][(k+1)*100-1] >= rates[0][k*100-1] {
			t.Errorf("the text says Adagrad's rate falls at every jump")
		}
	}
	wantLine(t, c, "Adagrad's rate at the end of each phase: "+strings.Join(ends, " "))
	for k, name := range []string{"Adagrad,", "RMSprop,", "Adam,"} {
		n := numbers(strings.SplitN(lineWith(t, c, name), "between", 2)[1])
		lo, hi := math.Inf(1), 0.0
		for _, r := range rates[k][100:] {
			lo, hi = math.Min(lo, r), math.Max(hi, r)
		}
		near(t, name+" lowest rate", n[0], lo)
		near(t, name+" highest rate", n[1], hi)
	}
	// RMSprop's rate climbs back within every phase; Adam's stays in a
	// narrow band.
	for k := 1; k < 8; k++ {
		phase := rates[1][k*100 : (k+1)*100]
		if phase[99] < 10*phase[5] {
			t.Errorf("the text says RMSprop's rate climbs again as the slopes fade (phase %d)", k+1)
		}
	}
	lo, hi := math.Inf(1), 0.0
	for _, r := range rates[2][100:] {
		lo, hi = math.Min(lo, r), math.Max(hi, r)
	}
	if hi > 2*lo {
		t.Errorf("the text says Adam's rate stays in a narrow band: %g to %g", lo, hi)
	}
}

// checkSweep checks part 4's learning-rate table for the given rates and
// returns each rate's points.
func checkSweep(t *testing.T, c *ranCell, rates []float64) map[float64][]float64 {
	t.Helper()
	out := map[float64][]float64{}
	for _, lr := range rates {
		xs := adagrad1D(-1, lr, 0.1, 1e-8, 1000)
		out[lr] = xs
		d0, d := math.Abs(xs[0]-cubicFloor), math.Abs(xs[1000]-cubicFloor)
		row := fmt.Sprintf("%5g   %14.4f   %19.2g   %13.2g   %22d", lr, xs[1], d, d/d0, lastChange(xs))
		if lastChange(xs) < 1000 {
			spacing := math.Nextafter(xs[1000], 0) - xs[1000]
			row += fmt.Sprintf("   %14.0f", d/math.Abs(spacing))
		}
		wantLine(t, c, row)
	}
	return out
}

// --- Exercises -------------------------------------------------------------

// An exercise re-runs cells of a notebook with the flags its text suggests.
type exercise struct {
	notebook string
	cells    []string // the cells to re-run, in order
	flags    string   // what follows %% in the suggested line
	check    func(t *testing.T, runs []*ranCell)
}

var exercises = []exercise{
	{"01-adagrad-one-variable", []string{"try"}, "-a0=0 -eps=0", func(t *testing.T, c []*ranCell) {
		xs := checkTry1D(t, c[0], 0.05, -1, 0, 0)
		// The update is η·g/|g| = η exactly; x₁ - x₀ may differ in the last bit.
		if math.Abs(xs[1]-xs[0]-0.05) > 1e-15 {
			t.Errorf("the answer says the first step is exactly η; it is %v", xs[1]-xs[0])
		}
	}},
	{"01-adagrad-one-variable", []string{"try"}, "-a0=0 -eps=0 -x0=-3", func(t *testing.T, c []*ranCell) {
		xs := checkTry1D(t, c[0], 0.05, -3, 0, 0)
		near := adagrad1D(-1, 0.05, 0, 0, 1000)
		if math.Abs(xs[1]-xs[0]-0.05) > 1e-15 || math.Abs(xs[1000]-cubicFloor) < 0.1 || math.Abs(near[1000]-cubicFloor) > 1e-9 {
			t.Errorf("the answer says: first step η, and far from the floor after 1000 steps unlike from -1")
		}
	}},
	{"01-adagrad-one-variable", []string{"try"}, "-lr=1", func(t *testing.T, c []*ranCell) {
		xs := checkTry1D(t, c[0], 1, -1, 0.1, 1e-8)
		if !(xs[1] > -0.1 && xs[1] < 0 && xs[2] < xs[1] && math.Abs(xs[100]-cubicFloor) < 1e-4) {
			t.Errorf("the answer says: lands just left of 0, comes back, settles within a hundred steps: %v %v %v", xs[1], xs[2], xs[100])
		}
		for i := 2; i <= 100; i++ {
			if math.Abs(xs[i]-xs[i-1]) > math.Abs(xs[i-1]-xs[i-2]) {
				t.Errorf("the answer says each step is shorter than the one before; step %d is not", i)
			}
		}
	}},
	{"01-adagrad-one-variable", []string{"try"}, "-x0=0.7", func(t *testing.T, c []*ranCell) {
		xs := checkTry1D(t, c[0], 0.05, 0.7, 0.1, 1e-8)
		for i := 1; i <= 1000; i++ {
			if xs[i] <= xs[i-1] {
				t.Fatalf("the answer says Adagrad moves right for ever; step %d does not", i)
			}
		}
	}},
	{"02-adagrad-animation", []string{"try"}, "-lr=0.5", func(t *testing.T, c []*ranCell) {
		at := checkAnimation(t, c[0], 200, 0.5)
		xs := adagrad1D(-1, 0.5, 0.1, 1e-8, 200)
		if at < 0 || at > 10 || xs[1] < cubicFloor {
			t.Errorf("the answer says: past the floor in one step, within a pixel in a few frames; arrival %d", at)
		}
		for i := 2; i < len(xs); i++ {
			if xs[i] < cubicFloor || math.Abs(xs[i]-xs[i-1]) > math.Abs(xs[i-1]-xs[i-2]) {
				t.Errorf("the answer says: back in shorter and shorter steps, never crossing the floor again; step %d", i)
				break
			}
		}
	}},
	{"02-adagrad-animation", []string{"try"}, "-lr=0.01", func(t *testing.T, c []*ranCell) {
		if at := checkAnimation(t, c[0], 200, 0.01); at != -1 {
			t.Errorf("the answer says the point does not reach the floor in 200 frames; it does at %d", at)
		}
	}},
	{"02-adagrad-animation", []string{"try"}, "-lr=1 -frames=50", func(t *testing.T, c []*ranCell) {
		at := checkAnimation(t, c[0], 50, 1)
		xs := adagrad1D(-1, 1, 0.1, 1e-8, 50)
		if at < 0 || !(xs[1] > -0.1 && xs[1] < 0) {
			t.Errorf("the answer says: first step to just left of 0, then settles within a pixel; arrival %d", at)
		}
		for i := 3; i < 20; i++ {
			if (xs[i]-cubicFloor)*(xs[i-1]-cubicFloor) > 0 || math.Abs(xs[i]-xs[i-1]) > math.Abs(xs[i-1]-xs[i-2]) {
				t.Errorf("the answer says the frames swing across the floor, shorter each time; step %d does not", i)
				break
			}
		}
	}},
	{"03-adagrad-two-variables", []string{"try"}, "-x0=3 -y0=0", func(t *testing.T, c []*ranCell) {
		if gap, _, _ := checkTry2D(t, c[0], 3, 0, 0.05, 0.1, 1e-8); gap > 1e-13 {
			t.Errorf("the answer says the accumulators stay equal from (3, 0); gap %g", gap)
		}
	}},
	{"03-adagrad-two-variables", []string{"try"}, "-x0=0 -y0=0", func(t *testing.T, c []*ranCell) {
		if _, a, _ := checkTry2D(t, c[0], 0, 0, 0.05, 0.1, 1e-8); a[1] > a[0]/100 {
			t.Errorf("the answer says y's accumulator stays tiny while x's grows large: %v", a)
		}
	}},
	{"03-adagrad-two-variables", []string{"try"}, "-x0=-3 -y0=3 -a0=0 -eps=0", func(t *testing.T, c []*ranCell) {
		checkTry2D(t, c[0], -3, 3, 0.05, 0, 0)
		wantLine(t, c[0], "gradient at the start: (-12, 6); first step: (+0.0500, -0.0500)")
	}},
	{"03-adagrad-two-variables", []string{"try"}, "-lr=0.5", func(t *testing.T, c []*ranCell) {
		if gap, _, last := checkTry2D(t, c[0], 1, 0, 0.5, 0.1, 1e-8); gap > 1e-13 || last[0] != 2 || last[1] != -1 {
			t.Errorf("the answer says: equal accumulators, ends on (2, -1) exactly; gap %g, end %v", gap, last)
		}
	}},
	{"03-adagrad-two-variables", []string{"try"}, "-x0=-3 -y0=3 -lr=1", func(t *testing.T, c []*ranCell) {
		if _, _, last := checkTry2D(t, c[0], -3, 3, 1, 0.1, 1e-8); math.Hypot(last[0]-2, last[1]+1) > 1e-9 {
			t.Errorf("the answer says Adagrad at η = 1 gets from (-3, 3) to the minimum; it ends at %v", last)
		}
	}},
	{"04-why-adagrad", []string{"bowl"}, "-gd=0.51 -ada=5", func(t *testing.T, c []*ranCell) {
		b := newQuadBowl(0)
		gd := b.descend(0.51, 100)
		ada, _ := adagrad(b.grad, b.start(), 5, 0.1, 1e-8, 100)
		ada1, _ := adagrad(b.grad, b.start(), 1, 0.1, 1e-8, 100)
		n := numbers(lineWith(t, c[0], "step 100 "))
		near(t, "gradient descent's f", n[1], b.f(gd[100]))
		near(t, "Adagrad's f", n[2], b.f(ada[100]))
		if b.f(gd[100]) < 100*b.f(gd[0]) || b.f(ada[100]) > b.f(ada1[100])/100 {
			t.Errorf("the answer says: gradient descent blows up, Adagrad at 5 ends far lower than at 1")
		}
		for i := range 100 {
			if math.Abs(ada[i+1][0]-ada[i][0]) > 5 || math.Abs(ada[i+1][1]-ada[i][1]) > 5 {
				t.Errorf("the answer says no Adagrad step is longer than η")
			}
		}
	}},
	{"04-why-adagrad", []string{"sweep"}, "-rates=2,5", func(t *testing.T, c []*ranCell) {
		for lr, xs := range checkSweep(t, c[0], []float64{2, 5}) {
			if xs[1] < 1/math.Sqrt(3) || xs[1000] < 10*xs[1] {
				t.Errorf("the answer says at %g the first step lands past the hilltop and x runs off: %v, %v", lr, xs[1], xs[1000])
			}
		}
	}},
	{"04-why-adagrad", []string{"forget", "forget-rates"}, "-every=50", func(t *testing.T, c []*ranCell) {
		runs, _ := movingRuns(50)
		table := settleTable(t, c[0])
		for k := range 3 {
			if want := settle(runs[k], 50); fmt.Sprint(table[k]) != fmt.Sprint(want) {
				t.Errorf("settling steps of method %d: printed %v, recomputed %v", k, table[k], want)
			}
		}
		// The answer: Adagrad settles in 17, 30 and 43 steps, then never;
		// RMSprop in 29 every phase; Adam in every phase, in 47 to 49.
		ad, rm, am := table[0], table[1], table[2]
		if fmt.Sprint(ad) != fmt.Sprint([]int{ad[0], ad[1], ad[2], -1, -1, -1, -1, -1}) || ad[2] == -1 {
			t.Errorf("the answer says Adagrad settles in the first three phases only: %v", ad)
		}
		if slices.Min(rm) != slices.Max(rm) || slices.Min(am) < 0 || slices.Max(am) >= 50 {
			t.Errorf("the answer says RMSprop and Adam settle in every phase: %v, %v", rm, am)
		}
		if c[1].images != 1 {
			t.Errorf("the rates cell shows no figure with -every=50")
		}
	}},
	{"05-playground", []string{"try"}, "-lr=1.5", func(t *testing.T, c []*ranCell) {
		xs, _ := checkTry05(t, c[0], []float64{-1}, 1.5, 0.1, 1e-8, false)
		if x1 := xs[1][0]; x1 >= -cubicFloor || cubicSlope(x1) <= 0 || diverged05(xs) || arrival(xs) < 0 {
			t.Errorf("the answer says: the first step lands left of the hilltop, where the slope points back, and the run settles; x₁ = %v, arrival %d", x1, arrival(xs))
		}
		// To the end it crosses the floor at nearly every step, at the last
		// hopping between two float64 numbers on either side of x*.
		n, _, last := crossings(xs)
		end := xs[len(xs)-4:]
		if n < 900 || last != 1000 || end[0][0] != end[2][0] || end[1][0] != end[3][0] || (end[0][0]-cubicFloor)*(end[1][0]-cubicFloor) >= 0 {
			t.Errorf("the answer says the run crosses the floor at nearly every step to the end, hopping between two numbers: %d crossings, the last at %d, ending %v", n, last, end)
		}
	}},
	{"05-playground", []string{"try"}, "-lr=1.7", func(t *testing.T, c []*ranCell) {
		xs, _ := checkTry05(t, c[0], []float64{-1}, 1.7, 0.1, 1e-8, false)
		if xs[1][0] <= -cubicFloor || !diverged05(xs) {
			t.Errorf("the answer says the first step lands right of the hilltop and the run diverges; x₁ = %v", xs[1][0])
		}
		for i := 2; i < len(xs); i++ {
			if xs[i][0] <= xs[i-1][0] {
				t.Errorf("the answer says every step after the first takes the point further right; step %d does not", i)
				break
			}
		}
	}},
	{"05-playground", []string{"try"}, "-eps=1", func(t *testing.T, c []*ranCell) {
		xs, accs := checkTry05(t, c[0], []float64{-1}, 0.05, 0.1, 1, false)
		tut, _ := run05([]float64{-1}, 0.05, 0.1, 1e-8, false, 1000)
		if arrival(xs) <= arrival(tut) || math.Sqrt(accs[1][0]) < 1 || math.Sqrt(accs[1000][0]) > 10 {
			t.Errorf("the answer says: later than the tutorial's, √a a few units; arrival %d against %d, accumulators %v to %v", arrival(xs), arrival(tut), accs[1], accs[1000])
		}
	}},
	{"05-playground", []string{"try"}, "-eps=1 -inside", func(t *testing.T, c []*ranCell) {
		xs, _ := checkTry05(t, c[0], []float64{-1}, 0.05, 0.1, 1, true)
		tut, _ := run05([]float64{-1}, 0.05, 0.1, 1e-8, false, 1000)
		outside, _ := run05([]float64{-1}, 0.05, 0.1, 1, false, 1000)
		if !(arrival(tut) < arrival(xs) && arrival(xs) < arrival(outside)) {
			t.Errorf("the answer says: later than the tutorial's, sooner than with epsilon outside; arrivals %d, %d, %d", arrival(tut), arrival(xs), arrival(outside))
		}
	}},
	{"05-playground", []string{"try"}, "-start=-2,1.5 -lr=2", func(t *testing.T, c []*ranCell) {
		xs, _ := checkTry05(t, c[0], []float64{-2, 1.5}, 2, 0.1, 1e-8, false)
		n, first, last := crossings(xs)
		for k := range 2 {
			if d := math.Abs(xs[1][k] - xs[0][k]); math.Abs(d-2) > 0.05 {
				t.Errorf("the answer says the first step is about η in each coordinate; coordinate %d moves %g", k, d)
			}
		}
		// The first step runs along the valley: x + y - 1 hardly changes;
		// the crossings come at steps 2 to 5, each swing shorter.
		if fmt.Sprintf("%.3f %.3f", side(xs[0]), side(xs[1])) != "-1.500 -1.476" || first != 2 || last != 5 || n != 4 {
			t.Errorf("the answer says x + y - 1 goes from -1.5 to -1.476, then crosses at steps 2 to 5: %v %v, crossings %d from %d to %d", side(xs[0]), side(xs[1]), n, first, last)
		}
		if math.Abs(side(xs[5])) >= math.Abs(side(xs[2]))/2 {
			t.Errorf("the answer says the swings die down: x + y - 1 is %v at step 2, %v at step 5", side(xs[2]), side(xs[5]))
		}
		if xs[1000][0] != 2 || xs[1000][1] != -1 {
			t.Errorf("the answer says the run settles on (2, -1) exactly; it ends at %v", xs[1000])
		}
	}},
	{rareNotebook, []string{"try"}, "-exponent=0.5", func(t *testing.T, c []*ranCell) {
		r, def := checkTry06(t, c[0], 0.5, 10), rareTry(t, 1, 10)
		if !(r.lead > 0 && r.lead < def.lead && r.spread < def.spread) {
			t.Errorf("the answer says the lead shrinks as the steps' spread narrows: lead %.3f against %.3f, spread %.2f against %.2f", r.lead, def.lead, r.spread, def.spread)
		}
	}},
	{rareNotebook, []string{"try"}, "-exponent=0", func(t *testing.T, c []*ranCell) {
		r, half := checkTry06(t, c[0], 0, 10), rareTry(t, 0.5, 10)
		if math.Abs(r.lead) > 0.005 || r.spread >= half.spread {
			t.Errorf("the answer says the lead is gone and the spread narrower still: lead %.4f, spread %.2f against %.2f", r.lead, r.spread, half.spread)
		}
	}},
	{rareNotebook, []string{"try"}, "-length=40", func(t *testing.T, c []*ranCell) {
		r, def := checkTry06(t, c[0], 1, 40), rareTry(t, 1, 10)
		if r.sgdRate >= def.sgdRate || r.lead <= def.lead {
			t.Errorf("the answer says SGD's best rate falls and Adagrad's lead grows: rate %g against %g, lead %.3f against %.3f", r.sgdRate, def.sgdRate, r.lead, def.lead)
		}
	}},
}

// withExercises returns the notebook at path with, appended, a copy of the
// cells of each of its exercises whose %% line carries the exercise's
// flags. It checks that the notebook's text suggests those flags.
func withExercises(t *testing.T, path, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb map[string]any
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	cells := nb["cells"].([]any)
	var text strings.Builder
	var markdown []string
	find := func(id string) map[string]any {
		for _, c := range cells {
			if c := c.(map[string]any); c["id"] == id {
				return c
			}
		}
		t.Fatalf("%s: no cell %q", name, id)
		return nil
	}
	for _, c := range cells {
		if c := c.(map[string]any); c["cell_type"] == "markdown" {
			var md strings.Builder
			for _, l := range c["source"].([]any) {
				md.WriteString(l.(string))
			}
			text.WriteString(md.String())
			markdown = append(markdown, md.String())
		}
	}
	n := 0
	for _, e := range exercises {
		if e.notebook != name {
			continue
		}
		if !strings.Contains(text.String(), "`%% "+e.flags+"`") {
			t.Errorf("%s: the text does not suggest `%%%% %s`", name, e.flags)
		}
		for _, id := range e.cells {
			src := find(id)["source"].([]any)
			var lines []any
			replaced := false
			for _, l := range src {
				if s := l.(string); strings.HasPrefix(s, "%%") && !replaced {
					l, replaced = "%% "+e.flags+"\n", true
				}
				lines = append(lines, l)
			}
			if !replaced {
				t.Fatalf("%s: cell %q has no %%%% line", name, id)
			}
			n++
			cells = append(cells, map[string]any{
				"cell_type": "code", "id": fmt.Sprintf("exercise-%d", n), "metadata": map[string]any{},
				"execution_count": nil, "outputs": []any{}, "source": lines,
			})
		}
	}
	source := func(id string) string {
		var b strings.Builder
		for _, l := range find(id)["source"].([]any) {
			b.WriteString(l.(string))
		}
		return b.String()
	}
	for _, c := range codeExerciseCells(t, name, source, markdown) {
		cells = append(cells, c)
	}
	nb["cells"] = cells
	out, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkExercises checks the exercise cells that withExercises appended, as
// executed.
func checkExercises(t *testing.T, path, name string) {
	cells := readCells(t, path)
	n := 0
	for i, e := range exercises {
		if e.notebook != name {
			continue
		}
		var runs []*ranCell
		for range e.cells {
			n++
			runs = append(runs, byID(t, cells, fmt.Sprintf("exercise-%d", n)))
		}
		t.Run(fmt.Sprintf("exercise %d: %s", i, e.flags), func(t *testing.T) {
			for _, r := range runs {
				t.Logf("%%%% %s\n%s", e.flags, r.text)
			}
			e.check(t, runs)
		})
	}
	checkCodeExercises(t, cells, name)
}

var claims = map[string]func(*testing.T, []*ranCell){
	"01-adagrad-one-variable":  checkClaims01,
	"02-adagrad-animation":     checkClaims02,
	"03-adagrad-two-variables": checkClaims03,
	"04-why-adagrad":           checkClaims04,
	"05-playground":            checkClaims05,
	rareNotebook:               checkClaims06,
}

// checkClaims checks the claims of the notebook at path.
func checkClaims(t *testing.T, path, name string) {
	check, ok := claims[name]
	if !ok {
		return
	}
	t.Run("claims", func(t *testing.T) { check(t, readCells(t, path)) })
}

// TestClaims checks the committed notebooks' numbers and claims.
func TestClaims(t *testing.T) {
	for name := range claims {
		t.Run(name, func(t *testing.T) { checkClaims(t, name+".ipynb", name) })
	}
}

// executeNotebooks runs every notebook afresh, with its exercises appended
// (withExercises), and returns the folder holding the executed copies under
// their own names. The copies to run are written beside the notebooks, as
// hidden files removed afterwards, because GoNB finds the project's packages
// from the notebook's folder.
func executeNotebooks(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var inputs []string
	names := map[string]string{}
	for _, nb := range notebooks {
		f, err := os.CreateTemp(".", ".exercises-*-"+nb.name+".ipynb")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove(f.Name()) })
		_, err = f.Write(withExercises(t, nb.name+".ipynb", nb.name))
		if err2 := f.Close(); err == nil {
			err = err2
		}
		if err != nil {
			t.Fatal(err)
		}
		abs, err := filepath.Abs(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, abs)
		names[filepath.Base(f.Name())] = nb.name + ".ipynb"
	}
	cmd := exec.Command(filepath.Join("..", "scripts", "run-notebooks"), append([]string{"--out", dir}, inputs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("executing the notebooks: %v\n%s", err, out)
	}
	for from, to := range names {
		if err := os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// textOf returns the source of the markdown cell id.
func textOf(t *testing.T, cells []*ranCell, id string) string {
	t.Helper()
	c := byID(t, cells, id)
	if c.kind != "markdown" {
		t.Fatalf("cell %q is %s, not markdown", id, c.kind)
	}
	return c.source
}

// wantText checks that the text of a markdown cell says want, a phrase
// whose numbers the caller computed: the text's lines are joined first, as
// a reader sees them.
func wantText(t *testing.T, id, text, want string) {
	t.Helper()
	if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
		t.Errorf("the text of cell %q does not say %q", id, want)
	}
}
