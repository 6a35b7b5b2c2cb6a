package main

import (
	"fmt"
	"image"
	"image/color"
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

func whyAdagrad(w, h int, stdout io.Writer, savePNG func(string, image.Image) error, save func(string, func(io.Writer) error) error) error {
	// Gradient descent against Adagrad on the stretched bowl.
	x0 := []float64{-4.5, 1.2}
	gd := gradientDescent(stretchedGrad, x0, 0.45, 100)
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	ada, err := adagrad.Run(stretchedGrad, x0, cfg, 100)
	if err != nil {
		return err
	}
	co := plotting.ContourOptions{F: stretched, Minimum: []float64{0, 0}, Title: "Gradient descent (η 0.45) and Adagrad (η 1), 100 steps", Width: w, Height: h, Scale: 1}
	c, err := plotting.NewContour(co, plotting.Path{Label: "gradient descent", Points: gd}, plotting.Path{Label: "Adagrad", Points: ada.Points})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Stretched bowl 0.05x^2 + 2y^2 from (-4.5, 1.2), 100 steps: f = %s with gradient descent (lr 0.45), %s with Adagrad (lr 1)\n",
		sci(stretched(gd[100][0], gd[100][1]), 2), sci(stretched(ada.Points[100][0], ada.Points[100][1]), 2))
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

	sweep, err := learningRateSweep(w, h, stdout)
	if err != nil {
		return err
	}
	if err := savePNG("why-lr-sweep.png", sweep); err != nil {
		return err
	}

	// The weakness: the accumulator never forgets, so each time the minimum
	// moves Adagrad follows it more slowly; the same optimizer with its
	// memory wiped at each move does not slow down.
	moving, err := movingMinimum(w, h, stdout)
	if err != nil {
		return err
	}
	return savePNG("why-weakness.png", moving)
}

// learningRateSweep runs the tutorial's one-variable problem at five
// learning rates and draws each run's distance to the valley floor until
// x stops changing (a dot marks where; from there float64 rounds every
// step to nothing), beside the spacing of float64 numbers at the floor,
// the closest any run can get. The steps are on a log(1 + step) scale:
// the fast runs are over in tens of steps, the slow ones take hundreds.
func learningRateSweep(w, h int, stdout io.Writer) (image.Image, error) {
	o, series, err := sweepChart(stdout)
	if err != nil {
		return nil, err
	}
	o.Width, o.Height, o.Scale = w, h, 1
	return plotting.Chart(o, series...)
}

// sweepChart runs the sweep, prints what it found and returns its chart.
func sweepChart(stdout io.Writer) (plotting.ChartOptions, []plotting.Series, error) {
	floor := tutorial.CubicMinX
	var series []plotting.Series
	fmt.Fprintln(stdout, "Learning rates on x - x^3 from x = -1, 1000 steps:")
	for _, lr := range []float64{0.01, 0.05, 0.1, 0.5, 1} {
		cfg := adagrad.TutorialConfig()
		cfg.LearningRate = lr
		tr, err := adagrad.Run1D(tutorial.CubicDeriv, tutorial.CubicStart, cfg, 1000)
		if err != nil {
			return plotting.ChartOptions{}, nil, err
		}
		last := lastChange(tr.Points)
		dist := make([]float64, last+1)
		for i := range dist {
			dist[i] = math.Abs(tr.Points[i] - floor)
		}
		s := plotting.Series{EndLabel: fmt.Sprintf("η %g", lr), Y: dist}
		if last < len(tr.Points)-1 {
			s.EndLabel += fmt.Sprintf(": fixed from step %d", last)
			s.MarkLast = true
			fmt.Fprintf(stdout, "  lr %-4g x stops changing at step %d, %s from the floor\n", lr, last, sci(dist[last], 2))
		} else {
			s.EndLabel += ": still moving"
			fmt.Fprintf(stdout, "  lr %-4g still moving at step 1000, %.2g from the floor\n", lr, dist[last])
		}
		series = append(series, s)
	}
	ulp := math.Nextafter(-floor, 1) + floor
	fmt.Fprintf(stdout, "  float64 numbers near the floor are %s apart\n", sci(ulp, 2))
	series = append(series, plotting.Series{
		EndLabel: "float64 spacing at x*, " + sci(ulp, 2), X: []float64{0, 1000}, Y: []float64{ulp, ulp},
		Color: plotting.Grey, Dashed: true,
	})
	return plotting.ChartOptions{Title: "Distance to the valley floor of x − x³", XLabel: "step", YLabel: "|x − x*|", LogY: true, Log1pX: true}, series, nil
}

// lastChange returns the last step at which x changed.
func lastChange(xs []float64) int {
	last := 0
	for i := 1; i < len(xs); i++ {
		if xs[i] != xs[i-1] {
			last = i
		}
	}
	return last
}

// The moving minimum: Adagrad (lr 1) on (x - m)², where m starts at 4 and
// moves between 4 and 0 every 200 steps.
const (
	movePeriod = 200
	moveSize   = 4
	moveIters  = 1000
	moveTol    = 0.1 // "has followed": within this of the new minimum
)

func movingTarget(t int) float64 {
	if (t/movePeriod)%2 == 0 {
		return moveSize
	}
	return 0
}

// movingMinimum runs Adagrad after the moving minimum once without and
// once with its memory wiped at each move (Reset), prints how many steps
// each needs to follow every move, and draws both runs.
func movingMinimum(w, h int, stdout io.Writer) (image.Image, error) {
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	t := 0
	slope := func(x float64) float64 {
		g := 2 * (x - movingTarget(t))
		t++
		return g
	}
	long, err := adagrad.Run1D(slope, 0, cfg, moveIters)
	if err != nil {
		return nil, err
	}
	// The wiped run: a fresh optimizer from where the last one got to.
	wiped := []float64{0}
	for start := 0; start < moveIters; start += movePeriod {
		m := movingTarget(start)
		seg, err := adagrad.Run1D(func(x float64) float64 { return 2 * (x - m) }, wiped[len(wiped)-1], cfg, movePeriod)
		if err != nil {
			return nil, err
		}
		wiped = append(wiped, seg.Points[1:]...)
	}
	// Where the minimum is for each step's gradient; the last point keeps
	// the last step's.
	where := make([]float64, moveIters+1)
	for i := range where {
		where[i] = movingTarget(min(i, moveIters-1))
	}
	fmt.Fprintf(stdout, "The minimum of (x - m)^2 moves between %d and 0 every %d steps (lr 1); steps to come within %g of it from x = 0, then after each of its %d moves:\n", moveSize, movePeriod, moveTol, moveIters/movePeriod-1)
	fmt.Fprintf(stdout, "  Adagrad:                 %v\n", followTimes(long.Points))
	fmt.Fprintf(stdout, "  Adagrad reset each move: %v\n", followTimes(wiped))
	o, series := movingChart(where, long.Points, wiped)
	o.Width, o.Height, o.Scale = w, h, 1
	return plotting.Chart(o, series...)
}

// movingChart draws both runs after the moving minimum: where it is as a
// light band, Adagrad solid over it, the reset run dashed on top, so that
// where the two runs coincide (until the first move) both show.
func movingChart(where, long, wiped []float64) (plotting.ChartOptions, []plotting.Series) {
	return plotting.ChartOptions{Title: fmt.Sprintf("The minimum moves every %d steps", movePeriod), XLabel: "step", YLabel: "x"},
		[]plotting.Series{
			{Label: "where the minimum is", Y: where, Color: color.Gray{Y: 0xc0}, Width: 5},
			{Label: "Adagrad", Y: long, Color: plotting.Orange},
			{Label: "Adagrad reset at each move", Y: wiped, Color: plotting.Blue, Dashed: true},
		}
}

// followTimes returns, for each move of the minimum, the steps until x is
// within moveTol of it (-1 if it never gets there before the next move).
func followTimes(xs []float64) []int {
	var out []int
	for start := 0; start < moveIters; start += movePeriod {
		m, n := movingTarget(start), -1
		for i := start; i <= min(start+movePeriod, len(xs)-1); i++ {
			if math.Abs(xs[i]-m) <= moveTol {
				n = i - start
				break
			}
		}
		out = append(out, n)
	}
	return out
}
