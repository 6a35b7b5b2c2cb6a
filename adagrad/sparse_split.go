package adagrad

import (
	"math/bits"
	"runtime"
	"slices"
	"sync/atomic"
)

// A long sparse gradient with repeated indices is merged in parallel too,
// not only stepped: merging took 40% of such a step on one core while the
// others waited. The tasks take chunks of the entries from a shared
// counter and deal them into parts by a hash of their coordinate's block
// (see partOf), keeping their order (so that each coordinate's values are
// added in the order given), and check each index and value as they go;
// then, unless one was bad, they take parts and merge each in a table of
// their own, small enough for the cache. Once every part is
// merged, and none holds a sum that overflowed (which refuses the whole
// step, so nothing may change before), the tasks take parts again and step
// them. Parts hold disjoint coordinates, so the bits are those of the
// one-goroutine merge and step.

// sparseChunksPerTask is how many chunks to deal each task's share is cut
// into, so that a task that starts late takes fewer.
const sparseChunksPerTask = 4

// A sparseRun is what the tasks of a split sparse step share.
type sparseRun struct {
	idx  []int     // the gradient as given
	grad []float64 // its values
	zero float64   // what each sum starts from (see merge)
	n    int       // len(x): every index must be below

	parts  int     // how many parts
	chunks int     // how many runs of idx are dealt, each by one task
	seg    []int   // chunk c's entries of part q start at seg[c*(parts+1)+q] in deck
	deck   []entry // the entries, dealt
	start  []int   // part q's merged coordinates start at start[q] in midx, mg
	midx   []int
	mg     []float64
	count  []int // how many coordinates part q merged into
	bad    []int // the first overflowed sum of part q (index from start[q]), or -1

	deal      atomic.Int64 // the next chunk to deal
	dealt     atomic.Int64 // how many chunks are dealt
	merge     atomic.Int64 // the next part to merge
	merged    atomic.Int64 // how many parts are merged
	step      atomic.Int64 // the next part to step
	failed    atomic.Bool  // a sum overflowed: step nothing
	outside   atomic.Bool  // an index is out of range: merge nothing
	nonFinite atomic.Bool  // a value is NaN or infinite: merge nothing
}

// sparseParts is how many parts the entries are dealt into: 2^7, the top 7
// bits of partOf's hash.
const sparseParts = 1 << 7

// partOf returns the part of coordinate i: a hash of its block of 512
// coordinates, 4 KiB of x and of the accumulator, a page of memory on most
// systems. A part's coordinates then lie on few pages, whose address
// translations the processor keeps at hand while a task steps the part: on
// 2 cores, with 10^5 random nonzeros of 10^7 parameters, parts by block
// took an eighth less time than parts by coordinate. (A gradient crowded
// onto a few blocks crowds onto a few parts, which fewer tasks merge.)
func partOf(i int) int {
	return int(uint64(i>>9) * 0x9e3779b97f4a7c15 >> 57)
}

// splitMerge runs StepSparse's merge and step in k tasks and returns the
// error of an index out of range or an overflowed sum, as merge would.
func (o *Optimizer) splitMerge(k int, x []float64, idx []int, grad []float64, p params, zero float64) error {
	b := &o.sparse
	r := &b.run
	r.idx, r.grad, r.zero, r.n = idx, grad, zero, len(x)
	r.parts = sparseParts
	r.chunks = k * sparseChunksPerTask
	n := len(idx)
	if cap(r.midx) < n {
		r.deck = make([]entry, n)
		r.midx, r.mg = make([]int, n), make([]float64, n)
	}
	r.seg = slices.Grow(r.seg[:0], r.chunks*(r.parts+1))[:r.chunks*(r.parts+1)]
	r.start = slices.Grow(r.start[:0], r.parts)[:r.parts]
	r.count = slices.Grow(r.count[:0], r.parts)[:r.parts]
	r.bad = slices.Grow(r.bad[:0], r.parts)[:r.parts]
	r.deal.Store(0)
	r.dealt.Store(0)
	r.merge.Store(0)
	r.merged.Store(0)
	r.step.Store(0)
	r.failed.Store(false)
	r.outside.Store(false)
	r.nonFinite.Store(false)
	sc := b.scratch(k)
	ts := o.shareTasks(k)
	for j := range ts {
		ts[j] = task{x: x, acc: o.acc, p: p, sc: &sc[j], srun: r}
	}
	o.runTasks()
	r.idx, r.grad = nil, nil
	if r.outside.Load() {
		return checkIndices(idx, len(x))
	}
	if r.nonFinite.Load() {
		return gradientError(grad, firstNonFinite(grad))
	}
	if !r.failed.Load() {
		return nil
	}
	// The overflowed coordinate merge would name: the one that comes
	// first in idx.
	var bad []int
	for q := range r.parts {
		if r.bad[q] >= 0 {
			bad = append(bad, r.midx[r.start[q]+r.bad[q]])
		}
	}
	for _, i := range idx {
		if slices.Contains(bad, i) {
			return overflowError(idx, grad, nil, i, zero)
		}
	}
	panic("adagrad: a part's sum overflowed, but no part names it")
}

// sparseSplit is one task of a split sparse step: it takes chunks to
// deal, then parts to merge, then parts to step, each phase once the one
// before is done by all.
func (t *task) sparseSplit() {
	r := t.srun
	for {
		c := int(r.deal.Add(1)) - 1
		if c >= r.chunks {
			break
		}
		r.dealChunk(c)
		r.dealt.Add(1)
	}
	for r.dealt.Load() < int64(r.chunks) {
		runtime.Gosched() // another task is dealing a chunk
	}
	if r.outside.Load() || r.nonFinite.Load() {
		return // splitMerge names the index or the value
	}
	for {
		q := int(r.merge.Add(1)) - 1
		if q >= r.parts {
			break
		}
		r.mergePart(q, t.sc)
		r.merged.Add(1)
	}
	for r.merged.Load() < int64(r.parts) {
		runtime.Gosched() // another task is merging a part
	}
	if r.failed.Load() {
		return
	}
	for {
		q := int(r.step.Add(1)) - 1
		if q >= r.parts {
			return
		}
		lo := r.start[q]
		hi := lo + r.count[q]
		t.sc.stepsAhead(t.x, t.acc, r.midx[lo:hi], r.mg[lo:hi], t.p)
	}
}

// dealChunk puts the entries of chunk c of idx and grad, in order, into
// the same stretch of deck, part by part. (Coordinate and value side by
// side, in one slice rather than two, halve the places dealing writes to
// at once: dealing took a tenth less time.)
func (r *sparseRun) dealChunk(c int) {
	n := len(r.idx)
	lo, hi := c*n/r.chunks, (c+1)*n/r.chunks
	seg := r.seg[c*(r.parts+1) : (c+1)*(r.parts+1)]
	clear(seg)
	outside := false
	for _, i := range r.idx[lo:hi] {
		outside = outside || uint(i) >= uint(r.n)
		seg[partOf(i)+1]++ // in range even for an i that is not
	}
	if outside {
		r.outside.Store(true)
	}
	seg[0] = lo
	for q := range r.parts {
		seg[q+1] += seg[q]
	}
	var next [sparseParts]int
	copy(next[:], seg[:r.parts])
	grad := r.grad[lo:hi]
	finite := true
	for k, i := range r.idx[lo:hi] {
		q := partOf(i)
		at := next[q]
		next[q]++
		v := grad[k]
		finite = finite && v-v == 0
		r.deck[at] = entry{i, v}
	}
	if !finite {
		r.nonFinite.Store(true)
	}
}

// mergePart merges part q's entries, chunk after chunk, into midx and mg
// after the parts before it, as merge does, in a table from s.
func (r *sparseRun) mergePart(q int, s *sparseScratch) {
	size, out := 0, 0
	for c := range r.chunks {
		seg := r.seg[c*(r.parts+1):]
		size += seg[q+1] - seg[q]
		out += seg[q] - seg[0] // the entries of the parts before q
	}
	total := size
	seen, base := s.seen.begin(total)
	size = len(seen)
	mask, shift := uint64(size-1), 64-uint(bits.TrailingZeros(uint(size)))
	midx, mg := r.midx[out:out+total], r.mg[out:out+total]
	m := 0
	for c := range r.chunks {
		seg := r.seg[c*(r.parts+1):]
		for _, e := range r.deck[seg[q]:seg[q+1]] {
			i := e.i
			for h := uint64(i) * 0x9e3779b97f4a7c15 >> shift; ; h = (h + 1) & mask {
				j := int(seen[h]-base) - 1
				if j < 0 {
					seen[h] = base + int32(m+1)
					midx[m], mg[m] = i, e.g+r.zero
					m++
					break
				}
				if midx[j] == i {
					mg[j] += e.g
					break
				}
			}
		}
	}
	r.start[q], r.count[q], r.bad[q] = out, m, -1
	if m < total { // repeats: a sum may have overflowed
		if j := firstNonFinite(mg[:m]); j >= 0 {
			r.bad[q] = j
			r.failed.Store(true)
		}
	}
}

// An entry is one value of a gradient and its coordinate.
type entry struct {
	i int
	g float64
}
