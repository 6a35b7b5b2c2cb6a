package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/rarefeatures"
)

// TestTutorialRareFeatures: the tutorial command writes the rare-features
// notebook's two figures at the size asked and prints the test losses the
// experiment gives.
func TestTutorialRareFeatures(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI("tutorial", "-out", dir, "-size", "480x270")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, name := range []string{"rare-loss.png", "rare-steps.png"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s := img.Bounds().Size(); s.X != 480 || s.Y != 270 {
			t.Errorf("%s: %v, want 480x270", name, s)
		}
		if !strings.Contains(stdout, name) {
			t.Errorf("output does not list %s", name)
		}
	}
	d, err := rarefeatures.Generate(rarefeatures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	r, err := rarefeatures.Compare(d, rarefeatures.DefaultRates(), 500)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("plain SGD (lr %g) %.3f, Adagrad (lr %g) %.3f", r.SGDRate, r.SGD.Loss[len(r.SGD.Loss)-1], r.AdagradRate, r.Adagrad.Loss[len(r.Adagrad.Loss)-1])
	if !strings.Contains(stdout, want) {
		t.Errorf("output lacks %q:\n%s", want, stdout)
	}
}
