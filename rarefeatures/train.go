package rarefeatures

import (
	"fmt"
)

// A Step applies one sparse gradient to the weights w: the values grad[k]
// for the features idx[k], repeats added up. Adagrad's is the method value
// opt.StepSparse of an *adagrad.Optimizer.
type Step func(w []float64, idx []int, grad []float64) error

// SGD returns plain stochastic gradient descent as a Step: every listed
// feature moves by -lr times its gradient.
func SGD(lr float64) Step {
	return func(w []float64, idx []int, grad []float64) error {
		for k, i := range idx {
			w[i] -= lr * grad[k]
		}
		return nil
	}
}

// A Curve is a loss measured during training.
type Curve struct {
	Steps []int     // steps taken when measured: 0, every, 2*every, ..., last
	Loss  []float64 // the mean log loss then
}

// Train fits w to train one example at a time, in order, one step each,
// and measures the loss on eval every every steps (and at the start and the
// end).
func Train(w []float64, train []Example, step Step, eval []Example, every int) (Curve, error) {
	if every < 1 {
		return Curve{}, fmt.Errorf("rarefeatures: every = %d, want >= 1", every)
	}
	var c Curve
	record := func(s int) {
		c.Steps = append(c.Steps, s)
		c.Loss = append(c.Loss, Loss(w, eval))
	}
	record(0)
	var grad []float64
	for s, e := range train {
		if cap(grad) < len(e.Tokens) {
			grad = make([]float64, len(e.Tokens))
		}
		if err := step(w, e.Tokens, Gradient(grad, w, e)); err != nil {
			return c, fmt.Errorf("rarefeatures: step %d: %w", s+1, err)
		}
		if s+1 == len(train) || (s+1)%every == 0 {
			record(s + 1)
		}
	}
	return c, nil
}
