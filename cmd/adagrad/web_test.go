package main

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/web"
)

// TestWebUsage: bad flags are usage errors (exit 2), each said in one line,
// before anything is built.
func TestWebUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"web", "-addr", "8080"}, "-addr 8080: want host:port"},
		{[]string{"web", "-addr", ""}, "-addr: empty"},
		{[]string{"web", "-addr", "127.0.0.1:0", "-out", "site"}, "-addr and -out: give one"},
		{[]string{"web", "site"}, `unexpected argument "site"`},
		{[]string{"web", "-port", "1"}, "flag provided but not defined: -port"},
	} {
		code, stdout, stderr := runCLI(c.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "adagrad web: ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and one line saying %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

func TestPageURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/", "0.0.0.0:80": "http://127.0.0.1:80/",
		"[::]:8080": "http://127.0.0.1:8080/", "[::1]:9": "http://[::1]:9/", "192.0.2.7:8080": "http://192.0.2.7:8080/",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := pageURL(a); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
}

// TestWebOutsideTheSource: run outside a clone, from a binary with no
// release version, the command says in one line where to run it (exit 1).
func TestWebOutsideTheSource(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCLI("web", "-out", "site")
	if code != 1 || !strings.Contains(stderr, "inside a clone of github.com/gonb-tutorials/optimizers") || strings.Count(stderr, "\n") != 1 || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat("site"); err == nil {
		t.Error("a failed run left a folder")
	}
}

// TestWebOut: -out builds the module with the Go on PATH and writes the
// page's files; into a folder holding other work it writes nothing and
// says why (exit 1).
func TestWebOut(t *testing.T) {
	if testing.Short() {
		t.Skip("building the module is not short")
	}
	dir := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := runCLI("web", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+dir) || !strings.Contains(stdout, "gzip-compressed") {
		t.Errorf("stdout %q", stdout)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := slices.Sorted(slices.Values(web.Files)); !slices.Equal(names, want) {
		t.Errorf("wrote %v, want %v", names, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "playground.wasm")); len(b) < 1e6 || string(b[:4]) != "\x00asm" {
		t.Errorf("playground.wasm: %d bytes, starting %q", len(b), b[:min(4, len(b))])
	}

	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "thesis.tex"), []byte("mine"), 0o644)
	code, _, stderr = runCLI("web", "-out", mine)
	if code != 1 || !strings.Contains(stderr, "thesis.tex") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("over a folder with thesis.tex: exit %d, %q", code, stderr)
	}
	if entries, _ := os.ReadDir(mine); len(entries) != 1 {
		t.Errorf("the folder now holds %d entries", len(entries))
	}
}
