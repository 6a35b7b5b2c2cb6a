package display

import (
	"math"
	"strings"
	"testing"
)

func TestLogScale(t *testing.T) {
	t.Run("1-2-5", func(t *testing.T) {
		s := LogScale(1, 10000, 3)
		want := []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}
		if s.Len() != len(want) {
			t.Fatalf("Len = %d, want %d", s.Len(), len(want))
		}
		for i, w := range want {
			if s.Value(i) != w {
				t.Errorf("Value(%d) = %v, want %v", i, s.Value(i), w)
			}
		}
	})
	t.Run("powers of ten", func(t *testing.T) {
		s := LogScale(1e-10, 1, 1)
		for i := range s.Len() {
			if want := math.Pow10(i - 10); s.Value(i) != want {
				t.Errorf("Value(%d) = %v, want %v", i, s.Value(i), want)
			}
		}
		if got := s.Label(s.Index(1e-8)); got != "1e-08" {
			t.Errorf("label of 1e-8 = %q", got)
		}
	})
	t.Run("learning rate", func(t *testing.T) {
		// 20 a decade from 0.001 to 10: within the 2-digit rounding of
		// 0.001·10^(k/20), increasing, and the tutorial's 0.05 on it.
		s := LogScale(0.001, 10, 20)
		if s.Len() != 81 {
			t.Fatalf("Len = %d, want 81", s.Len())
		}
		for k := range s.Len() {
			exact := 0.001 * math.Pow(10, float64(k)/20)
			if r := s.Value(k) / exact; r < 0.95 || r > 1.05 {
				t.Errorf("Value(%d) = %v, %.3f times 0.001·10^(%d/20)", k, s.Value(k), r, k)
			}
			if k > 0 && s.Value(k) <= s.Value(k-1) {
				t.Errorf("Value(%d) = %v not above Value(%d) = %v", k, s.Value(k), k-1, s.Value(k-1))
			}
			if len(strings.TrimLeft(strings.ReplaceAll(s.Label(k), ".", ""), "0")) > 2 {
				t.Errorf("Label(%d) = %q has more than two significant digits", k, s.Label(k))
			}
		}
		if v := s.Value(s.Index(0.05)); v != 0.05 {
			t.Errorf("nearest to 0.05 is %v", v)
		}
	})
}

func TestLinearScale(t *testing.T) {
	s := LinearScale(0, 10, 100)
	for i, want := range map[int]float64{0: 0, 1: 0.1, 3: 0.3, 7: 0.7, 100: 10} {
		if s.Value(i) != want {
			t.Errorf("Value(%d) = %v, want %v", i, s.Value(i), want)
		}
	}
	if s.Label(3) != "0.3" || s.Index(0.1) != 1 {
		t.Errorf("Label(3) = %q, Index(0.1) = %d", s.Label(3), s.Index(0.1))
	}
	x := LinearScale(-1.5, 1.5, 60)
	if v := x.Value(x.Index(-1)); v != -1 {
		t.Errorf("the start -1 maps to %v", v)
	}
}

func TestScaleIndex(t *testing.T) {
	log := LogScale(1, 10000, 3)
	lin := LinearScale(0, 10, 10)
	for _, c := range []struct {
		name string
		s    Scale
		v    float64
		want int
	}{
		{"log, nearer 5 in ratio though nearer 2 in difference", log, 3.3, 2},
		{"log, nearer 2 in ratio", log, 3, 1},
		{"log, below the range", log, 0.1, 0},
		{"log, above the range", log, 1e9, 12},
		{"log, NaN", log, math.NaN(), 0},
		{"linear, exact", lin, 7, 7},
		{"linear, halfway goes down", lin, 2.5, 2},
		{"linear, nearer 3", lin, 2.6, 3},
		{"linear, below", lin, -4, 0},
		{"linear, above", lin, 40, 10},
	} {
		if got := c.s.Index(c.v); got != c.want {
			t.Errorf("%s: Index(%v) = %d (value %v), want %d", c.name, c.v, got, c.s.Value(got), c.want)
		}
	}
	if got := lin.Value(-3); got != 0 {
		t.Errorf("Value(-3) = %v, want the first value", got)
	}
}

func TestScaleErrors(t *testing.T) {
	for _, c := range []struct {
		s    Scale
		want string
	}{
		{LogScale(0, 1, 3), "0 < min < max"},
		{LogScale(2, 1, 3), "0 < min < max"},
		{LogScale(1, 7, 3), "whole number"},
		{LogScale(1, 10, 0), "perDecade = 0"},
		{LogScale(math.NaN(), 10, 3), "finite"},
		{LinearScale(1, 1, 3), "min < max"},
		{LinearScale(0, 1, 0), "steps = 0"},
		{LinearScale(0, math.Inf(1), 3), "finite"},
		{LinearScale(0, 1, 1e6), "steps = 1000000"},
	} {
		if err := c.s.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one saying %q", err, c.want)
		}
		if c.s.Len() != 0 {
			t.Errorf("a bad scale has %d positions", c.s.Len())
		}
	}
	p := &Panel{}
	var v float64
	p.Slider("learning rate", LogScale(1, 7, 3), &v)
	if err := p.Run(nil); err == nil || !strings.Contains(err.Error(), `"learning rate"`) || strings.Count(err.Error(), "display:") != 1 {
		t.Errorf("Run after a bad scale: %v, want one error naming the control, saying display: once", err)
	}
}
