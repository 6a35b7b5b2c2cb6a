// Package tutorial holds the two functions the Adagrad tutorial minimizes,
// with their derivatives and minima, so that the command, the figures and the
// tests all use one definition.
//
// The derivatives are written so that no multiply and add are fused into an
// FMA: with them, Adagrad reproduces the tutorial's numpy numbers bit for bit
// on every architecture.
package tutorial
