package plotting

import (
	"math"
	"strconv"
)

// A tick is one mark on an axis; minor ticks are shorter and unlabelled.
type tick struct {
	v     float64
	label label
	minor bool
	small bool // a labelled tick between major ones: a minor tick's length
}

// tickSpace is matplotlib's estimate of how many labelled ticks fit on an
// axis length (in points) with labels of fontPt: a label needs three times
// its size across, two times along a vertical axis; at most 9.
func tickSpace(lengthPt, fontPt float64, vertical bool) int {
	per := 3.0
	if vertical {
		per = 2
	}
	return max(1, min(9, int(math.Floor(lengthPt/(fontPt*per)))))
}

// linearTicks are matplotlib's default ticks (MaxNLocator with steps 1, 2,
// 2.5, 5, 10) labelled by its ScalarFormatter: every label with the same
// number of decimals, and U+2212 as the minus sign.
func linearTicks(lo, hi float64, nbins int) []tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	vs := maxNLocator(lo, hi, nbins)
	var in []float64
	for _, v := range vs {
		if v >= lo-1e-10*(hi-lo) && v <= hi+1e-10*(hi-lo) {
			in = append(in, v)
		}
	}
	dec := decimals(in, lo, hi)
	ts := make([]tick, 0, len(in))
	for _, v := range in {
		if math.Abs(v) < 1e-12*(hi-lo) {
			v = 0
		}
		ts = append(ts, tick{v: v, label: label{s: minus(strconv.FormatFloat(v, 'f', dec, 64))}})
	}
	return ts
}

// maxNLocator follows matplotlib's MaxNLocator._raw_ticks: the smallest
// step of 1, 2, 2.5, 5 or 10 times a power of ten that gives at most nbins
// intervals, or a smaller one if that shows fewer than two ticks.
func maxNLocator(lo, hi float64, nbins int) []float64 {
	dv := hi - lo
	mean := (hi + lo) / 2
	offset := 0.0
	if math.Abs(mean)/dv >= 100 {
		offset = math.Copysign(math.Pow(10, math.Floor(math.Log10(math.Abs(mean)))), mean)
	}
	scale := math.Pow(10, math.Floor(math.Log10(dv/float64(nbins))))
	lo, hi = lo-offset, hi-offset
	raw := (hi - lo) / float64(nbins)
	steps := []float64{0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20}
	start := len(steps) - 1
	for i, s := range steps {
		if s*scale >= raw*(1-1e-12) {
			start = i
			break
		}
	}
	var ticks []float64
	for i := start; i < len(steps); i++ {
		step := steps[i] * scale
		best := math.Floor(lo/step) * step
		low := edgeLE(lo-best, step)
		high := edgeGE(hi-best, step)
		ticks = ticks[:0]
		n := 0
		for k := low; k <= high; k++ {
			t := k*step + best
			ticks = append(ticks, t+offset)
			if t <= hi && t >= lo {
				n++
			}
		}
		if n >= 2 {
			break
		}
	}
	return ticks
}

// edgeLE and edgeGE are matplotlib's _Edge_integer: the number of steps
// to a value, forgiving rounding errors.
func edgeLE(x, step float64) float64 {
	d, m := math.Floor(x/step), math.Mod(x, step)
	if m < 0 {
		m += step
	}
	if closeTo(m/step, 1) {
		return d + 1
	}
	return d
}

func edgeGE(x, step float64) float64 {
	d, m := math.Floor(x/step), math.Mod(x, step)
	if m < 0 {
		m += step
	}
	if closeTo(m/step, 0) {
		return d
	}
	return d + 1
}

func closeTo(ms, edge float64) bool { return math.Abs(ms-edge) < 1e-10 }

// decimals is the number of decimals ScalarFormatter gives every label:
// the fewest that write each tick exactly, to a thousandth of the range.
func decimals(locs []float64, lo, hi float64) int {
	if len(locs) < 2 {
		locs = append(append([]float64(nil), locs...), lo, hi)
	}
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, v := range locs {
		mn, mx = math.Min(mn, v), math.Max(mx, v)
	}
	rng := mx - mn
	if rng == 0 {
		rng = math.Max(math.Abs(mn), math.Abs(mx))
	}
	if rng == 0 {
		rng = 1
	}
	oom := math.Floor(math.Log10(rng))
	sig := int(math.Max(0, 3-oom))
	thresh := 1e-3 * math.Pow(10, oom)
	for sig >= 0 {
		p := math.Pow(10, float64(sig))
		worst := 0.0
		for _, v := range locs {
			worst = math.Max(worst, math.Abs(v-math.Round(v*p)/p))
		}
		if worst >= thresh {
			break
		}
		sig--
	}
	return sig + 1
}

// logTicks are matplotlib's log-axis ticks: a major tick labelled 10^k at
// every stride-th power of ten, stride chosen so that at most numticks
// show, and minor ticks at 2..9 times each power when every decade is
// labelled and the range spans at most ten decades, or at the powers of
// ten skipped when not. Unlike matplotlib, an axis with fewer than four
// labelled powers of ten also labels its ticks at 2 and 5 times them, all
// labels then written as decimals (0.02, 0.05, 0.1...), so that values
// between the powers can be read off.
func logTicks(lo, hi float64, numticks int) []tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	numticks = max(2, numticks)
	l0, l1 := math.Log10(lo), math.Log10(hi)
	numdec := math.Floor(l1) - math.Ceil(l0)
	stride := math.Floor((numdec+1)/float64(numticks)) + 1
	if stride >= numdec {
		stride = math.Max(1, numdec-1)
	}
	in := func(v float64) bool { return v >= lo*(1-1e-12) && v <= hi*(1+1e-12) }
	var ts []tick
	// Majors at multiples of stride, as matplotlib's decades from
	// floor(log lo) - stride, so their place does not depend on lo alone.
	majors := map[float64]bool{}
	for e := math.Floor(l0) - stride; e <= math.Ceil(l1)+stride; e += stride {
		if v := math.Pow(10, e); in(v) {
			ts = append(ts, tick{v: v, label: label{s: "10", sup: minus(strconv.Itoa(int(e)))}})
			majors[e] = true
		}
	}
	if stride > 1 {
		for e := math.Floor(l0); e <= math.Ceil(l1); e++ {
			if v := math.Pow(10, e); in(v) && !majors[e] {
				ts = append(ts, tick{v: v, minor: true})
			}
		}
		return ts
	}
	if numdec > 10 {
		return ts
	}
	for e := math.Floor(l0) - 1; e <= math.Ceil(l1); e++ {
		for m := 2.0; m < 10; m++ {
			if v := m * math.Pow(10, e); in(v) {
				ts = append(ts, tick{v: v, minor: true})
			}
		}
	}
	if len(majors) < 4 {
		labelMinors(ts, numticks)
	}
	return ts
}

// labelMinors labels the ticks at 2 and 5 times a power of ten, and writes
// every label as a decimal, when they are few enough (at most twice
// numticks in all) and read well so (within 10⁻⁴..10⁵).
func labelMinors(ts []tick, numticks int) {
	n := 0
	for _, t := range ts {
		if t.v < 1e-4 || t.v >= 1e5 {
			return
		}
		if !t.minor || mantissa(t.v) == 2 || mantissa(t.v) == 5 {
			n++
		}
	}
	if n > 2*numticks {
		return
	}
	for i, t := range ts {
		if m := mantissa(t.v); !t.minor || m == 2 || m == 5 {
			ts[i].label = label{s: decimal(t.v)}
			ts[i].minor = false
			ts[i].small = t.minor
		}
	}
}

// mantissa returns m of v = m·10^k, rounded to a whole number.
func mantissa(v float64) float64 {
	return math.Round(v / math.Pow(10, math.Floor(math.Log10(v)+1e-9)))
}

// decimal writes v in the fewest digits that read back to it, 0.00002 to
// 10000, with the minus sign U+2212.
func decimal(v float64) string {
	return minus(strconv.FormatFloat(v, 'f', -1, 64))
}

// log1pTicks are the ticks of a log(1 + v) axis over [lo, hi]: 0 and the
// powers of ten labelled, minor ticks at 2..9 times each power, labelled
// at 2 and 5 when fewer than four powers show.
func log1pTicks(lo, hi float64) []tick {
	if !(lo > -1) || !(hi > lo) {
		return nil
	}
	in := func(v float64) bool { return v >= lo-1e-12*math.Abs(lo) && v <= hi+1e-12*math.Abs(hi) }
	var ts []tick
	if in(0) {
		ts = append(ts, tick{v: 0, label: label{s: "0"}})
	}
	powers := 0
	for e := 0.0; math.Pow(10, e) <= hi*(1+1e-12); e++ {
		p := math.Pow(10, e)
		if in(p) {
			ts = append(ts, tick{v: p, label: label{s: decimal(p)}})
			powers++
		}
		for m := 2.0; m < 10; m++ {
			if v := m * p; in(v) {
				ts = append(ts, tick{v: v, minor: true})
			}
		}
	}
	if powers < 4 {
		for i, t := range ts {
			if m := mantissa(t.v); t.minor && (m == 2 || m == 5) {
				ts[i] = tick{v: t.v, label: label{s: decimal(t.v)}, small: true}
			}
		}
	}
	return ts
}

// margins widens [lo, hi] by 5% of its span on each side, matplotlib's
// default, in log10 space for a log axis; a single value gets a span.
func margins(lo, hi float64, log bool) (float64, float64) {
	if log {
		a, b := margins(math.Log10(lo), math.Log10(hi), false)
		return math.Pow(10, a), math.Pow(10, b)
	}
	if lo == hi {
		d := math.Max(1, math.Abs(lo)*0.05)
		return lo - d, hi + d
	}
	pad := (hi - lo) * 0.05
	return lo - pad, hi + pad
}
