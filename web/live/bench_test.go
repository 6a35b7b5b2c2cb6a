package live

import (
	"fmt"
	"image"
	"testing"

	"github.com/gonb-tutorials/optimizers/plotting"
)

// BenchmarkMove times what the module does for a move of the learning
// rate: the controls moved, Adagrad run again, the path drawn over the
// figure and the changed rectangle turned into the canvas's RGBA. The page
// adds the messages to and from the worker and the canvas's own work
// (tools/browsertest's TestWebPage measures it all, in Chromium).
func BenchmarkMove(b *testing.B) {
	for _, name := range Names {
		p, err := NewPlayground(name, 960, 540)
		if err != nil {
			b.Fatal(err)
		}
		pos := make([]int, len(p.Controls()))
		for i, c := range p.Controls() {
			pos[i] = c.Pos()
		}
		for _, steps := range []int{3, 9, 12} { // 10, 1000 and 10000 steps
			b.Run(fmt.Sprintf("%s/steps=%s", name, p.Controls()[4].Label(steps)), func(b *testing.B) {
				pos[4] = steps
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					pos[0] = 34 + i%2 // the learning rate, 0.05 and 0.056
					if _, err := p.Move(pos); err != nil {
						b.Fatal(err)
					}
					if _, err := p.Draw(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSend compares the two ways to get a new picture to the page's
// canvas after a move of the learning rate (the pictures drawn
// beforehand): the rectangle that changed as RGBA, which the page puts on
// the canvas as it is (what the module does), against the whole picture
// as a PNG, which the browser must then decode as well.
func BenchmarkSend(b *testing.B) {
	p, err := NewPlayground("one", 960, 540)
	if err != nil {
		b.Fatal(err)
	}
	pos := make([]int, len(p.Controls()))
	for i, c := range p.Controls() {
		pos[i] = c.Pos()
	}
	var pics [2]*image.Paletted
	for k := range pics {
		pos[0] = 34 + k
		p.Move(pos)
		img, _, err := p.Still()
		if err != nil {
			b.Fatal(err)
		}
		pics[k] = img.(*image.Paletted)
	}
	b.Run("changed-rgba", func(b *testing.B) {
		var c canvas
		c.update(pics[1])
		for i := 0; b.Loop(); i++ {
			c.update(pics[i%2])
		}
	})
	b.Run("whole-png", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := plotting.PNG(pics[i%2]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
