package plotting

import (
	"bufio"
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"math/rand/v2"
	"testing"
)

// testPalette returns a palette of n colours, entry 0 transparent when
// asked, of mixed colour types (image/gif reads RGBA entries directly and
// others through RGBA()).
func testPalette(n int, transparent bool) color.Palette {
	p := make(color.Palette, n)
	for i := range p {
		switch i % 3 {
		case 0:
			p[i] = color.RGBA{R: uint8(i), G: uint8(3 * i), B: uint8(7 * i), A: 255}
		case 1:
			p[i] = color.NRGBA{R: uint8(5 * i), G: uint8(i), B: 9, A: 200}
		default:
			p[i] = color.Gray{Y: uint8(11 * i)}
		}
	}
	if transparent {
		p[0] = color.RGBA{}
	}
	return p
}

// fillImage paints r of a new image: noise, runs of random lengths, or
// one colour, with indices below n.
func fillImage(rng *rand.Rand, r image.Rectangle, pal color.Palette, n int, kind string) *image.Paletted {
	pm := image.NewPaletted(r, pal)
	switch kind {
	case "noise":
		for i := range pm.Pix {
			pm.Pix[i] = uint8(rng.IntN(n))
		}
	case "runs": // long and short runs, mostly of a few values, as figures
		for i := 0; i < len(pm.Pix); {
			v, l := uint8(rng.IntN(min(n, 4))), 1+rng.IntN(3)
			if rng.IntN(3) == 0 {
				v, l = uint8(rng.IntN(n)), 1+rng.IntN(3000)
			} else if rng.IntN(2) == 0 {
				l = 1 + rng.IntN(200)
			}
			for ; l > 0 && i < len(pm.Pix); l, i = l-1, i+1 {
				pm.Pix[i] = v
			}
		}
	case "flat":
		for i := range pm.Pix {
			pm.Pix[i] = uint8(n - 1)
		}
	}
	return pm
}

// TestWriteGIFAsStandardLibrary: writeGIF writes exactly the bytes
// gif.EncodeAll writes, for GIFs of every palette size, images of noise
// (which fills the LZW dictionary: clear codes), of long runs (the
// shortcut), of one colour, empty and one-pixel images, sub-images whose
// rows are not contiguous, loop counts, delays and disposals; and for the
// animations' own GIFs.
func TestWriteGIFAsStandardLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type tc struct {
		name string
		g    *gif.GIF
	}
	var cases []tc
	for _, n := range []int{1, 2, 3, 4, 5, 16, 17, 100, 128, 129, 255, 256} {
		for _, kind := range []string{"noise", "runs", "flat"} {
			pal := testPalette(n, n > 1 && kind != "flat")
			g := &gif.GIF{Config: image.Config{ColorModel: pal, Width: 300, Height: 200}, LoopCount: rng.IntN(3) - 1, BackgroundIndex: uint8(rng.IntN(n))}
			for i, r := range []image.Rectangle{
				image.Rect(0, 0, 300, 200), image.Rect(10, 20, 130, 90), image.Rect(299, 199, 300, 200),
				image.Rect(5, 5, 5, 9), image.Rect(0, 0, 300, 1), image.Rect(40, 0, 41, 200),
			} {
				pm := fillImage(rng, r, pal, n, kind)
				if i == 1 { // a sub-image: rows apart in Pix
					big := fillImage(rng, image.Rect(0, 0, 300, 200), pal, n, kind)
					pm = big.SubImage(r).(*image.Paletted)
				}
				if i == 2 && n > 1 { // a shorter view of the global palette
					pm = fillImage(rng, r, pal[:n-1], n-1, kind)
				}
				g.Image = append(g.Image, pm)
				g.Delay = append(g.Delay, []int{0, 2, 7, 70000}[i%4])
				g.Disposal = append(g.Disposal, []byte{gif.DisposalNone, 0, gif.DisposalBackground, gif.DisposalPrevious}[i%4])
			}
			cases = append(cases, tc{name: kind, g: g})
		}
	}
	// A big image of noise and runs: many dictionary clears, long runs
	// through them.
	pal := testPalette(256, true)
	big := fillImage(rng, image.Rect(0, 0, 1000, 800), pal, 256, "runs")
	copy(big.Pix[100000:], fillImage(rng, image.Rect(0, 0, 1000, 100), pal, 256, "noise").Pix)
	cases = append(cases, tc{"big", &gif.GIF{Image: []*image.Paletted{big}, Delay: []int{0}, Config: image.Config{ColorModel: pal, Width: 1000, Height: 800}}})
	// Images ending at every point of the codes' growth: the last code
	// may widen them before the end code.
	for _, n := range []int{2, 4, 16, 256} {
		pal := testPalette(n, true)
		g := &gif.GIF{Config: image.Config{ColorModel: pal, Width: 700, Height: 1}}
		for w := 1; w <= 700; w++ {
			g.Image = append(g.Image, fillImage(rng, image.Rect(0, 0, w, 1), pal, n, []string{"noise", "runs"}[w%2]))
			g.Delay = append(g.Delay, 2)
		}
		cases = append(cases, tc{"lengths", g})
	}
	// One image, without Disposal.
	one := fillImage(rng, image.Rect(0, 0, 50, 40), pal, 7, "runs")
	cases = append(cases, tc{"single", &gif.GIF{Image: []*image.Paletted{one}, Delay: []int{3}, Config: image.Config{ColorModel: pal, Width: 50, Height: 40}}})
	// The animations.
	c, err := NewCurve(TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate(run1D(t).Points, AnimationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, tc{"curve", a.g})
	ct, err := NewContour(TutorialContour(0.05), Path{Label: "Adagrad", Points: run2D(t).Points})
	if err != nil {
		t.Fatal(err)
	}
	if a, err = ct.Animate(AnimationOptions{Frames: 60}); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, tc{"contour", a.g})

	for _, c := range cases {
		var want, got bytes.Buffer
		if err := gif.EncodeAll(&want, c.g); err != nil {
			t.Fatalf("%s: gif.EncodeAll: %v", c.name, err)
		}
		if err := writeGIF(&got, c.g); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			i := 0
			for i < min(got.Len(), want.Len()) && got.Bytes()[i] == want.Bytes()[i] {
				i++
			}
			t.Errorf("%s (palette of %d): %d bytes, gif.EncodeAll's %d; first difference at byte %d", c.name, len(c.g.Config.ColorModel.(color.Palette)), got.Len(), want.Len(), i)
		}
	}
}

// TestWriteGIFOthers: GIFs that writeGIF leaves to gif.EncodeAll (an image
// with its own palette, a pixel beyond the code width, mismatched delays)
// come out as EncodeAll writes them, errors included; a buffered writer is
// flushed.
func TestWriteGIFOthers(t *testing.T) {
	pal := testPalette(4, true)
	own := image.NewPaletted(image.Rect(0, 0, 4, 4), testPalette(4, true))
	other := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Gray{Y: 9}, color.Gray{Y: 99}}) // a local colour table
	wide := image.NewPaletted(image.Rect(0, 0, 4, 4), pal)
	wide.Pix[5] = 9
	ok := image.NewPaletted(image.Rect(0, 0, 4, 4), pal)
	for _, g := range []*gif.GIF{
		{Image: []*image.Paletted{ok, own}, Delay: []int{1, 1}, Config: image.Config{ColorModel: pal, Width: 4, Height: 4}},
		{Image: []*image.Paletted{ok, other}, Delay: []int{1, 1}, Config: image.Config{ColorModel: pal, Width: 4, Height: 4}},
		{Image: []*image.Paletted{ok, wide}, Delay: []int{1, 1}, Config: image.Config{ColorModel: pal, Width: 4, Height: 4}},
		{Image: []*image.Paletted{ok}, Delay: []int{1, 1}, Config: image.Config{ColorModel: pal, Width: 4, Height: 4}},
		{Image: []*image.Paletted{ok}, Delay: []int{1}, Config: image.Config{ColorModel: pal, Width: 2, Height: 2}},
	} {
		var want, got bytes.Buffer
		werr := gif.EncodeAll(&want, g)
		gerr := writeGIF(&got, g)
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d images: error %v, %d bytes; gif.EncodeAll: %v, %d bytes", len(g.Image), gerr, got.Len(), werr, want.Len())
		}
	}
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	if err := writeGIF(bw, &gif.GIF{Image: []*image.Paletted{ok}, Delay: []int{1}, Config: image.Config{ColorModel: pal, Width: 4, Height: 4}}); err != nil {
		t.Fatal(err)
	}
	if _, err := gif.DecodeAll(bytes.NewReader(out.Bytes())); err != nil {
		t.Errorf("through a bufio.Writer: %v", err)
	}
}

// gifFrom builds a GIF from fuzz input, every field from its bytes: a
// palette of 1 to 256 entries of mixed colour types (some transparent), a
// screen, images on the global palette, a prefix of it, a copy of it or
// another palette, delays and disposals, a loop count. One GIF in three
// has a fault, chosen from the input too: no image, no palette, a nil
// entry, an image outside the screen, pixels beyond the code width,
// delays or disposals of the wrong length, an empty local palette, a
// global palette of 257 entries.
func gifFrom(data []byte) *gif.GIF {
	i := 0
	next := func() int {
		if i >= len(data) {
			return 0
		}
		i++
		return int(data[i-1])
	}
	entry := func() color.Color {
		switch k := next() % 16; {
		case k < 2:
			return color.RGBA{}
		case k < 9:
			return color.RGBA{R: uint8(next()), G: uint8(next()), B: uint8(next()), A: 255}
		case k < 12:
			return color.NRGBA{R: uint8(next()), G: uint8(next()), B: uint8(next()), A: uint8(next())}
		default:
			return color.Gray{Y: uint8(next())}
		}
	}
	fault := -1
	if f := next(); f%3 == 0 {
		fault = f / 3 % 9
	}
	pal := make(color.Palette, next()+1)
	for k := range pal {
		pal[k] = entry()
	}
	switch fault {
	case 0:
		pal = color.Palette{}
	case 1:
		pal[next()%len(pal)] = nil
	case 8: // more than a GIF's table holds, the images on it
		pal = make(color.Palette, 257)
		for k := range pal {
			pal[k] = color.Gray{Y: uint8(k)}
		}
	}
	g := &gif.GIF{Config: image.Config{ColorModel: pal, Width: 1 + next()%96, Height: 1 + next()%96}, LoopCount: next()%4 - 1, BackgroundIndex: uint8(next())}
	images := 1 + next()%4
	if fault == 2 {
		images = 0
	}
	for j := range images {
		x0, y0 := next()%g.Config.Width, next()%g.Config.Height
		w, h := min(next()%100, g.Config.Width-x0), min(next()%100, g.Config.Height-y0)
		if fault == 3 && j == images-1 {
			w, h = g.Config.Width, next()%100 // past the screen's edge
		}
		p := pal
		switch next() % 16 {
		case 0: // a copy
			p = append(color.Palette(nil), pal...)
		case 1: // its own, no longer than the global one
			p = make(color.Palette, 1+next()%max(1, len(pal)))
			for k := range p {
				p[k] = color.Gray{Y: uint8(k)}
			}
		case 2, 3, 4, 5: // a prefix of the global palette
			if len(pal) > 1 {
				p = pal[:1+next()%len(pal)]
			}
		}
		if fault == 4 && j == 0 {
			p = color.Palette{}
		}
		pm := image.NewPaletted(image.Rect(x0, y0, x0+w, y0+h), p)
		top := max(1, len(p))
		if fault == 5 {
			top = 256 // pixels beyond the palette, and maybe the code width
		}
		mode := next() % 3
		for k := range pm.Pix {
			switch mode {
			case 0: // noise
				pm.Pix[k] = uint8(next() % top)
			case 1: // runs
				if k == 0 || next()%16 == 0 {
					pm.Pix[k] = uint8(next() % top)
				} else {
					pm.Pix[k] = pm.Pix[k-1]
				}
			}
		}
		g.Image = append(g.Image, pm)
		g.Delay = append(g.Delay, next()*next()*2)
	}
	if next()%2 == 0 {
		g.Disposal = make([]byte, len(g.Image))
		for k := range g.Disposal {
			g.Disposal[k] = byte(next() % 4)
		}
	}
	switch fault {
	case 6:
		g.Delay = append(g.Delay, 1)
	case 7:
		g.Disposal = make([]byte, len(g.Image)+1)
	}
	return g
}

// FuzzGIFWriter: for any GIF, writeGIF writes exactly the bytes
// gif.EncodeAll writes and fails exactly when it fails, with its error:
// the GIFs it codes itself (images on the global palette) byte for byte,
// and every other one, which it must hand to gif.EncodeAll, the same way.
func FuzzGIFWriter(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 40 {
		b := make([]byte, rng.IntN(3000))
		for k := range b {
			b[k] = uint8(rng.IntN(256))
		}
		f.Add(b)
	}
	for fault := range 9 { // each fault, so that plain go test tries them all
		for range 4 {
			b := make([]byte, 1+rng.IntN(2000))
			for k := range b {
				b[k] = uint8(rng.IntN(256))
			}
			b[0] = uint8(3 * fault)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := gifFrom(data)
		var want, got bytes.Buffer
		werr := gif.EncodeAll(&want, g)
		gerr := writeGIF(&got, g)
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			t.Fatalf("error %v; gif.EncodeAll's %v", gerr, werr)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			k := 0
			for k < min(got.Len(), want.Len()) && got.Bytes()[k] == want.Bytes()[k] {
				k++
			}
			t.Fatalf("%d bytes, gif.EncodeAll's %d; first difference at byte %d (%d images, global palette of %d)", got.Len(), want.Len(), k, len(g.Image), len(g.Config.ColorModel.(color.Palette)))
		}
	})
}
