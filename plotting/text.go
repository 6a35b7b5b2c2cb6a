package plotting

import (
	"image/color"
	"math"
	"strings"
	"unicode"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// A label is one line of text, with an optional superscript after it: the
// 10 and -3 of a log axis's 10⁻³, drawn as matplotlib's mathtext draws it.
type label struct {
	s, sup string
}

func (l label) empty() bool { return l.s == "" && l.sup == "" }

// Matplotlib's mathtext draws a superscript at 0.7 times the size, its
// baseline raised by 0.36 of the size (measured on its DejaVu Sans output).
const (
	supScale = 0.7
	supRaise = 0.36
)

// ink is where a label's ink lies relative to its pen position (the start
// of the baseline), in canvas units with y up; adv is the pen's advance.
type ink struct {
	x0, x1, bottom, top vg.Length
	adv                 vg.Length
}

// face returns DejaVu Sans at size canvas units.
func face(size vg.Length) font.Face {
	loadSans()
	return font.DefaultCache.Lookup(sans, size)
}

// measure returns the ink bounds of s at size.
func measure(s string, size vg.Length) ink {
	if s == "" {
		return ink{}
	}
	f := face(size)
	ff := f.FontFace(72) // one canvas unit is one point at 72 dpi
	defer ff.Close()
	b, adv := xfont.BoundString(ff, typeset(s))
	return ink{
		x0: fx(b.Min.X), x1: fx(b.Max.X),
		bottom: -fx(b.Max.Y), top: -fx(b.Min.Y),
		adv: fx(adv),
	}
}

func fx(v fixed.Int26_6) vg.Length { return vg.Length(float64(v) / 64) }

// measureLabel returns the ink bounds of l at size, superscript included.
func measureLabel(l label, size vg.Length) ink {
	m := measure(l.s, size)
	if l.sup == "" {
		return m
	}
	s := measure(l.sup, size*supScale)
	raise := size * supRaise
	s.x0, s.x1, s.adv = s.x0+m.adv, s.x1+m.adv, s.adv+m.adv
	s.bottom, s.top = s.bottom+raise, s.top+raise
	if l.s == "" {
		return s
	}
	return ink{x0: min(m.x0, s.x0), x1: max(m.x1, s.x1), bottom: min(m.bottom, s.bottom), top: max(m.top, s.top), adv: s.adv}
}

// box is the text box matplotlib aligns a one-line label by: across, from
// the pen's start to its advance (or the ink, where it reaches further);
// vertically from the label's lowest to its highest point, but never less
// than the ascender of "l" and the descender of "p", so that labels on one
// axis share a baseline whatever their letters.
type box struct {
	ink
	above, below vg.Length // the box's extent above and below the baseline
}

func textBox(l label, size vg.Length) box {
	m := measureLabel(l, size)
	lp := measure("lp", size)
	b := box{ink: m}
	b.x0, b.x1 = min(0, m.x0), max(m.adv, m.x1)
	b.above = max(m.top, lp.top)
	b.below = max(-m.bottom, -lp.bottom, 0)
	return b
}

// drawLabel draws l with its pen at pt, turned by rot radians about pt.
// Unturned text is drawn at its position directly, so that the glyphs are
// rasterised there rather than resampled.
func drawLabel(c vg.Canvas, l label, size vg.Length, pt vg.Point, rot float64, col color.Color) {
	c.Push()
	defer c.Pop()
	c.SetColor(col)
	if rot != 0 {
		c.Translate(pt)
		c.Rotate(rot)
		pt = vg.Point{}
	}
	if l.s != "" {
		c.FillString(face(size), pt, typeset(l.s))
	}
	if l.sup != "" {
		adv := measure(l.s, size).adv
		c.FillString(face(size*supScale), vg.Point{X: pt.X + adv, Y: pt.Y + size*supRaise}, l.sup)
	}
}

// Horizontal and vertical alignments, as matplotlib names them.
type hAlign int

const (
	hLeft hAlign = iota
	hCenter
	hRight
)

type vAlign int

const (
	vBaseline vAlign = iota
	vTop
	vBottom
	vCenter
	vCenterBaseline // the middle of the part above the baseline: y tick labels
)

// place returns the pen position that puts l's box at pt with the given
// alignment (unrotated text), and the box's rectangle.
func place(l label, size vg.Length, pt vg.Point, ha hAlign, va vAlign) (vg.Point, vg.Rectangle) {
	b := textBox(l, size)
	pen := pt
	switch ha {
	case hLeft:
		pen.X -= b.x0
	case hCenter:
		pen.X -= (b.x0 + b.x1) / 2
	case hRight:
		pen.X -= b.x1
	}
	switch va {
	case vTop:
		pen.Y -= b.above
	case vBottom:
		pen.Y += b.below
	case vCenter:
		pen.Y -= (b.above - b.below) / 2
	case vCenterBaseline:
		pen.Y -= b.above / 2
	}
	r := vg.Rectangle{
		Min: vg.Point{X: pen.X + b.x0, Y: pen.Y - b.below},
		Max: vg.Point{X: pen.X + b.x1, Y: pen.Y + b.above},
	}
	return pen, r
}

// minus writes a number's minus sign as matplotlib does, U+2212.
func minus(s string) string { return strings.ReplaceAll(s, "-", "\u2212") }

// typeset writes the minus signs of a title, axis name or legend entry as
// U+2212: a hyphen before a digit, a point, a letter or a bracket where a
// word does not go on before it ("(-3, 3)", "= -1", "1e-8"), and one with
// a space each side ("x - x³"). Hyphens inside words stay.
func typeset(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	rs := []rune(s)
	for i, r := range rs {
		if r != '-' {
			continue
		}
		var prev, next rune = ' ', ' '
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		exponent := prev == 'e' && i > 1 && unicode.IsDigit(rs[i-2]) && unicode.IsDigit(next)
		startsTerm := strings.ContainsRune(" ([{=,:/+×−", prev) && (unicode.IsDigit(next) || unicode.IsLetter(next) || strings.ContainsRune(".([√", next))
		binary := prev == ' ' && next == ' '
		if exponent || startsTerm || binary {
			rs[i] = '\u2212'
		}
	}
	return string(rs)
}

// snap moves a straight line's position v, in image pixels (x right, y
// down), as matplotlib's Agg backend does: to a pixel centre when the line's
// width rounds to an odd number of pixels, to a pixel edge when even, so
// that it is one crisp row rather than two grey ones.
func snap(v float64, width vg.Length) float64 {
	off := 0.5
	if int(math.Floor(float64(width)+0.5))%2 == 0 {
		off = 0
	}
	return math.Floor(v+0.5) + off
}
