package main

import (
	"bytes"
	"image"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeCaptions returns the README's figure captions: the paragraph under
// the opening picture and the table of pictures.
func readmeCaptions(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var caps []string
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "![") && i < 5: // the opening picture, then its caption
			for _, c := range lines[i+1:] {
				if c == "" && len(caps) > 0 {
					break
				}
				caps = append(caps, c)
			}
		case strings.HasPrefix(l, "| ![") && strings.Contains(l, "docs/"):
			caps = append(caps, l)
		}
	}
	if len(caps) < 4 {
		t.Fatalf("found %d caption lines in README.md", len(caps))
	}
	return strings.Join(caps, "\n")
}

// number matches a number as the captions and the CLI write it: 0.0096,
// 1.1×10⁻¹⁶, 10⁻⁴.
var number = regexp.MustCompile(`[0-9]+(\.[0-9]+)?(×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+`)

// TestREADMECaptionNumbers: every number the README's figure captions
// quote is one "adagrad tutorial" computes and prints, so that a changed
// run cannot leave a stale number in the text.
func TestREADMECaptionNumbers(t *testing.T) {
	_, stdout := tutorialOut(t)
	printed := map[string]bool{}
	for _, n := range number.FindAllString(stdout, -1) {
		printed[n] = true
	}
	caps := readmeCaptions(t)
	// Alt texts and links hold names (docs/..., notebook 2), not results.
	caps = regexp.MustCompile(`\]\([^)]*\)`).ReplaceAllString(caps, "]")
	caps = strings.NewReplacer("notebook 2", "", "−1", "-1").Replace(caps)
	for _, n := range number.FindAllString(caps, -1) {
		if !printed[n] {
			t.Errorf("README caption number %s is not in the tutorial command's output", n)
		}
	}
}

// TestDocsPicturesAreCurrent: the README's pictures in docs/ are what
// "adagrad tutorial" draws now: the PNGs within a few pixels (text may be
// rasterised a shade differently on another CPU), the GIFs frame for frame
// in number and delay, and their first frames likewise.
func TestDocsPicturesAreCurrent(t *testing.T) {
	dir, _ := tutorialOut(t)
	for _, name := range []string{"adagrad-at-a-glance.gif", "adagrad-2d-contour.png", "adagrad-2d.gif", "adagrad-slowdown.png", "why-paths.png", "why-weakness.png", "why-lr-sweep.png", "rare-loss.png", "rare-steps.png"} {
		docs, err := os.ReadFile(filepath.Join("..", "..", "docs", name))
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var a, b image.Image
		if strings.HasSuffix(name, ".png") {
			if a, err = png.Decode(bytes.NewReader(docs)); err == nil {
				b, err = png.Decode(bytes.NewReader(fresh))
			}
		} else {
			var ga, gb *gif.GIF
			if ga, err = gif.DecodeAll(bytes.NewReader(docs)); err == nil {
				gb, err = gif.DecodeAll(bytes.NewReader(fresh))
			}
			if err == nil {
				if len(ga.Image) != len(gb.Image) || !slices.Equal(ga.Delay, gb.Delay) {
					t.Errorf("docs/%s: %d GIF images, the tutorial command's %d (or other delays); regenerate it", name, len(ga.Image), len(gb.Image))
				}
				a, b = ga.Image[0], gb.Image[0]
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a.Bounds() != b.Bounds() {
			t.Errorf("docs/%s: %v, the tutorial command draws %v", name, a.Bounds(), b.Bounds())
			continue
		}
		bad := 0
		r := a.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				r1, g1, b1, _ := a.At(x, y).RGBA()
				r2, g2, b2, _ := b.At(x, y).RGBA()
				if far(r1, r2) || far(g1, g2) || far(b1, b2) {
					bad++
				}
			}
		}
		if bad > r.Dx()*r.Dy()/500 {
			t.Errorf("docs/%s: %d pixels differ from what the tutorial command draws; regenerate it (adagrad tutorial -out DIR)", name, bad)
		}
	}
}

func far(a, b uint32) bool { return a>>8 > b>>8+48 || b>>8 > a>>8+48 }

// TestREADMETutorialOutput: the README shows "adagrad tutorial"'s output
// exactly as it prints it (into ./out).
func TestREADMETutorialOutput(t *testing.T) {
	dir, stdout := tutorialOut(t)
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "```sh\ngo run ./cmd/adagrad tutorial\n```\n\n```\n"
	readme := string(b)
	i := strings.Index(readme, cmd)
	if i < 0 {
		t.Fatal("README.md has no block with the tutorial command and its output")
	}
	shown := readme[i+len(cmd):]
	shown = shown[:strings.Index(shown, "```")]
	want := strings.ReplaceAll(stdout, dir+string(filepath.Separator), "out/")
	if shown != want {
		t.Errorf("README.md shows the tutorial command printing\n%s\nit prints\n%s", shown, want)
	}
}
