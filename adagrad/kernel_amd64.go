//go:build !purego

package adagrad

import "golang.org/x/sys/cpu"

// useAVX selects the vector loop: packed square roots and divisions are
// exactly rounded like scalar ones, so the results are the same bits, four
// coordinates at a time.
var useAVX = cpu.X86.HasAVX

// updateAVX steps x and acc four coordinates at a time, in the same order of
// operations as updateScalar (with inside, as updateGeneral's epsilon under
// the root), and returns how many it did: a multiple of 4, stopping early
// before a block whose step would be NaN.
//
//go:noescape
func updateAVX(x, g, acc []float64, negLR, eps float64, inside bool) int
