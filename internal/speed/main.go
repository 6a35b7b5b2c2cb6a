// Command speed times the adagrad package's Step and StepSparse beside
// PyTorch's, Optax's and Keras's Adagrad, and beside the memory floor (a
// loop that moves the same bytes and does nothing else), and prints the
// README's table. scripts/speed runs it.
//
// The machine may be shared, so the cases run in turns: every round times
// each case once, Go's in this process and the libraries' in one Python
// process (libraries.py) that waits while Go runs. The table gives each
// case's median over the rounds with its range, and ratios taken within
// each round (a library against the package's form of it, a package step
// against the floor), their median over the rounds. The load average is
// printed before and after.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

var (
	// Many short turns: this project's VM changes speed from one second
	// to the next, and a ratio within a round pairs two cases timed a
	// turn apart; the median of many such ratios passes over the rounds a
	// stall spoiled.
	rounds  = flag.Int("rounds", 21, "rounds of turns")
	seconds = flag.Float64("seconds", 0.1, "how long each case steps in each round")
	python  = flag.String("python", ".venv/libraries/bin/python", "the Python with PyTorch, JAX, Optax and Keras (scripts/install-libraries)")
	script  = flag.String("script", "internal/speed/libraries.py", "the libraries' side")
)

// A timed case steps one optimizer; its time is per parameter or per
// nonzero (per).
type timed struct {
	name    string
	lib     string // the Python case, or "" for a Go one
	per     float64
	compare []string // the rows it is compared with: the floor, or our form's
	step    func()   // Go cases
	results []float64
}

func main() {
	flag.Parse()
	load := uptime()
	py, versions, err := startPython()
	if err != nil {
		fmt.Fprintln(os.Stderr, "speed:", err)
		os.Exit(1)
	}
	defer py.close()
	fmt.Printf("Load average before: %s\n", load)
	fmt.Printf("%s; GOMAXPROCS %d; %s\n\n", cpuName(), runtime.GOMAXPROCS(0), versions)

	fmt.Println("Dense steps, ns per parameter (median of the rounds, range), and ratios from the same rounds:")
	fmt.Println()
	fmt.Println("| | 10⁶ parameters | | 10⁷ parameters | |")
	fmt.Println("| --- | --- | --- | --- | --- |")
	var dense [][]*timed
	for _, n := range []int{1_000_000, 10_000_000} {
		dense = append(dense, runGroup(py, denseCases(n), n, 0))
	}
	printRows(dense)

	fmt.Println()
	fmt.Println("Sparse steps on 10⁷ parameters, fresh random indices every step, ns per nonzero:")
	fmt.Println()
	fmt.Println("| | 1,000 nonzeros | | 100,000 nonzeros | |")
	fmt.Println("| --- | --- | --- | --- | --- |")
	var sparse [][]*timed
	for _, nnz := range []int{1000, 100_000} {
		sparse = append(sparse, runGroup(py, sparseCases(10_000_000, nnz), 10_000_000, nnz))
	}
	printRows(sparse)
	fmt.Printf("\nLoad average after: %s\n", uptime())
}

// runGroup prepares the cases, times them in turns for the rounds, and
// releases the libraries' arrays.
func runGroup(py *pyProcess, cases []*timed, n, nnz int) []*timed {
	for _, c := range cases {
		if c.lib != "" {
			py.ask(map[string]any{"prepare": c.lib, "n": n, "nnz": nnz})
		}
	}
	for range *rounds {
		for _, c := range cases {
			var ns float64
			if c.lib != "" {
				var ans struct{ NS float64 }
				py.askInto(map[string]any{"time": c.lib, "seconds": *seconds}, &ans)
				ns = ans.NS
			} else {
				ns = timeGo(c.step)
			}
			c.results = append(c.results, ns/c.per)
		}
	}
	for _, c := range cases {
		if c.lib != "" {
			py.ask(map[string]any{"release": c.lib})
		}
	}
	runtime.GC()
	return cases
}

// timeGo returns the time of one step, stepping for the round's seconds
// and at least three times.
func timeGo(step func()) float64 {
	step()
	steps := 0
	start := time.Now()
	for {
		step()
		steps++
		if d := time.Since(start); d.Seconds() >= *seconds && steps >= 3 {
			return float64(d.Nanoseconds()) / float64(steps)
		}
	}
}

// printRows prints a row per case, a pair of columns per group.
func printRows(groups [][]*timed) {
	for i := range groups[0] {
		row := "| " + groups[0][i].name
		for _, g := range groups {
			c := g[i]
			row += " | " + summary(c.results)
			var ratios []string
			for _, name := range c.compare {
				var other *timed
				for _, o := range g {
					if o.name == name {
						other = o
					}
				}
				r := make([]float64, len(c.results))
				for k := range r {
					r[k] = c.results[k] / other.results[k]
				}
				label := "floor"
				if !strings.Contains(name, "floor") {
					label, _, _ = strings.Cut(name, ",") // our step's name
				}
				ratios = append(ratios, fmt.Sprintf("%.2f× %s", median(r), label))
			}
			row += " | " + strings.Join(ratios, ", ")
		}
		fmt.Println(row + " |")
	}
}

func summary(v []float64) string {
	lo, hi := slices.Min(v), slices.Max(v)
	return fmt.Sprintf("%s (%s–%s)", num(median(v)), num(lo), num(hi))
}

func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

const (
	denseFloor  = "memory floor: a loop that reads x, g, acc and writes x, acc"
	sparseFloor = "memory floor: a loop that reads and writes x[i], acc[i] at the same indices, on as many cores as the step"
)

// denseCases are Step in every form on n parameters, the libraries' steps
// beside the form that follows each, and the floor.
func denseCases(n int) []*timed {
	rng := rand.New(rand.NewPCG(1, 2))
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	step := func(c adagrad.Config, onePass bool) func() {
		o, err := adagrad.New(n, c)
		if err != nil {
			panic(err)
		}
		step := o.Step
		if onePass {
			step = o.StepOnePass
		}
		return func() {
			if err := step(x, g); err != nil {
				panic(err)
			}
		}
	}
	acc := make([]float64, n)
	fl := float64(n)
	cases := []*timed{{name: denseFloor, per: fl, step: func() { floor(x, g, acc) }}}
	for _, f := range []struct {
		form string
		cfg  adagrad.Config
		libs [][2]string // Python case, row name
	}{
		{"Tutorial", adagrad.TutorialConfig(), nil},
		{"PyTorch", adagrad.PyTorchConfig(), [][2]string{
			{"torch-single", "torch.optim.Adagrad, single-tensor (its default)"},
			{"torch-foreach", "torch.optim.Adagrad, foreach=True"},
			{"torch-fused", "torch.optim.Adagrad, fused=True"},
		}},
		{"Optax", adagrad.OptaxConfig(0.01), [][2]string{{"optax-jit", "optax.adagrad under jax.jit"}}},
		{"Keras", adagrad.KerasConfig(), [][2]string{
			{"keras-apply", "keras.optimizers.Adagrad, apply"},
			{"keras-jit", "keras.optimizers.Adagrad, stateless_apply under jax.jit"},
		}},
	} {
		ours, onePass := "`Step`, "+f.form+" form", "`StepOnePass`, "+f.form+" form"
		cases = append(cases,
			&timed{name: ours, per: fl, compare: []string{denseFloor}, step: step(f.cfg, false)},
			&timed{name: onePass, per: fl, compare: []string{denseFloor}, step: step(f.cfg, true)})
		for _, l := range f.libs {
			cases = append(cases, &timed{name: l[1], lib: l[0], per: fl, compare: []string{ours, onePass}})
		}
	}
	return cases
}

// floor moves the bytes a dense step moves, x, g and acc in and x and acc
// out, with no arithmetic to speak of, split across the cores as Step
// splits a long vector.
func floor(x, g, acc []float64) {
	k := 1
	if len(x) >= 1<<19 {
		k = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for j := range k {
		lo, hi := j*len(x)/k, (j+1)*len(x)/k
		wg.Add(1)
		go func() {
			defer wg.Done()
			floorVector(x[lo:hi], g[lo:hi], acc[lo:hi])
		}()
	}
	wg.Wait()
}

func floorLoop(x, g, acc []float64) {
	g, acc = g[:len(x)], acc[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		acc[i], acc[i+1], acc[i+2], acc[i+3] = acc[i]+g[i], acc[i+1]+g[i+1], acc[i+2]+g[i+2], acc[i+3]+g[i+3]
		x[i], x[i+1], x[i+2], x[i+3] = x[i]-g[i], x[i+1]-g[i+1], x[i+2]-g[i+2], x[i+3]-g[i+3]
	}
	for ; i < len(x); i++ {
		acc[i] += g[i]
		x[i] -= g[i]
	}
}

// sparseCases are StepSparse on n parameters with nnz random nonzeros,
// fresh indices every step, beside PyTorch's sparse step and the floor.
func sparseCases(n, nnz int) []*timed {
	rng := rand.New(rand.NewPCG(3, 4))
	pool := make([]int, n)
	for k := range pool {
		pool[k] = rng.IntN(n)
	}
	x, vals := make([]float64, n), make([]float64, nnz)
	for k := range vals {
		vals[k] = rng.NormFloat64()
	}
	// Every page written once before any clock starts (New writes the
	// accumulators): else the first case to reach a page, the floor, would
	// pay for mapping it.
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	step := func(c adagrad.Config) func() {
		o, err := adagrad.New(n, c)
		if err != nil {
			panic(err)
		}
		at := 0
		return func() {
			if at+nnz > len(pool) {
				at = 0
			}
			if err := o.StepSparse(x, pool[at:at+nnz], vals); err != nil {
				panic(err)
			}
			at += nnz
		}
	}
	acc := make([]float64, n)
	for i := range acc {
		acc[i] = 1
	}
	at := 0
	fl := float64(nnz)
	return []*timed{
		{name: sparseFloor, per: fl, step: func() {
			if at+nnz > len(pool) {
				at = 0
			}
			sparseFloorStep(x, acc, pool[at:at+nnz])
			at += nnz
		}},
		{name: "`StepSparse`, Tutorial form", per: fl, compare: []string{sparseFloor}, step: step(adagrad.TutorialConfig())},
		{name: "`StepSparse`, PyTorch form", per: fl, compare: []string{sparseFloor}, step: step(adagrad.PyTorchConfig())},
		{name: "torch.optim.Adagrad, sparse gradient", lib: "torch-sparse", per: fl, compare: []string{"`StepSparse`, PyTorch form"}},
	}
}

// sparseFloorStep reads and writes x[i] and acc[i] at the indices idx,
// split across the cores from 2^15 indices on, as StepSparse splits its
// step. (Two shares may meet at a repeated index; a timing loop can let
// them.)
func sparseFloorStep(x, acc []float64, idx []int) {
	step := func(part []int) {
		for _, i := range part {
			acc[i] += 0.25
			x[i] -= 0.5
		}
	}
	if len(idx) < 1<<15 {
		step(idx)
		return
	}
	k := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for j := range k {
		part := idx[j*len(idx)/k : (j+1)*len(idx)/k]
		wg.Add(1)
		go func() {
			defer wg.Done()
			step(part)
		}()
	}
	wg.Wait()
}

// pyProcess is libraries.py, answering one request at a time.
type pyProcess struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startPython() (*pyProcess, string, error) {
	if _, err := os.Stat(*python); err != nil {
		return nil, "", fmt.Errorf("no %s: scripts/install-libraries installs the libraries", *python)
	}
	cmd := exec.Command(*python, *script)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, "", err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	p := &pyProcess{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	p.out.Buffer(make([]byte, 1<<16), 1<<20)
	var v map[string]any
	p.askInto(map[string]any{"versions": true}, &v)
	return p, fmt.Sprintf("PyTorch %v (%v threads), JAX %v, Optax %v, Keras %v", v["torch"], v["torch_threads"], v["jax"], v["optax"], v["keras"]), nil
}

func (p *pyProcess) ask(req map[string]any) { p.askInto(req, &struct{}{}) }

func (p *pyProcess) askInto(req map[string]any, ans any) {
	b, _ := json.Marshal(req)
	if _, err := fmt.Fprintf(p.in, "%s\n", b); err != nil {
		panic(err)
	}
	if !p.out.Scan() {
		panic(fmt.Sprintf("libraries.py stopped answering (%v) after %s", p.out.Err(), b))
	}
	if err := json.Unmarshal(p.out.Bytes(), ans); err != nil {
		panic(err)
	}
}

func (p *pyProcess) close() {
	p.in.Close()
	p.cmd.Wait()
}

func uptime() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], ", ") + " (1, 5, 15 minutes)"
}

func cpuName() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "model name\t: "); ok {
			return fmt.Sprintf("%s, %d CPUs", name, runtime.NumCPU())
		}
	}
	return fmt.Sprintf("%d CPUs", runtime.NumCPU())
}
