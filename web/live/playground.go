package live

import (
	"errors"
	"fmt"
	"image"

	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/playground"
)

// A scene is what the page draws: one of package playground's, which
// both sliders.Panel and the page show.
type scene interface {
	Draw() (image.Image, string, error)
	Frames() int
	Frame(i int) (image.Image, string, error)
	Controls() ([]*controls.Control, error)
}

// A Playground is one of part 5's playgrounds as the page drives it: its
// scene, its controls and what the page's canvas shows. The WebAssembly
// module (web/module) holds one per worker; package web writes the page's
// controls from its Controls.
type Playground struct {
	name     string
	scene    scene
	controls []*controls.Control
	canvas   canvas
}

// Names are the playgrounds' names, in the page's order.
var Names = []string{"one", "two"}

// NewPlayground returns the playground with the given name ("one" for
// x − x³, "two" for the bowl), its figure drawn width x height pixels, at
// the tutorial's settings.
func NewPlayground(name string, width, height int) (*Playground, error) {
	var sc scene
	var err error
	switch name {
	case "one":
		sc, err = playground.NewOneVariable(width, height)
	case "two":
		sc, err = playground.NewTwoVariables(width, height)
	default:
		return nil, fmt.Errorf("live: no playground %q (want one or two)", name)
	}
	if err != nil {
		return nil, err
	}
	return newPlayground(name, sc)
}

func newPlayground(name string, sc scene) (*Playground, error) {
	cs, err := sc.Controls()
	if err != nil {
		return nil, err
	}
	return &Playground{name: name, scene: sc, controls: cs}, nil
}

// Controls returns the playground's controls, in the page's order.
func (p *Playground) Controls() []*controls.Control { return p.controls }

// Move sets every control to its position in pos (one per control; each
// clamped) and reports whether any of them moved.
func (p *Playground) Move(pos []int) (bool, error) {
	if len(pos) != len(p.controls) {
		return false, fmt.Errorf("live: %d positions for %d controls", len(pos), len(p.controls))
	}
	moved := false
	for i, c := range p.controls {
		if c.Set(pos[i]) {
			moved = true
		}
	}
	return moved, nil
}

// A Picture is what the page's canvas must change to show a new picture:
// the pixels of Rect, as non-premultiplied RGBA rows of 4·Rect.Dx() bytes
// (valid until the next picture), and the caption under it. An empty Rect
// means the canvas already shows it.
type Picture struct {
	Rect    image.Rectangle
	Pix     []byte
	Size    image.Point // the whole picture's
	Caption string
}

// Draw returns the picture for the controls' positions: the figure and
// the readout the notebook prints for the same settings.
func (p *Playground) Draw() (Picture, error) { return p.picture(p.scene.Draw()) }

// Still returns the picture for the controls' positions as an image, and
// its caption: what a page shows before its module runs.
func (p *Playground) Still() (image.Image, string, error) { return p.scene.Draw() }

// Frames returns the number of frames of a replay of the current run.
func (p *Playground) Frames() int { return p.scene.Frames() }

// Frame returns frame i of the replay: the path up to one step, and a
// caption naming the step.
func (p *Playground) Frame(i int) (Picture, error) { return p.picture(p.scene.Frame(i)) }

func (p *Playground) picture(img image.Image, caption string, err error) (Picture, error) {
	if err != nil {
		return Picture{}, err
	}
	pal, ok := img.(*image.Paletted)
	if !ok || pal == nil {
		return Picture{}, errors.New("live: the scene drew no paletted picture")
	}
	r, pix := p.canvas.update(pal)
	return Picture{Rect: r, Pix: pix, Size: pal.Rect.Size(), Caption: caption}, nil
}
