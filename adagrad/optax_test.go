package adagrad

import (
	"testing"
)

// These tests judge the Optax form by optax.adagrad itself, on JAX in
// float64 (jax_enable_x64).

// avx2 keeps XLA from the AVX-512 estimate it refines into rsqrt, so that
// rsqrt is 1/sqrt correctly rounded, as on CPUs without AVX-512; sse4
// keeps it from fusing multiply-adds too.
const (
	avx2 = "XLA_FLAGS=--xla_cpu_max_isa=AVX2"
	sse4 = "XLA_FLAGS=--xla_cpu_max_isa=SSE4_2"
)

var optaxSettings = []struct {
	name          string
	lr, acc0, eps float64
	maximize      bool
	zeros         bool
}{
	{"defaults", 0.05, 0.1, 1e-7, false, true},
	{"lr1", 1, 0.1, 1e-7, false, true},
	{"acc0", 0.05, 0, 1e-7, false, true},
	{"acc0-eps0", 0.3, 0, 0, false, true}, // where(acc > 0) keeps 0/0 out
	{"eps-large", 0.2, 0.1, 0.1, false, true},
	{"maximize", 0.05, 0.1, 1e-7, true, true},
}

// optaxMatrix is the runs an Optax path is judged on: the tutorial's two
// functions, 1000 steps, and random vectors of 1003 coordinates, 100
// steps, in every setting above.
func optaxMatrix(path, env, suffix string) []judgeCase {
	var cs []judgeCase
	add := func(c judgeCase, lr, acc0, eps float64, maximize bool) {
		c.Library, c.Path, c.Env, c.RootsWanted = "optax", path, env, path == "eager"
		c.Name = "optax-" + path + "-" + c.Name + suffix
		c.LR, c.Acc0, c.Eps, c.Maximize = lr, acc0, eps, maximize
		cs = append(cs, c)
	}
	add(cubicCase("cubic", 1000), 0.05, 0.1, 1e-7, false)
	add(quadraticCase("quadratic", 1000), 0.05, 0.1, 1e-7, false)
	for i, s := range optaxSettings {
		add(randomCase(s.name, 1003, 100, 600+uint64(i), s.zeros), s.lr, s.acc0, s.eps, s.maximize)
	}
	return cs
}

// optaxGoldenCases are the runs kept in testdata/golden-optax.json: the
// tutorial's and short random ones, eager with rsqrt correctly rounded.
func optaxGoldenCases() []judgeCase {
	cs := optaxMatrix("eager", avx2, "-avx2")[:2]
	for i, s := range optaxSettings {
		c := randomCase("optax-eager-random37-"+s.name, 37, 4, 700+uint64(i), s.zeros)
		c.Library, c.Path, c.Env = "optax", "eager", avx2
		c.LR, c.Acc0, c.Eps, c.Maximize = s.lr, s.acc0, s.eps, s.maximize
		cs = append(cs, c)
	}
	for i := range cs {
		cs[i].RootsWanted = false
	}
	return cs
}

// TestOptax judges the Optax form by Optax: bit for bit where XLA's rsqrt
// is correctly rounded (eager, and under jit without FMA); elsewhere the
// roots are all that differs eagerly, and jit also fuses multiply-adds.
func TestOptax(t *testing.T) {
	j := judgeFor(t, "optax", 0)
	var cases []judgeCase
	cases = append(cases, optaxMatrix("eager", "", "")...)
	cases = append(cases, optaxMatrix("eager", avx2, "-avx2")...)
	cases = append(cases, optaxMatrix("jit", sse4, "-sse4")...)
	cases = append(cases, optaxMatrix("jit", avx2, "-avx2")...)
	cases = append(cases, optaxMatrix("jit", "", "")...)
	golden := optaxGoldenCases()
	cases = append(cases, golden...)
	info := j.run(t, cases)["optax"]
	t.Logf("Optax %s, JAX %s", info.Version, info.JAX)
	byName := map[string]*judgeCase{}
	for i := range cases {
		byName[cases[i].Name] = &cases[i]
	}
	runs := func(path, env, suffix string) []*judgeCase {
		var out []*judgeCase
		for _, c := range optaxMatrix(path, env, suffix) {
			out = append(out, byName[c.Name])
		}
		return out
	}

	t.Run("defaults", func(t *testing.T) {
		d := OptaxConfig(1)
		checkDefaults(t, "optax", info.Defaults, map[string]any{"initial_accumulator_value": d.InitialAccumulator, "eps": d.Epsilon})
	})

	t.Run("eager, rsqrt correctly rounded, bit for bit", func(t *testing.T) {
		for _, c := range runs("eager", avx2, "-avx2") {
			c.match(t, c.config())
		}
	})

	t.Run("jit without FMA, bit for bit", func(t *testing.T) {
		for _, c := range runs("jit", sse4, "-sse4") {
			c.match(t, c.config())
		}
	})

	// On this machine's defaults: with AVX-512, XLA's rsqrt is a hardware
	// estimate refined by two Newton steps.
	t.Run("eager: only the roots differ", func(t *testing.T) {
		roots, misrounded := 0, 0
		worst := divergence{}
		for _, c := range runs("eager", "", "") {
			_, r, m := checkRoots(t, c)
			roots, misrounded = roots+r, misrounded+m
			if d := c.measure(t, c.config()); d.maxULP > worst.maxULP || worst.worst == "" {
				worst = d
			}
		}
		t.Logf("jax.lax.rsqrt: %s; the Optax form's own runs, furthest: %v", rootsSummary(roots, misrounded), worst)
	})

	t.Run("jit", func(t *testing.T) {
		for _, v := range []struct{ env, suffix string }{{avx2, "-avx2"}, {"", ""}} {
			worst, differ := divergence{}, 0
			for _, c := range runs("jit", v.env, v.suffix) {
				d := c.measure(t, c.config())
				if d.differ > 0 {
					differ++
				}
				if d.maxULP > worst.maxULP || worst.worst == "" {
					worst = d
				}
			}
			t.Logf("jit%s: %d of %d runs differ; furthest: %v", v.suffix, differ, len(optaxSettings)+2, worst)
		}
	})

	t.Run("golden file", func(t *testing.T) {
		var live []judgeCase
		for _, g := range golden {
			live = append(live, *byName[g.Name])
		}
		checkGolden(t, "optax", "Optax "+info.Version+", JAX "+info.JAX+", eager, "+avx2, live)
	})
}
