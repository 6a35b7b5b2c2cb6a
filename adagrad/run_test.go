package adagrad_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

func TestRunStopsOnNonFiniteGradient(t *testing.T) {
	calls := 0
	grad := func(g, x []float64) {
		calls++
		g[0], g[1] = 1, 1
		if calls == 4 {
			g[1] = math.Inf(1)
		}
	}
	tr, err := adagrad.Run(grad, []float64{0, 0}, adagrad.TutorialConfig(), 10)
	if err == nil || err.Error() != "adagrad: iteration 4: grad[1] = +Inf is not finite" {
		t.Fatalf("error %v, want one naming iteration 4 and grad[1], saying adagrad: once", err)
	}
	var ge *adagrad.GradientError
	if !errors.As(err, &ge) || ge.Index != 1 || !math.IsInf(ge.Value, 1) {
		t.Errorf("errors.As finds %+v in %v, want the *GradientError of grad[1]", ge, err)
	}
	if tr == nil || len(tr.Points) != 4 || len(tr.Accumulators) != 4 {
		t.Fatalf("trace %v, want the start and 3 good steps", tr)
	}

	t1, err := adagrad.Run1D(func(x float64) float64 { return 1 / (x + 1) }, -0.5, adagrad.Config{LearningRate: 0.5}, 5)
	if err == nil || !strings.Contains(err.Error(), "iteration 2") || len(t1.Points) != 2 {
		t.Errorf("Run1D: %d points, error %v; want 2 and iteration 2", len(t1.Points), err)
	}
}

func TestRunBadInput(t *testing.T) {
	g := tutorial.QuadraticGrad
	for name, run := range map[string]func() error{
		"negative iters": func() error { _, err := adagrad.Run(g, []float64{1, 0}, adagrad.TutorialConfig(), -1); return err },
		"NaN start": func() error {
			_, err := adagrad.Run(g, []float64{math.NaN(), 0}, adagrad.TutorialConfig(), 1)
			return err
		},
		"empty start": func() error { _, err := adagrad.Run(g, nil, adagrad.TutorialConfig(), 1); return err },
		"bad config": func() error {
			_, err := adagrad.Run(g, []float64{1, 0}, adagrad.Config{LearningRate: -1}, 1)
			return err
		},
		"nil gradient":   func() error { _, err := adagrad.Run(nil, []float64{1, 0}, adagrad.TutorialConfig(), 1); return err },
		"nil derivative": func() error { _, err := adagrad.Run1D(nil, 0, adagrad.TutorialConfig(), 1); return err },
	} {
		if err := run(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	tr, err := adagrad.Run(g, []float64{1, 0}, adagrad.TutorialConfig(), 0)
	if err != nil || len(tr.Points) != 1 || tr.Final()[0] != 1 {
		t.Errorf("zero iterations: %v, %v", tr, err)
	}
}

// TestRunTraceIsIndependent checks that the recorded points do not alias the
// caller's start or each other.
func TestRunTraceIsIndependent(t *testing.T) {
	x0 := []float64{1, 0}
	tr, _ := adagrad.Run(tutorial.QuadraticGrad, x0, adagrad.TutorialConfig(), 3)
	x0[0] = 99
	tr.Points[1] = append(tr.Points[1], 5)
	if tr.Points[0][0] != 1 || tr.Points[2][0] == 5 {
		t.Error("trace entries share memory with the start or each other")
	}
}
