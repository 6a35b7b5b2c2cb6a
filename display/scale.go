package display

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// A Scale maps the positions of an integer slider, 0 to Len()-1, to real
// values. GoNB's sliders move in whole steps; a Scale decides what each step
// means: equal steps (LinearScale) or equal ratios (LogScale), always landing
// on short decimal numbers, so that the value shown beside a slider is the
// value used.
type Scale struct {
	values []float64
	log    bool
	err    error
}

const maxPositions = 10001

// LinearScale divides [min, max] into steps equal steps: steps+1 positions.
func LinearScale(min, max float64, steps int) Scale {
	switch {
	case !finite(min) || !finite(max) || min >= max:
		return Scale{err: fmt.Errorf("display: LinearScale(%v, %v): want finite min < max", min, max)}
	case steps < 1 || steps >= maxPositions:
		return Scale{err: fmt.Errorf("display: LinearScale steps = %d, want 1..%d", steps, maxPositions-1)}
	}
	s := Scale{values: make([]float64, steps+1)}
	for i := range s.values {
		// Rounding to 12 digits turns 0.30000000000000004 into 0.3.
		s.values[i] = round(min+(max-min)*float64(i)/float64(steps), 12)
	}
	return s
}

// LogScale divides [min, max] into perDecade equal ratios per power of ten;
// max must be min times a whole number of those ratios (0.001 to 10 at 20
// per decade, 1 to 10000 at 3 per decade). Each value is rounded to the
// fewest significant digits that keep all of them distinct: 1, 2, 5, 10 at
// 3 per decade, 1.0, 1.1, 1.3, ..., 8.9, 10 at 20.
func LogScale(min, max float64, perDecade int) Scale {
	switch {
	case !finite(min) || !finite(max) || min <= 0 || min >= max:
		return Scale{err: fmt.Errorf("display: LogScale(%v, %v): want finite 0 < min < max", min, max)}
	case perDecade < 1 || perDecade > 1000:
		return Scale{err: fmt.Errorf("display: LogScale perDecade = %d, want 1..1000", perDecade)}
	}
	exact := float64(perDecade) * math.Log10(max/min)
	steps := int(math.Round(exact))
	if math.Abs(exact-float64(steps)) > 0.01 || steps < 1 || steps >= maxPositions {
		return Scale{err: fmt.Errorf("display: LogScale(%v, %v, %d): max is not min times a whole number (1..%d) of steps of 10^(1/%d)", min, max, perDecade, maxPositions-1, perDecade)}
	}
	raw := make([]float64, steps+1)
	for i := range raw {
		raw[i] = min * math.Pow(10, float64(i)/float64(perDecade))
	}
	raw[steps] = max
	for digits := 1; ; digits++ {
		s := Scale{values: make([]float64, len(raw)), log: true}
		distinct := true
		for i, v := range raw {
			s.values[i] = round(v, digits)
			if i > 0 && s.values[i] <= s.values[i-1] {
				distinct = false
				break
			}
		}
		if distinct || digits == 17 {
			return s
		}
	}
}

// round returns v rounded to the given number of significant digits, as
// the nearest float64 to that decimal.
func round(v float64, digits int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Err reports why the scale could not be made, or nil.
func (s Scale) Err() error { return s.err }

// Len returns the number of positions.
func (s Scale) Len() int { return len(s.values) }

// Value returns the value at position i, clamped to the ends.
func (s Scale) Value(i int) float64 {
	if len(s.values) == 0 {
		return math.NaN()
	}
	return s.values[max(0, min(i, len(s.values)-1))]
}

// Label returns the value at position i as it is shown beside the slider:
// the shortest decimal that reads back as the value.
func (s Scale) Label(i int) string { return strconv.FormatFloat(s.Value(i), 'g', -1, 64) }

// Index returns the position whose value is nearest to v: nearest in ratio
// on a log scale, in difference on a linear one.
func (s Scale) Index(v float64) int {
	n := len(s.values)
	if n == 0 || math.IsNaN(v) {
		return 0
	}
	i := sort.SearchFloat64s(s.values, v) // first value >= v
	if i == 0 {
		return 0
	}
	if i == n {
		return n - 1
	}
	lo, hi := s.values[i-1], s.values[i]
	if s.log && v > 0 {
		if math.Log(v/lo) <= math.Log(hi/v) {
			return i - 1
		}
		return i
	}
	if v-lo <= hi-v {
		return i - 1
	}
	return i
}
