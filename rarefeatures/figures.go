package rarefeatures

import (
	"fmt"
	"image"

	"github.com/gonb-tutorials/optimizers/plotting"
)

// LossFigure draws the test loss during both runs, with the loss of the
// true weights dashed. Width and height 0 give plotting's default size.
func LossFigure(r *Result, width, height int) (*image.RGBA, error) {
	steps := func(c Curve) []float64 {
		x := make([]float64, len(c.Steps))
		for i, s := range c.Steps {
			x[i] = float64(s)
		}
		return x
	}
	last := float64(r.SGD.Steps[len(r.SGD.Steps)-1])
	return plotting.Chart(plotting.ChartOptions{
		Title:  "Logistic regression on rare features: test loss",
		XLabel: "step (training examples seen)", YLabel: "log loss on test examples",
		Width: width, Height: height,
	},
		plotting.Series{Label: fmt.Sprintf("plain SGD, lr %g", r.SGDRate), X: steps(r.SGD), Y: r.SGD.Loss, Color: plotting.Blue},
		plotting.Series{Label: fmt.Sprintf("Adagrad (StepSparse), lr %g", r.AdagradRate), X: steps(r.Adagrad), Y: r.Adagrad.Loss, Color: plotting.Orange},
		plotting.Series{Label: "the true weights", X: []float64{0, last}, Y: []float64{r.TrueLoss, r.TrueLoss}, Color: plotting.Black, Dashed: true},
	)
}

// StepFigure draws Adagrad's effective step per feature at the end of its
// run against how often the feature appeared, both on log scales: the
// median over features that appeared about as often, and the 10th and
// 90th percentiles dashed; plain SGD's step, its learning rate, is the
// same for all.
func StepFigure(r *Result, width, height int) (*image.RGBA, error) {
	bands := Bands(r.Counts, r.EffectiveSteps())
	var x, low, mid, high []float64
	for _, b := range bands {
		x = append(x, b.Count)
		low, mid, high = append(low, b.Low), append(mid, b.Median), append(high, b.High)
	}
	return plotting.Chart(plotting.ChartOptions{
		Title:  "Each feature's step size after training",
		XLabel: "appearances in training", YLabel: "step size per unit gradient",
		LogX: true, LogY: true,
		Width: width, Height: height,
	},
		plotting.Series{Label: fmt.Sprintf("plain SGD: lr %g for every feature", r.SGDRate), X: []float64{x[0], x[len(x)-1]}, Y: []float64{r.SGDRate, r.SGDRate}, Color: plotting.Blue},
		plotting.Series{Label: "Adagrad: lr/(√acc+ε), median over features", X: x, Y: mid, Color: plotting.Orange},
		plotting.Series{Label: "10% and 90% of features", X: x, Y: low, Color: plotting.Orange, Dashed: true},
		plotting.Series{X: x, Y: high, Color: plotting.Orange, Dashed: true},
	)
}
