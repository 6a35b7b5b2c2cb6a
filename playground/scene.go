package playground

import (
	"fmt"
	"image"
	"math"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// ReplayFrames is the most frames a replay shows.
const ReplayFrames = 120

// A function is what a playground runs Adagrad on, and how it draws it.
type function struct {
	dim     int // 1 or 2
	grad    func(g, x []float64)
	f       func(x []float64) float64
	minimum []float64
	// xy is where a point is drawn.
	xy func(p []float64) (x, y float64)
	// escaped, if not nil, says why a run that ended at final cannot come
	// back to the minimum, or returns "".
	escaped func(final []float64) string
}

// runKey is what a run depends on: the settings and the start.
type runKey struct {
	s     Settings
	start [2]float64 // x0, and y0 for two variables
}

// scene is what both playgrounds share: the figure's overlay, the function,
// the last run, and the methods that sliders.Panel and the web page call.
// state returns the playground's fields as they are now.
type scene struct {
	ov    *plotting.Overlay
	fn    function
	state func() runKey
	key   runKey
	last  *trajectory
}

// trajectory runs Adagrad for the current fields, again only if they
// changed since the last run.
func (s *scene) trajectory() (*trajectory, error) {
	k := s.state()
	if s.last != nil && s.key == k {
		return s.last, nil
	}
	tr, err := adagrad.Run(s.fn.grad, k.start[:s.fn.dim], k.s.Config(), k.s.Steps)
	if tr == nil {
		return nil, err // bad settings: nothing ran
	}
	t := newTrajectory(tr.Points, k.s.Steps, err, s.fn)
	if err == nil && s.fn.escaped != nil {
		t.sum.Escaped = s.fn.escaped(t.sum.Final)
	}
	s.key, s.last = k, t
	return t, nil
}

// Run runs Adagrad for the current fields (again only if they changed) and
// sums it up.
func (s *scene) Run() (Summary, error) {
	t, err := s.trajectory()
	if err != nil {
		return Summary{}, err
	}
	return t.sum, nil
}

// Draw returns the figure for the current fields and the readout.
func (s *scene) Draw() (image.Image, string, error) {
	t, err := s.trajectory()
	if err != nil {
		return nil, "", err
	}
	return t.draw(s.ov)
}

// Frames returns the number of frames of a replay of the current run.
func (s *scene) Frames() int {
	t, err := s.trajectory()
	if err != nil {
		return 0
	}
	return len(t.frames)
}

// Frame returns frame i of the replay: the path up to one step, the point
// there, and a caption naming the step.
func (s *scene) Frame(i int) (image.Image, string, error) {
	t, err := s.trajectory()
	if err != nil {
		return nil, "", err
	}
	return t.frame(s.ov, i)
}

// trajectory is a finished run, ready to draw and replay.
type trajectory struct {
	points [][]float64
	xs, ys []float64 // where the points are drawn
	f      func([]float64) float64
	sum    Summary
	frames []int // the steps a replay shows
}

func newTrajectory(points [][]float64, steps int, err error, fn function) *trajectory {
	t := &trajectory{points: points, f: fn.f, sum: Summarize(points, steps, err, fn.f, fn.minimum)}
	t.xs, t.ys = make([]float64, len(points)), make([]float64, len(points))
	for i, p := range points {
		t.xs[i], t.ys[i] = fn.xy(p)
	}
	t.frames = replaySteps(len(points)-1, ReplayFrames)
	return t
}

func (t *trajectory) draw(ov *plotting.Overlay) (image.Image, string, error) {
	return ov.Path(t.xs, t.ys), t.sum.String(), nil
}

// frame draws replay frame i: the path up to its step, the point there.
func (t *trajectory) frame(ov *plotting.Overlay, i int) (image.Image, string, error) {
	if len(t.frames) == 0 {
		return nil, "", fmt.Errorf("playground: no run to replay")
	}
	step := t.frames[max(0, min(i, len(t.frames)-1))]
	p := t.points[step]
	caption := fmt.Sprintf("step %d of %d: %s, f = %s", step, len(t.points)-1, Point(p), short(t.f(p), digits))
	return ov.Path(t.xs[:step+1], t.ys[:step+1]), caption, nil
}

// replaySteps returns at most n steps from 0 to last for a replay: every
// step at first, where Adagrad moves most, then further and further apart,
// always ending on last.
func replaySteps(last, n int) []int {
	if last < 0 || n < 1 {
		return nil
	}
	if last+1 <= n {
		s := make([]int, last+1)
		for i := range s {
			s[i] = i
		}
		return s
	}
	if n == 1 {
		return []int{last}
	}
	s := make([]int, n)
	for k := 1; k < n; k++ {
		g := int(math.Round(math.Pow(float64(last+1), float64(k)/float64(n-1)))) - 1
		// Strictly growing, leaving room for the frames still to come.
		s[k] = min(max(s[k-1]+1, g), last-(n-1-k))
	}
	return s
}
