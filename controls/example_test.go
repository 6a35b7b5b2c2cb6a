package controls_test

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/controls"
)

// A learning-rate slider from 0.001 to 10, twenty positions a decade: a
// browser's or GoNB's slider gives whole positions, the scale their values.
func ExampleSlider() {
	lr := 0.05
	s, err := controls.Slider("learning rate", controls.LogScale{Min: 0.001, Max: 10, PerDecade: 20}, &lr)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), "positions; it starts at", s.Pos())
	fmt.Println(s.Label(0), s.Label(1), s.Label(2), s.Label(s.Pos()), s.Label(79), s.Label(80))
	s.Set(54)
	fmt.Println(s, "sets", lr)
	// Output:
	// 81 positions; it starts at 34
	// 0.001 0.0011 0.0013 0.05 8.9 10
	// learning rate 0.5 sets 0.5
}
