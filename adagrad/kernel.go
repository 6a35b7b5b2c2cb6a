package adagrad

import "math"

// params are the per-step constants of the update.
type params struct {
	negLR  float64 // -lr_t; the tutorial negates the rate before multiplying
	eps    float64
	wd     float64
	inside bool
}

// update applies one Adagrad step to x and acc in place. It is the hot loop:
// no allocation, bounds checks hoisted, and every product that meets an add
// converted to float64 so it is rounded on its own, as numpy does.
func update(x, g, acc []float64, p params) {
	if p.wd != 0 {
		updateGeneral(x, g, acc, p)
		return
	}
	if useAVX {
		for len(x) >= 4 {
			k := updateAVX(x, g, acc, p.negLR, p.eps, p.inside)
			x, g, acc = x[k:], g[k:], acc[k:]
			if len(x) < 4 {
				break
			}
			// The vector loop stops before a block of four with a NaN step
			// (0/0 or Inf/Inf); the scalar loop handles those cases.
			tail(x[:4], g[:4], acc[:4], p)
			x, g, acc = x[4:], g[4:], acc[4:]
		}
	}
	tail(x, g, acc, p)
}

// tail steps the coordinates the vector loop leaves to scalar code.
func tail(x, g, acc []float64, p params) {
	if p.inside {
		updateGeneral(x, g, acc, p)
	} else {
		updateScalar(x, g, acc, p)
	}
}

// updateScalar is update one coordinate at a time, in portable Go.
func updateScalar(x, g, acc []float64, p params) {
	g = g[:len(x)]
	acc = acc[:len(x)]
	negLR, eps := p.negLR, p.eps
	for i, xi := range x {
		gi := g[i]
		a := acc[i] + float64(gi*gi)
		acc[i] = a
		d := math.Sqrt(a) + eps
		if d != 0 { // d is 0 only when acc and eps are: no step, not 0/0
			u := negLR * gi / d
			if u != u {
				u = overflowed(negLR, gi, d)
			}
			x[i] = xi + u
		}
	}
}

// updateGeneral is update with weight decay or epsilon under the root.
func updateGeneral(x, g, acc []float64, p params) {
	g = g[:len(x)]
	acc = acc[:len(x)]
	for i, xi := range x {
		gi := g[i]
		if p.wd != 0 {
			gi += float64(p.wd * xi)
		}
		a := acc[i] + float64(gi*gi)
		acc[i] = a
		var d float64
		if p.inside {
			d = math.Sqrt(a + p.eps)
		} else {
			d = math.Sqrt(a) + p.eps
		}
		if d != 0 {
			u := p.negLR * gi / d
			if u != u {
				u = overflowed(p.negLR, gi, d)
			}
			x[i] = xi + u
		}
	}
}

// overflowed is the step when -lr*g overflowed and acc did too, so that
// the update is Inf/Inf. Dividing first keeps the step finite; if even that
// fails (an infinite decayed gradient), the coordinate does not move.
//
//go:noinline
func overflowed(negLR, g, d float64) float64 {
	if u := negLR * (g / d); u == u {
		return u
	}
	return 0
}

// firstNonFinite returns the index of the first NaN or Inf in g, or -1.
func firstNonFinite(g []float64) int {
	// v*0 is 0 for finite v and NaN otherwise; four sums keep the adds
	// independent so the scan runs at memory speed.
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(g); i += 4 {
		s0 += g[i] * 0
		s1 += g[i+1] * 0
		s2 += g[i+2] * 0
		s3 += g[i+3] * 0
	}
	for ; i < len(g); i++ {
		s0 += g[i] * 0
	}
	if s0+s1+s2+s3 == 0 {
		return -1
	}
	for i, v := range g {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return i
		}
	}
	return -1
}
