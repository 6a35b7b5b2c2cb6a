package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// formatVersion changes whenever an entry's meaning does, so that entries
// written by another version of cellbuild are never read.
const formatVersion = "cellbuild 4"

// An entry is what one background question to the go command (prime)
// learnt for one build setting (key): enough to build any main.go that
// imports only Packages.
type entry struct {
	// Compile and Link are the compiler's and linker's command lines for
	// package main, as "go build -n" printed them, with "$WORK" standing
	// for the build's scratch folder; CompileEnv and LinkEnv are the
	// variables it sets for them.
	Compile, Link       []string
	CompileEnv, LinkEnv []string
	// ModInfo is the build information of a program importing every
	// package, between the go command's markers (bytes, not a string: the
	// markers are not UTF-8, which JSON strings would not keep); a build
	// keeps of its modules only those its own imports use.
	ModInfo []byte
	// Roots are the packages a cell may import; Packages are those and
	// everything they import.
	Roots    []string
	Packages map[string]pkg
	// Watch are the files whose change makes the entry stale, and
	// WatchDirs the folders where a new or removed file would.
	Watch     []watched
	WatchDirs []watchedDir
	// Unusable are imports the go command could not give (errors, cgo,
	// main packages): a cell that imports one is built by the go command,
	// without asking again.
	Unusable []string
}

type pkg struct {
	File    string   // compiled package (in the build cache)
	Module  string   // module path; empty for the standard library
	Imports []string // resolved import paths
}

// A watched file as it was when the entry was made. Its inode and change
// time (where known) tell a file replaced by another of the same size and
// modification time, as "mv" or "cp -p" of an older copy leave it.
type watched struct {
	Path  string
	Size  int64
	MTime int64 // nanoseconds
	Ino   uint64
	CTime int64 // nanoseconds
}

func statWatched(path string) (watched, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return watched{}, err
	}
	ino, ctime := fileID(fi)
	return watched{Path: path, Size: fi.Size(), MTime: fi.ModTime().UnixNano(), Ino: ino, CTime: ctime}, nil
}

// A watched folder: the names in it that the go command would build, and
// go.mod (a package's folder that gains one leaves its module), or all
// names, for a folder of embedded files. Other files come and go freely:
// Jupyter saving a notebook beside a package changes nothing.
type watchedDir struct {
	Path  string
	All   bool
	Names []string
}

func listDir(path string, all bool) ([]string, error) {
	files, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		if all || isBuildFile(f.Name()) || f.Name() == "go.mod" {
			names = append(names, f.Name())
		}
	}
	return names, nil
}

// buildFiles are the suffixes of files the go command builds into a
// package.
var buildFiles = []string{".go", ".c", ".h", ".s", ".S", ".sx", ".cc", ".cpp", ".cxx", ".hh", ".hpp",
	".hxx", ".f", ".F", ".for", ".f90", ".m", ".swig", ".swigcxx", ".syso"}

// isBuildFile reports whether the go command could build the named file
// into a package (tests aside).
func isBuildFile(name string) bool {
	if strings.HasSuffix(name, "_test.go") {
		return false
	}
	return slices.ContainsFunc(buildFiles, func(s string) bool { return strings.HasSuffix(name, s) })
}

// stale returns the first watched file or folder that is not as it was,
// or "".
func (e *entry) stale() string {
	for _, d := range e.WatchDirs {
		names, err := listDir(d.Path, d.All)
		if err != nil || !slices.Equal(names, d.Names) {
			return d.Path
		}
	}
	for _, w := range e.Watch {
		now, err := statWatched(w.Path)
		if err != nil || now != w {
			return w.Path
		}
	}
	return ""
}

// envAffectsBuild reports whether the go command, the compiler or the
// linker read the environment variable name.
func envAffectsBuild(name string) bool {
	switch name {
	case "CC", "CXX", "AR", "FC", "PKG_CONFIG", "GCCGO", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "PATH":
		return true
	}
	return strings.HasPrefix(name, "CGO_") ||
		strings.HasPrefix(name, "GO") && !strings.HasPrefix(name, "GONB_")
}

// buildKey names the build setting of the module in dir: the go command
// (realGo and its GOROOT's VERSION), the environment it reads, its
// configuration file, and the module's go.mod (but for the module's name,
// which GoNB makes up per kernel) and go.sum. Two kernels' scratch modules
// of the same notebook folder share it.
func buildKey(realGo string, environ []string, gomod, gosum []byte) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", formatVersion)
	w, err := statWatched(realGo)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "go %q %d %d\n", w.Path, w.Size, w.MTime)
	version, _ := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(realGo)), "VERSION"))
	fmt.Fprintf(h, "VERSION %q\n", version)
	env := slices.Clone(environ)
	slices.Sort(env)
	goenvFile := ""
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if envAffectsBuild(name) {
			fmt.Fprintf(h, "env %q\n", kv)
		}
		if name == "GOENV" {
			goenvFile = kv[len("GOENV="):]
		}
	}
	if goenvFile == "" {
		if dir, err := os.UserConfigDir(); err == nil {
			goenvFile = filepath.Join(dir, "go", "env")
		}
	}
	if goenvFile != "" && goenvFile != "off" {
		b, _ := os.ReadFile(goenvFile)
		fmt.Fprintf(h, "goenv %q %q\n", goenvFile, b)
	}
	fmt.Fprintf(h, "go.mod %q\ngo.sum %q\n", withoutModuleName(gomod), gosum)
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// moduleName returns the module path a go.mod declares, or "" if it does
// not say it plainly on one line.
func moduleName(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if path := modulePath(line); path != "" {
			return path
		}
	}
	return ""
}

// modulePath returns the module path a go.mod line declares, or "" (for
// "module (", say, which opens a block).
func modulePath(line string) string {
	line, _, _ = strings.Cut(line, "//") // a comment
	if f := strings.Fields(line); len(f) == 2 && f[0] == "module" && f[1] != "(" {
		return strings.Trim(f[1], "\"`")
	}
	return ""
}

func withoutModuleName(gomod []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(gomod), "\n") {
		if modulePath(line) != "" {
			line = "module _\n"
		}
		out.WriteString(line)
	}
	return out.Bytes()
}

// cacheDir is where entries are kept: beside the go command's own cache.
func cacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gonb-tutorials-cellbuild"), nil
}

func loadEntry(dir, key string) (*entry, error) {
	b, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return nil, err
	}
	e := new(entry)
	if err := json.Unmarshal(b, e); err != nil {
		return nil, err
	}
	return e, nil
}

// storeEntry writes e whole or not at all.
func storeEntry(dir, key string, e *entry) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, key+".*.tmp")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, key+".json")); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
