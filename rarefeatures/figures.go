package rarefeatures

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/plotting"
)

// LossFigure draws the test loss during both runs, with the loss of the
// true weights dashed, each line labelled at its end. Width and height are
// the layout size (0, 0: plotting's 960x540), drawn at plotting's default
// scale; LossChart gives the chart to draw at another.
func LossFigure(r *Result, width, height int) (*plotting.Image, error) {
	o, series := LossChart(r)
	o.Width, o.Height = width, height
	return plotting.Chart(o, series...)
}

// LossChart returns LossFigure's chart: its options (title and axis
// names) and its lines.
func LossChart(r *Result) (plotting.ChartOptions, []plotting.Series) {
	steps := func(c Curve) []float64 {
		x := make([]float64, len(c.Steps))
		for i, s := range c.Steps {
			x[i] = float64(s)
		}
		return x
	}
	last := float64(r.SGD.Steps[len(r.SGD.Steps)-1])
	return plotting.ChartOptions{
			Title:  "Logistic regression on rare features: test loss",
			XLabel: "step (training examples seen)", YLabel: "log loss on test examples",
		}, []plotting.Series{
			{EndLabel: fmt.Sprintf("plain SGD, η %g", r.SGDRate), X: steps(r.SGD), Y: r.SGD.Loss, Color: plotting.Blue},
			{EndLabel: fmt.Sprintf("Adagrad (StepSparse), η %g", r.AdagradRate), X: steps(r.Adagrad), Y: r.Adagrad.Loss, Color: plotting.Orange},
			{EndLabel: "the true weights", X: []float64{0, last}, Y: []float64{r.TrueLoss, r.TrueLoss}, Color: plotting.Black, Dashed: true},
		}
}

// StepFigure draws Adagrad's effective step per feature at the end of its
// run against how often the feature appeared, both on log scales: the
// median over features that appeared about as often, and the 10th and
// 90th percentiles dashed; plain SGD's step, its learning rate, is the
// same for all. Width and height are as LossFigure's; StepChart gives the
// chart.
func StepFigure(r *Result, width, height int) (*plotting.Image, error) {
	o, series := StepChart(r)
	o.Width, o.Height = width, height
	return plotting.Chart(o, series...)
}

// StepChart returns StepFigure's chart: its options and its lines.
func StepChart(r *Result) (plotting.ChartOptions, []plotting.Series) {
	bands := Bands(r.Counts, r.EffectiveSteps())
	var x, low, mid, high []float64
	for _, b := range bands {
		x = append(x, b.Count)
		low, mid, high = append(low, b.Low), append(mid, b.Median), append(high, b.High)
	}
	return plotting.ChartOptions{
			Title:  "Each feature's step size after training",
			XLabel: "appearances in training", YLabel: "step size per unit gradient",
			LogX: true, LogY: true,
		}, []plotting.Series{
			{EndLabel: fmt.Sprintf("plain SGD: η %g for every feature", r.SGDRate), X: []float64{x[0], x[len(x)-1]}, Y: []float64{r.SGDRate, r.SGDRate}, Color: plotting.Blue},
			{EndLabel: "Adagrad: η/(√a+ε), median", X: x, Y: mid, Color: plotting.Orange},
			{Label: "Adagrad: 10% and 90% of features", X: x, Y: low, Color: plotting.Orange, Dashed: true},
			{X: x, Y: high, Color: plotting.Orange, Dashed: true},
		}
}
