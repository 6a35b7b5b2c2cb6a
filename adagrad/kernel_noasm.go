//go:build !amd64 || purego

package adagrad

const useAVX = false

func updateAVX(x, g, acc []float64, negLR, eps float64) int { panic("unreachable") }

func updateAVXInside(x, g, acc []float64, negLR, eps float64) int { panic("unreachable") }
