//go:build !amd64

package main

func floorVector(x, g, acc []float64) { floorLoop(x, g, acc) }
