package must

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain lets a test run this binary as a cell that fails: with
// MUST_TEST_FAIL set, it calls Get with that error and prints what Get
// returned, which it must not reach.
func TestMain(m *testing.M) {
	if msg := os.Getenv("MUST_TEST_FAIL"); msg != "" {
		v := Get(42, errors.New(msg))
		fmt.Println("reached the line after Get:", v)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestGetReturnsTheValue(t *testing.T) {
	if v := Get(3.5, nil); v != 3.5 {
		t.Errorf("Get(3.5, nil) = %v", v)
	}
	if s := Get([]int{1, 2}, nil); len(s) != 2 {
		t.Errorf("Get([1 2], nil) = %v", s)
	}
	Do(nil) // returns
}

// TestErrorEndsTheCell runs this test binary as a failing cell: it must
// print the error on stderr, nothing on stdout, and exit with status 1.
func TestErrorEndsTheCell(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MUST_TEST_FAIL=adagrad: LearningRate = -1, want > 0")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("the failing cell ended with %v, want exit status 1", err)
	}
	if got, want := stderr.String(), "error: adagrad: LearningRate = -1, want > 0\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	if stdout.Len() != 0 {
		t.Errorf("the cell went on after the error: %q", stdout.String())
	}
}
