package plotting

import (
	"image"
	"image/color"
	"slices"
	"sync"
)

// A quantizer maps RGB colours to a GIF palette of at most 256 entries
// through a lookup table indexed by the top five bits of each channel, so
// that converting a pixel costs a shift and a load, never a search. Index 0
// is transparent, for the unchanged pixels of delta frames.
type quantizer struct {
	pal color.Palette
	lut [1 << 15]uint8
}

func lutKey(r, g, b uint8) int { return int(r>>3)<<10 | int(g>>3)<<5 | int(b>>3) }

// newQuantizer builds a palette for bg with the moving points' inks: each
// ink and its blends with white (the antialiased rim of a dot), then the
// background's most frequent colours.
func newQuantizer(bg *image.RGBA, inks []color.RGBA) *quantizer {
	q := &quantizer{pal: color.Palette{color.RGBA{}}}
	seen := map[color.RGBA]bool{}
	add := func(c color.RGBA) {
		if !seen[c] && len(q.pal) < 256 {
			seen[c] = true
			q.pal = append(q.pal, c)
		}
	}
	white := color.RGBA{R: 255, G: 255, B: 255, A: 255}
	add(white)
	for _, ink := range inks {
		for k := 8; k >= 1; k-- {
			add(blend(white, ink, float64(k)/8))
		}
	}
	// The background's colours by frequency. White, by far the most
	// common, is skipped quickly.
	counts := map[uint32]int{}
	pix := bg.Pix
	for i := 0; i+3 < len(pix); i += 4 {
		if pix[i]&pix[i+1]&pix[i+2] == 255 {
			continue
		}
		counts[uint32(pix[i])<<16|uint32(pix[i+1])<<8|uint32(pix[i+2])]++
	}
	keys := make([]uint32, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b uint32) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return int(a) - int(b) // deterministic order for equal counts
	})
	for _, k := range keys {
		add(color.RGBA{R: uint8(k >> 16), G: uint8(k >> 8), B: uint8(k), A: 255})
	}
	q.fill()
	return q
}

// fill computes, for every cell of the table, the nearest palette entry to
// the cell's centre, in two halves on two goroutines; then every palette
// colour claims its own cell, so exact colours map to themselves.
func (q *quantizer) fill() {
	var wg sync.WaitGroup
	const half = len(q.lut) / 2
	for lo := 0; lo < len(q.lut); lo += half {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for key := lo; key < lo+half; key++ {
				r, g, b := int(key>>10)<<3|4, int(key>>5&31)<<3|4, int(key&31)<<3|4
				best, bestD := 1, 1<<30
				for i := 1; i < len(q.pal); i++ {
					c := q.pal[i].(color.RGBA)
					dr, dg, db := r-int(c.R), g-int(c.G), b-int(c.B)
					if d := 2*dr*dr + 4*dg*dg + 3*db*db; d < bestD {
						best, bestD = i, d
					}
				}
				q.lut[key] = uint8(best)
			}
		}()
	}
	wg.Wait()
	for i := len(q.pal) - 1; i >= 1; i-- { // earlier entries (inks) win ties
		c := q.pal[i].(color.RGBA)
		q.lut[lutKey(c.R, c.G, c.B)] = uint8(i)
	}
}

func (q *quantizer) index(r, g, b uint8) uint8 { return q.lut[lutKey(r, g, b)] }

// paletted converts the whole of img, rows split over two goroutines.
func (q *quantizer) paletted(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	p := image.NewPaletted(b, q.pal)
	var wg sync.WaitGroup
	rows := b.Dy()
	for part := 0; part < 2; part++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := rows * part / 2; y < rows*(part+1)/2; y++ {
				src := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
				dst := p.Pix[y*p.Stride : y*p.Stride+b.Dx()]
				for x := range dst {
					dst[x] = q.index(src[4*x], src[4*x+1], src[4*x+2])
				}
			}
		}()
	}
	wg.Wait()
	return p
}

// blend mixes ink over c with coverage a in [0, 1].
func blend(c, ink color.RGBA, a float64) color.RGBA {
	mix := func(b, f uint8) uint8 { return uint8(float64(b)*(1-a) + float64(f)*a + 0.5) }
	return color.RGBA{R: mix(c.R, ink.R), G: mix(c.G, ink.G), B: mix(c.B, ink.B), A: 255}
}
