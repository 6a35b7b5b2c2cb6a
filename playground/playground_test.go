package playground

import (
	"errors"
	"fmt"
	"image"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/internal/reference"
)

// rePoint finds the point and f in a readout or a caption: "x = v, f = w"
// or "(x, y) = (v, w), f = u".
var rePoint = regexp.MustCompile(`(?:x = (\S+)|\(x, y\) = \((\S+), (\S+)\)), f = ([^,;]+)`)

// shown reads the point and f from a readout or a caption.
func shown(t *testing.T, s string) (p []float64, f float64) {
	t.Helper()
	m := rePoint.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%q shows no point and f", s)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return v
	}
	if m[1] != "" {
		p = []float64{num(m[1])}
	} else {
		p = []float64{num(m[2]), num(m[3])}
	}
	return p, num(m[4])
}

// sixDigits reports whether got is want to six significant digits: within
// half a unit of want's sixth digit.
func sixDigits(got, want float64) bool {
	if want == 0 {
		return got == 0
	}
	unit := math.Pow(10, math.Floor(math.Log10(math.Abs(want)))-5)
	return math.Abs(got-want) <= unit/2*(1+1e-9)
}

// checkShown checks that s shows the point want and f(want), each to six
// significant digits.
func checkShown(t *testing.T, s string, want []float64, f float64) {
	t.Helper()
	p, fs := shown(t, s)
	ok := len(p) == len(want) && sixDigits(fs, f)
	for k := range p {
		ok = ok && k < len(want) && sixDigits(p[k], want[k])
	}
	if !ok {
		t.Errorf("%q shows %v, f = %v; want %v, f = %v to six digits", s, p, fs, want, f)
	}
}

// firstWithin scans a reference run for the first point within Tolerance
// of the minimum.
func firstWithin(points [][]float64, minimum []float64) int {
	for i, p := range points {
		var d float64
		for k := range p {
			d += (p[k] - minimum[k]) * (p[k] - minimum[k])
		}
		if math.Sqrt(d) <= 1e-6 {
			return i
		}
	}
	return -1
}

// TestReadoutMatchesTheTutorial: with the tutorial's settings both
// playgrounds end where the tutorial's numpy code ends, and say so.
func TestReadoutMatchesTheTutorial(t *testing.T) {
	one, err := NewOneVariable(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	two, err := NewTwoVariables(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ref1 := reference.Must(t, "tutorial-1d.json")
	ref2 := reference.Must(t, "tutorial-2d.json")
	for _, c := range []struct {
		name string
		draw func() (image.Image, string, error)
		ref  reference.Run
		min  []float64
		f    func([]float64) float64
	}{
		{"one variable", one.Draw, ref1, []float64{-1 / math.Sqrt(3)}, func(p []float64) float64 { return p[0] - p[0]*p[0]*p[0] }},
		{"two variables", two.Draw, ref2, []float64{2, -1}, func(p []float64) float64 {
			x, y := p[0], p[1]
			return 2*x*x + 2*x*y + 2*y*y - 6*x
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			img, readout, err := c.draw()
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds().Dx() != 960 || img.Bounds().Dy() != 540 {
				t.Errorf("figure %v, want 960x540", img.Bounds())
			}
			if !strings.HasPrefix(readout, "after 1000 steps: ") {
				t.Errorf("readout %q, want it to start with the steps taken", readout)
			}
			checkShown(t, readout, c.ref.Final, c.f(c.ref.Final))
			if k := firstWithin(c.ref.Points, c.min); k >= 0 {
				if want := fmt.Sprintf("first within 1e-6 at step %d", k); !strings.HasSuffix(readout, want) {
					t.Errorf("readout %q, want it to end %q", readout, want)
				}
			} else if !strings.HasSuffix(readout, "not yet within 1e-6 of it") {
				t.Errorf("readout %q, want it to say the run is not within 1e-6", readout)
			}
		})
	}
}

// TestSummaryString: each kind of readout, on hand-made runs.
func TestSummaryString(t *testing.T) {
	sq := func(x []float64) float64 { return x[0] * x[0] }
	for _, c := range []struct {
		name   string
		points [][]float64
		err    error
		escape string
		want   string
	}{
		{"converges", [][]float64{{1}, {0.5}, {1e-7}, {0}}, nil, "",
			"after 3 steps: x = 0, f = 0, exactly at the minimum; first within 1e-6 at step 2"},
		{"on its way", [][]float64{{3}, {2.5}}, nil, "",
			"after 1 step: x = 2.5, f = 6.25, 2.5 from the minimum; not yet within 1e-6 of it"},
		{"to six digits", [][]float64{{1}, {0.1234567891}}, nil, "",
			"after 1 step: x = 0.123457, f = 0.0152416, 0.12 from the minimum; not yet within 1e-6 of it"},
		{"two coordinates", [][]float64{{3, 4}, {-1.23456789, 2.5e-7}}, nil, "",
			"after 1 step: (x, y) = (-1.23457, 2.5e-7), f = 1.52416, 1.2 from the minimum; not yet within 1e-6 of it"},
		{"large", [][]float64{{3}, {1088.0571573754403}}, nil, "",
			"after 1 step: x = 1088.06, f = 1.18387e+6, 1.1e+3 from the minimum; not yet within 1e-6 of it"},
		{"escapes", [][]float64{{3}, {4}}, nil, "it runs away",
			"diverged: after 1 step x = 4, f = 16; it runs away"},
		{"overflows", [][]float64{{3}, {1e200}}, errors.New("grad[0] = -Inf"), "",
			"diverged: the gradient overflowed at step 2; the last finite point: x = 1e+200, f = +Inf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Summarize(c.points, 3, c.err, sq, make([]float64, len(c.points[0])))
			s.Escaped = c.escape
			if got := s.String(); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			if s.Diverged() != (c.err != nil || c.escape != "") {
				t.Errorf("Diverged() = %v", s.Diverged())
			}
		})
	}
}

// TestOneVariableDiverges: past the hilltop the readout says diverged; with
// a learning rate of 10 the first step jumps there.
func TestOneVariableDiverges(t *testing.T) {
	p, err := NewOneVariable(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lr, x0 float64
	}{{0.05, 0.7}, {10, -1}} {
		p.LearningRate, p.X0 = c.lr, c.x0
		s, err := p.Run()
		if err != nil {
			t.Fatal(err)
		}
		_, readout, err := p.Draw()
		if err != nil {
			t.Fatal(err)
		}
		if !s.Diverged() || !strings.HasPrefix(readout, "diverged: ") || !strings.Contains(readout, "hilltop") {
			t.Errorf("lr %v from %v: %q, want a diverged readout naming the hilltop", c.lr, c.x0, readout)
		}
	}
	p.LearningRate, p.Steps = 0, 10
	if _, _, err := p.Draw(); err == nil || !strings.Contains(err.Error(), "LearningRate") {
		t.Errorf("a zero learning rate: %v, want adagrad's error naming it", err)
	}
}

// TestReplay: the frames run from the start to the end, each caption
// naming its step and the point there.
func TestReplay(t *testing.T) {
	p, err := NewTwoVariables(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ref := reference.Must(t, "tutorial-2d.json")
	n := p.Frames()
	if n != ReplayFrames {
		t.Fatalf("%d frames, want %d", n, ReplayFrames)
	}
	for _, c := range []struct{ frame, step int }{{0, 0}, {1, 1}, {n - 1, 1000}} {
		_, caption, err := p.Frame(c.frame)
		if err != nil {
			t.Fatal(err)
		}
		p := ref.Points[c.step]
		if want := fmt.Sprintf("step %d of 1000: ", c.step); !strings.HasPrefix(caption, want) {
			t.Errorf("frame %d: %q, want %q...", c.frame, caption, want)
		}
		x, y := p[0], p[1]
		checkShown(t, caption, p, 2*x*x+2*x*y+2*y*y-6*x)
	}
}

func TestReplaySteps(t *testing.T) {
	if got := fmt.Sprint(replaySteps(3, 120)); got != "[0 1 2 3]" {
		t.Errorf("a short run: %s, want every step", got)
	}
	if got := fmt.Sprint(replaySteps(1000, 1)); got != "[1000]" {
		t.Errorf("one frame: %s, want the last step", got)
	}
	// The first steps one by one, where Adagrad moves most.
	if got := fmt.Sprint(replaySteps(10000, 120)[:12]); got != "[0 1 2 3 4 5 6 7 8 9 10 11]" {
		t.Errorf("a long run starts %s, want every step", got)
	}
	for _, c := range []struct{ last, n int }{{1000, 120}, {10000, 120}, {121, 120}, {150, 120}, {5, 3}} {
		s := replaySteps(c.last, c.n)
		if len(s) != c.n || s[0] != 0 || s[len(s)-1] != c.last {
			t.Errorf("replaySteps(%d, %d) = %d steps from %d to %d", c.last, c.n, len(s), s[0], s[len(s)-1])
		}
		for i := 1; i < len(s); i++ {
			if s[i] <= s[i-1] {
				t.Errorf("replaySteps(%d, %d): step %d after %d", c.last, c.n, s[i], s[i-1])
			}
		}
	}
}
