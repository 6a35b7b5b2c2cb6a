package must_test

import (
	"fmt"
	"strconv"

	"github.com/gonb-tutorials/optimizers/notebooks/must"
)

// A cell that parses a number: with a good input Get hands the value on;
// with a bad one the cell would stop, printing "error: " and the message.
func Example() {
	v := must.Get(strconv.ParseFloat("0.05", 64))
	fmt.Println(v * 2)
	// Output: 0.1
}
