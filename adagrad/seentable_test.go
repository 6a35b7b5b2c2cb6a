package adagrad

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergeAfterManyMerges: merge's table is emptied by raising its base,
// and cleared when the base would pass 2^31-1; merges on either side of
// that, and right at it, give the coordinates in order of first appearance
// and the sums of their values in the order given.
func TestMergeAfterManyMerges(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var b sparseBuffers
	// Bases as if that many values had been merged since the table was
	// cleared; -1 for the merge after, as it comes.
	for _, base := range []int32{-1, 1000, math.MaxInt32 - 3000, math.MaxInt32 - 700, math.MaxInt32 - 300, -1, -1} {
		if base >= 0 {
			b.seen.base = base
		}
		idx, vals := make([]int, 300), make([]float64, 300)
		for k := range idx {
			idx[k], vals[k] = rng.IntN(200), rng.NormFloat64()
		}
		if err := b.merge(idx, vals, false); err != nil {
			t.Fatal(err)
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
			t.Fatalf("base %d: coordinates %v, want %v", base, b.idx, want)
		}
		for j, i := range b.idx {
			if b.g[j] != sum[i] {
				t.Fatalf("base %d: coordinate %d sums to %v, want %v", base, i, b.g[j], sum[i])
			}
		}
	}
}
