package plotting

import (
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestClipPolyline checks the pieces of lines clipped to the box [0, 10]²
// against points worked out by hand.
func TestClipPolyline(t *testing.T) {
	box := vg.Rectangle{Max: vg.Point{X: 10, Y: 10}}
	type pts = []vg.Point
	tests := []struct {
		name string
		in   pts
		want []pts
	}{
		{"inside", pts{{X: 1, Y: 1}, {X: 5, Y: 5}, {X: 9, Y: 2}}, []pts{{{X: 1, Y: 1}, {X: 5, Y: 5}, {X: 9, Y: 2}}}},
		{"out to the right and back", pts{{X: 2, Y: 5}, {X: 15, Y: 5}, {X: 15, Y: 8}, {X: 5, Y: 8}},
			[]pts{{{X: 2, Y: 5}, {X: 10, Y: 5}}, {{X: 10, Y: 8}, {X: 5, Y: 8}}}},
		{"out through the top and back", pts{{X: 5, Y: 5}, {X: 5, Y: 20}, {X: 6, Y: 20}, {X: 6, Y: 5}, {X: 8, Y: 3}},
			[]pts{{{X: 5, Y: 5}, {X: 5, Y: 10}}, {{X: 6, Y: 10}, {X: 6, Y: 5}, {X: 8, Y: 3}}}},
		// y = 4 + 2(x + 2)/7 meets x = 0 at 32/7 and x = 10 at 52/7.
		{"across, both ends outside", pts{{X: -2, Y: 4}, {X: 12, Y: 8}}, []pts{{{X: 0, Y: 32.0 / 7}, {X: 10, Y: 52.0 / 7}}}},
		{"in from the left", pts{{X: -3, Y: -1}, {X: 1, Y: 3}}, []pts{{{X: 0, Y: 2}, {X: 1, Y: 3}}}},
		{"outside", pts{{X: 11, Y: 0}, {X: 20, Y: 5}, {X: 20, Y: -5}}, nil},
		{"beside a corner", pts{{X: -1, Y: 9.5}, {X: 2, Y: 12.5}}, nil},
		// On the box's edge is in the box: a flat line at an axis limit
		// is drawn (as matplotlib draws it, half its width inside).
		{"along the bottom edge", pts{{X: 2, Y: 0}, {X: 8, Y: 0}}, []pts{{{X: 2, Y: 0}, {X: 8, Y: 0}}}},
		{"along the left edge", pts{{X: 0, Y: 1}, {X: 0, Y: 9}}, []pts{{{X: 0, Y: 1}, {X: 0, Y: 9}}}},
		{"along the top edge, beyond both sides", pts{{X: -5, Y: 10}, {X: 15, Y: 10}}, []pts{{{X: 0, Y: 10}, {X: 10, Y: 10}}}},
		{"one point", pts{{X: 5, Y: 5}}, nil},
		{"none", nil, nil},
		// Far outside, as a diverging curve's 1e300: the piece inside
		// is still where the line crosses.
		{"from far away", pts{{X: 5, Y: -1e300}, {X: 5, Y: 5}}, []pts{{{X: 5, Y: 0}, {X: 5, Y: 5}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clipPolyline(tt.in, box)
			if len(got) != len(tt.want) {
				t.Fatalf("%d pieces %v, want %d %v", len(got), got, len(tt.want), tt.want)
			}
			for k := range got {
				if len(got[k]) != len(tt.want[k]) {
					t.Fatalf("piece %d: %v, want %v", k, got[k], tt.want[k])
				}
				for i, p := range got[k] {
					q := tt.want[k][i]
					if math.Abs(float64(p.X-q.X)) > 1e-12 || math.Abs(float64(p.Y-q.Y)) > 1e-12 {
						t.Errorf("piece %d point %d: %v, want %v", k, i, p, q)
					}
				}
			}
		})
	}
}
