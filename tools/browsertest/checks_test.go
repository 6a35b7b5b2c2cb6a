package browsertest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The checks the browser test applies to a page's text, on text whose
// answer is known.
func TestCheckMinima(t *testing.T) {
	one := map[string][]float64{"1d": {-0.5773502691896274}}
	two := map[string][]float64{"2d": {1.9999034433776128, -0.999903443377613}}
	for _, tc := range []struct {
		name   string
		text   string
		finals map[string][]float64
		others bool
		want   int // problems
	}{
		{"printed", "minimum: x = -0.5773502691896274\n", one, false, 0},
		{"printed in a sentence", "lr 0.05: x after 1000 steps = -0.5773502691896274", one, false, 0},
		{"rounded only", "minimum: x = -0.57735", one, false, 1},
		{"last digit off", "minimum: x = -0.5773502691896275", one, false, 2},
		{"missing", "hello", one, false, 1},
		{"two coordinates", "package minimum: [1.9999034433776128 -0.999903443377613]", two, false, 0},
		{"two coordinates, tuple", "minimum: (x, y) = (1.9999034433776128, -0.999903443377613)", two, false, 0},
		{"two coordinates, swapped", "minimum: (-0.999903443377613, 1.9999034433776128)", two, false, 2},
		{"coordinates on two lines", "x = 1.9999034433776128\ny = -0.999903443377613", two, false, 1},
		{"another minimum", "minimum: x = -0.5773502691896274\nminimum at lr 0.1: x = -0.5773502691896263", one, false, 1},
		{"another minimum, allowed", "minimum: x = -0.5773502691896274\nminimum at lr 0.1: x = -0.5773502691896263", one, true, 0},
		{"prose with a rounded minimum", "minimum: x = -0.5773502691896274\n(the minimum is 1)", one, false, 0},
		{"exact value beside", "minimum: -0.5773502691896274 (exact -0.5773502691896258)", one, false, 0},
		{"no finals", "minimum: 3.14159265358979", nil, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkMinima(tc.text, tc.finals, tc.others)
			if len(got) != tc.want {
				t.Errorf("%d problems, want %d: %q", len(got), tc.want, got)
			}
		})
	}
}

func TestFullPrecision(t *testing.T) {
	for s, want := range map[string]bool{
		"-0.5773502691896274": true, "1.9999034433776128": true, "-0.999903443377613": true,
		"130.0365201412387": true, "1.234567890123e-05": true,
		"-0.5774": false, "1": false, "0.000001": false, "1e-08": false, "1000": false,
	} {
		if got := fullPrecision(s); got != want {
			t.Errorf("fullPrecision(%q) = %v, want %v", s, got, want)
		}
	}
}

// savedFigures counts what a page shows: an HTML output by its <img> tags
// (the page prefers HTML), any other image output once.
func TestSavedFigures(t *testing.T) {
	nb := `{"cells": [
 {"cell_type": "markdown", "source": "![x](data:image/png;base64,AAAA)"},
 {"cell_type": "code", "source": ["x\n", "y"], "outputs": [
  {"output_type": "display_data", "data": {"image/png": "AAAA"}},
  {"output_type": "display_data", "data": {"image/gif": "R0lG", "text/html": ["<img src=\"data:image/gif;base64,R0lG\" alt=\"animation\"/>"]}},
  {"output_type": "display_data", "data": {"text/html": "<div><img src=\"data:image/png;base64,AAAA\"/><img src=\"data:image/png;base64,BBBB\"/></div>"}},
  {"output_type": "stream", "name": "stdout", "text": ["data:image/png;base64,AAAA\n"]}
 ]},
 {"cell_type": "code", "source": "", "outputs": []}
]}`
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	if err := os.WriteFile(path, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	figures, gifs, err := savedFigures(path)
	if err != nil || figures != 4 || gifs != 1 {
		t.Errorf("savedFigures = %d, %d, %v; want 4, 1, nil", figures, gifs, err)
	}
	src, err := codeCells(path)
	if err != nil || !slices.Equal(src, []string{"x\ny", ""}) || nonEmpty(src) != 1 {
		t.Errorf("codeCells = %q, %v; want [x\\ny, \"\"], one with code", src, err)
	}
}

// The committed notebooks are readable by these helpers, and every one has
// figures to check.
func TestCommittedNotebooksHaveFigures(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "notebooks", "*.ipynb"))
	if len(paths) == 0 {
		t.Fatal("no notebooks")
	}
	for _, p := range paths {
		figures, _, err := savedFigures(p)
		if err != nil {
			t.Fatal(err)
		}
		if figures == 0 {
			t.Errorf("%s: no saved figure", strings.TrimPrefix(p, "../../"))
		}
	}
}

// The playground's readouts print the final point to six significant
// digits; checkRounded and runEnd.in find it there, and nothing coarser
// or elsewhere.
func TestRoundedPoint(t *testing.T) {
	one := []float64{-0.5773502691896274}
	two := []float64{1.9999034433776128, -0.999903443377613}
	far := []float64{1088.0571573754403}
	for _, tc := range []struct {
		name string
		text string
		p    []float64
		want bool
	}{
		{"six digits", "after 1000 steps: x = -0.57735, f = -0.3849, 1.6e-15 from the minimum", one, true},
		{"in full", "after 1000 steps: x = -0.5773502691896274, f = -0.3849", one, true},
		{"four digits", "after 1000 steps: x = -0.5774, f = -0.3849", one, false},
		{"sixth digit off", "after 1000 steps: x = -0.577351, f = -0.3849", one, false},
		{"two coordinates", "after 1000 steps: (x, y) = (1.9999, -0.999903), f = -6", two, true},
		{"two coordinates, swapped", "after 1000 steps: (x, y) = (-0.999903, 1.9999), f = -6", two, false},
		{"second coordinate off", "after 1000 steps: (x, y) = (1.9999, -0.999904), f = -6", two, false},
		{"diverged", "diverged: after 1000 steps x = 1088.06, f = -1.28807e+9; right of the hilltop", far, true},
		{"missing", "hello", one, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runEnd(tc.p).in(tc.text); got != tc.want {
				t.Errorf("runEnd.in: %v, want %v", got, tc.want)
			}
			if got := checkRounded("a line before\n"+tc.text, "run", tc.p) == ""; got != tc.want {
				t.Errorf("checkRounded finds it: %v, want %v", got, tc.want)
			}
		})
	}
}
