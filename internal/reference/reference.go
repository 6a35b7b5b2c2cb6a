// Package reference gives the tests of every package the tutorial's
// reference data, kept in the repository's testdata/reference: its two runs
// computed by its own numpy code, and a frame of its animation.
package reference

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Path returns the path of a reference file, such as "tutorial-frame-10.png".
func Path(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "reference", name)
}

// A Run is one of the tutorial's runs: Points[i] and Accumulators[i] after
// i iterations, the start first.
type Run struct {
	Function           string      `json:"function"`
	X0                 []float64   `json:"x0"`
	LearningRate       float64     `json:"learning_rate"`
	InitialAccumulator float64     `json:"initial_accumulator"`
	Epsilon            float64     `json:"epsilon"`
	Iterations         int         `json:"iterations"`
	Points             [][]float64 `json:"points"`
	Accumulators       [][]float64 `json:"accumulators"`
	Final              []float64   `json:"final"`
}

// Load reads a run, "tutorial-1d.json" or "tutorial-2d.json", and checks
// that it holds a point and an accumulator for every iteration.
func Load(name string) (Run, error) {
	var r Run
	b, err := os.ReadFile(Path(name))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s: %w", name, err)
	}
	if len(r.Points) != r.Iterations+1 || len(r.Accumulators) != r.Iterations+1 || len(r.Final) == 0 {
		return r, fmt.Errorf("%s: %d points and %d accumulators for %d iterations", name, len(r.Points), len(r.Accumulators), r.Iterations)
	}
	return r, nil
}

// Must is Load for tests: it stops the test if the run cannot be read.
func Must(t testing.TB, name string) Run {
	t.Helper()
	r, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
