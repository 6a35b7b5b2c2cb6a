package adagrad_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// TestErrorKinds: every refusal of Step, StepSparse and New can be told
// apart with errors.Is or errors.As, says "adagrad:" once on one line, and
// changes nothing.
func TestErrorKinds(t *testing.T) {
	tutorial := adagrad.TutorialConfig()
	decay := adagrad.Config{LearningRate: 0.1, WeightDecay: 0.01}
	newOpt := func(c adagrad.Config) *adagrad.Optimizer {
		o, err := adagrad.New(3, c)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	buf := make([]float64, 6)
	for _, c := range []struct {
		name  string
		cfg   adagrad.Config
		step  func(o *adagrad.Optimizer, x []float64) error
		kind  error // a sentinel, or nil for a type
		as    func(error) bool
		words string // in the message
	}{
		{"short x", tutorial, func(o *adagrad.Optimizer, x []float64) error { return o.Step(x[:2], []float64{1, 1, 1}) }, adagrad.ErrLength, nil, "len(x) = 2, want 3"},
		{"short grad", tutorial, func(o *adagrad.Optimizer, x []float64) error { return o.Step(x, []float64{1, 1}) }, adagrad.ErrLength, nil, "len(grad) = 2, want 3"},
		{"shared memory", tutorial, func(o *adagrad.Optimizer, _ []float64) error { return o.Step(buf[:3], buf[2:5]) }, adagrad.ErrOverlap, nil, "share memory"},
		{"NaN gradient", tutorial, func(o *adagrad.Optimizer, x []float64) error { return o.Step(x, []float64{1, math.NaN(), 1}) }, nil,
			func(err error) bool {
				var e *adagrad.GradientError
				return errors.As(err, &e) && e.Index == 1 && math.IsNaN(e.Value)
			}, "grad[1] = NaN"},
		{"infinite x under weight decay", decay, func(o *adagrad.Optimizer, x []float64) error {
			v := x[2]
			x[2] = math.Inf(-1)
			defer func() { x[2] = v }()
			return o.Step(x, []float64{1, 1, 1})
		}, nil, func(err error) bool {
			var e *adagrad.PointError
			return errors.As(err, &e) && e.Index == 2 && math.IsInf(e.Value, -1)
		}, "x[2] = -Inf"},
		{"sparse: short x", tutorial, func(o *adagrad.Optimizer, x []float64) error { return o.StepSparse(x[:1], []int{0}, []float64{1}) }, adagrad.ErrLength, nil, "len(x) = 1"},
		{"sparse: values and indices", tutorial, func(o *adagrad.Optimizer, x []float64) error { return o.StepSparse(x, []int{0, 1}, []float64{1}) }, adagrad.ErrLength, nil, "len(idx) = 2 but len(grad) = 1"},
		{"sparse: index", tutorial, func(o *adagrad.Optimizer, x []float64) error { return o.StepSparse(x, []int{0, 3}, []float64{1, 1}) }, adagrad.ErrIndex, nil, "idx[1] = 3 is out of range [0, 3)"},
		{"sparse: weight decay", decay, func(o *adagrad.Optimizer, x []float64) error { return o.StepSparse(x, []int{0}, []float64{1}) }, adagrad.ErrSparseConfig, nil, "WeightDecay = 0.01"},
		{"sparse: infinite value", tutorial, func(o *adagrad.Optimizer, x []float64) error {
			return o.StepSparse(x, []int{2, 0}, []float64{1, math.Inf(1)})
		}, nil,
			func(err error) bool {
				var e *adagrad.GradientError
				return errors.As(err, &e) && e.Index == 1 && math.IsInf(e.Value, 1)
			}, "grad[1] = +Inf"},
		{"sparse: overflowing sum", tutorial, func(o *adagrad.Optimizer, x []float64) error {
			return o.StepSparse(x, []int{1, 0, 1, 1}, []float64{1e308, 5, 1e308, -1e308})
		}, nil, func(err error) bool {
			var e *adagrad.GradientError
			return errors.As(err, &e) && e.Index == 2 && math.IsInf(e.Value, 1)
		},
			"the values for coordinate 1 add up to +Inf at grad[2]"},
		{"sparse: overflowing sum, PyTorch", adagrad.PyTorchConfig(), func(o *adagrad.Optimizer, x []float64) error {
			return o.StepSparse(x, []int{1, 0, 1, 1}, []float64{-1e308, 5, -1e308, 1e308})
		}, nil, func(err error) bool {
			var e *adagrad.GradientError
			return errors.As(err, &e) && e.Index == 2 && math.IsInf(e.Value, -1)
		},
			"add up to -Inf at grad[2]"},
		// Two coordinates given two values each, both overflowing: PyTorch's
		// coalesce sorts the indices, so the error names the lower one, at
		// the later of its values.
		{"sparse: overflowing pairs, PyTorch", adagrad.PyTorchConfig(), func(o *adagrad.Optimizer, x []float64) error {
			return o.StepSparse(x, []int{2, 1, 2, 1}, []float64{1e308, 1e308, 1e308, 1e308})
		}, nil, func(err error) bool {
			var e *adagrad.GradientError
			return errors.As(err, &e) && e.Index == 3 && math.IsInf(e.Value, 1)
		},
			"the values for coordinate 1 add up to +Inf at grad[3]"},
		{"no state", tutorial, func(_ *adagrad.Optimizer, x []float64) error { var o adagrad.Optimizer; return o.Step(x, x) }, adagrad.ErrNoState, nil, "create it with New"},
		{"no state, sparse", tutorial, func(_ *adagrad.Optimizer, x []float64) error {
			var o adagrad.Optimizer
			return o.StepSparse(x, nil, nil)
		}, adagrad.ErrNoState, nil, "create it with New"},
	} {
		o := newOpt(c.cfg)
		x := []float64{1, 2, 3}
		_ = o.Step(x, []float64{0.5, 0.5, 0.5})
		x0, acc0 := append([]float64(nil), x...), o.Accumulator(nil)
		err := c.step(o, x)
		switch {
		case err == nil:
			t.Errorf("%s: no error", c.name)
			continue
		case c.kind != nil && !errors.Is(err, c.kind):
			t.Errorf("%s: %v is not %v", c.name, err, c.kind)
		case c.as != nil && !c.as(err):
			t.Errorf("%s: %#v is not the error expected", c.name, err)
		}
		if msg := err.Error(); !strings.Contains(msg, c.words) || strings.Count(msg, "adagrad:") != 1 || strings.Contains(msg, "\n") {
			t.Errorf("%s: message %q, want one line saying %q and adagrad: once", c.name, msg, c.words)
		}
		acc := o.Accumulator(nil)
		for i := range x {
			if !sameBits(x[i], x0[i]) || !sameBits(acc[i], acc0[i]) || o.Steps() != 1 {
				t.Fatalf("%s: the refused step changed coordinate %d or the count", c.name, i)
			}
		}
	}
	if _, err := adagrad.New(0, tutorial); !errors.Is(err, adagrad.ErrLength) {
		t.Errorf("New(0): %v, want ErrLength", err)
	}
}

// TestAccumulatorDestination: Accumulator fills the destination given, of
// length Len, allocates one for nil, and panics on any other length, as
// gonum's destination-first methods do.
func TestAccumulatorDestination(t *testing.T) {
	o, _ := adagrad.New(2, adagrad.TutorialConfig())
	_ = o.Step([]float64{1, 1}, []float64{2, 0})
	dst := []float64{7, 7}
	if got := o.Accumulator(dst); &got[0] != &dst[0] || dst[0] != 4.1 || dst[1] != 0.1 {
		t.Errorf("Accumulator(dst) = %v, dst %v; want dst filled with [4.1 0.1]", got, dst)
	}
	fresh := o.Accumulator(nil)
	fresh[0] = 100
	if o.Accumulator(dst)[0] != 4.1 {
		t.Error("changing Accumulator(nil)'s result changed the optimizer")
	}
	if a := testing.AllocsPerRun(10, func() { o.Accumulator(dst) }); a != 0 {
		t.Errorf("Accumulator(dst) allocates %v times", a)
	}
	defer func() {
		r := recover()
		if err, ok := r.(error); !ok || !errors.Is(err, adagrad.ErrLength) || !strings.Contains(err.Error(), "len(dst) = 3, want 2") {
			t.Errorf("Accumulator with a dst of length 3: panic %v, want ErrLength naming the lengths", r)
		}
	}()
	o.Accumulator(make([]float64, 3))
}

// TestZeroConfig: the zero Config is the tutorial's everywhere: New, Run
// and Validate agree (gonumopt.Method hands its Config to New).
func TestZeroConfig(t *testing.T) {
	if err := (adagrad.Config{}).Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	o, err := adagrad.New(1, adagrad.Config{})
	if err != nil || o.Config() != adagrad.TutorialConfig() {
		t.Fatalf("New: %v, config %+v; want TutorialConfig()", err, o.Config())
	}
	ref, _ := adagrad.New(1, adagrad.TutorialConfig())
	x, xr := []float64{-1}, []float64{-1}
	_ = o.Step(x, []float64{-2})
	_ = ref.Step(xr, []float64{-2})
	tr, err := adagrad.Run(func(g, _ []float64) { g[0] = -2 }, []float64{-1}, adagrad.Config{}, 1)
	if err != nil || x[0] != xr[0] || tr.Final()[0] != xr[0] {
		t.Errorf("zero Config: Step %v, Run %v (%v); TutorialConfig %v", x[0], tr.Final(), err, xr[0])
	}
	// Any other Config is taken as it is: no learning rate is an error.
	if _, err := adagrad.New(1, adagrad.Config{Like: adagrad.PyTorch}); err == nil || !strings.Contains(err.Error(), "LearningRate = 0") {
		t.Errorf("Config{Like: PyTorch}: %v, want an error naming LearningRate", err)
	}
}
