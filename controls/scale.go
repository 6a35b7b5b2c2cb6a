package controls

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// A Scale gives the values of a slider's positions.
type Scale interface {
	// Values returns the value of each position, in increasing order, or
	// why the scale has none (an error naming the bad field).
	Values() ([]float64, error)
}

// maxPositions bounds a slider: more positions than pixels along it cannot
// be told apart.
const maxPositions = 10001

// LinearScale divides [Min, Max] into Steps equal steps: Steps+1 positions.
// Each value is rounded to 12 significant digits, so that 0.1·3 shows, and
// is, 0.3.
type LinearScale struct {
	Min, Max float64
	Steps    int
}

// Values implements Scale.
func (s LinearScale) Values() ([]float64, error) {
	switch {
	case !finite(s.Min) || !finite(s.Max) || s.Min >= s.Max:
		return nil, fmt.Errorf("controls: LinearScale.Min = %v, Max = %v: want finite Min < Max", s.Min, s.Max)
	case s.Steps < 1 || s.Steps >= maxPositions:
		return nil, fmt.Errorf("controls: LinearScale.Steps = %d: want 1..%d", s.Steps, maxPositions-1)
	}
	v := make([]float64, s.Steps+1)
	for i := range v {
		v[i] = round(s.Min+(s.Max-s.Min)*float64(i)/float64(s.Steps), 12)
	}
	return v, nil
}

// LogScale divides [Min, Max] into PerDecade equal ratios per power of ten;
// Max must be Min times a whole number of those ratios (0.001 to 10 at 20
// per decade, 1 to 10000 at 3 per decade). Each value is rounded to the
// fewest significant digits that keep all of them distinct: 1, 2, 5, 10 at
// 3 per decade, 1.0, 1.1, 1.3, ..., 8.9, 10 at 20. A slider on a log scale
// starts at the position nearest its variable in ratio, not in difference.
type LogScale struct {
	Min, Max  float64
	PerDecade int
}

// Values implements Scale.
func (s LogScale) Values() ([]float64, error) {
	switch {
	case !finite(s.Min) || !finite(s.Max) || s.Min <= 0 || s.Min >= s.Max:
		return nil, fmt.Errorf("controls: LogScale.Min = %v, Max = %v: want finite 0 < Min < Max", s.Min, s.Max)
	case s.PerDecade < 1 || s.PerDecade > 1000:
		return nil, fmt.Errorf("controls: LogScale.PerDecade = %d: want 1..1000", s.PerDecade)
	}
	exact := float64(s.PerDecade) * math.Log10(s.Max/s.Min)
	steps := int(math.Round(exact))
	if math.Abs(exact-float64(steps)) > 0.01 || steps < 1 || steps >= maxPositions {
		return nil, fmt.Errorf("controls: LogScale.Max = %v: want Min = %v times a whole number (1..%d) of steps of 10^(1/%d)",
			s.Max, s.Min, maxPositions-1, s.PerDecade)
	}
	raw := make([]float64, steps+1)
	for i := range raw {
		raw[i] = s.Min * math.Pow(10, float64(i)/float64(s.PerDecade))
	}
	raw[steps] = s.Max
	v := make([]float64, len(raw))
	for digits := 1; ; digits++ {
		distinct := true
		for i, r := range raw {
			v[i] = round(r, digits)
			if i > 0 && v[i] <= v[i-1] {
				distinct = false
				break
			}
		}
		if distinct || digits == 17 {
			return v, nil
		}
	}
}

// inRatio marks a scale whose nearest position to a value is the nearest
// in ratio.
func (LogScale) inRatio() {}

// round returns v rounded to the given number of significant digits, as
// the nearest float64 to that decimal.
func round(v float64, digits int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// label writes a value as a slider shows it: the shortest decimal that
// reads back as the value.
func label(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// nearest returns the index of the value nearest v in values (increasing):
// nearest in ratio if ratio is set and v > 0, in difference otherwise; a
// tie goes to the lower. NaN gives 0.
func nearest(values []float64, v float64, ratio bool) int {
	n := len(values)
	if n == 0 || math.IsNaN(v) {
		return 0
	}
	i := sort.SearchFloat64s(values, v) // the first value >= v
	switch {
	case i == 0:
		return 0
	case i == n:
		return n - 1
	}
	lo, hi := values[i-1], values[i]
	if ratio && v > 0 && lo > 0 {
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
