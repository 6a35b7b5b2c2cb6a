package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"
	"time"
)

// AnimationOptions set an animation's length and pace.
type AnimationOptions struct {
	// Frames is the number of frames; frame i shows point i of each path.
	// 0 means 200, the tutorial's count.
	Frames int
	// FPS is the number of frames per second, in (0, 100]; 0 means 50, the
	// tutorial's 20 ms a frame. GIF delays are whole hundredths of a second,
	// so the delay is rounded (and browsers slow delays under 20 ms).
	FPS float64
}

func (o AnimationOptions) withDefaults() (AnimationOptions, error) {
	if o.Frames == 0 {
		o.Frames = 200
	}
	if o.FPS == 0 {
		o.FPS = 50
	}
	if o.Frames < 1 {
		return o, fmt.Errorf("plotting: Frames = %d, want >= 1", o.Frames)
	}
	if math.IsNaN(o.FPS) || o.FPS <= 0 || o.FPS > 100 {
		return o, fmt.Errorf("plotting: FPS = %v, want a number in (0, 100]", o.FPS)
	}
	return o, nil
}

// delay is the GIF delay of one frame in hundredths of a second.
func (o AnimationOptions) delay() int { return max(1, int(math.Round(100/o.FPS))) }

// An Animation is an animated GIF built from a static figure and moving
// points, with its frames kept for display as images.
type Animation struct {
	g       *gif.GIF
	base    *image.Paletted // the figure without the points
	patches []patch         // frame i's points, over the base
	changed []bool          // frame i differs from frame i-1
	delay   int             // hundredths of a second per frame
}

// patch is the opaque rectangle that turns the base into one frame.
type patch struct {
	rect image.Rectangle
	pix  []uint8
}

// animate builds the animation of frames[i], the dots of frame i, over bg.
func animate(bg *image.RGBA, clip image.Rectangle, frames [][]dot, delay int) *Animation {
	var inks []color.RGBA
	for _, d := range frames[0] {
		inks = append(inks, d.c)
	}
	q := newQuantizer(bg, inks)
	a := &Animation{base: q.paletted(bg), delay: delay, patches: make([]patch, len(frames)), changed: make([]bool, len(frames))}
	a.changed[0] = true
	b := bg.Bounds()
	a.g = &gif.GIF{
		LoopCount: 0, // forever
		Config:    image.Config{ColorModel: q.pal, Width: b.Dx(), Height: b.Dy()},
	}
	// paint returns the palette indices of the dots over the background in
	// rect; scratch is reused.
	var scratch = image.NewRGBA(b)
	paint := func(rect image.Rectangle, dots []dot) []uint8 {
		paintRGBA(scratch, bg, rect, dots, clip)
		out := make([]uint8, 0, rect.Dx()*rect.Dy())
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			for x := rect.Min.X; x < rect.Max.X; x++ {
				i := scratch.PixOffset(x, y)
				out = append(out, q.index(scratch.Pix[i], scratch.Pix[i+1], scratch.Pix[i+2]))
			}
		}
		return out
	}
	for i, dots := range frames {
		r := dotsBounds(dots, clip)
		a.patches[i] = patch{rect: r, pix: paint(r, dots)}
	}

	first := a.Frame(0)
	a.g.Image = append(a.g.Image, first)
	a.g.Delay = append(a.g.Delay, delay)
	a.g.Disposal = append(a.g.Disposal, gif.DisposalNone)
	for i := 1; i < len(frames); i++ {
		// Only what changed: the old points' place and the new points'.
		rect := dotsBounds(frames[i-1], clip).Union(dotsBounds(frames[i], clip))
		cur, prev := paint(rect, frames[i]), paint(rect, frames[i-1])
		if bytes.Equal(cur, prev) {
			a.g.Delay[len(a.g.Delay)-1] += delay // identical: hold the last frame longer
			continue
		}
		a.changed[i] = true
		// Shrink to the pixels that differ, transparent where unchanged.
		w := rect.Dx()
		tight := image.Rectangle{}
		for k := range cur {
			if cur[k] != prev[k] {
				p := image.Pt(rect.Min.X+k%w, rect.Min.Y+k/w)
				tight = tight.Union(image.Rectangle{Min: p, Max: p.Add(image.Pt(1, 1))})
			}
		}
		img := image.NewPaletted(tight, q.pal)
		for y := tight.Min.Y; y < tight.Max.Y; y++ {
			for x := tight.Min.X; x < tight.Max.X; x++ {
				k := (y-rect.Min.Y)*w + x - rect.Min.X
				if cur[k] != prev[k] {
					img.Pix[img.PixOffset(x, y)] = cur[k]
				} // else index 0: transparent
			}
		}
		a.g.Image = append(a.g.Image, img)
		a.g.Delay = append(a.g.Delay, delay)
		a.g.Disposal = append(a.g.Disposal, gif.DisposalNone)
	}
	return a
}

// Len returns the number of frames, before identical ones are merged.
func (a *Animation) Len() int { return len(a.patches) }

// Changed reports whether frame i looks different from frame i-1; frame 0
// always does. A live preview can skip the frames that do not.
func (a *Animation) Changed(i int) bool { return a.changed[i] }

// Delay returns the time each frame is shown.
func (a *Animation) Delay() time.Duration { return time.Duration(a.delay) * 10 * time.Millisecond }

// Duration returns the length of one loop of the animation.
func (a *Animation) Duration() time.Duration { return time.Duration(a.Len()) * a.Delay() }

// Frame returns frame i as an image, composed from the figure drawn once and
// the frame's points.
func (a *Animation) Frame(i int) *image.Paletted {
	img := image.NewPaletted(a.base.Rect, a.base.Palette)
	copy(img.Pix, a.base.Pix)
	p := a.patches[i]
	w := p.rect.Dx()
	for y := p.rect.Min.Y; y < p.rect.Max.Y; y++ {
		o := img.PixOffset(p.rect.Min.X, y)
		copy(img.Pix[o:o+w], p.pix[(y-p.rect.Min.Y)*w:])
	}
	return img
}

// GIF returns the animation as the standard library's GIF: the first frame
// whole, then only changed rectangles, identical frames merged.
func (a *Animation) GIF() *gif.GIF { return a.g }

// WriteGIF encodes the animation.
func (a *Animation) WriteGIF(w io.Writer) error { return gif.EncodeAll(w, a.g) }

// GIFBytes returns the encoded animation.
func (a *Animation) GIFBytes() ([]byte, error) {
	var b bytes.Buffer
	if err := a.WriteGIF(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
