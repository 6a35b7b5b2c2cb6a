package adagrad

import (
	"errors"
	"fmt"
	"sync"
)

// Optimizer holds Adagrad's state for a vector of fixed length: one
// accumulator per coordinate and the number of steps taken. Create it with
// New or restore it with UnmarshalBinary. It is not safe for concurrent use.
type Optimizer struct {
	cfg   Config
	acc   []float64
	steps int

	tasks []task // shares of a parallel step, reused
	wg    sync.WaitGroup

	sparse sparseBuffers // StepSparse's merged gradient and scratch, reused
}

// A GradientError reports a gradient coordinate that is NaN or infinite.
type GradientError struct {
	Index int
	Value float64
}

func (e *GradientError) Error() string {
	return fmt.Sprintf("adagrad: grad[%d] = %v is not finite", e.Index, e.Value)
}

var errNotCreated = errors.New("adagrad: Optimizer has no state; create it with New or UnmarshalBinary")

// New returns an Optimizer for vectors of length n >= 1 with every
// accumulator at c.InitialAccumulator.
func New(n int, c Config) (*Optimizer, error) {
	if n < 1 {
		return nil, fmt.Errorf("adagrad: n = %d, want >= 1", n)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	o := &Optimizer{cfg: c, acc: make([]float64, n)}
	o.Reset()
	return o, nil
}

// Config returns the optimizer's settings.
func (o *Optimizer) Config() Config { return o.cfg }

// Len returns the length of the vectors the optimizer steps.
func (o *Optimizer) Len() int { return len(o.acc) }

// Steps returns the number of steps taken since New or Reset.
func (o *Optimizer) Steps() int { return o.steps }

// Accumulator returns a copy of the per-coordinate sums of squared gradients.
func (o *Optimizer) Accumulator() []float64 {
	return append([]float64(nil), o.acc...)
}

// Reset sets every accumulator back to the initial value and the step count
// to zero.
func (o *Optimizer) Reset() {
	// +0 for an InitialAccumulator of -0, which Step would turn into +0
	// even with a zero gradient, so that StepSparse may skip coordinates.
	a := o.cfg.InitialAccumulator + 0
	for i := range o.acc {
		o.acc[i] = a
	}
	o.steps = 0
}

// Step moves x one Adagrad step against the gradient grad, both of length
// Len, and adds the squared gradient to the accumulator. A gradient of the
// wrong length or holding NaN or Inf (a *GradientError), or with weight
// decay an x holding NaN or Inf, is refused before anything changes. Step does not allocate.
func (o *Optimizer) Step(x, grad []float64) error {
	n := len(o.acc)
	switch {
	case n == 0:
		return errNotCreated
	case len(x) != n:
		return fmt.Errorf("adagrad: len(x) = %d, want %d", len(x), n)
	case len(grad) != n:
		return fmt.Errorf("adagrad: len(grad) = %d, want %d", len(grad), n)
	}
	p := o.params()
	if p.wd != 0 { // weight decay feeds x into the accumulator
		if i := firstNonFinite(x); i >= 0 {
			return fmt.Errorf("adagrad: x[%d] = %v is not finite (WeightDecay adds x to the gradient)", i, x[i])
		}
	}
	if k := shares(n, p); k > 1 {
		if i := o.split(k, x, grad, p, true); i >= 0 {
			return &GradientError{Index: i, Value: grad[i]}
		}
		o.split(k, x, grad, p, false)
	} else {
		if i := firstNonFinite(grad); i >= 0 {
			return &GradientError{Index: i, Value: grad[i]}
		}
		update(x, grad, o.acc, p)
	}
	o.steps++
	return nil
}

// params returns the constants of the next step. Step and StepSparse both
// take them from here, so that they step coordinates identically.
func (o *Optimizer) params() params {
	return params{
		negLR:  -o.cfg.rate(o.steps + 1),
		eps:    o.cfg.Epsilon,
		wd:     o.cfg.WeightDecay,
		inside: o.cfg.EpsilonInside,
	}
}

// split runs a check or an update in k shares, one on this goroutine and the
// rest on the worker pool. For a check it returns the first bad index or -1.
func (o *Optimizer) split(k int, x, g []float64, p params, check bool) int {
	n := len(x)
	if cap(o.tasks) < k {
		o.tasks = make([]task, k)
	}
	o.tasks = o.tasks[:k]
	o.wg.Add(k - 1)
	for j := k - 1; j >= 0; j-- {
		lo, hi := j*n/k, (j+1)*n/k
		t := &o.tasks[j]
		*t = task{x: x[lo:hi], g: g[lo:hi], acc: o.acc[lo:hi], p: p, check: check, bad: -1, wg: &o.wg}
		if j > 0 {
			submit(t)
		} else if check {
			t.bad = firstNonFinite(t.g)
		} else {
			update(t.x, t.g, t.acc, p)
		}
	}
	o.wg.Wait()
	if check {
		for j := range o.tasks {
			if b := o.tasks[j].bad; b >= 0 {
				return j*n/k + b
			}
		}
	}
	return -1
}
