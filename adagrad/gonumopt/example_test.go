package gonumopt_test

import (
	"fmt"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/adagrad/gonumopt"
)

// Method lets gonum's optimize.Minimize drive Adagrad.
func ExampleMethod() {
	p := optimize.Problem{Func: functions.Beale{}.Func, Grad: functions.Beale{}.Grad}
	settings := &optimize.Settings{GradientThreshold: 1e-8, Converger: optimize.NeverTerminate{}}
	method := &gonumopt.Method{Config: adagrad.Config{LearningRate: 0.5, InitialAccumulator: 0.1, Epsilon: 1e-8}}
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
