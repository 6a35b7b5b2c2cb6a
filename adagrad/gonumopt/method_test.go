package gonumopt_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/adagrad/gonumopt"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"
)

// minimize is optimize.Minimize with a deadline: Minimize and a Method talk
// over channels, and a mistake in that protocol would hang the test instead
// of failing it.
func minimize(t *testing.T, p optimize.Problem, x0 []float64, s *optimize.Settings, m optimize.Method) (*optimize.Result, error) {
	t.Helper()
	type result struct {
		r   *optimize.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := optimize.Minimize(p, x0, s, m)
		done <- result{r, err}
	}()
	select {
	case r := <-done:
		return r.r, r.err
	case <-time.After(2 * time.Minute):
		t.Fatal("optimize.Minimize has not returned after 2 minutes")
		return nil, nil
	}
}

type testFunction interface {
	Func(x []float64) float64
	Grad(grad, x []float64)
	Minima() []functions.Minimum
}

// TestMethodGonumFunctions runs Adagrad under optimize.Minimize on gonum's
// test functions, the way gonum tests its own gradient methods: the run must
// stop on the gradient threshold at the function's listed minimum, and a
// rerun from the same start with known initial values must land on exactly
// the same point with one evaluation fewer.
func TestMethodGonumFunctions(t *testing.T) {
	for _, c := range []struct {
		name string
		f    testFunction
		x0   []float64
	}{
		{"Beale", functions.Beale{}, []float64{1, 1}},
		{"ExtendedRosenbrock2", functions.ExtendedRosenbrock{}, []float64{-1.2, 1}},
		{"ExtendedRosenbrock4", functions.ExtendedRosenbrock{}, []float64{-1.2, 1, -1.2, 1}},
		{"Gaussian", functions.Gaussian{}, []float64{0.4, 1, 0}},
		{"HelicalValley", functions.HelicalValley{}, []float64{-1, 0, 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			const gradTol = 1e-10
			p := optimize.Problem{Func: c.f.Func, Grad: c.f.Grad}
			settings := &optimize.Settings{
				GradientThreshold: gradTol,
				Converger:         optimize.NeverTerminate{},
				MajorIterations:   200_000,
				FuncEvaluations:   200_001,
			}
			m := &gonumopt.Method{Config: adagrad.Config{LearningRate: 0.5, InitialAccumulator: 0.1, Epsilon: 1e-8}}
			res, err := minimize(t, p, c.x0, settings, m)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != optimize.GradientThreshold {
				t.Fatalf("status %v after %d iterations, want GradientThreshold", res.Status, res.MajorIterations)
			}
			if f := c.f.Func(res.X); f != res.F {
				t.Errorf("F = %v, but f(X) = %v", res.F, f)
			}
			g := make([]float64, len(c.x0))
			c.f.Grad(g, res.X)
			if !floats.Equal(g, res.Gradient) {
				t.Errorf("Gradient %v, but the gradient at X is %v", res.Gradient, g)
			}
			if n := floats.Norm(g, math.Inf(1)); n >= gradTol {
				t.Errorf("gradient norm %v at X, want < %v", n, gradTol)
			}
			found := false
			for _, mm := range c.f.Minima() {
				if len(mm.X) == len(c.x0) && floats.EqualApprox(res.X, mm.X, 1e-6) && math.Abs(res.F-mm.F) < 1e-12 {
					found = true
				}
			}
			if !found {
				t.Errorf("X %v F %v is none of gonum's listed minima", res.X, res.F)
			}

			settings.InitValues = &optimize.Location{F: c.f.Func(c.x0), Gradient: make([]float64, len(c.x0))}
			c.f.Grad(settings.InitValues.Gradient, c.x0)
			res2, err := minimize(t, p, c.x0, settings, m)
			if err != nil {
				t.Fatal(err)
			}
			if res2.F != res.F || !floats.Equal(res2.X, res.X) {
				t.Errorf("rerun with InitValues: X %v F %v, want %v and %v", res2.X, res2.F, res.X, res.F)
			}
			if res.FuncEvaluations != res2.FuncEvaluations+1 {
				t.Errorf("rerun with InitValues: %d evaluations, want %d", res2.FuncEvaluations, res.FuncEvaluations-1)
			}
		})
	}
}

// TestMethodMatchesRun checks that under Minimize Adagrad takes exactly the
// steps Run takes.
func TestMethodMatchesRun(t *testing.T) {
	f := functions.ExtendedRosenbrock{}
	x0 := []float64{-1.2, 1}
	const iters = 50
	tr, err := adagrad.Run(f.Grad, x0, adagrad.TutorialConfig(), iters)
	if err != nil {
		t.Fatal(err)
	}
	// The major iterations are the start and one per step.
	settings := &optimize.Settings{Converger: optimize.NeverTerminate{}, MajorIterations: iters + 1}
	res, err := minimize(t, optimize.Problem{Func: f.Func, Grad: f.Grad}, x0, settings, &gonumopt.Method{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != optimize.IterationLimit {
		t.Fatalf("status %v, want IterationLimit", res.Status)
	}
	if !floats.Equal(res.X, tr.Final()) {
		t.Errorf("Minimize ended at %v, Run at %v", res.X, tr.Final())
	}
}

func TestMethodErrors(t *testing.T) {
	if _, err := (&gonumopt.Method{}).Uses(optimize.Available{}); !errors.Is(err, optimize.ErrMissingGrad) {
		t.Errorf("Uses without a gradient: %v, want ErrMissingGrad", err)
	}
	f := functions.Beale{}
	p := optimize.Problem{Func: f.Func, Grad: f.Grad}
	_, err := minimize(t, p, []float64{1, 1}, nil, &gonumopt.Method{Config: adagrad.Config{LearningRate: -1}})
	if err == nil {
		t.Error("a negative learning rate was accepted")
	}
	res, err := minimize(t, p, []float64{1, 1}, nil, &gonumopt.Method{Config: adagrad.Config{LearningRate: 0.5, Maximize: true}})
	if err == nil || res.Status != optimize.Failure {
		t.Errorf("Maximize under Minimize: status %v, error %v; want Failure", res.Status, err)
	}
	nanGrad := optimize.Problem{Func: f.Func, Grad: func(g, x []float64) {
		f.Grad(g, x)
		if x[0] > 1.2 {
			g[1] = math.NaN()
		}
	}}
	res, err = minimize(t, nanGrad, []float64{1, 1}, &optimize.Settings{MajorIterations: 10_000}, &gonumopt.Method{Config: adagrad.Config{LearningRate: 0.5}})
	if err == nil || res.Status != optimize.Failure {
		t.Errorf("a NaN gradient gave status %v and error %v, want Failure", res.Status, err)
	}
}

// TestMethodGradStopThreshold checks where the method's own gradient test
// stops a run: at the first point of Run's trajectory whose gradient's
// infinity norm is below the threshold (gonum's GradientThreshold left at
// 0, which turns gonum's check off), at gonum's 1e-12 when the threshold is
// 0, and nowhere when it is NaN.
func TestMethodGradStopThreshold(t *testing.T) {
	f := functions.ExtendedRosenbrock{}
	p := optimize.Problem{Func: f.Func, Grad: f.Grad}
	x0 := []float64{-1.2, 1}
	cfg := adagrad.Config{LearningRate: 0.5, InitialAccumulator: 0.1, Epsilon: 1e-8}
	const iters = 200_000
	tr, err := adagrad.Run(f.Grad, x0, cfg, iters)
	if err != nil {
		t.Fatal(err)
	}
	firstBelow := func(thresh float64) int {
		g := make([]float64, len(x0))
		for i, x := range tr.Points {
			f.Grad(g, x)
			if floats.Norm(g, math.Inf(1)) < thresh {
				return i
			}
		}
		t.Fatalf("the gradient never falls below %v in %d steps", thresh, iters)
		return -1
	}
	for _, c := range []struct {
		thresh, below float64 // GradStopThreshold, and what it means
	}{{1e-3, 1e-3}, {1e-8, 1e-8}, {0, 1e-12}} {
		want := firstBelow(c.below)
		settings := &optimize.Settings{Converger: optimize.NeverTerminate{}, MajorIterations: iters + 1, FuncEvaluations: iters + 2}
		res, err := minimize(t, p, x0, settings, &gonumopt.Method{Config: cfg, GradStopThreshold: c.thresh})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != optimize.GradientThreshold || !floats.Equal(res.X, tr.Points[want]) {
			t.Errorf("GradStopThreshold %v: status %v at %v, want GradientThreshold at step %d, %v", c.thresh, res.Status, res.X, want, tr.Points[want])
		}
	}
	stop := firstBelow(1e-3)
	settings := &optimize.Settings{Converger: optimize.NeverTerminate{}, MajorIterations: stop + 11}
	res, err := minimize(t, p, x0, settings, &gonumopt.Method{Config: cfg, GradStopThreshold: math.NaN()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != optimize.IterationLimit || !floats.Equal(res.X, tr.Points[stop+10]) {
		t.Errorf("GradStopThreshold NaN: status %v at %v, want IterationLimit at step %d, %v", res.Status, res.X, stop+10, tr.Points[stop+10])
	}
}

// TestMajorIterationsCountTheStart: Minimize counts the starting point as
// a major iteration, so MajorIterations: n+1 ends where n Adagrad steps
// do, to the bit (as the doc says), and n where n-1 do.
func TestMajorIterationsCountTheStart(t *testing.T) {
	p := optimize.Problem{
		Func: func(x []float64) float64 { return 2*x[0]*x[0] + 2*x[0]*x[1] + 2*x[1]*x[1] - 6*x[0] },
		Grad: func(g, x []float64) { g[0], g[1] = 4*x[0]+2*x[1]-6, 2*x[0]+4*x[1] },
	}
	for _, steps := range []int{1, 10, 1000} {
		tr, err := adagrad.Run(p.Grad, []float64{1, 0}, adagrad.TutorialConfig(), steps)
		if err != nil {
			t.Fatal(err)
		}
		s := &optimize.Settings{MajorIterations: steps + 1, Converger: optimize.NeverTerminate{}, GradientThreshold: 1e-300}
		res, err := minimize(t, p, []float64{1, 0}, s, &gonumopt.Method{})
		if err != nil {
			t.Fatal(err)
		}
		if want := tr.Final(); res.X[0] != want[0] || res.X[1] != want[1] {
			t.Errorf("MajorIterations %d: x = %v, want %v (Run's %d steps)", steps+1, res.X, want, steps)
		}
	}
}
