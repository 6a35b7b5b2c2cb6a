package plotting

import (
	"cmp"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"slices"
	"testing"
)

// frameError compares a GIF's picture with the full-colour one: the share
// of pixels whose colour changed and the largest error in a channel.
func frameError(shown image.Image, full *image.RGBA) (changed float64, worst int) {
	b := full.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := shown.At(x, y).RGBA()
			i := full.PixOffset(x, y)
			e := max(int(diff(r1, uint32(full.Pix[i])<<8)), int(diff(g1, uint32(full.Pix[i+1])<<8)), int(diff(b1, uint32(full.Pix[i+2])<<8)))
			if e > 0 {
				n++
			}
			worst = max(worst, e)
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy()), worst
}

// TestGIFLooksLikeImage plays the tutorial's animation, decoded from its
// GIF bytes, and compares frames with Curve.Image of the same point. The
// frames have several hundred colours (the antialiased edges of text and
// lines), so some must change: mapping each to its nearest palette entry
// must keep the error small and rare.
func TestGIFLooksLikeImage(t *testing.T) {
	points := run1D(t).Points
	for _, c := range []struct {
		w, h       int
		maxChanged float64
		maxError   int
	}{
		{960, 540, 0.005, 16},
		{1920, 1080, 0.003, 16},
	} {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			o := TutorialCurve(0.05)
			o.Width, o.Height, o.Scale = c.w, c.h, 1
			curve, err := NewCurve(o)
			if err != nil {
				t.Fatal(err)
			}
			a, err := curve.Animate(points, AnimationOptions{})
			if err != nil {
				t.Fatal(err)
			}
			g := decodeGIF(t, a)
			shown := composite(t, g)
			var worstShare float64
			var worstErr int
			for _, i := range []int{0, 1, 10, 50, 120, 199} {
				share, e := frameError(shown.at(2*i), curve.Image(points[i]).RGBA)
				worstShare, worstErr = max(worstShare, share), max(worstErr, e)
			}
			h := histogram{}
			for _, i := range []int{0, 199} {
				img := curve.Image(points[i]).RGBA
				h.addRect(img, img.Bounds())
			}
			t.Logf("%d colours in frames 0 and 199, %d palette entries; worst frame: %.4f%% of pixels changed, largest channel error %d", len(h), len(g.Config.ColorModel.(color.Palette)), 100*worstShare, worstErr)
			if worstShare > c.maxChanged || worstErr > c.maxError {
				t.Errorf("a GIF frame differs from Image in %.4f%% of its pixels, by up to %d; want at most %.4f%% and %d", 100*worstShare, worstErr, 100*c.maxChanged, c.maxError)
			}
		})
	}
}

// TestQuantizer checks the palette against a brute-force search: with at
// most 255 colours every colour is in it; with more, every colour maps to
// the entry nearest to it, and the most frequent colours are exact.
func TestQuantizer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 255, 256, 3000} {
		h := histogram{}
		for len(h) < n {
			h[uint32(rng.IntN(1<<24))] = 1 + rng.IntN(1000)
		}
		q := newQuantizer(h)
		if len(q.pal) > 256 {
			t.Fatalf("%d colours: palette of %d", n, len(q.pal))
		}
		for k := range h {
			c := unkey(k)
			i := q.of(c.R, c.G, c.B)
			if i == 0 {
				t.Fatalf("%d colours: %v mapped to the transparent entry", n, c)
			}
			got := colorDist(k, rgbKey(q.pal[i]))
			for j := 1; j < len(q.pal); j++ {
				if d := colorDist(k, rgbKey(q.pal[j])); d < got {
					t.Fatalf("%d colours: %v mapped to %v (distance %d), but %v is nearer (%d)", n, c, q.pal[i], got, q.pal[j], d)
				}
			}
			if n <= 255 && got != 0 {
				t.Fatalf("%d colours: %v is not in the palette", n, c)
			}
		}
	}
}

func rgbKey(c color.Color) uint32 {
	r, g, b, _ := c.RGBA()
	return key(uint8(r>>8), uint8(g>>8), uint8(b>>8))
}

// TestGIFExactPalette animates a dot over a picture of few colours: the
// frames' colours fit a palette, so every pixel of every decoded frame must
// be exactly the full-colour frame's.
func TestGIFExactPalette(t *testing.T) {
	b := image.Rect(0, 0, 120, 80)
	under := image.NewRGBA(b)
	for y := range 80 {
		for x := range 120 {
			c := color.RGBA{R: 255, G: 255, B: 255, A: 255}
			if x/20%2 == y/20%2 {
				c = color.RGBA{R: 200, G: 220, B: 240, A: 255}
			}
			under.SetRGBA(x, y, c)
		}
	}
	sc := newScene(under, nil, nil, b)
	var frames []frameSpec
	for i := range 30 {
		frames = append(frames, frameSpec{dots: []dot{{x: 10 + 3.3*float64(i), y: 15 + 1.7*float64(i), r: 4.5, c: Red, edge: Black, ew: 1}}})
	}
	a := sc.animate(frames, AnimationOptions{Frames: 30, FPS: 50})
	g := decodeGIF(t, a)
	h := histogram{}
	for _, fr := range frames {
		img := sc.image(fr.dots, "")
		h.addRect(img, b)
	}
	if len(h) > paletteSize {
		t.Fatalf("%d colours: too many to test an exact palette", len(h))
	}
	shown := composite(t, g)
	for i, fr := range frames {
		if share, e := frameError(shown.at(2*i), sc.image(fr.dots, "")); share != 0 {
			t.Errorf("frame %d: %.2f%% of the pixels changed colour, by up to %d", i, 100*share, e)
		}
	}
}

// TestHistogramCountsPixels: addRect counts every pixel of its rectangle,
// whatever the runs: long runs of one colour (which it reads two pixels at
// a time), runs of one pixel, runs across rows, odd lengths, a rectangle
// inside the image; against a count pixel by pixel.
func TestHistogramCountsPixels(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	img := image.NewRGBA(image.Rect(-3, 2, 137, 61))
	cols := []color.RGBA{{R: 255, G: 255, B: 255, A: 255}, {R: 1, G: 2, B: 3, A: 255}, {R: 200, A: 255}, {B: 9, A: 255}}
	c := cols[0]
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if rng.IntN(7) == 0 {
				c = cols[rng.IntN(len(cols))]
			}
			if rng.IntN(50) == 0 { // a lone pixel
				img.SetRGBA(x, y, color.RGBA{R: uint8(rng.IntN(256)), G: 7, A: 255})
				continue
			}
			img.SetRGBA(x, y, c)
		}
	}
	for _, r := range []image.Rectangle{img.Rect, image.Rect(0, 5, 101, 40), image.Rect(7, 9, 8, 60)} {
		h := histogram{}
		h.addRect(img, r)
		want := map[uint32]int{}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				p := img.RGBAAt(x, y)
				want[key(p.R, p.G, p.B)]++
			}
		}
		if len(h) != len(want) {
			t.Errorf("%v: %d colours counted, want %d", r, len(h), len(want))
		}
		for k, n := range want {
			if h[k] != n {
				t.Errorf("%v: colour %06x counted %d times, it has %d pixels", r, k, h[k], n)
			}
		}
	}
}

// TestPaletteOrder: the palette lists colours by how many pixels have
// them, most first, and colours with equal counts by value, lowest first;
// with more than 255 colours, the first of them are the most frequent, in
// that order. So the same frames give the same palette every run.
func TestPaletteOrder(t *testing.T) {
	for _, n := range []int{40, 600} {
		h := histogram{}
		rng := rand.New(rand.NewPCG(7, uint64(n)))
		for len(h) < n {
			h[uint32(rng.IntN(1<<24))] = 1 + rng.IntN(6) // many ties
		}
		var want []uint32
		for k := range h {
			want = append(want, k)
		}
		slices.SortFunc(want, func(a, b uint32) int {
			if h[a] != h[b] {
				return h[b] - h[a]
			}
			return cmp.Compare(a, b)
		})
		q := newQuantizer(h)
		m := min(n, int(frequentShare*paletteSize))
		for i, k := range want[:m] {
			if got := rgbKey(q.pal[i+1]); got != k {
				t.Fatalf("%d colours: entry %d is %06x (%d pixels), want %06x (%d pixels)", n, i+1, got, h[got], k, h[k])
			}
		}
		for range 5 { // again, from the map in another order
			if p := newQuantizer(h).pal; !slices.Equal(p, q.pal) {
				t.Fatalf("%d colours: another palette from the same histogram", n)
			}
		}
	}
}
