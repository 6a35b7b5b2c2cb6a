package adagrad_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// The Keras and Optax forms are checked against their libraries' update
// rules, written out below line by line from the libraries' source (Keras
// 3 and Optax as of 2026; neither runs here), every operation rounded on
// its own as their eager float64 code does. TestStepHandComputed has exact
// single steps of each form worked out by hand.

// kerasStep is keras.optimizers.Adagrad's step for float64 variables:
//
//	# base_optimizer.py, _apply_weight_decay, before update_step:
//	variable.assign(variable - variable * wd * lr)
//	# adagrad.py, update_step:
//	self.assign_add(accumulator, ops.square(gradient))
//	self.assign_sub(variable, ops.divide(ops.multiply(lr, gradient),
//	    ops.sqrt(ops.add(accumulator, self.epsilon))))
func kerasStep(x, g, acc []float64, lr, eps, wd float64) {
	for i := range x {
		if wd != 0 {
			x[i] = x[i] - float64(float64(x[i]*wd)*lr)
		}
		acc[i] = acc[i] + float64(g[i]*g[i])
		x[i] = x[i] - float64(lr*g[i])/math.Sqrt(acc[i]+eps)
	}
}

// optaxStep is optax.adagrad(lr, initial_accumulator_value, eps), that is
// chain(scale_by_rss(...), scale_by_learning_rate(lr)), then apply_updates:
//
//	sum_of_squares = abs_sq(g) + t
//	inv_sqrt_g_square = jnp.where(t > 0, jax.lax.rsqrt(t + eps), 0.0)
//	updates = inv_sqrt_g_square * updates
//	updates = (-1 * learning_rate) * updates
//	params = p + u
//
// with rsqrt(v) as 1/sqrt(v).
func optaxStep(x, g, acc []float64, lr, eps float64) {
	for i := range x {
		acc[i] = float64(g[i]*g[i]) + acc[i]
		inv := 0.0
		if acc[i] > 0 {
			inv = 1 / math.Sqrt(acc[i]+eps)
		}
		u := float64(inv * g[i])
		u = float64(-lr * u)
		x[i] = x[i] + u
	}
}

// libraryRun runs a form through Step and through its library's rule from
// the same start, with gradients from grad, and returns how many values
// differ in any bit.
func libraryRun(t *testing.T, cfg adagrad.Config, x0 []float64, steps int, grad func(s int, g, x []float64)) int {
	t.Helper()
	n := len(x0)
	o, err := adagrad.New(n, cfg)
	if err != nil {
		t.Fatal(err)
	}
	x, xr := append([]float64(nil), x0...), append([]float64(nil), x0...)
	acc := make([]float64, n)
	for i := range acc {
		acc[i] = cfg.InitialAccumulator
	}
	g, gr := make([]float64, n), make([]float64, n)
	for s := range steps {
		grad(s, g, x)
		grad(s, gr, xr)
		if cfg.Maximize {
			for i := range gr {
				gr[i] = -gr[i]
			}
		}
		if err := o.Step(x, g); err != nil {
			t.Fatal(err)
		}
		switch cfg.Like {
		case adagrad.Keras:
			kerasStep(xr, gr, acc, cfg.LearningRate, cfg.Epsilon, cfg.WeightDecay)
		case adagrad.Optax:
			optaxStep(xr, gr, acc, cfg.LearningRate, cfg.Epsilon)
		default:
			t.Fatalf("no library rule for %v", cfg.Like)
		}
	}
	bad := 0
	got := o.Accumulator(nil)
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(xr[i]) || math.Float64bits(got[i]) != math.Float64bits(acc[i]) {
			if bad == 0 {
				t.Logf("%+v: coordinate %d: x %v acc %v, the library's rule %v and %v", cfg, i, x[i], got[i], xr[i], acc[i])
			}
			bad++
		}
	}
	return bad
}

func libraryConfigs() []adagrad.Config {
	keras, optax := adagrad.KerasConfig(), adagrad.OptaxConfig(0.05)
	kerasFast, kerasDecay, kerasMax := keras, keras, keras
	kerasFast.LearningRate = 0.05
	kerasDecay.LearningRate, kerasDecay.WeightDecay = 0.05, 0.1
	kerasMax.LearningRate, kerasMax.WeightDecay, kerasMax.Maximize = 0.05, 0.1, true
	optaxZero, optaxMax := optax, optax
	optaxZero.InitialAccumulator, optaxZero.Epsilon = 0, 0
	optaxMax.Maximize = true
	return []adagrad.Config{keras, kerasFast, kerasDecay, kerasMax, optax, optaxZero, optaxMax}
}

// TestLibraryRulesTutorialFunctions runs the tutorial's two functions for
// 1000 steps in the Keras and Optax forms.
func TestLibraryRulesTutorialFunctions(t *testing.T) {
	for _, cfg := range libraryConfigs() {
		cubic := func(_ int, g, x []float64) { g[0] = tutorial.CubicDeriv(x[0]) }
		quad := func(_ int, g, x []float64) { tutorial.QuadraticGrad(g, x) }
		if bad := libraryRun(t, cfg, []float64{tutorial.CubicStart}, 1000, cubic); bad > 0 {
			t.Errorf("%+v, cubic: %d values differ from the library's rule", cfg, bad)
		}
		if bad := libraryRun(t, cfg, tutorial.QuadraticStart[:], 1000, quad); bad > 0 {
			t.Errorf("%+v, quadratic: %d values differ from the library's rule", cfg, bad)
		}
	}
}

// TestLibraryRulesVectors runs random vectors of every length from 1 to 70
// and a long one, where Step uses its vector loop, its portable tail and,
// for the long one, several cores.
func TestLibraryRulesVectors(t *testing.T) {
	lengths := []int{1<<19 + 5}
	for n := 1; n <= 70; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		rng := rand.New(rand.NewPCG(uint64(n), 5))
		x0 := make([]float64, n)
		for i := range x0 {
			x0[i] = rng.NormFloat64()
		}
		grads := make([][]float64, 3)
		for s := range grads {
			grads[s] = make([]float64, n)
			for i := range grads[s] {
				grads[s][i] = rng.NormFloat64() * math.Pow(10, rng.Float64()*6-3)
				if i%7 == 3 {
					grads[s][i] = 0 // Optax: no step while the accumulator is 0
				}
			}
		}
		grad := func(s int, g, _ []float64) { copy(g, grads[s]) }
		for _, cfg := range libraryConfigs() {
			if bad := libraryRun(t, cfg, x0, len(grads), grad); bad > 0 {
				t.Fatalf("%+v, n=%d: %d values differ from the library's rule", cfg, n, bad)
			}
		}
	}
}

// TestFormsDiffer checks that the forms really are different arithmetic:
// from the same start and gradients, each pair parts in some bit within
// the tutorial's 1000 steps (with each library's defaults except the
// learning rate, set to the tutorial's).
func TestFormsDiffer(t *testing.T) {
	forms := []adagrad.Form{adagrad.Tutorial, adagrad.PyTorch, adagrad.Keras, adagrad.Optax}
	runs := map[adagrad.Form]*adagrad.Trace{}
	for _, f := range forms {
		cfg := adagrad.TutorialConfig()
		cfg.Like = f
		tr, err := adagrad.Run(tutorial.QuadraticGrad, tutorial.QuadraticStart[:], cfg, 1000)
		if err != nil {
			t.Fatal(err)
		}
		runs[f] = tr
	}
	for i, a := range forms {
		for _, b := range forms[i+1:] {
			same := true
			for s := range runs[a].Points {
				for j := range runs[a].Points[s] {
					if runs[a].Points[s][j] != runs[b].Points[s][j] || runs[a].Accumulators[s][j] != runs[b].Accumulators[s][j] {
						same = false
					}
				}
			}
			if same {
				t.Errorf("%v and %v give the same 1000 steps", a, b)
			}
		}
	}
}
