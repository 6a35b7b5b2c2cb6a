package reference

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCopiesMatchTheOriginals compares the repository's copies with the
// shared originals, when those are beside the repository.
func TestCopiesMatchTheOriginals(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "reference")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("no shared reference beside the repository (%v): nothing to compare", err)
	}
	for _, name := range []string{"tutorial-1d.json", "tutorial-2d.json", "tutorial-frame-10.png"} {
		orig, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			t.Fatal(err)
		}
		copied, err := os.ReadFile(Path(name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(orig, copied) {
			t.Errorf("testdata/reference/%s differs from the shared original", name)
		}
	}
}
