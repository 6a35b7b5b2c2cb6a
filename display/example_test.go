package display_test

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// A cell that shows the tutorial's curve with the point at x = -1, and a
// line of Markdown under it. In a GoNB cell both appear as the cell's
// output; here, outside a notebook, they show nothing.
func ExampleImage() {
	fig, err := plotting.NewCurve(plotting.TutorialCurve(0.05))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := display.Image(fig.Image(-1)); err != nil {
		fmt.Println(err)
		return
	}
	display.Markdownf("The point starts at **x = %g**.", -1.0)
	fmt.Println("in a notebook:", display.InNotebook())
	// Output: in a notebook: false
}
