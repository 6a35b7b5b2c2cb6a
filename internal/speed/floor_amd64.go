package main

import "golang.org/x/sys/cpu"

//go:noescape
func floorAVX(x, g, acc []float64)

// floorVector is floorLoop four coordinates at a time, where AVX is.
func floorVector(x, g, acc []float64) {
	if !cpu.X86.HasAVX {
		floorLoop(x, g, acc)
		return
	}
	k := len(x) &^ 3
	floorAVX(x[:k], g[:k], acc[:k])
	floorLoop(x[k:], g[k:len(x)], acc[k:len(x)])
}
