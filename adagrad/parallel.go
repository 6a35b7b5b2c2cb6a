package adagrad

import (
	"runtime"
	"sync"
)

// A share of a split step must be long enough to pay for waking another
// core, which on a 2-core VM costs tens of microseconds. Measured there (see
// the README): the vector loop gains from splitting from about 2^19
// coordinates, the scalar loop, four times slower, from about 2^18.
const (
	minShareVector = 1 << 18
	minShareScalar = 1 << 17
)

// A task is one share of a parallel step.
type task struct {
	x, g, acc []float64
	p         params
	check     bool // scan g for non-finite values instead of updating
	bad       int  // result of a check: index within g, or -1
	wg        *sync.WaitGroup
}

func (t *task) do() {
	if t.check {
		t.bad = firstNonFinite(t.g)
	} else {
		update(t.x, t.g, t.acc, t.p)
	}
	t.wg.Done()
}

// workers is a process-wide pool of goroutines, started on first use, that
// run the shares of parallel steps. A pool, rather than a goroutine per
// share, keeps Step free of allocations.
var workers struct {
	once  sync.Once
	tasks chan *task
}

func submit(t *task) {
	workers.once.Do(func() {
		n := runtime.NumCPU()
		workers.tasks = make(chan *task, 4*n)
		for range n {
			go func() {
				for t := range workers.tasks {
					t.do()
				}
			}()
		}
	})
	workers.tasks <- t
}

// shares returns how many pieces a step of n coordinates is split into.
func shares(n int, p params) int {
	minShare := minShareScalar
	if useAVX && p.wd == 0 {
		minShare = minShareVector
	}
	if n < 2*minShare {
		return 1 // before asking GOMAXPROCS, which takes a lock
	}
	return max(1, min(runtime.GOMAXPROCS(0), n/minShare))
}
