package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"io"
	"math"
	"slices"
	"sync"
	"time"
)

// AnimationOptions set an animation's length and pace.
type AnimationOptions struct {
	// Frames is the number of frames; 0 means 200, the tutorial's count.
	// Curve.Animate shows point i in frame i; Contour.Animate spreads the
	// frames over the longest path, so that the last one shows its end:
	// one per step at first, then further and further apart.
	Frames int
	// EvenSteps makes Contour.Animate space its frames evenly in steps
	// instead.
	EvenSteps bool
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
	scale   int    // pixels per layout pixel
	shownBy []int  // frame i is on screen once GIF image shownBy[i] is drawn
	steps   []int  // the index of the point frame i shows
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

// A changedPixel is a pixel of a frame that differs from the frame before,
// and its new colour.
type changedPixel struct {
	x, y int32
	c    [3]uint8
}

// animate builds the animation of frames over s. Frames are composed in
// full colour first, each only where it may differ from the frame before,
// and their colours counted; then the palette is made for exactly those
// colours and the GIF frames are indexed.
func (s *scene) animate(frames []frameSpec, o AnimationOptions) *Animation {
	for _, t := range s.trails {
		t.reset()
	}
	reach := s.reach(frames)
	d := s.firstFrame(frames[0], reach)
	s.deltas(d, frames)
	return s.encode(d, len(frames), o)
}

// reach is where frames can differ from the background: the dots' places
// in every frame, the trails' clips, the counter (for the tutorial's
// animation, a small part of the figure).
func (s *scene) reach(frames []frameSpec) image.Rectangle {
	var r image.Rectangle
	for _, fr := range frames {
		r = r.Union(dotsBounds(fr.dots, s.clip))
	}
	for _, t := range s.trails {
		r = r.Union(t.clip)
	}
	if s.counter != nil {
		r = r.Union(s.counter.rect)
	}
	return r.Intersect(s.clip)
}

// drafts are an animation's frames in full colour, before the palette:
// frame 0's moving parts, then for each later frame the pixels that
// changed (frame i's are changes[ends[i-1]:ends[i]]), and all their
// colours counted.
type drafts struct {
	cur     *image.RGBA // the frame so far, within reach
	first   *image.RGBA // frame 0 within r0, the rectangle its moving parts cover
	r0      image.Rectangle
	changes []changedPixel
	ends    []int
	hist    histogram
}

// firstFrame paints frame 0 (the background with its moving parts) and
// counts the colours of the whole picture.
func (s *scene) firstFrame(fr frameSpec, reach image.Rectangle) *drafts {
	cur := image.NewRGBA(reach)
	for y := reach.Min.Y; y < reach.Max.Y; y++ {
		copy(cur.Pix[cur.PixOffset(reach.Min.X, y):], s.bg.Pix[s.bg.PixOffset(reach.Min.X, y):s.bg.PixOffset(reach.Max.X, y)])
	}
	for k, t := range s.trails {
		t.grow(fr.upto[k])
	}
	r0, m := s.moving(fr.dots, fr.text)
	s.paint(cur, r0, fr.dots, m)
	first := image.NewRGBA(r0)
	for y := r0.Min.Y; y < r0.Max.Y; y++ {
		copy(first.Pix[first.PixOffset(r0.Min.X, y):], cur.Pix[cur.PixOffset(r0.Min.X, y):cur.PixOffset(r0.Max.X, y)])
	}
	d := &drafts{cur: cur, first: first, r0: r0, hist: histogram{}}
	for _, r := range around(s.bg.Bounds(), r0) {
		d.hist.addRect(s.bg, r)
	}
	d.hist.addRect(first, r0)
	return d
}

// deltas paints the frames after the first, each only in the rectangles
// that may have changed: the trails' new segments, the dots' old and new
// places, the counter. Painted each on its own, they cost their own area,
// not the area of the box around them all.
func (s *scene) deltas(d *drafts, frames []frameSpec) {
	d.ends = make([]int, len(frames))
	var (
		dirty   []image.Rectangle
		scratch []uint8 // the pixels of one dirty rectangle, painted
		m       *image.Alpha
	)
	reach := d.cur.Rect
	for i := 1; i < len(frames); i++ {
		fr, prev := frames[i], frames[i-1]
		dirty = dirty[:0]
		for k, t := range s.trails {
			dirty = append(dirty, t.grow(fr.upto[k]))
		}
		for _, dt := range prev.dots {
			dirty = append(dirty, dt.bounds(s.clip))
		}
		for _, dt := range fr.dots {
			dirty = append(dirty, dt.bounds(s.clip))
		}
		useMask := false
		if s.counter != nil {
			if fr.text != prev.text {
				dirty = append(dirty, s.counter.rect)
			}
			for _, r := range dirty {
				useMask = useMask || r.Overlaps(s.counter.rect)
			}
			if useMask {
				m = s.counter.mask(m, fr.text)
			}
		}
		for _, r := range dirty {
			if r = r.Intersect(reach); r.Empty() {
				continue
			}
			if n := 4 * r.Dx() * r.Dy(); cap(scratch) < n {
				scratch = make([]uint8, n)
			}
			painted := &image.RGBA{Pix: scratch[:4*r.Dx()*r.Dy()], Stride: 4 * r.Dx(), Rect: r}
			if useMask {
				s.paint(painted, r, fr.dots, m)
			} else {
				s.paint(painted, r, fr.dots, nil)
			}
			d.record(painted, r)
		}
		d.ends[i] = len(d.changes)
	}
}

// record keeps the pixels of painted (within r) that differ from the frame
// so far, and counts their colours.
func (d *drafts) record(painted *image.RGBA, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := d.cur.Pix[d.cur.PixOffset(r.Min.X, y):d.cur.PixOffset(r.Max.X, y)]
		src := painted.Pix[painted.PixOffset(r.Min.X, y):painted.PixOffset(r.Max.X, y)]
		for j := 0; j < len(row); j += 4 {
			if row[j] != src[j] || row[j+1] != src[j+1] || row[j+2] != src[j+2] {
				copy(row[j:j+4], src[j:j+4])
				d.changes = append(d.changes, changedPixel{int32(r.Min.X + j/4), int32(y), [3]uint8(src[j : j+3])})
				d.hist[key(src[j], src[j+1], src[j+2])]++
			}
		}
	}
}

// encode makes the palette for the drafts' colours and the GIF: the first
// frame whole, then each later one as the rectangle of its changed pixels,
// transparent where a pixel stays; frames that change nothing lengthen
// the one before.
func (s *scene) encode(d *drafts, n int, o AnimationOptions) *Animation {
	b := s.bg.Bounds()
	q := newQuantizer(d.hist)
	a := &Animation{delay: o.delay(), hold: o.hold(), scale: s.scale, shownBy: make([]int, n), changed: make([]bool, n), curGIF: -1}
	a.g = &gif.GIF{LoopCount: 0, Config: image.Config{ColorModel: q.pal, Width: b.Dx(), Height: b.Dy()}}
	p := q.paletted(s.bg, b)
	q.convert(p, d.first, d.r0)
	a.add(p, a.delay)
	a.changed[0] = true
	for i := 1; i < n; i++ {
		cs := d.changes[d.ends[i-1]:d.ends[i]]
		if len(cs) == 0 {
			a.extend(a.delay) // nothing changed: hold the last image longer
			a.shownBy[i] = a.shownBy[i-1]
			continue
		}
		var tight image.Rectangle
		for _, c := range cs {
			tight = tight.Union(image.Rect(int(c.x), int(c.y), int(c.x)+1, int(c.y)+1))
		}
		img := image.NewPaletted(tight, q.pal) // index 0, transparent, where the pixel stays as it was
		for _, c := range cs {
			img.Pix[img.PixOffset(int(c.x), int(c.y))] = q.of(c.c[0], c.c[1], c.c[2])
		}
		a.add(img, a.delay)
		a.changed[i] = true
		a.shownBy[i] = len(a.g.Image) - 1
	}
	a.extend(a.hold)
	return a
}

// around returns the parts of b outside r: up to four rectangles.
func around(b, r image.Rectangle) []image.Rectangle {
	r = r.Intersect(b)
	if r.Empty() {
		return []image.Rectangle{b}
	}
	parts := []image.Rectangle{
		image.Rect(b.Min.X, b.Min.Y, b.Max.X, r.Min.Y),
		image.Rect(b.Min.X, r.Max.Y, b.Max.X, b.Max.Y),
		image.Rect(b.Min.X, r.Min.Y, r.Min.X, r.Max.Y),
		image.Rect(r.Max.X, r.Min.Y, b.Max.X, r.Max.Y),
	}
	out := parts[:0]
	for _, p := range parts {
		if !p.Empty() {
			out = append(out, p)
		}
	}
	return out
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

// Steps returns, for each frame, the index of the point it shows: the step
// of the run, counted from 0 at the start. Curve.Animate's frame i shows
// point i; Contour.Animate's frames are spread over the longest path.
func (a *Animation) Steps() []int { return slices.Clone(a.steps) }

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

// GIFImages returns the number of images the GIF stores: frames that look
// like the one before are not stored again, but shown longer.
func (a *Animation) GIFImages() int { return len(a.g.Image) }

// LayoutSize returns the size the animation is meant to be seen at: its
// pixels divided by the number drawn per layout pixel (2 by default), so
// that it stays sharp on a high-density screen.
func (a *Animation) LayoutSize() (width, height int) {
	s := max(1, a.scale)
	return a.g.Config.Width / s, a.g.Config.Height / s
}

// WriteGIF encodes the animation.
func (a *Animation) WriteGIF(w io.Writer) error { return writeGIF(w, a.g) }

// GIFBytes returns the encoded animation.
func (a *Animation) GIFBytes() ([]byte, error) {
	var b bytes.Buffer
	if err := a.WriteGIF(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
