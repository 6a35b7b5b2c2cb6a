package playground

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Tolerance is how close to the minimum a run must come to count as there.
const Tolerance = 1e-6

// A Summary says where a run ended, for a one-line readout.
type Summary struct {
	Steps       int       // steps asked for
	Taken       int       // steps taken: fewer if the gradient overflowed
	Final       []float64 // the last point
	F           float64   // f at the last point
	Distance    float64   // from the last point to the minimum
	FirstWithin int       // the first step within Tolerance of the minimum, or -1
	// Overflow is why the run stopped early (adagrad.Run's error), or nil.
	Overflow error
	// Escaped, if not empty, says why the run is leaving for good: a point
	// from which Adagrad cannot come back to the minimum.
	Escaped string
}

// Summarize sums up a run of steps steps: its points (points[i] after i
// steps; fewer than steps+1 if the run stopped early with err), f, and the
// minimum it should reach.
func Summarize(points [][]float64, steps int, err error, f func([]float64) float64, minimum []float64) Summary {
	s := Summary{Steps: steps, Taken: len(points) - 1, FirstWithin: -1, Overflow: err}
	if len(points) == 0 {
		s.Taken = 0
		s.F, s.Distance = math.NaN(), math.NaN()
		return s
	}
	for i, p := range points {
		if distance(p, minimum) <= Tolerance {
			s.FirstWithin = i
			break
		}
	}
	s.Final = points[len(points)-1]
	s.F = f(s.Final)
	s.Distance = distance(s.Final, minimum)
	return s
}

func distance(p, q []float64) float64 {
	var d float64
	for i := range p {
		d += (p[i] - q[i]) * (p[i] - q[i])
	}
	return math.Sqrt(d)
}

// Diverged reports whether the run overflowed or escaped.
func (s Summary) Diverged() bool { return s.Overflow != nil || s.Escaped != "" }

// String is the readout, for example
//
//	after 1000 steps: x = -0.57735, f = -0.3849, 1.6e-15 from the minimum; first within 1e-6 at step 366
//
// The last point and f are written to six significant digits, the
// distance to two: the distance says how close the run came, however
// close, where more digits of the point would only repeat the minimum's.
func (s Summary) String() string {
	at := fmt.Sprintf("%s, f = %s", Point(s.Final), short(s.F, digits))
	switch {
	case s.Overflow != nil:
		return fmt.Sprintf("diverged: the gradient overflowed at step %d; the last finite point: %s", s.Taken+1, at)
	case s.Escaped != "":
		return fmt.Sprintf("diverged: after %s %s; %s", steps(s.Taken), at, s.Escaped)
	}
	line := fmt.Sprintf("after %s: %s, %s from the minimum; ", steps(s.Taken), at, short(s.Distance, 2))
	if s.Distance == 0 {
		line = fmt.Sprintf("after %s: %s, exactly at the minimum; ", steps(s.Taken), at)
	}
	if s.FirstWithin >= 0 {
		return line + fmt.Sprintf("first within %s at step %d", short(Tolerance, 1), s.FirstWithin)
	}
	return line + fmt.Sprintf("not yet within %s of it", short(Tolerance, 1))
}

// steps is "1 step" or "n steps".
func steps(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

// digits is the number of significant digits a readout gives the point
// and f.
const digits = 6

// Point writes a point as x = v or (x, y) = (v, w), each coordinate to six
// significant digits as strconv's 'g' format writes them, trailing zeros
// dropped: x = -0.57735, (x, y) = (1.9999, -0.999903).
func Point(p []float64) string {
	g := func(v float64) string { return short(v, digits) }
	switch len(p) {
	case 1:
		return "x = " + g(p[0])
	case 2:
		return fmt.Sprintf("(x, y) = (%s, %s)", g(p[0]), g(p[1]))
	}
	parts := make([]string, len(p))
	for i, v := range p {
		parts[i] = g(v)
	}
	return "x = (" + strings.Join(parts, ", ") + ")"
}

// short writes v to the given significant digits, exponents without
// padding: 1.6e-15, 1e-6, -0.3849.
func short(v float64, n int) string {
	s := strconv.FormatFloat(v, 'g', n, 64)
	s = strings.Replace(s, "e-0", "e-", 1)
	return strings.Replace(s, "e+0", "e+", 1)
}
