package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestInterruptLeavesNoFile interrupts a program in the middle of a write
// and checks that neither the file nor its temporary copy is left.
func TestInterruptLeavesNoFile(t *testing.T) {
	if dir := os.Getenv("ATOMICFILE_TEST_WRITER"); dir != "" {
		HandleInterrupts()
		_ = Write(filepath.Join(dir, "out.gif"), func(w io.Writer) error {
			io.WriteString(w, "half a GIF")
			os.Stdout.WriteString("writing\n")
			select {} // until interrupted
		})
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptLeavesNoFile$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_TEST_WRITER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the writer is mid-write, then interrupt it.
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "writing\n" {
		t.Fatalf("the writer said %q, %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Errorf("the interrupted writer ended with %v, want exit status 130", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an interrupted write left %v", entries)
	}
}
