package notebooks

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gonb-tutorials/optimizers/internal/reference"
	"github.com/gonb-tutorials/optimizers/rarefeatures"
)

const rareNotebook = "06-rare-features"

// rareResult runs the sixth notebook's experiment once per test binary.
var rareResult = sync.OnceValues(func() (*rarefeatures.Result, error) {
	d, err := rarefeatures.Generate(rarefeatures.DefaultConfig())
	if err != nil {
		return nil, err
	}
	return rarefeatures.Compare(d, rarefeatures.DefaultRates(), 500)
})

func rare(t *testing.T) *rarefeatures.Result {
	t.Helper()
	r, err := rareResult()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rareLosses is the sentence of the notebook's loss cell, with the losses
// the experiment gives.
func rareLosses(t *testing.T) string {
	r := rare(t)
	return fmt.Sprintf("the test loss is **%.3f** with plain SGD and **%.3f** with Adagrad", r.SGD.Loss[len(r.SGD.Loss)-1], r.Adagrad.Loss[len(r.Adagrad.Loss)-1])
}

// TestRareFeaturesNumbers checks every number the committed notebook
// quotes from its results against the experiment run here, computed
// independently of the notebook's cells where that is natural, and the
// settings its text describes against the package's defaults.
func TestRareFeaturesNumbers(t *testing.T) {
	b, err := os.ReadFile(rareNotebook + ".ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string            `json:"cell_type"`
			Source   []string          `json:"source"`
			Outputs  []json.RawMessage `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var text, out strings.Builder
	for _, c := range nb.Cells {
		if c.CellType == "markdown" {
			text.WriteString(strings.Join(c.Source, "") + "\n")
		}
		for _, raw := range c.Outputs {
			var o struct {
				Text []string            `json:"text"`
				Data map[string][]string `json:"data"`
			}
			_ = json.Unmarshal(raw, &o) // images decode as strings, not lists
			out.WriteString(strings.Join(o.Text, "") + strings.Join(o.Data["text/markdown"], "") + "\n")
		}
	}
	r := rare(t)
	c := r.Data.Config

	// Adagrad's step for the features seen once, and for the most frequent.
	steps := r.EffectiveSteps()
	var once []float64
	top := 0
	for j, n := range r.Counts {
		if n == 1 {
			once = append(once, steps[j])
		}
		if n > r.Counts[top] {
			top = j
		}
	}
	slices.Sort(once)
	onceMedian := once[len(once)/2]
	if len(once)%2 == 0 {
		onceMedian = (once[len(once)/2-1] + once[len(once)/2]) / 2
	}
	bands := rarefeatures.Bands(r.Counts, steps)
	cross := 0.0
	for _, b := range bands {
		if b.Median < r.SGDRate {
			cross = b.Count
			break
		}
	}
	var xs, ys []float64
	for _, b := range bands {
		if b.Count >= 10 {
			xs, ys = append(xs, math.Log(b.Count)), append(ys, math.Log(b.Median))
		}
	}
	slope := fitSlope(xs, ys)

	// The mean size of the weights of two kinds of feature.
	meanSize := func(w []float64, keep func(j int) bool) float64 {
		sum, n := 0.0, 0
		for j := range w {
			if keep(j) {
				sum, n = sum+math.Abs(w[j]), n+1
			}
		}
		return sum / float64(n)
	}
	rareInf := func(j int) bool { return r.Data.Truth[j] != 0 && r.Counts[j] >= 1 && r.Counts[j] <= 10 }
	frequent := func(j int) bool { return j < c.RareFrom }
	sgdRare, adaRare := meanSize(r.SGDWeights, rareInf), meanSize(r.AdagradWeights, rareInf)

	var informative []int
	for j, w := range r.Data.Truth {
		if w != 0 {
			informative = append(informative, r.Counts[j])
		}
	}
	slices.Sort(informative)

	want := []string{
		// The data.
		fmt.Sprintf("rank     1:  %5d", r.Counts[0]),
		fmt.Sprintf("rank %5d: %6d", c.Features, r.Counts[c.Features-1]),
		fmt.Sprintf("%d informative features: half appear %d times or fewer", len(informative), informative[len(informative)/2]),
		"gives the same weights: true",
		// The sweep.
		fmt.Sprintf("Plain SGD does best at **%g**, Adagrad at **%g**", r.SGDRate, r.AdagradRate),
		"SGD's loss is " + map[bool]string{true: "above 1", false: shown06(r.SGDValid[len(r.Rates)-1])}[r.SGDValid[len(r.Rates)-1] > 1] + ", worse than",
		// The loss figure.
		rareLosses(t),
		fmt.Sprintf("the true weights give %.3f", r.TrueLoss),
		fmt.Sprintf("after %d examples, %.0f%% of the pass", r.CatchUp(), 100*float64(r.CatchUp())/float64(c.Train)),
		// The step figure.
		fmt.Sprintf("step of **%.2f** (the median), %.1f times plain SGD's %g", onceMedian, onceMedian/r.SGDRate, r.SGDRate),
		fmt.Sprintf("seen %d times, is down to **%.4f**, %.0f times smaller", r.Counts[top], steps[top], r.SGDRate/steps[top]),
		fmt.Sprintf("cross at features seen about %.0f times", cross),
		fmt.Sprintf("count<sup>%.2f</sup>", slope),
		// The weights.
		fmt.Sprintf("**%.2f** with plain SGD and **%.2f** with Adagrad, %.1f times as much", sgdRare, adaRare, adaRare/sgdRare),
		fmt.Sprintf("%.3f with plain SGD and %.3f with Adagrad", meanSize(r.SGDWeights, frequent), meanSize(r.AdagradWeights, frequent)),
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("the outputs do not say %q", w)
		}
	}
	for i, lr := range r.Rates {
		if row := fmt.Sprintf("| %g | %s | %s |", lr, shown06(r.SGDValid[i]), shown06(r.AdagradValid[i])); !strings.Contains(out.String(), row) {
			t.Errorf("the sweep's table lacks the row %q", row)
		}
	}

	// The text's description of the problem, against the defaults.
	rates := rarefeatures.DefaultRates()
	for _, w := range []string{
		fmt.Sprintf("bag of %d tokens drawn from %s features", c.Length, thousands(c.Features)),
		fmt.Sprintf("from rank %d on", c.RareFrom+1),
		fmt.Sprintf("the %d most frequent included", c.RareFrom),
		fmt.Sprintf("$+%g$ or $-%g$", c.Weight, c.Weight),
		fmt.Sprintf("learn from %s examples", thousands(c.Train)),
		fmt.Sprintf("Another %s examples choose the learning rates and %s more", thousands(c.Valid), thousands(c.Test)),
		fmt.Sprintf("best of %s", []string{"zero", "one", "two", "three", "four", "five", "six", "seven"}[len(rates)]),
		fmt.Sprintf("from %g to %g", rates[0], rates[len(rates)-1]),
		"every 500 steps",
		"Duchi, Hazan and Singer",
	} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("the text does not say %q", w)
		}
	}
	if c.Informative != 0.5 || !strings.Contains(text.String(), "with probability ½") {
		t.Errorf("the text says informative with probability ½; the data use %v", c.Informative)
	}
	if c.Exponent != 1 || !strings.Contains(text.String(), "proportional to $1/r$") {
		t.Errorf("the text says Zipf's 1/r; the data use exponent %v", c.Exponent)
	}
}

// shown06 writes a validation loss as part 6's table does: three decimals,
// or "> 1" for a run that blew up.
func shown06(loss float64) string {
	if loss > 1 {
		return "> 1"
	}
	return fmt.Sprintf("%.3f", loss)
}

// fitSlope returns the least-squares slope of ys against xs.
func fitSlope(xs, ys []float64) float64 {
	var mx, my float64
	for i := range xs {
		mx, my = mx+xs[i], my+ys[i]
	}
	mx, my = mx/float64(len(xs)), my/float64(len(xs))
	var num, den float64
	for i := range xs {
		num += (xs[i] - mx) * (ys[i] - my)
		den += (xs[i] - mx) * (xs[i] - mx)
	}
	return num / den
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// A rareRun is what part 6's flag cell prints for one setting.
type rareRun struct {
	lines                 []string
	sgdRate, lead, spread float64
}

// rareTry runs part 6's comparison on data with the given Zipf exponent
// and example length, the other settings the defaults.
func rareTry(t *testing.T, exponent float64, length int) rareRun {
	t.Helper()
	c := rarefeatures.DefaultConfig()
	c.Exponent, c.Length = exponent, length
	d, err := rarefeatures.Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := rarefeatures.Compare(d, rarefeatures.DefaultRates(), 500)
	if err != nil {
		t.Fatal(err)
	}
	sgd, ada := r.SGD.Loss[len(r.SGD.Loss)-1], r.Adagrad.Loss[len(r.Adagrad.Loss)-1]
	// Adagrad's step per unit of gradient, lr/(√acc + ε), over the features
	// seen in training.
	var steps []float64
	for j, a := range r.Accumulator {
		if r.Counts[j] > 0 {
			steps = append(steps, r.AdagradRate/(math.Sqrt(a)+1e-8))
		}
	}
	slices.Sort(steps)
	low, high := steps[len(steps)/10], steps[len(steps)*9/10]
	return rareRun{
		lines: []string{
			fmt.Sprintf("best learning rates: plain SGD %g, Adagrad %g", r.SGDRate, r.AdagradRate),
			fmt.Sprintf("test loss after the pass: plain SGD %.3f, Adagrad %.3f (the true weights %.3f)", sgd, ada, r.TrueLoss),
			fmt.Sprintf("Adagrad's lead: %.3f", sgd-ada),
			fmt.Sprintf("Adagrad's steps: 10%% of the features below %.3g, 10%% above %.3g, %.1f times as large", low, high, high/low),
		},
		sgdRate: r.SGDRate, lead: sgd - ada, spread: high / low,
	}
}

// checkTry06 checks what part 6's flag cell printed for one setting.
func checkTry06(t *testing.T, c *ranCell, exponent float64, length int) rareRun {
	t.Helper()
	r := rareTry(t, exponent, length)
	for _, l := range r.lines {
		wantLine(t, c, l)
	}
	return r
}

func checkClaims06(t *testing.T, cells []*ranCell) {
	r := rare(t)
	d := r.Data
	n := d.Config.Features

	// Repeated tokens: almost half of the examples, and the rank-1 feature
	// twice or more in 27%.
	repeated, rank1Twice := 0, 0
	for _, e := range d.Train {
		seen := map[int]int{}
		for _, tok := range e.Tokens {
			seen[tok]++
		}
		if len(seen) < len(e.Tokens) {
			repeated++
		}
		if seen[0] >= 2 {
			rank1Twice++
		}
	}
	share := func(k int) float64 { return 100 * float64(k) / float64(len(d.Train)) }
	wantLine(t, byID(t, cells, "data"), fmt.Sprintf(
		"training examples holding a token twice or more: %.0f%%; the rank-1 feature: %.0f%%", share(repeated), share(rank1Twice)))
	wantText(t, "steps-after", textOf(t, cells, "steps-after"),
		fmt.Sprintf("(%.0f%% of the training examples hold the rank-1 feature twice or more", share(rank1Twice)))
	if share(repeated) < 40 || share(repeated) >= 50 {
		t.Errorf("the third exercise's answer says almost half of the examples hold a token twice: %.1f%%", share(repeated))
	}

	// Two rates: the 100 most frequent at 0.01, the others at 0.3, 1, 3.
	counts := rarefeatures.Counts(n, d.Train)
	meanError := func(w []float64, lo, hi int) float64 {
		sum, k := 0.0, 0
		for j := 100; j < n; j++ {
			if counts[j] >= lo && counts[j] <= hi {
				sum, k = sum+math.Abs(w[j]-d.Truth[j]), k+1
			}
		}
		return sum / float64(k)
	}
	c := byID(t, cells, "tworates")
	var loss, rareErr, midErr []float64
	for _, lr := range []float64{0.3, 1, 3} {
		w := make([]float64, n)
		sgdPass(w, d.Train, func(j int) float64 {
			if j < 100 {
				return 0.01
			}
			return lr
		})
		loss = append(loss, rarefeatures.Loss(w, d.Valid))
		rareErr, midErr = append(rareErr, meanError(w, 1, 9)), append(midErr, meanError(w, 100, 999))
		row := numbers(lineWith(t, c, fmt.Sprintf("  %4g ", lr)))
		near(t, fmt.Sprintf("two rates, %g: validation loss", lr), row[1], loss[len(loss)-1])
		near(t, fmt.Sprintf("two rates, %g: rare features' error", lr), row[2], rareErr[len(rareErr)-1])
		near(t, fmt.Sprintf("two rates, %g: middling features' error", lr), row[3], midErr[len(midErr)-1])
	}
	// "raising the other features' rate from 0.3 to 1 helps the rare ones a
	// little, but ... their weights end twice as far from the true ones,
	// and the loss rises. At 3 every group overshoots."
	if !(rareErr[1] < rareErr[0] && math.Round(midErr[1]/midErr[0]) == 2 && loss[1] > loss[0] &&
		rareErr[2] > rareErr[1] && midErr[2] > midErr[1] && loss[2] > loss[1]) {
		t.Errorf("the text on two rates: losses %v, rare features' errors %v, middling %v", loss, rareErr, midErr)
	}

	// Count-based SGD, tuned like the others.
	c = byID(t, cells, "count")
	best, bestRate := math.Inf(1), 0.0
	var valid []string
	for _, lr := range rarefeatures.DefaultRates() {
		w := make([]float64, n)
		countPass(w, d.Train, lr)
		v := rarefeatures.Loss(w, d.Valid)
		valid = append(valid, fmt.Sprintf("%.3f", v))
		if v < best {
			best, bestRate = v, lr
		}
	}
	wantLine(t, c, "validation loss of count-based SGD at each rate: "+strings.Join(valid, " "))
	w := make([]float64, n)
	countPass(w, d.Train, bestRate)
	count := rarefeatures.Loss(w, d.Test)
	ada, sgd := r.Adagrad.Loss[len(r.Adagrad.Loss)-1], r.SGD.Loss[len(r.SGD.Loss)-1]
	wantLine(t, c, fmt.Sprintf("  count-based SGD (%g)  %.3f", bestRate, count))
	wantLine(t, c, fmt.Sprintf("  Adagrad (%g)          %.3f", r.AdagradRate, ada))
	wantLine(t, c, fmt.Sprintf("  plain SGD (%g)        %.3f", r.SGDRate, sgd))
	// "The count-based rule does as well as Adagrad here, a little better even."
	if !(count < ada && ada-count < 0.02) {
		t.Errorf("the text says count-based SGD does a little better than Adagrad: %.4f against %.4f", count, ada)
	}

	// Noise-free accumulators level off, noisy ones grow with the count.
	checkNoise06(t, cells, r)

	// The catch: part 4's stretched bowl ended with accumulators 27.6 apart.
	_, accs := adagrad(newQuadBowl(0).grad, newQuadBowl(0).start(), 1, 0.1, 1e-8, 100)
	wantText(t, "end", textOf(t, cells, "end"), fmt.Sprintf("its two accumulators ended %.1f times apart", accs[100][1]/accs[100][0]))

	checkTry06(t, byID(t, cells, "try"), 1, 10)
	checkMyStep(t, byID(t, cells, "mystep"), cells, "sgd")
}

// sgdPass runs one pass of plain SGD over examples, feature j at rate lr(j).
func sgdPass(w []float64, examples []rarefeatures.Example, lr func(j int) float64) {
	for _, e := range examples {
		r := rarefeatures.Sigmoid(rarefeatures.Logit(w, e.Tokens)) - e.Label
		for _, tok := range e.Tokens {
			w[tok] -= lr(tok) * r
		}
	}
}

// countPass runs one pass of SGD with feature j at rate lr/√(its count so
// far), each listed token counted and stepped in turn.
func countPass(w []float64, examples []rarefeatures.Example, lr float64) {
	seen := make([]float64, len(w))
	for _, e := range examples {
		r := rarefeatures.Sigmoid(rarefeatures.Logit(w, e.Tokens)) - e.Label
		for _, tok := range e.Tokens {
			seen[tok]++
			w[tok] -= lr / math.Sqrt(seen[tok]) * r
		}
	}
}

// checkNoise06 checks part 6's side-by-side of noise-free and noisy
// accumulators: each run's effective step at a few steps and the exponent
// of its growth over the last decade of the steps read.
func checkNoise06(t *testing.T, cells []*ranCell, r *rarefeatures.Result) {
	t.Helper()
	if r.AdagradRate != 0.3 {
		t.Errorf("the cell trains at 0.3 as Adagrad's best rate; the best is now %g", r.AdagradRate)
	}
	type run struct {
		name   string
		lr     float64
		t, acc []float64
	}
	one, two := reference.Must(t, "tutorial-1d.json"), reference.Must(t, "tutorial-2d.json")
	p1, p3 := run{name: "x − x³ (part 1)", lr: 0.05}, run{name: "the bowl (part 3)", lr: 0.05}
	for i := 1; i <= 1000; i++ {
		p1.t, p1.acc = append(p1.t, float64(i)), append(p1.acc, one.Accumulators[i][0])
		p3.t, p3.acc = append(p3.t, float64(i)), append(p3.acc, two.Accumulators[i][0])
	}
	runs := []run{p1, p3}
	// The noisy runs: sparse Adagrad at 0.3 written here, the accumulators
	// of ranks 1, 10, 100 read at the cell's steps.
	readAt := map[int]bool{10: true, 100: true, 1000: true, 10000: true, 50000: true}
	for s := 1.0; s < 50000; s *= 1.2 {
		readAt[int(s)] = true
	}
	d := r.Data
	w, acc := make([]float64, d.Config.Features), make([]float64, d.Config.Features)
	for j := range acc {
		acc[j] = 0.1
	}
	noisy := []run{{name: "rank-1 feature (part 6)", lr: 0.3}, {name: "rank-10 feature (part 6)", lr: 0.3},
		{name: "rank-100 feature (part 6)", lr: 0.3}}
	for step, e := range d.Train {
		g := rarefeatures.Sigmoid(rarefeatures.Logit(w, e.Tokens)) - e.Label
		copies := map[int]float64{}
		for _, tok := range e.Tokens {
			copies[tok]++
		}
		for tok, m := range copies {
			acc[tok] += (m * g) * (m * g)
			w[tok] -= 0.3 * m * g / (math.Sqrt(acc[tok]) + 1e-8)
		}
		if readAt[step+1] {
			for i, rank := range []int{1, 10, 100} {
				noisy[i].t, noisy[i].acc = append(noisy[i].t, float64(step+1)), append(noisy[i].acc, acc[rank-1])
			}
		}
	}
	runs = append(runs, noisy...)
	c := byID(t, cells, "noise")
	if c.images != 1 {
		t.Errorf("cell %q shows %d images, want the chart", c.id, c.images)
	}
	var exps []float64
	for _, ru := range runs {
		row := numbers(strings.TrimPrefix(lineWith(t, c, ru.name), ru.name))
		k := 0
		for _, s := range []float64{10, 100, 1000, 10000, 50000} {
			i := slices.Index(ru.t, s)
			if i < 0 {
				continue
			}
			near(t, fmt.Sprintf("%s: η/(√a+ε) after step %g", ru.name, s), row[k], ru.lr/(math.Sqrt(ru.acc[i])+1e-8))
			k++
		}
		from, _ := slices.BinarySearch(ru.t, ru.t[len(ru.t)-1]/10)
		exp := fitSlope(logs(ru.t[from:]), logs(ru.acc[from:]))
		near(t, ru.name+": exponent", row[k], exp)
		exps = append(exps, exp)
	}
	md := textOf(t, cells, "noise-after")
	wantText(t, "noise-after", md, fmt.Sprintf("grows as $t$ to the power %.2f at most", math.Max(exps[0], exps[1])))
	for _, e := range exps[2:] {
		if e < 0.8 || e >= 1 {
			t.Errorf("the text says the noisy accumulators grow with exponents a little under 1: %v", exps)
		}
	}
}

// logs returns the natural logarithms of xs.
func logs(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Log(x)
	}
	return out
}
