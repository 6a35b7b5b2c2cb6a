//go:build !amd64 || purego

package adagrad

const (
	useAVX = false
	useFMA = false
)

var useAVX512 = false

func updateVector(x, g, acc []float64, negLR, eps, wd float64, mode uint64) int {
	panic("unreachable")
}

func anyNonFiniteAVX(g []float64) bool {
	panic("unreachable")
}
