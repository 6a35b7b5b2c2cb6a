package main

import (
	"fmt"
	"image"
	"io"
	"strings"

	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/rarefeatures"
)

// The sixth notebook's figures: rare features, plain SGD against sparse
// Adagrad on logistic regression.
func rareFeatures(w, h int, savePNG func(string, image.Image) error, stdout io.Writer) error {
	d, err := rarefeatures.Generate(rarefeatures.DefaultConfig())
	if err != nil {
		return err
	}
	r, err := rarefeatures.Compare(d, rarefeatures.DefaultRates(), 500)
	if err != nil {
		return err
	}
	c := d.Config
	rates := make([]string, len(r.Rates))
	for i, lr := range r.Rates {
		rates[i] = g(lr)
	}
	fmt.Fprintf(stdout, "Rare features: logistic regression on %d features, %d examples seen once, each method at its best learning rate of %s:\n",
		c.Features, c.Train, strings.Join(rates, ", "))
	fmt.Fprintf(stdout, "  test loss: plain SGD (lr %g) %.3f, Adagrad (lr %g) %.3f, true weights %.3f\n",
		r.SGDRate, r.SGD.Loss[len(r.SGD.Loss)-1], r.AdagradRate, r.Adagrad.Loss[len(r.Adagrad.Loss)-1], r.TrueLoss)
	o, series := rarefeatures.LossChart(r)
	o.Width, o.Height, o.Scale = w, h, 1
	loss, err := plotting.Chart(o, series...)
	if err != nil {
		return err
	}
	if err := savePNG("rare-loss.png", loss); err != nil {
		return err
	}
	o, series = rarefeatures.StepChart(r)
	o.Width, o.Height, o.Scale = w, h, 1
	steps, err := plotting.Chart(o, series...)
	if err != nil {
		return err
	}
	return savePNG("rare-steps.png", steps)
}
