package adagrad_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// benchmarkStep times one Step on n parameters. The gradient stays fixed:
// Step's cost does not depend on its values.
func benchmarkStep(b *testing.B, n int, cfg adagrad.Config) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	o, err := adagrad.New(n, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(40 * n)) // read x, g, acc; write x, acc
	b.ReportAllocs()
	for b.Loop() {
		if err := o.Step(x, g); err != nil {
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

// BenchmarkStepVariants times the other forms: epsilon under the root
// (Keras, Optax; vectorised like the default) and PyTorch's weight decay
// (the portable loop).
func BenchmarkStepVariants(b *testing.B) {
	for _, v := range []struct {
		name string
		cfg  adagrad.Config
	}{
		{"inside", adagrad.Config{LearningRate: 0.05, InitialAccumulator: 0.1, Epsilon: 1e-7, EpsilonInside: true}},
		{"weightdecay", adagrad.Config{LearningRate: 0.05, Epsilon: 1e-10, WeightDecay: 1e-4}},
	} {
		for _, n := range []int{1000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/n=%d", v.name, n), func(b *testing.B) { benchmarkStep(b, n, v.cfg) })
		}
	}
}
