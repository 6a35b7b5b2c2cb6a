package main

import (
	"flag"
	"math"
	"strconv"
	"strings"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// A problem is one of the tutorial's functions.
type problem struct {
	name  string
	dim   int
	start []float64
	f     func(x []float64) float64
	grad  func(grad, x []float64)
}

var problems = map[string]problem{
	"cubic": {
		name: "cubic", dim: 1, start: []float64{tutorial.CubicStart},
		f:    func(x []float64) float64 { return tutorial.Cubic(x[0]) },
		grad: func(g, x []float64) { g[0] = tutorial.CubicDeriv(x[0]) },
	},
	"quadratic2d": {
		name: "quadratic2d", dim: 2, start: tutorial.QuadraticStart[:],
		f:    func(x []float64) float64 { return tutorial.Quadratic(x[0], x[1]) },
		grad: tutorial.QuadraticGrad,
	},
}

// maxIters bounds a run so that a typo cannot exhaust memory.
const maxIters = 1_000_000

// runFlags are the flags that describe a run, shared by trace and animate.
type runFlags struct {
	fn, x0       string
	lr, acc0, ep float64
	iters        int
}

func (r *runFlags) register(fs *flag.FlagSet) {
	c := adagrad.TutorialConfig()
	fs.StringVar(&r.fn, "func", "cubic", "function: cubic (x - x^3) or quadratic2d (2x^2 + 2xy + 2y^2 - 6x)")
	fs.StringVar(&r.x0, "x0", "", "start, V or V,V (default -1 for cubic, 1,0 for quadratic2d)")
	fs.Float64Var(&r.lr, "lr", c.LearningRate, "learning rate, > 0")
	fs.Float64Var(&r.acc0, "acc0", c.InitialAccumulator, "initial accumulator, >= 0")
	fs.Float64Var(&r.ep, "eps", c.Epsilon, "epsilon, >= 0")
	fs.IntVar(&r.iters, "iters", 1000, "number of steps, 0.."+strconv.Itoa(maxIters))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// resolve checks the flags and returns the problem, start and settings.
func (r *runFlags) resolve() (problem, []float64, adagrad.Config, error) {
	p, ok := problems[r.fn]
	if !ok {
		return p, nil, adagrad.Config{}, usagef("-func %q: want cubic or quadratic2d", r.fn)
	}
	x0 := append([]float64(nil), p.start...)
	if r.x0 != "" {
		parts := strings.Split(r.x0, ",")
		if len(parts) != p.dim {
			return p, nil, adagrad.Config{}, usagef("-x0 %q: %s takes %d number(s), got %d", r.x0, p.name, p.dim, len(parts))
		}
		for i, s := range parts {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || !finite(v) {
				return p, nil, adagrad.Config{}, usagef("-x0 %q: %q is not a finite number", r.x0, s)
			}
			x0[i] = v
		}
	}
	switch {
	case !finite(r.lr) || r.lr <= 0:
		return p, nil, adagrad.Config{}, usagef("-lr %v: want a finite number > 0", r.lr)
	case !finite(r.acc0) || r.acc0 < 0:
		return p, nil, adagrad.Config{}, usagef("-acc0 %v: want a finite number >= 0", r.acc0)
	case !finite(r.ep) || r.ep < 0:
		return p, nil, adagrad.Config{}, usagef("-eps %v: want a finite number >= 0", r.ep)
	case r.iters < 0 || r.iters > maxIters:
		return p, nil, adagrad.Config{}, usagef("-iters %d: want 0..%d", r.iters, maxIters)
	}
	return p, x0, adagrad.Config{LearningRate: r.lr, InitialAccumulator: r.acc0, Epsilon: r.ep}, nil
}
