package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTable runs the command as scripts/speed does, one short round, and
// checks that it prints the README's two tables whole: every case a row
// with a time in each column, every ratio a number. The times of so short
// a run mean nothing; that the libraries' side answers for every case does.
func TestTable(t *testing.T) {
	root, _ := filepath.Abs("../..")
	python := filepath.Join(root, ".venv/libraries/bin/python")
	if _, err := os.Stat(python); err != nil {
		if os.Getenv("ADAGRAD_REQUIRE_LIBRARIES") == "1" {
			t.Fatalf("no %s (ADAGRAD_REQUIRE_LIBRARIES=1): scripts/install-libraries installs it", python)
		}
		t.Skipf("no %s: scripts/install-libraries installs it", python)
	}
	if testing.Short() {
		t.Skip("-short: the command loads the libraries (about 20 s)")
	}
	bin := filepath.Join(t.TempDir(), "speed")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-rounds", "1", "-seconds", "0.001")
	cmd.Dir = root
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("speed: %v\n%s%s", err, out, stderr.String())
	}
	if s := stderr.String(); strings.TrimSpace(s) != "" {
		t.Errorf("speed wrote to stderr (a library's warning?):\n%s", s)
	}
	// A floor's row has no ratios; every other row has one or two in each
	// column.
	time := `[0-9.]+ \([0-9.]+–[0-9.]+\)`
	ratio := `[0-9.]+× [^,|]+`
	ratios := ratio + `(, ` + ratio + `)?`
	row := regexp.MustCompile(`^\| ([^|]+) \| ` + time + ` \| (` + ratios + `)? \| ` + time + ` \| (` + ratios + `)? \|$`)
	var rows []string
	for _, line := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| |") || strings.HasPrefix(line, "| ---") {
			continue
		}
		m := row.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("a row that is not name, time, ratios, time, ratios:\n%s", line)
			continue
		}
		if floor := strings.HasPrefix(m[1], "memory floor"); floor != (m[2] == "") || floor != (m[4] == "") {
			t.Errorf("a row with ratios where it should have none, or none where it should:\n%s", line)
		}
		rows = append(rows, m[1])
	}
	want := []string{denseFloor,
		"`Step`, Tutorial form", "`StepOnePass`, Tutorial form",
		"`Step`, PyTorch form", "`StepOnePass`, PyTorch form",
		"torch.optim.Adagrad, single-tensor (its default)", "torch.optim.Adagrad, foreach=True", "torch.optim.Adagrad, fused=True",
		"`Step`, Optax form", "`StepOnePass`, Optax form", "optax.adagrad under jax.jit",
		"`Step`, Keras form", "`StepOnePass`, Keras form",
		"keras.optimizers.Adagrad, apply", "keras.optimizers.Adagrad, stateless_apply under jax.jit",
		sparseFloor, "`StepSparse`, Tutorial form", "`StepSparse`, PyTorch form", "torch.optim.Adagrad, sparse gradient"}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"Load average before: ", "Load average after: ", "PyTorch 2.", "Keras 3."} {
		if !strings.Contains(string(out), s) {
			t.Errorf("no %q in the output", s)
		}
	}
}
