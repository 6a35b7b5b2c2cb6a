package playground

import (
	"fmt"
	"image"
	"math"

	"github.com/gonb-tutorials/optimizers/plotting"
)

// ReplayFrames is the most frames a replay shows.
const ReplayFrames = 120

// scene is what both playgrounds share: the figure's overlay and the
// methods that display.Panel calls. compute runs Adagrad for the
// playground's current fields, again only if they changed.
type scene struct {
	ov      *plotting.Overlay
	compute func() (*trajectory, error)
}

// Run runs Adagrad for the current fields (again only if they changed) and
// sums it up.
func (s *scene) Run() (Summary, error) {
	t, err := s.compute()
	if err != nil {
		return Summary{}, err
	}
	return t.sum, nil
}

// Draw returns the figure for the current fields and the readout.
func (s *scene) Draw() (image.Image, string, error) {
	t, err := s.compute()
	if err != nil {
		return nil, "", err
	}
	return t.draw(s.ov)
}

// Frames returns the number of frames of a replay of the current run.
func (s *scene) Frames() int {
	t, err := s.compute()
	if err != nil {
		return 0
	}
	return len(t.frames)
}

// Frame returns frame i of the replay: the path up to one step, the point
// there, and a caption naming the step.
func (s *scene) Frame(i int) (image.Image, string, error) {
	t, err := s.compute()
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

func newTrajectory(points [][]float64, steps int, err error, f func([]float64) float64, minimum []float64, xy func(p []float64) (x, y float64)) *trajectory {
	t := &trajectory{points: points, f: f, sum: Summarize(points, steps, err, f, minimum)}
	t.xs, t.ys = make([]float64, len(points)), make([]float64, len(points))
	for i, p := range points {
		t.xs[i], t.ys[i] = xy(p)
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
	caption := fmt.Sprintf("step %d of %d: %s, f = %s", step, len(t.points)-1, Point(p), short(t.f(p), 4))
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
