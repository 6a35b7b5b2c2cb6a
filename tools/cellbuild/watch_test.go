package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEditsTheGoCommandSees: after each edit a learner (or a tool) could
// make to the local module, the next cell's program is go build's, and
// once cellbuild has learnt again, it builds the cells after it itself.
func TestEditsTheGoCommandSees(t *testing.T) {
	s := newScratch(t)
	s.write(filepath.Join(s.lib, "files", "files.go"), `package files

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed static *.md
var static embed.FS

// List names the embedded files, and what each holds.
func List() string {
	var b strings.Builder
	fs.WalkDir(static, ".", func(path string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			data, _ := static.ReadFile(path)
			b.WriteString(path + "=" + string(data) + " ")
		}
		return nil
	})
	return b.String()
}
`)
	s.write(filepath.Join(s.lib, "files", "a.md"), "A")
	s.write(filepath.Join(s.lib, "files", "static", "a.txt"), "a")
	if err := os.MkdirAll(filepath.Join(s.lib, "files", "static", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	// What a closure sees of a loop variable depends on the module's go
	// version (per-iteration variables from Go 1.22).
	s.write(filepath.Join(s.lib, "loop", "loop.go"), `package loop

import "fmt"

func Seen() (s string) {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		s += fmt.Sprint(f())
	}
	return s
}
`)
	main := `package main

import (
	"fmt"

	"example.com/lib/files"
	"example.com/lib/greet"
	"example.com/lib/loop"
	"example.com/lib/world"
)

func main() { fmt.Println(greet.Hello(), world.Name(), files.List(), loop.Seen()) }
`
	s.prime(main)
	greetGo := filepath.Join(s.lib, "greet", "greet.go")
	steps := []struct {
		name string
		edit func()
		want string // in what the program prints; "" if the build fails
	}{
		{"an embedded file changes", func() {
			s.write(filepath.Join(s.lib, "files", "static", "a.txt"), "A")
		}, "static/a.txt=A "},
		{"a file matching a wildcard appears", func() {
			s.write(filepath.Join(s.lib, "files", "b.md"), "B")
		}, "b.md=B "},
		{"a file appears in an empty embedded folder", func() {
			s.write(filepath.Join(s.lib, "files", "static", "empty", "b.txt"), "b")
		}, "static/empty/b.txt=b "},
		{"a file is replaced by one of its size and time", func() {
			fi, err := os.Stat(greetGo)
			if err != nil {
				t.Fatal(err)
			}
			s.write(greetGo+".new", "package greet\n\nfunc Hello() string { return \"HELLO\" }\n")
			if err := os.Chtimes(greetGo+".new", fi.ModTime(), fi.ModTime()); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(greetGo+".new", greetGo); err != nil {
				t.Fatal(err)
			}
		}, "HELLO"},
		{"the module's go version changes", func() {
			s.write(filepath.Join(s.lib, "go.mod"), "module example.com/lib\n\ngo 1.21\n")
		}, " 333\n"},
		// world imports internal/word.
		{"a folder above a package gains a go.mod", func() {
			s.write(filepath.Join(s.lib, "internal", "go.mod"), "module example.com/lib/internal\n\ngo 1.26\n")
		}, ""},
		{"it loses it", func() { os.Remove(filepath.Join(s.lib, "internal", "go.mod")) }, " 333\n"},
		{"a package does not compile", func() {
			s.write(greetGo, "package greet\n\nfunc Hello() string { return hello }\n")
		}, ""},
		{"it is fixed", func() {
			s.write(greetGo, "package greet\n\nfunc Hello() string { return \"hi\" }\n")
		}, "hi "},
	}
	builds := true
	for _, st := range steps {
		// The edit is what the next build must notice: cellbuild builds
		// before it (if anyone can; it may have to learn again first, an
		// earlier question having learnt from an earlier state), or has
		// learnt from the state before it.
		if builds {
			s.fastAgain("before " + st.name)
		} else {
			s.settle()
		}
		st.edit()
		_, printed := s.sameAsGoBuild()
		if !strings.Contains(printed, st.want) || (st.want == "") != (printed == "") {
			t.Fatalf("%s: printed %q, want %q in it", st.name, printed, st.want)
		}
		builds = printed != ""
	}
	s.fastAgain("at the end")
}

// TestPackageWrittenAfterItsImport: a cell imports a package of the local
// module that does not exist yet; once the learner writes it, cellbuild
// learns it like any other.
func TestPackageWrittenAfterItsImport(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	s.write(filepath.Join(s.dir, "main.go"), "package main\n\nimport \"example.com/lib/extra\"\n\nfunc main() { println(extra.X) }\n")
	if fast, printed := s.sameAsGoBuild(); fast || printed != "" {
		t.Fatalf("fast %v, printed %q", fast, printed)
	}
	s.settle()
	s.write(filepath.Join(s.lib, "extra", "extra.go"), "package extra\n\nconst X = 42\n")
	s.sameAsGoBuild()
	s.learnt()
	if fast, printed := s.sameAsGoBuild(); !fast || printed != "42\n" {
		t.Fatalf("fast %v, printed %q", fast, printed)
	}
}

// TestCoarseClock: a file whose modification time is in whole seconds may
// live on a file system that keeps no fractions of a second (ext3, FAT),
// where an edit in the same second leaves the time as it was: cellbuild
// learns nothing from such a file younger than two seconds.
func TestCoarseClock(t *testing.T) {
	s := newScratch(t)
	greetGo := filepath.Join(s.lib, "greet", "greet.go")
	s.write(filepath.Join(s.dir, "main.go"), helloMain)
	for _, age := range []time.Duration{0, 3 * time.Second} {
		mtime := time.Now().Truncate(time.Second).Add(-age)
		if err := os.Chtimes(greetGo, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		if fast, _ := s.sameAsGoBuild(); fast {
			t.Fatalf("%v old: cellbuild built it", age)
		}
		msg := s.settle()
		if learnt := strings.HasPrefix(msg, "learnt in"); learnt != (age > 2*time.Second) {
			t.Fatalf("%v old: %s", age, msg)
		}
	}
	if fast, _ := s.sameAsGoBuild(); !fast {
		t.Fatal("cellbuild did not build it")
	}
}

// TestEmbeddedWildcardFolder: a package embedding "*/icon.png" would embed
// the icon of a folder made later; cellbuild leaves the go command to
// build the cells that import it.
func TestEmbeddedWildcardFolder(t *testing.T) {
	s := newScratch(t)
	s.write(filepath.Join(s.lib, "icons", "icons.go"), `package icons

import "embed"

//go:embed */icon.txt
var FS embed.FS
`)
	s.write(filepath.Join(s.lib, "icons", "a", "icon.txt"), "a")
	main := `package main

import (
	"fmt"
	"io/fs"

	"example.com/lib/icons"
)

func main() { fmt.Println(fs.Glob(icons.FS, "*/icon.txt")) }
`
	s.write(filepath.Join(s.dir, "main.go"), main)
	s.sameAsGoBuild()
	s.settle()
	s.sameAsGoBuild()
	s.write(filepath.Join(s.lib, "icons", "b", "icon.txt"), "b")
	if _, printed := s.sameAsGoBuild(); printed != "[a/icon.txt b/icon.txt] <nil>\n" {
		t.Fatalf("printed %q", printed)
	}
}
