package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"io"
	"math"
	"sync"
	"time"
)

// AnimationOptions set an animation's length and pace.
type AnimationOptions struct {
	// Frames is the number of frames; 0 means 200, the tutorial's count.
	// Curve.Animate shows point i in frame i; Contour.Animate spreads the
	// frames evenly over the longest path, so that the last one shows its
	// end.
	Frames int
	// FPS is the number of frames per second, in (0, 100]; 0 means 50, the
	// tutorial's 20 ms a frame. GIF delays are whole hundredths of a second
	// (at most 655.35 s), so the delay is rounded, and an FPS whose delay
	// does not fit is refused. Browsers slow delays under 20 ms.
	FPS float64
	// Hold is how long the last frame stays on screen, beyond its delay,
	// before the animation starts again. 0 means the default: nothing for
	// Curve (the tutorial's animation), 1.5 s for Contour, so that the end
	// of a path can be read. A negative Hold means none.
	Hold time.Duration
}

// maxDelay is the longest GIF delay, in hundredths of a second.
const maxDelay = math.MaxUint16

// maxHold bounds Hold, so that a typo cannot make a GIF of endless frames.
const maxHold = 10 * time.Minute

func (o AnimationOptions) withDefaults(hold time.Duration) (AnimationOptions, error) {
	if o.Frames == 0 {
		o.Frames = 200
	}
	if o.FPS == 0 {
		o.FPS = 50
	}
	switch {
	case o.Hold == 0:
		o.Hold = hold
	case o.Hold < 0:
		o.Hold = 0
	}
	if o.Frames < 1 {
		return o, fmt.Errorf("plotting: AnimationOptions.Frames = %d, want >= 1", o.Frames)
	}
	if math.IsNaN(o.FPS) || o.FPS <= 0 || o.FPS > 100 {
		return o, fmt.Errorf("plotting: AnimationOptions.FPS = %v, want a number in (0, 100]", o.FPS)
	}
	if d := math.Round(100 / o.FPS); d > maxDelay {
		return o, fmt.Errorf("plotting: AnimationOptions.FPS = %v: a frame would last %.4g s, and a GIF frame lasts at most 655.35 s (FPS >= %.4g)", o.FPS, 1/o.FPS, minFPS)
	}
	if o.Hold > maxHold {
		return o, fmt.Errorf("plotting: AnimationOptions.Hold = %v, want at most %v", o.Hold, maxHold)
	}
	return o, nil
}

// minFPS is the lowest frame rate whose delay fits a GIF frame.
var minFPS = 100 / (maxDelay + 0.5)

// delay is the GIF delay of one frame in hundredths of a second.
func (o AnimationOptions) delay() int { return max(1, int(math.Round(100/o.FPS))) }

// hold is the extra delay of the last frame in hundredths of a second.
func (o AnimationOptions) hold() int {
	return int(o.Hold.Round(10*time.Millisecond) / (10 * time.Millisecond))
}

// An Animation is an animated GIF built from a static figure and moving
// parts, with its frames kept for display as images.
type Animation struct {
	g       *gif.GIF
	shownBy []int  // frame i is on screen once GIF image shownBy[i] is drawn
	changed []bool // frame i differs from frame i-1
	delay   int    // hundredths of a second per frame
	hold    int    // extra hundredths for the last frame

	mu     sync.Mutex
	cur    *image.Paletted // the last frame Frame composed, for replaying on
	curGIF int             // the GIF image cur shows
}

// A frameSpec is what one frame shows over the scene: each trail up to
// a number of points, the dots, the counter's text.
type frameSpec struct {
	upto []int
	dots []dot
	text string
}

// delta is a frame's change from the frame before: the pixels of rect
// whose colour changed (mask), in full colour.
type delta struct {
	rect image.Rectangle
	pix  []uint8 // RGBA, rect.Dx()*rect.Dy()*4
	mask []bool
}

// A changedPixel is a pixel of a frame that differs from the frame before.
type changedPixel struct {
	x, y int
	c    [3]uint8
}

// animate builds the animation of frames over s. Frames are composed in
// full colour first (only the rectangle each frame changes), their colours
// counted; then the palette is made for exactly those colours and the GIF
// frames are indexed.
func (s *scene) animate(frames []frameSpec, o AnimationOptions) *Animation {
	b := s.bg.Bounds()
	for _, t := range s.trails {
		t.reset()
	}
	hist := histogram{}
	// Frame 0, whole.
	for k, t := range s.trails {
		t.grow(frames[0].upto[k])
	}
	cur := s.image(frames[0].dots, frames[0].text)
	hist.addRect(cur, b)
	deltas := make([]delta, len(frames))
	for i := 1; i < len(frames); i++ {
		fr, prev := frames[i], frames[i-1]
		// What may have changed: the trails' new segments, the dots' old
		// and new places, the counter. Painted each on its own, they cost
		// their own area, not the area of the box around them all.
		var dirty []image.Rectangle
		for k, t := range s.trails {
			dirty = append(dirty, t.grow(fr.upto[k]))
		}
		for _, d := range append(append([]dot(nil), prev.dots...), fr.dots...) {
			dirty = append(dirty, d.bounds(s.clip))
		}
		var m *image.Alpha
		if s.counter != nil && fr.text != prev.text {
			dirty = append(dirty, s.counter.rect)
		}
		if s.counter != nil {
			for _, r := range dirty {
				if r.Overlaps(s.counter.rect) {
					m = s.counter.mask(fr.text)
					break
				}
			}
		}
		var changed []changedPixel
		var tight image.Rectangle
		for _, r := range dirty {
			if r = r.Intersect(b); r.Empty() {
				continue
			}
			scratch := image.NewRGBA(r)
			s.paint(scratch, r, fr.dots, m)
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					j, k := cur.PixOffset(x, y), scratch.PixOffset(x, y)
					if !bytes.Equal(cur.Pix[j:j+3], scratch.Pix[k:k+3]) {
						copy(cur.Pix[j:j+4], scratch.Pix[k:k+4])
						changed = append(changed, changedPixel{x, y, [3]uint8(scratch.Pix[k : k+3])})
						tight = tight.Union(image.Rect(x, y, x+1, y+1))
					}
				}
			}
		}
		if len(changed) == 0 {
			continue
		}
		d := delta{rect: tight, pix: make([]uint8, 4*tight.Dx()*tight.Dy()), mask: make([]bool, tight.Dx()*tight.Dy())}
		for _, c := range changed {
			k := (c.y-tight.Min.Y)*tight.Dx() + c.x - tight.Min.X
			if !d.mask[k] {
				hist[key(c.c[0], c.c[1], c.c[2])]++
			}
			d.mask[k] = true
			copy(d.pix[4*k:], c.c[:])
		}
		deltas[i] = d
	}

	// The first frame again, for the GIF: drawing it twice costs less
	// memory than keeping a copy while the others are composed.
	cur = nil
	for k, t := range s.trails {
		t.reset()
		t.grow(frames[0].upto[k])
	}
	first := s.image(frames[0].dots, frames[0].text)
	q := newQuantizer(hist)
	a := &Animation{delay: o.delay(), hold: o.hold(), shownBy: make([]int, len(frames)), changed: make([]bool, len(frames)), curGIF: -1}
	a.g = &gif.GIF{LoopCount: 0, Config: image.Config{ColorModel: q.pal, Width: b.Dx(), Height: b.Dy()}}
	a.add(q.paletted(first, b), a.delay)
	a.changed[0] = true
	for i := 1; i < len(frames); i++ {
		d := deltas[i]
		if d.rect.Empty() {
			a.extend(a.delay) // nothing changed: hold the last image longer
			a.shownBy[i] = a.shownBy[i-1]
			continue
		}
		img := image.NewPaletted(d.rect, q.pal)
		for k, ch := range d.mask {
			if ch {
				img.Pix[k] = q.of(d.pix[4*k], d.pix[4*k+1], d.pix[4*k+2])
			} // else index 0: transparent, the pixel stays as it was
		}
		a.add(img, a.delay)
		a.changed[i] = true
		a.shownBy[i] = len(a.g.Image) - 1
	}
	a.extend(a.hold)
	return a
}

// add appends a GIF image shown for delay hundredths of a second.
func (a *Animation) add(img *image.Paletted, delay int) {
	a.g.Image = append(a.g.Image, img)
	a.g.Delay = append(a.g.Delay, 0)
	a.g.Disposal = append(a.g.Disposal, gif.DisposalNone)
	a.extend(delay)
}

// extend lengthens the last GIF image's delay; what does not fit its 16
// bits goes to one-pixel transparent images that change nothing.
func (a *Animation) extend(delay int) {
	for delay > 0 {
		last := len(a.g.Delay) - 1
		room := maxDelay - a.g.Delay[last]
		if room == 0 {
			a.g.Image = append(a.g.Image, image.NewPaletted(image.Rect(0, 0, 1, 1), a.g.Image[0].Palette))
			a.g.Delay = append(a.g.Delay, 0)
			a.g.Disposal = append(a.g.Disposal, gif.DisposalNone)
			continue
		}
		n := min(room, delay)
		a.g.Delay[last] += n
		delay -= n
	}
}

// Len returns the number of frames, before identical ones are merged.
func (a *Animation) Len() int { return len(a.shownBy) }

// Changed reports whether frame i looks different from frame i-1; frame 0
// always does. A live preview can skip the frames that do not.
func (a *Animation) Changed(i int) bool { return a.changed[i] }

// Delay returns the time each frame is shown.
func (a *Animation) Delay() time.Duration { return time.Duration(a.delay) * 10 * time.Millisecond }

// Hold returns how long the last frame stays beyond its delay.
func (a *Animation) Hold() time.Duration { return time.Duration(a.hold) * 10 * time.Millisecond }

// Duration returns the length of one loop of the animation, the hold
// included.
func (a *Animation) Duration() time.Duration {
	return time.Duration(a.Len())*a.Delay() + a.Hold()
}

// Frame returns frame i as an image: the GIF's images composed up to the
// one that shows it, as a viewer composes them. Asking for the frames in
// order costs one small rectangle each. It is safe for concurrent use.
func (a *Animation) Frame(i int) *image.Paletted {
	a.mu.Lock()
	defer a.mu.Unlock()
	target := a.shownBy[i]
	if a.cur == nil || a.curGIF > target {
		first := a.g.Image[0]
		a.cur = image.NewPaletted(first.Rect, first.Palette)
		copy(a.cur.Pix, first.Pix)
		a.curGIF = 0
	}
	for ; a.curGIF < target; a.curGIF++ {
		d := a.g.Image[a.curGIF+1]
		for y := d.Rect.Min.Y; y < d.Rect.Max.Y; y++ {
			src := d.Pix[d.PixOffset(d.Rect.Min.X, y):]
			dst := a.cur.Pix[a.cur.PixOffset(d.Rect.Min.X, y):]
			for x := 0; x < d.Rect.Dx(); x++ {
				if src[x] != 0 {
					dst[x] = src[x]
				}
			}
		}
	}
	img := image.NewPaletted(a.cur.Rect, a.cur.Palette)
	copy(img.Pix, a.cur.Pix)
	return img
}

// GIF returns the animation as the standard library's GIF: the first frame
// whole, then only the pixels that changed, identical frames merged.
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
