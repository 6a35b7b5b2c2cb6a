package plotting

import "gonum.org/v1/plot/vg"

// A plotter draws data on a panel: lines, contours, marks. It maps its
// data to the canvas through the panel's axes (pn.toCanvas) and keeps to
// the axes box (pn.box) as far as it must.
type plotter interface {
	plot(c vg.Canvas, pn *panel)
}
