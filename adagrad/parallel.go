package adagrad

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A share of a split step must be long enough to pay for waking another
// core, which on a 2-core VM costs tens of microseconds. Measured there (see
// the README): the vector loop gains from splitting from about 2^19
// coordinates, the portable loop, four times slower, from about 2^18.
const (
	minShareVector   = 1 << 18
	minSharePortable = 1 << 17
)

// SetConcurrent sets how many goroutines a Step may use: n <= 0 (the
// default) means GOMAXPROCS at the time of the step, and n = 1 keeps every
// step on the caller's goroutine, for a caller that runs its own
// optimizers in parallel. Only long vectors are split; see the package
// documentation.
func (o *Optimizer) SetConcurrent(n int) { o.concurrent = max(n, 0) }

// shares returns how many pieces a step of n coordinates is split into.
func (o *Optimizer) shares(n int, p params) int {
	if n < 2*minSharePortable || o.concurrent == 1 {
		return 1 // the common case, first
	}
	minShare := minSharePortable
	if _, ok := vectorMode(p); ok {
		minShare = minShareVector
	}
	if n < 2*minShare {
		return 1 // before asking GOMAXPROCS, which takes a lock
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
// parallel steps. A pool, rather than a goroutine per share, keeps Step free
// of allocations. It grows when a step needs more helpers than it has, so
// it never holds more than the largest GOMAXPROCS-1 a step has asked for;
// idle workers wait on the channel and use no CPU.
var workers struct {
	tasks   chan *task
	started atomic.Int32
	mu      sync.Mutex
}

func init() { workers.tasks = make(chan *task, 64) }

// submit runs t on the pool, which must have at least need workers.
func submit(t *task, need int) {
	if int(workers.started.Load()) < need {
		workers.mu.Lock()
		for int(workers.started.Load()) < need {
			workers.started.Add(1)
			go func() {
				for t := range workers.tasks {
					t.do()
				}
			}()
		}
		workers.mu.Unlock()
	}
	workers.tasks <- t
}
