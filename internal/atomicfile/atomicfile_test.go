package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := WriteBytes(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("file holds %q", b)
	}
	// A failing writer leaves the old file and no temporary file.
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New("disk on fire")
	})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want the path and the reason", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after a failed write the file holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries, want 1", len(entries))
	}
}

func TestWriteMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "a.gif")
	err := WriteBytes(path, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), ".tmp") {
		t.Errorf("error %v, want the final path and no temporary name", err)
	}
}

func TestWriteDir(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	keepPage := func(e os.DirEntry) error {
		if e.Name() != "a" && e.Name() != "b" {
			return errors.New("holds " + e.Name())
		}
		return nil
	}
	write := func(files ...string) func(string) error {
		return func(tmp string) error {
			for _, f := range files {
				if err := os.WriteFile(filepath.Join(tmp, f), []byte(f), 0o644); err != nil {
					return err
				}
			}
			return nil
		}
	}
	list := func() string {
		var names []string
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			sub, _ := os.ReadDir(filepath.Join(parent, e.Name()))
			for _, s := range sub {
				names = append(names, e.Name()+"/"+s.Name())
			}
		}
		return strings.Join(names, " ")
	}
	if err := WriteDir(dir, keepPage, write("a", "b")); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "site/a site/b" {
		t.Errorf("after writing: %s", got)
	}
	// A failure halfway leaves the folder as it was, and nothing beside it.
	err := WriteDir(dir, keepPage, func(tmp string) error {
		write("a")(tmp)
		return errors.New("disk on fire")
	})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), dir) {
		t.Errorf("error %v, want the folder and the reason", err)
	}
	if got := list(); got != "site/a site/b" {
		t.Errorf("after a failed write: %s", got)
	}
	// A rewrite replaces the folder whole.
	if err := WriteDir(dir, keepPage, write("b")); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "site/b" {
		t.Errorf("after rewriting: %s", got)
	}
	// A folder holding something else is left alone.
	os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644)
	if err := WriteDir(dir, keepPage, write("a")); err == nil || !strings.Contains(err.Error(), "holds notes.txt") {
		t.Errorf("a folder with another file: %v", err)
	}
	if got := list(); got != "site/b site/notes.txt" {
		t.Errorf("after refusing: %s", got)
	}
}
