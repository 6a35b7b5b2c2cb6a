package main

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The tests build programs the way GoNB does (go build -o BINARY in a
// scratch module whose go.mod replaces a module with a local folder, as
// the notebooks' setup cell does), through a cellbuild built from this
// source, and judge each against Go's own go build of the same main.go.

var cellbuildBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cellbuild-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cellbuildBin = filepath.Join(dir, "cellbuild")
	if out, err := exec.Command("go", "build", "-o", cellbuildBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building cellbuild: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// A scratch is a GoNB-like scratch module and the local module it uses.
type scratch struct {
	t            *testing.T
	dir, lib     string // the scratch module; the local module's folder
	cache        string // cellbuild's entries (XDG_CACHE_HOME)
	log          string // what cellbuild says it did (CELLBUILD_DEBUG)
	mark         int    // where in it the last build began
	realGo, goID string
	env          []string
}

func newScratch(t *testing.T) *scratch {
	if runtime.GOOS != "linux" {
		t.Skip("compares ELF programs")
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	realGo, _ = filepath.EvalSymlinks(realGo)
	tmp := t.TempDir()
	s := &scratch{t: t, dir: filepath.Join(tmp, "gonb_1234"), lib: filepath.Join(tmp, "my lib"),
		cache: filepath.Join(tmp, "cache"), log: filepath.Join(tmp, "cellbuild.log"), realGo: realGo}
	s.write(filepath.Join(s.lib, "go.mod"), "module example.com/lib\n\ngo 1.26\n")
	s.write(filepath.Join(s.lib, "greet", "greet.go"), "package greet\n\nfunc Hello() string { return \"hello\" }\n")
	s.write(filepath.Join(s.lib, "internal", "word", "word.go"), "package word\n\nconst W = \"world\"\n")
	s.write(filepath.Join(s.lib, "world", "world.go"),
		"package world\n\nimport \"example.com/lib/internal/word\"\n\nfunc Name() string { return word.W }\n")
	s.write(filepath.Join(s.lib, "cmd", "tool", "main.go"), "package main\n\nfunc main() {}\n")
	s.write(filepath.Join(s.dir, "go.mod"), fmt.Sprintf(
		"module gonb_1234\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => %q\n", s.lib))
	s.write(filepath.Join(s.dir, "go.sum"), "")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XDG_CACHE_HOME=") && !strings.HasPrefix(kv, "CELLBUILD_DEBUG=") &&
			!strings.HasPrefix(kv, "ADAGRAD_CELLBUILD=") {
			s.env = append(s.env, kv)
		}
	}
	// The go command's own cache stays the user's: a fresh one would
	// compile the standard library again.
	gocache, err := exec.Command(realGo, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	s.env = append(s.env, "XDG_CACHE_HOME="+s.cache, "GOCACHE="+strings.TrimSpace(string(gocache)),
		"CELLBUILD_DEBUG="+s.log, "GOFLAGS=-ldflags=-w -gcflags=all=-dwarf=false")
	// A background question still running would hold the folder.
	t.Cleanup(func() {
		for i := 0; i < 200; i++ {
			if locks, _ := filepath.Glob(filepath.Join(s.cache, "gonb-tutorials-cellbuild", "*.lock")); len(locks) == 0 {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	return s
}

// create writes a file for the test t alone: when t ends, it removes it,
// or the first of its folders it made.
func (s *scratch) create(t *testing.T, path, text string) {
	top := filepath.Clean(path)
	for d := filepath.Dir(top); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		top = d
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	s.write(path, text)
}

func (s *scratch) write(path, text string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// build runs "go build -o out" in the scratch module through cellbuild (as
// the kernel's go does), and reports whether cellbuild built it itself
// (its log says so).
func (s *scratch) build(out string, extraEnv ...string) (fast bool, output string, err error) {
	s.t.Helper()
	before := len(s.said())
	s.mark = before
	cmd := exec.Command(cellbuildBin, s.realGo, "build", "-o", out)
	cmd.Dir, cmd.Env = s.dir, slices.Concat(s.env, extraEnv)
	b, err := cmd.CombinedOutput()
	said := s.said()[before:]
	if strings.Contains(said, "cellbuild: built in") {
		fast = true
	}
	if said != "" {
		s.t.Logf("cellbuild said:\n%s", said)
	}
	return fast, string(b), err
}

func (s *scratch) said() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// goBuild is Go's own build of the same.
func (s *scratch) goBuild(out string, extraEnv ...string) (string, error) {
	cmd := exec.Command(s.realGo, "build", "-o", out)
	cmd.Dir, cmd.Env = s.dir, slices.Concat(s.env, extraEnv)
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// learnt waits for the background question the last build asked to end,
// and fails unless it wrote its entry.
func (s *scratch) learnt() {
	s.t.Helper()
	if msg := s.settle(); !strings.HasPrefix(msg, "learnt in") {
		s.t.Fatalf("cellbuild did not learn: %s", msg)
	}
}

// fastAgain fails unless cellbuild builds main.go itself, once the
// background questions are over, the last build's included (it may have
// learnt from a state already gone, and need to ask again).
func (s *scratch) fastAgain(when string) {
	s.t.Helper()
	for try := 0; ; try++ {
		s.settle()
		fast, out, err := s.build(filepath.Join(s.dir, "prog"))
		if fast && err == nil {
			return
		} else if try == 1 {
			s.t.Fatalf("%s: fast %v, err %v\n%s", when, fast, err, out)
		}
	}
}

// settle waits for the background question the last build asked, if any,
// to end, and returns what cellbuild said of it ("learnt in ..." or
// "learning: why not").
func (s *scratch) settle() string {
	s.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		said := s.said()[s.mark:]
		for _, line := range strings.Split(said, "\n") {
			switch _, msg, _ := strings.Cut(line, " cellbuild: "); {
			case strings.HasPrefix(msg, "learnt in"),
				strings.HasPrefix(msg, "learning:") && !strings.HasSuffix(msg, "held by another cellbuild"):
				return msg
			}
		}
		locks, _ := filepath.Glob(filepath.Join(s.cache, "gonb-tutorials-cellbuild", "*.lock"))
		if len(locks) == 0 && !strings.Contains(said, " cellbuild: learning in the background") {
			return "nothing asked"
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("cellbuild learnt nothing in a minute:\n%s", s.said())
	return ""
}

// prime builds once (the go command builds; cellbuild learns).
func (s *scratch) prime(main string) {
	s.t.Helper()
	s.write(filepath.Join(s.dir, "main.go"), main)
	if fast, out, err := s.build(filepath.Join(s.dir, "prog")); err != nil || fast {
		s.t.Fatalf("first build: fast %v, err %v\n%s", fast, err, out)
	}
	s.learnt()
}

func run(t *testing.T, prog string) string {
	t.Helper()
	out, err := exec.Command(prog).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", prog, err, out)
	}
	return string(out)
}

// sameAsGoBuild builds the scratch module's main.go through cellbuild and
// with go build, fails unless both printed the same, failed or not alike,
// and made the same program, and returns whether cellbuild built it itself
// and what the program printed (or "" if there is none).
func (s *scratch) sameAsGoBuild(extraEnv ...string) (fast bool, printed string) {
	s.t.Helper()
	fastOut, goOut := filepath.Join(s.dir, "fast"), filepath.Join(s.dir, "slow")
	os.Remove(fastOut)
	os.Remove(goOut)
	fast, out, err := s.build(fastOut, extraEnv...)
	gout, gerr := s.goBuild(goOut, extraEnv...)
	if (err == nil) != (gerr == nil) || out != gout {
		s.t.Fatalf("cellbuild (fast %v): %v\n%s\ngo build: %v\n%s", fast, err, out, gerr, gout)
	}
	if err != nil {
		return fast, ""
	}
	sameProgram(s.t, fastOut, goOut)
	printed = run(s.t, fastOut)
	if p := run(s.t, goOut); printed != p {
		s.t.Fatalf("printed %q, go build's program %q", printed, p)
	}
	return fast, printed
}

// sameProgram fails unless the two ELF programs are the same but for their
// build IDs (the go command's hash of its inputs, and the GNU note made
// from it).
func sameProgram(t *testing.T, a, b string) {
	t.Helper()
	fa, err := elf.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	defer fa.Close()
	fb, err := elf.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	if len(fa.Sections) != len(fb.Sections) {
		t.Fatalf("%d sections, go build's %d", len(fa.Sections), len(fb.Sections))
	}
	for i, sa := range fa.Sections {
		sb := fb.Sections[i]
		if sa.SectionHeader != sb.SectionHeader {
			t.Errorf("section %d: %+v, go build's %+v", i, sa.SectionHeader, sb.SectionHeader)
			continue
		}
		if sa.Name == ".note.go.buildid" || sa.Name == ".note.gnu.build-id" || sa.Type == elf.SHT_NOBITS {
			continue
		}
		da, err1 := sa.Data()
		db, err2 := sb.Data()
		if err1 != nil || err2 != nil {
			t.Fatalf("section %s: %v %v", sa.Name, err1, err2)
		}
		if !bytes.Equal(da, db) {
			t.Errorf("section %s differs from go build's", sa.Name)
		}
	}
}

const helloMain = `package main

import (
	"fmt"

	"example.com/lib/greet"
	"example.com/lib/world"
)

func main() { fmt.Println(greet.Hello(), world.Name()) }
`

// TestSameProgramAsGoBuild: once cellbuild has learnt, it builds the next
// cells itself, and each program is the go command's, byte for byte but
// for the build ID, build information (go version -m) included.
func TestSameProgramAsGoBuild(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	cells := []string{
		helloMain,
		// Fewer imports: the build information lists fewer modules.
		"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(42) }\n",
		// A standard package not imported before, among those cells use.
		"package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n\n\t\"example.com/lib/world\"\n)\n\nfunc main() { fmt.Println(strings.ToUpper(world.Name())) }\n",
	}
	for i, main := range cells {
		s.write(filepath.Join(s.dir, "main.go"), main)
		fastOut, goOut := filepath.Join(s.dir, "fast"), filepath.Join(s.dir, "slow")
		fast, out, err := s.build(fastOut)
		if err != nil || !fast {
			t.Fatalf("cell %d: fast %v, err %v\n%s", i, fast, err, out)
		}
		if out, err := s.goBuild(goOut); err != nil {
			t.Fatalf("cell %d: go build: %v\n%s", i, err, out)
		}
		sameProgram(t, fastOut, goOut)
		if a, b := run(t, fastOut), run(t, goOut); a != b {
			t.Errorf("cell %d printed %q, go build's %q", i, a, b)
		}
		va, _ := exec.Command(s.realGo, "version", "-m", fastOut).Output()
		vb, _ := exec.Command(s.realGo, "version", "-m", goOut).Output()
		if strings.SplitN(string(va), "\n", 2)[1] != strings.SplitN(string(vb), "\n", 2)[1] {
			t.Errorf("cell %d: build information\n%s\ngo build's\n%s", i, va, vb)
		}
	}
	// A standard package cells seldom import: learnt at its first cell.
	s.write(filepath.Join(s.dir, "main.go"), "package main\n\nimport \"container/ring\"\n\nfunc main() { println(ring.New(3).Len()) }\n")
	if fast, _ := s.sameAsGoBuild(); fast {
		t.Fatal("cellbuild built a cell with a package it did not know")
	}
	s.learnt()
	if fast, printed := s.sameAsGoBuild(); !fast || printed != "3\n" {
		t.Fatalf("fast %v, printed %q", fast, printed)
	}
	// Learning again (after an edit, from another cell) keeps it.
	s.write(filepath.Join(s.lib, "greet", "greet.go"), "package greet\n\nfunc Hello() string { return \"hi\" }\n")
	s.write(filepath.Join(s.dir, "main.go"), helloMain)
	s.sameAsGoBuild()
	s.learnt()
	s.write(filepath.Join(s.dir, "main.go"), "package main\n\nimport \"container/ring\"\n\nfunc main() { println(ring.New(3).Len()) }\n")
	if fast, _ := s.sameAsGoBuild(); !fast {
		t.Fatal("cellbuild forgot container/ring")
	}
}

// TestEditedLocalPackage: a learner edits the local module's package (or
// adds a file to it) between two cells; the next cell sees the edit. A
// notebook saved beside it changes nothing.
func TestEditedLocalPackage(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	prog := filepath.Join(s.dir, "prog")
	build := func(wantFast bool) string {
		t.Helper()
		fast, out, err := s.build(prog)
		if err != nil || fast != wantFast {
			t.Fatalf("fast %v (want %v), err %v\n%s", fast, wantFast, err, out)
		}
		return run(t, prog)
	}
	if got := build(true); got != "hello world\n" {
		t.Fatalf("printed %q", got)
	}
	s.write(filepath.Join(s.lib, "notes.ipynb"), "{}")
	s.write(filepath.Join(s.lib, "greet", "greet.ipynb"), "{}")
	build(true)

	s.write(filepath.Join(s.lib, "greet", "greet.go"), "package greet\n\nfunc Hello() string { return \"howdy\" }\n")
	if got := build(false); got != "howdy world\n" {
		t.Fatalf("after the edit: printed %q", got)
	}
	s.learnt()
	if got := build(true); got != "howdy world\n" {
		t.Fatalf("learnt again: printed %q", got)
	}
	// A new file in a package the program uses through another.
	s.write(filepath.Join(s.lib, "internal", "word", "more.go"), "package word\n\nfunc init() { println(\"init\") }\n")
	if got := build(false); got != "init\nhello world\n" && got != "init\nhowdy world\n" {
		t.Fatalf("after the new file: printed %q", got)
	}
}

// TestGoCommandBuilds: what cellbuild leaves to the go command, and that
// the go command's answer (output and exit status) reaches the user
// unchanged.
func TestGoCommandBuilds(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	prog := filepath.Join(s.dir, "prog")
	tests := []struct {
		name  string
		main  string
		setup func(t *testing.T)
		env   []string
	}{
		{name: "compile error", main: "package main\n\nfunc main() { undefined() }\n"},
		{name: "unknown import", main: "package main\n\nimport \"example.com/lib/nosuch\"\n\nfunc main() { nosuch.X() }\n"},
		{name: "internal import", main: "package main\n\nimport \"example.com/lib/internal/word\"\n\nfunc main() { println(word.W) }\n"},
		{name: "go:embed", main: "package main\n\nimport _ \"embed\"\n\n//go:embed go.mod\nvar s string\n\nfunc main() { print(s) }\n"},
		{name: "go:debug", main: "//go:debug panicnil=1\npackage main\n\nfunc main() {}\n"},
		{name: "cgo", main: "package main\n\n// int one() { return 1; }\nimport \"C\"\n\nfunc main() { println(C.one()) }\n"},
		{name: "a program's import", main: "package main\n\nimport _ \"example.com/lib/cmd/tool\"\n\nfunc main() {}\n"},
		{name: "+build", main: "// +build ignore\n\npackage main\n\nfunc main() {}\n"},
		{name: "another file", main: helloMain, setup: func(t *testing.T) { s.create(t, filepath.Join(s.dir, "more.go"), "package main\n") }},
		{name: "a profile", main: helloMain, setup: func(t *testing.T) { s.create(t, filepath.Join(s.dir, "default.pgo"), "no profile") }},
		{name: "a vendor folder", main: helloMain, setup: func(t *testing.T) { s.create(t, filepath.Join(s.dir, "vendor", "modules.txt"), "") }},
		{name: "a workspace above", main: helloMain, setup: func(t *testing.T) { s.create(t, filepath.Join(s.dir, "..", "go.work"), "go 1.26\n") }},
		{name: "GOOS", main: helloMain, env: []string{"GOOS=" + runtime.GOOS}},
		{name: "turned off", main: helloMain, env: []string{"ADAGRAD_CELLBUILD=off"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.write(filepath.Join(s.dir, "main.go"), tt.main)
			if tt.setup != nil {
				tt.setup(t)
			}
			fast, out, err := s.build(prog, tt.env...)
			if fast {
				t.Fatalf("cellbuild built it:\n%s", out)
			}
			goOut, goErr := s.goBuild(prog+"-go", tt.env...)
			if (err == nil) != (goErr == nil) {
				t.Fatalf("error %v, go build's %v", err, goErr)
			}
			if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() != goErr.(*exec.ExitError).ExitCode() {
				t.Errorf("exit status %d, go build's %d", ee.ExitCode(), goErr.(*exec.ExitError).ExitCode())
			}
			if out != goOut {
				t.Errorf("printed\n%s\ngo build printed\n%s", out, goOut)
			}
		})
	}
	// And back to a cell it can build.
	s.write(filepath.Join(s.dir, "main.go"), helloMain)
	if fast, out, err := s.build(prog); err != nil || !fast {
		t.Fatalf("fast %v, err %v\n%s", fast, err, out)
	}
}

// TestOtherCommandsPassThrough: anything but "build -o BINARY" is the go
// command's, arguments as given.
func TestOtherCommandsPassThrough(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	for _, args := range [][]string{{"build", "-o", "x", "."}, {"build", "-v", "-o", "x"}, {"build", "-a", "x"}, {"env", "GOMOD"}, {"list", "-m"}} {
		cmd := exec.Command(cellbuildBin, append([]string{s.realGo}, args...)...)
		cmd.Dir, cmd.Env = s.dir, s.env
		got, err := cmd.CombinedOutput()
		want, werr := func() ([]byte, error) {
			c := exec.Command(s.realGo, args...)
			c.Dir, c.Env = s.dir, s.env
			return c.CombinedOutput()
		}()
		if (err == nil) != (werr == nil) || string(got) != string(want) {
			t.Errorf("go %q: %v %q, go's own: %v %q", args, err, got, werr, want)
		}
	}
}

// TestBuildCacheTrimmed: the go command trims its build cache of files
// unused for days (and "go clean -cache" empties it). A cell whose
// packages' compiled files are gone is the go command's, and cellbuild
// learns again.
func TestBuildCacheTrimmed(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	// greet's compiled file is the test's own (its folder is in the hash).
	cmd := exec.Command(s.realGo, "list", "-export", "-f", "{{.Export}}", "example.com/lib/greet")
	cmd.Dir, cmd.Env = s.dir, s.env
	export, err := cmd.Output()
	if err != nil || len(bytes.TrimSpace(export)) == 0 {
		t.Fatalf("go list -export: %v %q", err, export)
	}
	if err := os.Remove(string(bytes.TrimSpace(export))); err != nil {
		t.Fatal(err)
	}
	if fast, _ := s.sameAsGoBuild(); fast {
		t.Fatal("cellbuild built it")
	}
	s.learnt()
	if fast, _ := s.sameAsGoBuild(); !fast {
		t.Fatal("cellbuild did not learn again")
	}
}
