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
		fmt.Sprintf("SGD's loss is %.3f, worse than", r.SGDValid[len(r.Rates)-1]),
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
		if row := fmt.Sprintf("| %g | %.3f | %.3f |", lr, r.SGDValid[i], r.AdagradValid[i]); !strings.Contains(out.String(), row) {
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
	checkTry06(t, byID(t, cells, "try"), 1, 10)
}
