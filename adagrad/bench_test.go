package adagrad_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// benchmarkStep times one Step (or StepOnePass) on n parameters. The
// gradient stays fixed: the cost does not depend on its values.
func benchmarkStep(b *testing.B, n int, cfg adagrad.Config, onePass ...bool) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	o, err := adagrad.New(n, cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := o.Step(x, g); err != nil { // a first split step sizes its task list
		b.Fatal(err)
	}
	step := o.Step
	if len(onePass) > 0 && onePass[0] {
		step = o.StepOnePass
	}
	b.SetBytes(int64(40 * n)) // read x, g, acc; write x, acc
	b.ReportAllocs()
	for b.Loop() {
		if err := step(x, g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
}

func BenchmarkStep(b *testing.B) {
	for _, n := range []int{2, 1000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkStep(b, n, adagrad.TutorialConfig()) })
	}
}

// BenchmarkStepOnePass times StepOnePass beside Step on vectors that fit
// in the last-level cache and on vectors that do not, where Step's first
// read of the gradient costs most.
func BenchmarkStepOnePass(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("n=%d/Step", n), func(b *testing.B) { benchmarkStep(b, n, adagrad.TutorialConfig()) })
		b.Run(fmt.Sprintf("n=%d/StepOnePass", n), func(b *testing.B) { benchmarkStep(b, n, adagrad.TutorialConfig(), true) })
	}
}

// BenchmarkStepForms times the library forms with their defaults and the
// options that change the loop: PyTorch's (vectorised with FMA), with its
// weight decay; Keras's (vectorised) and with its decoupled weight decay
// (portable loop); Optax's (portable loop); and the tutorial's with L2
// weight decay and maximize.
func BenchmarkStepForms(b *testing.B) {
	with := func(c adagrad.Config, f func(*adagrad.Config)) adagrad.Config { f(&c); return c }
	for _, v := range []struct {
		name string
		cfg  adagrad.Config
	}{
		{"pytorch", adagrad.PyTorchConfig()},
		{"pytorch-weightdecay-maximize", with(adagrad.PyTorchConfig(), func(c *adagrad.Config) { c.WeightDecay, c.Maximize = 1e-4, true })},
		{"tutorial-weightdecay", with(adagrad.TutorialConfig(), func(c *adagrad.Config) { c.WeightDecay = 1e-4 })},
		{"keras", adagrad.KerasConfig()},
		{"keras-weightdecay", with(adagrad.KerasConfig(), func(c *adagrad.Config) { c.WeightDecay = 1e-4 })},
		{"optax", adagrad.OptaxConfig(0.05)},
	} {
		for _, n := range []int{1000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/n=%d", v.name, n), func(b *testing.B) { benchmarkStep(b, n, v.cfg) })
		}
	}
}
