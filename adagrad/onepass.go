package adagrad

// StepOnePass is Step in one pass over the vectors, for long vectors where
// time matters more than an all-or-nothing step. Step reads the whole
// gradient for NaN and Inf before it writes anything, so that a refused
// step changes nothing; on long vectors that extra read of grad is a good
// part of the step. StepOnePass reads grad once, as
// torch.optim.Adagrad(fused=True) does.
//
// For every input Step accepts, StepOnePass gives Step's bits and returns
// nil. Where Step would refuse a NaN or infinite gradient value (or, with
// WeightDecay, x value), StepOnePass steps every other coordinate as Step
// would have, leaves each such coordinate's x and accumulator as they
// were, counts the step, and returns the error Step returns: a
// *PointError for the first non-finite x if WeightDecay is set and there
// is one, else a *GradientError for the first non-finite gradient value.
// Unlike the libraries, it never lets a non-finite gradient value make a
// NaN in x or the accumulator.
// Its other errors (ErrLength, ErrOverlap, ErrNoState, ErrStepLimit)
// change nothing, as Step's do. It does not allocate.
func (o *Optimizer) StepOnePass(x, grad []float64) error {
	if err := o.beginDense(x, grad); err != nil {
		return err
	}
	p := o.params(false)
	var b badIndex
	if k := o.shares(len(x), o.minShare(p)); k > 1 {
		b = o.splitDense(k, x, grad, p, false, true)
	} else {
		b = updateOnePass(x, grad, o.acc, p)
	}
	o.steps++
	switch {
	case b.x >= 0:
		return &PointError{Index: b.x, Value: x[b.x]}
	case b.g >= 0:
		return gradientError(grad, b.g)
	}
	return nil
}

// badIndex holds the first coordinate StepOnePass left because its x
// (under weight decay) or its gradient value is not finite; -1 for none.
type badIndex struct{ x, g int }

var noBad = badIndex{-1, -1}

// updateOnePass is update for StepOnePass: it steps x and acc, but leaves
// every coordinate whose gradient value (or, under weight decay, whose x)
// is not finite, and returns the first of each kind. The vector loop
// needs no test of its own for them: such a coordinate always makes a NaN
// step (Inf/Inf or NaN arithmetic), so the loop stops before its block and
// hands it here. The portable loop scans first, as Step does.
func updateOnePass(x, g, acc []float64, p params) badIndex {
	b := noBad
	g, acc = g[:len(x)], acc[:len(x)]
	q := p.forLoops()
	done := 0
	if mode, ok := vectorMode(q); ok {
		for len(x)-done >= 4 {
			done += updateVector(x[done:], g[done:], acc[done:], q.negLR, q.eps, q.wd, mode)
			if len(x)-done < 4 {
				break
			}
			stepGood(x, g, acc, done, done+4, q, &b)
			done += 4
		}
	} else if firstNonFinite(g) < 0 && (q.wd == 0 || firstNonFinite(x) < 0) {
		updateGo(x, g, acc, q)
		return b
	}
	stepGood(x, g, acc, done, len(x), q, &b)
	return b
}

// stepGood steps the coordinates [lo, hi) one at a time with the portable
// loop, skipping and recording the bad ones. p is as update's loops take
// it (forLoops).
func stepGood(x, g, acc []float64, lo, hi int, p params, b *badIndex) {
	for i := lo; i < hi; i++ {
		switch {
		case p.wd != 0 && x[i]-x[i] != 0: // NaN or ±Inf
			if b.x < 0 {
				b.x = i
			}
		case g[i]-g[i] != 0:
			if b.g < 0 {
				b.g = i
			}
		default:
			updateGo(x[i:i+1], g[i:i+1], acc[i:i+1], p)
		}
	}
}
