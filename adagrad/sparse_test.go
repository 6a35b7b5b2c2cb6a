package adagrad_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// A gradient that is zero but at a few coordinates of a long vector: only
// those coordinates move, and the repeated index 2 gets 1 + 1 = 2.
func ExampleOptimizer_StepSparse() {
	const n = 1_000_000
	opt, err := adagrad.New(n, adagrad.TutorialConfig())
	if err != nil {
		panic(err)
	}
	x := make([]float64, n)
	if err := opt.StepSparse(x, []int{7, 2, n - 1, 2}, []float64{0.5, 1, -2, 1}); err != nil {
		panic(err)
	}
	acc := opt.Accumulator(nil)
	for _, i := range []int{2, 3, 7, n - 1} {
		fmt.Printf("x[%d] = %7.4f   acc = %.2f\n", i, x[i], acc[i])
	}
	// Output:
	// x[2] = -0.0494   acc = 4.10
	// x[3] =  0.0000   acc = 0.10
	// x[7] = -0.0423   acc = 0.35
	// x[999999] =  0.0494   acc = 4.10
}

// sparseConfigs are the settings under which StepSparse must match Step bit
// for bit: every form of the update that StepSparse accepts, but PyTorch's,
// whose sparse path rounds otherwise (TestStepSparsePyTorch).
var sparseConfigs = []struct {
	name string
	cfg  adagrad.Config
}{
	{"tutorial", adagrad.TutorialConfig()},
	{"pytorch defaults", adagrad.Config{LearningRate: 0.01, Epsilon: 1e-10}},
	{"zero accumulator and epsilon", adagrad.Config{LearningRate: 0.5}},
	{"lr decay", adagrad.Config{LearningRate: 1, InitialAccumulator: 0.1, Epsilon: 1e-10, LRDecay: 0.1}},
	{"maximize", adagrad.Config{LearningRate: 0.05, InitialAccumulator: 0.1, Epsilon: 1e-8, Maximize: true}},
	{"Keras", adagrad.KerasConfig()},
	{"Keras, epsilon 0", adagrad.Config{Like: adagrad.Keras, LearningRate: 0.5}},
	{"Optax", adagrad.OptaxConfig(0.1)},
	{"Optax, accumulator 0", adagrad.Config{Like: adagrad.Optax, LearningRate: 0.1}},
}

// dense is the gradient StepSparse's arguments stand for: the values for
// each coordinate added in the order given, from +0; zero elsewhere.
func dense(n int, idx []int, grad []float64) []float64 {
	g := make([]float64, n)
	for k, i := range idx {
		g[i] += grad[k]
	}
	return g
}

// sparseGradient draws nnz values at indices in [0, n), with repeats,
// zeros of both signs and sizes from 1e-3 to 1e3, and now and then a value
// large enough that its square overflows.
func sparseGradient(rng *rand.Rand, n, nnz int) ([]int, []float64) {
	idx, grad := make([]int, nnz), make([]float64, nnz)
	for k := range idx {
		switch r := rng.IntN(20); {
		case r == 0 && k > 0:
			idx[k] = idx[rng.IntN(k)] // a repeat
		case r == 1:
			idx[k] = n - 1
		default:
			idx[k] = rng.IntN(n)
		}
		grad[k] = gradientValue(rng)
	}
	return idx, grad
}

func gradientValue(rng *rand.Rand) float64 {
	switch rng.IntN(20) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return 1e200
	}
	return rng.NormFloat64() * math.Pow(10, rng.Float64()*6-3)
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// sameX is sameBits for a coordinate of x after steps under c: with
// Maximize, Step turns an x of -0 with a zero gradient into +0 (it adds the
// step +lr*0/d = +0, as PyTorch does), which StepSparse, skipping the
// coordinate, cannot do. That is the one documented difference.
func sameX(c adagrad.Config, sparse, dense float64) bool {
	return sameBits(sparse, dense) || c.Maximize && sparse == 0 && dense == 0
}

// TestStepSparseSameAsStep runs two optimizers side by side, one given
// sparse gradients and the other the same gradients dense, and requires
// every bit of x and of the accumulators to agree after every step. Dense
// steps are mixed in, given to both, so that step counts and accumulators
// carry over between the two kinds.
func TestStepSparseSameAsStep(t *testing.T) {
	for _, c := range sparseConfigs {
		for _, size := range []struct{ n, nnz int }{{1, 1}, {7, 5}, {1000, 30}, {1000, 3000}, {1<<20 + 3, 700}, {1<<20 + 3, 70_000}} {
			t.Run(fmt.Sprintf("%s/n=%d/nnz=%d", c.name, size.n, size.nnz), func(t *testing.T) {
				n := size.n
				rng := rand.New(rand.NewPCG(uint64(n), uint64(size.nnz)))
				sparse, err := adagrad.New(n, c.cfg)
				if err != nil {
					t.Fatal(err)
				}
				ref, _ := adagrad.New(n, c.cfg)
				xs, xd := make([]float64, n), make([]float64, n)
				for i := range xs {
					switch rng.IntN(10) {
					case 0:
						xs[i] = math.Copysign(0, -1) // -0 stays -0 only under a +0 gradient
					case 1:
						xs[i] = 0
					default:
						xs[i] = rng.NormFloat64()
					}
				}
				copy(xd, xs)
				steps := 6
				if n > 1<<16 {
					steps = 2 // the dense steps are long; the parallel path needs only one
				}
				for s := 0; s < steps; s++ {
					if s == 3 { // a dense step for both
						g := make([]float64, n)
						for i := range g {
							g[i] = rng.NormFloat64()
						}
						if err := sparse.Step(xs, g); err != nil {
							t.Fatal(err)
						}
						if err := ref.Step(xd, g); err != nil {
							t.Fatal(err)
						}
						continue
					}
					idx, grad := sparseGradient(rng, n, size.nnz)
					if s == 1 { // in increasing order, without repeats
						seen := map[int]bool{}
						idx, grad = idx[:0], grad[:0]
						for i := 0; i < n; i += 1 + rng.IntN(3) {
							if !seen[i] {
								idx, grad = append(idx, i), append(grad, gradientValue(rng))
								seen[i] = true
							}
						}
					}
					if err := sparse.StepSparse(xs, idx, grad); err != nil {
						t.Fatalf("step %d: %v", s, err)
					}
					if err := ref.Step(xd, dense(n, idx, grad)); err != nil {
						t.Fatal(err)
					}
					accS, accD := sparse.Accumulator(nil), ref.Accumulator(nil)
					for i := range xs {
						if !sameX(c.cfg, xs[i], xd[i]) || !sameBits(accS[i], accD[i]) {
							t.Fatalf("step %d, coordinate %d: StepSparse gives x %v acc %v, Step %v and %v", s, i, xs[i], accS[i], xd[i], accD[i])
						}
					}
				}
				if sparse.Steps() != ref.Steps() {
					t.Errorf("Steps() = %d, want %d", sparse.Steps(), ref.Steps())
				}
			})
		}
	}
}

// TestSparseConfigsAreLazy checks the premise of StepSparse for every
// setting it accepts: Step with a zero gradient leaves every bit of x and
// of the accumulator as it was. A form of the update for which that fails
// must be refused by StepSparse.
func TestSparseConfigsAreLazy(t *testing.T) {
	x := []float64{0, math.Copysign(0, -1), 1, -2.5, 1e300, math.Inf(1)}
	zero := make([]float64, len(x))
	for _, c := range sparseConfigs {
		o, _ := adagrad.New(len(x), c.cfg)
		before := append([]float64(nil), x...)
		for s := 0; s < 3; s++ {
			if err := o.Step(before, zero); err != nil {
				t.Fatal(err)
			}
		}
		acc := o.Accumulator(nil)
		for i := range x {
			if !sameX(c.cfg, x[i], before[i]) || !sameBits(acc[i], c.cfg.InitialAccumulator) {
				t.Errorf("%s: a zero gradient moved coordinate %d: x %v -> %v, acc %v", c.name, i, x[i], before[i], acc[i])
			}
		}
		if err := o.StepSparse(before, nil, nil); err != nil {
			t.Errorf("%s: StepSparse refused: %v", c.name, err)
		}
	}
}

// TestStepSparseHandComputed: lr 1, no accumulator or epsilon, so each
// listed coordinate moves by exactly 1 against the sign of its summed
// gradient, and its accumulator is that sum squared.
func TestStepSparseHandComputed(t *testing.T) {
	o, _ := adagrad.New(4, adagrad.Config{LearningRate: 1})
	x := []float64{1, 2, 3, 4}
	// Coordinate 2 gets 1 + 2 = 3, coordinate 0 gets -4.
	if err := o.StepSparse(x, []int{2, 0, 2}, []float64{1, -4, 2}); err != nil {
		t.Fatal(err)
	}
	wantX, wantAcc := []float64{2, 2, 2, 4}, []float64{16, 0, 9, 0}
	acc := o.Accumulator(nil)
	for i := range x {
		if x[i] != wantX[i] || acc[i] != wantAcc[i] {
			t.Fatalf("x %v acc %v, want %v and %v", x, acc, wantX, wantAcc)
		}
	}
	// Opposite values cancel: coordinate 3 gets a zero gradient and no move.
	if err := o.StepSparse(x, []int{3, 3}, []float64{5, -5}); err != nil {
		t.Fatal(err)
	}
	if x[3] != 4 || o.Accumulator(nil)[3] != 0 || o.Steps() != 2 {
		t.Errorf("cancelling values: x[3] = %v, acc %v, steps %d; want 4, 0, 2", x[3], o.Accumulator(nil)[3], o.Steps())
	}
}

func TestStepSparseRefusesBadInput(t *testing.T) {
	const n = 5
	o, _ := adagrad.New(n, adagrad.TutorialConfig())
	x := []float64{1, 2, 3, 4, 5}
	_ = o.StepSparse(x, []int{1}, []float64{1})
	x0, acc0 := append([]float64(nil), x...), o.Accumulator(nil)
	for _, c := range []struct {
		name string
		x    []float64
		idx  []int
		grad []float64
		want string // in the one-line error
	}{
		{"short x", x[:4], []int{1}, []float64{1}, "len(x) = 4"},
		{"fewer values than indices", x, []int{1, 2}, []float64{1}, "len(idx) = 2 but len(grad) = 1"},
		{"negative index", x, []int{0, -1}, []float64{1, 1}, "idx[1] = -1 is out of range [0, 5)"},
		{"index too large", x, []int{4, 5}, []float64{1, 1}, "idx[1] = 5 is out of range [0, 5)"},
		{"NaN", x, []int{0, 3, 4}, []float64{1, 1, math.NaN()}, "grad[2] = NaN"},
		{"infinity", x, []int{0, 3}, []float64{math.Inf(-1), 1}, "grad[0] = -Inf"},
		{"repeats that overflow", x, []int{0, 2, 0, 4}, []float64{1e308, 1, 1e308, 1}, "coordinate 0 add up to +Inf"},
	} {
		err := o.StepSparse(c.x, c.idx, c.grad)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line with %q", c.name, err, c.want)
		}
		acc := o.Accumulator(nil)
		for i := range x {
			if x[i] != x0[i] || acc[i] != acc0[i] {
				t.Fatalf("%s: coordinate %d changed", c.name, i)
			}
		}
		if o.Steps() != 1 {
			t.Fatalf("%s: Steps() = %d, want 1", c.name, o.Steps())
		}
	}
	var ge *adagrad.GradientError
	if err := o.StepSparse(x, []int{0, 3, 4}, []float64{1, 1, math.NaN()}); !errors.As(err, &ge) || ge.Index != 2 {
		t.Errorf("NaN: error %v, want a *GradientError at 2", err)
	}
	var zero adagrad.Optimizer
	if err := zero.StepSparse([]float64{1}, []int{0}, []float64{1}); err == nil {
		t.Error("a zero Optimizer stepped")
	}
}

// TestStepSparseRefusesAnywhere: an index out of range, or a value that is
// NaN or infinite, is refused wherever it stands, in gradients short and
// long (long ones are dealt to the cores, which check indices and values
// as they deal them), in increasing order or not. The error names the
// first bad index, or else the first bad value; nothing changes.
func TestStepSparseRefusesAnywhere(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(2)
	const n = 1 << 17
	rng := rand.New(rand.NewPCG(11, 12))
	for _, nnz := range []int{3, 1000, 1 << 15, 50_000} {
		for _, sorted := range []bool{false, true} {
			for try := range 9 {
				idx := make([]int, nnz)
				for k := range idx {
					idx[k] = rng.IntN(n)
				}
				grad := make([]float64, nnz)
				for k := range grad {
					grad[k] = rng.NormFloat64()
				}
				if sorted {
					idx = slices.Compact(slices.Sorted(slices.Values(idx)))
					grad = grad[:len(idx)]
				}
				// Where the bad index or value goes: first, last or
				// anywhere (an increasing list can only hold a bad index
				// at its ends).
				at := [...]int{0, len(idx) - 1, rng.IntN(len(idx))}[try%3]
				var want string
				if try < 6 { // a bad index, and after try 3 bad values besides
					bad := [...]int{-1, n, -1 << 40, n + 7}[rng.IntN(4)]
					if sorted {
						at = [...]int{0, len(idx) - 1}[try%2]
						bad = [...]int{-1, n}[try%2]
					}
					idx[at] = bad
					if try >= 3 && at+1 < len(idx) {
						grad[at+1] = math.NaN()
					}
					if try == 5 && at > 0 {
						grad[0] = math.Inf(1)
					}
					want = fmt.Sprintf("idx[%d] = %d is out of range [0, %d)", at, bad, n)
				} else { // bad values only: the first is named
					grad[at] = [...]float64{math.NaN(), math.Inf(-1), math.Inf(1)}[try-6]
					if try == 8 && at+1 < len(idx) { // a second, which is not named
						grad[len(idx)-1] = math.NaN()
					}
					want = fmt.Sprintf("grad[%d] = %v", at, grad[at])
				}
				forms := []adagrad.Config{adagrad.TutorialConfig(), adagrad.PyTorchConfig(), adagrad.KerasConfig(), adagrad.OptaxConfig(0.1)}
				cfg := forms[rng.IntN(len(forms))]
				name := fmt.Sprintf("nnz %d sorted %v try %d form %v", len(idx), sorted, try, cfg.Like)
				o, _ := adagrad.New(n, cfg)
				x := make([]float64, n)
				for i := range x {
					x[i] = float64(i)
				}
				err := o.StepSparse(x, idx, grad)
				var ge *adagrad.GradientError
				if try < 6 && !errors.Is(err, adagrad.ErrIndex) || try >= 6 && (!errors.As(err, &ge) || ge.Index != at) ||
					err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("%s: error %v, want one with %q", name, err, want)
				}
				acc := o.Accumulator(nil)
				for i := range x {
					if x[i] != float64(i) || acc[i] != cfg.InitialAccumulator {
						t.Fatalf("%s: a refused step changed coordinate %d", name, i)
					}
				}
				if o.Steps() != 0 {
					t.Fatalf("%s: a refused step counted", name)
				}
			}
		}
	}
}

// TestStepSparseSplitRefusalsLeaveNoTrace: on one optimizer, a split step
// refused for an index out of range, then split steps refused for one
// value that is not finite, inside a chunk of distinct indices (no repeats
// whose sums could fail instead), then a good step: each refusal changes
// nothing, and the good step gives the bits of one goroutine.
func TestStepSparseSplitRefusalsLeaveNoTrace(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(2)
	const n, nnz = 1 << 17, 1 << 15
	rng := rand.New(rand.NewPCG(5, 6))
	idx, grad := rng.Perm(n)[:nnz], make([]float64, nnz) // distinct, not increasing
	for k := range grad {
		grad[k] = rng.NormFloat64()
	}
	o, _ := adagrad.New(n, adagrad.TutorialConfig())
	x := make([]float64, n)
	bad := slices.Clone(idx)
	bad[nnz/2] = -1
	if err := o.StepSparse(x, bad, grad); !errors.Is(err, adagrad.ErrIndex) {
		t.Fatalf("an index of -1: error %v, want ErrIndex", err)
	}
	for _, at := range []int{nnz / 3, nnz/2 + 1} {
		for _, v := range []float64{math.NaN(), math.Inf(-1)} {
			g := slices.Clone(grad)
			g[at] = v
			var ge *adagrad.GradientError
			if err := o.StepSparse(x, idx, g); !errors.As(err, &ge) || ge.Index != at {
				t.Fatalf("%v at %d: error %v, want a *GradientError there", v, at, err)
			}
			if slices.ContainsFunc(x, func(v float64) bool { return v != 0 }) || o.Steps() != 0 {
				t.Fatalf("%v at %d: a refused step changed x or the count", v, at)
			}
		}
	}
	if err := o.StepSparse(x, idx, grad); err != nil {
		t.Fatalf("a good step after refused ones: %v", err)
	}
	ref, _ := adagrad.New(n, adagrad.TutorialConfig())
	ref.SetConcurrent(1)
	xr := make([]float64, n)
	if err := ref.StepSparse(xr, idx, grad); err != nil {
		t.Fatal(err)
	}
	acc, accr := o.Accumulator(nil), ref.Accumulator(nil)
	for i := range x {
		if !sameBits(x[i], xr[i]) || !sameBits(acc[i], accr[i]) {
			t.Fatalf("coordinate %d: x %v acc %v, one goroutine %v and %v", i, x[i], acc[i], xr[i], accr[i])
		}
	}
	if o.Steps() != 1 {
		t.Fatalf("Steps() = %d, want 1", o.Steps())
	}
}

// TestStepSparseRefusesWeightDecay: weight decay moves every coordinate at
// every step, so a step cannot skip the unlisted ones; the error says so.
func TestStepSparseRefusesWeightDecay(t *testing.T) {
	o, _ := adagrad.New(3, adagrad.Config{LearningRate: 0.1, WeightDecay: 0.01})
	x := []float64{1, 2, 3}
	err := o.StepSparse(x, []int{0}, []float64{1})
	if err == nil || !strings.Contains(err.Error(), "WeightDecay = 0.01") || !strings.Contains(err.Error(), "every coordinate") {
		t.Fatalf("error %v, want one naming WeightDecay and saying why", err)
	}
	if x[0] != 1 || o.Steps() != 0 || o.Accumulator(nil)[0] != 0 {
		t.Error("the refused step changed something")
	}
	// And why it must: Step with a zero gradient moves x under weight decay.
	if _ = o.Step(x, make([]float64, 3)); x[0] == 1 {
		t.Error("weight decay did not move x under a zero gradient; the refusal is not needed")
	}
}

func TestStepSparseAllocations(t *testing.T) {
	const n = 100_000
	o, _ := adagrad.New(n, adagrad.TutorialConfig())
	x := make([]float64, n)
	rng := rand.New(rand.NewPCG(5, 6))
	idx, grad := sparseGradient(rng, n, 40_000) // long enough to be split across cores
	sorted := []int{3, 90, 2000, 99_999}
	_ = o.StepSparse(x, idx, grad) // the first step sizes the buffers
	if a := testing.AllocsPerRun(20, func() {
		_ = o.StepSparse(x, idx[:1000], grad[:1000])
		_ = o.StepSparse(x, idx, grad)
		_ = o.StepSparse(x, sorted, grad[:4])
	}); a != 0 {
		t.Errorf("%v allocations per StepSparse, want 0", a)
	}
}

// FuzzStepSparse gives StepSparse arbitrary settings, points, indices and
// values. It must refuse exactly what is invalid, change nothing when it
// does, and otherwise agree bit for bit with Step given the dense gradient.
func FuzzStepSparse(f *testing.F) {
	f.Add(0.05, 0.1, 1e-8, uint8(adagrad.Tutorial), false, 0.0, 0.0, []byte{0, 1, 0, 2}, []byte("0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Add(1.0, 0.0, 0.0, uint8(adagrad.Keras), false, 0.0, 0.0, []byte{3, 3, 3}, make([]byte, 48))
	f.Add(1.0, 0.0, 0.0, uint8(adagrad.PyTorch), true, 0.5, 0.0, []byte{3, 3, 3}, make([]byte, 48))
	f.Add(0.1, 0.0, 1e-7, uint8(adagrad.Optax), false, 0.0, 0.0, []byte{2, 4, 2}, []byte("0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Add(1.0, 0.0, 0.0, uint8(adagrad.Tutorial), false, 0.0, 0.1, []byte{0}, make([]byte, 16))
	f.Add(1.0, math.Copysign(0, -1), 0.0, uint8(adagrad.Tutorial), false, 0.0, 0.0, []byte{2}, make([]byte, 32)) // an accumulator of -0
	f.Fuzz(func(t *testing.T, lr, acc0, eps float64, form uint8, maximize bool, decay, wd float64, at []byte, data []byte) {
		cfg := adagrad.Config{Like: adagrad.Form(form % 4), LearningRate: lr, InitialAccumulator: acc0, Epsilon: eps,
			Maximize: maximize, LRDecay: decay, WeightDecay: wd}
		vals := floatsFrom(data, 64)
		n := len(vals) / 2
		if cfg.Validate() != nil || n == 0 {
			return
		}
		x, grad := vals[:n], vals[n:2*n]
		idx := make([]int, min(len(at), len(grad)))
		for k := range idx {
			idx[k] = int(at[k]) - 2 // -2 and -1 are out of range, as is n and above
		}
		grad = grad[:len(idx)]
		o, _ := adagrad.New(n, cfg)
		ref, _ := adagrad.New(n, cfg)
		xs := append([]float64(nil), x...)
		err := o.StepSparse(xs, idx, grad)

		want := ""
		for k, i := range idx {
			if i < 0 || i >= n {
				want = "out of range"
			} else if !finite(grad[k]) && want == "" {
				want = "not finite"
			}
		}
		g := make([]float64, n)
		if want == "" {
			g = dense(n, idx, grad)
			for _, v := range g {
				if !finite(v) {
					want = "add up"
				}
			}
		}
		if wd != 0 {
			want = "WeightDecay"
		}
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Fatalf("idx %v grad %v: error %v, want %q", idx, grad, err, want)
		}
		if err != nil {
			acc, acc0 := o.Accumulator(nil), ref.Accumulator(nil) // ref has not stepped
			for i := range x {
				if !sameBits(xs[i], x[i]) || !sameBits(acc[i], acc0[i]) || o.Steps() != 0 {
					t.Fatalf("refused, yet coordinate %d changed", i)
				}
			}
			return
		}
		if err := ref.Step(x, g); err != nil {
			t.Fatalf("Step refused what StepSparse took: %v", err)
		}
		if cfg.Like == adagrad.PyTorch {
			return // PyTorch's sparse path is not its dense one: TestStepSparsePyTorch
		}
		accS, accD := o.Accumulator(nil), ref.Accumulator(nil)
		for i := range x {
			// A NaN in x stays NaN, but Step's arithmetic quiets a
			// signalling NaN where StepSparse does not touch it.
			bothNaN := math.IsNaN(xs[i]) && math.IsNaN(x[i])
			if !sameX(cfg, xs[i], x[i]) && !bothNaN || !sameBits(accS[i], accD[i]) {
				t.Fatalf("coordinate %d: StepSparse x %v acc %v, Step %v and %v", i, xs[i], accS[i], x[i], accD[i])
			}
		}
	})
}

// TestStepSparseNegativeZeroAccumulator: an accumulator of -0, from the
// settings or from a saved state, must not make the coordinates StepSparse
// skips differ from Step's, which adds +0 to them.
func TestStepSparseNegativeZeroAccumulator(t *testing.T) {
	negZero := math.Copysign(0, -1)
	cfg := adagrad.Config{LearningRate: 1, InitialAccumulator: negZero}
	fromNew, _ := adagrad.New(3, cfg)
	saved, _ := adagrad.New(3, adagrad.Config{LearningRate: 1})
	state, _ := saved.MarshalBinary()
	binary.LittleEndian.PutUint64(state[len(state)-8:], math.Float64bits(negZero)) // the last accumulator
	var fromState adagrad.Optimizer
	if err := fromState.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]*adagrad.Optimizer{"New": fromNew, "UnmarshalBinary": &fromState} {
		ref, _ := adagrad.New(3, o.Config())
		xs, xd := []float64{1, 2, 3}, []float64{1, 2, 3}
		if err := o.StepSparse(xs, []int{0}, []float64{2}); err != nil {
			t.Fatal(err)
		}
		_ = ref.Step(xd, []float64{2, 0, 0})
		accS, accD := o.Accumulator(nil), ref.Accumulator(nil)
		for i := range xs {
			if !sameBits(xs[i], xd[i]) || !sameBits(accS[i], accD[i]) {
				t.Errorf("%s: coordinate %d: StepSparse x %v acc %v, Step %v and %v", name, i, xs[i], accS[i], xd[i], accD[i])
			}
		}
	}
}
