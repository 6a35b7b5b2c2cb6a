package adagrad_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// floatsFrom turns fuzz bytes into float64 values, any bit pattern included.
func floatsFrom(b []byte, max int) []float64 {
	var v []float64
	for len(b) >= 8 && len(v) < max {
		v = append(v, math.Float64frombits(binary.LittleEndian.Uint64(b)))
		b = b[8:]
	}
	return v
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// FuzzStep feeds Step, StepOnePass and Run arbitrary settings, points and
// gradients. They must never panic, must refuse what is invalid, and from
// valid finite input must never produce NaN; StepOnePass must give Step's
// bits and errors and never a NaN accumulator; every state saved must
// restore.
func FuzzStep(f *testing.F) {
	f.Add(0.05, 0.1, 1e-8, uint8(0), false, 0.0, 0.0, []byte("0123456789abcdef0123456789abcdef"))
	f.Add(1.0, 0.0, 0.0, uint8(1), true, 0.5, 0.1, make([]byte, 48))
	f.Add(0.001, 0.1, 1e-7, uint8(2), false, 0.0, 0.1, make([]byte, 80))
	f.Add(1e10, 0.0, 0.0, uint8(3), true, 0.0, 0.0, make([]byte, 160))
	f.Add(math.NaN(), -1.0, math.Inf(1), uint8(7), false, -1.0, 0.0, []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, lr, acc0, eps float64, form uint8, maximize bool, decay, wd float64, data []byte) {
		cfg := adagrad.Config{LearningRate: lr, InitialAccumulator: acc0, Epsilon: eps, Like: adagrad.Form(form % 5), Maximize: maximize, LRDecay: decay, WeightDecay: wd}
		vals := floatsFrom(data, 64)
		n := len(vals) / 2
		o, err := adagrad.New(max(n, 1), cfg)
		if err != nil {
			if cfg.Validate() == nil {
				t.Fatalf("New refused a valid config: %v", err)
			}
			return
		}
		if n == 0 {
			return
		}
		x, g := vals[:n], vals[n:2*n]
		x1 := append([]float64(nil), x...)
		o1, _ := adagrad.New(n, cfg)
		err1 := o1.StepOnePass(x1, g)
		err = o.Step(x, g)
		switch {
		case (err == nil) != (err1 == nil) || err != nil && err.Error() != err1.Error():
			t.Fatalf("Step: %v, StepOnePass: %v", err, err1)
		case err == nil:
			a, a1 := o.Accumulator(nil), o1.Accumulator(nil)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(x1[i]) || math.Float64bits(a[i]) != math.Float64bits(a1[i]) {
					t.Fatalf("coordinate %d: Step gives x %v acc %v, StepOnePass x %v acc %v", i, x[i], a[i], x1[i], a1[i])
				}
			}
		}
		for i, v := range o1.Accumulator(nil) {
			if math.IsNaN(v) {
				t.Fatalf("StepOnePass: accumulator[%d] = %v", i, v)
			}
		}
		allFinite := true
		for i := range x {
			allFinite = allFinite && finite(x[i]) && finite(g[i])
		}
		if err != nil {
			for i := range g {
				if !finite(g[i]) || (wd != 0 && !finite(x[i])) {
					return
				}
			}
			t.Fatalf("Step refused finite gradient %v: %v", g, err)
		}
		if allFinite {
			for i, v := range x {
				if math.IsNaN(v) {
					t.Fatalf("x[%d] became NaN from finite input", i)
				}
			}
		}
		for i, v := range o.Accumulator(nil) {
			if math.IsNaN(v) || v < 0 {
				t.Fatalf("accumulator[%d] = %v", i, v)
			}
		}
		grad := func(gg, p []float64) { copy(gg, g) }
		_, _ = adagrad.Run(grad, x, cfg, 3)
		state, err := o.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r adagrad.Optimizer
		if err := r.UnmarshalBinary(state); err != nil {
			t.Fatalf("restoring a saved state: %v", err)
		}
		_ = r.UnmarshalBinary(data) // arbitrary bytes: an error, not a panic
	})
}
