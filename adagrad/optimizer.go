package adagrad

import (
	"math"
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
	run        denseRun // what the tasks of a split dense step share

	sparse sparseBuffers // StepSparse's merged gradient and scratch, reused
}

// New returns an Optimizer for vectors of length n >= 1 with every
// accumulator at c.InitialAccumulator. The zero Config stands for
// TutorialConfig().
func New(n int, c Config) (*Optimizer, error) {
	if n < 1 {
		return nil, errorf(ErrLength, "n = %d, want >= 1", n)
	}
	c = c.orTutorial()
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

// Accumulator copies the per-coordinate sums of squared gradients into dst
// and returns it. If dst is nil a new slice is allocated; otherwise its
// length must be Len, or Accumulator panics, as gonum's methods that take
// a destination do.
func (o *Optimizer) Accumulator(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(o.acc))
	}
	if len(dst) != len(o.acc) {
		panic(errorf(ErrLength, "len(dst) = %d, want %d", len(dst), len(o.acc)))
	}
	copy(dst, o.acc)
	return dst
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
// accumulator. Before anything changes it refuses, with the errors the
// package documentation lists, vectors of the wrong length (ErrLength), x
// and grad that share memory (ErrOverlap), a gradient holding NaN or Inf
// (*GradientError), with weight decay an x holding NaN or Inf
// (*PointError), and a step past the count's limit (ErrStepLimit). Step
// does not allocate.
func (o *Optimizer) Step(x, grad []float64) error {
	if err := o.beginDense(x, grad); err != nil {
		return err
	}
	p := o.params(false)
	if p.wd != 0 { // weight decay feeds x into the step
		if i := firstNonFinite(x); i >= 0 {
			return &PointError{Index: i, Value: x[i]}
		}
	}
	if k := o.shares(len(x), o.minShare(p)); k > 1 {
		if i := o.splitDense(k, x, grad, p, true, false).g; i >= 0 {
			return gradientError(grad, i)
		}
	} else {
		if i := firstNonFinite(grad); i >= 0 {
			return gradientError(grad, i)
		}
		update(x, grad, o.acc, p)
	}
	o.steps++
	return nil
}

// beginDense checks what Step and StepOnePass need: what begin checks, and
// a gradient of x's length in memory of its own.
func (o *Optimizer) beginDense(x, grad []float64) error {
	if err := o.begin(x); err != nil {
		return err
	}
	switch {
	case len(grad) != len(x):
		return errorf(ErrLength, "len(grad) = %d, want %d", len(grad), len(x))
	case overlap(x, grad):
		// A step reads grad[i] after it writes x[j] for j < i, differently
		// in each kernel: a shared element would give each its own answer.
		return errorf(ErrOverlap, "x and grad share memory; pass the gradient in a slice of its own")
	}
	return nil
}

// begin checks what every step needs: an optimizer with state, an x of
// its length, and a step count below its limit.
func (o *Optimizer) begin(x []float64) error {
	switch n := len(o.acc); {
	case n == 0:
		return ErrNoState
	case len(x) != n:
		return errorf(ErrLength, "len(x) = %d, want %d", len(x), n)
	case o.steps == math.MaxInt:
		return ErrStepLimit
	}
	return nil
}

func gradientError(grad []float64, i int) error {
	return &GradientError{Index: i, Value: grad[i], coord: -1}
}

// params returns the constants of the next step, dense or sparse. It is
// the one place they are built: every caller of update gets them here.
func (o *Optimizer) params(sparse bool) params {
	c := &o.cfg
	p := params{
		negLR:    -c.rate(o.steps + 1),
		eps:      c.Epsilon,
		wd:       c.WeightDecay,
		form:     c.Like,
		maximize: c.Maximize,
	}
	if sparse && c.Like == PyTorch {
		p.form = pyTorchSparse
	}
	return p
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
