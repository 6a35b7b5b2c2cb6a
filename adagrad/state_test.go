package adagrad_test

import (
	"github.com/gonb-tutorials/optimizers/internal/reference"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestStateRoundTrip saves an optimizer halfway through the tutorial's
// two-variable run and checks that the restored copy finishes it exactly as
// the reference does.
func TestStateRoundTrip(t *testing.T) {
	r := reference.Must(t, "tutorial-2d.json")
	cfg := config(r)
	cfg.LRDecay = 0 // the reference has none; the field still round-trips below
	o, _ := adagrad.New(2, cfg)
	x := append([]float64(nil), r.X0...)
	g := make([]float64, 2)
	half := r.Iterations / 2
	for i := 0; i < half; i++ {
		tutorial.QuadraticGrad(g, x)
		_ = o.Step(x, g)
	}
	state, err := o.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var restored adagrad.Optimizer
	if err := restored.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	if restored.Config() != cfg || restored.Steps() != half || restored.Len() != 2 {
		t.Fatalf("restored %+v, %d steps, length %d", restored.Config(), restored.Steps(), restored.Len())
	}
	for i := half + 1; i <= r.Iterations; i++ {
		tutorial.QuadraticGrad(g, x)
		_ = restored.Step(x, g)
		acc := restored.Accumulator()
		if x[0] != r.Points[i][0] || x[1] != r.Points[i][1] || acc[0] != r.Accumulators[i][0] || acc[1] != r.Accumulators[i][1] {
			t.Fatalf("restored optimizer, step %d: x %v acc %v, want %v and %v", i, x, acc, r.Points[i], r.Accumulators[i])
		}
	}
}

func TestStateKeepsEverySetting(t *testing.T) {
	cfg := adagrad.Config{LearningRate: 0.3, InitialAccumulator: 0.2, Epsilon: 1e-7, EpsilonInside: true, LRDecay: 0.01, WeightDecay: 0.001}
	a, _ := adagrad.New(3, cfg)
	x, g := []float64{1, 2, 3}, []float64{0.5, -1, 2}
	_ = a.Step(x, g)
	state, _ := a.MarshalBinary()
	var b adagrad.Optimizer
	if err := b.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	xa, xb := append([]float64(nil), x...), append([]float64(nil), x...)
	for i := 0; i < 5; i++ {
		_ = a.Step(xa, g)
		_ = b.Step(xb, g)
	}
	for i := range xa {
		if xa[i] != xb[i] {
			t.Fatalf("coordinate %d: original %v, restored %v", i, xa[i], xb[i])
		}
	}
}

func TestStateRejectsBadData(t *testing.T) {
	o, _ := adagrad.New(2, adagrad.TutorialConfig())
	good, _ := o.MarshalBinary()
	corrupt := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	put := func(b []byte, at int, v float64) []byte {
		bits := math.Float64bits(v)
		for i := 0; i < 8; i++ {
			b[at+i] = byte(bits >> (8 * i))
		}
		return b
	}
	for name, data := range map[string][]byte{
		"empty":             nil,
		"wrong magic":       corrupt(func(b []byte) []byte { b[0] = 'X'; return b }),
		"truncated":         good[:len(good)-1],
		"extra byte":        append(append([]byte(nil), good...), 0),
		"NaN learning rate": corrupt(func(b []byte) []byte { return put(b, 8, math.NaN()) }),
		"negative acc":      corrupt(func(b []byte) []byte { return put(b, len(b)-8, -1) }),
		"bad flag":          corrupt(func(b []byte) []byte { b[48] = 7; return b }),
	} {
		var r adagrad.Optimizer
		if err := r.UnmarshalBinary(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if r.Len() != 0 {
			t.Errorf("%s: a failed restore changed the optimizer", name)
		}
	}
	var zero adagrad.Optimizer
	if _, err := zero.MarshalBinary(); err == nil {
		t.Error("a zero Optimizer marshalled")
	}
}
