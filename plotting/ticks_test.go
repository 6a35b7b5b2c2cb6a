package plotting

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The expected ticks below are matplotlib 3.6.3's, printed for these axis
// limits on the tutorial's figure (1920x1080 at 100 dpi, font.size 22;
// /usr/bin/python3 with Debian's python3-matplotlib).

func TestLinearTicksAsMatplotlib(t *testing.T) {
	n := tickSpace(1488/(100.0/72), fontSize, false)
	if m := tickSpace(831.6/(100.0/72), fontSize, true); n != 9 || m != 9 {
		t.Fatalf("tick space %d across, %d up; matplotlib's is 9 and 9", n, m)
	}
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{-5, 5, "−4 −2 0 2 4"},
		{0.15, 2.85, "0.5 1.0 1.5 2.0 2.5"},
		{-1.25, 0.25, "−1.2 −1.0 −0.8 −0.6 −0.4 −0.2 0.0 0.2"},
		{-50, 1050, "0 200 400 600 800 1000"},
		{-0.2, 4.2, "0.0 0.5 1.0 1.5 2.0 2.5 3.0 3.5 4.0"},
		{-6.2, 1.6, "−6 −5 −4 −3 −2 −1 0 1"},
		{0.37, 0.61, "0.40 0.45 0.50 0.55 0.60"},
	} {
		var got []string
		for _, tk := range linearTicks(c.lo, c.hi, n) {
			got = append(got, tk.label.s)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("[%v, %v]: ticks %q, matplotlib's %q", c.lo, c.hi, g, c.want)
		}
	}
}

// TestLogTicksAsMatplotlib: majors labelled 10^k where matplotlib puts
// them, with minor ticks at 2..9 times each power when every decade is
// labelled, or at the decades skipped when not (matplotlib draws none
// there); an axis with fewer than four powers labels 2 and 5 times them
// too, all in decimals.
func TestLogTicksAsMatplotlib(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		major  []int // exponents of the labelled powers of ten
		minor  int
	}{
		{3e-17, 3, []int{-15, -13, -11, -9, -7, -5, -3, -1}, 9},
		{6e-6, 1.8, []int{-5, -4, -3, -2, -1, 0}, 44},
		{0.45, 2100, []int{0, 1, 2, 3}, 30},
		{1e-7, 0.1, []int{-7, -6, -5, -4, -3, -2, -1}, 48},
	} {
		var major []int
		minor := 0
		for _, tk := range logTicks(c.lo, c.hi, 9) {
			if tk.minor {
				minor++
				continue
			}
			e := int(math.Round(math.Log10(tk.v)))
			if tk.label.s != "10" || tk.label.sup != minus(fmt.Sprint(e)) {
				t.Errorf("[%v, %v]: tick %v labelled %q^%q, want 10^%d", c.lo, c.hi, tk.v, tk.label.s, tk.label.sup, e)
			}
			major = append(major, e)
		}
		if fmt.Sprint(major) != fmt.Sprint(c.major) || minor != c.minor {
			t.Errorf("[%v, %v]: 10^%v and %d minor ticks; want 10^%v and %d", c.lo, c.hi, major, minor, c.major, c.minor)
		}
	}
	// Few decades: the values a reader needs, as decimals.
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{0.02, 30, "0.02 0.05 0.1 0.2 0.5 1 2 5 10 20"},
		{0.012, 3.6, "0.02 0.05 0.1 0.2 0.5 1 2"},
	} {
		var labels []string
		for _, tk := range logTicks(c.lo, c.hi, 9) {
			if !tk.label.empty() {
				labels = append(labels, tk.label.s)
			}
		}
		slices.SortFunc(labels, func(a, b string) int {
			x, _ := strconv.ParseFloat(a, 64)
			y, _ := strconv.ParseFloat(b, 64)
			return cmp.Compare(x, y)
		})
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("[%v, %v]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

// TestLog1pTicks: 0 and the powers of ten labelled, minor ticks between;
// on a short axis 2 and 5 labelled too.
func TestLog1pTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
		minor  int
	}{
		{-0.3, 1400, "0 1 10 100 1000", 24},
		{-0.1, 40, "0 1 2 5 10 20", 8},
		{-0.3, 400, "0 1 2 5 10 20 50 100 200", 14},
	} {
		var labels []string
		minor := 0
		for _, tk := range log1pTicks(c.lo, c.hi) {
			switch {
			case tk.minor:
				minor++
			case !tk.label.empty():
				labels = append(labels, tk.label.s)
			}
		}
		slices.SortFunc(labels, func(a, b string) int {
			x, _ := strconv.ParseFloat(a, 64)
			y, _ := strconv.ParseFloat(b, 64)
			return cmp.Compare(x, y)
		})
		if got := strings.Join(labels, " "); got != c.want || minor != c.minor {
			t.Errorf("[%v, %v]: labels %q and %d minor ticks, want %q and %d", c.lo, c.hi, got, minor, c.want, c.minor)
		}
	}
}

// TestLogMargins: a log axis leaves room below its lowest value (and above
// its highest), 5% of the span in decades, as matplotlib does, so that a
// line at the lowest value is not drawn on the bottom of the box.
func TestLogMargins(t *testing.T) {
	lo, hi := margins(1.11e-16, 0.42, true)
	span := math.Log10(0.42) - math.Log10(1.11e-16)
	if d := math.Log10(1.11e-16) - math.Log10(lo); math.Abs(d-0.05*span) > 1e-9 {
		t.Errorf("room below the floor: %.3f decades, want %.3f", d, 0.05*span)
	}
	if d := math.Log10(hi) - math.Log10(0.42); math.Abs(d-0.05*span) > 1e-9 {
		t.Errorf("room above the top: %.3f decades, want %.3f", d, 0.05*span)
	}
}

func TestTypeset(t *testing.T) {
	for in, want := range map[string]string{
		"from (-3, 3)":         "from (−3, 3)",
		"f(x) = x - x³":        "f(x) = x − x³",
		"y = -x, 1e-8":         "y = −x, 1e−8",
		"step-by-step, x-axis": "step-by-step, x-axis",
		"a -> b":               "a -> b",
		"[-1, 2] and -.5":      "[−1, 2] and −.5",
	} {
		if got := typeset(in); got != want {
			t.Errorf("typeset(%q) = %q, want %q", in, got, want)
		}
	}
}
