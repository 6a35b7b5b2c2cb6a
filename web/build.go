package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Module is the import path of the module's package, and ModulePath that of
// the project: the source Build compiles.
const (
	ModulePath = "github.com/gonb-tutorials/optimizers"
	Module     = ModulePath + "/web/module"
)

// A Toolchain is the Go installation that builds the module: the go
// command the user runs, and the GOROOT that it picks for the project (it
// may be another release, downloaded for the project's go line, as
// GOTOOLCHAIN=auto does), whose wasm_exec.js must match the module.
type Toolchain struct {
	Go      string // the go command
	GOROOT  string
	Version string // as go env GOVERSION says it
}

// FindToolchain finds the go command on PATH and asks it, in the source
// folder src, which Go it builds with.
func FindToolchain(ctx context.Context, src string) (Toolchain, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return Toolchain{}, errors.New("no go command on PATH: the page is built with Go (https://go.dev/dl)")
	}
	cmd := exec.CommandContext(ctx, goCmd, "env", "GOROOT", "GOVERSION")
	cmd.Dir = src
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Toolchain{}, fmt.Errorf("go env GOROOT in %s: %v: %s", src, err, firstLine(stderr.String()))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] == "" {
		return Toolchain{}, fmt.Errorf("go env GOROOT GOVERSION in %s printed %q", src, out)
	}
	tc := Toolchain{Go: filepath.Join(lines[0], "bin", "go"), GOROOT: lines[0], Version: lines[1]}
	if _, err := os.Stat(tc.Go); err != nil {
		tc.Go = goCmd
	}
	return tc, nil
}

// WasmExec returns the toolchain's wasm_exec.js, the JavaScript side of
// its WebAssembly modules (lib/wasm since Go 1.24, misc/wasm before).
func (tc Toolchain) WasmExec() ([]byte, error) {
	var errs []error
	for _, dir := range []string{"lib", "misc"} {
		b, err := os.ReadFile(filepath.Join(tc.GOROOT, dir, "wasm", "wasm_exec.js"))
		if err == nil {
			return b, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("%s has no wasm_exec.js: %w", tc.GOROOT, errors.Join(errs...))
}

// Build compiles the module from the project's source in src (a folder
// holding its go.mod) for GOOS=js GOARCH=wasm, stripped of its symbol and
// debug tables (-ldflags=-s -w), and returns it. Go's output on failure is
// in the error.
func (tc Toolchain) Build(ctx context.Context, src string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "adagrad-web-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "playground.wasm")
	cmd := exec.CommandContext(ctx, tc.Go, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./web/module")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the module with %s: %v; go said: %s", tc.Version, err, oneLine(stderr.String()))
	}
	return os.ReadFile(out)
}

// FindSource returns the project's source: the folder that holds its
// go.mod, dir or one above it (a clone the user runs from), or, if none
// does and version is a release of the project (the command was
// installed with go install ...@version), its copy in Go's module cache,
// downloaded if need be.
func FindSource(ctx context.Context, dir, version string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if isProject(d) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if version == "" || version == "(devel)" {
		return "", fmt.Errorf("the project's source is not in %s or above it: run adagrad web inside a clone of %s", dir, ModulePath)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("no go command on PATH: the page is built with Go (https://go.dev/dl)")
	}
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", ModulePath+"@"+version)
	cmd.Dir = os.TempDir() // outside any module
	out, err := cmd.Output()
	var m struct{ Dir, Error string }
	json.Unmarshal(out, &m)
	if err != nil || !isProject(m.Dir) {
		why := m.Error
		if why == "" && err != nil {
			why = err.Error()
		}
		return "", fmt.Errorf("the project's source is not in %s or above it, and go mod download %s@%s failed (%s): run adagrad web inside a clone of %s",
			dir, ModulePath, version, firstLine(why), ModulePath)
	}
	return m.Dir, nil
}

// isProject reports whether dir holds the project's go.mod and the
// module's source.
func isProject(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			if strings.Trim(f[1], `"`) != ModulePath {
				return false
			}
			_, err := os.Stat(filepath.Join(dir, "web", "module", "main.go"))
			return err == nil
		}
	}
	return false
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// oneLine joins Go's error output into one line: the command's errors are
// one line each.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(s), "\n", " · ")), " ")
}
