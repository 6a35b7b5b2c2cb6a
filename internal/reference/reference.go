// Package reference locates the tutorial's reference data (its numpy runs
// and a frame of its animation) in the repository's testdata/reference, for
// the tests of every package.
package reference

import (
	"path/filepath"
	"runtime"
)

// Path returns the path of a reference file, such as "tutorial-1d.json".
func Path(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "reference", name)
}
