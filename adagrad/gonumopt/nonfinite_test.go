package gonumopt_test

import (
	"errors"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad/gonumopt"
	"gonum.org/v1/gonum/optimize"
)

// TestMethodNonFinite: a function value or gradient Adagrad cannot step
// with ends the run as gonum's own gradient methods end it: Failure, with
// gonum's ErrFunc or ErrGrad; a value of −Inf is gonum's to report, as
// FunctionNegativeInfinity.
func TestMethodNonFinite(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name    string
		f, g    float64 // the function's value and gradient everywhere
		status  optimize.Status
		errFunc bool // the error is an ErrFunc; else an ErrGrad
	}{
		{"F = +Inf", inf, 1, optimize.Failure, true},
		{"F = NaN", nan, 1, optimize.Failure, true},
		{"gradient +Inf", 1, inf, optimize.Failure, false},
		{"gradient −Inf", 1, -inf, optimize.Failure, false},
		{"gradient NaN", 1, nan, optimize.Failure, false},
		{"F = −Inf", -inf, 1, optimize.FunctionNegativeInfinity, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := optimize.Problem{
				Func: func([]float64) float64 { return tt.f },
				Grad: func(g, _ []float64) { g[0], g[1] = 0.5, tt.g },
			}
			res, err := minimize(t, p, []float64{1, 2}, &optimize.Settings{MajorIterations: 100}, &gonumopt.Method{})
			if res == nil || res.Status != tt.status {
				t.Fatalf("result %+v, error %v; want status %v", res, err, tt.status)
			}
			var ef optimize.ErrFunc
			var eg optimize.ErrGrad
			switch {
			case tt.status != optimize.Failure:
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
			case tt.errFunc && !errors.As(err, &ef):
				t.Errorf("error %v, want an optimize.ErrFunc", err)
			case !tt.errFunc && !errors.As(err, &eg):
				t.Errorf("error %v, want an optimize.ErrGrad", err)
			case !tt.errFunc && eg.Index != 1:
				t.Errorf("error %v names gradient element %d, want 1", err, eg.Index)
			}
		})
	}
}
