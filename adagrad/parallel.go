package adagrad

import (
	"runtime"
	"sync"
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
	check     bool // scan g for non-finite values instead of updating
	bad       int  // result of a check: index within g, or -1
	wg        *sync.WaitGroup

	idx []int          // a sparse step's coordinates (g holds their values), or nil
	sc  *sparseScratch // the share's scratch for a sparse step
}

func (t *task) do() {
	switch {
	case t.check:
		t.bad = firstNonFinite(t.g)
	case t.idx != nil:
		t.sc.steps(t.x, t.acc, t.idx, t.g, t.p)
	default:
		update(t.x, t.g, t.acc, t.p)
	}
	if t.wg != nil {
		t.wg.Done()
	}
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
// for; idle workers wait on the channel and use no CPU. StopWorkers ends
// them.
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
	for t := range workers.tasks {
		if t == nil {
			return
		}
		t.do()
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
