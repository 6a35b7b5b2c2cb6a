package tutorial

import (
	"math"
	"testing"
)

func TestCubic(t *testing.T) {
	for _, c := range []struct{ x, f, df float64 }{
		{0, 0, 1},
		{-1, 0, -2},
		{2, -6, -11},
		{0.5, 0.375, 0.25},
	} {
		if got := Cubic(c.x); got != c.f {
			t.Errorf("Cubic(%v) = %v, want %v", c.x, got, c.f)
		}
		if got := CubicDeriv(c.x); got != c.df {
			t.Errorf("CubicDeriv(%v) = %v, want %v", c.x, got, c.df)
		}
	}
	if d := CubicDeriv(CubicMinX); math.Abs(d) > 1e-15 {
		t.Errorf("CubicDeriv(CubicMinX) = %v, want 0", d)
	}
}

func TestQuadratic(t *testing.T) {
	g := make([]float64, 2)
	QuadraticGrad(g, QuadraticMin[:])
	if g[0] != 0 || g[1] != 0 {
		t.Errorf("gradient at the minimum = %v, want 0", g)
	}
	if f := Quadratic(QuadraticMin[0], QuadraticMin[1]); f != -6 {
		t.Errorf("Quadratic at the minimum = %v, want -6", f)
	}
	QuadraticGrad(g, QuadraticStart[:])
	if g[0] != -2 || g[1] != 2 {
		t.Errorf("gradient at the start = %v, want [-2 2]", g)
	}
	if f := Quadratic(1, 1); f != 0 {
		t.Errorf("Quadratic(1, 1) = %v, want 0", f)
	}
}
