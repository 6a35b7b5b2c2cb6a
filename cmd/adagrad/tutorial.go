package main

import (
	"flag"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/internal/atomicfile"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

func init() {
	var dir, size string
	commands = append(commands, command{
		name:    "tutorial",
		args:    "[-out DIR] [-size 960x540]",
		summary: "the whole tutorial: print both minima, write the animations and figures into DIR",
		flags: func() *flag.FlagSet {
			dir, size = "out", "960x540"
			fs := flag.NewFlagSet("tutorial", flag.ContinueOnError)
			fs.StringVar(&dir, "out", "out", "folder for the GIFs and PNGs (created if missing)")
			fs.StringVar(&size, "size", "960x540", "image size WxH, each in 16..8192 (the tutorial's is 1920x1080)")
			return fs
		},
		run: func(_ *flag.FlagSet, stdout io.Writer) error {
			w, h, err := parseSize(size)
			if err != nil {
				return usagef("-size: %v", err)
			}
			if dir == "" {
				return usagef("-out: empty; name a folder")
			}
			return runTutorial(dir, w, h, stdout)
		},
	})
}

// g formats a float in full precision: the shortest form that reads back
// to the same number.
func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func runTutorial(dir string, w, h int, stdout io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, unwrapPathErr(err))
	}
	cfg := adagrad.TutorialConfig()
	var written []string
	save := func(name string, write func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		if err := atomicfile.Write(path, write); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	savePNG := func(name string, img image.Image) error {
		b, err := plotting.PNG(img)
		if err != nil {
			return err
		}
		return save(name, func(w io.Writer) error { _, err := w.Write(b); return err })
	}

	// Part 1: one variable.
	t1, err := adagrad.Run1D(tutorial.CubicDeriv, tutorial.CubicStart, cfg, 1000)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "One variable, f(x) = x - x^3, from x = %s, learning rate %s, accumulator %s, epsilon %s, 1000 steps:\n",
		g(tutorial.CubicStart), g(cfg.LearningRate), g(cfg.InitialAccumulator), g(cfg.Epsilon))
	fmt.Fprintf(stdout, "  minimum at x = %s   (exact: -1/sqrt(3) = %s)\n", g(t1.Final()), g(tutorial.CubicMinX))
	// What the opening picture shows: the whole run, its rate levelling
	// off while its steps keep shrinking, until x stops changing.
	const shown = 1000
	rate := cfg.StepSize(shown, t1.Accumulators[shown])
	settled := shown
	for settled > 1 && math.Abs(cfg.StepSize(settled-1, t1.Accumulators[settled-1])/rate-1) <= 0.1 {
		settled--
	}
	frozen := lastChange(t1.Points)
	fmt.Fprintf(stdout, "  at a glance: lr/(sqrt(acc)+eps) is within 10%% of %.2g from step %d on, while the step taken shrinks from %.2g to %s by step %d, after which x no longer changes, %s from the floor\n",
		rate, settled, math.Abs(t1.Points[1]-t1.Points[0]), sci(math.Abs(t1.Points[frozen]-t1.Points[frozen-1]), 2), frozen, sci(math.Abs(t1.Points[frozen]-tutorial.CubicMinX), 2))

	// Part 2: its animation, and the first and last frames.
	co := plotting.TutorialCurve(cfg.LearningRate)
	co.Width, co.Height, co.Scale = w, h, 1
	curve, err := plotting.NewCurve(co)
	if err != nil {
		return err
	}
	anim, err := curve.Animate(t1.Points, plotting.AnimationOptions{})
	if err != nil {
		return err
	}
	if err := save("adagrad-1d.gif", anim.WriteGIF); err != nil {
		return err
	}
	if err := savePNG("adagrad-1d-first.png", anim.Frame(0)); err != nil {
		return err
	}
	if err := savePNG("adagrad-1d-last.png", anim.Frame(anim.Len()-1)); err != nil {
		return err
	}
	// The same run at a glance: the valley floor zoomed, the steps beside.
	gl := plotting.TutorialGlance(cfg.LearningRate)
	gl.Curve.Width, gl.Curve.Height, gl.Curve.Scale = w, h, 1
	glance, err := plotting.Glance(t1, cfg, gl)
	if err != nil {
		return err
	}
	if err := save("adagrad-at-a-glance.gif", glance.WriteGIF); err != nil {
		return err
	}

	// Part 3: two variables, with the pictures the tutorial lacks.
	t2, err := adagrad.Run(tutorial.QuadraticGrad, tutorial.QuadraticStart[:], cfg, 1000)
	if err != nil {
		return err
	}
	fin := t2.Final()
	fmt.Fprintf(stdout, "Two variables, f(x, y) = 2x^2 + 2xy + 2y^2 - 6x, from (%s, %s), 1000 steps:\n", g(tutorial.QuadraticStart[0]), g(tutorial.QuadraticStart[1]))
	fmt.Fprintf(stdout, "  minimum at (x, y) = (%s, %s)   (exact: (2, -1))\n", g(fin[0]), g(fin[1]))
	cto := plotting.TutorialContour(cfg.LearningRate)
	cto.Width, cto.Height, cto.Scale = w, h, 1
	contour, err := plotting.NewContour(cto, plotting.Path{Label: "Adagrad", Points: t2.Points})
	if err != nil {
		return err
	}
	if err := savePNG("adagrad-2d-contour.png", contour.Image()); err != nil {
		return err
	}
	anim2, err := contour.Animate(plotting.AnimationOptions{})
	if err != nil {
		return err
	}
	if err := save("adagrad-2d.gif", anim2.WriteGIF); err != nil {
		return err
	}
	// Why it slows down: the step is lr/(sqrt(acc)+eps) times the gradient.
	accSettled := 1
	final := t2.Accumulators[1000][0]
	for t2.Accumulators[accSettled][0] < 0.98*final {
		accSettled++
	}
	rate1, rateN := cfg.StepSize(1, t2.Accumulators[1][0]), cfg.StepSize(1000, t2.Accumulators[1000][0])
	step1, stepN := math.Abs(t2.Points[1][0]-t2.Points[0][0]), math.Abs(t2.Points[1000][0]-t2.Points[999][0])
	fmt.Fprintf(stdout, "  why it slows down: the accumulator reaches 98%% of its final %.4g by step %d; by step 1000 lr/(sqrt(acc)+eps) is %.2g of its first value, the gradient %s of its first, the step %s\n",
		final, accSettled, rateN/rate1, sci((stepN/rateN)/(step1/rate1), 2), sci(stepN/step1, 2))
	slow, err := plotting.SlowDown(t2, cfg, plotting.SlowDownOptions{Title: "Why Adagrad slows down (two variables)", Width: w, Height: h, Scale: 1})
	if err != nil {
		return err
	}
	if err := savePNG("adagrad-slowdown.png", slow); err != nil {
		return err
	}
	if err := whyAdagrad(w, h, stdout, savePNG, save); err != nil {
		return err
	}
	if err := rareFeatures(w, h, savePNG, stdout); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Wrote:")
	for _, p := range written {
		fmt.Fprintln(stdout, "  "+p)
	}
	return nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
