package plotting

import (
	"image/color"

	"gonum.org/v1/plot/vg"
)

// A lineStyle is how a line is stroked. It is ours rather than gonum's
// draw.LineStyle: importing vg/draw for a struct of four fields would link
// gonum's text typesetting into every program that draws a figure.
type lineStyle struct {
	color    color.Color
	width    vg.Length
	dashes   []vg.Length // on, off, on... lengths; nil for a solid line
	dashOffs vg.Length   // where in the pattern the line starts
}

// setLine sets c to stroke with sty.
func setLine(c vg.Canvas, sty lineStyle) {
	c.SetColor(sty.color)
	c.SetLineWidth(sty.width)
	c.SetLineDash(sty.dashes, sty.dashOffs)
}

// strokeLine strokes the polyline through pts with sty.
func strokeLine(c vg.Canvas, sty lineStyle, pts []vg.Point) {
	if len(pts) == 0 {
		return
	}
	setLine(c, sty)
	c.Stroke(linePath(pts, false))
}

// linePath is the path through pts, closed back to the first if closed.
func linePath(pts []vg.Point, closed bool) vg.Path {
	p := make(vg.Path, 0, len(pts)+1)
	p.Move(pts[0])
	for _, pt := range pts[1:] {
		p.Line(pt)
	}
	if closed {
		p.Close()
	}
	return p
}
