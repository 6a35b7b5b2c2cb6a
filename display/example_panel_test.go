package display_test

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/display"
)

// A learning-rate slider from 0.001 to 10, twenty steps a decade: GoNB's
// slider gives whole positions, the scale gives the values.
func ExampleLogScale() {
	s := display.LogScale(0.001, 10, 20)
	i := s.Index(0.05)
	fmt.Println(s.Len(), "positions; 0.05 is at", i)
	for _, k := range []int{0, 1, 2, i, 79, 80} {
		fmt.Print(s.Label(k), " ")
	}
	fmt.Println()
	// Output:
	// 81 positions; 0.05 is at 34
	// 0.001 0.0011 0.0013 0.05 8.9 10
}
