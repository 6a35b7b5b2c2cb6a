package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestGOFLAGS: flags the kernel's GOFLAGS may hold. Each program is go
// build's, the build's output too, once cellbuild has learnt (or refused
// to) under them, and after an edit.
func TestGOFLAGS(t *testing.T) {
	tests := []struct {
		name, flags string
		edit        func(s *scratch)
		fast        bool // cellbuild builds it itself
	}{
		// Flags for the packages named on the command line: go list
		// -export names every package it learns, go build main alone.
		{name: "-gcflags=-N", flags: "-gcflags=-N", fast: true},
		// The compiler prints its decisions about main.go.
		{name: "-gcflags=-m", flags: "-gcflags=-m"},
		// The go command names the packages it builds: main's, always.
		{name: "-v", flags: "-v"},
		// The compiler's command line names the module's folder.
		{name: "-trimpath", flags: "-trimpath"},
		// An overlay stands for files on disk, which cellbuild watches.
		{name: "-overlay", flags: "-overlay=OVERLAY", edit: func(s *scratch) {
			s.write(filepath.Join(filepath.Dir(s.dir), "greet.go"), "package greet\n\nfunc Hello() string { return \"OVER\" }\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScratch(t)
			s.prime(helloMain) // without the flag: every dependency compiled
			overlay := filepath.Join(filepath.Dir(s.dir), "overlay.json")
			s.write(overlay, `{"Replace": {"`+filepath.Join(s.lib, "greet", "greet.go")+`": "`+filepath.Join(filepath.Dir(s.dir), "greet.go")+`"}}`)
			s.write(filepath.Join(filepath.Dir(s.dir), "greet.go"), "package greet\n\nfunc Hello() string { return \"over\" }\n")
			i := slices.IndexFunc(s.env, func(kv string) bool { return strings.HasPrefix(kv, "GOFLAGS=") })
			s.env[i] += " " + strings.ReplaceAll(tt.flags, "OVERLAY", overlay)
			s.sameAsGoBuild()
			s.settle()
			if fast, _ := s.sameAsGoBuild(); fast != tt.fast {
				t.Errorf("fast %v, want %v", fast, tt.fast)
			}
			if tt.edit != nil {
				tt.edit(s)
				s.sameAsGoBuild()
			}
		})
	}
}

// TestSettingChanges: the environment and go env -w change what the go
// command builds; the next cell's program is go build's.
func TestSettingChanges(t *testing.T) {
	s := newScratch(t)
	s.env = slices.DeleteFunc(s.env, func(kv string) bool { return strings.HasPrefix(kv, "CGO_ENABLED=") })
	goenv := filepath.Join(filepath.Dir(s.dir), "go.env")
	s.env = append(s.env, "GOENV="+goenv)
	s.write(goenv, "")
	s.write(filepath.Join(s.lib, "greet", "loud.go"), "//go:build loud\n\npackage greet\n\nfunc init() { println(\"loud\") }\n")
	s.write(filepath.Join(s.lib, "greet", "cgo.go"), "//go:build cgo\n\npackage greet\n\nfunc init() { println(\"cgo\") }\n")
	s.prime(helloMain)
	if fast, printed := s.sameAsGoBuild(); !fast || printed != "cgo\nhello world\n" {
		t.Fatalf("fast %v, printed %q", fast, printed)
	}
	i := slices.IndexFunc(s.env, func(kv string) bool { return strings.HasPrefix(kv, "GOFLAGS=") })
	s.env[i] += " -tags=loud"
	if _, printed := s.sameAsGoBuild(); printed != "cgo\nloud\nhello world\n" {
		t.Fatalf("with -tags=loud: printed %q", printed)
	}
	s.fastAgain("with -tags=loud")
	// go env -w CGO_ENABLED=0
	cmd := exec.Command(s.realGo, "env", "-w", "CGO_ENABLED=0")
	cmd.Env = s.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go env -w: %v\n%s", err, out)
	}
	if _, printed := s.sameAsGoBuild(); printed != "loud\nhello world\n" {
		t.Fatalf("with CGO_ENABLED=0: printed %q", printed)
	}
}

// TestTwoKernels: two kernels' scratch modules (GoNB names each module
// after its kernel) share what cellbuild learnt; each program names its
// own module.
func TestTwoKernels(t *testing.T) {
	s := newScratch(t)
	s.prime(helloMain)
	gomod, err := os.ReadFile(filepath.Join(s.dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	k2 := *s
	k2.dir = filepath.Join(filepath.Dir(s.dir), "gonb_5678")
	for _, tt := range []struct {
		module string
		fast   bool
	}{
		{"module gonb_5678", true},
		{"module gonb_5678 // a kernel's", true},
		// The go command reads this too; cellbuild leaves it the build.
		{"module (\n\tgonb_5678\n)", false},
	} {
		k2.write(filepath.Join(k2.dir, "go.mod"), strings.Replace(string(gomod), "module gonb_1234", tt.module, 1))
		k2.write(filepath.Join(k2.dir, "go.sum"), "")
		k2.write(filepath.Join(k2.dir, "main.go"), helloMain)
		k2.sameAsGoBuild()
		k2.settle()
		if fast, _ := k2.sameAsGoBuild(); fast != tt.fast {
			t.Errorf("%q: fast %v, want %v", tt.module, fast, tt.fast)
		}
	}
}

// TestVersionControl: the go command writes the state of the version
// control checkout the module is in into the program.
func TestVersionControl(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	s := newScratch(t)
	for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=a", "-c", "user.email=a@example.com", "commit", "-q", "--allow-empty", "-m", "a"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = filepath.Dir(s.dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", args[0], err, out)
		}
	}
	s.write(filepath.Join(s.dir, "main.go"), helloMain)
	s.sameAsGoBuild()
	s.settle()
	if fast, _ := s.sameAsGoBuild(); fast {
		t.Error("cellbuild built it")
	}
}

// TestRelativeReplacement: go.mod may replace a module with a folder
// relative to the module's; cellbuild's question to the go command names
// the same folder.
func TestRelativeReplacement(t *testing.T) {
	s := newScratch(t)
	gomod, err := os.ReadFile(filepath.Join(s.dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	s.write(filepath.Join(s.dir, "go.mod"), strings.Replace(string(gomod), strconv.Quote(s.lib), `"../my lib"`, 1))
	// Another module of that name beside the temporary folder's.
	tmp := filepath.Join(filepath.Dir(s.dir), "tmp")
	s.env = append(s.env, "TMPDIR="+tmp)
	other := filepath.Join(tmp, "my lib")
	s.write(filepath.Join(other, "go.mod"), "module example.com/lib\n\ngo 1.26\n")
	s.write(filepath.Join(other, "greet", "greet.go"), "package greet\n\nfunc Hello() string { return \"other\" }\n")
	s.write(filepath.Join(other, "world", "world.go"), "package world\n\nfunc Name() string { return \"module\" }\n")
	s.prime(helloMain)
	if fast, printed := s.sameAsGoBuild(); !fast || printed != "hello world\n" {
		t.Fatalf("fast %v, printed %q", fast, printed)
	}
}
