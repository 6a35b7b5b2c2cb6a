// Package display shows the tutorial's figures and animations inline in a
// Jupyter notebook running the GoNB kernel. Outside a notebook every
// function does nothing, so code that uses it still runs as a program.
//
// Every function waits until GoNB has taken its output (gonbui.Sync): a
// cell's program may end right after showing something, and output still
// in the pipe when it exits can be lost.
//
// A Panel goes further: GoNB sliders and selects bound to variables, and a
// picture under them that is redrawn in place whenever one moves, from the
// newest values only, until the reader presses "stop". Without a browser
// (nbconvert) it draws the picture once and returns. The controls, and the
// scales that map a slider's whole positions to real values, are package
// controls', which does not import GoNB: the adagrad command's web page
// binds the same controls in a page of its own.
//
// It is the only package of the project that imports GoNB; plotting
// returns plain images and GIFs, and this package sends them to the page.
package display

import (
	"encoding/base64"
	"fmt"
	"image"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gonb-tutorials/optimizers/plotting"
)

// InNotebook reports whether the program runs in a GoNB cell.
func InNotebook() bool { return gonbui.IsNotebook }

// Image shows img as a PNG.
func Image(img image.Image) error {
	b, err := plotting.PNG(img)
	if err != nil {
		return err
	}
	gonbui.DisplayPNG(b)
	gonbui.Sync()
	return nil
}

// GIF shows an animated GIF, given as its bytes. The notebook keeps it as
// image/gif with an HTML <img> beside it, so that front ends that do not
// render GIF outputs (or code hosts that only render HTML) still show it.
func GIF(data []byte) {
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		"image/gif":           data,
		protocol.MIMETextHTML: gifHTML(data),
	}})
	gonbui.Sync()
}

func gifHTML(data []byte) string {
	return `<img src="data:image/gif;base64,` + base64.StdEncoding.EncodeToString(data) + `" alt="animation"/>`
}

// Animation shows a finished animation inline and returns its GIF bytes,
// for saving beside the notebook.
func Animation(a *plotting.Animation) ([]byte, error) {
	data, err := a.GIFBytes()
	if err != nil {
		return nil, err
	}
	GIF(data)
	return data, nil
}

// Play previews an animation live: its frames, as PNG images, replace each
// other in one output at the GIF's pace. The output keeps the last frame.
// Outside a notebook Play returns at once.
func Play(a *plotting.Animation) error {
	if !gonbui.IsNotebook {
		return nil
	}
	id := "adagrad-play-" + gonbui.UniqueId()
	start := time.Now()
	for i := range a.Len() {
		if !a.Changed(i) {
			continue // the page already shows this picture
		}
		if wait := time.Until(start.Add(time.Duration(i) * a.Delay())); wait > 0 {
			time.Sleep(wait)
		}
		b, err := plotting.PNG(a.Frame(i))
		if err != nil {
			return err
		}
		gonbui.UpdateHTML(id, `<img src="data:image/png;base64,`+base64.StdEncoding.EncodeToString(b)+`"/>`)
	}
	// Frame i is shown from i delays after the start (the GIF's clock, not
	// the encoder's); the last one for one delay.
	if wait := time.Until(start.Add(a.Duration())); wait > 0 {
		time.Sleep(wait)
	}
	gonbui.Sync()
	return nil
}

// Markdown shows text written in Markdown.
func Markdown(text string) {
	gonbui.DisplayMarkdown(text)
	gonbui.Sync()
}

// Markdownf shows Markdown formatted as fmt.Sprintf formats it.
func Markdownf(format string, args ...any) { Markdown(fmt.Sprintf(format, args...)) }
