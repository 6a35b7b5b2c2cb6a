package adagrad

import (
	"fmt"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// Some paths through the libraries take square roots that are not
// correctly rounded: PyTorch 2's torch.sqrt on the CPU (Intel MKL's vdSqrt,
// in the package index's wheels) and JAX's rsqrt on CPUs with AVX-512 (a
// hardware estimate refined by two Newton steps). Their numbers cannot be
// matched with math.Sqrt. These tests show that the roots are all that
// differs: the package's arithmetic, with the library's own roots put in
// place of math.Sqrt, takes every step of such a run from the library's
// state to the library's next state in every bit.

// rootStep takes step t (from 1) of case c from x and acc, with gradient g
// and the roots root(i, a) gives for coordinate i's new accumulator a
// (sqrt(a), or for Optax rsqrt(a+eps)), written out as the form's kernel
// takes it with math.Sqrt, and returns the new x and accumulator.
func rootStep(c *judgeCase, t int, x, g, acc []float64, root func(i int, a float64) float64) ([]float64, []float64) {
	cfg := c.config()
	negLR := -cfg.rate(t)
	nx, nacc := append([]float64(nil), x...), append([]float64(nil), acc...)
	switch {
	case c.Func == "sparse":
		var b sparseBuffers
		if err := b.merge(c.Idx[t-1-c.Step0], c.Vals[t-1-c.Step0], math.MaxInt, true); err != nil {
			panic(err)
		}
		for j, i := range b.idx {
			v := b.g[j]
			if cfg.Maximize {
				v = -v
			}
			nacc[i] = acc[i] + float64(v*v)
			d := root(i, nacc[i]) + cfg.Epsilon
			if q := v / d; q == q {
				nx[i] = math.FMA(negLR, q, x[i])
			} else {
				nx[i] = x[i] + negZero
			}
		}
	case cfg.Like == Optax:
		for i := range x {
			gi := g[i]
			if cfg.Maximize {
				gi = -gi
			}
			nacc[i] = float64(gi*gi) + acc[i]
			var ri float64
			if nacc[i] > 0 {
				ri = root(i, nacc[i])
			}
			nx[i] = x[i] + float64(negLR*float64(ri*gi))
		}
	default: // PyTorch's dense paths
		for i := range x {
			gi := g[i]
			if cfg.Maximize {
				gi = -gi
			}
			if cfg.WeightDecay != 0 {
				gi = math.FMA(cfg.WeightDecay, x[i], gi)
			}
			nacc[i] = math.FMA(gi, gi, acc[i])
			d := root(i, nacc[i]) + cfg.Epsilon
			nx[i] = moved(x[i], negLR*gi/d, negLR, gi, d)
		}
	}
	return nx, nacc
}

// gradientAt returns the case's gradient at step s (from 0) at x, dense.
func (c *judgeCase) gradientAt(s int, x []float64) []float64 {
	g := make([]float64, c.N)
	switch c.Func {
	case "cubic":
		g[0] = tutorial.CubicDeriv(x[0])
	case "quadratic2d":
		tutorial.QuadraticGrad(g, x)
	case "given":
		copy(g, c.Grads[s])
	}
	return g
}

// checkRoots fails unless every step of the library's run follows from
// the one before by rootStep with the library's roots, and reports how
// many of the roots differ from math.Sqrt's (the form's own roots).
func checkRoots(t *testing.T, c *judgeCase) (steps, roots, misrounded int) {
	t.Helper()
	if len(c.Roots) != c.Steps {
		t.Fatalf("%s: %d steps of roots for %d steps", c.Name, len(c.Roots), c.Steps)
	}
	bad := 0
	for s := range c.Steps {
		x, acc := c.Points[s], c.Accumulators[s]
		r := c.Roots[s]
		nx, nacc := rootStep(c, c.Step0+s+1, x, c.gradientAt(s, x), acc, func(i int, _ float64) float64 { return r[i] })
		for i := range nx {
			if !sameFloat(nx[i], c.Points[s+1][i]) || !sameFloat(nacc[i], c.Accumulators[s+1][i]) {
				if bad == 0 {
					t.Errorf("%s: with the library's roots, step %d coordinate %d gives x %v acc %v; the library %v and %v",
						c.Name, s+1, i, nx[i], nacc[i], c.Points[s+1][i], c.Accumulators[s+1][i])
				}
				bad++
			}
		}
		for i, r := range c.Roots[s] {
			roots++
			if !sameFloat(r, c.correctRoot(i, c.Accumulators[s+1][i])) {
				misrounded++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d values do not follow from the library's roots", c.Name, bad)
	}
	return c.Steps, roots, misrounded
}

func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// correctRoot is the root the forms take: math.Sqrt, or 1/math.Sqrt(a+eps)
// in the Optax form.
func (c *judgeCase) correctRoot(_ int, a float64) float64 {
	if c.form() == Optax {
		return 1 / math.Sqrt(a+c.Eps)
	}
	return math.Sqrt(a)
}

// rootsSummary describes how many roots a set of runs took and how many
// of them are not math.Sqrt's.
func rootsSummary(roots, misrounded int) string {
	return fmt.Sprintf("%d of %d roots (%.2f%%) differ from the correctly rounded ones", misrounded, roots, 100*float64(misrounded)/float64(max(roots, 1)))
}
