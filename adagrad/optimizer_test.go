package adagrad_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// TestStepHandComputed checks single steps whose results are exact in
// float64, worked out by hand for each form of the update.
func TestStepHandComputed(t *testing.T) {
	for _, c := range []struct {
		name    string
		cfg     adagrad.Config
		x       []float64
		grads   [][]float64 // one gradient per step
		wantX   []float64
		wantAcc []float64
	}{
		{"plain", adagrad.Config{LearningRate: 0.5}, []float64{1}, [][]float64{{2}}, []float64{0.5}, []float64{4}},
		// acc 5+2² = 9, x = 1 - 3·2/3.
		{"initial accumulator", adagrad.Config{LearningRate: 3, InitialAccumulator: 5}, []float64{1}, [][]float64{{2}}, []float64{-1}, []float64{9}},
		// sqrt(9)+1 = 4, x = 1 - 2·3/4.
		{"epsilon outside", adagrad.Config{LearningRate: 2, Epsilon: 1}, []float64{1}, [][]float64{{3}}, []float64{-0.5}, []float64{9}},
		// Keras: sqrt(9+7) = 4, x = 1 - 2·3/4.
		{"epsilon inside (Keras)", adagrad.Config{LearningRate: 2, Epsilon: 7, Like: adagrad.Keras}, []float64{1}, [][]float64{{3}}, []float64{-0.5}, []float64{9}},
		// Keras's weight decay comes first: x = 4 - 4·0.25·2.5 = 1.5, then
		// acc 7+3² = 16, x = 1.5 - 2.5·3/sqrt(16+9) = 0. (After the step it
		// would be 2.5 - 2.5·0.25·2.5 = 0.9375.)
		{"Keras weight decay", adagrad.Config{LearningRate: 2.5, InitialAccumulator: 7, Epsilon: 9, Like: adagrad.Keras, WeightDecay: 0.25}, []float64{4}, [][]float64{{3}}, []float64{0}, []float64{16}},
		// Optax: acc 7+3² = 16, x = 1 + -2·(3·(1/sqrt(16))) = -0.5.
		{"Optax", adagrad.Config{LearningRate: 2, InitialAccumulator: 7, Like: adagrad.Optax}, []float64{1}, [][]float64{{3}}, []float64{-0.5}, []float64{16}},
		// Optax takes no step while the accumulator is 0; the tutorial's form
		// sends x to -Inf (a nonzero gradient over a zero denominator).
		{"Optax, zero accumulator", adagrad.Config{LearningRate: 2, Like: adagrad.Optax}, []float64{1, 1}, [][]float64{{0, 1e-170}}, []float64{1, 1}, []float64{0, 0}},
		{"zero denominator", adagrad.Config{LearningRate: 2}, []float64{1, 1}, [][]float64{{0, 1e-170}}, []float64{1, math.Inf(-1)}, []float64{0, 0}},
		// g = 1+2⁻²⁷, so g² = 1 + 2⁻²⁶ + 2⁻⁵⁴, and acc0 = 2⁻⁵³. Rounded on its
		// own, g² is 1 + 2⁻²⁶, and adding 2⁻⁵³ (half an ulp) ties back to it;
		// PyTorch's fused addcmul rounds 1 + 2⁻²⁶ + 3·2⁻⁵⁴ once, up by an ulp.
		{"tutorial rounds acc+g² twice", adagrad.Config{LearningRate: 1, InitialAccumulator: 0x1p-53, Epsilon: 1}, []float64{0}, [][]float64{{1 + 0x1p-27}}, nil, []float64{1 + 0x1p-26}},
		{"PyTorch rounds acc+g² once", adagrad.Config{LearningRate: 1, InitialAccumulator: 0x1p-53, Epsilon: 1, Like: adagrad.PyTorch}, []float64{0}, [][]float64{{1 + 0x1p-27}}, nil, []float64{1 + 0x1p-26 + 0x1p-52}},
		// Maximize climbs: x = 1 + 0.5·2/2.
		{"maximize", adagrad.Config{LearningRate: 0.5, Maximize: true}, []float64{1}, [][]float64{{2}}, []float64{1.5}, []float64{4}},
		// PyTorch negates the gradient before adding weight decay:
		// g = -1 + 0.5·2 = 0, so x does not move.
		{"maximize with weight decay", adagrad.Config{LearningRate: 1, WeightDecay: 0.5, Maximize: true, Like: adagrad.PyTorch, Epsilon: 1}, []float64{2}, [][]float64{{1}}, []float64{2}, []float64{0}},
		// Step 1: rate 2.5, acc 9, x = 10 - 2.5·3/3 = 7.5. Step 2: rate 2.5/(1+1) = 1.25,
		// acc 25, x = 7.5 - 1.25·4/5 = 6.5.
		{"lr decay", adagrad.Config{LearningRate: 2.5, LRDecay: 1}, []float64{10}, [][]float64{{3}, {4}}, []float64{6.5}, []float64{25}},
		// g = 1 + 0.5·2 = 2, acc 4, x = 2 - 1·2/2.
		{"weight decay", adagrad.Config{LearningRate: 1, WeightDecay: 0.5}, []float64{2}, [][]float64{{1}}, []float64{1}, []float64{4}},
		// Each coordinate moves by lr whatever its gradient's size: Adagrad's first step.
		{"per coordinate", adagrad.Config{LearningRate: 1}, []float64{0, 0, 0}, [][]float64{{3, -4, 1e-3}}, []float64{-1, 1, -1}, []float64{9, 16, 1e-6}},
		// acc and eps both 0 with a zero gradient: no move, and no 0/0.
		{"zero gradient, zero denominator", adagrad.Config{LearningRate: 1}, []float64{1, 2}, [][]float64{{0, 2}}, []float64{1, 1}, []float64{0, 4}},
		{"zero then nonzero", adagrad.Config{LearningRate: 1}, []float64{1}, [][]float64{{0}, {2}}, []float64{0}, []float64{4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o, err := adagrad.New(len(c.x), c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			x := append([]float64(nil), c.x...)
			for _, g := range c.grads {
				if err := o.Step(x, g); err != nil {
					t.Fatal(err)
				}
			}
			acc := o.Accumulator(nil)
			for i := range x {
				if (c.wantX != nil && x[i] != c.wantX[i]) || acc[i] != c.wantAcc[i] {
					t.Errorf("x %v acc %v, want %v and %v", x, acc, c.wantX, c.wantAcc)
					break
				}
			}
		})
	}
}

// TestStepTutorialFirstStep works the tutorial's first step by hand: at
// x = -1, f'(x) = 1 - 3 = -2, so the accumulator becomes 0.1 + 4 = 4.1 and x
// moves by 0.05·2/(√4.1 + 1e-8).
func TestStepTutorialFirstStep(t *testing.T) {
	o, _ := adagrad.New(1, adagrad.TutorialConfig())
	x := []float64{-1}
	if err := o.Step(x, []float64{-2}); err != nil {
		t.Fatal(err)
	}
	want := -1 + 0.1/(math.Sqrt(4.1)+1e-8)
	if acc := o.Accumulator(nil)[0]; acc != 4.1 || x[0] != want {
		t.Errorf("x %v acc %v, want %v and 4.1", x[0], acc, want)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := adagrad.TutorialConfig()
	if err := ok.Validate(); err != nil {
		t.Fatalf("TutorialConfig: %v", err)
	}
	for _, c := range []struct {
		field string
		set   func(*adagrad.Config)
	}{
		{"LearningRate", func(c *adagrad.Config) { c.LearningRate = 0 }},
		{"LearningRate", func(c *adagrad.Config) { c.LearningRate = -0.1 }},
		{"LearningRate", func(c *adagrad.Config) { c.LearningRate = math.NaN() }},
		{"LearningRate", func(c *adagrad.Config) { c.LearningRate = math.Inf(1) }},
		{"InitialAccumulator", func(c *adagrad.Config) { c.InitialAccumulator = -1 }},
		{"InitialAccumulator", func(c *adagrad.Config) { c.InitialAccumulator = math.Inf(1) }},
		{"Epsilon", func(c *adagrad.Config) { c.Epsilon = -1e-8 }},
		{"Epsilon", func(c *adagrad.Config) { c.Epsilon = math.NaN() }},
		{"LRDecay", func(c *adagrad.Config) { c.LRDecay = -1 }},
		{"WeightDecay", func(c *adagrad.Config) { c.WeightDecay = math.Inf(-1) }},
		{"Like", func(c *adagrad.Config) { c.Like = 9 }},
		// What a library's Adagrad does not have is refused, not ignored.
		{"LRDecay", func(c *adagrad.Config) { c.Like, c.LRDecay = adagrad.Keras, 0.1 }},
		{"LRDecay", func(c *adagrad.Config) { c.Like, c.LRDecay = adagrad.Optax, 0.1 }},
		{"WeightDecay", func(c *adagrad.Config) { c.Like, c.WeightDecay = adagrad.Optax, 0.1 }},
	} {
		cfg := ok
		c.set(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.field) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%+v: error %v, want one line naming %s", cfg, err, c.field)
		}
		if _, err := adagrad.New(1, cfg); err == nil {
			t.Errorf("New accepted %+v", cfg)
		}
	}
	for _, good := range []adagrad.Config{
		{LearningRate: 1}, {LearningRate: 1, Like: adagrad.Keras}, {LearningRate: 1, Like: adagrad.Optax, Maximize: true},
		adagrad.PyTorchConfig(), adagrad.KerasConfig(), adagrad.OptaxConfig(0.1),
		{LearningRate: 1, Like: adagrad.PyTorch, LRDecay: 0.1, WeightDecay: 0.1, Maximize: true},
		{LearningRate: 1, Like: adagrad.Keras, WeightDecay: 0.1},
	} {
		if err := good.Validate(); err != nil {
			t.Errorf("%+v: %v", good, err)
		}
	}
}

func TestStepRefusesBadInput(t *testing.T) {
	for _, n := range []int{3, 1 << 20} { // the sequential and the parallel path
		o, _ := adagrad.New(n, adagrad.TutorialConfig())
		x := make([]float64, n)
		g := make([]float64, n)
		for i := range g {
			g[i] = 1
		}
		_ = o.Step(x, g)
		x0, acc0 := append([]float64(nil), x...), o.Accumulator(nil)
		unchanged := func(what string) {
			t.Helper()
			acc := o.Accumulator(nil)
			for i := range x {
				if x[i] != x0[i] || acc[i] != acc0[i] {
					t.Fatalf("n=%d, %s: coordinate %d changed", n, what, i)
				}
			}
			if o.Steps() != 1 {
				t.Fatalf("n=%d, %s: Steps() = %d, want 1", n, what, o.Steps())
			}
		}
		if err := o.Step(x[:n-1], g); err == nil || !strings.Contains(err.Error(), "len(x)") {
			t.Errorf("short x: %v", err)
		}
		if err := o.Step(x, g[:n-1]); err == nil || !strings.Contains(err.Error(), "len(grad)") {
			t.Errorf("short grad: %v", err)
		}
		unchanged("wrong lengths")
		for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			for _, at := range []int{0, n / 2, n - 1} {
				g[at] = bad
				err := o.Step(x, g)
				var ge *adagrad.GradientError
				if !errors.As(err, &ge) || ge.Index != at {
					t.Fatalf("n=%d, %v at %d: error %v", n, bad, at, err)
				}
				unchanged("non-finite gradient")
				g[at] = 1
			}
		}
	}
	// x and grad that share memory: each kernel would read a gradient
	// after it has overwritten part of it differently.
	for _, n := range []int{1, 8, 1 << 20} {
		o, _ := adagrad.New(n, adagrad.TutorialConfig())
		buf := make([]float64, 2*n)
		for i := range buf {
			buf[i] = float64(i + 1)
		}
		for name, xg := range map[string][2][]float64{
			"same slice":    {buf[:n], buf[:n]},
			"x after grad":  {buf[1 : n+1], buf[:n]},
			"grad after x":  {buf[:n], buf[1 : n+1]},
			"one in common": {buf[:n], buf[n-1 : 2*n-1]},
		} {
			if n == 1 && name != "same slice" {
				continue // shifted by one, slices of length 1 do not overlap
			}
			before := append([]float64(nil), buf...)
			err := o.Step(xg[0], xg[1])
			if err == nil || !strings.Contains(err.Error(), "share memory") || strings.Count(err.Error(), "adagrad:") != 1 {
				t.Errorf("n=%d, %s: error %v, want one refusing shared memory", n, name, err)
			}
			for i := range buf {
				if buf[i] != before[i] {
					t.Fatalf("n=%d, %s: a refused step changed element %d", n, name, i)
				}
			}
		}
		// Neighbouring slices of one array are fine.
		whole := make([]float64, 2*n)
		if err := o.Step(whole[:n], whole[n:]); err != nil {
			t.Errorf("n=%d: adjacent x and grad refused: %v", n, err)
		}
	}
	var zero adagrad.Optimizer
	if err := zero.Step([]float64{1}, []float64{1}); err == nil {
		t.Error("a zero Optimizer stepped")
	}
	if _, err := adagrad.New(0, adagrad.TutorialConfig()); err == nil {
		t.Error("New(0) succeeded")
	}
}

// TestStepParallelSameAsSequential checks that a long vector, which Step
// splits across cores, gets the same bits as short pieces stepped alone.
func TestStepParallelSameAsSequential(t *testing.T) {
	const n, piece = 1<<20 + 3, 4096
	rng := rand.New(rand.NewPCG(1, 2))
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()*10
	}
	want := append([]float64(nil), x...)
	for _, cfg := range []adagrad.Config{
		adagrad.TutorialConfig(),
		{LearningRate: 0.1, Epsilon: 1e-7, WeightDecay: 0.01, LRDecay: 0.1, Maximize: true},
		{LearningRate: 0.1, Like: adagrad.PyTorch, WeightDecay: 0.01, LRDecay: 0.1, Maximize: true},
		{LearningRate: 0.1, Epsilon: 1e-7, Like: adagrad.Keras, WeightDecay: 0.01},
		adagrad.OptaxConfig(0.1),
	} {
		o, _ := adagrad.New(n, cfg)
		for step := 0; step < 3; step++ {
			if err := o.Step(x, g); err != nil {
				t.Fatal(err)
			}
		}
		var wantAcc []float64
		for lo := 0; lo < n; lo += piece {
			hi := min(lo+piece, n)
			p, _ := adagrad.New(hi-lo, cfg)
			for step := 0; step < 3; step++ {
				_ = p.Step(want[lo:hi], g[lo:hi])
			}
			wantAcc = append(wantAcc, p.Accumulator(nil)...)
		}
		acc := o.Accumulator(nil)
		for i := range x {
			if x[i] != want[i] || acc[i] != wantAcc[i] {
				t.Fatalf("%+v: coordinate %d: x %v acc %v, want %v and %v", cfg, i, x[i], acc[i], want[i], wantAcc[i])
			}
		}
	}
}

func TestReset(t *testing.T) {
	o, _ := adagrad.New(2, adagrad.TutorialConfig())
	_ = o.Step([]float64{1, 2}, []float64{3, 4})
	o.Reset()
	if acc := o.Accumulator(nil); acc[0] != 0.1 || acc[1] != 0.1 || o.Steps() != 0 {
		t.Errorf("after Reset: acc %v, steps %d", acc, o.Steps())
	}
}

func TestAccumulatorIsACopy(t *testing.T) {
	o, _ := adagrad.New(1, adagrad.TutorialConfig())
	o.Accumulator(nil)[0] = 100
	if o.Accumulator(nil)[0] != 0.1 {
		t.Error("changing Accumulator's result changed the optimizer")
	}
}

func TestStepAllocations(t *testing.T) {
	keras := adagrad.KerasConfig()
	keras.WeightDecay = 0.01
	for _, cfg := range []adagrad.Config{adagrad.TutorialConfig(), adagrad.PyTorchConfig(), keras, adagrad.OptaxConfig(0.1)} {
		for _, n := range []int{2, 1 << 20} {
			allocations(t, cfg, n)
		}
	}
}

func allocations(t *testing.T, cfg adagrad.Config, n int) {
	t.Helper()
	o, _ := adagrad.New(n, cfg)
	x, g := make([]float64, n), make([]float64, n)
	for i := range g {
		g[i] = 1
	}
	_ = o.Step(x, g) // the first parallel step sizes its task list
	if a := testing.AllocsPerRun(20, func() { _ = o.Step(x, g) }); a != 0 {
		t.Errorf("%v, n=%d: %v allocations per Step, want 0", cfg.Like, n, a)
	}
	if a := testing.AllocsPerRun(20, func() { _ = o.StepOnePass(x, g) }); a != 0 {
		t.Errorf("%v, n=%d: %v allocations per StepOnePass, want 0", cfg.Like, n, a)
	}
}

// TestStepSize checks the step a unit gradient gets, worked out by hand for
// each form: lr_t/(sqrt(acc)+eps), or lr_t/sqrt(acc+eps) under the root.
func TestStepSize(t *testing.T) {
	for _, c := range []struct {
		cfg  adagrad.Config
		t    int
		acc  float64
		want float64
	}{
		{adagrad.Config{LearningRate: 2, Epsilon: 1}, 1, 9, 0.5},                                            // 2/(3+1)
		{adagrad.Config{LearningRate: 3, Epsilon: 1, LRDecay: 0.5}, 3, 9, 0.375},                            // 3/(1+2·0.5)/(3+1)
		{adagrad.Config{LearningRate: 2, Epsilon: 7, Like: adagrad.Keras}, 5, 9, 0.5},                       // 2/sqrt(9+7)
		{adagrad.Config{LearningRate: 2, Epsilon: 7, Like: adagrad.Optax}, 5, 9, 0.5},                       // 2·(1/sqrt(16))
		{adagrad.Config{LearningRate: 2, Epsilon: 7, Like: adagrad.Optax}, 5, 0, 0},                         // no step while acc is 0
		{adagrad.Config{LearningRate: 2, Like: adagrad.PyTorch}, 1, 0, math.Inf(1)},                         // 2/0
		{adagrad.Config{LearningRate: 1, LRDecay: 1, Like: adagrad.PyTorch}, 1<<24 + 9, 1, 1.0 / (1 << 24)}, // PyTorch's count stops at 2^24
	} {
		if got := c.cfg.StepSize(c.t, c.acc); got != c.want {
			t.Errorf("%+v: StepSize(%d, %v) = %v, want %v", c.cfg, c.t, c.acc, got, c.want)
		}
	}
}
