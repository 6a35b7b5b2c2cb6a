package adagrad

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSharesFollowGOMAXPROCS checks how a step is split: by GOMAXPROCS,
// not by the number of CPUs, bounded by SetConcurrent, and only for vectors
// long enough to pay for it.
func TestSharesFollowGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	p := params{negLR: -0.05, eps: 1e-8}
	minShare := minSharePortable
	if _, ok := vectorMode(p); ok {
		minShare = minShareVector
	}
	o := &Optimizer{}
	for _, c := range []struct {
		procs, concurrent, n, want int
	}{
		{1, 0, 16 * minShare, 1},
		{2, 0, 16 * minShare, 2},
		{8, 0, 16 * minShare, 8}, // more than this machine's CPUs, if GOMAXPROCS says so
		{8, 0, 3 * minShare, 3},  // no share shorter than minShare
		{8, 0, 2*minShare - 1, 1},
		{8, 1, 16 * minShare, 1}, // SetConcurrent(1): the caller's goroutine only
		{8, 3, 16 * minShare, 3},
		{2, 3, 16 * minShare, 2},
	} {
		runtime.GOMAXPROCS(c.procs)
		o.SetConcurrent(c.concurrent)
		if got := o.shares(c.n, o.minShare(p)); got != c.want {
			t.Errorf("GOMAXPROCS %d, SetConcurrent(%d), n %d: %d shares, want %d", c.procs, c.concurrent, c.n, got, c.want)
		}
	}
}

// TestStepConcurrency steps a long vector with the work split in different
// ways and checks that the bits do not depend on it, that SetConcurrent(1)
// keeps the step on the caller's goroutine, and that the pool grows to
// what GOMAXPROCS asks for.
func TestStepConcurrency(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	const n = 4*minShareVector + 3
	x0, g := make([]float64, n), make([]float64, n)
	for i := range x0 {
		x0[i], g[i] = math.Sin(float64(i)), math.Cos(float64(i))*10
	}
	var want []float64
	for _, concurrent := range []int{1, 2, 0} {
		o, _ := New(n, PyTorchConfig())
		o.SetConcurrent(concurrent)
		x := append([]float64(nil), x0...)
		for range 3 {
			if err := o.Step(x, g); err != nil {
				t.Fatal(err)
			}
		}
		if concurrent == 1 && o.tasks != nil {
			t.Error("SetConcurrent(1): the step was split")
		}
		if concurrent == 0 && len(o.tasks) != 4 {
			t.Errorf("GOMAXPROCS 4: the step was split in %d, want 4", len(o.tasks))
		}
		if want == nil {
			want = x
			continue
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(want[i]) {
				t.Fatalf("SetConcurrent(%d): coordinate %d is %v, on one goroutine %v", concurrent, i, x[i], want[i])
			}
		}
	}
	if w := workers.started; w < 3 {
		t.Errorf("the pool has %d workers after a step split in 4", w)
	}
}

// poolGoroutines counts the goroutines of the worker pool, as a leak
// checker (goleak) sees them: by the function they run. Like goleak, it
// looks again for a while, since a worker that has finished may still be
// on its way out.
func poolGoroutines() int {
	buf := make([]byte, 1<<20)
	k := 0
	for range 200 {
		k = strings.Count(string(buf[:runtime.Stack(buf, true)]), "adagrad.work(")
		if k == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return k
}

// TestSetConcurrentOneUsesNoWorker: with SetConcurrent(1) neither Step nor
// StepSparse hands work to another goroutine, however long the vector and
// however many the processors; with the default, both do.
func TestSetConcurrentOneUsesNoWorker(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	const n = 4 * minShareVector
	x, g := make([]float64, n), make([]float64, n)
	idx, vals := make([]int, 4*minShareSparse), make([]float64, 4*minShareSparse)
	for k := range idx {
		idx[k], vals[k] = 7*k, 1
	}
	for _, concurrent := range []int{1, 0} {
		for name, step := range map[string]func(o *Optimizer) error{
			"Step":       func(o *Optimizer) error { return o.Step(x, g) },
			"StepSparse": func(o *Optimizer) error { return o.StepSparse(x, idx, vals) },
		} {
			stopWorkers(t)
			o, _ := New(n, TutorialConfig())
			o.SetConcurrent(concurrent)
			if err := step(o); err != nil {
				t.Fatal(err)
			}
			used := poolGoroutines() > 0
			if used != (concurrent != 1) {
				t.Errorf("%s with SetConcurrent(%d): pool used %v", name, concurrent, used)
			}
		}
	}
	stopWorkers(t)
}

// stopWorkers is StopWorkers, failing the test rather than hanging it if
// StopWorkers does not return.
func stopWorkers(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	go func() { StopWorkers(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("StopWorkers has not returned after 30 s")
	}
}

// longStep returns a dense Step long enough to be split across GOMAXPROCS
// goroutines.
func longStep(t *testing.T) func() {
	const n = 4 * minShareVector
	x, g := make([]float64, n), make([]float64, n)
	o, _ := New(n, TutorialConfig())
	return func() {
		t.Helper()
		if err := o.Step(x, g); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStopWorkersWhileTheyLook: StopWorkers ends workers that are still
// looking for their next share, right after a step.
func TestStopWorkersWhileTheyLook(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	step := longStep(t)
	for range 100 {
		step()
		stopWorkers(t)
	}
	if k := poolGoroutines(); k != 0 {
		t.Errorf("%d workers left after StopWorkers", k)
	}
}

// TestStopWorkers: after StopWorkers no goroutine of the pool is left, even
// when it is called while other goroutines step, and the next long step
// starts the pool again and gives the same bits.
func TestStopWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	const n = 4 * minShareVector
	g := make([]float64, n)
	for i := range g {
		g[i] = math.Cos(float64(i))
	}
	run := func() []float64 {
		o, _ := New(n, PyTorchConfig())
		x := make([]float64, n)
		for range 3 {
			if err := o.Step(x, g); err != nil {
				t.Error(err)
			}
		}
		return x
	}
	want := run()
	if poolGoroutines() == 0 {
		t.Fatal("no worker ran a long step")
	}
	stopWorkers(t)
	if k := poolGoroutines(); k != 0 || workers.started != 0 {
		t.Fatalf("after StopWorkers: %d workers running, %d counted", k, workers.started)
	}
	// Stop while others step: every step still completes, with the same bits.
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, v := range run() {
				if !sameFloat(v, want[i]) {
					t.Errorf("coordinate %d: %v, want %v", i, v, want[i])
					return
				}
			}
		}()
	}
	for range 5 {
		stopWorkers(t)
		runtime.Gosched()
	}
	wg.Wait()
	stopWorkers(t)
	if k := poolGoroutines(); k != 0 {
		t.Errorf("%d workers left", k)
	}
}

// TestSplitStepRefusesWhole: a split Step whose gradient holds a NaN in
// any chunk changes nothing, whichever task checks that chunk and however
// late. Many tries, the bad value in the last chunks, where a task that
// has run out of chunks to check would be tempted to start updating while
// another still checks.
func TestSplitStepRefusesWhole(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	const n = 2 * minShareVector
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = math.Sin(float64(i)), math.Cos(float64(i))
	}
	o, _ := New(n, TutorialConfig())
	x0, acc0 := append([]float64(nil), x...), o.Accumulator(nil)
	rng := rand.New(rand.NewPCG(9, 10))
	for try := range 300 {
		at := n - 1 - rng.IntN(n/4)
		g[at] = math.NaN()
		var ge *GradientError
		if err := o.Step(x, g); !errors.As(err, &ge) || ge.Index != at {
			t.Fatalf("try %d: Step returned %v, want the NaN at %d", try, err, at)
		}
		g[at] = math.Cos(float64(at))
		if i := sameFloats(x, x0); i >= 0 {
			t.Fatalf("try %d: a refused step changed x[%d]", try, i)
		}
		if i := sameFloats(o.acc, acc0); i >= 0 {
			t.Fatalf("try %d: a refused step changed accumulator[%d]", try, i)
		}
	}
}

// TestSparseSplitSameAsOneGoroutine: a long sparse step with repeats, merged
// and stepped in shares, gives the bits of the same step on one goroutine,
// in every form; and a sum that overflows refuses it with the same error,
// leaving x and the accumulators as they were.
func TestSparseSplitSameAsOneGoroutine(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	const n = 1 << 20
	for _, cfg := range []Config{TutorialConfig(), PyTorchConfig(), KerasConfig(), OptaxConfig(0.1)} {
		for _, nnz := range []int{pyTorchStableFrom, 70_000} {
			rng := rand.New(rand.NewPCG(uint64(nnz), 9))
			idx, vals := make([]int, nnz), make([]float64, nnz)
			for k := range idx {
				idx[k], vals[k] = rng.IntN(n/8), rng.NormFloat64() // many repeats
				if k%97 == 0 {
					vals[k] = math.Copysign(0, -1)
				}
			}
			x0 := make([]float64, n)
			for i := range x0 {
				x0[i] = rng.NormFloat64()
			}
			var wantX, wantAcc []float64
			for _, concurrent := range []int{1, 2, 0} {
				o, err := New(n, cfg)
				if err != nil {
					t.Fatal(err)
				}
				o.SetConcurrent(concurrent)
				x := slices.Clone(x0)
				for range 2 {
					if err := o.StepSparse(x, idx, vals); err != nil {
						t.Fatal(err)
					}
				}
				split := o.sparse.run.parts > 0
				if split != (concurrent != 1) {
					t.Errorf("%v, nnz %d, SetConcurrent(%d): split %v", cfg.Like, nnz, concurrent, split)
				}
				acc := o.Accumulator(nil)
				if wantX == nil {
					wantX, wantAcc = x, acc
					continue
				}
				for i := range x {
					if math.Float64bits(x[i]) != math.Float64bits(wantX[i]) || math.Float64bits(acc[i]) != math.Float64bits(wantAcc[i]) {
						t.Fatalf("%v, nnz %d, SetConcurrent(%d): coordinate %d is x %v acc %v, on one goroutine %v and %v",
							cfg.Like, nnz, concurrent, i, x[i], acc[i], wantX[i], wantAcc[i])
					}
				}
			}
			// Two coordinates whose values overflow when added: the one
			// first in idx in the last part, the other in the first; every
			// part is merged when they are found.
			firstAt := map[int]int{}
			for k, i := range idx {
				if _, ok := firstAt[i]; !ok {
					firstAt[i] = k
				}
			}
			low, high := sparseParts, -1 // the lowest and highest parts used
			for _, i := range idx {
				low, high = min(low, partOf(i)), max(high, partOf(i))
			}
			p1, p2 := -1, -1
			for k, i := range idx {
				if p1 < 0 && firstAt[i] == k && partOf(i) == high {
					p1 = k
				} else if p1 >= 0 && firstAt[i] == k && partOf(i) == low && k+1 < nnz {
					p2 = k
					break
				}
			}
			if p1 < 0 || p2 < 0 || low == high {
				t.Fatalf("%v, nnz %d: no coordinates in parts %d and %d to overflow", cfg.Like, nnz, high, low)
			}
			badIdx, bad := slices.Clone(idx), slices.Clone(vals)
			for k, at := range []int{p1, p2} {
				i := idx[at]
				badIdx[at+1] = i
				for m := range badIdx {
					if badIdx[m] == i {
						bad[m] = math.MaxFloat64 / 1.5 * float64(1-2*k)
					}
				}
			}
			var wantErr string
			for _, concurrent := range []int{1, 0} {
				o, _ := New(n, cfg)
				o.SetConcurrent(concurrent)
				x := slices.Clone(x0)
				err := o.StepSparse(x, badIdx, bad)
				if err == nil {
					t.Fatalf("%v, nnz %d, SetConcurrent(%d): sums that overflow were taken", cfg.Like, nnz, concurrent)
				}
				if wantErr == "" {
					wantErr = err.Error()
				} else if err.Error() != wantErr {
					t.Errorf("%v, nnz %d, split: %v; on one goroutine: %v", cfg.Like, nnz, err, wantErr)
				}
				if !slices.Equal(x, x0) || slices.ContainsFunc(o.Accumulator(nil), func(a float64) bool { return a != cfg.InitialAccumulator }) || o.Steps() != 0 {
					t.Errorf("%v, nnz %d, SetConcurrent(%d): a refused step changed the optimizer", cfg.Like, nnz, concurrent)
				}
			}
		}
	}
}

// TestSparseSplitEdges: cases of a long sparse step merged in parallel
// that TestSparseSplitSameAsOneGoroutine does not reach, each checked
// against the same step on one goroutine, for 2, 3 and 4 shares: a single
// repeat whose two values overflow (the only repeat of its part); two
// overflowing coordinates where the one first in idx lies in a lower part
// than the other; and, in the PyTorch form, coordinates whose values are
// all -0 at an x of -0 (their sum starts from -0, as PyTorch's does).
func TestSparseSplitEdges(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const n, nnz = 1 << 20, 70_000
	big := math.MaxFloat64 / 1.5
	for _, procs := range []int{2, 3, 4} {
		runtime.GOMAXPROCS(procs)
		rng := rand.New(rand.NewPCG(uint64(procs), 13))
		distinct := func() ([]int, []float64) {
			idx, vals := rng.Perm(n)[:nnz], make([]float64, nnz)
			for k := range vals {
				vals[k] = rng.NormFloat64()
			}
			return idx, vals
		}

		// One repeat, overflowing.
		idx1, vals1 := distinct()
		idx1[nnz-10] = idx1[100]
		vals1[100], vals1[nnz-10] = big, big

		// Two overflowing coordinates: the first in idx in part 0, the
		// other, later, in the last part.
		idx2, vals2 := distinct()
		a1, a2 := -1, -1
		for k, i := range idx2[:nnz/2] {
			if a1 < 0 && partOf(i) == 0 {
				a1 = k
			} else if a1 >= 0 && partOf(i) == sparseParts-1 {
				a2 = k
				break
			}
		}
		idx2[nnz-20], idx2[nnz-10] = idx2[a1], idx2[a2]
		vals2[a1], vals2[nnz-20], vals2[a2], vals2[nnz-10] = big, big, -big, -big

		// All -0 at an x of -0, with repeats.
		idx3, vals3 := make([]int, nnz), make([]float64, nnz)
		for k := range idx3 {
			idx3[k], vals3[k] = rng.IntN(n/16), math.Copysign(0, -1)
		}

		for _, c := range []struct {
			name string
			cfg  Config
			idx  []int
			vals []float64
			x0   float64
		}{
			{"one overflowing repeat", TutorialConfig(), idx1, vals1, 1},
			{"one overflowing repeat, PyTorch", PyTorchConfig(), idx1, vals1, 1},
			{"first overflow in a lower part", TutorialConfig(), idx2, vals2, 1},
			{"all -0, PyTorch", PyTorchConfig(), idx3, vals3, math.Copysign(0, -1)},
			{"all -0", TutorialConfig(), idx3, vals3, math.Copysign(0, -1)},
		} {
			var wantX, wantAcc []float64
			var wantErr string
			for _, concurrent := range []int{1, 0} {
				o, _ := New(n, c.cfg)
				o.SetConcurrent(concurrent)
				x := make([]float64, n)
				for i := range x {
					x[i] = c.x0
				}
				errString := "<nil>"
				if err := o.StepSparse(x, c.idx, c.vals); err != nil {
					errString = err.Error()
				}
				if split := o.sparse.run.parts > 0; split != (concurrent != 1) {
					t.Fatalf("GOMAXPROCS %d, %s, SetConcurrent(%d): split %v", procs, c.name, concurrent, split)
				}
				acc := o.Accumulator(nil)
				if wantX == nil {
					wantX, wantAcc, wantErr = x, acc, errString
					continue
				}
				if errString != wantErr {
					t.Errorf("GOMAXPROCS %d, %s: split: %s; on one goroutine: %s", procs, c.name, errString, wantErr)
				}
				if i := sameFloats(x, wantX); i >= 0 {
					t.Errorf("GOMAXPROCS %d, %s: split x[%d] = %v, on one goroutine %v", procs, c.name, i, x[i], wantX[i])
				}
				if i := sameFloats(acc, wantAcc); i >= 0 {
					t.Errorf("GOMAXPROCS %d, %s: split accumulator[%d] = %v, on one goroutine %v", procs, c.name, i, acc[i], wantAcc[i])
				}
			}
			if strings.HasPrefix(c.name, "all -0") != (wantErr == "<nil>") {
				t.Errorf("GOMAXPROCS %d, %s: %s", procs, c.name, wantErr)
			}
		}
	}
}
