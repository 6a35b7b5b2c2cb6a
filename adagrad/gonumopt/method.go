package gonumopt

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// Method runs Adagrad under gonum's optimize.Minimize:
//
//	res, err := optimize.Minimize(problem, x0, settings, &gonumopt.Method{Config: c})
//
// Every iteration evaluates the function and its gradient at the new point
// and reports it as a major iteration, so Minimize's settings
// (GradientThreshold, MajorIterations, Converger, Recorder) apply as usual.
// Minimize counts the starting point as the first major iteration:
// MajorIterations: n stops after n-1 Adagrad steps (1001 for the
// tutorial's 1000).
// A zero Config means TutorialConfig(), as it does for New; Config.Maximize
// is refused, as Minimize minimizes. Problem.Grad is required.
type Method struct {
	Config adagrad.Config
	// GradStopThreshold stops the run with GradientThreshold status when the
	// infinity norm of the gradient falls below it. 0 means 1e-12, as for
	// gonum's own methods; NaN turns the check off.
	GradStopThreshold float64

	opt    *adagrad.Optimizer
	status optimize.Status
	err    error
}

// Uses implements optimize.Method: Adagrad needs the gradient.
func (*Method) Uses(has optimize.Available) (optimize.Available, error) {
	if !has.Grad {
		return optimize.Available{}, optimize.ErrMissingGrad
	}
	return optimize.Available{Grad: true}, nil
}

// Init implements optimize.Method. Adagrad is sequential: it uses one task.
func (m *Method) Init(dim, tasks int) int {
	c := m.Config
	m.status, m.err = optimize.NotTerminated, nil
	if c.Maximize {
		m.err = errors.New("adagrad: Method minimizes, as optimize.Minimize does; Config.Maximize is for Step and Run")
		return 1
	}
	m.opt, m.err = adagrad.New(dim, c)
	return 1
}

// Status implements optimize.Statuser.
func (m *Method) Status() (optimize.Status, error) { return m.status, m.err }

// Run implements optimize.Method.
func (m *Method) Run(operation chan<- optimize.Task, result <-chan optimize.Task, tasks []optimize.Task) {
	m.status, m.err = m.run(operation, result, tasks[0])
	close(operation)
}

func (m *Method) run(operation chan<- optimize.Task, result <-chan optimize.Task, task optimize.Task) (optimize.Status, error) {
	if m.err != nil {
		return m.done(operation, result, task, optimize.Failure, m.err)
	}
	// Complete the starting location: Minimize may already know F or the
	// gradient from Settings.InitValues.
	if need := (optimize.FuncEvaluation | optimize.GradEvaluation) &^ task.Op; need != 0 {
		task.Op = need
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			return drain(result)
		}
	}
	for {
		if err := finite(task.Location); err != nil {
			return m.done(operation, result, task, optimize.Failure, err)
		}
		task.Op = optimize.MajorIteration
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			return drain(result)
		}
		if m.converged(task.Gradient) {
			return m.done(operation, result, task, optimize.GradientThreshold, nil)
		}
		if err := m.opt.Step(task.X, task.Gradient); err != nil {
			return m.done(operation, result, task, optimize.Failure, err)
		}
		task.Op = optimize.FuncEvaluation | optimize.GradEvaluation
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			return drain(result)
		}
	}
}

// finite reports a function value or gradient that Adagrad cannot use.
func finite(loc *optimize.Location) error {
	if math.IsNaN(loc.F) || math.IsInf(loc.F, 1) {
		return optimize.ErrFunc(loc.F)
	}
	for i, v := range loc.Gradient {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return optimize.ErrGrad{Grad: v, Index: i}
		}
	}
	return nil
}

// converged reports whether the gradient is below GradStopThreshold.
func (m *Method) converged(grad []float64) bool {
	thresh := m.GradStopThreshold
	if thresh == 0 {
		thresh = 1e-12
	}
	return !math.IsNaN(thresh) && floats.Norm(grad, math.Inf(1)) < thresh
}

// done ends the run from the method's side, as gonum's methods do: a
// MethodDone operation, then the results are drained.
func (m *Method) done(operation chan<- optimize.Task, result <-chan optimize.Task, task optimize.Task, s optimize.Status, err error) (optimize.Status, error) {
	task.Op = optimize.MethodDone
	operation <- task
	<-result // PostIteration
	drain(result)
	return s, err
}

// drain reads result until Minimize closes it, which it must do before the
// method closes operation.
func drain(result <-chan optimize.Task) (optimize.Status, error) {
	for range result {
	}
	return optimize.NotTerminated, nil
}
