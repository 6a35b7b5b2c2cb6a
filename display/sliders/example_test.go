package sliders_test

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/display/sliders"
	"github.com/gonb-tutorials/optimizers/playground"
)

// Two sliders over Adagrad on x − x³. In a notebook open in a browser, Run
// shows them above the figure and redraws it as they move, until "stop";
// here, outside a notebook, it draws the figure once and returns.
func ExamplePanel() {
	run, err := playground.NewOneVariable(960, 540) // the figure's background drawn once
	if err != nil {
		fmt.Println(err)
		return
	}
	panel := &sliders.Panel{}
	panel.Slider("learning rate", controls.LogScale{Min: 0.001, Max: 10, PerDecade: 20}, &run.LearningRate)
	panel.Slider("start x0", controls.LinearScale{Min: -1.5, Max: 1.5, Steps: 60}, &run.X0)
	if err := panel.Run(run); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(panel.Settings())
	// Output:
	// learning rate 0.05 · start x0 -1
}
