package adagrad_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// BenchmarkStepSparse times StepSparse on 10 million parameters with
// gradients of 1,000 and 100,000 nonzeros at fresh random indices every
// step, so that the coordinates touched are not in cache from the step
// before. The indices are drawn before the clock starts: each step takes
// the next nnz of a pool of 10 million, so a step sees the same indices
// again only after 10 million others. The dense sub-benchmark is Step on
// the same n, run alongside for the ratio.
func BenchmarkStepSparse(b *testing.B) {
	const n = 10_000_000
	rng := rand.New(rand.NewPCG(3, 4))
	pool := make([]int, n)
	for k := range pool {
		pool[k] = rng.IntN(n)
	}
	for _, nnz := range []int{1000, 100_000} {
		b.Run(fmt.Sprintf("n=%d/nnz=%d", n, nnz), func(b *testing.B) { benchmarkStepSparse(b, n, nnz, pool) })
	}
	// The same indices sorted and without repeats, as a coalesced sparse
	// gradient (PyTorch's) comes: no merging, and nearby coordinates share
	// cache lines and pages.
	sorted := make([]int, 0, n)
	for lo := 0; lo+100_000 <= n; lo += 100_000 {
		w := slices.Compact(slices.Sorted(slices.Values(pool[lo : lo+100_000])))
		sorted = append(sorted, w...)
	}
	b.Run(fmt.Sprintf("n=%d/nnz=%d/sorted", n, 100_000), func(b *testing.B) { benchmarkStepSparse(b, n, 100_000, sorted) })
	// The floor: a loop that only reads and writes x[i] and acc[i] at the
	// same fresh indices, the memory traffic any sparse step needs.
	for _, nnz := range []int{1000, 100_000} {
		b.Run(fmt.Sprintf("n=%d/nnz=%d/floor", n, nnz), func(b *testing.B) {
			x, acc := make([]float64, n), make([]float64, n)
			at := 0
			for b.Loop() {
				if at+nnz > len(pool) {
					at = 0
				}
				for _, i := range pool[at : at+nnz] {
					acc[i] += 0.25
					x[i] -= 0.5
				}
				at += nnz
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nnz), "ns/nonzero")
		})
	}
	b.Run(fmt.Sprintf("n=%d/dense", n), func(b *testing.B) { benchmarkStep(b, n, adagrad.TutorialConfig()) })
}

func benchmarkStepSparse(b *testing.B, n, nnz int, pool []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	g := make([]float64, nnz)
	for k := range g {
		g[k] = rng.NormFloat64() // the values do not change the cost
	}
	o, err := adagrad.New(n, adagrad.TutorialConfig())
	if err != nil {
		b.Fatal(err)
	}
	// One step first, to size StepSparse's buffers: the allocations per
	// step reported are those of a warm optimizer.
	if err := o.StepSparse(x, pool[len(pool)-nnz:], g); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	at := 0
	for b.Loop() {
		if at+nnz > len(pool) {
			at = 0
		}
		if err := o.StepSparse(x, pool[at:at+nnz], g); err != nil {
			b.Fatal(err)
		}
		at += nnz
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nnz), "ns/nonzero")
}
