package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Image sizes the commands accept, in pixels: plotting draws figures of
// 16 to 8192 pixels a side. The commands draw at one pixel per layout
// pixel (plotting's Scale 1): -size is the file's size.
const (
	minSide = 16
	maxSide = 8192
)

// parseSize reads a size written WxH, such as 960x540.
func parseSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(ws)
		if err == nil {
			h, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("size %q: want WIDTHxHEIGHT, e.g. 960x540", s)
	}
	if w < minSide || w > maxSide || h < minSide || h > maxSide {
		return 0, 0, fmt.Errorf("size %q: width and height must be in %d..%d", s, minSide, maxSide)
	}
	return w, h, nil
}

// sci writes v in scientific notation with digits significant digits, as
// the README's captions read it: 1.1×10⁻¹⁶, with superscript digits and
// minus signs U+2212.
func sci(v float64, digits int) string {
	minus := func(s string) string { return strings.ReplaceAll(s, "-", "\u2212") }
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return minus(strconv.FormatFloat(v, 'g', digits, 64))
	}
	s := strconv.FormatFloat(v, 'e', max(0, digits-1), 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	if e == 0 {
		return minus(mant)
	}
	sup := strings.NewReplacer("-", "⁻", "0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹")
	if m, _ := strconv.ParseFloat(mant, 64); m == 1 {
		return "10" + sup.Replace(strconv.Itoa(e)) // 1.0×10⁻⁵ reads better as 10⁻⁵
	}
	return minus(mant) + "×10" + sup.Replace(strconv.Itoa(e))
}
