package adagrad_test

import (
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/internal/reference"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// config returns the settings a reference run was made with.
func config(r reference.Run) adagrad.Config {
	return adagrad.Config{LearningRate: r.LearningRate, InitialAccumulator: r.InitialAccumulator, Epsilon: r.Epsilon}
}

// sameTrace fails unless got equals the reference in every bit.
func sameTrace(t *testing.T, r reference.Run, points, accs [][]float64) {
	t.Helper()
	if len(points) != len(r.Points) || len(accs) != len(r.Accumulators) {
		t.Fatalf("got %d points and %d accumulators, want %d", len(points), len(accs), len(r.Points))
	}
	bad := 0
	for i := range r.Points {
		for j := range r.Points[i] {
			if points[i][j] != r.Points[i][j] || accs[i][j] != r.Accumulators[i][j] {
				if bad++; bad <= 5 {
					t.Errorf("iteration %d, coordinate %d: point %v acc %v, want %v and %v",
						i, j, points[i][j], accs[i][j], r.Points[i][j], r.Accumulators[i][j])
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d values differ from the reference", bad)
	}
}

func TestReferenceOneVariable(t *testing.T) {
	r := reference.Must(t, "tutorial-1d.json")
	if got := config(r); got != adagrad.TutorialConfig() {
		t.Fatalf("reference settings %+v, TutorialConfig %+v", got, adagrad.TutorialConfig())
	}
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, r.X0[0], config(r), r.Iterations)
	if err != nil {
		t.Fatal(err)
	}
	points := make([][]float64, len(tr.Points))
	accs := make([][]float64, len(tr.Points))
	for i := range tr.Points {
		points[i], accs[i] = []float64{tr.Points[i]}, []float64{tr.Accumulators[i]}
	}
	sameTrace(t, r, points, accs)
	if tr.Final() != r.Final[0] {
		t.Errorf("Final() = %v, want %v", tr.Final(), r.Final[0])
	}
}

func TestReferenceTwoVariables(t *testing.T) {
	r := reference.Must(t, "tutorial-2d.json")
	tr, err := adagrad.Run(tutorial.QuadraticGrad, r.X0, config(r), r.Iterations)
	if err != nil {
		t.Fatal(err)
	}
	sameTrace(t, r, tr.Points, tr.Accumulators)
}

// TestReferenceByStep drives the optimizer by hand, as a user would, and
// checks the same numbers.
func TestReferenceByStep(t *testing.T) {
	r := reference.Must(t, "tutorial-2d.json")
	o, err := adagrad.New(2, config(r))
	if err != nil {
		t.Fatal(err)
	}
	x := append([]float64(nil), r.X0...)
	g := make([]float64, 2)
	for i := 1; i <= r.Iterations; i++ {
		tutorial.QuadraticGrad(g, x)
		if err := o.Step(x, g); err != nil {
			t.Fatal(err)
		}
		acc := o.Accumulator(nil)
		if x[0] != r.Points[i][0] || x[1] != r.Points[i][1] || acc[0] != r.Accumulators[i][0] || acc[1] != r.Accumulators[i][1] {
			t.Fatalf("step %d: x %v acc %v, want %v and %v", i, x, acc, r.Points[i], r.Accumulators[i])
		}
	}
	if o.Steps() != r.Iterations {
		t.Errorf("Steps() = %d, want %d", o.Steps(), r.Iterations)
	}
}
