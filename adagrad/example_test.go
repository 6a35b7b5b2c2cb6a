package adagrad_test

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"
)

// Adagrad by hand: compute the gradient, then Step.
func ExampleOptimizer_Step() {
	// f(x, y) = 2x² + 2xy + 2y² - 6x has its minimum at (2, -1).
	grad := func(g, p []float64) {
		g[0] = 4*p[0] + 2*p[1] - 6
		g[1] = 2*p[0] + 4*p[1]
	}
	opt, err := adagrad.New(2, adagrad.TutorialConfig())
	if err != nil {
		panic(err)
	}
	x, g := []float64{1, 0}, make([]float64, 2)
	for i := 0; i < 1000; i++ {
		grad(g, x)
		if err := opt.Step(x, g); err != nil {
			panic(err)
		}
	}
	fmt.Printf("after 1000 steps: (%.4f, %.4f)\n", x[0], x[1])
	fmt.Printf("accumulator %.4f\n", opt.Accumulator())
	// Output:
	// after 1000 steps: (1.9999, -0.9999)
	// accumulator [130.0365 130.0365]
}

// Run records a whole trajectory, here the tutorial's one-variable case.
func ExampleRun1D() {
	fdash := func(x float64) float64 { return 1 - 3*x*x } // f(x) = x - x³
	tr, err := adagrad.Run1D(fdash, -1, adagrad.TutorialConfig(), 1000)
	if err != nil {
		panic(err)
	}
	fmt.Printf("x: %.4f -> %.4f -> %.4f\n", tr.Points[0], tr.Points[1], tr.Final())
	fmt.Printf("accumulator: %.4f -> %.4f -> %.4f\n", tr.Accumulators[0], tr.Accumulators[1], tr.Accumulators[1000])
	// Output:
	// x: -1.0000 -> -0.9506 -> -0.5774
	// accumulator: 0.1000 -> 4.1000 -> 27.1022
}

// Run records every point of a run in several variables.
func ExampleRun() {
	grad := func(g, p []float64) {
		g[0] = 4*p[0] + 2*p[1] - 6
		g[1] = 2*p[0] + 4*p[1]
	}
	tr, err := adagrad.Run(grad, []float64{1, 0}, adagrad.TutorialConfig(), 200)
	if err != nil {
		panic(err)
	}
	for _, i := range []int{0, 10, 50, 200} {
		fmt.Printf("step %3d: (%.4f, %.4f)\n", i, tr.Points[i][0], tr.Points[i][1])
	}
	// Output:
	// step   0: (1.0000, 0.0000)
	// step  10: (1.2368, -0.2368)
	// step  50: (1.5447, -0.5447)
	// step 200: (1.8885, -0.8885)
}

// Method lets gonum's optimize.Minimize drive Adagrad.
func ExampleMethod() {
	p := optimize.Problem{Func: functions.Beale{}.Func, Grad: functions.Beale{}.Grad}
	settings := &optimize.Settings{GradientThreshold: 1e-8, Converger: optimize.NeverTerminate{}}
	method := &adagrad.Method{Config: adagrad.Config{LearningRate: 0.5, InitialAccumulator: 0.1, Epsilon: 1e-8}}
	res, err := optimize.Minimize(p, []float64{1, 1}, settings, method)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status)
	fmt.Printf("minimum at (%.6f, %.6f)\n", res.X[0], res.X[1])
	// Output:
	// GradientThreshold
	// minimum at (3.000000, 0.500000)
}
