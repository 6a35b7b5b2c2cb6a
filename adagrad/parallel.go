package adagrad

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A share of a split step must be long enough to pay for waking another
// core, which on a 2-core VM costs tens of microseconds. Measured there (see
// the README): the vector loop gains from splitting from about 2^19
// coordinates, the portable loop, four times slower, from about 2^18; a
// sparse step's coordinates, each a cache miss, from about 2^15.
const (
	minShareVector   = 1 << 18
	minSharePortable = 1 << 17
	minShareSparse   = 1 << 14
)

// SetConcurrent sets how many goroutines a Step or StepSparse may use:
// n <= 0 (the default) means GOMAXPROCS at the time of the step, and n = 1
// keeps every step on the caller's goroutine, for a caller that runs its
// own optimizers in parallel. Only long vectors are split; see the package
// documentation.
func (o *Optimizer) SetConcurrent(n int) { o.concurrent = max(n, 0) }

// minShare returns the shortest share worth a core for a dense step.
func (o *Optimizer) minShare(p params) int {
	if _, ok := vectorMode(p); ok {
		return minShareVector
	}
	return minSharePortable
}

// shares returns how many pieces a step of n coordinates is split into,
// none shorter than minShare.
func (o *Optimizer) shares(n, minShare int) int {
	if n < 2*minShare || o.concurrent == 1 {
		return 1 // the common case, before asking GOMAXPROCS, which takes a lock
	}
	k := min(runtime.GOMAXPROCS(0), n/minShare)
	if o.concurrent > 0 {
		k = min(k, o.concurrent)
	}
	return max(k, 1)
}

// A task is one share of a parallel step.
type task struct {
	x, g, acc []float64
	p         params
	check     bool     // check all of g for non-finite values, then update
	onePass   bool     // StepOnePass's update, which skips bad coordinates
	bad       badIndex // what a one-pass update found
	wg        *sync.WaitGroup

	run *denseRun // what a dense step's tasks share

	idx []int          // a sparse step's coordinates (g holds their values), or nil
	sc  *sparseScratch // the share's scratch for a sparse step

	srun *sparseRun // what a sparse step split from its merge on shares
}

// A denseRun is what the tasks of a split dense step share: counters from
// which they take chunks of the coordinates, to check and then to update.
// Waking a parked worker can take tens of microseconds on a virtual
// machine. With a fixed half each the caller would wait that long for the
// worker's half, twice for Step (its check, then its update); this way the
// task that starts first takes more chunks, one wake-up serves both
// phases, and no task waits but for chunks another is checking (measured
// on 2 cores, chunks against fixed halves, the update alone: 12% less time
// on 2^19 coordinates, 6% on 10^6, the same on 10^7).
type denseRun struct {
	chunk   int
	check   atomic.Int64 // the start of the next chunk to check
	checked atomic.Int64 // how many coordinates are checked
	update  atomic.Int64 // the start of the next chunk to update
	bad     atomic.Int64 // the first non-finite gradient value, or len(g)
}

// denseChunk returns how many coordinates each of k tasks of a dense step
// on n takes at a time: an eighth of a share, small enough that the tasks
// end together, large enough that taking one costs nothing beside
// stepping it, and that the memory is read in long runs. A multiple of 4,
// so that the vector loop's blocks stay whole.
func denseChunk(n, k int) int { return max(1<<14, n/(8*k)) &^ 3 }

func (t *task) do() {
	switch {
	case t.srun != nil:
		t.sparseSplit()
	case t.idx != nil:
		t.sc.steps(t.x, t.acc, t.idx, t.g, t.p)
	default:
		t.dense()
	}
	if t.wg != nil {
		t.wg.Done()
	}
}

// dense takes chunks of a dense step's coordinates until none is left:
// with check, chunks to check until all are checked, then, unless one held
// a non-finite value, chunks to update.
func (t *task) dense() {
	t.bad = noBad
	r, n := t.run, len(t.x)
	if t.check {
		for {
			lo := int(r.check.Add(int64(r.chunk))) - r.chunk
			if lo >= n {
				break
			}
			hi := min(lo+r.chunk, n)
			if i := firstNonFinite(t.g[lo:hi]); i >= 0 {
				lowerTo(&r.bad, int64(lo+i))
			}
			r.checked.Add(int64(hi - lo))
		}
		for r.checked.Load() < int64(n) {
			runtime.Gosched() // another task is checking a chunk: microseconds
		}
		if r.bad.Load() < int64(n) {
			return // the step is refused: nothing changes
		}
	}
	for {
		lo := int(r.update.Add(int64(r.chunk))) - r.chunk
		if lo >= n {
			return
		}
		hi := min(lo+r.chunk, n)
		x, g, acc := t.x[lo:hi], t.g[lo:hi], t.acc[lo:hi]
		if !t.onePass {
			update(x, g, acc, t.p)
			continue
		}
		// A task's chunks come in increasing order: its first find is its
		// lowest.
		b := updateOnePass(x, g, acc, t.p)
		if b.x >= 0 && t.bad.x < 0 {
			t.bad.x = lo + b.x
		}
		if b.g >= 0 && t.bad.g < 0 {
			t.bad.g = lo + b.g
		}
	}
}

// lowerTo sets v to i if i is lower.
func lowerTo(v *atomic.Int64, i int64) {
	for {
		old := v.Load()
		if i >= old || v.CompareAndSwap(old, i) {
			return
		}
	}
}

// splitDense runs a dense step in k tasks over the whole of x, g and the
// accumulators: Step's (check, then update) or StepOnePass's. It returns
// the first non-finite gradient value a check found, or the first bad
// coordinates of a one-pass update.
func (o *Optimizer) splitDense(k int, x, g []float64, p params, check, onePass bool) badIndex {
	r := &o.run
	n := len(x)
	r.chunk = denseChunk(n, k)
	r.check.Store(0)
	r.checked.Store(0)
	r.update.Store(0)
	r.bad.Store(int64(n))
	ts := o.shareTasks(k)
	for j := range ts {
		ts[j] = task{x: x, g: g, acc: o.acc, p: p, check: check, onePass: onePass, run: r}
	}
	o.runTasks()
	b := noBad
	if i := int(r.bad.Load()); i < n {
		b.g = i
	}
	for j := range ts {
		b.x, b.g = firstOf(b.x, ts[j].bad.x), firstOf(b.g, ts[j].bad.g)
	}
	return b
}

// firstOf returns the lower of two indices, -1 standing for none.
func firstOf(a, b int) int {
	if a < 0 || (b >= 0 && b < a) {
		return b
	}
	return a
}

// shareTasks returns the optimizer's k reusable tasks, to be filled in and
// then run by runTasks.
func (o *Optimizer) shareTasks(k int) []task {
	if cap(o.tasks) < k {
		o.tasks = make([]task, k)
	}
	o.tasks = o.tasks[:k]
	return o.tasks
}

// runTasks runs the tasks shareTasks handed out: the first on this
// goroutine, the others on the worker pool, and waits for them all.
func (o *Optimizer) runTasks() {
	k := len(o.tasks)
	o.wg.Add(k - 1)
	for j := k - 1; j > 0; j-- {
		o.tasks[j].wg = &o.wg
		submit(&o.tasks[j], k-1)
	}
	o.tasks[0].wg = nil
	o.tasks[0].do()
	o.wg.Wait()
}

// workers is a process-wide pool of goroutines that run the shares of
// parallel steps. A pool, rather than a goroutine per share, keeps a step
// free of allocations. It grows when a step needs more helpers than it
// has, so it holds no more than the largest GOMAXPROCS-1 a step has asked
// for. A worker that has finished a share looks for the next for spinFor,
// then waits on the channel, using no CPU. StopWorkers ends them.
var workers struct {
	mu      sync.Mutex     // held while starting, stopping or handing a task
	tasks   chan *task     // nil tells a worker to stop
	started int            // workers running
	exited  sync.WaitGroup // one per running worker
}

func init() { workers.tasks = make(chan *task, 64) }

// submit runs t on the pool, which must have at least need workers.
func submit(t *task, need int) {
	workers.mu.Lock()
	for workers.started < need {
		workers.started++
		workers.exited.Add(1)
		go work()
	}
	workers.tasks <- t
	workers.mu.Unlock()
}

func work() {
	defer workers.exited.Done()
	for {
		t, ok := poll(spinFor)
		if !ok {
			t = <-workers.tasks
		}
		if t == nil {
			return
		}
		t.do()
	}
}

// spinFor is how long a worker that has finished a task keeps looking for
// the next before it sleeps. Waking a sleeping worker took 80-124 us on a
// 2-core VM; steps that follow each other closely find it awake. Measured
// there, interleaved runs, with against without: StepOnePass on 10^6
// coordinates 4% less time, on 10^7 3%, StepSparse with 10^5 nonzeros 2%.
// (OpenMP's threads, PyTorch's, also spin a while before they sleep.)
const spinFor = 200 * time.Microsecond

// poll waits up to d for a task, yielding the processor between looks, and
// reports whether it got one.
func poll(d time.Duration) (*task, bool) {
	var start time.Time
	for n := 0; ; n++ {
		select {
		case t := <-workers.tasks:
			return t, true
		default:
		}
		if n%16 == 0 {
			if n == 0 {
				start = time.Now()
			} else if time.Since(start) > d {
				return nil, false
			}
		}
		runtime.Gosched()
	}
}

// StopWorkers ends the goroutines that run the shares of long steps, once
// they have finished the shares handed to them, and returns when they have
// exited. A later long step starts them again. Call it where no goroutine
// may outlive its work: before a check for leaked goroutines in a test
// (goleak's, for instance), or after the last long step of a program that
// carries on without Adagrad. It is safe to call at any time, also while
// other goroutines step.
func StopWorkers() {
	workers.mu.Lock()
	defer workers.mu.Unlock()
	for range workers.started {
		workers.tasks <- nil // after every task already handed out
	}
	workers.started = 0
	workers.exited.Wait()
}
