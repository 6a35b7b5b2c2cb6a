package plotting

import (
	"image"
	"image/color"
	"image/draw"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// A canvas is a vg.Canvas that draws with gg straight onto an image, one
// unit a pixel, y up. It does what gonum's vgimg.Canvas does at 72 dpi.
// vgimg imports vg/draw to register its image formats there, and vg/draw
// brings gonum's LaTeX typesetting and its tables: every program that
// drew a figure had to link and initialise them, and every notebook cell
// that imports this package to build them in.
type canvas struct {
	ctx  *gg.Context
	w, h vg.Length // the image's size; text is drawn y down, from the top
	// width is the line width last set, as vgimg keeps it: not saved by
	// Push, and a stroke of width 0 draws nothing.
	width vg.Length
}

// dpi is the canvas's resolution: 72 dots an inch makes a point, the
// unit of vg's lengths, one pixel.
const dpi = 72

// canvasOn returns a canvas that draws on img itself, filled with bg,
// with butt caps and a 1-wide solid black line set.
func canvasOn(img *image.RGBA, bg color.Color) *canvas {
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	draw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	size := func(px int) vg.Length { return vg.Length(float64(px)/dpi) * vg.Inch }
	c := &canvas{ctx: ctx, w: size(img.Rect.Dx()), h: size(img.Rect.Dy())}
	vg.Initialize(c)
	return c
}

func (c *canvas) SetLineWidth(w vg.Length) {
	c.width = w
	c.ctx.SetLineWidth(w.Dots(dpi))
}

func (c *canvas) SetLineDash(ds []vg.Length, offs vg.Length) {
	dashes := make([]float64, len(ds))
	for i, d := range ds {
		dashes[i] = d.Dots(dpi)
	}
	c.ctx.SetDashOffset(offs.Dots(dpi))
	c.ctx.SetDash(dashes...)
}

func (c *canvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.ctx.SetColor(col)
}

func (c *canvas) Rotate(rad float64)     { c.ctx.Rotate(rad) }
func (c *canvas) Translate(pt vg.Point)  { c.ctx.Translate(pt.X.Dots(dpi), pt.Y.Dots(dpi)) }
func (c *canvas) Scale(x, y float64)     { c.ctx.Scale(x, y) }
func (c *canvas) Push()                  { c.ctx.Push() }
func (c *canvas) Pop()                   { c.ctx.Pop() }
func (c *canvas) Size() (w, h vg.Length) { return c.w, c.h }

func (c *canvas) Stroke(p vg.Path) {
	if c.width <= 0 {
		return
	}
	c.outline(p)
	c.ctx.Stroke()
}

func (c *canvas) Fill(p vg.Path) {
	c.outline(p)
	c.ctx.Fill()
}

// outline lays p out as gg's current path.
func (c *canvas) outline(p vg.Path) {
	for _, comp := range p {
		x, y := comp.Pos.X.Dots(dpi), comp.Pos.Y.Dots(dpi)
		switch comp.Type {
		case vg.MoveComp:
			c.ctx.MoveTo(x, y)
		case vg.LineComp:
			c.ctx.LineTo(x, y)
		case vg.ArcComp:
			c.ctx.DrawArc(x, y, comp.Radius.Dots(dpi), comp.Start, comp.Start+comp.Angle)
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1:
				c.ctx.QuadraticTo(comp.Control[0].X.Dots(dpi), comp.Control[0].Y.Dots(dpi), x, y)
			case 2:
				c.ctx.CubicTo(comp.Control[0].X.Dots(dpi), comp.Control[0].Y.Dots(dpi),
					comp.Control[1].X.Dots(dpi), comp.Control[1].Y.Dots(dpi), x, y)
			}
		case vg.CloseComp:
			c.ctx.ClosePath()
		}
	}
}

// FillString draws str with its baseline starting at pt, in the current
// colour and transform.
func (c *canvas) FillString(f font.Face, pt vg.Point, str string) {
	if f.Font.Size == 0 {
		return
	}
	c.ctx.Push()
	defer c.ctx.Pop()
	face := f.FontFace(dpi)
	defer face.Close()
	c.ctx.SetFontFace(face)
	c.ctx.InvertY()
	c.ctx.DrawString(str, pt.X.Dots(dpi), c.h.Dots(dpi)-pt.Y.Dots(dpi))
}

// DrawImage draws img scaled into rect.
func (c *canvas) DrawImage(rect vg.Rectangle, img image.Image) {
	x, y := rect.Min.X.Dots(dpi), rect.Min.Y.Dots(dpi)
	sz := rect.Size()
	w, h := sz.X.Dots(dpi), sz.Y.Dots(dpi)
	c.ctx.Push()
	c.ctx.Scale(1, -1)
	c.ctx.Translate(x, -y-h)
	c.ctx.Scale(w/float64(img.Bounds().Dx()), h/float64(img.Bounds().Dy()))
	c.ctx.DrawImage(img, 0, 0)
	c.ctx.Pop()
}
