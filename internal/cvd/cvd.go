// Package cvd simulates how colours look to readers with a colour-vision
// deficiency, and measures how far apart two colours look, so that the
// tests of every package that draws figures can check that their series
// stay distinguishable for those readers.
//
// The simulation is Machado, Oliveira and Fernandes (2009), "A
// physiologically-based model for simulation of color vision deficiency",
// IEEE TVCG 15(6), at severity 1.0 (dichromacy): a 3×3 matrix per deficiency,
// applied to linear sRGB. Colour difference is CIE 1976 ΔE*ab (ΔE76) in
// CIELAB under D65.
package cvd

import (
	"image/color"
	"math"
)

// A Deficiency is a kind of colour-vision deficiency.
type Deficiency int

const (
	Normal       Deficiency = iota
	Protanopia              // no long-wavelength (red) cones: about 1% of men
	Deuteranopia            // no medium-wavelength (green) cones: about 1% of men
	Tritanopia              // no short-wavelength (blue) cones: rare
)

// Dichromacies are the three deficiencies a figure must survive.
var Dichromacies = []Deficiency{Protanopia, Deuteranopia, Tritanopia}

func (d Deficiency) String() string {
	return [...]string{"normal vision", "protanopia", "deuteranopia", "tritanopia"}[d]
}

// machado holds Machado et al.'s matrices at severity 1.0, from the paper's
// supplementary table, rows applied to linear (R, G, B).
var machado = [...][3][3]float64{
	Normal: {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	Protanopia: {
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998},
	},
	Deuteranopia: {
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	},
	Tritanopia: {
		{1.255528, -0.076749, -0.178779},
		{-0.078411, 0.930809, 0.147602},
		{0.004733, 0.691367, 0.303900},
	},
}

// Simulate returns c as a reader with deficiency d sees it, in sRGB.
func Simulate(c color.Color, d Deficiency) color.RGBA {
	l := simulateLinear(c, d)
	return color.RGBA{R: encode(l[0]), G: encode(l[1]), B: encode(l[2]), A: 255}
}

// simulateLinear returns c as seen with d, in linear sRGB clipped to [0, 1].
func simulateLinear(c color.Color, d Deficiency) [3]float64 {
	r, g, b, _ := c.RGBA()
	in := [3]float64{decode(uint8(r >> 8)), decode(uint8(g >> 8)), decode(uint8(b >> 8))}
	var out [3]float64
	m := machado[d]
	for i := range out {
		v := m[i][0]*in[0] + m[i][1]*in[1] + m[i][2]*in[2]
		out[i] = math.Max(0, math.Min(1, v))
	}
	return out
}

// decode is the sRGB transfer function's inverse: an 8-bit value to
// linear light.
func decode(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

func encode(l float64) uint8 {
	var c float64
	if l <= 0.0031308 {
		c = 12.92 * l
	} else {
		c = 1.055*math.Pow(l, 1/2.4) - 0.055
	}
	return uint8(math.Round(255 * math.Max(0, math.Min(1, c))))
}

// lab converts linear sRGB to CIELAB (D65 white).
func lab(l [3]float64) [3]float64 {
	x := 0.4124564*l[0] + 0.3575761*l[1] + 0.1804375*l[2]
	y := 0.2126729*l[0] + 0.7151522*l[1] + 0.0721750*l[2]
	z := 0.0193339*l[0] + 0.1191920*l[1] + 0.9503041*l[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// DeltaE returns the CIE76 colour difference between a and b as a reader
// with deficiency d sees them.
func DeltaE(a, b color.Color, d Deficiency) float64 {
	p, q := lab(simulateLinear(a, d)), lab(simulateLinear(b, d))
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

// A Pair is the closest pair of a set of colours for one deficiency.
type Pair struct {
	A, B       color.Color
	Deficiency Deficiency
	DeltaE     float64
}

// Closest returns the pair of colours that look most alike to a reader
// with any of the three dichromacies, and how far apart they look.
// Colours equal in sRGB are compared once. It needs at least two colours.
func Closest(colors []color.Color) Pair {
	best := Pair{DeltaE: math.Inf(1)}
	for i := range colors {
		for j := i + 1; j < len(colors); j++ {
			for _, d := range Dichromacies {
				if e := DeltaE(colors[i], colors[j], d); e < best.DeltaE {
					best = Pair{A: colors[i], B: colors[j], Deficiency: d, DeltaE: e}
				}
			}
		}
	}
	return best
}

// MinDistinct is the smallest ΔE76 two series of one figure may have under
// any dichromacy. A just-noticeable difference is about 2.3 for large
// patches side by side; lines 1 to 2 points wide need several times that
// (Stone, Albers Szafir and Setlur, 2014, "An engineering model for color
// difference as a function of size": the difference needed grows steeply
// below half a degree), and series are seldom side by side. 15 is six
// and a half JNDs; every pair of Okabe and Ito's palette, designed for
// these readers, clears it, and the pairs that readers reported confused
// (matplotlib's orange and green, 4.6 under protanopia; blue and purple,
// 5.7) fall far below it.
const MinDistinct = 15
