package notebooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetupScript runs gonb-setup.sh as the setup cell does, in a scratch
// module like GoNB's, and checks its promise: it prints nothing, and then a
// cell program importing the project's packages and GoNB's builds with the
// go command's defaults (no "go get", go.mod and go.sum left as they are)
// and without the network.
func TestSetupScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, err := filepath.Abs("gonb-setup.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		// GOFLAGS as the kernel might have them must not matter; no proxy
		// proves nothing is fetched beyond the module cache the project's
		// own build filled.
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("go", "mod", "init", "gonb_setuptest"); err != nil {
		t.Fatalf("go mod init: %v\n%s", err, out)
	}
	out, err := run("bash", script)
	if err != nil || out != "" {
		t.Fatalf("gonb-setup.sh: %v, printed %q; want no error and nothing printed", err, out)
	}
	// Running it again (the reader re-runs the first cell) changes nothing.
	before, _ := os.ReadFile(filepath.Join(dir, "go.sum"))
	if out, err := run("bash", script); err != nil || out != "" {
		t.Fatalf("gonb-setup.sh, second run: %v, printed %q", err, out)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "go.sum")); string(after) != string(before) {
		t.Errorf("a second run changed go.sum:\n%s\nto\n%s", before, after)
	}

	src := `package main

import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/janpfeifer/gonb/gonbui"
)

func main() {
	fig, err := plotting.NewCurve(plotting.TutorialCurve(0.05))
	fmt.Println(err, fig != nil, display.InNotebook(), gonbui.IsNotebook, adagrad.TutorialConfig().LearningRate)
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	modBefore, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if out, err := run("go", "build", "-o", filepath.Join(dir, "cell"), "."); err != nil {
		t.Fatalf("a cell importing the project's packages does not build after the setup: %v\n%s", err, out)
	}
	if modAfter, _ := os.ReadFile(filepath.Join(dir, "go.mod")); string(modAfter) != string(modBefore) {
		t.Errorf("the build changed go.mod:\n%s\nto\n%s", modBefore, modAfter)
	}
	out, err = run(filepath.Join(dir, "cell"))
	if err != nil || strings.TrimSpace(out) != "<nil> true false false 0.05" {
		t.Errorf("the cell program: %v, printed %q; want %q", err, out, "<nil> true false false 0.05")
	}
}

// TestSetupScriptOutsideGoNB checks the one-line error of a setup run
// where there is no scratch module.
func TestSetupScriptOutsideGoNB(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, err := filepath.Abs("gonb-setup.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.HasPrefix(string(out), "notebook setup failed: no go.mod in ") {
		t.Errorf("gonb-setup.sh outside a module: %v, printed %q; want a failure naming the missing go.mod", err, out)
	}
}
