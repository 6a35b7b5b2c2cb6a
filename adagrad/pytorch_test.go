package adagrad

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// These tests compare the PyTorch form with torch.optim.Adagrad itself
// (testdata/torch_adagrad.py runs it). TestPyTorchGolden needs no Python:
// it checks testdata/pytorch-golden.json, torch's numbers for a few runs,
// which TestPyTorch regenerates and compares (go test -run PyTorch -update
// rewrites the file).

var updateGolden = flag.Bool("update", false, "rewrite testdata/pytorch-golden.json from PyTorch")

// A torchCase is one run of torch.optim.Adagrad.
type torchCase struct {
	Name        string  `json:"name"`
	Func        string  `json:"func"` // cubic, quadratic2d, or given (the gradients below)
	N           int     `json:"n"`
	Steps       int     `json:"steps"`
	LR          float64 `json:"lr"`
	LRDecay     float64 `json:"lr_decay"`
	WeightDecay float64 `json:"weight_decay"`
	Acc0        float64 `json:"acc0"`
	Eps         float64 `json:"eps"`
	Maximize    bool    `json:"maximize"`
	Foreach     bool    `json:"foreach"`
	Step0       int     `json:"step0,omitempty"`  // steps already taken
	Step64      bool    `json:"step64,omitempty"` // count steps in float64, not Adagrad's float32

	X0    []float64   `json:"x0,omitempty"`
	Grads [][]float64 `json:"grads,omitempty"`
	// Torch's points and accumulators after steps 0..Steps (golden file).
	Points       [][]float64 `json:"points,omitempty"`
	Accumulators [][]float64 `json:"accumulators,omitempty"`
}

// config returns the case's settings in the PyTorch form.
func (c *torchCase) config() Config {
	return Config{LearningRate: c.LR, InitialAccumulator: c.Acc0, Epsilon: c.Eps, Like: PyTorch,
		LRDecay: c.LRDecay, WeightDecay: c.WeightDecay, Maximize: c.Maximize}
}

// ours runs the case with this package, as a user would (New, then Step
// with the gradient at each point), from step Step0.
func (c *torchCase) ours(cfg Config) (points, accs [][]float64, err error) {
	o, err := New(c.N, cfg)
	if err != nil {
		return nil, nil, err
	}
	o.steps = c.Step0
	x := append([]float64(nil), c.X0...)
	g := make([]float64, c.N)
	points, accs = [][]float64{append([]float64(nil), x...)}, [][]float64{o.Accumulator()}
	for s := range c.Steps {
		switch c.Func {
		case "cubic":
			g[0] = tutorial.CubicDeriv(x[0])
		case "quadratic2d":
			tutorial.QuadraticGrad(g, x)
		default:
			copy(g, c.Grads[s])
		}
		if err := o.Step(x, g); err != nil {
			return nil, nil, err
		}
		points = append(points, append([]float64(nil), x...))
		accs = append(accs, o.Accumulator())
	}
	return points, accs, nil
}

// differing returns how many of torch's points and accumulators the case
// run in form f, with the same settings, does not reproduce.
func (c *torchCase) differing(f Form) int {
	cfg := c.config()
	cfg.Like = f
	x, acc, err := c.ours(cfg)
	if err != nil {
		return len(c.Points) * c.N * 2
	}
	n, _ := diff(x, c.Points)
	m, _ := diff(acc, c.Accumulators)
	return n + m
}

// diff counts the values of a and b whose bits differ and describes the
// first.
func diff(a, b [][]float64) (int, string) {
	n, first := 0, ""
	for i := range a {
		for j := range a[i] {
			if math.Float64bits(a[i][j]) != math.Float64bits(b[i][j]) {
				if n == 0 {
					first = fmt.Sprintf("step %d, coordinate %d: %v, want %v", i, j, a[i][j], b[i][j])
				}
				n++
			}
		}
	}
	return n, first
}

// matchTorch fails unless cfg reproduces torch's points and accumulators
// in every bit.
func matchTorch(t *testing.T, c *torchCase, cfg Config, points, accs [][]float64) {
	t.Helper()
	gotX, gotA, err := c.ours(cfg)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	if n, first := diff(gotX, points); n > 0 {
		t.Errorf("%s: %d points differ from PyTorch's; %s", c.Name, n, first)
	}
	if n, first := diff(gotA, accs); n > 0 {
		t.Errorf("%s: %d accumulators differ from PyTorch's; %s", c.Name, n, first)
	}
}

// differsFromTorch fails if cfg reproduces torch's points exactly: the
// check that a fact a test relies on is real.
func differsFromTorch(t *testing.T, c *torchCase, cfg Config, points [][]float64, why string) int {
	t.Helper()
	gotX, _, err := c.ours(cfg)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	n, _ := diff(gotX, points)
	if n == 0 {
		t.Errorf("%s: %+v gives PyTorch's points exactly, but %s", c.Name, cfg, why)
	}
	return n
}

// randomCase is a case with n random coordinates and steps random
// gradients spread over six decades.
func randomCase(name string, n, steps int, seed uint64) torchCase {
	rng := rand.New(rand.NewPCG(seed, 7))
	c := torchCase{Name: name, Func: "given", N: n, Steps: steps, LR: 0.01, Eps: 1e-10}
	c.X0 = make([]float64, n)
	for i := range c.X0 {
		c.X0[i] = rng.NormFloat64()
	}
	for range steps {
		g := make([]float64, n)
		for i := range g {
			g[i] = rng.NormFloat64() * math.Pow(10, rng.Float64()*6-3)
		}
		c.Grads = append(c.Grads, g)
	}
	return c
}

func tutorialCases() []torchCase {
	return []torchCase{
		{Name: "cubic-defaults", Func: "cubic", N: 1, Steps: 1000, LR: 0.01, Eps: 1e-10, X0: []float64{tutorial.CubicStart}},
		{Name: "quadratic-defaults", Func: "quadratic2d", N: 2, Steps: 1000, LR: 0.01, Eps: 1e-10, X0: tutorial.QuadraticStart[:]},
		{Name: "cubic-tutorial-options", Func: "cubic", N: 1, Steps: 1000, LR: 0.05, Acc0: 0.1, Eps: 1e-8, LRDecay: 0.001, WeightDecay: 0.1, X0: []float64{tutorial.CubicStart}},
		{Name: "quadratic-maximize", Func: "quadratic2d", N: 2, Steps: 300, LR: 0.05, Eps: 1e-10, LRDecay: 0.01, WeightDecay: 0.01, Maximize: true, X0: tutorial.QuadraticStart[:]},
	}
}

// goldenCases are the runs kept in testdata/pytorch-golden.json.
func goldenCases() []torchCase {
	cases := tutorialCases()
	r := randomCase("random37-options", 37, 4, 1)
	r.Acc0, r.WeightDecay, r.LRDecay, r.Maximize = 0.1, 0.3, 0.5, true
	cases = append(cases, r)
	r = randomCase("random37-zero-eps", 37, 4, 2)
	r.Eps = 0
	return append(cases, r)
}

const goldenFile = "testdata/pytorch-golden.json"

// TestPyTorchGolden checks the PyTorch form against torch's numbers kept in
// the repository, so that it runs without Python: with -tags purego and on
// arm64 under qemu as well. The same runs in the Tutorial form must differ,
// or the file would not be testing PyTorch's rounding.
func TestPyTorchGolden(t *testing.T) {
	b, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []torchCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != len(goldenCases()) {
		t.Fatalf("%s holds %d runs, want %d: go test -run PyTorch -update rewrites it", goldenFile, len(cases), len(goldenCases()))
	}
	differing := 0
	for i := range cases {
		c := &cases[i]
		matchTorch(t, c, c.config(), c.Points, c.Accumulators)
		differing += c.differing(Tutorial)
	}
	if differing == 0 {
		t.Error("the Tutorial form gives PyTorch's numbers in every golden run: they do not test the PyTorch form")
	}
	t.Logf("the Tutorial form differs from PyTorch in %d of the golden values", differing)
}

// python returns a Python that imports torch, or skips the test (fails it
// with ADAGRAD_REQUIRE_TORCH=1).
func python(t *testing.T) string {
	t.Helper()
	tried := []string{}
	for _, py := range []string{os.Getenv("ADAGRAD_PYTHON"), "/usr/bin/python3", "python3"} {
		if py == "" {
			continue
		}
		tried = append(tried, py)
		if err := exec.Command(py, "-c", "import torch, numpy").Run(); err == nil {
			return py
		}
	}
	msg := fmt.Sprintf("no Python here imports torch and numpy (tried %s): scripts/install-torch installs Debian's python3-torch; set ADAGRAD_PYTHON to choose another Python", strings.Join(tried, ", "))
	if os.Getenv("ADAGRAD_REQUIRE_TORCH") == "1" {
		t.Fatal(msg + " (ADAGRAD_REQUIRE_TORCH=1)")
	}
	t.Skip(msg)
	return ""
}

type torchInfo struct {
	Version    string         `json:"version"`
	Capability string         `json:"capability"`
	Defaults   map[string]any `json:"defaults"`
}

// runTorch runs the cases in PyTorch with the extra environment env and
// fills in their Points and Accumulators.
func runTorch(t *testing.T, py string, cases []torchCase, env ...string) torchInfo {
	t.Helper()
	dir := t.TempDir()
	spec := make([]torchCase, len(cases))
	for i, c := range cases {
		if len(c.X0) != c.N || (c.Func == "given") != (len(c.Grads) == c.Steps && c.Steps > 0) {
			t.Fatalf("%s: %d starting values and %d gradients for n %d", c.Name, len(c.X0), len(c.Grads), c.N)
		}
		writeFloats(t, filepath.Join(dir, c.Name+".x0"), c.X0)
		if c.Func == "given" {
			var all []float64
			for _, g := range c.Grads {
				all = append(all, g...)
			}
			writeFloats(t, filepath.Join(dir, c.Name+".g"), all)
		}
		c.X0, c.Grads, c.Points, c.Accumulators = nil, nil, nil, nil
		spec[i] = c
	}
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(filepath.Join(dir, "cases.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "testdata/torch_adagrad.py", dir)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testdata/torch_adagrad.py: %v\n%s", err, out)
	}
	for i := range cases {
		c := &cases[i]
		v := readFloats(t, filepath.Join(dir, c.Name+".out"), 2*(c.Steps+1)*c.N)
		c.Points, c.Accumulators = nil, nil
		for s := 0; s <= c.Steps; s++ {
			c.Points = append(c.Points, v[s*c.N:(s+1)*c.N])
			c.Accumulators = append(c.Accumulators, v[(c.Steps+1+s)*c.N:(c.Steps+2+s)*c.N])
		}
	}
	var info torchInfo
	b, err := os.ReadFile(filepath.Join(dir, "info.json"))
	if err == nil {
		err = json.Unmarshal(b, &info)
	}
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func writeFloats(t *testing.T, name string, v []float64) {
	b := make([]byte, 0, 8*len(v))
	for _, f := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFloats(t *testing.T, name string, n int) []float64 {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 8*n {
		t.Fatalf("%s: %d bytes, want %d values", name, len(b), n)
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}

// TestPyTorch runs torch.optim.Adagrad (Debian's python3-torch, CPU,
// float64) and checks the PyTorch form against it bit for bit, and checks
// the facts about PyTorch that the package documentation states.
func TestPyTorch(t *testing.T) {
	py := python(t)

	// The matrix: the tutorial's two functions, and random vectors from 1
	// to 1e5 coordinates (PyTorch's vector kernels and its scalar tails,
	// one thread and several), each with PyTorch's defaults, with every
	// option, and with eps 0.
	var matrix []torchCase
	matrix = append(matrix, tutorialCases()...)
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100, 1000, 100_000} {
		c := randomCase(fmt.Sprintf("defaults-%d", n), n, 3, uint64(n))
		matrix = append(matrix, c)
		c.Name, c.Acc0, c.WeightDecay, c.LRDecay, c.Maximize = fmt.Sprintf("options-%d", n), 0.1, 0.3, 0.5, true
		matrix = append(matrix, c)
		c.Name, c.Acc0, c.WeightDecay, c.LRDecay, c.Maximize, c.Eps = fmt.Sprintf("eps0-%d", n), 0, 0.01, 0, false, 0
		matrix = append(matrix, c)
	}
	// foreach=True, on two lengths.
	var foreach []torchCase
	for _, n := range []int{7, 1000} {
		c := randomCase(fmt.Sprintf("foreach-%d", n), n, 3, 100+uint64(n))
		c.Foreach, c.Acc0, c.WeightDecay, c.Maximize = true, 0.1, 0.3, true
		foreach = append(foreach, c)
	}
	// PyTorch counts steps in a float32 tensor; run across 2^24, where it
	// stops, with a learning-rate decay that makes the count matter.
	counter := randomCase("step-counter", 3, 5, 9)
	// Steps of about 1e-7 from 0, so that the rate's last bits show in x.
	counter.Step0, counter.LRDecay, counter.LR, counter.X0 = pyTorchStepLimit-2, 0.5, 1, []float64{0, 0, 0}
	counter64 := counter
	counter64.Name, counter64.Step64 = "step-counter-float64", true
	// acc = eps = 0 with gradients 0 and 1e-170 (whose square underflows).
	zero := torchCase{Name: "zero-denominator", Func: "given", N: 4, Steps: 1, LR: 0.01,
		X0: []float64{1, 1, 1, 1}, Grads: [][]float64{{0, 1e-170, 2, -1e-170}}}

	cases := append(append(append(matrix, foreach...), counter, counter64, zero), goldenCases()[len(tutorialCases()):]...)
	info := runTorch(t, py, cases)
	t.Logf("PyTorch %s, CPU kernels %s", info.Version, info.Capability)
	byName := map[string]*torchCase{}
	for i := range cases {
		byName[cases[i].Name] = &cases[i]
	}

	t.Run("defaults", func(t *testing.T) {
		d := PyTorchConfig()
		want := map[string]any{"lr": d.LearningRate, "lr_decay": d.LRDecay, "weight_decay": d.WeightDecay,
			"initial_accumulator_value": d.InitialAccumulator, "eps": d.Epsilon, "maximize": d.Maximize}
		for k, v := range want {
			got, ok := info.Defaults[k].(float64)
			if b, isBool := info.Defaults[k].(bool); isBool {
				if b != v.(bool) {
					t.Errorf("torch.optim.Adagrad's %s defaults to %v, PyTorchConfig has %v", k, b, v)
				}
				continue
			}
			if !ok || got != v.(float64) {
				t.Errorf("torch.optim.Adagrad's %s defaults to %v, PyTorchConfig has %v", k, info.Defaults[k], v)
			}
		}
	})

	t.Run("bit for bit", func(t *testing.T) {
		fusedMatters := 0
		for i := range matrix {
			c := byName[matrix[i].Name]
			matchTorch(t, c, c.config(), c.Points, c.Accumulators)
			fusedMatters += c.differing(Tutorial)
		}
		if fusedMatters == 0 {
			t.Error("the Tutorial form matches PyTorch everywhere: the fused rounding is not being tested")
		}
		t.Logf("the Tutorial form's rounding differs from PyTorch's in %d values of these runs", fusedMatters)
	})

	// PyTorch's result does not depend on the length of the vector: every
	// length above matched the same element-by-element rule. foreach=True
	// does change it (in 1.13): the rate is computed from the float32 step
	// tensor, so it is rounded to float32.
	t.Run("foreach rounds the rate to float32", func(t *testing.T) {
		for _, f := range foreach {
			c := byName[f.Name]
			cfg := c.config()
			cfg.LearningRate = float64(float32(c.LR))
			matchTorch(t, c, cfg, c.Points, c.Accumulators)
			differsFromTorch(t, c, c.config(), c.Points, "foreach=True should round the rate to float32")
		}
	})

	t.Run("the step counter stops at 2^24", func(t *testing.T) {
		c := byName["step-counter"]
		matchTorch(t, c, c.config(), c.Points, c.Accumulators)
		// The same run with the counter in float64 goes on counting, and
		// its last steps are not ours.
		c64 := byName["step-counter-float64"]
		differsFromTorch(t, c64, c64.config(), c64.Points, "a float64 step counter should not stop at 2^24")
	})

	t.Run("zero denominator", func(t *testing.T) {
		// PyTorch divides 0 by 0 for the zero gradient (NaN); the package
		// leaves that coordinate where it is. Elsewhere the same bits:
		// ±Inf for the gradients whose square underflowed.
		c := byName["zero-denominator"]
		x, _, _ := c.ours(c.config())
		want := []float64{1, math.Inf(-1), c.Points[1][2], math.Inf(1)}
		if !math.IsNaN(c.Points[1][0]) || !math.IsInf(c.Points[1][1], -1) || !math.IsInf(c.Points[1][3], 1) {
			t.Errorf("PyTorch gave %v, want [NaN -Inf … +Inf]", c.Points[1])
		}
		for i := range want {
			if math.Float64bits(x[1][i]) != math.Float64bits(want[i]) {
				t.Errorf("ours %v, want %v", x[1], want)
				break
			}
		}
	})

	t.Run("golden file", func(t *testing.T) {
		golden := goldenCases()
		for i := range golden {
			c := byName[golden[i].Name]
			golden[i].Points, golden[i].Accumulators = c.Points, c.Accumulators
		}
		// One run per line.
		var b []byte
		for i, c := range golden {
			line, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			sep := ",\n"
			if i == len(golden)-1 {
				sep = "\n]\n"
			}
			b = append(append(b, line...), sep...)
		}
		b = append([]byte("[\n"), b...)
		if *updateGolden {
			if err := os.WriteFile(goldenFile, b, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		old, err := os.ReadFile(goldenFile)
		if err != nil || string(old) != string(b) {
			t.Errorf("%s is not what PyTorch gives now (%v): go test -run PyTorch -update rewrites it", goldenFile, err)
		}
	})
}

// TestPyTorchPortableKernels runs PyTorch with its portable CPU kernels
// (ATEN_CPU_CAPABILITY=default), which round acc+g*g and g+wd*x twice, as
// numpy does: then the Tutorial form, with the same options, is the one
// that matches it bit for bit, and the PyTorch form is not.
func TestPyTorchPortableKernels(t *testing.T) {
	py := python(t)
	cases := tutorialCases()
	for _, n := range []int{5, 1000} {
		c := randomCase(fmt.Sprintf("options-%d", n), n, 3, uint64(n))
		c.Acc0, c.WeightDecay, c.LRDecay, c.Maximize = 0.1, 0.3, 0.5, true
		cases = append(cases, c)
	}
	info := runTorch(t, py, cases, "ATEN_CPU_CAPABILITY=default")
	if info.Capability != "NO" && info.Capability != "DEFAULT" {
		t.Logf("PyTorch reports CPU kernels %q under ATEN_CPU_CAPABILITY=default", info.Capability)
	}
	for i := range cases {
		c := &cases[i]
		cfg := c.config()
		cfg.Like = Tutorial
		matchTorch(t, c, cfg, c.Points, c.Accumulators)
	}
	n := 0
	for i := range cases {
		n += cases[i].differing(PyTorch)
	}
	if n == 0 {
		t.Error("the PyTorch form matches PyTorch's portable kernels too: the rounding difference is not tested")
	}
}
