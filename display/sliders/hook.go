package sliders

import (
	"fmt"
	"os"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/gonb-tutorials/optimizers/display/internal/gonbpipe"
)

// init hands package display's outputs to gonbui, before the program shows
// anything: gonbui opens GoNB's pipe with an encoder of its own, and GoNB
// decodes one gob stream, so display must not open a second one.
func init() {
	if err := gonbpipe.Handover(gonbui.SendData, gonbui.Sync); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}
