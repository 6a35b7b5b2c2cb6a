package display

import (
	"encoding/base64"
	"fmt"
	"image"
	"math/rand/v2"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gonb-tutorials/optimizers/display/internal/gonbpipe"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// InNotebook reports whether the program runs in a GoNB cell.
func InNotebook() bool { return gonbpipe.InNotebook() }

// show sends d to the page and waits until GoNB has taken it.
func show(d *protocol.DisplayData) {
	gonbpipe.Send(d)
	gonbpipe.Sync()
}

// A laidOut image knows the size it is meant to be seen at, as plotting's
// figures, animations and overlays do.
type laidOut interface{ LayoutSize() (width, height int) }

// layoutSize returns the size v is meant to be seen at, or 0, 0 when it
// does not say.
func layoutSize(v any) (w, h int) {
	if l, ok := v.(laidOut); ok {
		return l.LayoutSize()
	}
	return 0, 0
}

// Image shows img as a PNG, at its layout size if it has one (plotting's
// figures do).
func Image(img image.Image) error {
	b, err := plotting.PNG(img)
	if err != nil {
		return err
	}
	show(imageData(b, img))
	return nil
}

// imageData is the output of a PNG image: with its layout size as
// metadata, which Jupyter's front ends use for the <img>'s width and
// height.
func imageData(png []byte, img image.Image) *protocol.DisplayData {
	d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: png}}
	if w, h := layoutSize(img); w > 0 && (w != img.Bounds().Dx() || h != img.Bounds().Dy()) {
		d.Metadata = map[string]any{string(protocol.MIMEImagePNG): map[string]int{"width": w, "height": h}}
	}
	return d
}

// GIF shows an animated GIF, given as its bytes, at its own size. The
// notebook keeps it as image/gif with an HTML <img> beside it, so that
// front ends that do not render GIF outputs (or code hosts that only
// render HTML) still show it.
func GIF(data []byte) { show(gifData(data, 0, 0)) }

// gifData is the output of a GIF shown at w x h (its own size if 0).
func gifData(data []byte, w, h int) *protocol.DisplayData {
	d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{
		"image/gif":           data,
		protocol.MIMETextHTML: imgHTML("gif", data, w, h, "animation"),
	}}
	if w > 0 {
		d.Metadata = map[string]any{"image/gif": map[string]int{"width": w, "height": h}}
	}
	return d
}

// imgHTML is an <img> of an image's bytes of the given type, w x h if w
// is not 0.
func imgHTML(kind string, data []byte, w, h int, alt string) string {
	size := ""
	if w > 0 {
		size = fmt.Sprintf(` width="%d" height="%d"`, w, h)
	}
	return `<img src="data:image/` + kind + `;base64,` + base64.StdEncoding.EncodeToString(data) + `"` + size + ` alt="` + alt + `"/>`
}

// Animation shows a finished animation inline, at its layout size, and
// returns its GIF bytes, for saving beside the notebook.
func Animation(a *plotting.Animation) ([]byte, error) {
	data, err := a.GIFBytes()
	if err != nil {
		return nil, err
	}
	w, h := a.LayoutSize()
	show(gifData(data, w, h))
	return data, nil
}

// Play previews an animation live: its frames, as PNG images, replace each
// other in one output at the GIF's pace. The output keeps the last frame.
// Outside a notebook Play returns at once.
func Play(a *plotting.Animation) error {
	if !InNotebook() {
		return nil
	}
	// The output's display id must be new to the kernel's session: an id
	// shown before, by an earlier cell, would replace that cell's output.
	id := fmt.Sprintf("adagrad-play-%016x", rand.Uint64())
	w, h := a.LayoutSize()
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
		// As gonbui.UpdateHTML: HTML with a display id, which GoNB sends
		// as an update of that output.
		gonbpipe.Send(&protocol.DisplayData{
			Data:      map[protocol.MIMEType]any{protocol.MIMETextHTML: imgHTML("png", b, w, h, "frame")},
			DisplayID: id,
		})
	}
	// Frame i is shown from i delays after the start (the GIF's clock, not
	// the encoder's); the last one for one delay.
	if wait := time.Until(start.Add(a.Duration())); wait > 0 {
		time.Sleep(wait)
	}
	gonbpipe.Sync()
	return nil
}

// Markdown shows text written in Markdown.
func Markdown(text string) {
	show(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextMarkdown: text}})
}

// Markdownf shows Markdown formatted as fmt.Sprintf formats it.
func Markdownf(format string, args ...any) { Markdown(fmt.Sprintf(format, args...)) }
