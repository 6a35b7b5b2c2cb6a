package notebooks

// Exercises that ask the reader to write code. Each answer is a Go block
// inside the notebook's <details>; the tests apply it to the cell the
// reader edits, run that cell at the end of the notebook, and check what it
// prints and what the answer's text says, against numbers computed here.

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/rarefeatures"
)

// A codeExercise is one run of a cell the reader edits, with some of the
// notebook's answer blocks applied, in order.
type codeExercise struct {
	notebook string
	cell     string
	answers  []int // indexes of the notebook's answer blocks, counted from 0
	check    func(t *testing.T, run *ranCell, cells []*ranCell)
}

var codeExercises = []codeExercise{
	{"01-adagrad-one-variable", "second", []int{0}, func(t *testing.T, run *ranCell, _ []*ranCell) {
		checkSecondStep(t, run, true)
	}},
	{"02-adagrad-animation", "gd", []int{0}, checkRace02},
	{"03-adagrad-two-variables", "race", []int{0}, checkRace03},
	{"04-why-adagrad", "rmsprop", []int{0}, func(t *testing.T, run *ranCell, cells []*ranCell) {
		checkRMSprop(t, run, cells, 0.25)
	}},
	{"04-why-adagrad", "rmsprop", []int{0, 1}, func(t *testing.T, run *ranCell, cells []*ranCell) {
		checkRMSprop(t, run, cells, 0.04)
	}},
	{rareNotebook, "mystep", []int{0}, func(t *testing.T, run *ranCell, cells []*ranCell) {
		checkMyStep(t, run, cells, "naive")
	}},
	{rareNotebook, "mystep", []int{1}, func(t *testing.T, run *ranCell, cells []*ranCell) {
		checkMyStep(t, run, cells, "merged")
	}},
}

var (
	details = regexp.MustCompile(`(?s)<details>.*?</details>`)
	goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")
)

// answerBlocks returns the Go blocks inside the <details> of the markdown
// sources, in order.
func answerBlocks(markdown []string) []string {
	var blocks []string
	for _, md := range markdown {
		for _, d := range details.FindAllString(md, -1) {
			for _, m := range goBlock.FindAllStringSubmatch(d, -1) {
				blocks = append(blocks, m[1])
			}
		}
	}
	return blocks
}

var funcName = regexp.MustCompile(`^func (\w+)\(`)

// applyAnswer returns the cell's source with an answer block in: a block
// that declares a function replaces that function's declaration; any other
// block replaces, line by line, the lines that end with the same comment.
func applyAnswer(cell, block string) (string, error) {
	block = strings.TrimRight(block, "\n")
	lines := strings.Split(cell, "\n")
	if m := funcName.FindStringSubmatch(block); m != nil {
		start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "func "+m[1]+"(") })
		if start < 0 {
			return "", fmt.Errorf("the cell declares no func %s", m[1])
		}
		end := start + slices.Index(lines[start:], "}")
		if end < start {
			return "", fmt.Errorf("func %s has no end", m[1])
		}
		out := append(slices.Clone(lines[:start]), strings.Split(block, "\n")...)
		return strings.Join(append(out, lines[end+1:]...), "\n"), nil
	}
	for _, a := range strings.Split(block, "\n") {
		_, comment, ok := strings.Cut(a, "// ")
		if !ok {
			return "", fmt.Errorf("answer line %q has no comment to find its line by", a)
		}
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasSuffix(l, "// "+comment) })
		if i < 0 {
			return "", fmt.Errorf("no line of the cell ends with // %s", comment)
		}
		lines[i] = a
	}
	return strings.Join(lines, "\n"), nil
}

func TestApplyAnswer(t *testing.T) {
	cell := "func f() int {\n\treturn 1 // one\n}\n\n%%\nx := 1 // the value\nfmt.Println(x, f())"
	for _, tc := range []struct {
		block, want string
		ok          bool
	}{
		{"x := 2 // the value\n", "func f() int {\n\treturn 1 // one\n}\n\n%%\nx := 2 // the value\nfmt.Println(x, f())", true},
		{"\treturn 3 // one", "func f() int {\n\treturn 3 // one\n}\n\n%%\nx := 1 // the value\nfmt.Println(x, f())", true},
		{"func f() int {\n\treturn 4\n}\n", "func f() int {\n\treturn 4\n}\n\n%%\nx := 1 // the value\nfmt.Println(x, f())", true},
		{"x := 2 // another value", "", false},
		{"x := 2", "", false},
		{"func g() {\n}", "", false},
	} {
		got, err := applyAnswer(cell, tc.block)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("applyAnswer(%q) = %q, %v; want %q, ok %v", tc.block, got, err, tc.want, tc.ok)
		}
	}
}

// TestEveryAnswerRuns checks that every Go block among a notebook's answers
// is run by some exercise, and that every exercise's answer exists.
func TestEveryAnswerRuns(t *testing.T) {
	for _, nb := range notebooks {
		var md []string
		for _, c := range readSource(t, nb.name+".ipynb").Cells {
			if c.CellType == "markdown" {
				md = append(md, string(c.Source))
			}
		}
		blocks := answerBlocks(md)
		used := make([]bool, len(blocks))
		for _, e := range codeExercises {
			if e.notebook != nb.name {
				continue
			}
			for _, i := range e.answers {
				if i >= len(blocks) {
					t.Errorf("%s: an exercise runs answer block %d; the notebook has %d", nb.name, i, len(blocks))
					continue
				}
				used[i] = true
			}
		}
		for i, u := range used {
			if !u {
				t.Errorf("%s: no exercise runs answer block %d:\n%s", nb.name, i, blocks[i])
			}
		}
	}
}

// codeExerciseCells returns the cells to append to a notebook to run its
// code exercises, with the ids checkCodeExercises looks for.
func codeExerciseCells(t *testing.T, name string, source func(id string) string, markdown []string) []map[string]any {
	t.Helper()
	blocks := answerBlocks(markdown)
	var out []map[string]any
	for i, e := range codeExercises {
		if e.notebook != name {
			continue
		}
		src := source(e.cell)
		for _, k := range e.answers {
			if k >= len(blocks) {
				t.Fatalf("%s: no answer block %d", name, k)
			}
			var err error
			if src, err = applyAnswer(src, blocks[k]); err != nil {
				t.Fatalf("%s: cell %q, answer %d: %v", name, e.cell, k, err)
			}
		}
		var lines []any
		for _, l := range strings.SplitAfter(src, "\n") {
			lines = append(lines, l)
		}
		out = append(out, map[string]any{
			"cell_type": "code", "id": fmt.Sprintf("code-exercise-%d", i), "metadata": map[string]any{},
			"execution_count": nil, "outputs": []any{}, "source": lines,
		})
	}
	return out
}

// checkCodeExercises checks the cells codeExerciseCells appended, as
// executed.
func checkCodeExercises(t *testing.T, cells []*ranCell, name string) {
	for i, e := range codeExercises {
		if e.notebook != name {
			continue
		}
		run := byID(t, cells, fmt.Sprintf("code-exercise-%d", i))
		t.Run(fmt.Sprintf("code exercise %d: %s with answers %v", i, e.cell, e.answers), func(t *testing.T) {
			t.Logf("%s", run.text)
			e.check(t, run, cells)
		})
	}
}

// --- Part 4: Adagrad into RMSprop -----------------------------------------

// checkRMSprop checks the exercise cell turned into RMSprop at rate lr.
func checkRMSprop(t *testing.T, run *ranCell, cells []*ranCell, lr float64) {
	t.Helper()
	x, a := 1.0, 0.1
	xs := []float64{x}
	for step := range 800 {
		g := 2 * (x - float64(step/100%2))
		a = 0.9*a + 0.1*g*g
		x -= lr * g / (math.Sqrt(a) + 1e-8)
		xs = append(xs, x)
	}
	want := settle(xs, 100)
	if got := settleRow(t, run); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("RMSprop at %g: printed %v, recomputed %v", lr, got, want)
	}
	farthest := 0.0
	for step := 750; step < 800; step++ {
		farthest = math.Max(farthest, math.Abs(xs[step+1]-float64(step/100%2)))
	}
	wantLine(t, run, fmt.Sprintf("farthest from the minimum over the last 50 steps: %.3f", farthest))
	switch lr {
	case 0.25:
		// It never settles: the hops stay larger than the band.
		if slices.Max(want) != -1 || farthest < 0.05 {
			t.Errorf("the answer says RMSprop at 0.25 never settles: %v, farthest %g", want, farthest)
		}
	case 0.04:
		// The table's RMSprop row.
		if table := settleTable(t, byID(t, cells, "forget")); fmt.Sprint(table[1]) != fmt.Sprint(want) {
			t.Errorf("the answer says RMSprop at 0.04 settles as in the table: %v against %v", want, table[1])
		}
	}
}

// --- Part 6: Adagrad's step written by the reader --------------------------

// myStepRun trains on part 6's data with Adagrad at 0.3 written here, with
// a token listed twice merged (as the gradient's definition requires) or
// not, and returns the weights.
func myStepRun(d *rarefeatures.Data, merged bool) []float64 {
	n := d.Config.Features
	w, acc := make([]float64, n), make([]float64, n)
	for j := range acc {
		acc[j] = 0.1
	}
	for _, e := range d.Train {
		z := 0.0
		for _, tok := range e.Tokens {
			z += w[tok]
		}
		r := 1/(1+math.Exp(-z)) - e.Label
		if !merged {
			for _, tok := range e.Tokens {
				acc[tok] += r * r
				w[tok] -= 0.3 * r / (math.Sqrt(acc[tok]) + 1e-8)
			}
			continue
		}
		copies := map[int]float64{}
		for _, tok := range e.Tokens {
			copies[tok]++
		}
		for tok, m := range copies {
			g := m * r
			acc[tok] += g * g
			w[tok] -= 0.3 * g / (math.Sqrt(acc[tok]) + 1e-8)
		}
	}
	return w
}

// checkMyStep checks the reader's Adagrad step: "sgd" as the notebook
// holds it, "naive" with the answer's first loop, "merged" with its second.
func checkMyStep(t *testing.T, run *ranCell, cells []*ranCell, version string) {
	t.Helper()
	r := rare(t)
	d := r.Data
	if r.AdagradRate != 0.3 {
		t.Fatalf("the cell trains at 0.3, Adagrad's best rate; the best is now %g", r.AdagradRate)
	}
	theirs := r.AdagradWeights // StepSparse's, at 0.3
	var mine []float64
	switch version {
	case "sgd":
		mine = make([]float64, d.Config.Features)
		for _, e := range d.Train {
			z := 0.0
			for _, tok := range e.Tokens {
				z += mine[tok]
			}
			rr := 1/(1+math.Exp(-z)) - e.Label
			for _, tok := range e.Tokens {
				mine[tok] -= 0.3 * rr
			}
		}
	default:
		mine = myStepRun(d, version == "merged")
	}
	largest := 0.0
	for j := range mine {
		largest = math.Max(largest, math.Abs(mine[j]-theirs[j]))
	}
	n := numbers(lineWith(t, run, "largest difference from the package's weights:"))
	near(t, "largest difference", n[0], largest)
	n = numbers(lineWith(t, run, "test loss:"))
	near(t, "the reader's test loss", n[0], rarefeatures.Loss(mine, d.Test))
	near(t, "StepSparse's test loss", n[1], rarefeatures.Loss(theirs, d.Test))
	lm, lt := rarefeatures.Loss(mine, d.Test), rarefeatures.Loss(theirs, d.Test)
	switch version {
	case "naive":
		// "some of its weights end up 0.15 away from the package's,
		// although the test loss hardly changes ... The largest difference
		// is on [a rare feature drawn twice in one example]."
		worst := 0
		for j := range mine {
			if math.Abs(mine[j]-theirs[j]) > math.Abs(mine[worst]-theirs[worst]) {
				worst = j
			}
		}
		if fmt.Sprintf("%.2f", largest) != "0.15" || math.Abs(lm-lt) > 0.001 || r.Counts[worst] > 20 {
			t.Errorf("the answer says the first version misses by 0.15, on a rare feature, with the loss hardly changed: %g (feature %d, seen %d times), %v against %v",
				largest, worst, r.Counts[worst], lm, lt)
		}
		wantText(t, "try-md", textOf(t, cells, "try-md"), "some of its weights end up 0.15 away from the package's")
	case "merged":
		if fmt.Sprintf("%.6f", largest) != "0.000000" {
			t.Errorf("the answer says the merged version gives the package's weights: largest difference %g", largest)
		}
	}
}
