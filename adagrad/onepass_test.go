package adagrad

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// onePassConfigs are settings that take every loop StepOnePass can reach:
// each form, weight decay of both kinds, maximize with and without it, a
// decaying rate, and a zero accumulator and epsilon (the 0/0 and x/0 steps
// the vector loop hands back).
func onePassConfigs() []Config {
	with := func(c Config, f func(*Config)) Config { f(&c); return c }
	return []Config{
		TutorialConfig(),
		with(TutorialConfig(), func(c *Config) { c.WeightDecay, c.Maximize = 0.01, true }),
		with(TutorialConfig(), func(c *Config) { c.InitialAccumulator, c.Epsilon = 0, 0 }),
		PyTorchConfig(),
		with(PyTorchConfig(), func(c *Config) { c.WeightDecay, c.LRDecay = 0.01, 0.1 }),
		with(PyTorchConfig(), func(c *Config) { c.Maximize = true }),
		KerasConfig(),
		with(KerasConfig(), func(c *Config) { c.WeightDecay, c.Maximize = 0.1, true }),
		OptaxConfig(0.05),
		with(OptaxConfig(0.05), func(c *Config) { c.InitialAccumulator, c.Epsilon, c.Maximize = 0, 0, true }),
	}
}

// onePassLengths are short vectors (tails and single blocks) and one long
// enough to be split in two shares.
var onePassLengths = []int{1, 3, 4, 5, 17, 1000, 2*minShareVector + 7}

func randomVectors(rng *rand.Rand, n int) (x, g []float64) {
	x, g = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()*math.Pow(10, rng.Float64()*4-2)
		if rng.IntN(50) == 0 {
			g[i] = 0 // with acc and eps 0: 0/0
		}
	}
	return x, g
}

func sameFloats(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i
		}
	}
	return -1
}

// TestStepOnePassIsStep: on input Step accepts, three steps of
// StepOnePass give every bit Step gives, in every form, on every length.
func TestStepOnePassIsStep(t *testing.T) {
	vectorLoops(t, func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		runtime.GOMAXPROCS(2) // the long vector is split as on a 2-core machine
		rng := rand.New(rand.NewPCG(5, 6))
		for _, cfg := range onePassConfigs() {
			for _, n := range onePassLengths {
				x, g := randomVectors(rng, n)
				x2 := append([]float64(nil), x...)
				a, _ := New(n, cfg)
				b, _ := New(n, cfg)
				for s := range 3 {
					if err := a.Step(x, g); err != nil {
						t.Fatal(err)
					}
					if err := b.StepOnePass(x2, g); err != nil {
						t.Fatalf("%+v, n %d, step %d: StepOnePass: %v", cfg, n, s+1, err)
					}
				}
				if i := sameFloats(x, x2); i >= 0 {
					t.Fatalf("%+v, n %d: x[%d] = %v after Step, %v after StepOnePass", cfg, n, i, x[i], x2[i])
				}
				if i := sameFloats(a.acc, b.acc); i >= 0 {
					t.Fatalf("%+v, n %d: accumulator[%d] = %v after Step, %v after StepOnePass", cfg, n, i, a.acc[i], b.acc[i])
				}
			}
		}
	})
}

// TestStepOnePassLeavesBadCoordinates puts NaN and infinite values in the
// gradient (and in x, which weight decay reads) at random places, in the
// vector loop's blocks, its tail, and both shares of a split step. Step
// must refuse the step and change nothing; StepOnePass must return Step's
// error, leave those coordinates' x and accumulator exactly as they were,
// and give every other coordinate what Step gives it when the bad ones are
// taken out (a zero gradient and a zero x there).
func TestStepOnePassLeavesBadCoordinates(t *testing.T) {
	vectorLoops(t, func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		runtime.GOMAXPROCS(2)
		rng := rand.New(rand.NewPCG(7, 8))
		bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Float64frombits(0x7FF0000000000001)}
		for _, cfg := range onePassConfigs() {
			for _, n := range onePassLengths {
				for trial := range 3 {
					x, g := randomVectors(rng, n)
					acc0 := make([]float64, n)
					o, _ := New(n, cfg)
					o.Step(x, g) // accumulators that differ
					copy(acc0, o.acc)
					isBad := make([]bool, n)
					for range 1 + trial*3 {
						i := rng.IntN(n)
						if cfg.WeightDecay != 0 && rng.IntN(2) == 0 {
							x[i] = bad[rng.IntN(len(bad))]
						} else {
							g[i] = bad[rng.IntN(len(bad))]
						}
						isBad[i] = true
					}
					x0 := append([]float64(nil), x...)
					name := fmt.Sprintf("%+v, n %d, trial %d", cfg, n, trial)

					// Step refuses and changes nothing.
					errStep := o.Step(x, g)
					if errStep == nil || sameFloats(x, x0) >= 0 || sameFloats(o.acc, acc0) >= 0 {
						t.Fatalf("%s: Step returned %v, or changed x or the accumulators", name, errStep)
					}

					// What Step gives the good coordinates.
					wantX, wantG := append([]float64(nil), x...), append([]float64(nil), g...)
					for i := range isBad {
						if isBad[i] {
							wantX[i], wantG[i] = 0, 0
						}
					}
					w, _ := New(n, cfg)
					copy(w.acc, acc0)
					w.steps = o.steps
					if err := w.Step(wantX, wantG); err != nil {
						t.Fatal(err)
					}
					for i := range isBad {
						if isBad[i] {
							wantX[i], w.acc[i] = x0[i], acc0[i]
						}
					}

					steps := o.steps
					errOne := o.StepOnePass(x, g)
					if errOne == nil || errOne.Error() != errStep.Error() || reflectType(errOne) != reflectType(errStep) {
						t.Fatalf("%s: StepOnePass returned %v, want Step's %v", name, errOne, errStep)
					}
					if o.steps != steps+1 {
						t.Fatalf("%s: the step count went from %d to %d, want it counted", name, steps, o.steps)
					}
					if i := sameFloats(x, wantX); i >= 0 {
						t.Fatalf("%s: x[%d] = %v, want %v (bad: %v, g %v)", name, i, x[i], wantX[i], isBad[i], g[i])
					}
					if i := sameFloats(o.acc, w.acc); i >= 0 {
						t.Fatalf("%s: accumulator[%d] = %v, want %v (bad: %v, g %v)", name, i, o.acc[i], w.acc[i], isBad[i], g[i])
					}
				}
			}
		}
	})
}

func reflectType(err error) string {
	var ge *GradientError
	var pe *PointError
	switch {
	case errors.As(err, &ge):
		return "GradientError"
	case errors.As(err, &pe):
		return "PointError"
	}
	return "other"
}

// TestStepOnePassRefuses: the errors that are not about values change
// nothing and do not count a step.
func TestStepOnePassRefuses(t *testing.T) {
	o, _ := New(4, TutorialConfig())
	x := []float64{1, 2, 3, 4}
	for _, c := range []struct {
		name string
		x, g []float64
		want error
	}{
		{"short gradient", x, []float64{1, 2, 3}, ErrLength},
		{"short x", x[:3], []float64{1, 2, 3}, ErrLength},
		{"shared memory", x, x, ErrOverlap},
	} {
		if err := o.StepOnePass(c.x, c.g); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if o.Steps() != 0 || x[0] != 1 || o.acc[0] != 0.1 {
		t.Errorf("refused steps changed the optimizer: %d steps, x %v, acc %v", o.Steps(), x, o.acc)
	}
	var none Optimizer
	if err := none.StepOnePass(x, []float64{1, 2, 3, 4}); !errors.Is(err, ErrNoState) {
		t.Errorf("zero Optimizer: %v, want ErrNoState", err)
	}
}

// TestStepOnePassNonFiniteXWithoutDecay: without weight decay Step takes
// an x that is NaN or infinite (it only adds to it), so StepOnePass must
// too, with Step's bits and no error, wherever the value lands: in the
// vector loop's blocks, in its tail, in a block it hands back (a 0/0
// step), and in either share of a split step.
func TestStepOnePassNonFiniteXWithoutDecay(t *testing.T) {
	vectorLoops(t, func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		runtime.GOMAXPROCS(2)
		rng := rand.New(rand.NewPCG(11, 12))
		for _, cfg := range onePassConfigs() {
			if cfg.WeightDecay != 0 {
				continue
			}
			for _, n := range append([]int{2, 6, 9, 10, 11}, onePassLengths...) {
				x, g := randomVectors(rng, n)
				for range 1 + n/100_000 {
					x[rng.IntN(n)] = nonFinite[rng.IntN(len(nonFinite))]
				}
				x[n-1] = nonFinite[rng.IntN(len(nonFinite))] // in the tail
				x2 := append([]float64(nil), x...)
				a, _ := New(n, cfg)
				b, _ := New(n, cfg)
				if err := a.Step(x, g); err != nil {
					t.Fatalf("%+v, n %d: Step: %v", cfg, n, err)
				}
				if err := b.StepOnePass(x2, g); err != nil {
					t.Fatalf("%+v, n %d: StepOnePass: %v, want nil as Step", cfg, n, err)
				}
				if i := sameFloats(x, x2); i >= 0 {
					t.Fatalf("%+v, n %d: x[%d] = %v after Step, %v after StepOnePass", cfg, n, i, x[i], x2[i])
				}
				if i := sameFloats(a.acc, b.acc); i >= 0 {
					t.Fatalf("%+v, n %d: accumulator[%d] = %v after Step, %v after StepOnePass", cfg, n, i, a.acc[i], b.acc[i])
				}
			}
		}
	})
}
