package rarefeatures_test

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/rarefeatures"
)

// TestGradientIsTheLossSlope compares Gradient with central differences of
// Loss on one example, for each of its features, a repeated one included.
func TestGradientIsTheLossSlope(t *testing.T) {
	w := []float64{0.3, -1.2, 0.7, 2, -0.1}
	for _, label := range []float64{0, 1} {
		e := rarefeatures.Example{Tokens: []int{1, 3, 1, 4}, Label: label}
		grad := rarefeatures.Gradient(make([]float64, 4), w, e)
		for _, j := range []int{1, 3, 4, 0} {
			want := 0.0 // the sum of the values listed for j
			for k, tok := range e.Tokens {
				if tok == j {
					want += grad[k]
				}
			}
			const h = 1e-6
			wp, wm := append([]float64(nil), w...), append([]float64(nil), w...)
			wp[j] += h
			wm[j] -= h
			slope := (rarefeatures.Loss(wp, []rarefeatures.Example{e}) - rarefeatures.Loss(wm, []rarefeatures.Example{e})) / (2 * h)
			if math.Abs(slope-want) > 1e-8 {
				t.Errorf("label %v, feature %d: gradient %v, slope of the loss %v", label, j, want, slope)
			}
		}
	}
}

// TestLossHandComputed: with z = 0 the loss is log 2 whatever the label;
// with z = 3 it is log(1+e^-3) for label 1 and log(1+e^3) for label 0, also
// far out where e^z overflows.
func TestLossHandComputed(t *testing.T) {
	w := []float64{0, 1, 2, 1000}
	for _, c := range []struct {
		e    rarefeatures.Example
		want float64
	}{
		{rarefeatures.Example{Tokens: []int{0}, Label: 1}, math.Ln2},
		{rarefeatures.Example{Tokens: []int{0, 0}, Label: 0}, math.Ln2},
		{rarefeatures.Example{Tokens: []int{1, 2}, Label: 1}, math.Log(1 + math.Exp(-3))},
		{rarefeatures.Example{Tokens: []int{2, 1}, Label: 0}, math.Log(1 + math.Exp(3))},
		{rarefeatures.Example{Tokens: []int{3}, Label: 0}, 1000},
		{rarefeatures.Example{Tokens: []int{3}, Label: 1}, 0},
	} {
		if got := rarefeatures.Loss(w, []rarefeatures.Example{c.e}); math.Abs(got-c.want) > 1e-12*math.Max(1, c.want) {
			t.Errorf("%+v: loss %v, want %v", c.e, got, c.want)
		}
	}
}

// TestGenerateFollowsConfig checks the data against what the Config says:
// Zipf's shares for the most frequent features, the informative ones rare
// and at the given fraction and size, labels as often 1 as the true model
// predicts, and the seed deciding everything.
func TestGenerateFollowsConfig(t *testing.T) {
	c := rarefeatures.DefaultConfig()
	d, err := rarefeatures.Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Train) != c.Train || len(d.Valid) != c.Valid || len(d.Test) != c.Test {
		t.Fatalf("sets of %d, %d, %d examples", len(d.Train), len(d.Valid), len(d.Test))
	}
	counts := rarefeatures.Counts(c.Features, d.Train)
	tokens := float64(c.Train * c.Length)
	h := 0.0
	for j := 1; j <= c.Features; j++ {
		h += math.Pow(float64(j), -c.Exponent)
	}
	for _, j := range []int{0, 1, 9, 99} {
		p := math.Pow(float64(j+1), -c.Exponent) / h
		mean, sd := tokens*p, math.Sqrt(tokens*p*(1-p))
		if math.Abs(float64(counts[j])-mean) > 5*sd {
			t.Errorf("feature %d appears %d times, want about %.0f ± %.0f", j, counts[j], mean, sd)
		}
	}
	informative := 0
	for j, w := range d.Truth {
		switch {
		case w == 0:
		case j < c.RareFrom:
			t.Fatalf("feature %d, among the %d most frequent, has weight %v", j, c.RareFrom, w)
		case math.Abs(w) != c.Weight:
			t.Fatalf("feature %d has weight %v, want ±%v", j, w, c.Weight)
		default:
			informative++
		}
	}
	rare := float64(c.Features - c.RareFrom)
	if math.Abs(float64(informative)-rare*c.Informative) > 5*math.Sqrt(rare*c.Informative*(1-c.Informative)) {
		t.Errorf("%d informative features, want about %.0f", informative, rare*c.Informative)
	}
	ones, expected := 0.0, 0.0
	for _, e := range d.Train {
		if len(e.Tokens) != c.Length || (e.Label != 0 && e.Label != 1) {
			t.Fatalf("example %+v", e)
		}
		ones += e.Label
		expected += rarefeatures.Sigmoid(rarefeatures.Logit(d.Truth, e.Tokens))
	}
	if sd := math.Sqrt(float64(c.Train) / 4); math.Abs(ones-expected) > 5*sd {
		t.Errorf("%v labels are 1, the true model expects %.0f", ones, expected)
	}
	again, _ := rarefeatures.Generate(c)
	c.Seed++
	other, _ := rarefeatures.Generate(c)
	same := func(a, b *rarefeatures.Data) bool {
		for i := range a.Train {
			if a.Train[i].Label != b.Train[i].Label || a.Train[i].Tokens[0] != b.Train[i].Tokens[0] {
				return false
			}
		}
		return true
	}
	if !same(d, again) || same(d, other) {
		t.Error("the seed does not decide the data")
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []struct {
		field string
		set   func(*rarefeatures.Config)
	}{
		{"Features", func(c *rarefeatures.Config) { c.Features = 0 }},
		{"Exponent", func(c *rarefeatures.Config) { c.Exponent = math.NaN() }},
		{"Length", func(c *rarefeatures.Config) { c.Length = 0 }},
		{"RareFrom", func(c *rarefeatures.Config) { c.RareFrom = c.Features }},
		{"Informative", func(c *rarefeatures.Config) { c.Informative = 0 }},
		{"Weight", func(c *rarefeatures.Config) { c.Weight = -1 }},
		{"Train", func(c *rarefeatures.Config) { c.Test = 0 }},
	} {
		cfg := rarefeatures.DefaultConfig()
		c.set(&cfg)
		if _, err := rarefeatures.Generate(cfg); err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%+v: error %v, want one naming %s", cfg, err, c.field)
		}
	}
}

// TestSGDHandComputed: each listed feature moves by -lr times its value,
// a repeated one by the sum.
func TestSGDHandComputed(t *testing.T) {
	w := []float64{1, 1, 1}
	if err := rarefeatures.SGD(0.5)(w, []int{2, 0, 2}, []float64{1, -2, 3}); err != nil {
		t.Fatal(err)
	}
	if w[0] != 2 || w[1] != 1 || w[2] != -1 {
		t.Errorf("w = %v, want [2 1 -1]", w)
	}
}

// TestTrainIsOnlineAdagrad checks Train with StepSparse against a loop
// written out with the dense gradient and Step: the same weights, bit for
// bit, and losses measured where asked.
func TestTrainIsOnlineAdagrad(t *testing.T) {
	c := rarefeatures.DefaultConfig()
	c.Features, c.RareFrom, c.Train, c.Valid, c.Test = 300, 10, 250, 10, 40
	d, err := rarefeatures.Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	cfg := rarefeatures.AdagradConfig(0.3)
	opt, _ := adagrad.New(c.Features, cfg)
	w := make([]float64, c.Features)
	curve, err := rarefeatures.Train(w, d.Train, opt.StepSparse, d.Test, 100)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := adagrad.New(c.Features, cfg)
	want := make([]float64, c.Features)
	g := make([]float64, c.Features)
	wantSteps := []int{0}
	wantLoss := []float64{math.Ln2}
	for s, e := range d.Train {
		z := 0.0
		for _, tok := range e.Tokens {
			z += want[tok]
		}
		clear(g)
		for _, tok := range e.Tokens {
			g[tok] += 1/(1+math.Exp(-z)) - e.Label
		}
		if err := ref.Step(want, g); err != nil {
			t.Fatal(err)
		}
		if s+1 == 100 || s+1 == 200 || s+1 == 250 {
			wantSteps = append(wantSteps, s+1)
			wantLoss = append(wantLoss, rarefeatures.Loss(want, d.Test))
		}
	}
	for j := range w {
		if w[j] != want[j] {
			t.Fatalf("weight %d: Train gives %v, the written-out loop %v", j, w[j], want[j])
		}
	}
	if len(curve.Steps) != len(wantSteps) {
		t.Fatalf("measured at steps %v, want %v", curve.Steps, wantSteps)
	}
	for i := range wantSteps {
		if curve.Steps[i] != wantSteps[i] || math.Abs(curve.Loss[i]-wantLoss[i]) > 1e-15 {
			t.Errorf("measurement %d: step %d loss %v, want %d and %v", i, curve.Steps[i], curve.Loss[i], wantSteps[i], wantLoss[i])
		}
	}
	if _, err := rarefeatures.Train(w, d.Train, opt.StepSparse, d.Test, 0); err == nil {
		t.Error("every = 0 accepted")
	}
}

func TestBandsHandComputed(t *testing.T) {
	// Counts 0 are left out; 1, 2 and 3 each form a band; 4 and 5 share
	// [4, 6); 100 and 110 share [100, 126).
	counts := []int{0, 1, 1, 1, 1, 1, 2, 3, 4, 5, 100, 110}
	values := []float64{9, 5, 1, 4, 2, 3, 7, 8, 10, 20, 1, 3}
	want := []rarefeatures.Band{
		{Features: 5, Count: 1, Low: 1.4, Median: 3, High: 4.6},
		{Features: 1, Count: 2, Low: 7, Median: 7, High: 7},
		{Features: 1, Count: 3, Low: 8, Median: 8, High: 8},
		{Features: 2, Count: 5, Low: 11, Median: 15, High: 19},
		{Features: 2, Count: 110, Low: 1.2, Median: 2, High: 2.8},
	}
	got := rarefeatures.Bands(counts, values)
	if len(got) != len(want) {
		t.Fatalf("bands %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Features != w.Features || g.Count != w.Count || math.Abs(g.Low-w.Low) > 1e-12 || g.Median != w.Median || math.Abs(g.High-w.High) > 1e-12 {
			t.Errorf("band %d: %+v, want %+v", i, g, w)
		}
	}
}

// TestCompare runs the notebook's experiment and checks what the notebook
// says about it: each best rate is the one with the lowest validation
// loss, Adagrad ends with a lower test loss than SGD, and its step size
// falls as features get more frequent, roughly as 1/sqrt(count).
func TestCompare(t *testing.T) {
	d, err := rarefeatures.Generate(rarefeatures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	r, err := rarefeatures.Compare(d, rarefeatures.DefaultRates(), 500)
	if err != nil {
		t.Fatal(err)
	}
	for i, lr := range r.Rates {
		if r.SGDValid[i] < r.SGDValid[index(r.Rates, r.SGDRate)] || r.AdagradValid[i] < r.AdagradValid[index(r.Rates, r.AdagradRate)] {
			t.Errorf("rate %v beats the chosen ones", lr)
		}
	}
	sgd, ada := r.SGD.Loss[len(r.SGD.Loss)-1], r.Adagrad.Loss[len(r.Adagrad.Loss)-1]
	if !(r.TrueLoss < ada && ada < sgd && sgd < math.Ln2) {
		t.Errorf("test losses: true weights %v, Adagrad %v, SGD %v, want them increasing and below log 2", r.TrueLoss, ada, sgd)
	}
	if s := r.CatchUp(); s <= 0 || s >= len(d.Train) {
		t.Errorf("CatchUp() = %d", s)
	}
	bands := rarefeatures.Bands(r.Counts, r.EffectiveSteps())
	for i := 1; i < len(bands); i++ {
		if bands[i].Median >= bands[i-1].Median {
			t.Errorf("the median step does not fall from count %v to %v", bands[i-1].Count, bands[i].Count)
		}
	}
	first, last := bands[0], bands[len(bands)-1]
	slope := math.Log(last.Median/first.Median) / math.Log(last.Count/first.Count)
	if slope > -0.4 || slope < -0.6 {
		t.Errorf("step size falls as count^%.2f, want about count^-0.5", slope)
	}
	if _, err := rarefeatures.Compare(d, []float64{0.1, math.NaN()}, 500); err == nil {
		t.Error("a NaN rate accepted")
	}
}

func index(s []float64, v float64) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestFigures decodes both figures, at the default size and a smaller one,
// and looks for each line's colour.
func TestFigures(t *testing.T) {
	c := rarefeatures.DefaultConfig()
	c.Train = 5000
	d, err := rarefeatures.Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := rarefeatures.Compare(d, []float64{0.1, 0.3}, 500)
	if err != nil {
		t.Fatal(err)
	}
	for name, draw := range map[string]func(*rarefeatures.Result, int, int) ([]byte, error){
		"loss":  pngOf(rarefeatures.LossFigure),
		"steps": pngOf(rarefeatures.StepFigure),
	} {
		for _, size := range [][2]int{{0, 0}, {640, 360}} {
			b, err := draw(r, size[0], size[1])
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			w, h := size[0], size[1]
			if w == 0 {
				w, h = plotting.DefaultWidth, plotting.DefaultHeight
			}
			w, h = w*plotting.DefaultScale, h*plotting.DefaultScale // drawn at twice the layout size
			if s := img.Bounds().Size(); s.X != w || s.Y != h {
				t.Errorf("%s: size %v, want %dx%d", name, s, w, h)
			}
			blue, orange := 0, 0
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					r, g, b, _ := img.At(x, y).RGBA()
					switch px := [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}; {
					case bluish(px):
						blue++
					case orangish(px):
						orange++
					}
				}
			}
			if blue < 100 || orange < 100 {
				t.Errorf("%s at %dx%d: %d blue and %d orange pixels, want both lines", name, w, h, blue, orange)
			}
		}
	}
}

func pngOf(f func(*rarefeatures.Result, int, int) (*plotting.Image, error)) func(*rarefeatures.Result, int, int) ([]byte, error) {
	return func(r *rarefeatures.Result, w, h int) ([]byte, error) {
		img, err := f(r, w, h)
		if err != nil {
			return nil, err
		}
		return plotting.PNG(img)
	}
}

// bluish and orangish tell the two lines' colours, blended with the white
// background by antialiasing, from each other and from the greys of text
// and grid.
func bluish(px [3]int) bool   { return px[2]-px[0] > 30 }
func orangish(px [3]int) bool { return px[0]-px[2] > 60 }
