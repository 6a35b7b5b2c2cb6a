package adagrad

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelParams are the step constants the kernel tests run through: every
// form (StepSparse's PyTorch one too), with and without each option, and
// the edge settings (eps 0, a huge rate for Inf/Inf).
func kernelParams() []params {
	var ps []params
	for _, form := range []Form{Tutorial, PyTorch, Keras, Optax, pyTorchSparse} {
		for _, eps := range []float64{0, 1e-8} {
			for _, wd := range []float64{0, 0.25} {
				if wd != 0 && (form == Optax || form == pyTorchSparse) {
					continue
				}
				for _, maximize := range []bool{false, true} {
					for _, negLR := range []float64{-0.05, -1e10} {
						ps = append(ps, params{negLR: negLR, eps: eps, wd: wd, form: form, maximize: maximize})
					}
				}
			}
		}
	}
	return ps
}

// edgeValues are the values where kernels can part: zeros of both signs,
// subnormals, a gradient whose square underflows, values whose products
// overflow. Any of them can be a gradient; x can also be one of
// nonFinite.
var edgeValues = []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, 2.2e-308, 1e-170, -1e-170, 1e-160, 1, -1, 3, 1e200, -1e200, 1e300, -1e300, math.MaxFloat64}

// nonFinite are the values of x that are not numbers: infinities, quiet
// NaNs and signalling ones (a quiet bit of 0), with payloads and signs.
var nonFinite = []float64{math.Inf(1), math.Inf(-1), math.NaN(),
	math.Float64frombits(0x7FF0000000000001), math.Float64frombits(0xFFF00000DEADBEEF), math.Float64frombits(0xFFF8000000000123)}

// sameBits compares the vector kernel (update) with the portable loop
// (updateGo) on copies of x and acc, and reports the first coordinate whose
// x or accumulator differs in any bit, NaN payloads included, or where
// finite input became NaN.
func sameBits(x, g, acc []float64, p params) error {
	x1, acc1 := append([]float64(nil), x...), append([]float64(nil), acc...)
	x2, acc2 := append([]float64(nil), x...), append([]float64(nil), acc...)
	update(x1, g, acc1, p)
	updateGo(x2, g, acc2, p.forLoops())
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for i := range x {
		if !same(x1[i], x2[i]) || !same(acc1[i], acc2[i]) {
			return fmt.Errorf("%+v, length %d, coordinate %d (x %v, g %v, acc %v): vector x %v acc %v, portable x %v acc %v",
				p, len(x), i, x[i], g[i], acc[i], x1[i], acc1[i], x2[i], acc2[i])
		}
		if math.IsNaN(x1[i]) && isFinite(x[i]) && isFinite(g[i]) {
			return fmt.Errorf("%+v, coordinate %d (x %v, g %v, acc %v) became NaN", p, i, x[i], g[i], acc[i])
		}
	}
	return nil
}

// vectorLoops runs f once per vector loop this machine has: on a processor
// with AVX-512 the four-wide loop, then the eight-wide one the package
// uses.
func vectorLoops(t *testing.T, f func(t *testing.T)) {
	wide := useAVX512
	defer func() { useAVX512 = wide }()
	if !wide {
		f(t)
		return
	}
	useAVX512 = false
	t.Run("avx", f)
	useAVX512 = true
	t.Run("avx512", f)
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// TestKernelsSameBits steps every length from 1 to 70 (full vector blocks,
// tails, and NaN blocks handed back at every position) with values drawn
// from the edge values and ordinary ones, and x now and then not finite, in
// every form, and requires the vector kernel and the portable loop to agree
// in every bit. Without a vector kernel (purego, arm64) both sides are the
// portable loop, and the test checks only that finite input never becomes
// NaN; TestKernelEdgeCases pins the bits on every architecture.
func TestKernelsSameBits(t *testing.T) {
	vectorLoops(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		pick := func() float64 {
			if rng.IntN(3) == 0 {
				return rng.NormFloat64() * math.Pow(10, rng.Float64()*6-3)
			}
			return edgeValues[rng.IntN(len(edgeValues))]
		}
		accValues := []float64{0, 5e-324, 1e-300, 0.1, 1e300, math.MaxFloat64, math.Inf(1)}
		for _, p := range kernelParams() {
			for n := 1; n <= 70; n++ {
				for trial := 0; trial < 3; trial++ {
					x, g, acc := make([]float64, n), make([]float64, n), make([]float64, n)
					for i := range x {
						x[i], g[i] = pick(), pick()
						if rng.IntN(8) == 0 {
							x[i] = nonFinite[rng.IntN(len(nonFinite))]
						}
						acc[i] = accValues[rng.IntN(len(accValues))]
						if rng.IntN(2) == 0 {
							acc[i] = 0
						}
					}
					if err := sameBits(x, g, acc, p); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	})
}

// TestKernelEdgeCases steps single coordinates whose results the package
// documents, each placed at every position of vectors of length 1 to 9 so
// that it lands in a vector block and in the portable tail.
func TestKernelEdgeCases(t *testing.T) {
	vectorLoops(t, func(t *testing.T) {
		inf := math.Inf(1)
		snan, qnan := math.Float64frombits(0x7FF0000000000001), math.Float64frombits(0x7FF8000000000001)
		snan2, qnan2 := math.Float64frombits(0xFFF00000DEADBEEF), math.Float64frombits(0xFFF80000DEADBEEF)
		for _, c := range []struct {
			name         string
			p            params
			x, g, acc    float64
			wantX, wantA float64
		}{
			// acc = eps = 0 and g*g underflows to 0: a nonzero gradient over a
			// zero denominator is -Inf, as in numpy.
			{"g*g underflows", params{negLR: -0.05}, 1, 1e-170, 0, -inf, 0},
			{"g*g underflows, PyTorch", params{negLR: -0.05, form: PyTorch}, 1, 1e-170, 0, -inf, 0},
			{"g*g underflows, Keras", params{negLR: -0.05, form: Keras}, 1, -1e-170, 0, inf, 0},
			{"g*g underflows, maximize", params{negLR: -0.05, maximize: true}, 1, 1e-170, 0, inf, 0},
			// -lr*g underflows too: still a nonzero gradient, still -Inf.
			{"-lr*g underflows", params{negLR: -0.05}, 1, 5e-324, 0, -inf, 0},
			// 0/0: a zero gradient over a zero denominator does not move x.
			{"0/0", params{negLR: -0.05}, 1, 0, 0, 1, 0},
			{"0/0, PyTorch", params{negLR: -0.05, form: PyTorch}, 1, 0, 0, 1, 0},
			{"-0/0 keeps -0", params{negLR: -0.05}, math.Copysign(0, -1), math.Copysign(0, -1), 0, math.Copysign(0, -1), 0},
			// Optax: no step while the accumulator is 0.
			{"Optax, acc 0", params{negLR: -0.05, form: Optax}, 1, 1e-170, 0, 1, 0},
			// Inf/Inf: -lr*g = -1e10*1e300 overflows to -Inf and so does the
			// accumulator 1e600; divided first, the step is -1e10*(1e300/Inf) = -0.
			{"Inf/Inf", params{negLR: -1e10}, 2, 1e300, 0, 2, inf},
			{"Inf/Inf, PyTorch", params{negLR: -1e10, form: PyTorch}, 2, 1e300, 0, 2, inf},
			{"Inf/Inf, Keras", params{negLR: -1e10, form: Keras, eps: 1e-7}, 2, -1e300, 0, 2, inf},
			{"Inf/Inf, maximize", params{negLR: -1e10, maximize: true}, 2, 1e300, 0, 2, inf},
			// With weight decay the decayed gradient 1e300 + 1e300*1e300
			// overflows to Inf itself: Inf/Inf even divided first, so no move.
			{"infinite decayed gradient", params{negLR: -0.05, wd: 1e300}, 1e300, 1e300, 0, 1e300, inf},
			{"infinite decayed gradient, PyTorch", params{negLR: -0.05, wd: 1e300, form: PyTorch}, 1e300, 1e300, 0, 1e300, inf},
			// Keras's decay x - x·wd·lr overflows to -Inf, and the step would be
			// +Inf (a nonzero gradient over 0): x stays -Inf rather than NaN.
			{"Keras decay overflows", params{negLR: -0.05, form: Keras, wd: 1e300}, 1e300, -1e-170, 0, -inf, 0},
			// A frozen coordinate (acc = Inf) takes a zero step.
			{"frozen", params{negLR: -0.05}, 3, 1, inf, 3, inf},
			// PyTorch's sparse path: x + (-lr)*(g/d) rounded once; 0/0 no move.
			{"sparse 0/0", params{negLR: -0.05, form: pyTorchSparse}, 1, 0, 0, 1, 0},
			{"sparse g*g underflows", params{negLR: -0.05, form: pyTorchSparse}, 1, 1e-170, 0, -inf, 0},
			// An infinite x is added to as any float: it stays infinite...
			{"x +Inf", params{negLR: -0.05}, inf, 1, 0, inf, 1},
			{"x -Inf, Optax", params{negLR: -0.05, form: Optax}, -inf, 1, 0, -inf, 1},
			{"x -Inf, 0/0", params{negLR: -0.05, form: Keras}, -inf, 0, 0, -inf, 0},
			// ... or, against an infinite step of the other sign, becomes the
			// NaN amd64 makes of Inf-Inf, on every architecture.
			{"x -Inf, step +Inf", params{negLR: -0.05}, -inf, -1e-170, 0, infMinusInf, 0},
			{"x -Inf, step +Inf, Keras", params{negLR: -0.05, form: Keras}, -inf, -1e-170, 0, infMinusInf, 0},
			{"x +Inf, step -Inf, PyTorch", params{negLR: -0.05, form: PyTorch}, inf, 1e-170, 0, infMinusInf, 0},
			{"x -Inf, step +Inf, sparse", params{negLR: -0.05, form: pyTorchSparse}, -inf, -1e-170, 0, infMinusInf, 0},
			// A NaN x stays NaN, quieted, its sign and payload kept.
			{"signalling NaN", params{negLR: -0.05}, snan, 1, 0, qnan, 1},
			{"signalling NaN, 0/0", params{negLR: -0.05}, snan, 0, 0, qnan, 0},
			{"signalling NaN, Keras", params{negLR: -0.05, form: Keras, eps: 1e-7}, snan, 2, 0, qnan, 4},
			{"signalling NaN, Optax", params{negLR: -0.05, form: Optax}, snan, 2, 0, qnan, 4},
			{"signalling NaN, sparse", params{negLR: -0.05, form: pyTorchSparse}, snan, 2, 0, qnan, 4},
			{"signalling NaN, sparse 0/0", params{negLR: -0.05, form: pyTorchSparse}, snan, 0, 0, qnan, 0},
			{"signalling NaN, maximize", params{negLR: -0.05, form: PyTorch, maximize: true}, snan2, 2, 0, qnan2, 4},
			{"quiet NaN", params{negLR: -0.05, form: PyTorch}, qnan2, 2, 0, qnan2, 4},
		} {
			for n := 1; n <= 9; n++ {
				for at := 0; at < n; at++ {
					x, g, acc := make([]float64, n), make([]float64, n), make([]float64, n)
					for i := range x {
						x[i], g[i], acc[i] = 1, 1, 1
					}
					x[at], g[at], acc[at] = c.x, c.g, c.acc
					if err := sameBits(x, g, acc, c.p); err != nil {
						t.Fatalf("%s: %v", c.name, err)
					}
					update(x, g, acc, c.p)
					if math.Float64bits(x[at]) != math.Float64bits(c.wantX) || acc[at] != c.wantA {
						t.Fatalf("%s, length %d at %d: x %v (%#x) acc %v, want %v (%#x) and %v", c.name, n, at, x[at], math.Float64bits(x[at]), acc[at], c.wantX, math.Float64bits(c.wantX), c.wantA)
					}
				}
			}
		}
	})
}

// TestInfOverInfReallyOverflows checks that the Inf/Inf cases above are
// what they claim: the plain quotient is NaN, so the fallback runs.
func TestInfOverInfReallyOverflows(t *testing.T) {
	negLR, g := -1e10, 1e300
	num := negLR * g
	d := math.Sqrt(float64(g * g))
	if !math.IsInf(num, -1) || !math.IsInf(d, 1) || !math.IsNaN(num/d) {
		t.Fatalf("-lr*g = %v, d = %v, quotient %v: not Inf/Inf", num, d, num/d)
	}
}

// FuzzKernels is TestKernelsSameBits with arbitrary bits: any x, infinite
// and NaN ones included, any finite gradient (Step refuses others), any
// accumulator Step can hold (>= 0 or +Inf), any settings, every form.
func FuzzKernels(f *testing.F) {
	f.Add(-0.05, 0.0, 0.0, uint8(0), false, make([]byte, 8*3*5))
	f.Add(-1e10, 1e-8, 0.5, uint8(1), true, make([]byte, 8*3*9))
	f.Add(-0.05, 0.0, 0.0, uint8(2), false, append(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, 0xFFF0000000000000), math.Float64bits(-1e-170)), make([]byte, 8)...))
	f.Fuzz(func(t *testing.T, negLR, eps, wd float64, form uint8, maximize bool, data []byte) {
		p := params{negLR: -math.Abs(negLR), eps: math.Abs(eps), wd: math.Abs(wd), form: Form(form % uint8(numForms+1)), maximize: maximize}
		if p.negLR == 0 || math.IsInf(p.negLR, 0) || math.IsNaN(p.negLR) || math.IsNaN(p.eps) || math.IsInf(p.eps, 0) || math.IsNaN(p.wd) || math.IsInf(p.wd, 0) {
			return
		}
		if p.form == Optax || p.form == pyTorchSparse {
			p.wd = 0
		}
		n := len(data) / 24
		if n == 0 || n > 70 {
			return
		}
		x, g, acc := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			x[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[24*i:]))
			g[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[24*i+8:]))
			acc[i] = math.Abs(math.Float64frombits(binary.LittleEndian.Uint64(data[24*i+16:])))
			if !isFinite(g[i]) {
				g[i] = 0
			}
			if math.IsNaN(acc[i]) {
				acc[i] = 0
			}
		}
		wide := useAVX512
		defer func() { useAVX512 = wide }()
		for _, w := range []bool{false, wide} { // each vector loop the machine has
			useAVX512 = w
			if err := sameBits(x, g, acc, p); err != nil {
				t.Fatalf("AVX-512 %v: %v", w, err)
			}
		}
	})
}

// TestVectorLoopsStopBeforeBadValues: StepOnePass counts on each vector
// loop to stop before a block holding a NaN or infinite gradient value, or
// under weight decay such an x, and to leave that block as it was, in
// every mode. The bad value goes to each position of 24 coordinates.
func TestVectorLoopsStopBeforeBadValues(t *testing.T) {
	if !useAVX {
		t.Skip("no vector loop on this machine")
	}
	vectorLoops(t, func(t *testing.T) {
		width := 4
		if useAVX512 {
			width = 8
		}
		for _, p := range kernelParams() {
			q := p.forLoops()
			mode, ok := vectorMode(q)
			if !ok {
				continue
			}
			for _, v := range nonFinite {
				for at := range 24 {
					for _, inX := range []bool{false, true} {
						if inX && q.wd == 0 {
							continue // without weight decay a non-finite x is stepped
						}
						x, g, acc := make([]float64, 24), make([]float64, 24), make([]float64, 24)
						for i := range x {
							x[i], g[i], acc[i] = 1+float64(i)/8, 0.5-float64(i)/32, 0.1
						}
						if inX {
							x[at] = v
						} else {
							g[at] = v
						}
						x0, acc0 := append([]float64(nil), x...), append([]float64(nil), acc...)
						k := updateVector(x, g, acc, q.negLR, q.eps, q.wd, mode)
						if k != at/width*width {
							t.Fatalf("%+v, %v at %d (in x: %v): the loop did %d coordinates, want %d", q, v, at, inX, k, at/width*width)
						}
						for i := k; i < len(x); i++ {
							if math.Float64bits(x[i]) != math.Float64bits(x0[i]) || acc[i] != acc0[i] {
								t.Fatalf("%+v, %v at %d: coordinate %d changed past where the loop stopped", q, v, at, i)
							}
						}
					}
				}
			}
		}
	})
}

// TestFirstNonFinite puts NaN and ±Inf at every position of vectors of
// every length to 70: in the sixteen-at-a-time scan and in its tail.
func TestFirstNonFinite(t *testing.T) {
	for n := 0; n <= 70; n++ {
		g := make([]float64, n)
		if i := firstNonFinite(g); i != -1 {
			t.Fatalf("n=%d, all zero: %d", n, i)
		}
		for at := 0; at < n; at++ {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				g[at] = bad
				if i := firstNonFinite(g); i != at {
					t.Fatalf("n=%d, %v at %d: got %d", n, bad, at, i)
				}
				g[at] = math.MaxFloat64
			}
		}
	}
}

// TestTouchesEveryCoordinate checks the promise a sparse step relies on:
// unless touchesEveryCoordinate, a coordinate whose gradient is 0 keeps its
// x and accumulator, whatever the form, so a step may skip it.
func TestTouchesEveryCoordinate(t *testing.T) {
	for _, p := range kernelParams() {
		cfg := Config{LearningRate: -p.negLR, Epsilon: p.eps, WeightDecay: p.wd, Like: p.form, Maximize: p.maximize}
		x := []float64{1, -2, 3, 0.5, -0.25, 4, 5, 6, 7}
		g := []float64{0, 1, 0, 2, 0, 0, 3, 0, 0}
		acc := []float64{0.1, 0.2, 0, 0.4, 0.5, 0, 0.7, 0.8, 0.9}
		x0, acc0 := append([]float64(nil), x...), append([]float64(nil), acc...)
		update(x, g, acc, p)
		kept := true
		for i := range x {
			if g[i] == 0 && (x[i] != x0[i] || acc[i] != acc0[i]) {
				kept = false
			}
		}
		if kept == cfg.touchesEveryCoordinate() {
			t.Errorf("%+v: touchesEveryCoordinate() = %v, but coordinates with a zero gradient kept: %v", cfg, cfg.touchesEveryCoordinate(), kept)
		}
	}
}
