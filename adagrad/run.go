package adagrad

import (
	"fmt"
	"math"
)

// Trace is a recorded run. Points[i] and Accumulators[i] are the state after
// i steps: Points[0] is the start and Accumulators[0] the initial
// accumulator.
type Trace struct {
	Points       [][]float64
	Accumulators [][]float64
}

// Final returns the last point of the trace.
func (t *Trace) Final() []float64 { return t.Points[len(t.Points)-1] }

// Run takes iters Adagrad steps from x0 and records every point. grad must
// write the gradient at x into grad (both of length len(x0)), destination
// first as gonum's Grad(grad, x), and must not keep either slice. If a
// gradient turns NaN or Inf, Run stops with an error naming the iteration
// (errors.As finds the *GradientError in it) and returns the trace up to
// the last good point.
func Run(grad func(grad, x []float64), x0 []float64, c Config, iters int) (*Trace, error) {
	if iters < 0 {
		return nil, fmt.Errorf("adagrad: iters = %d, want >= 0", iters)
	}
	if grad == nil {
		return nil, fmt.Errorf("adagrad: grad is nil")
	}
	n := len(x0)
	o, err := New(n, c)
	if err != nil {
		return nil, err
	}
	for i, v := range x0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("adagrad: x0[%d] = %v is not finite", i, v)
		}
	}
	// One block for all points and one for all accumulators.
	pts := make([]float64, (iters+1)*n)
	accs := make([]float64, (iters+1)*n)
	t := &Trace{Points: make([][]float64, 1, iters+1), Accumulators: make([][]float64, 1, iters+1)}
	t.Points[0] = pts[:n:n]
	t.Accumulators[0] = accs[:n:n]
	copy(t.Points[0], x0)
	copy(t.Accumulators[0], o.acc)
	x := make([]float64, n)
	g := make([]float64, n)
	copy(x, x0)
	for it := 1; it <= iters; it++ {
		grad(g, x)
		if err := o.Step(x, g); err != nil {
			return t, wrap(err, fmt.Sprintf("iteration %d", it))
		}
		lo, hi := it*n, (it+1)*n
		t.Points = append(t.Points, pts[lo:hi:hi])
		t.Accumulators = append(t.Accumulators, accs[lo:hi:hi])
		copy(t.Points[it], x)
		copy(t.Accumulators[it], o.acc)
	}
	return t, nil
}

// Trace1D is a recorded run in one variable; see Trace.
type Trace1D struct {
	Points       []float64
	Accumulators []float64
}

// Final returns the last point of the trace.
func (t *Trace1D) Final() float64 { return t.Points[len(t.Points)-1] }

// Run1D is Run for a function of one variable with derivative fdash.
func Run1D(fdash func(float64) float64, x0 float64, c Config, iters int) (*Trace1D, error) {
	if fdash == nil {
		return nil, fmt.Errorf("adagrad: fdash is nil")
	}
	t, err := Run(func(g, x []float64) { g[0] = fdash(x[0]) }, []float64{x0}, c, iters)
	if t == nil {
		return nil, err
	}
	t1 := &Trace1D{Points: make([]float64, len(t.Points)), Accumulators: make([]float64, len(t.Points))}
	for i := range t.Points {
		t1.Points[i] = t.Points[i][0]
		t1.Accumulators[i] = t.Accumulators[i][0]
	}
	return t1, err
}
