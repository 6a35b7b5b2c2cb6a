package adagrad

import (
	"testing"
)

// TestGolden checks every form against the numbers the libraries gave
// when they were recorded (testdata/golden-*.json), so that the forms are
// judged where the libraries are not installed: with -tags purego and on
// arm64 under qemu as well. Each run is checked as its path calls for:
// every bit, or every step from the library's own square roots, or the
// sums of a coalesced gradient. The live tests (TestPyTorch, TestPyTorch113,
// TestKeras, TestOptax) rewrite the files with -update and fail when a
// library no longer gives the recorded numbers.
func TestGolden(t *testing.T) {
	for _, lib := range []string{"pytorch", "pytorch-1.13", "keras", "optax"} {
		t.Run(lib, func(t *testing.T) {
			g := readGolden(t, lib)
			if len(g.Runs) == 0 {
				t.Fatalf("%s holds no runs", goldenName(lib))
			}
			for i := range g.Runs {
				checkRun(t, &g.Runs[i])
			}
			t.Logf("%d runs recorded from %s", len(g.Runs), g.Library)
		})
	}
}
