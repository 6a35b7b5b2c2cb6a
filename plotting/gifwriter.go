package plotting

import (
	"bufio"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math/bits"
)

// writeGIF encodes g as gif.EncodeAll does, byte for byte, when all its
// images use the global palette (as an Animation's do; any other GIF goes
// to gif.EncodeAll). It is faster on what animations are made of, long
// runs of one colour (the figure's background, a delta frame's
// transparent pixels): its LZW coder, the standard library's algorithm,
// takes a run as far as the dictionary's strings of that byte reach in
// one step instead of byte by byte, and one coder serves every image.
func writeGIF(w io.Writer, g *gif.GIF) error {
	pal, ok := g.Config.ColorModel.(color.Palette)
	if !ok || !globalPaletteOnly(g, pal) {
		return gif.EncodeAll(w, g)
	}
	bw, ok := w.(flushWriter)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	e := &gifEncoder{w: bw}
	e.header(g, pal)
	for i, pm := range g.Image {
		var disposal byte
		if g.Disposal != nil {
			disposal = g.Disposal[i]
		}
		e.image(pm, g.Delay[i], disposal)
	}
	e.writeByte(0x3b) // trailer
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// globalPaletteOnly reports whether g is a GIF that gif.EncodeAll would
// encode without error with every image on the global colour table pal.
func globalPaletteOnly(g *gif.GIF, pal color.Palette) bool {
	if len(g.Image) == 0 || len(g.Delay) != len(g.Image) || (g.Disposal != nil && len(g.Disposal) != len(g.Image)) {
		return false
	}
	if len(pal) == 0 || len(pal) > 256 {
		return false
	}
	for _, c := range pal {
		if c == nil {
			return false
		}
	}
	screen := image.Rect(0, 0, g.Config.Width, g.Config.Height)
	for _, pm := range g.Image {
		if pm == nil || len(pm.Palette) == 0 || len(pm.Palette) > len(pal) || &pm.Palette[0] != &pal[0] {
			return false
		}
		b := pm.Bounds()
		if b.Min.X < 0 || b.Max.X >= 1<<16 || b.Min.Y < 0 || b.Max.Y >= 1<<16 || !b.In(screen) {
			return false
		}
		// A pixel beyond what the code width holds is an error.
		if maxLit := 1<<(max(2, tableBits(len(pm.Palette))+1)) - 1; maxLit < 255 {
			for y := b.Min.Y; y < b.Max.Y; y++ {
				i := pm.PixOffset(b.Min.X, y)
				for _, p := range pm.Pix[i : i+b.Dx()] {
					if int(p) > maxLit {
						return false
					}
				}
			}
		}
	}
	return true
}

type flushWriter interface {
	io.Writer
	io.ByteWriter
	Flush() error
}

// A gifEncoder writes a GIF's blocks, as image/gif's encoder does.
type gifEncoder struct {
	w   flushWriter
	err error
	buf [3 * 256]byte
	lzw lzwEncoder
}

func (e *gifEncoder) write(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}

func (e *gifEncoder) writeByte(b byte) {
	if e.err == nil {
		e.err = e.w.WriteByte(b)
	}
}

// tableBits is the size of a colour table of n entries: 2^(tableBits+1).
func tableBits(n int) int {
	if n < 2 {
		return 0
	}
	return bits.Len(uint(n-1)) - 1
}

// header writes the signature, the screen, the global colour table and the
// loop count.
func (e *gifEncoder) header(g *gif.GIF, pal color.Palette) {
	le := binary.LittleEndian
	size := tableBits(len(pal))
	h := append(e.buf[:0], "GIF89a"...)
	h = le.AppendUint16(h, uint16(g.Config.Width))
	h = le.AppendUint16(h, uint16(g.Config.Height))
	e.write(append(h, 0x80|uint8(size), g.BackgroundIndex, 0))
	n := 1 << (size + 1)
	t := e.buf[:3*n]
	clear(t)
	for i, c := range pal {
		if rgba, ok := c.(color.RGBA); ok {
			t[3*i], t[3*i+1], t[3*i+2] = rgba.R, rgba.G, rgba.B
		} else {
			r, g, b, _ := c.RGBA()
			t[3*i], t[3*i+1], t[3*i+2] = uint8(r>>8), uint8(g>>8), uint8(b>>8)
		}
	}
	e.write(t)
	if len(g.Image) > 1 && g.LoopCount >= 0 {
		h := append(e.buf[:0], "\x21\xff\x0bNETSCAPE2.0\x03\x01"...)
		e.write(append(le.AppendUint16(h, uint16(g.LoopCount)), 0))
	}
}

// image writes one image: its control extension, its descriptor and its
// pixels, LZW-coded in sub-blocks.
func (e *gifEncoder) image(pm *image.Paletted, delay int, disposal byte) {
	transparent := -1
	for i, c := range pm.Palette {
		if _, _, _, a := c.RGBA(); a == 0 {
			transparent = i
			break
		}
	}
	le := binary.LittleEndian
	h := e.buf[:0]
	if delay > 0 || disposal != 0 || transparent != -1 {
		flags, index := disposal<<2, byte(0)
		if transparent != -1 {
			flags, index = flags|1, byte(transparent)
		}
		h = append(h, 0x21, 0xf9, 0x04, flags)
		h = le.AppendUint16(h, uint16(delay))
		h = append(h, index, 0)
	}
	b := pm.Bounds()
	h = append(h, 0x2c)
	for _, v := range []int{b.Min.X, b.Min.Y, b.Dx(), b.Dy()} {
		h = le.AppendUint16(h, uint16(v))
	}
	litWidth := max(2, tableBits(len(pm.Palette))+1)
	h = append(h, 0, uint8(litWidth)) // no local colour table: the global one
	e.write(h)
	e.lzw.start(e, uint(litWidth))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := pm.PixOffset(b.Min.X, y)
		e.lzw.write(pm.Pix[i : i+b.Dx()])
	}
	e.lzw.close()
}

// An lzwEncoder is compress/lzw's Writer (LSB order) writing into GIF
// sub-blocks, with the same dictionary and so the same codes, plus a
// shortcut through runs: the strings made of one byte repeated are also
// kept in order of length, so that a run of that byte is followed to the
// longest of them without a lookup per byte.
type lzwEncoder struct {
	e        *gifEncoder
	block    [256]byte // block[0] is the number of bytes after it
	bits     uint32
	nBits    uint
	litWidth uint
	width    uint
	// hi is the code of the next string added; overflow the code at
	// which the codes grow a bit wider.
	hi, overflow uint32
	started      bool
	code         uint32 // of the string read so far, not yet written
	runByte      uint8
	runLen       int // code is runByte repeated runLen times; 0 if not a run
	// table maps a string's code and the next byte to the code of the
	// longer string, as compress/lzw's hash table: entries key<<12|code,
	// 0 for none, linear probing. used lists the slots set, to clear.
	table [lzwTableSize]uint32
	used  []uint16
	// runs[b][k] is the code of the string of k+2 bytes b; strings of one
	// byte repeated are kept only here.
	runs [256][]uint16
}

const (
	lzwMaxCode   = 1<<12 - 1
	lzwTableSize = 4 * 1 << 12
	lzwTableMask = lzwTableSize - 1
)

// start prepares for an image whose pixels have litWidth bits.
func (z *lzwEncoder) start(e *gifEncoder, litWidth uint) {
	z.e = e
	z.block[0] = 0
	z.bits, z.nBits = 0, 0
	z.litWidth = litWidth
	z.started = false
	z.resetCodes()
}

// resetCodes empties the dictionary, as the clear code does.
func (z *lzwEncoder) resetCodes() {
	z.width = z.litWidth + 1
	z.hi = 1<<z.litWidth + 1
	z.overflow = 1 << (z.litWidth + 1)
	for _, h := range z.used {
		z.table[h] = 0
	}
	z.used = z.used[:0]
	for b := range z.runs {
		z.runs[b] = z.runs[b][:0]
	}
}

// put appends a byte of coded data, writing full sub-blocks.
func (z *lzwEncoder) put(c byte) {
	z.block[0]++
	z.block[z.block[0]] = c
	if z.block[0] == 255 {
		z.e.write(z.block[:256])
		z.block[0] = 0
	}
}

// emit writes a code.
func (z *lzwEncoder) emit(c uint32) {
	z.bits |= c << z.nBits
	z.nBits += z.width
	for z.nBits >= 8 {
		z.put(uint8(z.bits))
		z.bits >>= 8
		z.nBits -= 8
	}
}

// incHi moves to the next code and reports whether the dictionary was
// full, and so cleared (after a clear code) instead.
func (z *lzwEncoder) incHi() bool {
	z.hi++
	if z.hi == z.overflow {
		z.width++
		z.overflow <<= 1
	}
	if z.hi == lzwMaxCode {
		z.emit(1 << z.litWidth)
		z.resetCodes()
		return true
	}
	return false
}

// lookup returns the code of the string code + x, if there is one.
func (z *lzwEncoder) lookup(key uint32) (uint32, bool) {
	for h := (key>>12 ^ key) & lzwTableMask; z.table[h] != 0; h = (h + 1) & lzwTableMask {
		if t := z.table[h]; t>>12 == key {
			return t & lzwMaxCode, true
		}
	}
	return 0, false
}

// miss writes the string read so far, which the next byte x does not
// extend, adds that longer string to the dictionary and starts a new
// string at x.
func (z *lzwEncoder) miss(x uint8) {
	z.emit(z.code)
	key, run := z.code<<8|uint32(x), z.runLen > 0 && x == z.runByte
	z.code, z.runByte, z.runLen = uint32(x), x, 1
	if z.incHi() {
		return
	}
	if run { // x repeated once more than the longest string of x so far
		z.runs[x] = append(z.runs[x], uint16(z.hi))
		return
	}
	h := (key>>12 ^ key) & lzwTableMask
	for z.table[h] != 0 {
		h = (h + 1) & lzwTableMask
	}
	z.table[h] = key<<12 | z.hi
	z.used = append(z.used, uint16(h))
}

// write codes p, continuing the string read so far.
func (z *lzwEncoder) write(p []byte) {
	if len(p) == 0 {
		return
	}
	if !z.started {
		z.emit(1 << z.litWidth) // a clear code first, as compress/lzw
		z.code, z.runByte, z.runLen = uint32(p[0]), p[0], 1
		z.started = true
		p = p[1:]
	}
	for i := 0; i < len(p); {
		x := p[i]
		if z.runLen == 0 || x != z.runByte {
			if c, ok := z.lookup(z.code<<8 | uint32(x)); ok {
				z.code, z.runLen = c, 0
			} else {
				z.miss(x)
			}
			i++
			continue
		}
		// The string so far is x repeated, and so are the next m bytes.
		m := runLength(p, i)
		i += m
		for m > 0 {
			longest := len(z.runs[x]) + 1 // x repeated 1..longest times are strings
			if z.runLen+m <= longest {
				z.runLen += m
				z.code = uint32(z.runs[x][z.runLen-2])
				break
			}
			if step := longest - z.runLen; step > 0 {
				z.runLen, m = longest, m-step
				z.code = uint32(z.runs[x][longest-2])
			}
			z.miss(x) // x repeated longest+1 times is not a string yet
			m--
		}
	}
}

// runLength returns the number of bytes equal to p[i] from i on.
func runLength(p []byte, i int) int {
	x := p[i]
	xs := uint64(x) * 0x0101010101010101
	j := i + 1
	for j+8 <= len(p) && binary.LittleEndian.Uint64(p[j:]) == xs {
		j += 8
	}
	for j < len(p) && p[j] == x {
		j++
	}
	return j - i
}

// close writes the last string, the end code, the last bits and the block
// terminator.
func (z *lzwEncoder) close() {
	if z.started {
		z.emit(z.code)
		z.incHi()
	} else {
		z.emit(1 << z.litWidth)
	}
	z.emit(1<<z.litWidth + 1)
	if z.nBits > 0 {
		z.put(uint8(z.bits))
	}
	if n := int(z.block[0]); n == 0 {
		z.e.writeByte(0)
	} else {
		z.block[n+1] = 0
		z.e.write(z.block[:n+2])
	}
}
