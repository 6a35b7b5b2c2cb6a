package main

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// learnRequest says what a background question should learn from.
type learnRequest struct {
	key          string
	gomod, gosum []byte
	imports      []string
}

// notAbove are the names of files and folders that, in the module's folder
// or any above, make the go command build differently: a workspace, and
// the roots of the version control checkouts it knows.
var notAbove = []string{"go.work", ".git", ".hg", ".svn", ".bzr", ".fslckout", "_FOSSIL_"}

// fastBuild builds the program as "go build" with args would, if it can be
// sure to build the same. Otherwise it reports built false, and what a
// background question should learn from (nil if nothing would help).
func fastBuild(realGo string, args []string) (built bool, learn *learnRequest) {
	defer func() {
		if r := recover(); r != nil { // never in the user's way: the go command builds
			debugf("%v", r)
			built, learn = false, nil
		}
	}()
	if len(args) != 3 || args[0] != "build" || args[1] != "-o" || args[2] == "" {
		return false, nil
	}
	out := args[2]
	for _, v := range []string{"GOOS", "GOARCH", "GOWORK"} {
		if s := os.Getenv(v); s != "" && !(v == "GOWORK" && s == "off") {
			return false, nil
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return false, nil
	}
	// Package main is main.go alone, with neither a profile nor a vendor
	// folder to build from.
	files, err := os.ReadDir(cwd)
	if err != nil {
		return false, nil
	}
	for _, f := range files {
		if f.Name() != "main.go" && isBuildFile(f.Name()) || f.Name() == "default.pgo" || f.Name() == "vendor" {
			return false, nil
		}
	}
	// Nor a workspace or a version control checkout (whose state the go
	// command writes into the program) above.
	for d := cwd; ; d = filepath.Dir(d) {
		for _, name := range notAbove {
			if _, err := os.Lstat(filepath.Join(d, name)); err == nil {
				return false, nil
			}
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	src, err1 := os.ReadFile(filepath.Join(cwd, "main.go"))
	gomod, err2 := os.ReadFile(filepath.Join(cwd, "go.mod"))
	gosum, err3 := os.ReadFile(filepath.Join(cwd, "go.sum"))
	if err1 != nil || err2 != nil || err3 != nil || moduleName(gomod) == "" {
		return false, nil
	}
	// Directives (build constraints, embedding, //go:debug, linknames)
	// change how the go command builds; cgo too.
	if bytes.Contains(src, []byte("//go:")) || bytes.Contains(src, []byte("// +build")) {
		return false, nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
	if err != nil || f.Name.Name != "main" {
		return false, nil
	}
	var imports []string
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil || path == "C" {
			return false, nil
		}
		imports = append(imports, path)
	}
	slices.Sort(imports)
	imports = slices.Compact(imports)

	began := time.Now()
	key, err := buildKey(realGo, os.Environ(), gomod, gosum)
	if err != nil {
		return false, nil
	}
	dir, err := cacheDir()
	if err != nil {
		return false, nil
	}
	learn = &learnRequest{key: key, gomod: gomod, gosum: gosum, imports: imports}
	e, err := loadEntry(dir, key)
	if err != nil {
		debugf("%v", err)
		return false, learn
	}
	roots := make(map[string]bool, len(e.Roots))
	for _, r := range e.Roots {
		roots[r] = true
	}
	unknown := false
	for _, p := range imports {
		if !roots[p] {
			if !slices.Contains(e.Unusable, p) {
				debugf("new import %s", p)
				return false, learn
			}
			unknown = true
		}
	}
	if unknown {
		return false, nil
	}
	if stale := e.stale(); stale != "" {
		debugf("%s changed", stale)
		return false, learn
	}
	for _, p := range e.Packages {
		if _, err := os.Stat(p.File); err != nil {
			debugf("%v", err)
			return false, learn
		}
	}

	// The modules the program's imports reach, for its build information.
	used := make(map[string]bool)
	seen := make(map[string]bool)
	queue := slices.Clone(imports)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		if p == "unsafe" {
			continue
		}
		info, ok := e.Packages[p]
		if !ok {
			debugf("no compiled %s", p)
			return false, learn
		}
		if info.Module != "" {
			used[info.Module] = true
		}
		queue = append(queue, info.Imports...)
	}
	modinfo, err := modinfoFor(string(e.ModInfo), moduleName(gomod), used)
	if err != nil {
		debugf("build information: %v", err)
		return false, learn
	}
	start := time.Now()
	debugf("checked in %v", start.Sub(began).Round(time.Microsecond))
	if err := compileAndLink(e, cwd, out, modinfo); err != nil {
		debugf("%v", err)
		return false, nil // the go command says what went wrong
	}
	debugf("built in %v", time.Since(start).Round(time.Millisecond))
	return true, nil
}

// compileAndLink runs the entry's compiler and linker command lines in the
// module folder cwd, and moves the program to out.
func compileAndLink(e *entry, cwd, out, modinfo string) error {
	work, err := os.MkdirTemp("", "cellbuild-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.MkdirAll(filepath.Join(work, "b001", "exe"), 0o755); err != nil {
		return err
	}
	var cfg bytes.Buffer
	paths := make([]string, 0, len(e.Packages))
	for p := range e.Packages {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&cfg, "packagefile %s=%s\n", p, e.Packages[p].File)
	}
	if err := os.WriteFile(filepath.Join(work, "b001", "importcfg"), cfg.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(&cfg, "modinfo %q\n", modinfo)
	if err := os.WriteFile(filepath.Join(work, "b001", "importcfg.link"), cfg.Bytes(), 0o644); err != nil {
		return err
	}
	linkOut := ""
	run := func(argv, env []string) error {
		args := make([]string, len(argv))
		for i, a := range argv {
			args[i] = strings.ReplaceAll(a, "$WORK", work)
			if i > 0 && args[i-1] == "-o" {
				linkOut = args[i]
			}
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = cwd
		cmd.Env = append(os.Environ(), env...)
		msg, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v: %s", filepath.Base(args[0]), err, msg)
		}
		if len(msg) > 0 { // the go command would show it (-gcflags=-m, say)
			return fmt.Errorf("%s said: %s", filepath.Base(args[0]), msg)
		}
		return nil
	}
	t0 := time.Now()
	if err := run(e.Compile, e.CompileEnv); err != nil {
		return err
	}
	t1 := time.Now()
	if err := run(e.Link, e.LinkEnv); err != nil {
		return err
	}
	debugf("compiled in %v, linked in %v", t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	if !filepath.IsAbs(out) {
		out = filepath.Join(cwd, out)
	}
	return os.Rename(linkOut, out)
}

// debugf says why the go command builds, or that cellbuild did: on the
// standard error with CELLBUILD_DEBUG=1, appended to the file
// CELLBUILD_DEBUG names otherwise (a kernel's standard error is not the
// cell's).
func debugf(format string, args ...any) {
	switch to := os.Getenv("CELLBUILD_DEBUG"); to {
	case "":
	case "1":
		fmt.Fprintf(os.Stderr, "cellbuild: "+format+"\n", args...)
	default:
		if f, err := os.OpenFile(to, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%s cellbuild: "+format+"\n", append([]any{time.Now().Format("15:04:05.000")}, args...)...)
			f.Close()
		}
	}
}
