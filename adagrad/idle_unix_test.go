//go:build unix

package adagrad

import (
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIdleWorkersSleep: a worker that has finished its share looks for the
// next for spinFor, so that back-to-back steps find it awake, and then
// sleeps: over a tenth of a second with no step, the process uses almost
// no CPU, though the workers are still there.
func TestIdleWorkersSleep(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4)
	step := longStep(t)
	for range 3 {
		step()
	}
	time.Sleep(5 * time.Millisecond) // well past spinFor: they should have given up looking
	const idle = 100 * time.Millisecond
	before := cpuTime(t)
	time.Sleep(idle)
	if used := cpuTime(t) - before; used > idle/5 {
		t.Errorf("the process used %v of CPU in %v with no step", used, idle)
	}
	// One look (poolGoroutines waits for workers on their way out).
	buf := make([]byte, 1<<20)
	if strings.Count(string(buf[:runtime.Stack(buf, true)]), "adagrad.work(") == 0 {
		t.Error("no worker is left: they have exited, or none ran a share")
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(t *testing.T) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		t.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
