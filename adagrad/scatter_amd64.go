//go:build !purego

package adagrad

// scatterAhead writes the values bx and bacc back to x and acc at the
// coordinates idx, and meanwhile asks the processor to fetch the cache
// lines of x and acc at the coordinates next, which the caller steps next:
// memory then works while the writes complete, where the next gather would
// find it idle. Every index must be in [0, len(x)), len(acc) >= len(x),
// and bx and bacc must hold len(idx) values.
//
//go:noescape
func scatterAhead(x, acc, bx, bacc []float64, idx, next []int)
