package main

import (
	"image/color"
	"io"
	"slices"
	"testing"

	"github.com/gonb-tutorials/optimizers/internal/cvd"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// seriesColors returns the different colours of a chart's named series
// (nil: the cycle's colour, as plotting.Chart picks it).
func seriesColors(series []plotting.Series) []color.Color {
	var cs []color.Color
	key := func(c color.Color) [3]uint32 { r, g, b, _ := c.RGBA(); return [3]uint32{r, g, b} }
	for i, s := range series {
		if s.Label == "" && s.EndLabel == "" {
			continue
		}
		c := s.Color
		if c == nil {
			c = plotting.Cycle[i%len(plotting.Cycle)]
		}
		if !slices.ContainsFunc(cs, func(d color.Color) bool { return key(d) == key(c) }) {
			cs = append(cs, c)
		}
	}
	return cs
}

// TestFigureColoursDistinct: the series of every chart the tutorial command
// draws stay at least cvd.MinDistinct apart for readers with protanopia,
// deuteranopia or tritanopia (how the chart tells them apart besides is
// plotting's, and tested there).
func TestFigureColoursDistinct(t *testing.T) {
	_, sweep, err := sweepChart(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	where := []float64{4, 4, 0, 0}
	_, moving := movingChart(where, where, where)
	paths := []color.Color{plotting.Cycle[0], plotting.Cycle[1]} // why-paths: gradient descent and Adagrad
	for name, cs := range map[string][]color.Color{
		"why-lr-sweep":    seriesColors(sweep),
		"why-weakness":    seriesColors(moving),
		"why-paths":       paths,
		"slowdown/glance": {plotting.Blue, plotting.Orange, plotting.Green},
	} {
		p := cvd.Closest(cs)
		t.Logf("%s: %d colours, closest %v and %v, ΔE %.1f under %v", name, len(cs), p.A, p.B, p.DeltaE, p.Deficiency)
		if p.DeltaE < cvd.MinDistinct {
			t.Errorf("%s: %v and %v are ΔE %.1f apart under %v, below %v", name, p.A, p.B, p.DeltaE, p.Deficiency, cvd.MinDistinct)
		}
	}
}
