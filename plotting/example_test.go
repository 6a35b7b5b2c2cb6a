package plotting_test

import (
	"bytes"
	"fmt"
	"image/gif"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// The tutorial's animation: run Adagrad, draw the figure once, animate the
// point along the run.
func ExampleCurve_Animate() {
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, -1, adagrad.TutorialConfig(), 1000)
	if err != nil {
		panic(err)
	}
	fig, err := plotting.NewCurve(plotting.TutorialCurve(0.05)) // 960x540
	if err != nil {
		panic(err)
	}
	anim, err := fig.Animate(tr.Points, plotting.AnimationOptions{Frames: 200, FPS: 50})
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := anim.WriteGIF(&buf); err != nil {
		panic(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d frames, %v, %dx%d\n", anim.Len(), anim.Duration(), g.Config.Width, g.Config.Height)
	x, y := fig.Pixel(tr.Points[0], tutorial.Cubic(tr.Points[0]))
	fmt.Printf("frame 0 shows the start at pixel (%.0f, %.0f)\n", x, y)
	// Output:
	// 200 frames, 4s, 960x540
	// frame 0 shows the start at pixel (418, 273)
}
