package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"github.com/gonb-tutorials/optimizers/internal/reference"
	"strconv"
	"strings"
	"testing"
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
			Function     string             `json:"function"`
			Config       map[string]float64 `json:"config"`
			Points       [][]float64        `json:"points"`
			Accumulators [][]float64        `json:"accumulators"`
			Final        []float64          `json:"final"`
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
	for _, s := range []string{"trace -x0 -1 -iters 3", "trace -func quadratic2d -x0 1,,2", "trace -lr 1e309", "trace -format csv -iters 2 -eps 0 -acc0 0", "animate -frames 0"} {
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
