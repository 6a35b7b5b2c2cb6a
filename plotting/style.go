package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"golang.org/x/image/font/opentype"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// The colours of the figures. Blue and Red are matplotlib's, which the
// tutorial's figure uses (its curve and its point); the others are Okabe
// and Ito's colour-blind-safe palette, so that series stay apart for
// readers with any of the common colour-vision deficiencies (the tests
// simulate them).
var (
	Blue  = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff} // matplotlib's "C0", the tutorial's curve
	Red   = color.RGBA{R: 0xff, A: 0xff}                   // the tutorial's moving point
	Black = color.RGBA{A: 0xff}
	// Series colours, Okabe and Ito's.
	Orange     = color.RGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}
	Green      = color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff} // their bluish green
	Vermillion = color.RGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}
	Purple     = color.RGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff} // their reddish purple
	SkyBlue    = color.RGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}
	// Grey is for reference lines: a dark grey, because a mid grey is as
	// light as the series colours and, to a reader without red or green
	// cones, as grey as some of them (0x80 is ΔE 9.6 from Green under
	// deuteranopia; this one 30 from any).
	Grey  = color.RGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	gridC = color.NRGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0x80} // #b0b0b0 at alpha 0.5
)

// Cycle is the colour order for several paths or lines on one figure. Any
// of its first colours, up to all six, stay at least 15 ΔE76 apart under
// protanopia, deuteranopia and tritanopia; every series is also told
// apart by its marks or dashes.
var Cycle = []color.Color{Blue, Orange, Green, Vermillion, Purple, SkyBlue}

// DefaultWidth and DefaultHeight are the notebook size, the layout size of
// a figure whose Width and Height are 0: half the tutorial's 1920x1080.
// DefaultScale is the number of pixels drawn per pixel of the layout size
// when Scale is 0: at 2, a default figure has the tutorial's 1920x1080
// pixels, sharp on a high-density screen when shown at 960x540.
const (
	DefaultWidth  = 960
	DefaultHeight = 540
	DefaultScale  = 2
	minSide       = 16
	maxSide       = 8192
	maxScale      = 4
)

// An Image is a drawn figure: its pixels, Scale of them to each pixel of
// the size it is meant to be seen at, its layout size. Show it at that
// size (display.Image does) and it stays sharp on a high-density screen.
// It is an image.Image; PNG encodes it fastest.
type Image struct {
	*image.RGBA
	Scale int
}

// LayoutSize returns the size the figure is meant to be seen at: its
// pixels divided by Scale.
func (im *Image) LayoutSize() (width, height int) {
	s := max(1, im.Scale)
	return im.Rect.Dx() / s, im.Rect.Dy() / s
}

// sizeOf resolves a figure's layout size and scale (0, 0 means 960x540,
// a scale of 0 means 2) and checks them, naming the options: the layout
// size in 16..8192, the scale in 1..4, at most 8192 pixels a side.
func sizeOf(opts string, w, h, scale int) (figure, error) {
	if w == 0 && h == 0 {
		w, h = DefaultWidth, DefaultHeight
	}
	if scale == 0 {
		scale = DefaultScale
	}
	if err := checkSize(opts+".Width x Height", w, h); err != nil {
		return figure{}, err
	}
	if scale < 1 || scale > maxScale {
		return figure{}, fmt.Errorf("plotting: %s.Scale = %d, want 1..%d (0 means %d)", opts, scale, maxScale, DefaultScale)
	}
	if w*scale > maxSide || h*scale > maxSide {
		return figure{}, fmt.Errorf("plotting: %s: %dx%d at scale %d is %dx%d pixels, more than %d a side", opts, w, h, scale, w*scale, h*scale, maxSide)
	}
	f := newFigure(w*scale, h*scale)
	f.scale = scale
	return f, nil
}

// checkSize reports a size outside 16..8192 pixels, naming the field.
func checkSize(field string, w, h int) error {
	if w < minSide || w > maxSide || h < minSide || h > maxSide {
		return fmt.Errorf("plotting: %s %dx%d: width and height must be in %d..%d", field, w, h, minSide, maxSide)
	}
	return nil
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
// top 88%), drawn on a vg canvas whose unit is one pixel. pt is the
// number of pixels in one of matplotlib's points at this size: the tutorial's
// 1920x1080 figure at 100 dpi has 100/72.
type figure struct {
	w, h  int // pixels
	scale int // pixels per layout pixel
	pt    float64
	data  vg.Rectangle // the axes box, in canvas units (origin bottom left)
}

func newFigure(w, h int) figure {
	f := figure{w: w, h: h, scale: 1, pt: float64(h) / 10.8 / 72}
	f.data = vg.Rectangle{
		Min: vg.Point{X: vg.Length(0.125 * float64(w)), Y: vg.Length(0.11 * float64(h))},
		Max: vg.Point{X: vg.Length(0.9 * float64(w)), Y: vg.Length(0.88 * float64(h))},
	}
	return f
}

// len converts matplotlib points to canvas units.
func (f figure) len(points float64) vg.Length { return vg.Length(points * f.pt) }

// hair converts the width or length of a frame's stroke (a spine, a tick,
// the grid) to canvas units, at least min pixels: at small sizes
// matplotlib's thin strokes would fade to grey.
func (f figure) hair(points, min float64) vg.Length {
	return vg.Length(math.Max(points*f.pt, min))
}

// render draws the panels on white.
func (f figure) render(panels ...*panel) (*Image, error) {
	img := image.NewRGBA(image.Rect(0, 0, f.w, f.h))
	if err := f.renderLayer(img, layerAll, color.White, panels...); err != nil {
		return nil, err
	}
	return f.image(img), nil
}

// image wraps pixels drawn at the figure's size.
func (f figure) image(img *image.RGBA) *Image { return &Image{RGBA: img, Scale: f.scale} }

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
	return &scene{bg: img, top: top, clip: clip.Intersect(img.Rect), scale: f.scale}, nil
}

// renderLayer draws layer l of the panels on img, filled with bg first.
func (f figure) renderLayer(img *image.RGBA, l layer, bg color.Color, panels ...*panel) (err error) {
	defer func() {
		// Drawing panics on some degenerate inputs; report, do not crash.
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
