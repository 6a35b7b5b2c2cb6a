package adagrad

import (
	"math"
	"math/bits"
	"slices"
)

// StepSparse is Step for a sparse gradient, given as the values grad[k] at
// the coordinates idx[k]; every other coordinate's gradient is zero. Values
// listed more than once for a coordinate are added up first, in the order
// given, as PyTorch coalesces a sparse gradient. Only the listed
// coordinates of x and of the accumulator change, so a step costs time in
// proportion to len(idx), not to Len.
//
// In the Tutorial, Keras and Optax forms the result is bit for bit that of
// Step with the equivalent dense gradient: the sums above at the listed
// coordinates, zero elsewhere. That holds because Adagrad with a zero
// gradient leaves a coordinate as it is: its accumulator gains 0 and it
// moves by 0. One exception, in the sign of a zero: with Maximize, Step
// adds a step of +0 to an unlisted coordinate, turning an x of -0 into +0
// (as PyTorch does); StepSparse leaves it -0.
//
// In the PyTorch form StepSparse gives the bits of torch.optim.Adagrad
// given the same sparse gradient, which are not those of its dense path:
// PyTorch's sparse step rounds acc + g*g twice where the dense one fuses
// it, and computes x + (-lr)*(g/d) where the dense one computes
// x + (-lr*g)/d. Step follows the dense path, StepSparse the sparse one.
// The sums of repeated values start from the first (an only value of -0
// stays -0), as PyTorch's coalesce adds them.
//
// The step count, and with it LRDecay's rate, advances by one as in Step,
// whatever len(idx) is. StepSparse refuses, before anything changes: an x
// of the wrong length or an idx and grad of different lengths (ErrLength),
// an index outside [0, Len) (ErrIndex), a value that is NaN or infinite or
// values for one coordinate whose sum overflows (*GradientError), settings
// under which a zero gradient still moves a coordinate, WeightDecay, since
// then no step can skip the unlisted ones (ErrSparseConfig), and a step
// past the count's limit (ErrStepLimit). Once its buffers have grown to
// len(idx) it does not allocate.
func (o *Optimizer) StepSparse(x []float64, idx []int, grad []float64) error {
	if err := o.begin(x); err != nil {
		return err
	}
	switch {
	case len(idx) != len(grad):
		return errorf(ErrLength, "len(idx) = %d but len(grad) = %d, want one value per index", len(idx), len(grad))
	case len(idx) >= math.MaxInt32: // merge numbers the coordinates with int32
		return errorf(ErrLength, "len(idx) = %d, want fewer than 2^31-1", len(idx))
	case o.cfg.touchesEveryCoordinate():
		return o.cfg.lazyError()
	}
	// The indices are checked where they are read anyway, by merge or by
	// the tasks that deal them, and so are the values of a step split
	// across cores, not each in a pass of their own on one core: those
	// passes took a few per cent of a step. An index out of range is
	// named before a value that is not finite.
	b := &o.sparse
	p := o.params(true)
	if k := o.shares(len(idx), minShareSparse); k > 1 && len(idx) >= pyTorchStableFrom && !increasing(idx) {
		// Repeats to merge, in the order given even in the PyTorch form:
		// merged in parallel too (see sparse_split.go).
		zero := 0.0
		if p.form == pyTorchSparse {
			zero = negZero
		}
		if err := o.splitMerge(k, x, idx, grad, p, zero); err != nil {
			return err
		}
		o.steps++
		return nil
	}
	if k := firstNonFinite(grad); k >= 0 {
		if err := checkIndices(idx, len(x)); err != nil {
			return err
		}
		return gradientError(grad, k)
	}
	if err := b.merge(idx, grad, len(x), p.form == pyTorchSparse); err != nil {
		return err
	}
	if k := o.shares(len(b.idx), minShareSparse); k > 1 {
		o.splitSparse(k, x, p)
	} else {
		b.scratch(1)[0].steps(x, o.acc, b.idx, b.g, p)
	}
	o.steps++
	return nil
}

// splitSparse steps the merged coordinates in k shares. They are
// independent once repeats are merged, so a long sparse step is split
// across cores like a long dense one.
func (o *Optimizer) splitSparse(k int, x []float64, p params) {
	b := &o.sparse
	m, sc := len(b.idx), b.scratch(k)
	ts := o.shareTasks(k)
	for j := range ts {
		lo, hi := j*m/k, (j+1)*m/k
		ts[j] = task{x: x, g: b.g[lo:hi], acc: o.acc, idx: b.idx[lo:hi], sc: &sc[j], p: p}
	}
	o.runTasks()
}

// lazyError returns why steps under c cannot skip the coordinates a sparse
// gradient does not list. Skipping is exact only when Step, given a zero
// gradient, leaves a coordinate as it is; a setting that breaks that
// belongs in touchesEveryCoordinate.
func (c Config) lazyError() error {
	what := "adds WeightDecay*x to every coordinate's gradient"
	if c.Like == Keras {
		what = "takes lr*WeightDecay*x from every coordinate" // decoupled
	}
	return errorf(ErrSparseConfig, "StepSparse cannot use WeightDecay = %v: weight decay %s, so every coordinate moves at every step (use Step)", c.WeightDecay, what)
}

// sparseBuffers hold a StepSparse's gradient with repeats merged, and
// the scratch space to merge and step it. They are kept between steps so
// that a warm StepSparse does not allocate.
type sparseBuffers struct {
	idx []int     // the distinct coordinates, in order of first appearance
	g   []float64 // the summed value at each

	seen seenTable // for merge

	sc []sparseScratch // one per share of a split step

	order   keyOrder // PyTorch's order of the repeats, for Like: PyTorch
	repeats []uint8  // values after the first at each of idx, up to 2

	run sparseRun // a step split from its merge on
}

// sparseScratch holds copies of a chunk's coordinates, and a task's table
// for merging parts of a split step.
type sparseScratch struct {
	x, acc []float64
	seen   seenTable // for mergePart
}

// scratch returns k scratch buffers, allocating them the first time.
func (b *sparseBuffers) scratch(k int) []sparseScratch {
	for len(b.sc) < k {
		b.sc = append(b.sc, sparseScratch{x: make([]float64, chunk), acc: make([]float64, chunk)})
	}
	return b.sc[:k]
}

// merge sets b.idx to the distinct coordinates of idx and b.g to the sum of
// the values given for each: in the order given from +0, as a dense
// gradient would be, or, for PyTorch, from the first in the order its
// coalesce adds them (see coalesce.go). It returns ErrIndex for an index
// outside [0, n), else a *GradientError if a sum overflows.
func (b *sparseBuffers) merge(idx []int, grad []float64, n int, pyTorch bool) error {
	if cap(b.idx) < len(idx) {
		b.idx, b.g = make([]int, len(idx)), make([]float64, len(idx))
	}
	b.idx, b.g = b.idx[:len(idx)], b.g[:len(idx)]
	zero := 0.0 // +0 + -0 is +0; -0 + -0 is -0, and -0 + v is v
	if pyTorch {
		zero = negZero
	}
	if increasing(idx) { // no repeats, as in a coalesced sparse gradient
		if len(idx) > 0 && (idx[0] < 0 || idx[len(idx)-1] >= n) {
			return checkIndices(idx, n)
		}
		copy(b.idx, idx)
		for k, v := range grad {
			b.g[k] = v + zero
		}
		return nil
	}
	seen, base := b.seen.begin(len(idx))
	size := len(seen)
	mask, shift := uint64(size-1), 64-uint(bits.TrailingZeros(uint(size)))
	// PyTorch's order matters only for a coordinate given three values or
	// more: two add up to the same bits in either order. repeats counts a
	// coordinate's values after its first, to find one.
	sorted := pyTorch && len(idx) < pyTorchStableFrom
	if sorted {
		b.repeats = slices.Grow(b.repeats[:0], len(idx))[:len(idx)]
		clear(b.repeats)
	}
	many := false
	m := 0
	for k, i := range idx {
		if uint(i) >= uint(n) {
			return checkIndices(idx, n)
		}
		// Fibonacci hashing: the top bits of i times 2^64/φ.
		for h := uint64(i) * 0x9e3779b97f4a7c15 >> shift; ; h = (h + 1) & mask {
			j := int(seen[h]-base) - 1
			if j < 0 {
				seen[h] = base + int32(m+1)
				b.idx[m], b.g[m] = i, grad[k]+zero
				m++
				break
			}
			if b.idx[j] == i {
				b.g[j] += grad[k]
				if sorted {
					b.repeats[j] = min(b.repeats[j]+1, 2)
					many = many || b.repeats[j] == 2
				}
				break
			}
		}
	}
	b.idx, b.g = b.idx[:m], b.g[:m]
	if m == len(idx) { // no repeats, so no sums that could overflow
		return nil
	}
	var order []int // the order of the additions; nil for the order given
	if sorted && (many || firstNonFinite(b.g) >= 0) {
		// Redone in PyTorch's order: the sums, and which value an
		// overflow error names.
		order = b.sumSorted(idx, grad)
	}
	if j := firstNonFinite(b.g); j >= 0 {
		return overflowError(idx, grad, order, b.idx[j], zero)
	}
	return nil
}

// A seenTable maps coordinates to their places in a merge's output: place
// j as base+j+1, in a slot found by hashing the coordinate and probing
// linearly. Slots at or below base are empty, so that a merge empties the
// table by raising base instead of clearing it; that let the table grow
// to sixteen slots per value, which took a quarter less time than four,
// cleared after each merge (10^3 random values).
type seenTable struct {
	slots []int32
	base  int32
}

// begin returns the slots for a merge of n values, all empty, and their
// base.
func (t *seenTable) begin(n int) ([]int32, int32) {
	// Sixteen slots per value, up to 2^16 (256 KiB, within the L2 cache
	// of a core of recent processors), keep most probes to one slot; then
	// four per value up to 2^18, at least two.
	size := 16
	for size < 16*n && size < 1<<16 || size < 4*n && size < 1<<18 || size < 2*n {
		size *= 2
	}
	if len(t.slots) < size {
		t.slots, t.base = make([]int32, size), 0
	}
	if int(t.base) > math.MaxInt32-n-1 {
		clear(t.slots)
		t.base = 0
	}
	base := t.base
	t.base += int32(n)
	return t.slots[:size], base
}

// sumSorted redoes merge's sums in the order in which PyTorch's coalesce
// adds repeats: that of its unstable sort of the indices. It returns that
// order, the positions in idx.
func (b *sparseBuffers) sumSorted(idx []int, grad []float64) []int {
	o := &b.order
	o.key = append(o.key[:0], idx...)
	o.pos = o.pos[:0]
	for k := range idx {
		o.pos = append(o.pos, k)
	}
	o.sort()
	m := 0
	for j, k := range o.pos {
		if j > 0 && o.key[j] == o.key[j-1] {
			b.g[m-1] += grad[k]
			continue
		}
		b.idx[m], b.g[m] = o.key[j], grad[k] // copied, as PyTorch does: -0 stays -0
		m++
	}
	return o.pos
}

// overflowError finds where the values for coordinate i, added from zero
// in the order given (or in order, positions in idx), first overflow.
func overflowError(idx []int, grad []float64, order []int, i int, zero float64) error {
	sum := zero
	for j := range idx {
		k := j
		if order != nil {
			k = order[j]
		}
		if idx[k] == i {
			if sum += grad[k]; math.IsInf(sum, 0) {
				return &GradientError{Index: k, Value: sum, coord: i}
			}
		}
	}
	panic("adagrad: a sum overflowed, but not when added again")
}

// checkIndices returns ErrIndex naming the first index outside [0, n), or
// nil.
func checkIndices(idx []int, n int) error {
	for k, i := range idx {
		if uint(i) >= uint(n) {
			return errorf(ErrIndex, "idx[%d] = %d is out of range [0, %d)", k, i, n)
		}
	}
	return nil
}

// increasing reports whether idx is in strictly increasing order.
func increasing(idx []int) bool {
	for k := 1; k < len(idx); k++ {
		if idx[k] <= idx[k-1] {
			return false
		}
	}
	return true
}

// The coordinates are stepped in chunks: gathered, updated, written back.
// A chunk's loads are independent, so the processor fetches many at once
// from memory; its writes find their cache lines and page translations
// still close at hand; and update runs on contiguous copies, where the
// vector loop applies. (Updating x and acc in place, one coordinate at a
// time, was several times slower: each scalar square root waited on the one
// before it, and so on its load from memory.)
const chunk = 256

// steps steps the distinct coordinates idx by the summed gradient values
// g, a chunk at a time.
func (s *sparseScratch) steps(x, acc []float64, idx []int, g []float64, p params) {
	for lo := 0; lo < len(idx); lo += chunk {
		s.step(x, acc, idx[lo:min(lo+chunk, len(idx))], g[lo:], p)
	}
}

// stepsAhead is steps for the coordinates of a part of a split sparse step
// (see partOf), which lie on few pages: while it writes a chunk back it
// has the next one's cache lines fetched (scatterAhead). On 2 cores, with
// 10^5 random nonzeros of 10^7 parameters, that took 5-8% less time;
// with 10^3, on pages hardly any coordinates share, it took a little more.
func (s *sparseScratch) stepsAhead(x, acc []float64, idx []int, g []float64, p params) {
	acc = acc[:len(x)] // one bounds check then covers both, as scatterAhead needs
	for lo := 0; lo < len(idx); lo += chunk {
		hi := min(lo+chunk, len(idx))
		c, next := idx[lo:hi], idx[hi:min(hi+chunk, len(idx))]
		bx, ba := s.x[:len(c)], s.acc[:len(c)]
		for j, i := range c {
			bx[j], ba[j] = x[i], acc[i]
		}
		update(bx, g[lo:hi], ba, p)
		scatterAhead(x, acc, bx, ba, c, next)
	}
}

// step steps the coordinates idx, whose summed gradient values start g.
func (s *sparseScratch) step(x, acc []float64, idx []int, g []float64, p params) {
	bx, ba := s.x[:len(idx)], s.acc[:len(idx)]
	acc = acc[:len(x)] // one bounds check then covers both
	for j, i := range idx {
		bx[j], ba[j] = x[i], acc[i]
	}
	// Step's own entry point with Step's constants: each coordinate gets
	// exactly Step's arithmetic.
	update(bx, g[:len(idx)], ba, p)
	for j, i := range idx {
		x[i], acc[i] = bx[j], ba[j]
	}
}
