package plotting

import (
	"encoding/binary"
	"image"
)

// A cover is what a scene's upper layers, mid and over, put over its under
// layer: the pixels where either has ink, as runs along each row, with the
// colours of all three layers there. A frame needs the layers apart only
// at those pixels; everywhere else the under layer shows through, and it
// is the scene's background. Kept so rather than as three images, the
// layers of the tutorial's 1920x1080 figure take a few hundred kilobytes
// instead of 25 MB, and composing them touches only their ink.
type cover struct {
	rect     image.Rectangle
	rowStart []int32 // row y's runs are runs[rowStart[y-rect.Min.Y]:rowStart[y-rect.Min.Y+1]]
	runs     []run
	// The layers' colours at the runs' pixels, 4 bytes a pixel, run after
	// run: under opaque, mid and over premultiplied; mid is nil when the
	// scene has no mid layer.
	under, mid, over []uint8
}

// A run is the pixels x0 to x1-1 of a row; their colours start at pixel
// at of the cover's colour arrays.
type run struct{ x0, x1, at int32 }

// newCover lists the pixels of rect where the over layer (drawn on over,
// or nil for none) or the mid layer (a cover of it alone, with its colours
// as over; or nil) has ink, and their colours. Its under layer is filled
// in by composeOnto.
func newCover(rect image.Rectangle, over *image.RGBA, mid *cover) *cover {
	cv := &cover{rect: rect, rowStart: make([]int32, 1, rect.Dy()+1)}
	var inked, both [][2]int // scratch: runs of a row, x0 and x1
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		var orow []uint8
		inked = inked[:0]
		if over != nil {
			orow = over.Pix[over.PixOffset(rect.Min.X, y):over.PixOffset(rect.Max.X, y)]
			inked = inkRuns(inked, orow, rect.Min.X)
		}
		var mruns []run
		if mid != nil {
			mruns = mid.row(y)
		}
		both = union(both[:0], inked, mruns)
		for _, b := range both {
			x0, x1 := b[0], b[1]
			cv.runs = append(cv.runs, run{x0: int32(x0), x1: int32(x1), at: int32(len(cv.over) / 4)})
			// Over's colours as they are: where it has no ink they are
			// transparent, which composes to nothing.
			if orow != nil {
				cv.over = append(cv.over, orow[4*(x0-rect.Min.X):4*(x1-rect.Min.X)]...)
			} else {
				cv.over = append(cv.over, make([]uint8, 4*(x1-x0))...)
			}
			if mid != nil {
				at := len(cv.mid)
				cv.mid = append(cv.mid, make([]uint8, 4*(x1-x0))...)
				for _, m := range mruns {
					if int(m.x0) >= x0 && int(m.x1) <= x1 { // within this run, as each is within one
						copy(cv.mid[at+4*(int(m.x0)-x0):], mid.over[4*m.at:4*(int(m.at)+int(m.x1-m.x0))])
					}
				}
			}
		}
		cv.rowStart = append(cv.rowStart, int32(len(cv.runs)))
	}
	cv.under = make([]uint8, len(cv.over))
	return cv
}

// inkRuns appends to dst the runs of row's pixels (RGBA, its first pixel
// at x) whose alpha is not 0. A layer over the moving parts is mostly
// transparent: it skips four pixels at a time where it can.
func inkRuns(dst [][2]int, row []uint8, x int) [][2]int {
	const alphas = 0xff000000ff000000 // of two pixels read as one uint64
	i := 0
	for i < len(row) {
		for i+16 <= len(row) && (binary.LittleEndian.Uint64(row[i:])|binary.LittleEndian.Uint64(row[i+8:]))&alphas == 0 {
			i += 16
		}
		for i < len(row) && row[i+3] == 0 {
			i += 4
		}
		start := i
		for i < len(row) && row[i+3] != 0 {
			i += 4
		}
		if i > start {
			dst = append(dst, [2]int{x + start/4, x + i/4})
		}
	}
	return dst
}

// union appends to dst the union of two sorted lists of runs, runs that
// overlap or touch joined.
func union(dst [][2]int, a [][2]int, b []run) [][2]int {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var next [2]int
		if j == len(b) || (i < len(a) && a[i][0] <= int(b[j].x0)) {
			next, i = a[i], i+1
		} else {
			next, j = [2]int{int(b[j].x0), int(b[j].x1)}, j+1
		}
		if n := len(dst); n > 0 && next[0] <= dst[n-1][1] {
			dst[n-1][1] = max(dst[n-1][1], next[1])
			continue
		}
		dst = append(dst, next)
	}
	return dst
}

// row returns the runs of row y.
func (cv *cover) row(y int) []run {
	i := y - cv.rect.Min.Y
	return cv.runs[cv.rowStart[i]:cv.rowStart[i+1]]
}

// composeOnto takes the under layer from img, drawn there, at the cover's
// pixels, and composes mid and over onto img: img becomes the figure with
// nothing moving.
func (cv *cover) composeOnto(img *image.RGBA) {
	for y := cv.rect.Min.Y; y < cv.rect.Max.Y; y++ {
		for _, r := range cv.row(y) {
			for x := int(r.x0); x < int(r.x1); x++ {
				i, j := img.PixOffset(x, y), 4*(int(r.at)+x-int(r.x0))
				p := img.Pix[i : i+4]
				copy(cv.under[j:j+4], p)
				if cv.mid != nil {
					p[0], p[1], p[2] = compose(cv.mid[j:j+4], p[0], p[1], p[2])
				}
				p[0], p[1], p[2] = compose(cv.over[j:j+4], p[0], p[1], p[2])
			}
		}
	}
}
