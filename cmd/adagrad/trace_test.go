package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/internal/reference"
)

// runCLI runs the command in-process and returns its exit code and output.
func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestTraceMatchesReference checks the JSON output, number for number,
// against the tutorial's own runs.
func TestTraceMatchesReference(t *testing.T) {
	for _, c := range []struct {
		file string
		args []string
	}{
		{"tutorial-1d.json", []string{"trace", "-func", "cubic", "-x0", "-1"}},
		{"tutorial-1d.json", []string{"trace"}},
		{"tutorial-2d.json", []string{"trace", "-func", "quadratic2d", "-x0", "1,0", "-lr", "0.05", "-acc0", "0.1", "-eps", "1e-8", "-iters", "1000", "-format", "json"}},
	} {
		code, out, errOut := runCLI(c.args...)
		if code != 0 || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", c.args, code, errOut)
		}
		var got struct {
			Function     string         `json:"function"`
			Config       map[string]any `json:"config"`
			Points       [][]float64    `json:"points"`
			Accumulators [][]float64    `json:"accumulators"`
			Final        []float64      `json:"final"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		want := reference.Must(t, c.file)
		if len(got.Points) != 1001 || len(got.Accumulators) != 1001 {
			t.Fatalf("%v: %d points, %d accumulators, want 1001", c.args, len(got.Points), len(got.Accumulators))
		}
		for i := range want.Points {
			for j := range want.Points[i] {
				if got.Points[i][j] != want.Points[i][j] || got.Accumulators[i][j] != want.Accumulators[i][j] {
					t.Fatalf("%v: entry %d differs: %v %v, want %v %v", c.args, i, got.Points[i], got.Accumulators[i], want.Points[i], want.Accumulators[i])
				}
			}
		}
		if got.Final[0] != want.Final[0] || got.Config["learning_rate"] != 0.05 || got.Config["epsilon"] != 1e-8 {
			t.Errorf("%v: final %v config %v", c.args, got.Final, got.Config)
		}
	}
}

func TestTraceCSV(t *testing.T) {
	code, out, _ := runCLI("trace", "-func", "quadratic2d", "-iters", "1000", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := reference.Must(t, "tutorial-2d.json")
	if len(rows) != 1002 || strings.Join(rows[0], ",") != "iter,x,y,acc_x,acc_y" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, row := range rows[1:] {
		vals := make([]float64, len(row))
		for j, s := range row {
			vals[j], _ = strconv.ParseFloat(s, 64)
		}
		if int(vals[0]) != i || vals[1] != want.Points[i][0] || vals[2] != want.Points[i][1] || vals[3] != want.Accumulators[i][0] || vals[4] != want.Accumulators[i][1] {
			t.Fatalf("row %d: %v, want %v %v", i, row, want.Points[i], want.Accumulators[i])
		}
	}
}

// TestUsageErrors checks every kind of bad input: exit 2, one line on stderr
// naming the flag, nothing on stdout.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		name string // what the message must mention
	}{
		{[]string{"trace", "-lr", "0"}, "-lr"},
		{[]string{"trace", "-lr", "-1"}, "-lr"},
		{[]string{"trace", "-lr", "NaN"}, "-lr"},
		{[]string{"trace", "-lr", "+Inf"}, "-lr"},
		{[]string{"trace", "-lr", "fast"}, "-lr"},
		{[]string{"trace", "-lr", "1e400"}, "out of float64's range"},
		{[]string{"trace", "-acc0", "-0.1"}, "-acc0"},
		{[]string{"trace", "-acc0", "Inf"}, "-acc0"},
		{[]string{"trace", "-eps", "-1e-8"}, "-eps"},
		{[]string{"trace", "-eps", "NaN"}, "-eps"},
		{[]string{"trace", "-x0", "abc"}, "-x0"},
		{[]string{"trace", "-x0", "NaN"}, "-x0"},
		{[]string{"trace", "-x0", "1,0"}, "-x0"},
		{[]string{"trace", "-func", "quadratic2d", "-x0", "1"}, "-x0"},
		{[]string{"trace", "-func", "quadratic2d", "-x0", "1,Inf"}, "-x0"},
		{[]string{"trace", "-iters", "-1"}, "-iters"},
		{[]string{"trace", "-iters", "1e3"}, "-iters"},
		{[]string{"trace", "-func", "rosenbrock"}, "-func"},
		{[]string{"trace", "-format", "xml"}, "-format"},
		{[]string{"trace", "-verbose"}, "-verbose"},
		{[]string{"trace", "extra"}, "extra"},
		{[]string{"frobnicate"}, "frobnicate"},
		{[]string{"trace", "-like", "sgd"}, "-like"},
		{[]string{"trace", "-like", "optax"}, "-lr"}, // Optax has no default learning rate
		{[]string{"trace", "-like", "keras", "-lr", "0"}, "-lr"},
		{[]string{"trace", "-like", "pytorch", "-eps", "-1"}, "-eps"},
		{[]string{"trace", "-lr-decay", "-1"}, "-lr-decay"},
		{[]string{"trace", "-lr-decay", "NaN"}, "-lr-decay"},
		{[]string{"trace", "-lr-decay", "x"}, "-lr-decay"},
		{[]string{"trace", "-like", "keras", "-lr-decay", "0.1"}, "-lr-decay"},
		{[]string{"trace", "-like", "optax", "-lr", "0.1", "-lr-decay", "0.1"}, "-lr-decay"},
		{[]string{"trace", "-weight-decay", "-0.1"}, "-weight-decay"},
		{[]string{"trace", "-weight-decay", "Inf"}, "-weight-decay"},
		{[]string{"trace", "-like", "optax", "-lr", "0.1", "-weight-decay", "0.1"}, "-weight-decay"},
		{[]string{"trace", "-maximize=perhaps"}, "-maximize"},
	} {
		code, out, errOut := runCLI(c.args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.name) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, nothing, one line naming %s", c.args, code, out, errOut, c.name)
		}
	}
}

func TestUsage(t *testing.T) {
	code, _, errOut := runCLI()
	if code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	for _, sub := range []string{"trace", "animate", "tutorial"} {
		if !strings.Contains(errOut, "adagrad "+sub) {
			t.Errorf("usage does not mention %q", sub)
		}
	}
	code, out, _ := runCLI("-h")
	if code != 0 || !strings.Contains(out, "-iters") || !strings.Contains(out, "-frames") {
		t.Errorf("-h: exit %d, output %q", code, out)
	}
	code, out, _ = runCLI("trace", "-h")
	if code != 0 || !strings.Contains(out, "-format") {
		t.Errorf("trace -h: exit %d, output %q", code, out)
	}
}

// FuzzArgs checks that no argument list makes the command panic, and that
// whatever it does ends in a known exit status.
func FuzzArgs(f *testing.F) {
	for _, s := range []string{"trace -x0 -1 -iters 3", "trace -like pytorch -weight-decay 0.1 -maximize", "trace -like keras -weight-decay 1e300 -x0 1e300", "trace -like optax -lr 1e10 -acc0 0 -eps 0", "trace -func quadratic2d -x0 1,,2", "trace -lr 1e309", "trace -format csv -iters 2 -eps 0 -acc0 0", "animate -frames 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		if len(args) > 0 && args[0] != "trace" {
			args[0] = "trace" // animate and tutorial write files; their parsing is shared
		}
		// A last -iters wins over any earlier one: it keeps runs short.
		args = append(args, "-iters", "50")
		code, _, errOut := runCLI(args...)
		if code != 0 && code != 2 && code != 1 {
			t.Fatalf("%q: exit %d", s, code)
		}
		if strings.Contains(errOut, "internal error") {
			t.Fatalf("%q: %s", s, errOut)
		}
	})
}

// traceOut is the JSON that trace prints.
type traceOut struct {
	Function     string         `json:"function"`
	Config       map[string]any `json:"config"`
	Points       [][]float64    `json:"points"`
	Accumulators [][]float64    `json:"accumulators"`
}

func trace(t *testing.T, args ...string) traceOut {
	t.Helper()
	code, out, errOut := runCLI(append([]string{"trace"}, args...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
	}
	var tr traceOut
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestTraceLikePyTorch checks -like pytorch, with its defaults and with
// every option given as flags, against PyTorch's own numbers for the same
// runs (torch.optim.Adagrad of PyTorch 1.13, recorded by the adagrad
// package's tests).
func TestTraceLikePyTorch(t *testing.T) {
	b, err := os.ReadFile("../../adagrad/testdata/golden-pytorch-1.13.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Runs []struct {
			Name         string      `json:"name"`
			Points       [][]float64 `json:"points"`
			Accumulators [][]float64 `json:"accumulators"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	golden := file.Runs
	torch := map[string]int{}
	for i, g := range golden {
		torch[g.Name] = i
	}
	for _, c := range []struct {
		run  string
		args []string
	}{
		{"cubic-defaults", []string{"-like", "pytorch"}},
		{"quadratic-defaults", []string{"-like", "pytorch", "-func", "quadratic2d"}},
		{"cubic-tutorial-options", []string{"-like", "pytorch", "-lr", "0.05", "-acc0", "0.1", "-eps", "1e-8", "-lr-decay", "0.001", "-weight-decay", "0.1"}},
		{"quadratic-maximize", []string{"-like", "pytorch", "-func", "quadratic2d", "-lr", "0.05", "-lr-decay", "0.01", "-weight-decay", "0.01", "-maximize", "-iters", "300"}},
	} {
		i, ok := torch[c.run]
		if !ok {
			t.Fatalf("no PyTorch run %q", c.run)
		}
		want := golden[i]
		got := trace(t, c.args...)
		if got.Config["like"] != "pytorch" || len(got.Points) != len(want.Points) {
			t.Fatalf("%v: config %v, %d points, want pytorch and %d", c.args, got.Config, len(got.Points), len(want.Points))
		}
		for s := range want.Points {
			for j := range want.Points[s] {
				if got.Points[s][j] != want.Points[s][j] || got.Accumulators[s][j] != want.Accumulators[s][j] {
					t.Fatalf("%v, step %d: %v %v, PyTorch %v %v", c.args, s, got.Points[s], got.Accumulators[s], want.Points[s], want.Accumulators[s])
				}
			}
		}
	}
}

// TestTraceLikeDefaults checks each form's defaults, and that -lr, -acc0
// and -eps override them only when given.
func TestTraceLikeDefaults(t *testing.T) {
	for _, c := range []struct {
		args          []string
		like          string
		lr, acc0, eps float64
	}{
		{nil, "tutorial", 0.05, 0.1, 1e-8},
		{[]string{"-like", "tutorial", "-lr", "0.2"}, "tutorial", 0.2, 0.1, 1e-8},
		{[]string{"-like", "pytorch"}, "pytorch", 0.01, 0, 1e-10},
		{[]string{"-like", "pytorch", "-acc0", "0.1"}, "pytorch", 0.01, 0.1, 1e-10},
		{[]string{"-like", "keras"}, "keras", 0.001, 0.1, 1e-7},
		{[]string{"-like", "keras", "-eps", "0"}, "keras", 0.001, 0.1, 0},
		{[]string{"-like", "optax", "-lr", "0.3"}, "optax", 0.3, 0.1, 1e-7},
	} {
		got := trace(t, append(c.args, "-iters", "1")...).Config
		if got["like"] != c.like || got["learning_rate"] != c.lr || got["initial_accumulator"] != c.acc0 || got["epsilon"] != c.eps {
			t.Errorf("%v: config %v, want %s with lr %v, acc0 %v, eps %v", c.args, got, c.like, c.lr, c.acc0, c.eps)
		}
	}
}

// TestTraceLikeKerasOptax works the first step of the cubic from -1
// (gradient 1 - 3 = -2) by each library's rule.
func TestTraceLikeKerasOptax(t *testing.T) {
	// Keras: decay first, x = -1 - (-1·0.5)·0.001 = -0.9995; acc = 0.1 + 4;
	// x -= 0.001·(-2)/sqrt(4.1 + 1e-7). Maximize uses +2.
	keras := trace(t, "-like", "keras", "-weight-decay", "0.5", "-maximize", "-iters", "1")
	wantK := -0.9995 - 0.001*2/math.Sqrt(4.1+1e-7)
	// Optax: acc = 4 + 0.1; x += -0.2·((1/sqrt(4.1 + 1e-7))·(-2)).
	optax := trace(t, "-like", "optax", "-lr", "0.2", "-iters", "1")
	wantO := -1 + -0.2*((1/math.Sqrt(4.1+1e-7))*-2)
	if keras.Points[1][0] != wantK || keras.Accumulators[1][0] != 4.1 || keras.Config["maximize"] != true || keras.Config["weight_decay"] != 0.5 {
		t.Errorf("keras: x %v acc %v config %v, want %v and 4.1", keras.Points[1][0], keras.Accumulators[1][0], keras.Config, wantK)
	}
	if optax.Points[1][0] != wantO || optax.Accumulators[1][0] != 4.1 {
		t.Errorf("optax: x %v acc %v, want %v and 4.1", optax.Points[1][0], optax.Accumulators[1][0], wantO)
	}
}

// TestTraceRunError checks a run that fails on its way: exit 1, one line,
// "adagrad" said once.
func TestTraceRunError(t *testing.T) {
	code, out, errOut := runCLI("trace", "-x0", "1e200") // f'(1e200) = 1 - 3e400 = -Inf
	if code != 1 || out != "" || errOut != "adagrad trace: iteration 1: grad[0] = -Inf is not finite\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
