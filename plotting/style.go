package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"golang.org/x/image/font/opentype"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Matplotlib's default colours, which the tutorial's figure uses.
var (
	Blue  = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff} // "C0", the curve
	Red   = color.RGBA{R: 0xff, A: 0xff}                   // the moving point
	Black = color.RGBA{A: 0xff}
	// Path colours for several runs on one figure: matplotlib's C1..C4.
	Orange = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	Green  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	Purple = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}
	Brown  = color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}
	gridC  = color.NRGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0x80} // #b0b0b0 at alpha 0.5
)

// Cycle is the colour order for several paths or lines on one figure.
var Cycle = []color.Color{Blue, Orange, Green, Red, Purple, Brown}

// DefaultWidth and DefaultHeight are the notebook size: half the tutorial's
// 1920x1080, with everything scaled to match.
const (
	DefaultWidth  = 960
	DefaultHeight = 540
	minSide       = 16
	maxSide       = 8192
)

// checkSize reports a size outside 16..8192 pixels, naming the field.
func checkSize(field string, w, h int) error {
	if w < minSide || w > maxSide || h < minSide || h > maxSide {
		return fmt.Errorf("plotting: %s %dx%d: width and height must be in %d..%d", field, w, h, minSide, maxSide)
	}
	return nil
}

// ParseSize reads a size written WxH, such as 960x540.
func ParseSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(ws)
		if err == nil {
			h, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("size %q: want WIDTHxHEIGHT, e.g. 960x540", s)
	}
	if err := checkSize("size", w, h); err != nil {
		return 0, 0, fmt.Errorf("size %q: width and height must be in %d..%d", s, minSide, maxSide)
	}
	return w, h, nil
}

// sans is matplotlib's default font, DejaVu Sans, added to gonum/plot's
// font cache on first use (parsing it costs a few milliseconds, which a
// package initializer would charge to every program that imports this one).
var (
	sans     = font.Font{Typeface: "DejaVu", Variant: "Sans"}
	sansOnce sync.Once
)

func loadSans() {
	sansOnce.Do(func() {
		f, err := opentype.Parse(dejavusans.TTF)
		if err != nil {
			panic("plotting: the embedded DejaVu Sans does not parse: " + err.Error())
		}
		font.DefaultCache.Add(font.Collection{{Font: sans, Face: f}})
	})
}

// figure is the geometry shared by the figures: an image of W×H pixels whose
// axes box sits where matplotlib puts it (left 12.5%, right 90%, bottom 11%,
// top 88%), drawn on a gonum canvas whose unit is one pixel. pt is the
// number of pixels in one of matplotlib's points at this size: the tutorial's
// 1920x1080 figure at 100 dpi has 100/72.
type figure struct {
	w, h int
	pt   float64
	data vg.Rectangle // the axes box, in canvas units (origin bottom left)
}

func newFigure(w, h int) figure {
	f := figure{w: w, h: h, pt: float64(h) / 10.8 / 72}
	f.data = vg.Rectangle{
		Min: vg.Point{X: vg.Length(0.125 * float64(w)), Y: vg.Length(0.11 * float64(h))},
		Max: vg.Point{X: vg.Length(0.9 * float64(w)), Y: vg.Length(0.88 * float64(h))},
	}
	return f
}

// len converts matplotlib points to canvas units.
func (f figure) len(points float64) vg.Length { return vg.Length(points * f.pt) }

// style applies the tutorial's look to p: 22-point text, ticks outside, no
// padding between axes and data. The title is drawn by render, centred on
// the axes as matplotlib does (gonum centres it on the whole canvas).
func (f figure) style(p *plot.Plot, xlabel, ylabel string) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Padding = 0
		a.Width = f.len(0.8)
		a.Tick.Width = f.len(0.8)
		a.Tick.Length = f.len(3.5)
		a.Tick.Label.Font = f.font(22)
		a.Label.TextStyle.Font = f.font(22)
		a.Label.Padding = f.len(4)
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	// Matplotlib's label gap is 4 pt from the tick labels; gonum's own
	// spacing already leaves about that much below the x tick labels.
	p.X.Label.Padding = 0
	if len([]rune(ylabel)) <= 2 {
		// gonum turns the y label a quarter; turning it back keeps a short
		// name upright, as the tutorial's rotation = 0. gonum still makes
		// room for it lying down (its height); give back the difference.
		sty := p.Y.Label.TextStyle
		p.Y.Label.TextStyle.Rotation = -math.Pi / 2
		p.Y.Label.Padding -= sty.Height(ylabel) - sty.Width(ylabel)
	}
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Legend.TextStyle.Font = f.font(18)
}

// font returns DejaVu Sans at a size in matplotlib points.
func (f figure) font(points float64) font.Font {
	loadSans()
	return font.From(sans, f.len(points))
}

// grid returns the tutorial's light grid at the major ticks.
func (f figure) grid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridC, Width: f.len(0.8)}
	g.Horizontal = g.Vertical
	return g
}

// frame draws the four sides of the axes box. Like matplotlib, it snaps
// each side to the middle of the nearest pixel row or column, so the box is
// crisp rather than smeared over two pixels; the axes' own lines are off.
type frame struct {
	width vg.Length
	h     int // image height, to turn canvas y (up) into pixel rows (down)
}

func (fr frame) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := draw.LineStyle{Color: Black, Width: fr.width}
	h := vg.Length(fr.h)
	snapX := func(x vg.Length) vg.Length { return vg.Length(math.Round(float64(x))) + 0.5 }
	snapY := func(y vg.Length) vg.Length { return h - (vg.Length(math.Round(float64(h-y))) + 0.5) }
	x0, x1 := snapX(c.Min.X), snapX(c.Max.X)
	y0, y1 := snapY(c.Min.Y), snapY(c.Max.Y)
	c.StrokeLines(sty, []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}, {X: x0, Y: y0}})
}

// A panel is one plot of a figure, its data area at box, its title above.
type panel struct {
	p     *plot.Plot
	box   vg.Rectangle
	title string
}

// render draws p so that its data area is exactly f.data, on white.
func (f figure) render(p *plot.Plot, title string) (*image.RGBA, error) {
	return f.renderPanels(panel{p: p, box: f.data, title: title})
}

// renderPanels draws each panel's plot with its data area at its box.
func (f figure) renderPanels(panels ...panel) (img *image.RGBA, err error) {
	defer func() {
		// gonum/plot panics on some degenerate inputs; report, don't crash.
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("plotting: drawing the figure: %v", r)
		}
	}()
	canvas := vgimg.NewWith(vgimg.UseWH(vg.Length(f.w), vg.Length(f.h)), vgimg.UseDPI(72))
	full := draw.New(canvas)
	for _, pn := range panels {
		p := pn.p
		p.Add(frame{width: f.len(0.8), h: f.h})
		p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0
		p.BackgroundColor = nil // the canvas is white already
		// gonum fits the data area inside the canvas it is given, leaving
		// room for labels and ticks; move the canvas's edges until the data
		// area lands on the box. gonum's padding depends a little on the
		// canvas size, so a few rounds are needed.
		outer := full
		for range 6 {
			dc := p.DataCanvas(outer)
			outer.Min.X += pn.box.Min.X - dc.Min.X
			outer.Min.Y += pn.box.Min.Y - dc.Min.Y
			outer.Max.X += pn.box.Max.X - dc.Max.X
			outer.Max.Y += pn.box.Max.Y - dc.Max.Y
		}
		// gonum anchors the legend to the plot's corner, not the axes'.
		p.Legend.XOffs += pn.box.Max.X - outer.Max.X
		p.Legend.YOffs += pn.box.Max.Y - outer.Max.Y
		p.Draw(outer)
		if pn.title != "" {
			// Matplotlib: 1.2 times the text size, baseline 6 pt above the
			// axes, centred on them. gonum's plain text handler puts the
			// baseline at pt.Y - ascent + size for a bottom-aligned line.
			sty := p.Title.TextStyle
			sty.Font = f.font(26.4)
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			fe := sty.FontExtents()
			baseline := pn.box.Max.Y + f.len(6)
			full.FillText(sty, vg.Point{X: (pn.box.Min.X + pn.box.Max.X) / 2, Y: baseline + fe.Ascent - sty.Font.Size}, pn.title)
		}
	}
	rgba, ok := canvas.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("plotting: canvas is %T, not RGBA", canvas.Image())
	}
	return rgba, nil
}

// ticks returns labelled major ticks from lo to hi by step, with
// matplotlib's minus sign.
func ticks(lo, hi, step float64) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for v := math.Ceil(lo/step-1e-9) * step; v <= hi+1e-9*step; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ts = append(ts, plot.Tick{Value: v, Label: strings.ReplaceAll(strconv.FormatFloat(v, 'g', 4, 64), "-", "\u2212")})
	}
	return ts
}

// niceStep returns a tick step of 1, 2 or 5 times a power of ten that gives
// about n ticks over span.
func niceStep(span float64, n int) float64 {
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}
