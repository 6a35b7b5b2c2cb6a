package adagrad_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoGonum: notebook cells import adagrad, and GoNB builds every
// cell as a new program; gonum's optimize (with mat, lapack, blas and stat)
// belongs in adagrad/gonumopt, so that only programs that use it link it.
func TestLinksNoGonum(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	deps := func(pkg string) []string {
		t.Helper()
		out, err := exec.Command(goCmd, "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	const mod = "github.com/gonb-tutorials/optimizers/adagrad"
	for _, p := range deps(mod) {
		if strings.HasPrefix(p, "gonum.org/") {
			t.Errorf("adagrad links %s", p)
		}
	}
	found := false
	for _, p := range deps(mod + "/gonumopt") {
		found = found || p == "gonum.org/v1/gonum/optimize"
	}
	if !found {
		t.Errorf("adagrad/gonumopt does not link gonum.org/v1/gonum/optimize: the list no longer shows what this test looks for")
	}
}
