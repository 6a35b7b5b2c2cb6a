package adagrad

import "math"

// params are the per-step constants of the update, built by
// Optimizer.params.
type params struct {
	negLR    float64 // -lr_t; the tutorial negates the rate before multiplying
	eps      float64
	wd       float64 // weight decay, as form says
	form     Form    // Like, or pyTorchSparse
	maximize bool
}

// pyTorchSparse is the form of StepSparse with Like: PyTorch:
// torch.optim.Adagrad's sparse path, which rounds acc + g*g twice and
// divides before it multiplies by the rate: x + (-lr)*(g/d), the product
// and the sum rounded once.
const pyTorchSparse = numForms

// update applies one Adagrad step to x and acc in place, coordinate by
// coordinate, so that any slice of the coordinates can be stepped alone with
// the same result. It is the hot loop: no allocation, bounds checks hoisted,
// and every product that meets an add converted to float64 so it is rounded
// on its own, unless the form fuses it on purpose (math.FMA).
func update(x, g, acc []float64, p params) {
	p = p.forLoops()
	if len(x) < 4 {
		updateGo(x, g, acc, p)
		return
	}
	if mode, ok := vectorMode(p); ok {
		for len(x) >= 4 {
			k := updateVector(x, g, acc, p.negLR, p.eps, p.wd, mode)
			x, g, acc = x[k:], g[k:], acc[k:]
			if len(x) < 4 {
				break
			}
			// The vector loop stops before a block of four with a NaN step
			// (0/0 or Inf/Inf) or, in the Keras form, a decay that took x
			// to ±Inf; the portable loop handles those cases.
			updateGo(x[:4], g[:4], acc[:4], p)
			x, g, acc = x[4:], g[4:], acc[4:]
		}
	}
	updateGo(x, g, acc, p)
}

// forLoops returns p as the loops take it: Maximize without weight decay
// turned into the sign of negLR. Ascending uses -g; (-lr)·(-g) is lr·g and
// (-g)² is g² exactly, so without weight decay (where g meets x) flipping
// the rate's sign gives the same bits with no work per coordinate.
func (p params) forLoops() params {
	if p.maximize && p.wd == 0 {
		p.negLR, p.maximize = -p.negLR, false
	}
	return p
}

// Modes of the vector loop, a bit set.
const (
	modeInside = 1 << iota // sqrt(acc+eps) instead of sqrt(acc)+eps
	modeFused              // acc+g*g and g+wd*x rounded once (FMA)
	modeL2                 // g += wd*x first
	modeNegate             // g = -g first (maximize with weight decay)
	modeDecay              // x -= x*wd*lr first (Keras)
	modeOptax              // u = -lr*(g*(1/sqrt(acc+eps))), 0 where acc is 0
	modeSparse             // x = fma(-lr, g/d, x) (PyTorch's sparse path)
)

// vectorMode returns the vector loop's mode for p, or false when there is no
// vector loop on this machine.
func vectorMode(p params) (uint64, bool) {
	if !useAVX {
		return 0, false
	}
	var mode uint64
	if p.maximize {
		mode |= modeNegate // update leaves maximize set only with weight decay
	}
	switch p.form {
	case Tutorial:
		if p.wd != 0 {
			mode |= modeL2
		}
	case PyTorch:
		if !useFMA {
			return 0, false
		}
		mode |= modeFused
		if p.wd != 0 {
			mode |= modeL2
		}
	case Keras:
		mode |= modeInside
		if p.wd != 0 {
			mode |= modeDecay
		}
	case Optax:
		mode |= modeOptax
	case pyTorchSparse:
		if !useFMA {
			return 0, false
		}
		mode |= modeSparse // weight decay is refused on this path
	default:
		return 0, false
	}
	return mode, true
}

// updateGo is update in portable Go: the only code on machines without the
// vector loop, and the reference the vector loop must match bit for bit.
func updateGo(x, g, acc []float64, p params) {
	switch {
	case p.form == Tutorial && p.wd == 0 && !p.maximize:
		updateTutorial(x, g, acc, p)
	case p.form == Keras:
		updateKeras(x, g, acc, p)
	case p.form == Optax:
		updateOptax(x, g, acc, p)
	default:
		updateOutside(x, g, acc, p)
	}
}

// updateTutorial is the tutorial's step with nothing added.
func updateTutorial(x, g, acc []float64, p params) {
	g = g[:len(x)]
	acc = acc[:len(x)]
	negLR, eps := p.negLR, p.eps
	for i, xi := range x {
		gi := g[i]
		a := acc[i] + float64(gi*gi)
		acc[i] = a
		d := math.Sqrt(a) + eps
		x[i] = moved(xi, negLR*gi/d, negLR, gi, d)
	}
}

// updateOutside is the step with epsilon outside the root: in the
// tutorial's rounding; for PyTorch with acc+g*g and g+wd*x fused, as
// torch.optim.Adagrad's grad.add(param, alpha=wd) and
// state_sum.addcmul_(grad, grad) are on the CPU, then
// param.addcdiv_(grad, std, value=-clr), the tutorial's -lr*g/d; and for
// PyTorch's sparse path, acc+g*g rounded twice (state_sum.add_ of the
// squared values), then param.add_(grad/std, alpha=-clr), which adds
// -lr*(g/d) to x with one rounding.
func updateOutside(x, g, acc []float64, p params) {
	g = g[:len(x)]
	acc = acc[:len(x)]
	negLR, eps, wd := p.negLR, p.eps, p.wd
	fused, sparse := p.form == PyTorch, p.form == pyTorchSparse
	for i, xi := range x {
		gi := g[i]
		if p.maximize {
			gi = -gi
		}
		var a float64
		if fused {
			if wd != 0 {
				gi = math.FMA(wd, xi, gi)
			}
			a = math.FMA(gi, gi, acc[i])
		} else {
			if wd != 0 {
				gi += float64(wd * xi)
			}
			a = acc[i] + float64(gi*gi)
		}
		acc[i] = a
		d := math.Sqrt(a) + eps
		if sparse {
			// g/d is NaN only for 0/0: then x does not move.
			if q := gi / d; q == q {
				x[i] = fmaAdd(negLR, q, xi)
			} else {
				x[i] = xi + negZero
			}
			continue
		}
		x[i] = moved(xi, negLR*gi/d, negLR, gi, d)
	}
}

// updateKeras follows keras.optimizers.Adagrad: the decoupled weight decay
// x -= x*wd*lr first, then acc += g*g and x -= lr*g/sqrt(acc+eps).
func updateKeras(x, g, acc []float64, p params) {
	g = g[:len(x)]
	acc = acc[:len(x)]
	negLR, eps, wd := p.negLR, p.eps, p.wd
	for i, xi := range x {
		gi := g[i]
		if p.maximize {
			gi = -gi
		}
		a := acc[i] + float64(gi*gi)
		acc[i] = a
		d := math.Sqrt(a + eps)
		if wd != 0 {
			// x*wd*lr taken away is (x*wd)*(-lr) added: the same bits.
			xi = add(xi, float64(float64(xi*wd)*negLR))
			if math.IsInf(xi, 0) {
				// The decay overflowed a finite x (Step refuses others):
				// it stays at ±Inf, where the step could make Inf-Inf.
				x[i] = xi
				continue
			}
		}
		x[i] = moved(xi, negLR*gi/d, negLR, gi, d)
	}
}

// moved returns x + u, u = -lr*g/d, unless u is NaN: 0/0 (a zero numerator
// over a zero denominator) or Inf/Inf (-lr*g and the accumulator both
// overflowed). Dividing first then gives ±Inf for a nonzero gradient over
// 0, as numpy does, and 0 for a finite gradient over Inf; when even that is
// NaN (a zero gradient over 0, or an infinite decayed gradient) x does not
// move.
func moved(x, u, negLR, g, d float64) float64 {
	if u != u {
		if u = noNaN(negLR, g, d); u != u {
			u = negZero // x + -0 is x, but for a NaN, which it quiets
		}
	}
	return add(x, u)
}

// add returns x + u as amd64 computes it. Every path adds to x, even when
// it does not move, so that x is rounded the same way on all of them: an
// infinite x stays infinite or, against an infinite step of the other
// sign, becomes NaN, and a NaN x comes out quiet with its payload, as the
// processor's add gives it. The NaN that Inf-Inf makes is the one thing
// processors disagree on (amd64 sets its sign, arm64 does not): add makes
// it amd64's everywhere.
func add(x, u float64) float64 {
	if s := x + u; s == s || x != x || u != u {
		return s
	}
	return infMinusInf
}

// negZero is -0, a variable so that x + negZero is really computed.
var negZero = math.Copysign(0, -1)

// infMinusInf is the NaN amd64 gives for Inf-Inf (its "indefinite").
var infMinusInf = math.Float64frombits(0xFFF8000000000000)

// updateOptax follows optax.adagrad, scale_by_rss then the learning rate:
// acc = g*g + acc, r = rsqrt(acc+eps) where acc > 0 (else 0), u = -lr*(r*g).
// Its step is never NaN: r*|g| <= 1 when acc >= g*g. Optax has no weight
// decay, so update has turned Maximize into the sign of negLR.
func updateOptax(x, g, acc []float64, p params) {
	g = g[:len(x)]
	acc = acc[:len(x)]
	negLR, eps := p.negLR, p.eps
	for i, xi := range x {
		gi := g[i]
		a := float64(gi*gi) + acc[i]
		acc[i] = a
		var r float64
		if a > 0 {
			r = 1 / math.Sqrt(a+eps)
		}
		x[i] = xi + float64(negLR*float64(r*gi)) // |r*g| <= 1: never Inf-Inf
	}
}

// fmaAdd is x + a*b rounded once, the NaN of an Inf-Inf made amd64's, as
// add does.
func fmaAdd(a, b, x float64) float64 {
	if s := math.FMA(a, b, x); s == s || x != x {
		return s
	}
	return infMinusInf
}

// noNaN is moved's second attempt, out of line: it is rare.
//
//go:noinline
func noNaN(negLR, g, d float64) float64 {
	return negLR * (g / d)
}

// firstNonFinite returns the index of the first NaN or Inf in g, or -1.
// Step runs it over the whole gradient before it changes anything, so it
// must run at memory speed: sixteen values at a time with AVX, else four
// sums that keep the adds independent.
func firstNonFinite(g []float64) int {
	i := 0
	if useAVX {
		i = len(g) &^ 15
		if anyNonFiniteAVX(g[:i]) {
			i = 0 // find which
		}
	}
	// v*0 is 0 for finite v and NaN otherwise.
	var s0, s1, s2, s3 float64
	for ; i+4 <= len(g); i += 4 {
		s0 += g[i] * 0
		s1 += g[i+1] * 0
		s2 += g[i+2] * 0
		s3 += g[i+3] * 0
	}
	for ; i < len(g); i++ {
		s0 += g[i] * 0
	}
	if s0+s1+s2+s3 == 0 {
		return -1
	}
	for i, v := range g {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return i
		}
	}
	return -1
}
