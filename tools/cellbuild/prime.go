package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// commonStd are standard packages cells often import, learnt up front so
// that the first cell importing one is fast too.
var commonStd = []string{
	"bufio", "bytes", "cmp", "context", "errors", "flag", "fmt", "image", "image/color",
	"image/draw", "image/png", "io", "iter", "log", "maps", "math", "math/big", "math/cmplx",
	"math/rand", "math/rand/v2", "os", "path", "path/filepath", "regexp", "runtime", "slices",
	"sort", "strconv", "strings", "sync", "text/tabwriter", "time", "unicode", "unicode/utf8",
	"encoding/csv", "encoding/json",
}

// spawnPrime starts, detached, the background question that makes the
// entry for key: the go command's answers for a snapshot of the module's
// go.mod and go.sum, plus imports. It returns at once; the question waits
// for this process (about to become the go command's build) to end.
func spawnPrime(realGo, key string, gomod, gosum []byte, imports []string) {
	self, err := os.Executable()
	if err != nil {
		return
	}
	// Beside the module's folder, so that relative replacements (../lib)
	// name the same folders.
	cwd, err := os.Getwd()
	if err != nil {
		return
	}
	snap, err := os.MkdirTemp(filepath.Dir(cwd), "cellbuild-prime-")
	if err != nil {
		return
	}
	if os.WriteFile(filepath.Join(snap, "go.mod"), gomod, 0o644) != nil ||
		os.WriteFile(filepath.Join(snap, "go.sum"), gosum, 0o644) != nil {
		os.RemoveAll(snap)
		return
	}
	args := append([]string{"-prime", realGo, key, snap, fmt.Sprint(os.Getpid())}, imports...)
	cmd := exec.Command(self, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() != nil {
		os.RemoveAll(snap)
		return
	}
	debugf("learning in the background")
	cmd.Process.Release()
}

// prime is the background question, run as
// "cellbuild -prime GO KEY SNAPSHOT PID IMPORT...".
func prime(args []string) error {
	if len(args) < 4 {
		return errors.New("usage: cellbuild -prime GO KEY SNAPSHOT PID [IMPORT...]")
	}
	realGo, key, snap, pid, imports := args[0], args[1], args[2], args[3], args[4:]
	defer os.RemoveAll(snap)
	dir, err := cacheDir()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	unlock, err := lock(filepath.Join(dir, key+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	// Let the build that asked finish first: both want the processors.
	var p int
	fmt.Sscan(pid, &p)
	for i := 0; p > 0 && i < 600 && syscall.Kill(p, 0) == nil; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	var old *entry
	if e, err := loadEntry(dir, key); err == nil {
		old = e
	}
	e, err := learn(realGo, snap, imports, old)
	if err != nil {
		return err
	}
	return storeEntry(dir, key, e)
}

// lock takes the lock file at path, or fails if another process holds it
// (unless it was left behind more than five minutes ago).
func lock(path string) (unlock func(), err error) {
	for try := 0; try < 2; try++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		fi, serr := os.Stat(path)
		if serr != nil || time.Since(fi.ModTime()) < 5*time.Minute {
			return nil, fmt.Errorf("%s: held by another cellbuild", path)
		}
		os.Remove(path)
	}
	return nil, fmt.Errorf("%s: cannot take it", path)
}

// listed is what "go list -json" says of a package.
type listed struct {
	ImportPath, Name, Dir, Export string
	Standard, DepOnly, Incomplete bool
	Module                        *struct{ Path, Dir, GoMod string }
	Imports, EmbedPatterns        []string
	EmbedFiles, CgoFiles          []string
	Error                         *struct{ Err string }
	DepsErrors                    []*struct{ Err string }
}

// learn asks the go command, in the snapshot folder snap (a copy of the
// scratch module's go.mod and go.sum), for everything a fast build of any
// main.go importing the candidates needs.
func learn(realGo, snap string, imports []string, old *entry) (*entry, error) {
	gomod, err := os.ReadFile(filepath.Join(snap, "go.mod"))
	if err != nil {
		return nil, err
	}
	candidates := slices.Concat(imports, commonStd, localPatterns(gomod))
	if old != nil {
		candidates = append(candidates, old.Roots...)
	}
	slices.Sort(candidates)
	candidates = slices.Compact(candidates)
	goenv, err := goOutput(realGo, snap, "env", "GOMODCACHE", "GOFLAGS")
	if err != nil {
		return nil, err
	}
	modcache, goflags, _ := strings.Cut(strings.TrimSuffix(goenv, "\n"), "\n")
	if f := unreplayedFlag(goflags); f != "" {
		return nil, fmt.Errorf("GOFLAGS %s: cellbuild cannot do as the go command would", f)
	}

	started := time.Now()
	out, err := goOutput(realGo, snap, append([]string{"list", "-e", "-deps", "-export",
		"-json=ImportPath,Name,Dir,Export,Standard,DepOnly,Incomplete,Module,Imports,EmbedPatterns,EmbedFiles,CgoFiles,Error,DepsErrors",
		"--"}, candidates...)...)
	if err != nil {
		return nil, err
	}
	var pkgs []*listed
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		p := new(listed)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	byPath := make(map[string]*listed, len(pkgs))
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	// A package can be built fast if it, and all it imports, compiled
	// without cgo, and cellbuild can tell when its embedded files change.
	usable := make(map[string]bool)
	var check func(path string, seen map[string]bool) bool
	check = func(path string, seen map[string]bool) bool {
		if ok, done := usable[path]; done {
			return ok
		}
		if path == "unsafe" {
			return true
		}
		p := byPath[path]
		if p == nil || seen[path] {
			return p != nil
		}
		seen[path] = true
		ok := p.Error == nil && !p.Incomplete && len(p.DepsErrors) == 0 && p.Export != "" && len(p.CgoFiles) == 0 &&
			!slices.ContainsFunc(p.EmbedPatterns, globFolder)
		for _, q := range p.Imports {
			ok = ok && check(q, seen)
		}
		usable[path] = ok
		return ok
	}
	// A package outside GOROOT and the (read-only) module cache, or one
	// still to be written in a local module, may change while the entry
	// stands.
	localModules := localPatterns(gomod)
	local := func(p *listed) bool {
		if p.Dir == "" {
			return slices.ContainsFunc(localModules, func(m string) bool { return matchesPattern(m, p.ImportPath) })
		}
		return !p.Standard && !(modcache != "" && strings.HasPrefix(p.Dir, modcache+string(filepath.Separator)))
	}
	e := &entry{Packages: make(map[string]pkg)}
	for _, p := range pkgs {
		ok := check(p.ImportPath, map[string]bool{})
		if !p.DepOnly {
			switch {
			case ok && p.Name != "main" && !isInternal(p.ImportPath):
				e.Roots = append(e.Roots, p.ImportPath)
			case isInternal(p.ImportPath) || !local(p):
				e.Unusable = append(e.Unusable, p.ImportPath)
			}
			// Otherwise a learner may fix the package (or write it, or
			// what it imports): the next cell to import it asks again.
		}
		if !ok || p.ImportPath == "unsafe" { // unsafe is the compiler's own: no file
			continue
		}
		mod := ""
		if p.Module != nil {
			mod = p.Module.Path
		}
		e.Packages[p.ImportPath] = pkg{File: p.Export, Module: mod, Imports: p.Imports}
	}
	// Imports the go command did not list at all (no such package).
	for _, path := range imports {
		if byPath[path] == nil {
			e.Unusable = append(e.Unusable, path)
		}
	}
	if len(e.Roots) == 0 {
		return nil, errors.New("no package to build with")
	}

	// The command lines: "go build -n" of a program importing every root.
	var src bytes.Buffer
	src.WriteString("package main\n\nimport (\n")
	for _, r := range e.Roots {
		fmt.Fprintf(&src, "\t_ %q\n", r)
	}
	src.WriteString(")\n\nfunc main() {}\n")
	if err := os.WriteFile(filepath.Join(snap, "main.go"), src.Bytes(), 0o644); err != nil {
		return nil, err
	}
	nout, err := goOutput(realGo, snap, "build", "-n", "-o", filepath.Join(snap, "prog"))
	if err != nil {
		return nil, err
	}
	pl, err := parsePlan(nout)
	if err != nil {
		return nil, err
	}
	if !roundTrips(pl.modinfo) {
		return nil, errors.New("build information does not survive parsing")
	}
	// Command lines naming the module's folder (as -trimpath makes them)
	// hold for this folder alone.
	for _, arg := range slices.Concat(pl.compile, pl.compileEnv, pl.link, pl.linkEnv) {
		if strings.Contains(arg, snap) {
			return nil, fmt.Errorf("a command line names the module's folder: %.100s", arg)
		}
	}
	// A program links the compiled files go build gives it, which are go
	// list's but for flags given the packages named on the command line
	// (-gcflags=-N, say): those of the plan, then. A package the plan does
	// not link no cell can import.
	for path, p := range e.Packages {
		if p.File = pl.files[path]; p.File == "" {
			delete(e.Packages, path)
		} else {
			e.Packages[path] = p
		}
	}
	for path, file := range pl.files {
		if _, ok := e.Packages[path]; !ok && file != "$WORK/b001/_pkg_.a" { // package main, as its module's path
			return nil, fmt.Errorf("go build links %s, which go list did not give", path)
		}
	}

	// What makes the entry stale: any change in a local package it links,
	// in its module's go.mod, or in the files it embeds; a module gone from
	// the module cache. A file changed since the go command started may not
	// be what it read: then nothing is learnt, until the next build asks
	// again. Clocks are coarse: a file's time must be 50 ms before the
	// start, or 2 s if it is in whole seconds, as on file systems that keep
	// no fractions (the go command's own margin for them).
	seen := make(map[string]bool)
	watch := func(path string) error {
		if seen[path] {
			return nil
		}
		seen[path] = true
		w, err := statWatched(path)
		if err != nil {
			return err
		}
		margin := 50 * time.Millisecond
		if w.MTime%int64(time.Second) == 0 {
			margin = 2 * time.Second
		}
		if time.Unix(0, w.MTime).After(started.Add(-margin)) {
			return fmt.Errorf("%s changed while the go command looked at it", path)
		}
		e.Watch = append(e.Watch, w)
		return nil
	}
	watchDir := func(path string, all bool) ([]string, error) {
		names, err := listDir(path, all)
		if err != nil {
			return nil, err
		}
		if k := fmt.Sprint("dir ", all, " ", path); !seen[k] {
			seen[k] = true
			e.WatchDirs = append(e.WatchDirs, watchedDir{Path: path, All: all, Names: names})
		}
		return names, nil
	}
	for path := range e.Packages {
		p := byPath[path]
		if !local(p) {
			// The module cache changes as a whole (go clean -modcache,
			// after which the go command downloads, or fails to).
			if p.Module != nil && p.Module.Dir != "" {
				if err := watch(p.Module.Dir); err != nil {
					return nil, err
				}
			}
			continue
		}
		names, err := watchDir(p.Dir, false)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if err := watch(filepath.Join(p.Dir, name)); err != nil {
				return nil, err
			}
		}
		// The folders between the package's and its module's, for a go.mod.
		if p.Module != nil && p.Module.Dir != "" {
			for d := filepath.Dir(p.Dir); strings.HasPrefix(d, p.Module.Dir+string(filepath.Separator)); d = filepath.Dir(d) {
				if _, err := watchDir(d, false); err != nil {
					return nil, err
				}
			}
		}
		for _, f := range p.EmbedFiles {
			if err := watch(filepath.Join(p.Dir, f)); err != nil {
				return nil, err
			}
		}
		// A pattern names, or matches in one folder (globFolder), files and
		// folders: watch a wildcard's folder, and every folder within the
		// folders it gives.
		for _, pat := range p.EmbedPatterns {
			pat = strings.TrimPrefix(pat, "all:")
			if strings.ContainsAny(filepath.Base(pat), globChars) {
				if _, err := watchDir(filepath.Join(p.Dir, filepath.Dir(pat)), true); err != nil {
					return nil, err
				}
			}
			matches, _ := fs.Glob(os.DirFS(p.Dir), pat)
			for _, m := range matches {
				err := filepath.WalkDir(filepath.Join(p.Dir, m), func(path string, d fs.DirEntry, err error) error {
					if err == nil && d.IsDir() {
						_, err = watchDir(path, true)
					}
					return err
				})
				if err != nil {
					return nil, err
				}
			}
		}
		if p.Module != nil && p.Module.GoMod != "" {
			if err := watch(p.Module.GoMod); err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(e.Watch, func(a, b watched) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(e.WatchDirs, func(a, b watchedDir) int { return strings.Compare(a.Path, b.Path) })

	e.Compile, e.CompileEnv, e.Link, e.LinkEnv, e.ModInfo = pl.compile, pl.compileEnv, pl.link, pl.linkEnv, []byte(pl.modinfo)
	slices.Sort(e.Unusable)
	e.Unusable = slices.Compact(e.Unusable)
	return e, nil
}

// globFolder reports whether an embedding pattern has a wildcard in its
// folder ("*/icon.png"): cellbuild does not watch for new such folders.
func globFolder(pattern string) bool {
	return strings.ContainsAny(filepath.Dir(strings.TrimPrefix(pattern, "all:")), globChars)
}

// globChars are the characters that make a wildcard of a pattern.
const globChars = `*?[\`

// unreplayedFlag returns the first flag in GOFLAGS that names a file the
// go command reads (an overlay, another go.mod, a profile) or makes it
// print what it does (-v, -x, -n, -work), or "".
func unreplayedFlag(goflags string) string {
	for _, f := range strings.Fields(goflags) {
		name, value, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		switch name {
		case "overlay", "modfile":
			return f
		case "pgo":
			if value != "off" && value != "auto" {
				return f
			}
		case "v", "x", "n", "work":
			if value != "false" {
				return f
			}
		}
	}
	return ""
}

// matchesPattern reports whether a "path/..." pattern, as localPatterns
// gives, matches the import path.
func matchesPattern(pattern, path string) bool {
	mod := strings.TrimSuffix(pattern, "/...")
	return path == mod || strings.HasPrefix(path, mod+"/")
}

// goOutput runs the go command in dir and returns what it printed on its
// standard output, or for "build -n" (which prints there) its standard
// error.
func goOutput(realGo, dir string, args ...string) (string, error) {
	cmd := exec.Command(realGo, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	if slices.Contains(args, "-n") {
		return stderr.String(), nil
	}
	return stdout.String(), nil
}

// isInternal reports whether no cell can import path: an internal package
// or one vendored in GOROOT.
func isInternal(path string) bool {
	if strings.HasPrefix(path, "vendor/") {
		return true
	}
	for _, elem := range strings.Split(path, "/") {
		if elem == "internal" {
			return true
		}
	}
	return false
}

// localPatterns returns a pattern for every module go.mod replaces with a
// folder on this machine: the notebooks' own repository, for one.
func localPatterns(gomod []byte) []string {
	var out []string
	for _, line := range strings.Split(string(gomod), "\n") {
		left, right, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(left), "replace"))
		target := strings.Trim(strings.TrimSpace(right), `"`)
		if len(f) == 0 || !(strings.HasPrefix(target, "/") || strings.HasPrefix(target, ".")) {
			continue
		}
		out = append(out, strings.Trim(f[0], `"`)+"/...")
	}
	return out
}
