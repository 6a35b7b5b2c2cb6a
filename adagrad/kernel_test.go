package adagrad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVectorLoopSameBits checks that update, which uses the vector loop where
// the CPU has one, gives exactly the bits of the portable scalar loop,
// including the blocks the vector loop hands back (0/0 and overflow).
func TestVectorLoopSameBits(t *testing.T) {
	if !useAVX {
		t.Skip("no vector loop on this machine")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 1001} {
		for _, special := range []bool{false, true} {
			x, g, acc := make([]float64, n), make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], g[i], acc[i] = rng.NormFloat64()*10, rng.NormFloat64()*math.Pow(10, rng.Float64()*6-3), rng.Float64()
				if special && rng.IntN(5) == 0 {
					switch rng.IntN(3) {
					case 0: // 0/0 with a zero accumulator and epsilon
						g[i], acc[i] = 0, 0
					case 1: // -lr*g and acc overflow together
						g[i] = 1e200
					case 2:
						acc[i] = math.Inf(1)
					}
				}
			}
			for _, c := range []struct {
				eps    float64
				inside bool
			}{{0, false}, {1e-8, false}, {0, true}, {1e-7, true}} {
				eps := c.eps
				p := params{negLR: -0.05, eps: eps, inside: c.inside}
				x2, acc2 := append([]float64(nil), x...), append([]float64(nil), acc...)
				x1, acc1 := append([]float64(nil), x...), append([]float64(nil), acc...)
				update(x1, g, acc1, p)
				if p.inside {
					updateGeneral(x2, g, acc2, p)
				} else {
					updateScalar(x2, g, acc2, p)
				}
				for i := range x {
					if math.Float64bits(x1[i]) != math.Float64bits(x2[i]) || math.Float64bits(acc1[i]) != math.Float64bits(acc2[i]) {
						t.Fatalf("n=%d eps=%v inside=%v coordinate %d: vector x %v acc %v, scalar %v and %v", n, eps, c.inside, i, x1[i], acc1[i], x2[i], acc2[i])
					}
					if math.IsNaN(x1[i]) {
						t.Fatalf("coordinate %d became NaN", i)
					}
				}
			}
		}
	}
}

func TestFirstNonFinite(t *testing.T) {
	for n := 0; n < 10; n++ {
		g := make([]float64, n)
		if i := firstNonFinite(g); i != -1 {
			t.Fatalf("n=%d, all zero: %d", n, i)
		}
		for at := 0; at < n; at++ {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				g[at] = bad
				if i := firstNonFinite(g); i != at {
					t.Fatalf("n=%d, %v at %d: got %d", n, bad, at, i)
				}
				g[at] = math.MaxFloat64
			}
		}
	}
}
