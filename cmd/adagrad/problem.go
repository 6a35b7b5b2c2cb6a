package main

import (
	"errors"
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
	fn, x0          string
	like            formFlag
	lr, acc0, eps   optionalFloat // the -like form's default unless given
	lrDecay, wDecay float64
	maximize        bool
	iters           int
}

func (r *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.fn, "func", "cubic", "function: cubic (x - x^3) or quadratic2d (2x^2 + 2xy + 2y^2 - 6x)")
	fs.StringVar(&r.x0, "x0", "", "start, V or V,V (default -1 for cubic, 1,0 for quadratic2d)")
	fs.Var(&r.like, "like", "whose Adagrad: tutorial, pytorch, keras or optax (their defaults and arithmetic)")
	fs.Var(&r.lr, "lr", "learning rate, > 0 (default: tutorial 0.05, pytorch 0.01, keras 0.001; optax needs it)")
	fs.Var(&r.acc0, "acc0", "initial accumulator, >= 0 (default: tutorial 0.1, pytorch 0, keras 0.1, optax 0.1)")
	fs.Var(&r.eps, "eps", "epsilon, >= 0 (default: tutorial 1e-8, pytorch 1e-10, keras 1e-7, optax 1e-7)")
	fs.Float64Var(&r.lrDecay, "lr-decay", 0, "learning-rate decay: step t uses lr/(1+(t-1)*V), >= 0 (tutorial, pytorch)")
	fs.Float64Var(&r.wDecay, "weight-decay", 0, "weight decay, >= 0: L2 (tutorial, pytorch) or decoupled (keras)")
	fs.BoolVar(&r.maximize, "maximize", false, "ascend instead of descend")
	fs.IntVar(&r.iters, "iters", 1000, "number of steps, 0.."+strconv.Itoa(maxIters))
}

// formFlag is -like: a Form by name.
type formFlag struct{ f adagrad.Form }

func (v *formFlag) String() string { return v.f.String() }

func (v *formFlag) Set(s string) error {
	if err := v.f.UnmarshalText([]byte(s)); err != nil {
		return errors.New("want tutorial, pytorch, keras or optax")
	}
	return nil
}

// optionalFloat is a number flag that knows whether it was given.
type optionalFloat struct {
	v   float64
	set bool
}

func (o *optionalFloat) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.FormatFloat(o.v, 'g', -1, 64)
}

func (o *optionalFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		return errors.New("out of float64's range")
	} else if err != nil {
		return errors.New("not a number")
	}
	o.v, o.set = v, true
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// resolve checks the flags and returns the problem, start and settings.
func (r *runFlags) resolve() (problem, []float64, adagrad.Config, error) {
	fail := func(format string, args ...any) (problem, []float64, adagrad.Config, error) {
		return problem{}, nil, adagrad.Config{}, usagef(format, args...)
	}
	p, ok := problems[r.fn]
	if !ok {
		return fail("-func %q: want cubic or quadratic2d", r.fn)
	}
	x0 := append([]float64(nil), p.start...)
	if r.x0 != "" {
		parts := strings.Split(r.x0, ",")
		if len(parts) != p.dim {
			return fail("-x0 %q: %s takes %d number(s), got %d", r.x0, p.name, p.dim, len(parts))
		}
		for i, s := range parts {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || !finite(v) {
				return fail("-x0 %q: %q is not a finite number", r.x0, s)
			}
			x0[i] = v
		}
	}
	like := r.like.f
	var cfg adagrad.Config
	switch like {
	case adagrad.PyTorch:
		cfg = adagrad.PyTorchConfig()
	case adagrad.Keras:
		cfg = adagrad.KerasConfig()
	case adagrad.Optax:
		if !r.lr.set {
			return fail("-lr: -like optax needs a learning rate (Optax's Adagrad has no default)")
		}
		cfg = adagrad.OptaxConfig(r.lr.v)
	default:
		cfg = adagrad.TutorialConfig()
	}
	switch {
	case r.lr.set && (!finite(r.lr.v) || r.lr.v <= 0):
		return fail("-lr %v: want a finite number > 0", r.lr.v)
	case r.acc0.set && (!finite(r.acc0.v) || r.acc0.v < 0):
		return fail("-acc0 %v: want a finite number >= 0", r.acc0.v)
	case r.eps.set && (!finite(r.eps.v) || r.eps.v < 0):
		return fail("-eps %v: want a finite number >= 0", r.eps.v)
	case !finite(r.lrDecay) || r.lrDecay < 0:
		return fail("-lr-decay %v: want a finite number >= 0", r.lrDecay)
	case r.lrDecay != 0 && (like == adagrad.Keras || like == adagrad.Optax):
		return fail("-lr-decay %v: -like %v has no learning-rate decay", r.lrDecay, like)
	case !finite(r.wDecay) || r.wDecay < 0:
		return fail("-weight-decay %v: want a finite number >= 0", r.wDecay)
	case r.wDecay != 0 && like == adagrad.Optax:
		return fail("-weight-decay %v: -like optax has no weight decay", r.wDecay)
	case r.iters < 0 || r.iters > maxIters:
		return fail("-iters %d: want 0..%d", r.iters, maxIters)
	}
	for _, o := range []struct {
		flag *optionalFloat
		dst  *float64
	}{{&r.lr, &cfg.LearningRate}, {&r.acc0, &cfg.InitialAccumulator}, {&r.eps, &cfg.Epsilon}} {
		if o.flag.set {
			*o.dst = o.flag.v
		}
	}
	cfg.LRDecay, cfg.WeightDecay, cfg.Maximize = r.lrDecay, r.wDecay, r.maximize
	if err := cfg.Validate(); err != nil {
		return fail("%s", strings.TrimPrefix(err.Error(), "adagrad: ")) // checked above; kept as a guard
	}
	return p, x0, cfg, nil
}
