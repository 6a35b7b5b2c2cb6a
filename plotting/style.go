package plotting

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"golang.org/x/image/font/opentype"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
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

// render draws the panels on white.
func (f figure) render(panels ...*panel) (*image.RGBA, error) {
	return f.renderLayer(layerAll, color.White, panels...)
}

// renderLayers draws the panels in three layers: the part under moving
// points on white, and the parts between the trails and the points and
// over everything on transparent canvases (premultiplied); mid is nil when
// no panel has anything there.
func (f figure) renderLayers(panels ...*panel) (under, mid, over *image.RGBA, err error) {
	if under, err = f.renderLayer(layerUnder, color.White, panels...); err != nil {
		return nil, nil, nil, err
	}
	for _, pn := range panels {
		if len(pn.middle) > 0 {
			if mid, err = f.renderLayer(layerMid, transparent, panels...); err != nil {
				return nil, nil, nil, err
			}
			break
		}
	}
	if over, err = f.renderLayer(layerOver, transparent, panels...); err != nil {
		return nil, nil, nil, err
	}
	return under, mid, over, nil
}

func (f figure) renderLayer(l layer, bg color.Color, panels ...*panel) (img *image.RGBA, err error) {
	defer func() {
		// gonum/plot panics on some degenerate inputs; report, don't crash.
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("plotting: drawing the figure: %v", r)
		}
	}()
	canvas := vgimg.NewWith(vgimg.UseWH(vg.Length(f.w), vg.Length(f.h)), vgimg.UseDPI(72), vgimg.UseBackgroundColor(bg))
	for _, pn := range panels {
		f.drawPanel(canvas, pn, l)
	}
	rgba, ok := canvas.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("plotting: canvas is %T, not RGBA", canvas.Image())
	}
	return rgba, nil
}
