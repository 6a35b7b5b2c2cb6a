package controls

import (
	"math"
	"strings"
	"testing"
)

func values(t *testing.T, s Scale) []float64 {
	t.Helper()
	v, err := s.Values()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLogScale(t *testing.T) {
	t.Run("1-2-5", func(t *testing.T) {
		got := values(t, LogScale{Min: 1, Max: 10000, PerDecade: 3})
		want := []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}
		if len(got) != len(want) {
			t.Fatalf("%d values, want %d", len(got), len(want))
		}
		for i, w := range want {
			if got[i] != w {
				t.Errorf("value %d = %v, want %v", i, got[i], w)
			}
		}
	})
	t.Run("powers of ten", func(t *testing.T) {
		got := values(t, LogScale{Min: 1e-10, Max: 1, PerDecade: 1})
		for i, v := range got {
			if want := math.Pow10(i - 10); v != want {
				t.Errorf("value %d = %v, want %v", i, v, want)
			}
		}
		if got := label(got[2]); got != "1e-08" {
			t.Errorf("label of 1e-8 = %q", got)
		}
	})
	t.Run("learning rate", func(t *testing.T) {
		// 20 a decade from 0.001 to 10: within the 2-digit rounding of
		// 0.001·10^(k/20), increasing, and the tutorial's 0.05 on it.
		got := values(t, LogScale{Min: 0.001, Max: 10, PerDecade: 20})
		if len(got) != 81 {
			t.Fatalf("%d values, want 81", len(got))
		}
		for k, v := range got {
			exact := 0.001 * math.Pow(10, float64(k)/20)
			if r := v / exact; r < 0.95 || r > 1.05 {
				t.Errorf("value %d = %v, %.3f times 0.001·10^(%d/20)", k, v, r, k)
			}
			if k > 0 && v <= got[k-1] {
				t.Errorf("value %d = %v not above value %d = %v", k, v, k-1, got[k-1])
			}
			if digits := strings.TrimLeft(strings.ReplaceAll(label(v), ".", ""), "0"); len(digits) > 2 {
				t.Errorf("value %d = %s has more than two significant digits", k, label(v))
			}
		}
		if i := nearest(got, 0.05, true); got[i] != 0.05 {
			t.Errorf("nearest to 0.05 is %v", got[i])
		}
	})
}

// TestLinearScale: equal steps land on short decimals: 0.1·3 is 0.3, not
// 0.30000000000000004, as shown and as used.
func TestLinearScale(t *testing.T) {
	got := values(t, LinearScale{Min: 0, Max: 10, Steps: 100})
	for i, want := range map[int]float64{0: 0, 1: 0.1, 3: 0.3, 7: 0.7, 100: 10} {
		if got[i] != want {
			t.Errorf("value %d = %v, want %v", i, got[i], want)
		}
	}
	unit := values(t, LinearScale{Min: 0, Max: 1, Steps: 10})
	for i, want := range []string{"0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"} {
		if label(unit[i]) != want {
			t.Errorf("LinearScale{0, 1, 10} value %d shows %q, want %q", i, label(unit[i]), want)
		}
	}
	// The playground's start: -1.5 to 1.5 by 0.05, each the float64
	// nearest its two-decimal number (the exact sum -1.5 + 0.05·24 would
	// be -0.30000000000000004).
	x := values(t, LinearScale{Min: -1.5, Max: 1.5, Steps: 60})
	for i, v := range x {
		if want := float64(-150+5*i) / 100; v != want {
			t.Errorf("LinearScale{-1.5, 1.5, 60} value %d = %v, want %v", i, v, want)
		}
	}
	if v := x[nearest(x, -1, false)]; v != -1 {
		t.Errorf("the start -1 maps to %v", v)
	}
}

func TestNearest(t *testing.T) {
	log := []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}
	lin, _ := LinearScale{Min: 0, Max: 10, Steps: 10}.Values()
	for _, c := range []struct {
		name  string
		v     []float64
		ratio bool
		x     float64
		want  int
	}{
		{"log, nearer 5 in ratio though nearer 2 in difference", log, true, 3.3, 2},
		{"log, nearer 2 in ratio", log, true, 3, 1},
		{"the same values in difference", log, false, 3.3, 1},
		{"log, below the range", log, true, 0.1, 0},
		{"log, above the range", log, true, 1e9, 12},
		{"log, NaN", log, true, math.NaN(), 0},
		{"linear, exact", lin, false, 7, 7},
		{"linear, halfway goes down", lin, false, 2.5, 2},
		{"linear, nearer 3", lin, false, 2.6, 3},
		{"linear, below", lin, false, -4, 0},
		{"linear, above", lin, false, 40, 10},
		{"linear, -Inf", lin, false, math.Inf(-1), 0},
	} {
		if got := nearest(c.v, c.x, c.ratio); got != c.want {
			t.Errorf("%s: nearest(%v) = %d (value %v), want %d", c.name, c.x, got, c.v[got], c.want)
		}
	}
}

// TestScaleLimits: the largest scales allowed give as many distinct,
// increasing values as they have positions, each within its rounding of
// the exact value: 10001 positions, and 1000 a decade, which takes five
// significant digits to tell apart.
func TestScaleLimits(t *testing.T) {
	for _, c := range []struct {
		name  string
		s     Scale
		n     int
		exact func(i int) float64
	}{
		{"10000 linear steps", LinearScale{Min: 0, Max: 1, Steps: 10000}, 10001, func(i int) float64 { return float64(i) / 10000 }},
		{"1000 a decade", LogScale{Min: 1, Max: 10, PerDecade: 1000}, 1001, func(i int) float64 { return math.Pow(10, float64(i)/1000) }},
		{"1000 a decade, two decades", LogScale{Min: 0.01, Max: 1, PerDecade: 1000}, 2001, func(i int) float64 { return 0.01 * math.Pow(10, float64(i)/1000) }},
	} {
		got := values(t, c.s)
		if len(got) != c.n {
			t.Errorf("%s: %d values, want %d", c.name, len(got), c.n)
			continue
		}
		for i, v := range got {
			if i > 0 && v <= got[i-1] {
				t.Errorf("%s: value %d = %v not above value %d = %v", c.name, i, v, i-1, got[i-1])
				break
			}
			if r := v / c.exact(i); i > 0 && math.Abs(r-1) > 1e-3 {
				t.Errorf("%s: value %d = %v, %v times the exact value", c.name, i, v, r)
				break
			}
		}
	}
}

func TestScaleErrors(t *testing.T) {
	for _, c := range []struct {
		s    Scale
		want string
	}{
		{LogScale{Min: 0, Max: 1, PerDecade: 3}, "LogScale.Min = 0, Max = 1: want finite 0 < Min < Max"},
		{LogScale{Min: 2, Max: 1, PerDecade: 3}, "0 < Min < Max"},
		{LogScale{Min: 1, Max: 7, PerDecade: 3}, "LogScale.Max = 7: want Min = 1 times a whole number"},
		{LogScale{Min: 1, Max: 10}, "LogScale.PerDecade = 0"},
		{LogScale{Min: math.NaN(), Max: 10, PerDecade: 3}, "finite"},
		{LinearScale{Min: 1, Max: 1, Steps: 3}, "LinearScale.Min = 1, Max = 1: want finite Min < Max"},
		{LinearScale{Min: 0, Max: 1}, "LinearScale.Steps = 0"},
		{LinearScale{Min: 0, Max: math.Inf(1), Steps: 3}, "finite"},
		{LinearScale{Min: 0, Max: 1, Steps: 1e6}, "LinearScale.Steps = 1000000: want 1..10000"},
		{LinearScale{Min: 0, Max: 1, Steps: 10001}, "LinearScale.Steps = 10001: want 1..10000"},
		{LogScale{Min: 1, Max: 10, PerDecade: 1001}, "LogScale.PerDecade = 1001: want 1..1000"},
	} {
		v, err := c.s.Values()
		if err == nil || !strings.HasPrefix(err.Error(), "controls: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%#v: error %v, want one saying %q", c.s, err, c.want)
		}
		if v != nil {
			t.Errorf("%#v: a bad scale gives %d values", c.s, len(v))
		}
	}
}
