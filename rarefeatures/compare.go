package rarefeatures

import (
	"fmt"
	"math"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// DefaultRates returns the learning rates the notebook sweeps: half
// decades from 0.01 to 3.
func DefaultRates() []float64 { return []float64{0.01, 0.03, 0.1, 0.3, 1, 3} }

// AdagradConfig returns the Adagrad settings of the experiment: the
// tutorial's, with learning rate lr.
func AdagradConfig(lr float64) adagrad.Config {
	c := adagrad.TutorialConfig()
	c.LearningRate = lr
	return c
}

// A Result is what Compare found.
type Result struct {
	Data  *Data
	Rates []float64
	// SGDValid[i] and AdagradValid[i] are the validation losses after one
	// pass over the training set at Rates[i].
	SGDValid, AdagradValid []float64
	// The rates with the lowest validation loss, and the runs at them: the
	// test loss during training and the final weights.
	SGDRate, AdagradRate       float64
	SGD, Adagrad               Curve
	SGDWeights, AdagradWeights []float64
	// Accumulator is Adagrad's at the end of its run.
	Accumulator []float64
	// Counts[j] is how many times feature j appears in the training set.
	Counts []int
	// TrueLoss is the test loss of the true weights, the best any model
	// can expect.
	TrueLoss float64
}

// Compare trains logistic regression on d with plain SGD and with Adagrad
// at each of rates, picks each one's best rate by the loss on d.Valid, and
// runs both again at their best rates, measuring the loss on d.Test every
// every steps.
func Compare(d *Data, rates []float64, every int) (*Result, error) {
	if len(rates) == 0 {
		return nil, fmt.Errorf("rarefeatures: no learning rate to try")
	}
	n := d.Config.Features
	r := &Result{Data: d, Rates: rates, Counts: Counts(n, d.Train), TrueLoss: Loss(d.Truth, d.Test)}
	bestSGD, bestAda := math.Inf(1), math.Inf(1)
	for _, lr := range rates {
		if !(lr > 0) || math.IsInf(lr, 0) {
			return nil, fmt.Errorf("rarefeatures: learning rate %v, want a finite number > 0", lr)
		}
		w := make([]float64, n)
		c, err := Train(w, d.Train, SGD(lr), d.Valid, len(d.Train))
		if err != nil {
			return nil, err
		}
		r.SGDValid = append(r.SGDValid, c.Loss[len(c.Loss)-1])
		if v := r.SGDValid[len(r.SGDValid)-1]; v < bestSGD {
			bestSGD, r.SGDRate = v, lr
		}
		opt, err := adagrad.New(n, AdagradConfig(lr))
		if err != nil {
			return nil, err
		}
		w = make([]float64, n)
		if c, err = Train(w, d.Train, opt.StepSparse, d.Valid, len(d.Train)); err != nil {
			return nil, err
		}
		r.AdagradValid = append(r.AdagradValid, c.Loss[len(c.Loss)-1])
		if v := r.AdagradValid[len(r.AdagradValid)-1]; v < bestAda {
			bestAda, r.AdagradRate = v, lr
		}
	}
	var err error
	r.SGDWeights = make([]float64, n)
	if r.SGD, err = Train(r.SGDWeights, d.Train, SGD(r.SGDRate), d.Test, every); err != nil {
		return nil, err
	}
	opt, err := adagrad.New(n, AdagradConfig(r.AdagradRate))
	if err != nil {
		return nil, err
	}
	r.AdagradWeights = make([]float64, n)
	if r.Adagrad, err = Train(r.AdagradWeights, d.Train, opt.StepSparse, d.Test, every); err != nil {
		return nil, err
	}
	r.Accumulator = opt.Accumulator(nil)
	return r, nil
}

// EffectiveSteps returns, for every feature, the step Adagrad's final
// state gives a unit gradient: lr/(sqrt(acc)+eps). Plain SGD's is its
// learning rate, for every feature.
func (r *Result) EffectiveSteps() []float64 {
	c := AdagradConfig(r.AdagradRate)
	steps := make([]float64, len(r.Accumulator))
	for j, a := range r.Accumulator {
		steps[j] = c.StepSize(1, a)
	}
	return steps
}

// CatchUp returns the first measured step at which Adagrad's test loss is
// at most plain SGD's after the whole pass, or -1 if it never is.
func (r *Result) CatchUp() int {
	final := r.SGD.Loss[len(r.SGD.Loss)-1]
	for i, l := range r.Adagrad.Loss {
		if l <= final {
			return r.Adagrad.Steps[i]
		}
	}
	return -1
}
