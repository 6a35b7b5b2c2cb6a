package notebooks

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartialDebianJupyter runs a notebook on a machine that has Debian's
// Jupyter libraries and the jupyter and jupyter-nbconvert commands, but not
// Debian's jupyter-client package, whose jupyter-kernelspec command the
// tests once used to find the kernel (issue 23): there they failed, saying
// the kernel was not installed, right after scripts/install-gonb had
// registered it. The test makes that machine with a PATH holding only those
// two commands (copies, so that jupyter cannot find its other commands
// beside itself) and the shell tools scripts/run-notebooks uses, checks
// that `jupyter kernelspec` is missing there, and runs a notebook with
// scripts/run-notebooks, with no pinned environment.
func TestPartialDebianJupyter(t *testing.T) {
	if testing.Short() {
		t.Skip("executing a notebook is not short")
	}
	required := os.Getenv("ADAGRAD_REQUIRE_NOTEBOOKS") == "1"
	const python = "/usr/bin/python3"
	if _, err := os.Stat("/usr/bin/jupyter"); err != nil {
		t.Skip("no Debian Jupyter here (/usr/bin/jupyter, from jupyter-core)")
	}
	if out, err := exec.Command(python, "-c", "import nbconvert, nbclient, jupyter_client").CombinedOutput(); err != nil {
		if required {
			t.Fatalf("Debian's jupyter-core is installed, but %s lacks nbconvert, nbclient or jupyter_client: %s", python, out)
		}
		t.Skipf("%s lacks nbconvert, nbclient or jupyter_client", python)
	}

	bin := t.TempDir()
	jupyter, err := os.ReadFile("/usr/bin/jupyter")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(bin, name), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("jupyter", jupyter)
	// What Debian's jupyter-nbconvert package installs, in effect.
	write("jupyter-nbconvert", []byte("#!"+python+"\nimport sys\nfrom nbconvert.nbconvertapp import main\nsys.exit(main())\n"))
	for _, tool := range []string{"bash", "dirname", "head", "sed", "mktemp", "rm", "basename", "tail", "mkdir"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"PATH=" + bin, "ADAGRAD_JUPYTER_VENV=" + filepath.Join(t.TempDir(), "none")}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "PATH" && k != "ADAGRAD_JUPYTER_VENV" {
			env = append(env, kv)
		}
	}
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	if out, err := run(filepath.Join(bin, "jupyter"), "kernelspec", "list"); err == nil {
		t.Fatalf("`jupyter kernelspec list` works on the partial machine, so the test does not make it:\n%s", out)
	}
	script := filepath.Join("..", "scripts", "run-notebooks")
	out, err := run(script, "--check")
	if err != nil {
		if strings.Contains(out, "finds no gonb kernel") && !required {
			t.Skip(strings.TrimSpace(out))
		}
		t.Fatalf("run-notebooks --check on the partial machine: %v\n%s", err, out)
	}
	t.Log(strings.TrimSpace(out))

	dir := t.TempDir()
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]string{"name": "gonb", "display_name": "Go (gonb)", "language": "go"}},
		"cells": []map[string]any{{
			"cell_type": "code", "id": "answer", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
			"source": "%%\nfmt.Println(\"six times seven is\", 6*7)\nfmt.Printf(\"GOGC=%q GOMEMLIMIT=%q\\n\", os.Getenv(\"GOGC\"), os.Getenv(\"GOMEMLIMIT\"))",
		}},
	}
	b, _ := json.Marshal(nb)
	if err := os.WriteFile(filepath.Join(dir, "partial.ipynb"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(script, "--out", filepath.Join(dir, "out"), filepath.Join(dir, "partial.ipynb")); err != nil {
		t.Fatalf("run-notebooks on the partial machine: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "out", "partial.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "six times seven is 42") {
		t.Errorf("the executed notebook does not show the cell's output:\n%s", got)
	}
	// The kernel's go builds without collecting garbage (install-gonb);
	// the cells' own programs must still run with the collector as the
	// user has it.
	want := fmt.Sprintf("GOGC=%q GOMEMLIMIT=%q", os.Getenv("GOGC"), os.Getenv("GOMEMLIMIT"))
	quoted, _ := json.Marshal(want) // as the notebook's JSON holds it
	if !strings.Contains(string(got), strings.Trim(string(quoted), `"`)) {
		t.Errorf("the cell's program does not run with the user's collector settings (want %s):\n%s", want, got)
	}
}
