package notebooks

import (
	"encoding/json"
	"fmt"
	"github.com/gonb-tutorials/optimizers/internal/reference"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The notebooks, with the tutorial's result each must print, computed
// from the tutorial's own reference runs.
var notebooks = []struct {
	name    string
	minimum func(t *testing.T) string
	gif     bool
}{
	{"01-adagrad-one-variable", minimum1D, false},
	{"02-adagrad-animation", func(t *testing.T) string {
		return fmt.Sprintf("the last is %.2g from the valley floor", math.Abs(reference.Must(t, "tutorial-1d.json").Final[0]+1/math.Sqrt(3)))
	}, true},
	{"03-adagrad-two-variables", minimum2D, true},
	// Part 4's sweep runs the tutorial's case among others.
	{"04-why-adagrad", func(t *testing.T) string {
		r := reference.Must(t, "tutorial-1d.json")
		return fmt.Sprintf(" 0.05   %14.4f   %19.2g", r.Points[1][0], math.Abs(r.Final[0]+1/math.Sqrt(3)))
	}, true},
	// Without a browser the playground draws the tutorial's settings once,
	// with its readout: the point to six significant digits.
	{"05-playground", func(t *testing.T) string {
		x := reference.Must(t, "tutorial-1d.json").Final[0]
		return "after 1000 steps: x = " + strconv.FormatFloat(x, 'g', 6, 64) + ", f = "
	}, false},
	{rareNotebook, rareLosses, false},
}

func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func minimum1D(t *testing.T) string {
	return "x after 1000 steps, in full: " + g(reference.Must(t, "tutorial-1d.json").Final[0])
}

func minimum2D(t *testing.T) string {
	f := reference.Must(t, "tutorial-2d.json").Final
	return fmt.Sprintf("(x, y) after 1000 steps, in full: (%s, %s)", g(f[0]), g(f[1]))
}

type notebook struct {
	Cells []struct {
		ID       string            `json:"id"`
		CellType string            `json:"cell_type"`
		Source   []string          `json:"source"`
		Outputs  []json.RawMessage `json:"outputs"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name string `json:"name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
	NBFormat      int `json:"nbformat"`
	NBFormatMinor int `json:"nbformat_minor"`
}

var (
	cellID      = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	base64Image = regexp.MustCompile(`data:image/[a-z]+;base64,[A-Za-z0-9+/=]+`)
	machinePath = regexp.MustCompile(`/tmp/|/root/|/home/|/work/|/Users/|[A-Z]:\\\\`)
)

// checkNotebook applies every check to the notebook file at path.
func checkNotebook(t *testing.T, path, wantMinimum string, wantGIF bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: not JSON: %v", path, err)
	}
	if nb.NBFormat != 4 || nb.NBFormatMinor < 5 {
		t.Errorf("%s: nbformat %d.%d, want 4.5 (cell ids)", path, nb.NBFormat, nb.NBFormatMinor)
	}
	if nb.Metadata.Kernelspec.Name != "gonb" {
		t.Errorf("%s: kernel %q, want gonb", path, nb.Metadata.Kernelspec.Name)
	}
	ids := map[string]bool{}
	var texts []string
	images, gifs := 0, 0
	for _, c := range nb.Cells {
		if !cellID.MatchString(c.ID) || ids[c.ID] {
			t.Errorf("%s: cell id %q missing, malformed or repeated", path, c.ID)
		}
		ids[c.ID] = true
		if c.CellType != "code" {
			continue
		}
		src := strings.Join(c.Source, "")
		if strings.Contains(src, "%%") && len(c.Outputs) == 0 {
			t.Errorf("%s: cell %q runs code but has no output", path, c.ID)
		}
		for _, raw := range c.Outputs {
			var o struct {
				OutputType string          `json:"output_type"`
				Text       json.RawMessage `json:"text"`
				Data       map[string]any  `json:"data"`
			}
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatal(err)
			}
			if o.OutputType == "error" {
				t.Errorf("%s: cell %q has an error output", path, c.ID)
			}
			if _, ok := o.Data["image/png"]; ok {
				images++
			}
			if _, ok := o.Data["image/gif"]; ok {
				images++
				gifs++
			}
			s := base64Image.ReplaceAllString(string(raw), "IMAGE")
			if strings.Contains(string(raw), "data:image/png;base64") {
				images++
			}
			if m := machinePath.FindString(s); m != "" {
				t.Errorf("%s: cell %q shows a machine path (%q)", path, c.ID, m)
			}
			for _, bad := range []string{"panic:", "exit status", "go: added", "go: downloading", "gonb-err"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s: cell %q output shows %q", path, c.ID, bad)
				}
			}
			texts = append(texts, s)
		}
	}
	if images == 0 {
		t.Errorf("%s: no image in the outputs", path)
	}
	if wantGIF && gifs == 0 {
		t.Errorf("%s: no animated GIF in the outputs", path)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, wantMinimum) {
		t.Errorf("%s: outputs do not show %q", path, wantMinimum)
	}
}

// TestCommittedNotebooks checks the notebooks as committed: executed, so
// that a code host shows their figures, and clean.
func TestCommittedNotebooks(t *testing.T) {
	for _, nb := range notebooks {
		t.Run(nb.name, func(t *testing.T) {
			checkNotebook(t, nb.name+".ipynb", nb.minimum(t), nb.gif)
		})
	}
}

// TestExecuteNotebooks runs every notebook afresh under GoNB and checks the
// result. It needs Jupyter and the GoNB kernel (scripts/install-gonb);
// without them it is skipped, unless ADAGRAD_REQUIRE_NOTEBOOKS=1 (set by
// scripts/test), when their absence is a failure.
func TestExecuteNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("executing notebooks is not short")
	}
	required := os.Getenv("ADAGRAD_REQUIRE_NOTEBOOKS") == "1"
	missing := func(what string) {
		if required {
			t.Fatal(what)
		}
		t.Skipf("%s; scripts/test installs what is missing and runs this test", what)
	}
	// run-notebooks says which nbconvert it would use and whether that
	// Jupyter finds the gonb kernel, asking jupyter_client as nbconvert
	// does: no `jupyter kernelspec` command needed.
	if out, err := exec.Command(filepath.Join("..", "scripts", "run-notebooks"), "--check").CombinedOutput(); err != nil {
		missing(strings.TrimSpace(strings.TrimPrefix(string(out), "run-notebooks: ")))
	} else {
		t.Log(strings.TrimSpace(string(out)))
	}
	// The exercises each notebook suggests run in the same execution,
	// appended to it (claims_test.go).
	dir := executeNotebooks(t)
	for _, nb := range notebooks {
		t.Run(nb.name, func(t *testing.T) {
			path := filepath.Join(dir, nb.name+".ipynb")
			checkNotebook(t, path, nb.minimum(t), nb.gif)
			checkClaims(t, path, nb.name)
			checkExercises(t, path, nb.name)
			// Executing copies GoNB's empty lexers in; run-notebooks must fix them.
			checkLanguageInfo(t, path, readSource(t, path).Metadata["language_info"])
		})
	}
}
