package adagrad

import (
	"testing"
)

// These tests judge the Keras form by keras.optimizers.Adagrad itself,
// Keras 3 on its JAX backend, float64 (floatx float64, jax_enable_x64).

// kerasSettings are the random runs' settings: Keras's defaults, larger
// rates, its decoupled weight decay, zero accumulator and epsilon, and
// maximize (given to Keras as the negated gradient).
var kerasSettings = []struct {
	name          string
	lr, acc0, eps float64
	wd            float64
	maximize      bool
	zeros         bool
}{
	{"defaults", 0.001, 0.1, 1e-7, 0, false, true},
	{"lr", 0.05, 0.1, 1e-7, 0, false, true},
	{"weight-decay", 0.05, 0.1, 1e-7, 0.01, false, true},
	{"acc0", 0.05, 0, 1e-7, 0, false, true},
	{"acc0-eps0", 0.3, 0, 0, 0, false, false},
	{"eps-large", 0.2, 0, 0.1, 0, false, true},
	{"maximize", 0.05, 0.1, 1e-7, 0.1, true, true},
}

// kerasMatrix is the runs a Keras path is judged on: the tutorial's two
// functions, 1000 steps with the tutorial's rate and Keras's other
// defaults, and random vectors of 1003 coordinates, 100 steps, in every
// setting above.
func kerasMatrix(path, env, suffix string) []judgeCase {
	var cs []judgeCase
	add := func(c judgeCase, lr, acc0, eps, wd float64, maximize bool) {
		c.Library, c.Path, c.Env = "keras", path, env
		c.Name = "keras-" + path + "-" + c.Name + suffix
		c.LR, c.Acc0, c.Eps, c.WeightDecay, c.Maximize = lr, acc0, eps, wd, maximize
		cs = append(cs, c)
	}
	add(cubicCase("cubic", 1000), 0.05, 0.1, 1e-7, 0, false)
	add(quadraticCase("quadratic", 1000), 0.05, 0.1, 1e-7, 0, false)
	for i, s := range kerasSettings {
		add(randomCase(s.name, 1003, 100, 400+uint64(i), s.zeros), s.lr, s.acc0, s.eps, s.wd, s.maximize)
	}
	return cs
}

// kerasGoldenCases are the runs kept in testdata/golden-keras.json: the
// tutorial's and short random ones with every setting, from the eager path.
func kerasGoldenCases() []judgeCase {
	cs := kerasMatrix("eager", "", "")[:2]
	for i, s := range kerasSettings {
		c := randomCase("keras-eager-random37-"+s.name, 37, 4, 500+uint64(i), s.zeros)
		c.Library, c.Path = "keras", "eager"
		c.LR, c.Acc0, c.Eps, c.WeightDecay, c.Maximize = s.lr, s.acc0, s.eps, s.wd, s.maximize
		cs = append(cs, c)
	}
	return cs
}

// TestKeras judges the Keras form by Keras 3: its eager apply, op by op, bit
// for bit; under jax.jit, as far as XLA's rewriting takes it.
func TestKeras(t *testing.T) {
	j := judgeFor(t, "keras", 3)
	cases := kerasMatrix("eager", "", "")
	cases = append(cases, kerasMatrix("jit", "", "")...)
	cases = append(cases, kerasMatrix("jit", sse4, "-sse4")...)
	floatx32 := kerasMatrix("eager-floatx32", "", "")
	cases = append(cases, floatx32...)
	// acc = eps = 0 and a zero gradient: Keras divides 0 by 0.
	zero := judgeCase{Name: "keras-zero-denominator", Library: "keras", Path: "eager", Func: "given", N: 4, Steps: 1, LR: 0.01,
		X0: []float64{1, 1, 1, 1}, Grads: [][]float64{{0, 1e-170, 2, -1e-170}}}
	cases = append(cases, zero)
	golden := kerasGoldenCases()
	cases = append(cases, golden...)
	info := j.run(t, cases)["keras"]
	t.Logf("Keras %s, backend %s", info.Version, info.Backend)
	byName := map[string]*judgeCase{}
	for i := range cases {
		byName[cases[i].Name] = &cases[i]
	}

	t.Run("defaults", func(t *testing.T) {
		d := KerasConfig()
		checkDefaults(t, "keras", info.Defaults, map[string]any{"learning_rate": d.LearningRate,
			"initial_accumulator_value": d.InitialAccumulator, "epsilon": d.Epsilon})
	})

	t.Run("eager, bit for bit", func(t *testing.T) {
		for _, c := range kerasMatrix("eager", "", "") {
			byName[c.Name].match(t, c.config())
		}
	})

	// With floatx float32, Keras keeps the learning rate in a float32
	// variable (the accumulators follow the float64 variables): the rate
	// rounded to float32 gives its bits.
	t.Run("eager, floatx float32", func(t *testing.T) {
		for _, c := range floatx32 {
			c := byName[c.Name]
			cfg := c.config()
			cfg.LearningRate = float64(float32(c.LR))
			c.match(t, cfg)
		}
	})

	// Under jax.jit, XLA rewrites lr*g/sqrt(acc+eps) as lr*g*rsqrt(acc+eps)
	// and, on CPUs with FMA, fuses multiply-adds; its rsqrt is approximate
	// on CPUs with AVX-512. The runs part from the Keras form's; measured
	// here and in the package documentation.
	t.Run("jit", func(t *testing.T) {
		for _, suffix := range []string{"", "-sse4"} {
			worst, differ := divergence{}, 0
			for _, c := range kerasMatrix("jit", "", suffix) {
				c := byName[c.Name]
				d := c.measure(t, c.config())
				if d.differ > 0 {
					differ++
				}
				if d.maxULP > worst.maxULP || worst.worst == "" {
					worst = d
				}
			}
			t.Logf("jit%s: %d of %d runs differ; furthest: %v", suffix, differ, len(kerasSettings)+2, worst)
			if differ == 0 {
				t.Errorf("jit%s gives the Keras form's bits in every run: the documentation says it does not", suffix)
			}
		}
	})

	t.Run("zero denominator", func(t *testing.T) {
		c := byName["keras-zero-denominator"]
		x, _, _ := c.ours(c.config())
		if !isNaN(c.Points[1][0]) || x[1][0] != 1 {
			t.Errorf("Keras gave %v for 0/0 (want NaN), the Keras form %v (want 1)", c.Points[1][0], x[1][0])
		}
		if n, first := countDiffer([][]float64{x[1][1:]}, [][]float64{c.Points[1][1:]}); n > 0 {
			t.Errorf("elsewhere: %s", first)
		}
	})

	t.Run("golden file", func(t *testing.T) {
		var live []judgeCase
		for _, g := range golden {
			live = append(live, *byName[g.Name])
		}
		checkGolden(t, "keras", "Keras "+info.Version+" ("+info.Backend+" backend), eager", live)
	})
}

func isNaN(v float64) bool { return v != v }
