package rarefeatures_test

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/rarefeatures"
)

// Sparse Adagrad on a problem of the notebook's kind, with a fifth of its
// training examples: Train passes each example's sparse gradient to the
// optimizer's StepSparse.
func Example() {
	c := rarefeatures.DefaultConfig()
	c.Train = 10_000
	data, err := rarefeatures.Generate(c)
	if err != nil {
		panic(err)
	}
	opt, err := adagrad.New(c.Features, rarefeatures.AdagradConfig(0.3))
	if err != nil {
		panic(err)
	}
	w := make([]float64, c.Features)
	curve, err := rarefeatures.Train(w, data.Train, opt.StepSparse, data.Test, 2500)
	if err != nil {
		panic(err)
	}
	for i, s := range curve.Steps {
		fmt.Printf("after %5d examples: test loss %.3f\n", s, curve.Loss[i])
	}
	// Output:
	// after     0 examples: test loss 0.693
	// after  2500 examples: test loss 0.663
	// after  5000 examples: test loss 0.609
	// after  7500 examples: test loss 0.580
	// after 10000 examples: test loss 0.565
}
