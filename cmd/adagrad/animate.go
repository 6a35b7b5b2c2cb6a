package main

import (
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/internal/atomicfile"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// animFlags are the flags that shape an animation or figure.
type animFlags struct {
	frames int
	fps    float64
	size   string
}

func (a *animFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&a.frames, "frames", 200, "number of frames, >= 1 and at most iters+1")
	fs.Float64Var(&a.fps, "fps", 50, "frames per second, in [0.0016, 100] (a GIF frame lasts 10 ms to 655.35 s)")
	fs.StringVar(&a.size, "size", "960x540", "image size WxH, each in 16..8192 (the tutorial's is 1920x1080)")
}

// The slowest frame rate a GIF can play: 100/65535 frames a second.
const (
	maxGIFDelay = 65535
	minGIFFPS   = 100 / (maxGIFDelay + 0.5)
)

func (a *animFlags) resolve(iters int) (plotting.AnimationOptions, int, int, error) {
	var o plotting.AnimationOptions
	w, h, err := parseSize(a.size)
	switch {
	case err != nil:
		return o, 0, 0, usagef("-size: %v", err)
	case a.frames < 1:
		return o, 0, 0, usagef("-frames %d: want >= 1", a.frames)
	case a.frames > iters+1:
		return o, 0, 0, usagef("-frames %d: a run of -iters %d has only %d points", a.frames, iters, iters+1)
	case !finite(a.fps) || a.fps <= 0 || a.fps > 100:
		return o, 0, 0, usagef("-fps %v: want a number in (0, 100]", a.fps)
	case math.Round(100/a.fps) > maxGIFDelay:
		// A GIF stores each frame's delay in hundredths of a second, in
		// 16 bits: at most 655.35 s.
		return o, 0, 0, usagef("-fps %v: a frame would last %.4g s, and a GIF frame lasts at most 655.35 s; want -fps >= %g", a.fps, 1/a.fps, math.Ceil(minGIFFPS*1e4)/1e4)
	}
	return plotting.AnimationOptions{Frames: a.frames, FPS: a.fps}, w, h, nil
}

func init() {
	var r runFlags
	var an animFlags
	var out string
	commands = append(commands, command{
		name:    "animate",
		args:    "[-func cubic|quadratic2d] [-x0 ...] [-like ...] [-lr ...] [-acc0 ...] [-eps ...] [-lr-decay ...] [-weight-decay ...] [-maximize] [-iters 1000] [-frames 200] [-fps 50] [-size 960x540] -out FILE.gif",
		summary: "write a run as an animated GIF (cubic: the tutorial's figure; quadratic2d: over contour lines)",
		flags: func() *flag.FlagSet {
			r, an, out = runFlags{}, animFlags{}, ""
			fs := flag.NewFlagSet("animate", flag.ContinueOnError)
			r.register(fs)
			an.register(fs)
			fs.StringVar(&out, "out", "", "the GIF file to write (required)")
			return fs
		},
		run: func(_ *flag.FlagSet, stdout io.Writer) error {
			p, x0, cfg, err := r.resolve()
			if err != nil {
				return err
			}
			opts, w, h, err := an.resolve(r.iters)
			if err != nil {
				return err
			}
			if out == "" {
				return usagef("-out: missing; name the GIF file to write")
			}
			anim, err := animation(p, x0, cfg, r.iters, opts, w, h)
			if err != nil {
				return err
			}
			if err := atomicfile.Write(out, anim.WriteGIF); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote %s: %d frames, %v, %dx%d\n", out, anim.Len(), anim.Duration(), w, h)
			return nil
		},
	})
}

// animation runs Adagrad and animates the run as the tutorial does.
func animation(p problem, x0 []float64, cfg adagrad.Config, iters int, o plotting.AnimationOptions, w, h int) (*plotting.Animation, error) {
	tr, err := adagrad.Run(p.grad, x0, cfg, iters)
	if err != nil {
		return nil, err
	}
	if p.dim == 1 {
		co := plotting.TutorialCurve(cfg.LearningRate)
		co.Width, co.Height, co.Scale = w, h, 1
		c, err := plotting.NewCurve(co)
		if err != nil {
			return nil, err
		}
		pts := make([]float64, len(tr.Points))
		for i, v := range tr.Points {
			pts[i] = v[0]
		}
		return c.Animate(pts, o)
	}
	co := plotting.TutorialContour(cfg.LearningRate)
	co.Width, co.Height, co.Scale = w, h, 1
	c, err := plotting.NewContour(co, plotting.Path{Label: "Adagrad", Points: tr.Points})
	if err != nil {
		return nil, err
	}
	return c.Animate(o)
}
