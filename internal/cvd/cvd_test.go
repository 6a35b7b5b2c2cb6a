package cvd

import (
	"image/color"
	"math"
	"testing"
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 255} }

// TestSimulateAsPublished: the simulated colours of the sRGB primaries and
// secondaries are those Chrome's DevTools vision-deficiency emulation
// (Machado et al. 2009 at full severity) gives, as the Unicolour library's
// tests record them (VisionDeficiencyTests.cs), within 1 level (2 for
// tritanopia, as there); black and white stay themselves.
func TestSimulateAsPublished(t *testing.T) {
	red, yellow, green, cyan, blue, magenta := rgb(255, 0, 0), rgb(255, 255, 0), rgb(0, 255, 0), rgb(0, 255, 255), rgb(0, 0, 255), rgb(255, 0, 255)
	for _, tc := range []struct {
		d    Deficiency
		in   color.RGBA
		want color.RGBA
	}{
		{Protanopia, red, rgb(109, 95, 0)},
		{Protanopia, yellow, rgb(255, 244, 0)},
		{Protanopia, green, rgb(255, 229, 0)},
		{Protanopia, cyan, rgb(237, 242, 255)},
		{Protanopia, blue, rgb(0, 88, 255)},
		{Protanopia, magenta, rgb(0, 128, 255)},
		{Deuteranopia, red, rgb(163, 144, 0)},
		{Deuteranopia, yellow, rgb(255, 250, 50)},
		{Deuteranopia, green, rgb(239, 214, 59)},
		{Deuteranopia, cyan, rgb(208, 221, 255)},
		{Deuteranopia, blue, rgb(0, 61, 251)},
		{Deuteranopia, magenta, rgb(104, 155, 250)},
		{Tritanopia, red, rgb(255, 0, 13)},
		{Tritanopia, yellow, rgb(255, 238, 217)},
		{Tritanopia, green, rgb(0, 247, 216)},
		{Tritanopia, cyan, rgb(0, 255, 255)},
		{Tritanopia, blue, rgb(0, 108, 150)},
		{Tritanopia, magenta, rgb(255, 75, 151)},
		{Protanopia, rgb(0, 0, 0), rgb(0, 0, 0)},
		{Deuteranopia, rgb(255, 255, 255), rgb(255, 255, 255)},
		{Tritanopia, rgb(255, 255, 255), rgb(255, 255, 255)},
	} {
		tol := 1
		if tc.d == Tritanopia {
			tol = 2
		}
		got := Simulate(tc.in, tc.d)
		far := func(a, b uint8) bool { return int(a)-int(b) > tol || int(b)-int(a) > tol }
		if far(got.R, tc.want.R) || far(got.G, tc.want.G) || far(got.B, tc.want.B) {
			t.Errorf("%v of %v = %v, published %v", tc.d, tc.in, got, tc.want)
		}
	}
}

// TestMatricesKeepGreys: each matrix row sums to 1 (Machado's matrices map
// white to white, and so every grey to itself), which catches a mistyped
// digit.
func TestMatricesKeepGreys(t *testing.T) {
	for d, m := range machado {
		for i, row := range m {
			if s := row[0] + row[1] + row[2]; math.Abs(s-1) > 2e-6 {
				t.Errorf("%v: row %d sums to %v", Deficiency(d), i, s)
			}
		}
	}
}

// TestDeltaE: CIELAB values of the sRGB primaries as published (Lindbloom's
// calculator, D65), and ΔE76 as the distance between them.
func TestDeltaE(t *testing.T) {
	for _, tc := range []struct {
		c    color.RGBA
		want [3]float64
	}{
		{rgb(255, 255, 255), [3]float64{100, 0, 0}},
		{rgb(255, 0, 0), [3]float64{53.24, 80.09, 67.20}},
		{rgb(0, 255, 0), [3]float64{87.73, -86.18, 83.18}},
		{rgb(0, 0, 255), [3]float64{32.30, 79.19, -107.86}},
		{rgb(128, 128, 128), [3]float64{53.59, 0, 0}},
	} {
		got := lab(simulateLinear(tc.c, Normal))
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 0.02 {
				t.Errorf("Lab of %v = %.2f, published %.2f", tc.c, got, tc.want)
				break
			}
		}
	}
	// Red to blue: the distance between their published Lab values.
	want := math.Sqrt(math.Pow(53.24-32.30, 2) + math.Pow(80.09-79.19, 2) + math.Pow(67.20+107.86, 2))
	if got := DeltaE(rgb(255, 0, 0), rgb(0, 0, 255), Normal); math.Abs(got-want) > 0.05 {
		t.Errorf("ΔE(red, blue) = %.2f, want %.2f", got, want)
	}
}

// TestThresholdSeparates: the pairs readers reported confused, matplotlib's
// orange and green and its blue and purple, fall below MinDistinct; the
// closest pair of Okabe and Ito's palette (without its yellow, too light
// for a line on white) stays above it.
func TestThresholdSeparates(t *testing.T) {
	c0, c1, c2, c4 := rgb(31, 119, 180), rgb(255, 127, 14), rgb(44, 160, 44), rgb(148, 103, 189)
	for _, p := range [][2]color.RGBA{{c1, c2}, {c0, c4}} {
		if got := Closest([]color.Color{p[0], p[1]}); got.DeltaE >= MinDistinct {
			t.Errorf("%v and %v: closest ΔE %.1f (%v), want below %v", p[0], p[1], got.DeltaE, got.Deficiency, MinDistinct)
		}
	}
	okabeIto := []color.Color{rgb(0, 0, 0), rgb(230, 159, 0), rgb(86, 180, 233), rgb(0, 158, 115), rgb(0, 114, 178), rgb(213, 94, 0), rgb(204, 121, 167)}
	if got := Closest(okabeIto); got.DeltaE < MinDistinct {
		t.Errorf("Okabe–Ito: %v and %v are ΔE %.1f apart under %v, below %v", got.A, got.B, got.DeltaE, got.Deficiency, MinDistinct)
	} else {
		t.Logf("Okabe–Ito's closest pair: %v and %v, ΔE %.1f under %v", got.A, got.B, got.DeltaE, got.Deficiency)
	}
}

// TestClosestUnderEachDeficiency: Closest finds the pair a reader of each
// deficiency confuses most, even when the others do not: an orange and a
// green for protanopia, a red-brown and an olive for deuteranopia, a blue
// and a bluish green for tritanopia.
func TestClosestUnderEachDeficiency(t *testing.T) {
	for _, c := range []struct {
		a, b color.RGBA
		d    Deficiency
	}{
		{rgb(0, 114, 178), rgb(0, 158, 115), Tritanopia}, // Okabe–Ito blue and bluish green
		{rgb(255, 127, 14), rgb(44, 160, 44), Protanopia},
		{rgb(205, 90, 60), rgb(110, 130, 40), Deuteranopia},
	} {
		p := Closest([]color.Color{c.a, c.b})
		if p.Deficiency != c.d {
			t.Errorf("%v and %v: closest under %v (ΔE %.1f), want %v", c.a, c.b, p.Deficiency, p.DeltaE, c.d)
		}
		if n := DeltaE(c.a, c.b, Normal); p.DeltaE >= n/2 {
			t.Errorf("%v and %v: ΔE %.1f under %v, %.1f for normal vision; want a confusion", c.a, c.b, p.DeltaE, p.Deficiency, n)
		}
	}
}
