package browsertest

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// savedFigures counts the figures a page shows for the committed notebook
// at path: one per image output (PNG, JPEG or GIF), or, for an output with
// HTML, as many as its <img> tags (a front end shows the HTML in its place).
// gifs counts those that are GIFs.
func savedFigures(path string) (figures, gifs int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var nb struct {
		Cells []struct {
			Outputs []struct {
				Data map[string]json.RawMessage `json:"data"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		return 0, 0, fmt.Errorf("%s: %v", path, err)
	}
	imgTag := regexp.MustCompile(`<img\b[^>]*\bsrc=\\?"data:image/([a-z]+)`)
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if html, ok := o.Data["text/html"]; ok {
				for _, m := range imgTag.FindAllSubmatch(html, -1) {
					figures++
					if string(m[1]) == "gif" {
						gifs++
					}
				}
				continue
			}
			for _, mime := range []string{"image/png", "image/jpeg", "image/gif"} {
				if _, ok := o.Data[mime]; ok {
					figures++
					if mime == "image/gif" {
						gifs++
					}
					break
				}
			}
		}
	}
	return figures, gifs, nil
}

// finalPoint reads the final point of a reference run in
// testdata/reference (the tutorial's numpy runs). The file is read
// directly: internal/reference belongs to the project's module.
func finalPoint(repo, name string) ([]float64, error) {
	b, err := os.ReadFile(filepath.Join(repo, "testdata", "reference", name))
	if err != nil {
		return nil, err
	}
	var run struct {
		Final []float64 `json:"final"`
	}
	if err := json.Unmarshal(b, &run); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(run.Final) == 0 {
		return nil, fmt.Errorf("%s: no final point", name)
	}
	return run.Final, nil
}

// number matches a decimal number as Go or Python print one.
var number = regexp.MustCompile(`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`)

// fullPrecision reports whether s, a number, shows at least 13 significant
// digits: the way Go's %v and Println print a float64 that is not round.
func fullPrecision(s string) bool {
	mant := strings.TrimLeft(s, "+-")
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		mant = mant[:i]
	}
	mant = strings.TrimLeft(strings.Replace(mant, ".", "", 1), "0")
	return len(mant) >= 13
}

// checkMinima checks the text of a notebook's outputs against the final
// points of its reference runs. The pattern:
//
//   - every final point is printed: some line holds all its coordinates,
//     in order, as whole numbers that parse to exactly the reference's
//     float64s (so "-0.5773502691896274" or "[1.9999034433776128
//     -0.999903443377613]", but not a rounded "-0.57735");
//   - unless others is set, every line with the word "minimum" that shows
//     numbers at full precision (13 or more significant digits) shows one
//     of the final points, so that no other minimum is reported as the
//     result. Lines with rounded numbers ("the minimum is 1") are prose.
//
// It returns one message per problem.
func checkMinima(text string, finals map[string][]float64, others bool) []string {
	type line struct {
		text string
		nums []float64
		full int // how many numbers are at full precision
	}
	var lines []line
	for _, s := range strings.Split(text, "\n") {
		l := line{text: strings.TrimSpace(s)}
		for _, m := range number.FindAllString(s, -1) {
			v, err := strconv.ParseFloat(m, 64)
			if err != nil {
				continue
			}
			l.nums = append(l.nums, v)
			if fullPrecision(m) {
				l.full++
			}
		}
		lines = append(lines, l)
	}
	holds := func(l line, p []float64) bool {
		i := 0
		for _, v := range l.nums {
			if i < len(p) && v == p[i] {
				i++
			}
		}
		return i == len(p)
	}
	var problems []string
	for _, name := range sortedKeys(finals) {
		p := finals[name]
		found := false
		for _, l := range lines {
			found = found || holds(l, p)
		}
		if !found {
			problems = append(problems, fmt.Sprintf("no output shows the final point of %s, %v", name, fmtPoint(p)))
		}
	}
	if others || len(finals) == 0 {
		return problems
	}
	minimum := regexp.MustCompile(`(?i)\bminimum\b`)
	for _, l := range lines {
		if !minimum.MatchString(l.text) || l.full == 0 {
			continue
		}
		ok := false
		for _, name := range sortedKeys(finals) {
			ok = ok || holds(l, finals[name])
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("%q reports a minimum other than the reference's (%s)", l.text, strings.Join(sortedKeys(finals), ", ")))
		}
	}
	return problems
}

// checkRounded checks that some line of text holds the final point p of
// the reference run name, each coordinate printed to six significant
// digits (sixDigits), in order, as the playground's readouts print it. It
// returns the problem, or "".
func checkRounded(text, name string, p []float64) string {
	for _, l := range strings.Split(text, "\n") {
		i := 0
		for _, m := range number.FindAllString(l, -1) {
			if v, err := strconv.ParseFloat(m, 64); err == nil && i < len(p) && sixDigits(v, p[i]) {
				i++
			}
		}
		if i == len(p) {
			return ""
		}
	}
	return fmt.Sprintf("no output shows the final point of %s to six digits, %s", name, fmtPoint(p))
}

// sixDigits reports whether v is want written to six significant digits:
// within half a unit of want's sixth digit.
func sixDigits(v, want float64) bool {
	if want == 0 {
		return v == 0
	}
	unit := math.Pow(10, math.Floor(math.Log10(math.Abs(want)))-5)
	return math.Abs(v-want) <= unit/2*(1+1e-9)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func fmtPoint(p []float64) string {
	s := make([]string, len(p))
	for i, v := range p {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// codeCells returns the source of every code cell of the notebook at path.
func codeCells(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb struct {
		Cells []struct {
			CellType string    `json:"cell_type"`
			Source   multiline `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var src []string
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			src = append(src, string(c.Source))
		}
	}
	return src, nil
}

// nonEmpty counts the cells with code: a front end does not run an empty one.
func nonEmpty(src []string) int {
	n := 0
	for _, s := range src {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}

// multiline is a notebook's text: one string, or a list of lines.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var lines []string
	if err := json.Unmarshal(b, &lines); err == nil {
		*m = multiline(strings.Join(lines, ""))
		return nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	*m = multiline(s)
	return err
}

// cellIndex returns the place, among all cells, of the first cell of the
// notebook at path whose source holds text.
func cellIndex(path, text string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var nb struct {
		Cells []struct {
			Source multiline `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		return 0, fmt.Errorf("%s: %v", path, err)
	}
	for i, c := range nb.Cells {
		if strings.Contains(string(c.Source), text) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%s: no cell holds %q", filepath.Base(path), text)
}
