package notebooks

import (
	"encoding/json"
	"fmt"
	"go/format"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The notebooks are the source: contributors edit them in Jupyter and
// commit them executed. These tests keep them consistent with each other
// and their Go formatted as gofmt formats it.

// source is a notebook file as far as these tests read it.
type source struct {
	Cells    []cell                     `json:"cells"`
	Metadata map[string]json.RawMessage `json:"metadata"`
}

type cell struct {
	ID       string         `json:"id"`
	CellType string         `json:"cell_type"`
	Source   multiline      `json:"source"`
	Metadata map[string]any `json:"metadata"`
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

func readSource(t *testing.T, path string) source {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb source
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: not JSON: %v", path, err)
	}
	return nb
}

func notebookFiles(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks here (%v)", err)
	}
	return paths
}

// setupMarker is what the setup cell runs.
const setupMarker = `!*bash "${GONB_DIR}/gonb-setup.sh"`

// TestSetupCellFirst checks that in every notebook the first code cell is
// the same setup cell, which points GoNB at this repository
// (gonb-setup.sh) before any Go runs.
func TestSetupCellFirst(t *testing.T) {
	var first, firstPath string
	for _, path := range notebookFiles(t) {
		nb := readSource(t, path)
		i := slices.IndexFunc(nb.Cells, func(c cell) bool { return c.CellType == "code" })
		if i < 0 {
			t.Errorf("%s: no code cell", path)
			continue
		}
		c := nb.Cells[i]
		src := string(c.Source)
		if c.ID != "setup" || !strings.Contains(src, setupMarker) || !strings.Contains(src, "\n%noautoget") {
			t.Errorf("%s: the first code cell (id %q) is not the setup cell (id \"setup\", running %s, then %%noautoget):\n%s", path, c.ID, setupMarker, src)
		}
		if first == "" {
			first, firstPath = src, path
		} else if src != first {
			t.Errorf("%s: the setup cell differs from %s's; every notebook has the same one:\n%s", path, firstPath, src)
		}
	}
}

// TestMetadata checks the notebooks' metadata: the gonb kernel, Go as the
// language code hosts highlight (see checkLanguageInfo), and nothing a
// front end or an extension left behind, in the notebook or its cells.
func TestMetadata(t *testing.T) {
	for _, path := range notebookFiles(t) {
		nb := readSource(t, path)
		if keys := slices.Sorted(maps.Keys(nb.Metadata)); !slices.Equal(keys, []string{"kernelspec", "language_info"}) {
			t.Errorf("%s: notebook metadata has %q, want kernelspec and language_info only", path, keys)
		}
		var spec map[string]string
		if err := json.Unmarshal(nb.Metadata["kernelspec"], &spec); err != nil ||
			!maps.Equal(spec, map[string]string{"display_name": "Go (gonb)", "language": "go", "name": "gonb"}) {
			t.Errorf("%s: kernelspec %s, want GoNB's (display_name \"Go (gonb)\", language go, name gonb)", path, nb.Metadata["kernelspec"])
		}
		checkLanguageInfo(t, path, nb.Metadata["language_info"])
		for _, c := range nb.Cells {
			if len(c.Metadata) > 0 {
				t.Errorf("%s: cell %q has metadata %v; the notebooks keep none", path, c.ID, c.Metadata)
			}
		}
	}
}

// checkLanguageInfo checks that a notebook's language_info names Go for
// syntax highlighting. GoNB v0.11.4 reports empty pygments_lexer and
// codemirror_mode, and Jupyter copies the kernel's language_info into the
// notebook whenever it runs one, so that code hosts and nbconvert then
// highlight the cells as Python. scripts/run-notebooks puts "go" back after
// executing; a notebook saved from Jupyter needs
// `scripts/run-notebooks --in-place NOTEBOOK`.
func checkLanguageInfo(t *testing.T, path string, raw json.RawMessage) {
	t.Helper()
	var li struct {
		Name           string `json:"name"`
		FileExtension  string `json:"file_extension"`
		PygmentsLexer  string `json:"pygments_lexer"`
		CodeMirrorMode any    `json:"codemirror_mode"` // a string or a CodeMirror mode object
	}
	if err := json.Unmarshal(raw, &li); err != nil {
		t.Errorf("%s: language_info %s: %v", path, raw, err)
		return
	}
	if li.Name != "go" || li.FileExtension != ".go" || li.PygmentsLexer != "go" || li.CodeMirrorMode != "go" {
		t.Errorf("%s: language_info %s, want name and pygments_lexer and codemirror_mode \"go\", file_extension \".go\" (scripts/run-notebooks --in-place %s sets them)",
			path, raw, path)
	}
}

// TestCellsGofmt checks that the Go in every code cell is formatted as
// gofmt formats it. A GoNB cell holds declarations, then optionally a "%%"
// line (with flags, possibly) and the body of main; lines starting with "%"
// or "!" are GoNB commands, not Go, and are left out.
func TestCellsGofmt(t *testing.T) {
	for _, path := range notebookFiles(t) {
		for _, c := range readSource(t, path).Cells {
			if c.CellType != "code" {
				continue
			}
			if msg := gofmtCell(string(c.Source)); msg != "" {
				t.Errorf("%s: cell %q is not gofmt-formatted: %s", path, c.ID, msg)
			}
		}
	}
}

// gofmtCell returns "" if the cell's Go is formatted, else what gofmt would
// change.
func gofmtCell(cell string) string {
	var decls, body []string
	inBody := false
	for _, line := range strings.Split(cell, "\n") {
		switch {
		case strings.HasPrefix(line, "%%") || strings.HasPrefix(line, "%main"):
			inBody = true
		case strings.HasPrefix(line, "%") || strings.HasPrefix(line, "!"):
			// A GoNB command.
		case inBody:
			body = append(body, line)
		default:
			decls = append(decls, line)
		}
	}
	if msg := gofmtPart("package main\n\n", decls, "", ""); msg != "" {
		return "declarations: " + msg
	}
	if msg := gofmtPart("package main\n\nfunc main() {\n", body, "\t", "}\n"); msg != "" {
		return "body (after %%): " + msg
	}
	return ""
}

// gofmtPart formats lines, indented by indent between head and tail, and
// returns "" if gofmt leaves them as they are, else the first line it
// changes. Blank lines around the part are the cell's layout, not Go's.
func gofmtPart(head string, lines []string, indent, tail string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(head)
	for _, l := range lines {
		if l != "" {
			b.WriteString(indent)
		}
		b.WriteString(l + "\n")
	}
	b.WriteString(tail)
	src := b.String()
	out, err := format.Source([]byte(src))
	if err != nil {
		return fmt.Sprintf("not Go: %v", err)
	}
	if string(out) == src {
		return ""
	}
	have, want := strings.Split(src, "\n"), strings.Split(string(out), "\n")
	for i := range min(len(have), len(want)) {
		if have[i] != want[i] {
			return fmt.Sprintf("\n\thave %q\n\twant %q", strings.TrimPrefix(have[i], indent), strings.TrimPrefix(want[i], indent))
		}
	}
	return "gofmt changes the line count"
}

func TestGofmtCell(t *testing.T) {
	for _, tc := range []struct {
		name, cell string
		ok         bool
	}{
		{"declarations", "import \"fmt\"\n\n// f doubles.\nfunc f(x int) int { return 2 * x }\n", true},
		{"declarations, badly spaced", "func f(x int) int { return 2*x }\n", false},
		{"body", "var x = 1\n\n%%\nfmt.Println(x)\nif x > 0 {\n\tfmt.Println(\"positive\")\n}\n", true},
		{"body with flags", "import \"flag\"\n\nvar n = flag.Int(\"n\", 1, \"n\")\n\n%% -n=2\nfmt.Println(*n)", true},
		{"body, badly indented", "%%\nif true {\nfmt.Println(1)\n}\n", false},
		{"body, aligned comments", "%%\na := 1 // one\nbb := 22 // two\n_, _ = a, bb\n", false},
		{"commands", "// Setup.\n!*bash \"${GONB_DIR}/gonb-setup.sh\"\n%noautoget\n", true},
		{"command between declarations", "var a = 1\n%noautoget\nvar b = 2\n", true},
		{"not Go", "func (\n", false},
		{"body not Go", "%%\nfor {\n", false},
		{"empty", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := gofmtCell(tc.cell)
			if (msg == "") != tc.ok {
				t.Errorf("gofmtCell(%q) = %q; want formatted = %v", tc.cell, msg, tc.ok)
			}
		})
	}
}

// maxColumns is the widest code line the notebooks keep, tabs counted as
// the 4 columns both front ends show. Measured in Chromium at 1280 px wide:
// classic Notebook 6.4 shows 121 columns of a code cell (monospace 14 px);
// JupyterLab 4.4 with its file browser open, as it starts, shows 107 (13 px).
// 90 leaves room for other fonts and a narrower window (at 1024 px classic
// Notebook shows 97 columns; JupyterLab 74, 106 with the file browser
// closed). Longer lines are not wrapped: they are cut at the cell's edge.
const maxColumns = 90

// columns returns how many columns line takes in a code cell: tabs advance
// to the next multiple of 4, every other character takes one.
func columns(line string) int {
	n := 0
	for _, r := range line {
		if r == '\t' {
			n += 4 - n%4
		} else {
			n++
		}
	}
	return n
}

// TestCodeLineWidth checks that no line of a code cell is cut at the edge
// of the cell in the front ends we test.
func TestCodeLineWidth(t *testing.T) {
	for _, path := range notebookFiles(t) {
		for _, c := range readSource(t, path).Cells {
			if c.CellType != "code" {
				continue
			}
			for i, line := range strings.Split(string(c.Source), "\n") {
				if n := columns(line); n > maxColumns {
					t.Errorf("%s: cell %q, line %d is %d columns wide, more than %d:\n%s",
						path, c.ID, i+1, n, maxColumns, line)
				}
			}
		}
	}
}

func TestColumns(t *testing.T) {
	for _, tc := range []struct {
		line string
		want int
	}{
		{"", 0}, {"abc", 3}, {"\tx", 5}, {"\t\tx", 9}, {"ab\tx", 5}, {"η/(√a+ε)", 8},
	} {
		if got := columns(tc.line); got != tc.want {
			t.Errorf("columns(%q) = %d, want %d", tc.line, got, tc.want)
		}
	}
}

// TestNoCopiedCells checks that no code cell but the setup cell appears in
// two notebooks: what every notebook needs lives in a package (the must
// helpers in notebooks/must), not in a cell copied into each.
func TestNoCopiedCells(t *testing.T) {
	seen := map[string]string{}
	for _, path := range notebookFiles(t) {
		for _, c := range readSource(t, path).Cells {
			src := strings.TrimSpace(string(c.Source))
			if c.CellType != "code" || c.ID == "setup" || src == "" {
				continue
			}
			if other, ok := seen[src]; ok && other != path {
				t.Errorf("%s: cell %q is a copy of one in %s", path, c.ID, other)
			}
			seen[src] = path
		}
	}
}

// roundedProduct finds a product rounded on its own, float64(a*b), which
// keeps Go from fusing it with an addition.
var roundedProduct = regexp.MustCompile(`float64\([^()]*\*`)

// TestRoundingOnlyWherePromised checks that the float64(...) conversions
// that keep numpy's rounding appear only in the cells that compare with the
// tutorial's numbers to the last digit (part 1 explains them once); the
// rest of the notebooks write arithmetic as a reader would.
func TestRoundingOnlyWherePromised(t *testing.T) {
	allowed := map[string]bool{
		"01-adagrad-one-variable.ipynb/function": true, // fdash, the tutorial's slope
		"01-adagrad-one-variable.ipynb/loop":     true, // the tutorial's loop
		"02-adagrad-animation.ipynb/points":      true, // part 1's loop again
		"03-adagrad-two-variables.ipynb/loop":    true, // the tutorial's two-variable loop
	}
	found := map[string]bool{}
	for _, path := range notebookFiles(t) {
		for _, c := range readSource(t, path).Cells {
			if c.CellType != "code" || !roundedProduct.MatchString(string(c.Source)) {
				continue
			}
			key := path + "/" + c.ID
			found[key] = true
			if !allowed[key] {
				t.Errorf("%s: cell %q rounds a product with float64(...), which only the "+
					"tutorial's own loops need", path, c.ID)
			}
		}
	}
	for key := range allowed {
		if !found[key] {
			t.Errorf("%s no longer rounds its products as numpy does; "+
				"its full-precision result then depends on the machine", key)
		}
	}
}
