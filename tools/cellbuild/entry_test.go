package main

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBuildKey: an entry's key changes with everything the go command's
// answers depend on and cellbuild does not watch (the go command, its
// environment and configuration file, go.mod and go.sum), and with nothing
// else: not the module's name, which GoNB makes up per kernel, nor
// variables the go command does not read.
func TestBuildKey(t *testing.T) {
	dir := t.TempDir()
	realGo := filepath.Join(dir, "go", "bin", "go")
	version := filepath.Join(dir, "go", "VERSION")
	goenv := filepath.Join(dir, "go.env")
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setUp := func() {
		write(realGo, "a go command")
		write(version, "go1.26.8\n")
		write(goenv, "GOTOOLCHAIN=local\n")
	}
	env := []string{"GOENV=" + goenv, "GOFLAGS=-ldflags=-w", "PATH=/usr/bin", "TERM=xterm", "GONB_TMP_DIR=/tmp/a"}
	gomod := "module gonb_1234\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => /lib\n"
	gosum := "example.com/dep v1.0.0 h1:abc=\n"
	key := func(env []string, gomod, gosum string) string {
		t.Helper()
		k, err := buildKey(realGo, env, []byte(gomod), []byte(gosum))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}

	tests := []struct {
		name         string
		change       func()
		setenv       string // NAME=value, replacing or added
		gomod, gosum string
		same         bool
	}{
		{name: "another go command", change: func() { write(realGo, "another go command") }},
		{name: "another Go version", change: func() { write(version, "go1.26.9\n") }},
		{name: "go env -w", change: func() { write(goenv, "GOTOOLCHAIN=local\nCGO_ENABLED=0\n") }},
		{name: "GOFLAGS", setenv: "GOFLAGS=-ldflags=-w -tags=x"},
		{name: "GOEXPERIMENT", setenv: "GOEXPERIMENT=nogreenteagc"},
		{name: "CGO_CFLAGS", setenv: "CGO_CFLAGS=-O3"},
		{name: "CC", setenv: "CC=clang"},
		{name: "PATH", setenv: "PATH=/opt/go/bin:/usr/bin"},
		{name: "go.mod", gomod: gomod + "\nreplace example.com/other => /other\n"},
		{name: "go.sum", gosum: gosum + "example.com/dep v1.0.0/go.mod h1:def=\n"},
		{name: "the module's name", gomod: strings.Replace(gomod, "gonb_1234", "gonb_5678", 1), same: true},
		{name: "the module's name, with a comment", gomod: strings.Replace(gomod, "gonb_1234", "gonb_5678 // a kernel's", 1), same: true},
		{name: "TERM", setenv: "TERM=dumb", same: true},
		{name: "GONB_TMP_DIR", setenv: "GONB_TMP_DIR=/tmp/b", same: true},
	}
	for _, tt := range tests {
		setUp()
		before := key(env, gomod, gosum)
		if tt.change != nil {
			tt.change()
		}
		e := slices.Clone(env)
		if tt.setenv != "" {
			name, _, _ := strings.Cut(tt.setenv, "=")
			e = append(slices.DeleteFunc(e, func(kv string) bool { return strings.HasPrefix(kv, name+"=") }), tt.setenv)
		}
		m, s := cmp.Or(tt.gomod, gomod), cmp.Or(tt.gosum, gosum)
		if got := key(e, m, s); (got == before) != tt.same {
			t.Errorf("%s: key %s, before %s", tt.name, got, before)
		}
	}
	before := key(env, gomod, gosum)
	if got := key([]string{env[4], env[3], env[2], env[1], env[0]}, gomod, gosum); got != before {
		t.Errorf("the variables in another order: key %s, before %s", got, before)
	}
}
