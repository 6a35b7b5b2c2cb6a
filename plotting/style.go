package plotting

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"git.sr.ht/~sbinet/gg"
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
	img := image.NewRGBA(image.Rect(0, 0, f.w, f.h))
	if err := f.renderLayer(img, layerAll, color.White, panels...); err != nil {
		return nil, err
	}
	return img, nil
}

// renderScene draws the panels as a scene whose moving parts stay within
// clip. Its three layers (under, mid, over) are drawn in turn on one
// image: mid and over are kept only where they have ink (a cover), then
// under is drawn and they are composed over it, and the image is the
// scene's background. One full-size image instead of four.
func (f figure) renderScene(clip image.Rectangle, panels ...*panel) (*scene, error) {
	img := image.NewRGBA(image.Rect(0, 0, f.w, f.h))
	var mid *cover
	for _, pn := range panels {
		if len(pn.middle) > 0 {
			if err := f.renderLayer(img, layerMid, transparent, panels...); err != nil {
				return nil, err
			}
			mid = newCover(img.Rect, img, nil)
			break
		}
	}
	if err := f.renderLayer(img, layerOver, transparent, panels...); err != nil {
		return nil, err
	}
	top := newCover(img.Rect, img, mid)
	if err := f.renderLayer(img, layerUnder, color.White, panels...); err != nil {
		return nil, err
	}
	top.composeOnto(img)
	return &scene{bg: img, top: top, clip: clip.Intersect(img.Rect)}, nil
}

// renderLayer draws layer l of the panels on img, filled with bg first.
func (f figure) renderLayer(img *image.RGBA, l layer, bg color.Color, panels ...*panel) (err error) {
	defer func() {
		// gonum/plot panics on some degenerate inputs; report, don't crash.
		if r := recover(); r != nil {
			err = fmt.Errorf("plotting: drawing the figure: %v", r)
		}
	}()
	canvas := canvasOn(img, bg)
	for _, pn := range panels {
		f.drawPanel(canvas, pn, l)
	}
	return nil
}

// canvasOn returns a gonum canvas that draws on img itself, filled with
// bg. vgimg's own constructors draw on a copy of their image, which at
// 1920x1080 costs 8 MB and a copy per layer; this sets up the same
// drawing context (butt caps, y up) over img instead.
func canvasOn(img *image.RGBA, bg color.Color) *vgimg.Canvas {
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(72))
	if bg != color.White { // NewWith has filled img with white
		draw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	}
	return c
}
