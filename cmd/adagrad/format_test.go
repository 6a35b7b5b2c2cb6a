package main

import (
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/plotting"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		w, h int
		ok   bool
	}{
		{"960x540", 960, 540, true}, {"1920X1080", 1920, 1080, true}, {"16x8192", 16, 8192, true},
		{"15x100", 0, 0, false}, {"100x8193", 0, 0, false}, {"960", 0, 0, false}, {"ax5", 0, 0, false}, {"", 0, 0, false}, {"-20x-20", 0, 0, false},
	} {
		w, h, err := parseSize(c.in)
		if (err == nil) != c.ok || w != c.w || h != c.h {
			t.Errorf("parseSize(%q) = %d, %d, %v", c.in, w, h, err)
		}
	}
}

// TestSizeLimitsArePlottings: the sizes parseSize accepts are those
// plotting draws at one pixel per layout pixel, and no others.
func TestSizeLimitsArePlottings(t *testing.T) {
	for _, c := range []struct {
		w, h int
		ok   bool
	}{{minSide, minSide, true}, {maxSide, minSide, true}, {minSide - 1, 100, false}, {100, maxSide + 1, false}} {
		_, err := plotting.Chart(plotting.ChartOptions{Width: c.w, Height: c.h, Scale: 1}, plotting.Series{Y: []float64{1, 2}})
		if (err == nil) != c.ok {
			t.Errorf("plotting at %dx%d: %v; want ok %v", c.w, c.h, err, c.ok)
		}
	}
}

func TestSci(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{1.1102230246251565e-16, "1.1×10⁻¹⁶"}, {1e-5, "10⁻⁵"}, {2.5, "2.5"}, {-3e12, "−3.0×10¹²"},
	} {
		if got := sci(c.v, 2); got != c.want {
			t.Errorf("sci(%v, 2) = %q, want %q", c.v, got, c.want)
		}
	}
	if strings.Contains(sci(-0.5, 2), "-") {
		t.Error("a hyphen for the minus sign")
	}
}
