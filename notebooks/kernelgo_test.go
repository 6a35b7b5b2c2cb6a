package notebooks

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKernelGoWrapper runs scripts/install-gonb as a user would, in a copy
// of the clone under a fresh HOME, with a Go whose GOROOT has a space and a
// quote in its name, and checks the go the kernel's PATH finds first: "go
// build" (each cell's) runs Go's own go with the collector off
// (GOGC=off, GOMEMLIMIT=1GiB), every other command with the user's
// settings, both with their arguments as given. Go's go is a stand-in that
// reports what it was run with (and hands install-gonb's own questions to
// the real go), so the test builds nothing.
func TestKernelGoWrapper(t *testing.T) {
	required := os.Getenv("ADAGRAD_REQUIRE_NOTEBOOKS") == "1"
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	goEnv := func(k string) string {
		out, err := exec.Command(realGo, "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		return strings.TrimSpace(string(out))
	}
	gobin := goEnv("GOBIN")
	if gobin == "" {
		gobin = filepath.Join(strings.Split(goEnv("GOPATH"), string(os.PathListSeparator))[0], "bin")
	}
	if _, err := os.Stat(filepath.Join(gobin, "gonb")); err != nil {
		if required {
			t.Fatalf("no gonb in %s: run scripts/install-gonb", gobin)
		}
		t.Skipf("no gonb in %s (scripts/install-gonb installs it)", gobin)
	}

	// A copy of what install-gonb reads of the clone.
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "my clone")
	files := []string{"scripts/install-gonb", "tools/go.mod", "tools/go.sum"}
	cellbuild, err := filepath.Glob(filepath.Join("..", "tools", "cellbuild", "*.go"))
	if err != nil || len(cellbuild) == 0 {
		t.Fatalf("no tools/cellbuild sources: %v", err)
	}
	for _, f := range cellbuild {
		files = append(files, strings.TrimPrefix(filepath.ToSlash(f), "../"))
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(clone, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(clone, f), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Go's go, standing in: GOROOT and the commands install-gonb asks
	// about (and its build of cellbuild) go to the real go; anything else
	// prints its environment and arguments, and exits 3.
	goroot := filepath.Join(tmp, "Go's root")
	if err := os.MkdirAll(filepath.Join(goroot, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	fake := `#!/bin/sh
if [ "$1 $2" = "env GOROOT" ]; then printf '%s\n' "` + goroot + `"; exit 0; fi
case "$1" in env|version) exec ` + realGo + ` "$@" ;; esac
if [ "$1 $2 $3" = "build -o ` + filepath.Join(clone, ".kernel", "cellbuild.tmp") + `" ]; then exec ` + realGo + ` "$@"; fi
printf 'GOGC=[%s] GOMEMLIMIT=[%s]\n' "$GOGC" "$GOMEMLIMIT"
for a in "$@"; do printf '[%s]\n' "$a"; done
exit 3
`
	if err := os.WriteFile(filepath.Join(goroot, "bin", "go"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}

	home := filepath.Join(tmp, "home")
	env := []string{
		"HOME=" + home,
		"PATH=" + filepath.Join(goroot, "bin") + ":/usr/bin:/bin",
		"GOPATH=" + goEnv("GOPATH"), "GOCACHE=" + goEnv("GOCACHE"), "GOMODCACHE=" + goEnv("GOMODCACHE"),
		"GOBIN=" + goEnv("GOBIN"), "GOFLAGS=" + goEnv("GOFLAGS"), "GOTOOLCHAIN=local",
	}
	cmd := exec.Command("bash", filepath.Join(clone, "scripts", "install-gonb"))
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("install-gonb: %v\n%s", err, out)
	}

	b, err := os.ReadFile(filepath.Join(home, ".local", "share", "jupyter", "kernels", "gonb", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Env map[string]string `json:"env"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("kernel.json: %v\n%s", err, b)
	}
	// The cells' programs run with the user's collector settings: the
	// kernel's own environment sets neither.
	for _, k := range []string{"GOGC", "GOMEMLIMIT"} {
		if v, ok := spec.Env[k]; ok {
			t.Errorf("kernel.json sets %s=%s for the kernel and every cell's program", k, v)
		}
	}
	// The go the kernel runs: the first on its PATH.
	var kernelGo string
	for _, d := range strings.Split(spec.Env["PATH"], ":") {
		if fi, err := os.Stat(filepath.Join(d, "go")); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			kernelGo = filepath.Join(d, "go")
			break
		}
	}
	if want := filepath.Join(clone, ".kernel", "bin", "go"); kernelGo != want {
		t.Fatalf("the kernel's PATH %q finds go at %q, want the wrapper %s", spec.Env["PATH"], kernelGo, want)
	}

	const user = "GOGC=[150] GOMEMLIMIT=[]\n"
	tests := []struct {
		args []string
		env  string // what Go's go sees of the collector's settings
	}{
		{[]string{"build", "-o", "/tmp/a cell", "."}, "GOGC=[off] GOMEMLIMIT=[1GiB]\n"},
		{[]string{"build"}, "GOGC=[off] GOMEMLIMIT=[1GiB]\n"},
		{[]string{"run", "main.go", "build"}, user},
		{[]string{"test", "-run", "it's"}, user},
		{[]string{"mod", "tidy"}, user},
		{[]string{"get", "example.com/m@v1.0.0"}, user},
	}
	for _, tt := range tests {
		cmd := exec.Command(kernelGo, tt.args...)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "GOGC=150"}
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			t.Errorf("go %q: %v, want Go's go's exit status 3", tt.args, err)
		}
		want := tt.env
		for _, a := range tt.args {
			want += "[" + a + "]\n"
		}
		if string(out) != want {
			t.Errorf("go %q: Go's go was run with\n%s\nwant\n%s", tt.args, out, want)
		}
	}
}
