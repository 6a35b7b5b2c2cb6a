package adagrad_test

import (
	"fmt"
	"math"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
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
	fmt.Printf("accumulator %.4f\n", opt.Accumulator(nil))
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

// A port checked against PyTorch: torch.optim.Adagrad with its defaults,
// float64 on the CPU, ends this run at the same 17 digits (the tests run
// PyTorch to check it).
func ExamplePyTorchConfig() {
	opt, err := adagrad.New(2, adagrad.PyTorchConfig()) // lr 0.01, accumulator 0, eps 1e-10
	if err != nil {
		panic(err)
	}
	x, g := []float64{1, 0}, make([]float64, 2)
	for i := 0; i < 1000; i++ {
		tutorial.QuadraticGrad(g, x)
		if err := opt.Step(x, g); err != nil {
			panic(err)
		}
	}
	fmt.Println(x[0], x[1])
	// Output:
	// 1.537462416800138 -0.5374624168001363
}

// Keras 3's Adagrad with its decoupled weight decay, which Keras applies
// before the step.
func ExampleKerasConfig() {
	cfg := adagrad.KerasConfig()
	cfg.WeightDecay = 0.004
	fmt.Printf("%v: lr %v, accumulator %v, epsilon %v\n", cfg.Like, cfg.LearningRate, cfg.InitialAccumulator, cfg.Epsilon)
	opt, err := adagrad.New(1, cfg)
	if err != nil {
		panic(err)
	}
	x := []float64{2}
	// x = 2 - 2·0.004·0.001 = 1.999992, then acc = 0.1 + 3² = 9.1 and
	// x -= 0.001·3/sqrt(9.1 + 1e-7).
	if err := opt.Step(x, []float64{3}); err != nil {
		panic(err)
	}
	fmt.Printf("x %.9f, accumulator %v\n", x[0], opt.Accumulator(nil)[0])
	// Output:
	// keras: lr 0.001, accumulator 0.1, epsilon 1e-07
	// x 1.998997510, accumulator 9.1
}

// Optax's Adagrad has no default learning rate. It takes no step while a
// coordinate's accumulator is 0, where the other forms divide by epsilon.
func ExampleOptaxConfig() {
	cfg := adagrad.OptaxConfig(0.1)
	cfg.InitialAccumulator = 0
	opt, err := adagrad.New(2, cfg)
	if err != nil {
		panic(err)
	}
	x := []float64{1, 1}
	if err := opt.Step(x, []float64{0, 4}); err != nil {
		panic(err)
	}
	// x[1] = 1 - 0.1·(4·(1/sqrt(16 + 1e-7))).
	fmt.Println(x, opt.Accumulator(nil))
	// Output:
	// [1 0.9000000003124999] [0 16]
}

// Maximize climbs instead: here towards the top of f(x) = -(x-3)².
func ExampleConfig_maximize() {
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate, cfg.Maximize = 0.5, true
	tr, err := adagrad.Run1D(func(x float64) float64 { return -2 * (x - 3) }, 0, cfg, 2000)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", tr.Final())
	// Output:
	// 3.0000
}

// Step splits long vectors across GOMAXPROCS goroutines. A program that
// steps many optimizers in parallel itself keeps each on its own goroutine.
func ExampleOptimizer_SetConcurrent() {
	opt, err := adagrad.New(1<<20, adagrad.TutorialConfig())
	if err != nil {
		panic(err)
	}
	opt.SetConcurrent(1)
	x, g := make([]float64, 1<<20), make([]float64, 1<<20)
	for i := range g {
		g[i] = 1
	}
	if err := opt.Step(x, g); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", x[0]) // -0.05/(sqrt(0.1 + 1) + 1e-8)
	// Output:
	// -0.0477
}

// Step refuses a gradient with a NaN and changes nothing; StepOnePass,
// which reads the gradient once, steps the other coordinates, leaves that
// one, and returns the same error.
func ExampleOptimizer_StepOnePass() {
	g := []float64{0.5, math.NaN(), -0.5}

	a, _ := adagrad.New(3, adagrad.TutorialConfig())
	x := []float64{1, 1, 1}
	err := a.Step(x, g)
	fmt.Printf("Step:        %v, x %.4f, acc %.2f, %d steps\n", err, x, a.Accumulator(nil), a.Steps())

	b, _ := adagrad.New(3, adagrad.TutorialConfig())
	x = []float64{1, 1, 1}
	err = b.StepOnePass(x, g)
	fmt.Printf("StepOnePass: %v, x %.4f, acc %.2f, %d steps\n", err, x, b.Accumulator(nil), b.Steps())
	// Output:
	// Step:        adagrad: grad[1] = NaN is not finite, x [1.0000 1.0000 1.0000], acc [0.10 0.10 0.10], 0 steps
	// StepOnePass: adagrad: grad[1] = NaN is not finite, x [0.9577 1.0000 1.0423], acc [0.35 0.10 0.35], 1 steps
}
