package rarefeatures

import (
	"image/color"
	"testing"

	"github.com/gonb-tutorials/optimizers/internal/cvd"
)

// TestFigureColoursDistinct: the lines of both figures stay at least
// cvd.MinDistinct apart for readers with protanopia, deuteranopia or
// tritanopia.
func TestFigureColoursDistinct(t *testing.T) {
	c := DefaultConfig()
	c.Train = 2000
	d, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compare(d, []float64{0.1, 0.3}, 500)
	if err != nil {
		t.Fatal(err)
	}
	_, loss := LossChart(r)
	_, steps := StepChart(r)
	for name, series := range map[string][]color.Color{
		"rare-loss":  {loss[0].Color, loss[1].Color, loss[2].Color},
		"rare-steps": {steps[0].Color, steps[1].Color},
	} {
		p := cvd.Closest(series)
		t.Logf("%s: closest %v and %v, ΔE %.1f under %v", name, p.A, p.B, p.DeltaE, p.Deficiency)
		if p.DeltaE < cvd.MinDistinct {
			t.Errorf("%s: %v and %v are ΔE %.1f apart under %v, below %v", name, p.A, p.B, p.DeltaE, p.Deficiency, cvd.MinDistinct)
		}
	}
}
