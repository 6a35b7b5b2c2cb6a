package display

import (
	"errors"
	"fmt"
	"html"
	"image"
	"math"
	"os"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
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
// and leaves the last picture in place.
//
// Without a browser (nbconvert, a Docker build), Run draws the picture once
// for the variables' current values, says how to get the sliders, and
// returns; see NoFrontEndEnv and Wait. Outside GoNB it only draws once.
type Panel struct {
	// Wait is how long Run waits for the page to answer once GoNB has passed
	// its question on (see NoFrontEndEnv); 0 means DefaultWait.
	Wait time.Duration
	// FrameDelay is the pace of a replay; 0 means 30 ms a frame.
	FrameDelay time.Duration

	controls []*control
	err      error
}

// A control is one slider or choice and the variable it sets.
type control struct {
	label   string
	scale   Scale    // a slider's values
	options []string // a choice's options
	f       *float64
	n       *int
	b       *bool
	pos     int // the position or option shown, and applied to the variable
}

func (c *control) len() int {
	if c.options != nil {
		return len(c.options)
	}
	return c.scale.Len()
}

// apply moves the control to pos and sets its variable.
func (c *control) apply(pos int) {
	c.pos = max(0, min(pos, c.len()-1))
	switch {
	case c.f != nil:
		*c.f = c.scale.Value(c.pos)
	case c.n != nil:
		*c.n = int(math.Round(c.scale.Value(c.pos)))
	case c.b != nil:
		*c.b = c.pos == 1
	}
}

// value is the control's value as shown beside it.
func (c *control) value() string {
	if c.options != nil {
		return c.options[c.pos]
	}
	return c.scale.Label(c.pos)
}

func (p *Panel) add(c *control, s Scale) {
	if p.err != nil {
		return
	}
	if err := s.Err(); err != nil {
		// The scale's error already says "display:"; say it once.
		p.err = fmt.Errorf("display: control %q: %s", c.label, strings.TrimPrefix(err.Error(), "display: "))
		return
	}
	p.controls = append(p.controls, c)
}

// Slider adds a slider that sets *v to the value of scale at its position.
// It starts at the position nearest to *v, and *v moves there.
func (p *Panel) Slider(label string, scale Scale, v *float64) {
	if v == nil {
		p.fail(label, "nil variable")
		return
	}
	c := &control{label: label, scale: scale, f: v}
	if scale.Err() == nil {
		c.apply(scale.Index(*v))
	}
	p.add(c, scale)
}

// IntSlider adds a slider that sets *v to the value of scale at its
// position, rounded to an integer.
func (p *Panel) IntSlider(label string, scale Scale, v *int) {
	if v == nil {
		p.fail(label, "nil variable")
		return
	}
	c := &control{label: label, scale: scale, n: v}
	if scale.Err() == nil {
		c.apply(scale.Index(float64(*v)))
	}
	p.add(c, scale)
}

// Switch adds a choice between two options that sets *v to false for off
// and true for on.
func (p *Panel) Switch(label, off, on string, v *bool) {
	if v == nil {
		p.fail(label, "nil variable")
		return
	}
	c := &control{label: label, options: []string{off, on}, b: v}
	if *v {
		c.pos = 1
	}
	p.add(c, Scale{})
}

func (p *Panel) fail(label, why string) {
	if p.err == nil {
		p.err = fmt.Errorf("display: control %q: %s", label, why)
	}
}

// Settings returns the controls' labels and values, as one line.
func (p *Panel) Settings() string {
	parts := make([]string, len(p.controls))
	for i, c := range p.controls {
		parts[i] = c.label + " " + c.value()
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
		return errors.New("display: Panel.Run: the scene is nil")
	}
	if !gonbui.IsNotebook {
		_, _, err := safeDraw(scene.Draw)
		return err
	}
	if os.Getenv(NoFrontEndEnv) == "1" {
		return p.still(scene)
	}
	return p.live(scene)
}

// HowTo is the line a Panel prints under its picture when no browser
// answered.
const HowTo = "A still picture: no notebook page answered. To move these settings with sliders, run this cell in Jupyter with the GoNB kernel (again, if it is open in Jupyter now)."

// still shows the picture once, as a PNG that stays in the saved notebook.
func (p *Panel) still(scene Scene) error {
	img, caption, err := safeDraw(scene.Draw)
	if err != nil {
		return err
	}
	if err := Image(img); err != nil {
		return err
	}
	if len(p.controls) > 0 {
		fmt.Println(p.Settings())
	}
	fmt.Println(caption)
	fmt.Println(HowTo)
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
