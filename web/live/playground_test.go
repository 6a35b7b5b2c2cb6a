package live

import (
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/playground"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// page is what the page's canvas shows, painted from the updates.
type page struct{ img *image.NRGBA }

func (pg *page) paint(t *testing.T, pic Picture) {
	t.Helper()
	if pg.img == nil {
		pg.img = image.NewNRGBA(image.Rectangle{Max: pic.Size})
	}
	r := pic.Rect
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(pg.img.Pix[pg.img.PixOffset(r.Min.X, y):], pic.Pix[4*r.Dx()*(y-r.Min.Y):4*r.Dx()*(y-r.Min.Y+1)])
	}
}

// same reports whether the page shows img, pixel for pixel.
func (pg *page) same(img image.Image) bool {
	b := img.Bounds()
	if pg.img.Rect != b {
		return false
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if pg.img.NRGBAAt(x, y) != color.NRGBAModel.Convert(img.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// finalPoint runs adagrad.Run for what the controls show and writes its
// last point as a readout does (to six digits, with playground.Point).
func finalPoint(t *testing.T, p *Playground) string {
	t.Helper()
	shown := map[string]float64{}
	like := adagrad.Tutorial
	for _, c := range p.Controls() {
		if c.Name() == "epsilon goes" {
			if c.Label(c.Pos()) == "inside the root" {
				like = adagrad.Keras
			}
			continue
		}
		v, err := strconv.ParseFloat(c.Label(c.Pos()), 64)
		if err != nil {
			t.Fatal(err)
		}
		shown[c.Name()] = v
	}
	cfg := adagrad.Config{LearningRate: shown["learning rate"], InitialAccumulator: shown["initial accumulator"], Epsilon: shown["epsilon"], Like: like}
	if _, two := shown["start y0"]; two {
		tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{shown["start x0"], shown["start y0"]}, cfg, int(shown["steps"]))
		if tr == nil {
			t.Fatal(err)
		}
		return playground.Point(tr.Final())
	}
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, shown["start x0"], cfg, int(shown["steps"]))
	if tr == nil {
		t.Fatal(err)
	}
	return playground.Point([]float64{tr.Final()})
}

// TestPlayground: moves as the page sends them; after each, the canvas
// painted from the updates is the scene's picture, and the caption ends
// where adagrad.Run ends for the values the controls show.
func TestPlayground(t *testing.T) {
	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			p, err := NewPlayground(name, 480, 270)
			if err != nil {
				t.Fatal(err)
			}
			pos := make([]int, len(p.Controls()))
			for i, c := range p.Controls() {
				pos[i] = c.Pos()
			}
			var pg page
			check := func(what string, pic Picture) {
				t.Helper()
				pg.paint(t, pic)
				img, caption, err := p.Still()
				if err != nil {
					t.Fatal(err)
				}
				if !pg.same(img) {
					t.Errorf("%s: the canvas painted from the updates is not the picture", what)
				}
				if pic.Caption != caption || !strings.Contains(caption, finalPoint(t, p)) {
					t.Errorf("%s: caption %q, want the picture's %q, ending at %s", what, pic.Caption, caption, finalPoint(t, p))
				}
			}
			pic, err := p.Draw()
			if err != nil {
				t.Fatal(err)
			}
			if pic.Rect != image.Rect(0, 0, 480, 270) {
				t.Errorf("the first picture sends %v, want the whole figure", pic.Rect)
			}
			check("the first picture", pic)
			for k, move := range [][2]int{{0, 60}, {0, 80}, {4, 1}, {len(pos) - 1, 0}, {3, 1}, {1, 100}, {2, 10}, {4, 12}, {0, 34}} {
				pos[move[0]] = move[1]
				moved, err := p.Move(pos)
				if err != nil || !moved {
					t.Fatalf("move %d: moved %v, %v", k, moved, err)
				}
				pic, err := p.Draw()
				if err != nil {
					t.Fatal(err)
				}
				if pic.Rect == (image.Rectangle{Max: pic.Size}) {
					t.Errorf("move %d sent the whole picture, not what changed", k)
				}
				check(p.Controls()[move[0]].String(), pic)
			}
			if moved, _ := p.Move(pos); moved {
				t.Error("the same positions again moved a control")
			}
			if pic, _ := p.Draw(); !pic.Rect.Empty() {
				t.Errorf("the same picture again sent %v", pic.Rect)
			}
			// A replay's frames, then the whole run again.
			n := p.Frames()
			for _, i := range []int{0, n / 2, n - 1} {
				pic, err := p.Frame(i)
				if err != nil {
					t.Fatal(err)
				}
				pg.paint(t, pic)
				if !strings.HasPrefix(pic.Caption, "step ") {
					t.Errorf("frame %d: %q", i, pic.Caption)
				}
			}
			pic, err = p.Draw()
			if err != nil {
				t.Fatal(err)
			}
			check("after the replay", pic)
		})
	}
}

func TestPlaygroundErrors(t *testing.T) {
	if _, err := NewPlayground("three", 96, 54); err == nil || !strings.Contains(err.Error(), `"three"`) {
		t.Errorf("an unknown playground: %v", err)
	}
	p, err := NewPlayground("one", 96, 54)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Move([]int{1, 2}); err == nil || !strings.Contains(err.Error(), "2 positions for 6 controls") {
		t.Errorf("too few positions: %v", err)
	}
	// Out of range: clamped, as a page's stale or forged message may be.
	if _, err := p.Move([]int{-5, 1000, 99, 7, 1 << 40, -1}); err != nil {
		t.Fatal(err)
	}
	var shown []string
	for _, c := range p.Controls() {
		shown = append(shown, c.String())
	}
	if got := strings.Join(shown, " · "); got != "learning rate 0.001 · initial accumulator 10 · epsilon 1 · epsilon goes inside the root · steps 10000 · start x0 -1.5" {
		t.Errorf("clamped to %s", got)
	}
}
