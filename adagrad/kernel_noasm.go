//go:build !amd64 || purego

package adagrad

const useAVX = false

func updateAVX(x, g, acc []float64, negLR, eps float64, inside bool) int { panic("unreachable") }
