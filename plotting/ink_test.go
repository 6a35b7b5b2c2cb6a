package plotting

import (
	"image"
	"image/color"
	"sort"
)

// Tools for reading text off a decoded image, the same way for the
// tutorial's frame and for ours: the words are the groups of dark pixels
// outside the axes box.

// dark reports a pixel of text or spine ink.
func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return max(r, g, b)>>8 < 140
}

// words returns the bounding boxes of the dark ink outside box (and off
// the tick marks along its left and bottom sides), characters joined into
// words when less than gap pixels apart on one line.
func words(img image.Image, box image.Rectangle, tick, gap int) []image.Rectangle {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	in := func(x, y int) bool {
		p := image.Pt(x, y)
		if p.In(box.Inset(-3)) {
			return false
		}
		if x >= box.Min.X-tick-3 && x < box.Min.X+3 && y >= box.Min.Y-3 && y < box.Max.Y+3 {
			return false // y tick marks
		}
		if y >= box.Max.Y-3 && y < box.Max.Y+tick+3 && x >= box.Min.X-3 && x < box.Max.X+3 {
			return false // x tick marks
		}
		return dark(img.At(b.Min.X+x, b.Min.Y+y))
	}
	seen := make([]bool, w*h)
	var comps []image.Rectangle
	for y := range h {
		for x := range w {
			if seen[y*w+x] || !in(x, y) {
				continue
			}
			r := image.Rect(x, y, x+1, y+1)
			stack := []image.Point{{x, y}}
			seen[y*w+x] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				r = r.Union(image.Rect(p.X, p.Y, p.X+1, p.Y+1))
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						q := image.Pt(p.X+dx, p.Y+dy)
						if q.X < 0 || q.Y < 0 || q.X >= w || q.Y >= h || seen[q.Y*w+q.X] || !in(q.X, q.Y) {
							continue
						}
						seen[q.Y*w+q.X] = true
						stack = append(stack, q)
					}
				}
			}
			comps = append(comps, r)
		}
	}
	// Join characters into words.
	sort.Slice(comps, func(i, j int) bool { return comps[i].Min.X < comps[j].Min.X })
	var out []image.Rectangle
	for _, c := range comps {
		joined := false
		for i, m := range out {
			midM, midC := (m.Min.Y+m.Max.Y)/2, (c.Min.Y+c.Max.Y)/2
			if abs(midM-midC) < gap*2 && c.Min.X-m.Max.X < gap && m.Min.X-c.Max.X < gap {
				out[i] = m.Union(c)
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, c)
		}
	}
	return out
}

// nearest returns the rectangle of rs whose corner is nearest r's.
func nearest(r image.Rectangle, rs []image.Rectangle) image.Rectangle {
	best, bestD := image.Rectangle{}, 1<<30
	for _, q := range rs {
		if d := abs(q.Min.X-r.Min.X) + abs(q.Min.Y-r.Min.Y) + abs(q.Max.X-r.Max.X) + abs(q.Max.Y-r.Max.Y); d < bestD {
			best, bestD = q, d
		}
	}
	return best
}

// gapBetween is the distance between two rectangles (0 if they touch or
// overlap).
func gapBetween(a, b image.Rectangle) int {
	dx := max(0, b.Min.X-a.Max.X, a.Min.X-b.Max.X)
	dy := max(0, b.Min.Y-a.Max.Y, a.Min.Y-b.Max.Y)
	return max(dx, dy)
}
