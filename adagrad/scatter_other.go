//go:build !amd64 || purego

package adagrad

// scatterAhead writes the values bx and bacc back to x and acc at the
// coordinates idx. (Go has no prefetch instruction: next is a hint only
// the assembly version takes.)
func scatterAhead(x, acc, bx, bacc []float64, idx, next []int) {
	for j, i := range idx {
		x[i], acc[i] = bx[j], bacc[j]
	}
}
