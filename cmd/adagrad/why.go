package main

import (
	"fmt"
	"image"
	"io"
	"math"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// The fourth notebook's figures: why Adagrad, and where it falls short.

// stretched is a bowl forty times steeper across (y) than along (x).
func stretched(x, y float64) float64 { return 0.05*x*x + 2*y*y }

func stretchedGrad(g, p []float64) {
	g[0] = 0.1 * p[0]
	g[1] = 4 * p[1]
}

// gradientDescent is the plain method: every coordinate moves by the same
// multiple of its slope.
func gradientDescent(grad func(grad, x []float64), x0 []float64, lr float64, iters int) [][]float64 {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	path := [][]float64{append([]float64(nil), x...)}
	for range iters {
		grad(g, x)
		for k := range x {
			x[k] -= lr * g[k]
		}
		path = append(path, append([]float64(nil), x...))
	}
	return path
}

func whyAdagrad(w, h int, savePNG func(string, image.Image) error, save func(string, func(io.Writer) error) error) error {
	// Gradient descent against Adagrad on the stretched bowl.
	x0 := []float64{-4.5, 1.2}
	gd := gradientDescent(stretchedGrad, x0, 0.45, 100)
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	ada, err := adagrad.Run(stretchedGrad, x0, cfg, 100)
	if err != nil {
		return err
	}
	co := plotting.ContourOptions{F: stretched, Minimum: []float64{0, 0}, Title: "Gradient descent (lr 0.45) and Adagrad (lr 1), 100 steps", Width: w, Height: h}
	c, err := plotting.NewContour(co, plotting.Path{Label: "gradient descent", Points: gd}, plotting.Path{Label: "Adagrad", Points: ada.Points})
	if err != nil {
		return err
	}
	if err := savePNG("why-paths.png", c.Image()); err != nil {
		return err
	}
	anim, err := c.Animate(plotting.AnimationOptions{Frames: 101, FPS: 20})
	if err != nil {
		return err
	}
	if err := save("why-paths.gif", anim.WriteGIF); err != nil {
		return err
	}

	// The learning rate sweep on the tutorial's one-variable function.
	var series []plotting.Series
	for _, lr := range []float64{0.01, 0.05, 0.1, 0.5, 1} {
		cfg := adagrad.TutorialConfig()
		cfg.LearningRate = lr
		tr, err := adagrad.Run1D(tutorial.CubicDeriv, tutorial.CubicStart, cfg, 1000)
		if err != nil {
			return err
		}
		dist := make([]float64, len(tr.Points))
		for i, x := range tr.Points {
			dist[i] = math.Abs(x - tutorial.CubicMinX)
		}
		series = append(series, plotting.Series{Label: fmt.Sprintf("learning rate %g", lr), Y: dist})
	}
	sweep, err := plotting.Chart(plotting.ChartOptions{Title: "Distance to the valley floor of x − x³", XLabel: "iteration", YLabel: "|x − x*|", LogY: true, Width: w, Height: h}, series...)
	if err != nil {
		return err
	}
	if err := savePNG("why-lr-sweep.png", sweep); err != nil {
		return err
	}

	// The weakness: far from the minimum the first gradients are large, the
	// accumulator never forgets them, and when the minimum moves Adagrad
	// crawls after it; the same optimizer with its memory wiped does not.
	moving, err := movingMinimum(w, h)
	if err != nil {
		return err
	}
	return savePNG("why-weakness.png", moving)
}

// movingMinimum runs Adagrad on (x - m)², where m jumps from 0 to 1 at step
// 300, and a copy restarted there.
func movingMinimum(w, h int) (image.Image, error) {
	const jump, iters = 300, 1000
	minimum := func(t int) float64 {
		if t < jump {
			return 0
		}
		return 1
	}
	t := 0
	slope := func(x float64) float64 {
		g := 2 * (x - minimum(t))
		t++
		return g
	}
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 0.5
	long, err := adagrad.Run1D(slope, -20, cfg, iters)
	if err != nil {
		return nil, err
	}
	fresh, err := adagrad.Run1D(func(x float64) float64 { return 2 * (x - 1) }, long.Points[jump], cfg, iters-jump)
	if err != nil {
		return nil, err
	}
	where := make([]float64, iters+1)
	for i := range where {
		where[i] = minimum(i)
	}
	xs := make([]float64, len(fresh.Points))
	for i := range xs {
		xs[i] = float64(jump + i)
	}
	return plotting.Chart(plotting.ChartOptions{Title: "The minimum moves at step 300", XLabel: "iteration", YLabel: "x", Width: w, Height: h},
		plotting.Series{Label: "where the minimum is", Y: where, Color: plotting.Black, Dashed: true},
		plotting.Series{Label: "Adagrad since step 0", Y: long.Points},
		plotting.Series{Label: "Adagrad restarted at step 300", X: xs, Y: fresh.Points})
}
