package controls

import (
	"strings"
	"testing"
)

// TestSliderStartsOnANotch: a slider starts at the position nearest its
// variable, and the variable moves to that position's value, so that the
// value shown beside the slider is the value used.
func TestSliderStartsOnANotch(t *testing.T) {
	for _, c := range []struct {
		name  string
		scale Scale
		v     float64
		pos   int
		want  float64
	}{
		{"between notches, nearer the upper", LinearScale{Min: 0, Max: 1, Steps: 10}, 0.26, 3, 0.3},
		{"between notches, nearer the lower", LinearScale{Min: 0, Max: 1, Steps: 10}, 0.24, 2, 0.2},
		{"below the range", LinearScale{Min: 0, Max: 1, Steps: 10}, -5, 0, 0},
		{"in ratio on a log scale", LogScale{Min: 1, Max: 10000, PerDecade: 3}, 3.3, 2, 5},
		{"on a notch", LogScale{Min: 0.001, Max: 10, PerDecade: 20}, 0.05, 34, 0.05},
	} {
		v := c.v
		s, err := Slider("x", c.scale, &v)
		if err != nil {
			t.Fatal(err)
		}
		if s.Pos() != c.pos || v != c.want || s.Label(s.Pos()) != label(c.want) {
			t.Errorf("%s: %v starts at position %d (%s) with the variable %v; want %d and %v", c.name, c.v, s.Pos(), s.Label(s.Pos()), v, c.pos, c.want)
		}
	}
	n := 3
	s, err := IntSlider("steps", LogScale{Min: 1, Max: 10000, PerDecade: 3}, &n)
	if err != nil {
		t.Fatal(err)
	}
	if s.Pos() != 1 || n != 2 {
		t.Errorf("IntSlider from 3: position %d, variable %d; want 1 and 2 (nearer 2 than 5 in ratio)", s.Pos(), n)
	}
}

// TestSet: moving a control sets its variable to the value shown; a
// position out of range is clamped, never past the last.
func TestSet(t *testing.T) {
	v := 0.0
	s, err := Slider("a", LinearScale{Min: 0, Max: 10, Steps: 10}, &v)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pos, want int
		moved     bool
	}{{7, 7, true}, {7, 7, false}, {11, 10, true}, {1 << 40, 10, false}, {-1, 0, true}, {10, 10, true}} {
		if moved := s.Set(c.pos); moved != c.moved || s.Pos() != c.want || v != float64(c.want) || s.String() != "a "+label(float64(c.want)) {
			t.Errorf("Set(%d): moved %v, at %d, variable %v, %q; want moved %v, at %d", c.pos, moved, s.Pos(), v, s, c.moved, c.want)
		}
	}
	if s.Label(99) != "10" || s.Label(-3) != "0" || s.Len() != 11 || !s.Slider() {
		t.Errorf("Label(99) %q, Label(-3) %q, Len %d, Slider %v", s.Label(99), s.Label(-3), s.Len(), s.Slider())
	}

	n := 0
	steps, err := IntSlider("steps", LinearScale{Min: 0, Max: 1, Steps: 4}, &n)
	if err != nil {
		t.Fatal(err)
	}
	for pos, want := range []int{0, 0, 1, 1, 1} { // 0, 0.25, 0.5 (half away from 0), 0.75, 1
		steps.Set(pos)
		if n != want {
			t.Errorf("IntSlider at %s sets %d, want %d", steps.Label(pos), n, want)
		}
	}
}

func TestChoice(t *testing.T) {
	type form uint8
	f := form(2)
	c, err := Choice("form", &f, []string{"a", "b", "c"}, []form{7, 2, 5})
	if err != nil {
		t.Fatal(err)
	}
	if c.Pos() != 1 || c.Slider() || c.String() != "form b" {
		t.Errorf("starts at %d (%q), slider %v; want the option whose value the variable holds", c.Pos(), c, c.Slider())
	}
	c.Set(2)
	if f != 5 {
		t.Errorf("option c set %v, want 5", f)
	}
	c.Set(3)
	if f != 5 || c.Pos() != 2 {
		t.Errorf("Set(3) of 3 options: at %d, variable %v", c.Pos(), f)
	}
	on := true
	sw, err := Switch("on", "off", "on", &on)
	if err != nil {
		t.Fatal(err)
	}
	if sw.Pos() != 1 || sw.Label(0) != "off" {
		t.Errorf("a switch on starts at %d, option 0 %q", sw.Pos(), sw.Label(0))
	}
	sw.Set(0)
	if on {
		t.Error("the switch's off left the variable true")
	}
}

func TestControlErrors(t *testing.T) {
	var v float64
	var n int
	var f uint8 = 9
	for _, c := range []struct {
		name string
		err  func() error
		want string
	}{
		{"bad scale", func() error {
			_, err := Slider("learning rate", LogScale{Min: 1, Max: 7, PerDecade: 3}, &v)
			return err
		},
			`controls: control "learning rate": LogScale.Max = 7`},
		{"nil scale", func() error { _, err := Slider("a", nil, &v); return err }, `control "a": nil Scale`},
		{"empty scale", func() error { _, err := IntSlider("a", noValues{}, &n); return err }, `control "a": the scale has no values`},
		{"nil variable", func() error { _, err := IntSlider("steps", LinearScale{Min: 0, Max: 1, Steps: 1}, nil); return err }, `control "steps": nil variable`},
		{"nil bool", func() error { _, err := Switch("on", "off", "on", nil); return err }, `control "on": nil variable`},
		{"value not an option", func() error { _, err := Choice("f", &f, []string{"a"}, []uint8{1}); return err }, `the variable holds 9, which is none`},
		{"options and values", func() error { _, err := Choice("f", &f, []string{"a", "b"}, []uint8{9}); return err }, `2 options for 1 values`},
	} {
		err := c.err()
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Count(err.Error(), "controls:") != 1 {
			t.Errorf("%s: %v, want an error saying %q, and controls: once", c.name, err, c.want)
		}
	}
}

type noValues struct{}

func (noValues) Values() ([]float64, error) { return nil, nil }
