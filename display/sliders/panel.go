package sliders

import (
	"errors"
	"fmt"
	"html"
	"image"
	"os"
	"strings"
	"time"

	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/display"
)

// A Scene draws what a Panel shows: the picture for the current values of
// the variables that the Panel's controls set, with a one-line caption.
type Scene interface {
	Draw() (img image.Image, caption string, err error)
}

// A Replayer is a Scene that can also play its picture as an animation:
// Frames frames for the current values, Frame(i) the i-th. A Panel showing
// a Replayer has a "replay" button.
type Replayer interface {
	Scene
	Frames() int
	Frame(i int) (img image.Image, caption string, err error)
}

// A Panel is a set of controls, each bound to a variable, shown above a
// picture that is drawn again whenever a control moves.
//
// In a notebook open in a browser, Run shows GoNB sliders and selects with
// the value of each beside it, and the Scene's picture under them, which
// it redraws in place on every change: always from the newest values, so
// that a drag that outruns the drawing skips frames instead of queueing
// them. It runs until the reader presses "stop" or interrupts the kernel,
// and leaves the last picture in place, as a PNG that a saved notebook
// keeps and a code host shows.
//
// Without a browser (nbconvert, a Docker build), Run draws the picture once
// for the variables' current values, says how to get the sliders, and
// returns; see NoFrontEndEnv and Wait. Outside GoNB it only draws once.
//
// The methods that add controls return nothing: a bad control (a Scale
// whose fields do not make one, a nil variable) is kept as the Panel's
// error, which Run returns before it shows anything, naming the control.
// A Panel then reads as one line per control, as a cell should.
type Panel struct {
	// Wait is how long Run waits for the page to answer once GoNB has passed
	// its question on (see NoFrontEndEnv); 0 means DefaultWait.
	Wait time.Duration
	// FrameDelay is the pace of a replay; 0 means 30 ms a frame.
	FrameDelay time.Duration

	controls []*controls.Control
	err      error
}

// Slider adds a slider that sets *v to the value of scale at its position;
// see controls.Slider. *v moves to the nearest of the scale's values.
func (p *Panel) Slider(label string, scale controls.Scale, v *float64) {
	p.add(controls.Slider(label, scale, v))
}

// IntSlider adds a slider that sets *v to the value of scale at its
// position, rounded to an integer; see controls.IntSlider.
func (p *Panel) IntSlider(label string, scale controls.Scale, v *int) {
	p.add(controls.IntSlider(label, scale, v))
}

// Switch adds a choice between two options that sets *v to false for off
// and true for on.
func (p *Panel) Switch(label, off, on string, v *bool) {
	p.add(controls.Switch(label, off, on, v))
}

// Add adds controls made with package controls (a Choice, or a scene's own
// set, such as playground.OneVariable.Controls).
func (p *Panel) Add(cs ...*controls.Control) {
	for _, c := range cs {
		if c == nil {
			p.add(nil, errors.New("sliders: Panel.Add: nil control"))
			continue
		}
		p.add(c, nil)
	}
}

func (p *Panel) add(c *controls.Control, err error) {
	switch {
	case p.err != nil:
	case err != nil:
		p.err = err
	default:
		p.controls = append(p.controls, c)
	}
}

// Settings returns the controls' names and values, as one line.
func (p *Panel) Settings() string {
	parts := make([]string, len(p.controls))
	for i, c := range p.controls {
		parts[i] = c.String()
	}
	return strings.Join(parts, " · ")
}

// Run shows the controls and the scene's picture until the reader stops
// them, or draws the picture once without a browser; see Panel. The error
// is that of a control made with a bad Scale, or of the first picture.
// Once live, a failing picture is reported in its caption instead.
func (p *Panel) Run(scene Scene) error {
	if p.err != nil {
		return p.err
	}
	if scene == nil {
		return errors.New("sliders: Panel.Run: the scene is nil")
	}
	if !display.InNotebook() {
		_, _, err := safeDraw(scene.Draw)
		return err
	}
	if os.Getenv(NoFrontEndEnv) == "1" {
		return p.still(scene)
	}
	return p.live(scene)
}

// howTo is the line a Panel prints under its picture when no browser
// answered.
const howTo = "A still picture: no notebook page answered. To move these settings with sliders, run this cell in Jupyter with the GoNB kernel (again, if it is open in Jupyter now)."

// still shows the picture once, as a PNG that stays in the saved notebook.
func (p *Panel) still(scene Scene) error {
	img, caption, err := safeDraw(scene.Draw)
	if err != nil {
		return err
	}
	if err := display.Image(img); err != nil {
		return err
	}
	if len(p.controls) > 0 {
		fmt.Println(p.Settings())
	}
	fmt.Println(caption)
	fmt.Println(howTo)
	return nil
}

// safeDraw calls draw, turning a panic into an error: a reader's settings
// must never crash the cell.
func safeDraw(draw func() (image.Image, string, error)) (img image.Image, caption string, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, caption, err = nil, "", fmt.Errorf("drawing failed: %v", r)
		}
	}()
	img, caption, err = draw()
	if err == nil && img == nil {
		err = errors.New("the scene drew no picture")
	}
	return img, caption, err
}

// esc escapes text for HTML.
func esc(s string) string { return html.EscapeString(s) }
