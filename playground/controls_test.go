package playground

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// labels returns each control's name and label.
func labels(cs []*controls.Control) map[string]string {
	m := map[string]string{}
	for _, c := range cs {
		m[c.Name()] = c.Label(c.Pos())
	}
	return m
}

// expected runs Adagrad, from nothing but what the controls show beside
// them, and returns its final point.
func expected(t *testing.T, shown map[string]string) []float64 {
	t.Helper()
	num := func(name string) float64 {
		v, err := strconv.ParseFloat(shown[name], 64)
		if err != nil {
			t.Fatalf("%s shows %q: %v", name, shown[name], err)
		}
		return v
	}
	cfg := adagrad.Config{LearningRate: num("learning rate"), InitialAccumulator: num("initial accumulator"), Epsilon: num("epsilon")}
	switch shown["epsilon goes"] {
	case "inside the root":
		cfg.Like = adagrad.Keras
	case "outside the root":
	default:
		t.Fatalf("epsilon goes %q", shown["epsilon goes"])
	}
	start := []float64{num("start x0")}
	grad := func(g, x []float64) { g[0] = tutorial.CubicDeriv(x[0]) }
	if _, ok := shown["start y0"]; ok {
		start, grad = append(start, num("start y0")), tutorial.QuadraticGrad
	}
	tr, err := adagrad.Run(grad, start, cfg, int(num("steps")))
	if tr == nil {
		t.Fatal(err)
	}
	return tr.Points[len(tr.Points)-1]
}

// TestControls: the controls start at the tutorial's settings, and each
// move makes the readout end where adagrad.Run ends for the values the
// controls show.
func TestControls(t *testing.T) {
	one, err := NewOneVariable(96, 54)
	if err != nil {
		t.Fatal(err)
	}
	two, err := NewTwoVariables(96, 54)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		controls func() ([]*controls.Control, error)
		run      func() (Summary, error)
		start    string
		moves    map[string]int
	}{
		{"one variable", one.Controls, one.Run, "learning rate 0.05 · initial accumulator 0.1 · epsilon 1e-08 · epsilon goes outside the root · steps 1000 · start x0 -1",
			map[string]int{"learning rate": 60, "initial accumulator": 3, "epsilon": 10, "epsilon goes": 1, "steps": 4, "start x0": 44}},
		{"two variables", two.Controls, two.Run, "learning rate 0.05 · initial accumulator 0.1 · epsilon 1e-08 · epsilon goes outside the root · steps 1000 · start x0 1 · start y0 0",
			map[string]int{"learning rate": 54, "initial accumulator": 0, "epsilon": 9, "epsilon goes": 1, "steps": 12, "start x0": 0, "start y0": 50}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs, err := c.controls()
			if err != nil {
				t.Fatal(err)
			}
			line := make([]string, len(cs))
			for i, ctl := range cs {
				line[i] = ctl.String()
			}
			if got := strings.Join(line, " · "); got != c.start {
				t.Errorf("the controls start at\n%s\nwant the tutorial's\n%s", got, c.start)
			}
			for _, ctl := range cs {
				ctl.Set(c.moves[ctl.Name()])
				s, err := c.run()
				if err != nil {
					t.Fatal(err)
				}
				shown := labels(cs)
				if want := expected(t, shown); !same(s.Final, want) {
					t.Errorf("%s moved to %s: the run ends at %v, adagrad.Run at %v for %v", ctl.Name(), shown[ctl.Name()], s.Final, want, shown)
				}
			}
		})
	}
}

func same(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestControlsLike: the choice of where epsilon goes covers the tutorial's
// form and Keras's; a playground set to another form has no control for it
// and says so.
func TestControlsLike(t *testing.T) {
	s := Tutorial()
	s.Like = adagrad.PyTorch
	if _, err := s.Controls(); err == nil || !strings.Contains(err.Error(), `"epsilon goes"`) || !strings.Contains(err.Error(), "pytorch") {
		t.Errorf("Like PyTorch: %v, want an error naming the control and the form", err)
	}
	s.Like = adagrad.Keras
	cs, err := s.Controls()
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(cs)["epsilon goes"]; got != "inside the root" {
		t.Errorf("Like Keras shows %q", got)
	}
}
