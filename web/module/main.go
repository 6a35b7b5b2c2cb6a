//go:build js && wasm

// Command module is the web page's WebAssembly module: one of part 5's
// playgrounds (package web/live), run in a Web Worker of the page,
// so that a slow run never holds up the page's controls. The page's
// script (web/assets/page.js) starts one worker per playground and sends it
// the controls' positions; the module draws the picture into the canvas
// the page handed over (an OffscreenCanvas), or sends the changed pixels
// back when the browser cannot hand one over, and answers with the caption.
//
// The first message from the page names the playground and gives its
// size. Then: {type: "move", seq, pos: [...]}, {type: "replay"}. To the page: {type: "ready", controls: [{name, len}]},
// {type: "picture", seq, frame, caption, ms, [rect, pix]}, {type: "idle",
// seq} (a move that moved nothing), {type: "error", message}.
package main

import (
	"fmt"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/gonb-tutorials/optimizers/web/live"
)

// frameDelay is the pace of a replay, as in the notebook.
const frameDelay = 30 * time.Millisecond

type worker struct {
	p      *live.Playground
	canvas js.Value // an OffscreenCanvas's 2D context, or undefined
	frame  int      // pictures sent

	seq     int   // the newest move received
	pos     []int // its positions
	drawn   int   // the newest move drawn or found to move nothing
	changed chan struct{}
	replays chan struct{}
}

func main() {
	// Every picture allocates a figure-sized image; WebAssembly's collector
	// stops the world, and a larger heap between collections means fewer
	// pauses in a drag.
	debug.SetGCPercent(400)
	start := js.Global().Get("adagradStart")
	name := start.Get("name").String()
	p, err := live.NewPlayground(name, start.Get("width").Int(), start.Get("height").Int())
	if err != nil {
		post(map[string]any{"type": "error", "message": err.Error()})
		return
	}
	w := &worker{p: p, changed: make(chan struct{}, 1), replays: make(chan struct{}, 1)}
	if c := start.Get("canvas"); c.Truthy() {
		w.canvas = c.Call("getContext", "2d")
	}
	ctls := make([]any, len(p.Controls()))
	for i, c := range p.Controls() {
		ctls[i] = map[string]any{"name": c.Name(), "len": c.Len()}
	}
	js.Global().Set("onmessage", js.FuncOf(w.receive))
	post(map[string]any{"type": "ready", "controls": ctls})
	w.draw()
	w.loop()
}

// receive takes a message from the page. A move only replaces the last
// one: the loop draws the newest positions when it is free.
func (w *worker) receive(_ js.Value, args []js.Value) any {
	m := args[0].Get("data")
	switch m.Get("type").String() {
	case "move":
		seq := m.Get("seq").Int()
		if seq <= w.seq {
			return nil
		}
		a := m.Get("pos")
		pos := make([]int, a.Length())
		for i := range pos {
			pos[i] = a.Index(i).Int()
		}
		w.seq, w.pos = seq, pos
		signal(w.changed)
	case "replay":
		signal(w.replays)
	}
	return nil
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

func (w *worker) loop() {
	for {
		select {
		case <-w.changed:
			w.take()
		case <-w.replays:
			w.replay()
		}
	}
}

// take applies the newest move and draws it if it moved a control.
func (w *worker) take() bool {
	moved, err := w.p.Move(w.pos)
	w.drawn = w.seq
	switch {
	case err != nil:
		post(map[string]any{"type": "error", "message": err.Error()})
	case moved:
		w.draw()
	default:
		post(map[string]any{"type": "idle", "seq": w.drawn})
	}
	return moved
}

func (w *worker) draw() { w.show(w.p.Draw) }

// replay plays the run, then shows the whole of it again; a move ends it
// early, and "replay" starts it over.
func (w *worker) replay() {
	n := w.p.Frames()
	for i := 0; i < n; i++ {
		w.show(func() (live.Picture, error) { return w.p.Frame(i) })
		select {
		case <-time.After(frameDelay):
		case <-w.changed:
			if w.take() {
				return
			}
		case <-w.replays:
			i = -1
		}
	}
	w.draw()
}

// show draws a picture and tells the page; a failed picture keeps the
// last one and says why in the caption.
func (w *worker) show(draw func() (live.Picture, error)) {
	t0 := time.Now()
	pic, err := draw()
	msg := map[string]any{"type": "picture", "seq": w.drawn}
	if err != nil {
		msg["caption"] = "error: " + err.Error()
	} else {
		msg["caption"] = pic.Caption
		if !pic.Rect.Empty() {
			w.paint(pic, msg)
		}
	}
	w.frame++
	msg["frame"] = w.frame
	msg["ms"] = float64(time.Since(t0).Microseconds()) / 1000
	post(msg)
}

// paint puts the changed pixels on the canvas, or into the message for
// the page to put there.
func (w *worker) paint(pic live.Picture, msg map[string]any) {
	r := pic.Rect
	data := js.Global().Get("Uint8ClampedArray").New(len(pic.Pix))
	js.CopyBytesToJS(data, pic.Pix)
	if w.canvas.Truthy() {
		img := js.Global().Get("ImageData").New(data, r.Dx(), r.Dy())
		w.canvas.Call("putImageData", img, r.Min.X, r.Min.Y)
		return
	}
	msg["rect"] = []any{r.Min.X, r.Min.Y, r.Dx(), r.Dy()}
	msg["pix"] = data
}

func post(msg map[string]any) {
	if err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		js.Global().Call("postMessage", msg)
		return nil
	}(); err != nil {
		js.Global().Get("console").Call("error", "adagrad module:", err.Error())
	}
}
