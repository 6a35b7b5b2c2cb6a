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
	fig, err := plotting.NewCurve(plotting.TutorialCurve(0.05)) // 960x540, drawn at 2x
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
	w, h := anim.LayoutSize()
	fmt.Printf("%d frames, %v, %dx%d pixels shown at %dx%d\n", anim.Len(), anim.Duration(), g.Config.Width, g.Config.Height, w, h)
	x, y := fig.Pixel(tr.Points[0], tutorial.Cubic(tr.Points[0]))
	fmt.Printf("frame 0 shows the start at pixel (%.0f, %.0f)\n", x, y)
	// Output:
	// 200 frames, 4s, 1920x1080 pixels shown at 960x540
	// frame 0 shows the start at pixel (835, 545)
}

// The two-variable animation: 200 frames spread over a 1000-step run, one
// step each at first and further apart later, so that the last one shows
// the point at the minimum, then held 1.5 s.
func ExampleContour_Animate() {
	tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{1, 0}, adagrad.TutorialConfig(), 1000)
	if err != nil {
		panic(err)
	}
	fig, err := plotting.NewContour(plotting.TutorialContour(0.05), plotting.Path{Label: "Adagrad", Points: tr.Points})
	if err != nil {
		panic(err)
	}
	anim, err := fig.Animate(plotting.AnimationOptions{Frames: 200, FPS: 50})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d frames, %v a frame, the last held %v: %v in all\n", anim.Len(), anim.Delay(), anim.Hold(), anim.Duration())
	// Output:
	// 200 frames, 20ms a frame, the last held 1.5s: 5.5s in all
}

// The tutorial's run at a glance, as the README opens with it.
func ExampleGlance() {
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, -1, adagrad.TutorialConfig(), 1000)
	if err != nil {
		panic(err)
	}
	anim, err := plotting.Glance(tr, adagrad.TutorialConfig(), plotting.TutorialGlance(0.05))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d frames over steps 0 to 1000, %v in all\n", anim.Len(), anim.Duration())
	// Output:
	// 200 frames over steps 0 to 1000, 6s in all
}
