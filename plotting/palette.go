package plotting

import (
	"encoding/binary"
	"image"
	"image/color"
	"slices"
)

// A histogram counts the colours of an animation's frames, as 0xRRGGBB.
type histogram map[uint32]int

func key(r, g, b uint8) uint32 { return uint32(r)<<16 | uint32(g)<<8 | uint32(b) }

// pixelKey is the key of the RGBA pixel p[0:4], read in one load.
func pixelKey(p []uint8) uint32 { return binary.BigEndian.Uint32(p) >> 8 }

func unkey(k uint32) color.RGBA {
	return color.RGBA{R: uint8(k >> 16), G: uint8(k >> 8), B: uint8(k), A: 255}
}

// addRect counts the pixels of img within r.
func (h histogram) addRect(img *image.RGBA, r image.Rectangle) {
	last, n := uint32(1<<31), 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := 0; i < len(row); {
			if k := pixelKey(row[i:]); k != last {
				if n > 0 {
					h[last] += n
				}
				last, n = k, 0
			}
			j := sameRun(row, i)
			n += (j - i) / 4
			i = j
		}
	}
	if n > 0 {
		h[last] += n
	}
}

// sameRun returns the end of the run of pixels equal to row's pixel at
// byte i. Figures are mostly long runs of one colour; it reads them two
// pixels at a time.
func sameRun(row []uint8, i int) int {
	p := binary.LittleEndian.Uint32(row[i:])
	pp := uint64(p) | uint64(p)<<32
	j := i + 4
	for j+8 <= len(row) && binary.LittleEndian.Uint64(row[j:]) == pp {
		j += 8
	}
	for j+4 <= len(row) && binary.LittleEndian.Uint32(row[j:]) == p {
		j += 4
	}
	return j
}

// A quantizer maps the colours of an animation to a GIF palette of at most
// 256 entries, index 0 being transparent (the unchanged pixels of delta
// frames). When the frames have at most 255 colours the palette holds them
// all and every pixel keeps its exact colour. Otherwise the palette is the
// most frequent colours, then, in turn, the colour farthest from every
// entry so far, which bounds the worst error; every colour is mapped to
// its nearest entry, found once per colour by a full search.
type quantizer struct {
	pal   color.Palette
	keys  []uint32 // of pal's entries, for the nearest-colour search
	index map[uint32]uint8
}

// paletteSize is the number of colours a GIF palette holds besides the
// transparent entry.
const paletteSize = 255

// frequentShare is the part of a full palette given to the most frequent
// colours; the rest goes to the farthest ones.
const frequentShare = 0.6

type colorCount struct {
	k uint32
	n int
}

func newQuantizer(h histogram) *quantizer {
	// By count, most frequent first, then by colour: the same palette
	// every run.
	counted := make([]colorCount, 0, len(h))
	for k, n := range h {
		counted = append(counted, colorCount{k, n})
	}
	slices.SortFunc(counted, func(a, b colorCount) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return int(a.k) - int(b.k)
	})
	keys := make([]uint32, len(counted))
	for i, c := range counted {
		keys[i] = c.k
	}
	q := &quantizer{pal: color.Palette{color.RGBA{}}, keys: []uint32{0}, index: make(map[uint32]uint8, len(keys))}
	if len(keys) <= paletteSize {
		for _, k := range keys {
			q.add(k)
		}
		return q
	}
	nFreq := int(frequentShare * paletteSize)
	chosen := append([]uint32(nil), keys[:nFreq]...)
	// dist[i] is keys[i]'s distance to its nearest chosen colour so far.
	dist := make([]int, len(keys))
	for i, k := range keys {
		dist[i] = nearestDist(k, chosen)
	}
	for len(chosen) < paletteSize {
		far := 0
		for i := range keys {
			if dist[i] > dist[far] {
				far = i
			}
		}
		if dist[far] == 0 {
			break
		}
		chosen = append(chosen, keys[far])
		for i, k := range keys {
			dist[i] = min(dist[i], colorDist(k, keys[far]))
		}
	}
	for _, k := range chosen {
		q.add(k)
	}
	for _, k := range keys {
		if _, ok := q.index[k]; !ok {
			q.index[k] = q.nearest(k)
		}
	}
	return q
}

// add appends the colour k to the palette.
func (q *quantizer) add(k uint32) {
	q.index[k] = uint8(len(q.pal))
	q.pal = append(q.pal, unkey(k))
	q.keys = append(q.keys, k)
}

// colorDist is a squared distance between colours, the channels weighted
// roughly by the eye's sensitivity to them.
func colorDist(a, b uint32) int {
	dr := int(a>>16&0xff) - int(b>>16&0xff)
	dg := int(a>>8&0xff) - int(b>>8&0xff)
	db := int(a&0xff) - int(b&0xff)
	return 2*dr*dr + 4*dg*dg + 3*db*db
}

func nearestDist(k uint32, chosen []uint32) int {
	best := 1 << 30
	for _, c := range chosen {
		best = min(best, colorDist(k, c))
	}
	return best
}

// nearest searches the palette for the entry closest to k.
func (q *quantizer) nearest(k uint32) uint8 {
	best, bestD := 1, 1<<30
	for i := 1; i < len(q.keys); i++ {
		if d := colorDist(k, q.keys[i]); d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

// of returns the palette index for a colour, searching (once) for colours
// the quantizer was not built with.
func (q *quantizer) of(r, g, b uint8) uint8 {
	k := key(r, g, b)
	i, ok := q.index[k]
	if !ok {
		i = q.nearest(k)
		q.index[k] = i
	}
	return i
}

// paletted converts img within r.
func (q *quantizer) paletted(img *image.RGBA, r image.Rectangle) *image.Paletted {
	p := image.NewPaletted(r, q.pal)
	q.convert(p, img, r)
	return p
}

// convert writes img's pixels within r into p, as palette indices.
func (q *quantizer) convert(p *image.Paletted, img *image.RGBA, r image.Rectangle) {
	last, li := uint32(1<<31), uint8(0)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		src := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		dst := p.Pix[p.PixOffset(r.Min.X, y):]
		for i := 0; i < len(src); {
			if k := pixelKey(src[i:]); k != last {
				last, li = k, q.of(src[i], src[i+1], src[i+2])
			}
			j := sameRun(src, i)
			setAll(dst[i/4:j/4], li)
			i = j
		}
	}
}

func setAll(s []uint8, v uint8) {
	for i := range s {
		s[i] = v
	}
}
