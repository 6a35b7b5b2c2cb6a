package adagrad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkMerge merges idx and vals with b and checks the coordinates, in
// order of first appearance, and the sums of their values in the order
// given, computed here with a map.
func checkMerge(t *testing.T, b *sparseBuffers, idx []int, vals []float64, what string) {
	t.Helper()
	if err := b.merge(idx, vals, math.MaxInt, false); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var want []int
	sum := map[int]float64{}
	for k, i := range idx {
		if _, ok := sum[i]; !ok {
			want = append(want, i)
		}
		sum[i] += vals[k]
	}
	if !slices.Equal(b.idx, want) {
		t.Fatalf("%s: %d coordinates, want %d, or in another order", what, len(b.idx), len(want))
	}
	for j, i := range b.idx {
		if b.g[j] != sum[i] {
			t.Fatalf("%s: coordinate %d sums to %v, want %v", what, i, b.g[j], sum[i])
		}
	}
}

// gradient returns n values at coordinates below span: distinct ones in
// no order, or drawn at random (with repeats).
func gradient(rng *rand.Rand, n, span int, distinct bool) ([]int, []float64) {
	idx, vals := make([]int, n), make([]float64, n)
	if distinct {
		idx = rng.Perm(span)[:n]
	}
	for k := range idx {
		if !distinct {
			idx[k] = rng.IntN(span)
		}
		vals[k] = rng.NormFloat64()
	}
	return idx, vals
}

// TestMergeAfterManyMerges: merge's table is emptied by raising its base,
// and cleared when the base would pass 2^31-1; merges on either side of
// that, right at it (distinct values fill base+n exactly), with repeats
// and without, and a larger merge after a smaller one cleared the table,
// give the coordinates in order of first appearance and the sums of their
// values in the order given.
func TestMergeAfterManyMerges(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{300, 5000} {
		for d := -3; d <= 3; d++ {
			for _, distinct := range []bool{false, true} {
				var b sparseBuffers
				idx, vals := gradient(rng, n, 4*n, distinct)
				checkMerge(t, &b, idx, vals, "first merge")
				// As if nearly 2^31 values had been merged since the table
				// was cleared.
				b.seen.base = int32(math.MaxInt32 - n + d)
				for r := range 4 {
					idx, vals := gradient(rng, n, 4*n, distinct)
					checkMerge(t, &b, idx, vals, fmt.Sprintf("%d values, distinct %v, base limit%+d, merge %d", n, distinct, d, r))
				}
			}
		}
	}
	// A small merge that clears the table must clear the slots a larger
	// merge used before it, which the next, larger, merge uses again.
	var b sparseBuffers
	big, bigVals := gradient(rng, 50_000, 1<<22, true)
	checkMerge(t, &b, big, bigVals, "large merge")
	small, smallVals := gradient(rng, 100, 1<<22, true)
	b.seen.base = math.MaxInt32 - 50
	checkMerge(t, &b, small, smallVals, "small merge that clears")
	medium, mediumVals := gradient(rng, 20_000, 1<<22, true)
	checkMerge(t, &b, medium, mediumVals, "larger merge after the clear")
}

// TestMergeLongerThanTableCap: past 2^18 values the table keeps two slots
// per value, so that a probe always finds an empty one.
func TestMergeLongerThanTableCap(t *testing.T) {
	n := 1<<18 + 1000
	idx, vals := make([]int, n), make([]float64, n)
	for k := range idx {
		idx[k], vals[k] = n-1-k, float64(k) // distinct, decreasing
	}
	var b sparseBuffers
	checkMerge(t, &b, idx, vals, "distinct decreasing values")
}
