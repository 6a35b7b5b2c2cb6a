package adagrad_test

import (
	"encoding/binary"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/internal/reference"
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
		acc := restored.Accumulator(nil)
		if x[0] != r.Points[i][0] || x[1] != r.Points[i][1] || acc[0] != r.Accumulators[i][0] || acc[1] != r.Accumulators[i][1] {
			t.Fatalf("restored optimizer, step %d: x %v acc %v, want %v and %v", i, x, acc, r.Points[i], r.Accumulators[i])
		}
	}
}

func TestStateKeepsEverySetting(t *testing.T) {
	for _, cfg := range []adagrad.Config{
		{LearningRate: 0.3, InitialAccumulator: 0.2, Epsilon: 1e-7, LRDecay: 0.01, WeightDecay: 0.001, Maximize: true},
		{LearningRate: 0.3, Like: adagrad.PyTorch, LRDecay: 0.01, WeightDecay: 0.001, Maximize: true},
		{LearningRate: 0.3, InitialAccumulator: 0.2, Epsilon: 1e-7, Like: adagrad.Keras, WeightDecay: 0.001},
		adagrad.OptaxConfig(0.3),
	} {
		a, _ := adagrad.New(3, cfg)
		x, g := []float64{1, 2, 3}, []float64{0.5, -1, 2}
		_ = a.Step(x, g)
		state, _ := a.MarshalBinary()
		var b adagrad.Optimizer
		if err := b.UnmarshalBinary(state); err != nil {
			t.Fatal(err)
		}
		if b.Config() != cfg || b.Steps() != 1 {
			t.Fatalf("restored %+v after %d steps, want %+v after 1", b.Config(), b.Steps(), cfg)
		}
		xa, xb := append([]float64(nil), x...), append([]float64(nil), x...)
		for i := 0; i < 5; i++ {
			_ = a.Step(xa, g)
			_ = b.Step(xb, g)
		}
		for i := range xa {
			if xa[i] != xb[i] {
				t.Fatalf("%+v, coordinate %d: original %v, restored %v", cfg, i, xa[i], xb[i])
			}
		}
	}
}

// TestStateLargeStepCounts checks that any step count an optimizer can
// reach is saved and restored, MaxInt32 and beyond included, and that at
// the very end of the count Step refuses instead of wrapping around.
func TestStateLargeStepCounts(t *testing.T) {
	o, _ := adagrad.New(1, adagrad.Config{LearningRate: 1, LRDecay: 1})
	good, _ := o.MarshalBinary()
	const stepsAt = len("ADAGRAD\x02") + 5*8 + 2
	for _, steps := range []uint64{math.MaxInt32, math.MaxInt32 + 5, math.MaxUint32 + 1, math.MaxInt - 1, math.MaxInt} {
		data := append([]byte(nil), good...)
		binary.LittleEndian.PutUint64(data[stepsAt:], steps)
		var r adagrad.Optimizer
		if err := r.UnmarshalBinary(data); err != nil {
			t.Fatalf("%d steps: %v", steps, err)
		}
		if r.Steps() != int(steps) {
			t.Fatalf("%d steps restored as %d", steps, r.Steps())
		}
		again, _ := r.MarshalBinary()
		if string(again) != string(data) {
			t.Fatalf("%d steps: saved again, the state differs", steps)
		}
		x := []float64{0}
		err := r.Step(x, []float64{1})
		if steps < math.MaxInt {
			// Rate 1/(1+(t-1)·1) = 1/t at step t = steps+1: tiny but finite.
			if err != nil || r.Steps() != int(steps)+1 || !(x[0] < 0) {
				t.Fatalf("%d steps: Step gave %v, x %v, %d steps", steps, err, x[0], r.Steps())
			}
		} else if err == nil || r.Steps() != math.MaxInt || x[0] != 0 {
			t.Fatalf("at MaxInt steps: Step gave %v, x %v, %d steps; want a refusal", err, x[0], r.Steps())
		} else if err := r.StepSparse(x, []int{0}, []float64{1}); err == nil || r.Steps() != math.MaxInt || x[0] != 0 {
			t.Fatalf("at MaxInt steps: StepSparse gave %v, x %v, %d steps; want a refusal", err, x[0], r.Steps())
		}
	}
	data := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(data[stepsAt:], math.MaxInt+1)
	var r adagrad.Optimizer
	if err := r.UnmarshalBinary(data); err == nil {
		t.Error("a step count above MaxInt was accepted")
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
		"empty":                     nil,
		"wrong magic":               corrupt(func(b []byte) []byte { b[0] = 'X'; return b }),
		"truncated":                 good[:len(good)-1],
		"extra byte":                append(append([]byte(nil), good...), 0),
		"NaN learning rate":         corrupt(func(b []byte) []byte { return put(b, 8, math.NaN()) }),
		"negative acc":              corrupt(func(b []byte) []byte { return put(b, len(b)-8, -1) }),
		"bad form":                  corrupt(func(b []byte) []byte { b[48] = 7; return b }),
		"bad flags":                 corrupt(func(b []byte) []byte { b[49] = 2; return b }),
		"version 3":                 corrupt(func(b []byte) []byte { b[7] = 3; return b }),
		"version 1 layout too long": corrupt(func(b []byte) []byte { b[7] = 1; return b }),
	} {
		var r adagrad.Optimizer
		if err := r.UnmarshalBinary(data); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Count(err.Error(), "adagrad:") != 1 {
			t.Errorf("%s: %q, want adagrad: said once", name, err)
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

// TestStateVersion1 restores states written by the previous version of the
// package (testdata/state-v1-*.bin, saved by its MarshalBinary after 500
// steps of the tutorial's two-variable run): the tutorial's finishes the
// reference run bit for bit, and the one with EpsilonInside continues as
// Like: Keras, which steps the same.
func TestStateVersion1(t *testing.T) {
	r := reference.Must(t, "tutorial-2d.json")
	load := func(name string) *adagrad.Optimizer {
		t.Helper()
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var o adagrad.Optimizer
		if err := o.UnmarshalBinary(b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if o.Steps() != 500 || o.Len() != 2 {
			t.Fatalf("%s: %d steps, length %d, want 500 and 2", name, o.Steps(), o.Len())
		}
		return &o
	}

	o := load("state-v1-tutorial-500.bin")
	if o.Config() != adagrad.TutorialConfig() {
		t.Errorf("tutorial state restored as %+v", o.Config())
	}
	x := append([]float64(nil), r.Points[500]...)
	g := make([]float64, 2)
	for i := 501; i <= r.Iterations; i++ {
		tutorial.QuadraticGrad(g, x)
		if err := o.Step(x, g); err != nil {
			t.Fatal(err)
		}
		if x[0] != r.Points[i][0] || x[1] != r.Points[i][1] {
			t.Fatalf("step %d: %v, want %v", i, x, r.Points[i])
		}
	}

	o = load("state-v1-inside-500.bin")
	want := adagrad.Config{Like: adagrad.Keras, LearningRate: 0.05, InitialAccumulator: 0.1, Epsilon: 1e-7}
	if o.Config() != want {
		t.Fatalf("EpsilonInside state restored as %+v, want %+v", o.Config(), want)
	}
	fresh, _ := adagrad.New(2, want)
	x = []float64{1, 0}
	for range 500 {
		tutorial.QuadraticGrad(g, x)
		_ = fresh.Step(x, g)
	}
	for i, v := range fresh.Accumulator(nil) {
		if v != o.Accumulator(nil)[i] {
			t.Fatalf("accumulator %d: %v restored, %v from a fresh Keras run", i, o.Accumulator(nil)[i], v)
		}
	}
}
