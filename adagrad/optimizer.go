package adagrad

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"unsafe"
)

// Optimizer holds Adagrad's state for a vector of fixed length: one
// accumulator per coordinate and the number of steps taken. Create it with
// New or restore it with UnmarshalBinary. It is not safe for concurrent use.
type Optimizer struct {
	cfg   Config
	acc   []float64
	steps int

	concurrent int    // most goroutines a step may use; 0 means GOMAXPROCS
	tasks      []task // shares of a parallel step, reused
	wg         sync.WaitGroup

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

// wrap adds context to an error of this package, saying "adagrad:" once:
// "adagrad: context: what went wrong". errors.As and errors.Is still see err.
func wrap(err error, context string) error { return &contextError{context, err} }

type contextError struct {
	context string
	err     error
}

func (e *contextError) Error() string {
	return "adagrad: " + e.context + ": " + strings.TrimPrefix(e.err.Error(), "adagrad: ")
}

func (e *contextError) Unwrap() error { return e.err }

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

// Step moves x one Adagrad step against the gradient grad (along it with
// Maximize), both of length Len, and adds the squared gradient to the
// accumulator. It refuses, before anything changes, vectors of the wrong
// length, x and grad that share memory, a gradient holding NaN or Inf (a
// *GradientError), and with weight decay an x holding NaN or Inf. Step does
// not allocate.
func (o *Optimizer) Step(x, grad []float64) error {
	n := len(o.acc)
	switch {
	case n == 0:
		return errNotCreated
	case len(x) != n:
		return fmt.Errorf("adagrad: len(x) = %d, want %d", len(x), n)
	case len(grad) != n:
		return fmt.Errorf("adagrad: len(grad) = %d, want %d", len(grad), n)
	case overlap(x, grad):
		// Step reads grad[i] after it writes x[j] for j < i, differently
		// in each kernel: a shared element would give each its own answer.
		return errors.New("adagrad: x and grad share memory; pass the gradient in a slice of its own")
	case o.steps == math.MaxInt:
		return errors.New("adagrad: the step count is at its limit")
	}
	p := o.params()
	if p.wd != 0 { // weight decay feeds x into the step
		if i := firstNonFinite(x); i >= 0 {
			return fmt.Errorf("adagrad: x[%d] = %v is not finite (WeightDecay uses x)", i, x[i])
		}
	}
	if k := o.shares(n, p); k > 1 {
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

// params returns the constants of the next step. It is the one place they
// are built: every caller of update gets them here.
func (o *Optimizer) params() params {
	c := &o.cfg
	return params{
		negLR:    -c.rate(o.steps + 1),
		eps:      c.Epsilon,
		wd:       c.WeightDecay,
		form:     c.Like,
		maximize: c.Maximize,
	}
}

// overlap reports whether a and b share an element in memory.
func overlap(a, b []float64) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	const size = uintptr(unsafe.Sizeof(a[0]))
	pa, pb := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return pa < pb+uintptr(len(b))*size && pb < pa+uintptr(len(a))*size
}

// split runs a check or an update in k shares. For a check it returns the
// first bad index or -1.
func (o *Optimizer) split(k int, x, g []float64, p params, check bool) int {
	n := len(x)
	ts := o.shareTasks(k)
	for j := range ts {
		lo, hi := j*n/k, (j+1)*n/k
		ts[j] = task{x: x[lo:hi], g: g[lo:hi], acc: o.acc[lo:hi], p: p, check: check, bad: -1}
	}
	o.runTasks()
	if check {
		for j := range o.tasks {
			if b := o.tasks[j].bad; b >= 0 {
				return j*n/k + b
			}
		}
	}
	return -1
}
