package adagrad

import (
	"bytes"
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
	"sync"
	"testing"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// The libraries themselves judge the forms: testdata/judges.py runs
// torch.optim.Adagrad, keras.optimizers.Adagrad and optax.adagrad on cases
// these tests describe, and the tests compare every bit of every point and
// accumulator with this package's. The Python with PyTorch 2, Keras 3, JAX
// and Optax is the project's own (scripts/install-libraries puts it in
// .venv/libraries); Debian's python3-torch (1.13), where it is installed,
// judges the PyTorch form a second time. Without them the live tests skip
// (ADAGRAD_REQUIRE_LIBRARIES=1 makes them fail), and TestGolden still checks
// the numbers the libraries gave when they were recorded
// (testdata/golden-*.json; go test ./adagrad -run 'TestPyTorch|TestKeras|TestOptax' -update
// rewrites them).

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden-*.json from the libraries")

// A judgeCase is one run of a library's Adagrad.
type judgeCase struct {
	Name        string  `json:"name"`
	Library     string  `json:"library"` // torch, keras or optax
	Path        string  `json:"path"`    // the way through it; see testdata/judges.py
	Func        string  `json:"func"`    // cubic, quadratic2d, given (Grads) or sparse (Idx, Vals)
	N           int     `json:"n"`
	Steps       int     `json:"steps"`
	LR          float64 `json:"lr"`
	LRDecay     float64 `json:"lr_decay"`
	WeightDecay float64 `json:"weight_decay"`
	Acc0        float64 `json:"acc0"`
	Eps         float64 `json:"eps"`
	Maximize    bool    `json:"maximize"`
	Step0       int     `json:"step0,omitempty"`  // steps already taken (PyTorch)
	Step64      bool    `json:"step64,omitempty"` // count steps in float64, not Adagrad's float32
	Env         string  `json:"env,omitempty"`    // the Python's extra environment, NAME=VALUE
	RootsWanted bool    `json:"roots_wanted,omitempty"`
	// Like is the form of this package that must give the library's bits
	// (its library's by default); with Roots, given the library's roots.
	Like *Form `json:"like,omitempty"`

	X0    []float64   `json:"x0,omitempty"`
	Grads [][]float64 `json:"grads,omitempty"`
	Idx   [][]int     `json:"idx,omitempty"`
	Vals  [][]float64 `json:"vals,omitempty"`
	// The library's points and accumulators after steps 0..Steps.
	Points       [][]float64 `json:"points,omitempty"`
	Accumulators [][]float64 `json:"accumulators,omitempty"`
	// With RootsWanted, the square roots the library took at steps
	// 1..Steps: its sqrt(acc), or for Optax rsqrt(acc+eps).
	Roots [][]float64 `json:"roots,omitempty"`
	// A "coalesce" case's coalesced gradient: indices and values.
	CoalescedIdx  []int     `json:"coalesced_idx,omitempty"`
	CoalescedVals []float64 `json:"coalesced_vals,omitempty"`
	// The permutation PyTorch's sort of the indices gives, which orders
	// the repeats (kept in the golden file up to 2,000 values).
	SortPerm []int `json:"sort_perm,omitempty"`

	// A coalesce case with a Seed has its gradient made by fill, not
	// stored: Values values at indices below Distinct, or at the keys of
	// testdata/sort-killers.json's sequence Killer divided by Distinct.
	Seed     uint64 `json:"seed,omitempty"`
	Values   int    `json:"values,omitempty"`
	Distinct int    `json:"distinct,omitempty"`
	Killer   string `json:"killer,omitempty"`
}

// form is the form of this package that follows the case's library.
func (c *judgeCase) form() Form {
	if c.Like != nil {
		return *c.Like
	}
	switch c.Library {
	case "keras":
		return Keras
	case "optax":
		return Optax
	}
	return PyTorch
}

// config returns the case's settings in its library's form.
func (c *judgeCase) config() Config {
	return Config{LearningRate: c.LR, InitialAccumulator: c.Acc0, Epsilon: c.Eps, Like: c.form(),
		LRDecay: c.LRDecay, WeightDecay: c.WeightDecay, Maximize: c.Maximize}
}

// ours runs the case with this package as a user would (New, then Step, or
// StepSparse for a sparse case, with the gradient at each point) from step
// Step0, and returns the points and accumulators after each step.
func (c *judgeCase) ours(cfg Config) (points, accs [][]float64, err error) {
	o, err := New(c.N, cfg)
	if err != nil {
		return nil, nil, err
	}
	o.steps = c.Step0
	x := append([]float64(nil), c.X0...)
	points, accs = [][]float64{append([]float64(nil), x...)}, [][]float64{o.Accumulator(nil)}
	for s := range c.Steps {
		if c.Func == "sparse" {
			err = o.StepSparse(x, c.Idx[s], c.Vals[s])
		} else {
			err = o.Step(x, c.gradientAt(s, x))
		}
		if err != nil {
			return nil, nil, fmt.Errorf("step %d: %w", s+1, err)
		}
		points = append(points, append([]float64(nil), x...))
		accs = append(accs, o.Accumulator(nil))
	}
	return points, accs, nil
}

// ulps returns how many float64 values lie between a and b, counting -0
// and +0 as one; NaN against anything else is as far as can be.
func ulps(a, b float64) uint64 {
	if math.Float64bits(a) == math.Float64bits(b) {
		return 0
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.MaxUint64
	}
	// Ordered so that consecutive floats are consecutive integers.
	ord := func(f float64) int64 {
		b := int64(math.Float64bits(f))
		if b < 0 {
			b = math.MinInt64 - b
		}
		return b
	}
	ia, ib := ord(a), ord(b)
	if ia < ib {
		ia, ib = ib, ia
	}
	return uint64(ia) - uint64(ib)
}

// A divergence is how far one run's values are from another's.
type divergence struct {
	values, differ int     // values compared, and how many differ in any bit
	maxULP         uint64  // the largest distance in ulps
	maxRel         float64 // the largest |a-b|/max(|a|,|b|)
	firstStep      int     // the first step with a difference, or -1
	worst          string  // where the largest distance is
}

func (d divergence) String() string {
	if d.differ == 0 {
		return fmt.Sprintf("all %d values the same bits", d.values)
	}
	u := fmt.Sprint(d.maxULP)
	if d.maxULP == math.MaxUint64 {
		u = "NaN"
	}
	return fmt.Sprintf("%d of %d values differ, from step %d, by at most %s ulp, relative %.1e (%s)", d.differ, d.values, d.firstStep, u, d.maxRel, d.worst)
}

// compare measures how far got is from want, both indexed [step][i].
func compare(what string, got, want [][]float64, d *divergence) {
	for s := range want {
		for i := range want[s] {
			d.values++
			if math.Float64bits(got[s][i]) == math.Float64bits(want[s][i]) {
				continue
			}
			if d.differ == 0 || s < d.firstStep {
				d.firstStep = s
			}
			d.differ++
			a, b := got[s][i], want[s][i]
			if rel := math.Abs(a-b) / max(math.Abs(a), math.Abs(b)); rel > d.maxRel || rel != rel {
				d.maxRel = rel
			}
			if u := ulps(a, b); u > d.maxULP || d.worst == "" {
				d.maxULP = u
				d.worst = fmt.Sprintf("%s[%d] at step %d: %v, library %v", what, i, s, got[s][i], want[s][i])
			}
		}
	}
}

// measure runs the case in cfg and measures how far it is from the
// library's run.
func (c *judgeCase) measure(t *testing.T, cfg Config) divergence {
	t.Helper()
	x, acc, err := c.ours(cfg)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	d := divergence{firstStep: -1}
	compare("x", x, c.Points, &d)
	compare("acc", acc, c.Accumulators, &d)
	return d
}

// match fails unless cfg reproduces the library's points and accumulators
// in every bit.
func (c *judgeCase) match(t *testing.T, cfg Config) {
	t.Helper()
	if d := c.measure(t, cfg); d.differ > 0 {
		t.Errorf("%s (%s %s): %v", c.Name, c.Library, c.Path, d)
	}
}

// randomCase is a case with n random coordinates and steps random
// gradients spread over six decades, every tenth coordinate's gradient 0
// now and then (no move for it, and for Optax's where(acc > 0)) unless
// the case's accumulator and epsilon may both be 0.
func randomCase(name string, n, steps int, seed uint64, zeros bool) judgeCase {
	rng := rand.New(rand.NewPCG(seed, 7))
	c := judgeCase{Name: name, Func: "given", N: n, Steps: steps}
	c.X0 = make([]float64, n)
	for i := range c.X0 {
		c.X0[i] = rng.NormFloat64()
	}
	for range steps {
		g := make([]float64, n)
		for i := range g {
			g[i] = rng.NormFloat64() * math.Pow(10, rng.Float64()*6-3)
			if zeros && i%10 == 3 && rng.IntN(2) == 0 {
				g[i] = 0
			}
		}
		c.Grads = append(c.Grads, g)
	}
	return c
}

// sparseCase is a case of steps sparse gradients on n coordinates, each of
// about nnz values at random indices with repeats (a tenth of them), in no
// order, as an nn.Embedding(sparse=True) produces them.
func sparseCase(name string, n, nnz, steps int, seed uint64) judgeCase {
	rng := rand.New(rand.NewPCG(seed, 8))
	c := judgeCase{Name: name, Library: "torch", Path: "sparse", Func: "sparse", N: n, Steps: steps, RootsWanted: true}
	c.X0 = make([]float64, n)
	for i := range c.X0 {
		c.X0[i] = rng.NormFloat64()
	}
	for range steps {
		m := nnz/2 + rng.IntN(nnz)
		idx, vals := make([]int, m), make([]float64, m)
		for k := range idx {
			idx[k] = rng.IntN(n)
			if k > 0 && rng.IntN(10) == 0 {
				idx[k] = idx[rng.IntN(k)]
			}
			vals[k] = rng.NormFloat64() * math.Pow(10, rng.Float64()*6-3)
		}
		c.Idx, c.Vals = append(c.Idx, idx), append(c.Vals, vals)
	}
	return c
}

// The tutorial's two runs.
func cubicCase(name string, steps int) judgeCase {
	return judgeCase{Name: name, Func: "cubic", N: 1, Steps: steps, X0: []float64{tutorial.CubicStart}}
}

func quadraticCase(name string, steps int) judgeCase {
	return judgeCase{Name: name, Func: "quadratic2d", N: 2, Steps: steps, X0: tutorial.QuadraticStart[:]}
}

// A judge is a Python that runs some of the libraries.
type judge struct {
	python string
	has    map[string]bool // torch, keras, optax
	info   string          // versions, for the logs
}

// The venv scripts/install-libraries makes, from the package's directory.
const venvPython = "../.venv/libraries/bin/python"

var (
	judgesOnce  sync.Once
	judges      []judge
	judgesTried []string
)

// findJudges looks for the project's Python (ADAGRAD_PYTHON, else the
// venv) and Debian's, and what each of them imports.
func findJudges() []judge {
	judgesOnce.Do(func() {
		first := venvPython
		if p := os.Getenv("ADAGRAD_PYTHON"); p != "" {
			first = p
		}
		seen := map[string]bool{}
		for _, py := range []string{first, "/usr/bin/python3"} {
			if seen[py] {
				continue
			}
			seen[py] = true
			judgesTried = append(judgesTried, py)
			j := judge{python: py, has: map[string]bool{}}
			var versions []string
			for _, lib := range []string{"torch", "keras", "optax"} {
				probe := fmt.Sprintf("import os; os.environ['KERAS_BACKEND'] = 'jax'; import numpy, %s as m; print(m.__version__)", lib)
				if out, err := exec.Command(py, "-c", probe).Output(); err == nil {
					j.has[lib] = true
					versions = append(versions, lib+" "+strings.TrimSpace(string(out)))
				}
			}
			if len(versions) > 0 {
				j.info = py + " (" + strings.Join(versions, ", ") + ")"
				judges = append(judges, j)
			}
		}
	})
	return judges
}

// judgeFor returns a Python that runs lib with a version whose major
// number is major (any, if 0), or skips the test; with
// ADAGRAD_REQUIRE_LIBRARIES=1 a missing project Python fails it instead.
func judgeFor(t *testing.T, lib string, major int) judge {
	t.Helper()
	for _, j := range findJudges() {
		if j.has[lib] && (major == 0 || strings.Contains(j.info, fmt.Sprintf("%s %d.", lib, major))) {
			return j
		}
	}
	want := lib
	if major > 0 {
		want = fmt.Sprintf("%s %d", lib, major)
	}
	msg := fmt.Sprintf("no Python here runs %s (tried %s): scripts/install-libraries installs the project's; ADAGRAD_PYTHON picks another", want, strings.Join(judgesTried, ", "))
	if os.Getenv("ADAGRAD_REQUIRE_LIBRARIES") == "1" && (lib != "torch" || major != 1) {
		t.Fatal(msg + " (ADAGRAD_REQUIRE_LIBRARIES=1)")
	}
	t.Skip(msg)
	return judge{}
}

// judgeInfo is what testdata/judges.py reports about each library.
type judgeInfo map[string]struct {
	Version    string         `json:"version"`
	Capability string         `json:"capability"`
	Backend    string         `json:"backend"`
	JAX        string         `json:"jax"`
	Defaults   map[string]any `json:"defaults"`
}

// run runs the cases in the judge's Python, one process for each
// environment the cases ask for, and fills in what the library gave. It
// returns what the first process reported.
func (j judge) run(t *testing.T, cases []judgeCase) judgeInfo {
	t.Helper()
	var envs []string
	byEnv := map[string][]int{}
	for i, c := range cases {
		if _, ok := byEnv[c.Env]; !ok {
			envs = append(envs, c.Env)
		}
		byEnv[c.Env] = append(byEnv[c.Env], i)
	}
	var info judgeInfo
	for _, env := range envs {
		var group []judgeCase
		for _, i := range byEnv[env] {
			group = append(group, cases[i])
		}
		if in := j.runProcess(t, group, env); info == nil {
			info = in
		}
		for k, i := range byEnv[env] {
			cases[i] = group[k]
		}
	}
	return info
}

func (j judge) runProcess(t *testing.T, cases []judgeCase, env string) judgeInfo {
	t.Helper()
	dir := t.TempDir()
	spec := make([]judgeCase, len(cases))
	for i, c := range cases {
		if len(c.X0) != c.N {
			t.Fatalf("%s: %d starting values for n %d", c.Name, len(c.X0), c.N)
		}
		base := filepath.Join(dir, c.Name)
		writeFloats(t, base+".x0", c.X0)
		switch c.Func {
		case "given":
			var all []float64
			for _, g := range c.Grads {
				all = append(all, g...)
			}
			writeFloats(t, base+".g", all)
		case "sparse":
			var counts, idx []int
			var vals []float64
			for s := range c.Idx {
				counts = append(counts, len(c.Idx[s]))
				idx = append(idx, c.Idx[s]...)
				vals = append(vals, c.Vals[s]...)
			}
			writeInts(t, base+".nnz", counts)
			writeInts(t, base+".idx", idx)
			writeFloats(t, base+".g", vals)
		}
		c.X0, c.Grads, c.Idx, c.Vals, c.Points, c.Accumulators, c.Roots = nil, nil, nil, nil, nil, nil, nil
		spec[i] = c
	}
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(filepath.Join(dir, "cases.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(j.python, "testdata/judges.py", dir)
	cmd.Env = os.Environ()
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testdata/judges.py (%s): %v\n%s", env, err, out)
	}
	for i := range cases {
		c := &cases[i]
		base := filepath.Join(dir, c.Name)
		if c.Path == "coalesce" {
			b, err := os.ReadFile(base + ".coalesced")
			if err != nil || len(b)%16 != 0 {
				t.Fatalf("%s.coalesced: %d bytes, %v", c.Name, len(b), err)
			}
			m := len(b) / 16
			c.CoalescedIdx, c.CoalescedVals = make([]int, m), make([]float64, m)
			for k := range m {
				c.CoalescedIdx[k] = int(binary.LittleEndian.Uint64(b[8*k:]))
				c.CoalescedVals[k] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*(m+k):]))
			}
			p, err := os.ReadFile(base + ".perm")
			if err != nil || len(p) != 8*len(c.Idx[0]) {
				t.Fatalf("%s.perm: %d bytes, %v", c.Name, len(p), err)
			}
			c.SortPerm = make([]int, len(c.Idx[0]))
			for k := range c.SortPerm {
				c.SortPerm[k] = int(binary.LittleEndian.Uint64(p[8*k:]))
			}
			continue
		}
		v := readFloats(t, base+".out", 2*(c.Steps+1)*c.N)
		c.Points, c.Accumulators = nil, nil
		for s := 0; s <= c.Steps; s++ {
			c.Points = append(c.Points, v[s*c.N:(s+1)*c.N])
			c.Accumulators = append(c.Accumulators, v[(c.Steps+1+s)*c.N:(c.Steps+2+s)*c.N])
		}
		if _, err := os.Stat(base + ".roots"); err == nil {
			r := readFloats(t, base+".roots", c.Steps*c.N)
			for s := range c.Steps {
				c.Roots = append(c.Roots, r[s*c.N:(s+1)*c.N])
			}
		}
	}
	var info judgeInfo
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

func writeInts(t *testing.T, name string, v []int) {
	b := make([]byte, 0, 8*len(v))
	for _, i := range v {
		b = binary.LittleEndian.AppendUint64(b, uint64(i))
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

// checkDefaults fails where the library's Adagrad defaults differ from the
// Config this package offers for it. names maps the library's argument
// names to the Config's values.
func checkDefaults(t *testing.T, lib string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s's Adagrad has %s = %v by default; this package's config for it has %v", lib, k, got[k], v)
		}
	}
}

// A golden file keeps a library's numbers for a few runs, so that the
// forms are checked where the library is not installed: with -tags purego
// and on arm64 under qemu as well.
type goldenFile struct {
	Library string      `json:"library"` // what made the numbers
	Runs    []judgeCase `json:"runs"`
}

func goldenName(lib string) string { return "testdata/golden-" + lib + ".json" }

// encode writes one run per line, so that a change shows as a change of
// the runs it touches.
func (g *goldenFile) encode() []byte {
	var b bytes.Buffer
	head, _ := json.Marshal(g.Library)
	fmt.Fprintf(&b, "{\"library\": %s,\n\"runs\": [\n", head)
	for i, c := range g.Runs {
		if c.Seed != 0 { // made by fill, not stored
			c.X0, c.Idx, c.Vals = nil, nil, nil
		}
		if len(c.SortPerm) > 2000 {
			c.SortPerm = nil
		}
		line, _ := json.Marshal(c)
		b.Write(line)
		if i < len(g.Runs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

func readGolden(t *testing.T, lib string) goldenFile {
	t.Helper()
	b, err := os.ReadFile(goldenName(lib))
	if err != nil {
		t.Fatal(err)
	}
	var g goldenFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", goldenName(lib), err)
	}
	for i := range g.Runs {
		g.Runs[i].fill()
	}
	return g
}

// checkGolden compares the golden file of lib with the live runs, which
// must be the golden cases in order, or rewrites it with -update. Only the
// runs are compared: what made them (a version, the CPU kernels) is for
// the reader.
func checkGolden(t *testing.T, lib, madeBy string, live []judgeCase) {
	t.Helper()
	g := goldenFile{Library: madeBy, Runs: live}
	if *updateGolden {
		if err := os.WriteFile(goldenName(lib), g.encode(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	was := readGolden(t, lib)
	old := goldenFile{Runs: was.Runs}
	g.Library = ""
	if !bytes.Equal(old.encode(), g.encode()) {
		t.Errorf("%s, recorded from %s, is not what %s gives now: go test -run %s -update rewrites it", goldenName(lib), was.Library, madeBy, t.Name())
	}
}
