package web

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindSource(t *testing.T) {
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, dir := range []string{repo, filepath.Join(repo, "web", "assets"), filepath.Join(repo, "cmd", "adagrad")} {
		if got, err := FindSource(ctx, dir, "(devel)"); err != nil || got != repo {
			t.Errorf("from %s: %q, %v; want %s", dir, got, err, repo)
		}
	}
	// Another module, and a folder outside any: not the source, and the
	// error says how to get it, on one line.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644)
	for _, dir := range []string{other, t.TempDir()} {
		_, err := FindSource(ctx, dir, "(devel)")
		if err == nil || !strings.Contains(err.Error(), "inside a clone of "+ModulePath) || strings.Contains(err.Error(), "\n") {
			t.Errorf("from %s: %v, want one line saying where to run it", dir, err)
		}
	}
	// A copy whose go.mod names the project but lacks the module's source.
	half := t.TempDir()
	os.WriteFile(filepath.Join(half, "go.mod"), []byte("// the project\nmodule "+ModulePath+"\n\ngo 1.26\n"), 0o644)
	if _, err := FindSource(ctx, half, ""); err == nil {
		t.Error("a go.mod without web/module was taken for the source")
	}
}

func TestToolchain(t *testing.T) {
	repo, _ := filepath.Abs("..")
	tc, err := FindToolchain(context.Background(), repo)
	if err != nil {
		t.Skipf("no Go toolchain here: %v", err)
	}
	if !strings.HasPrefix(tc.Version, "go1.") || tc.GOROOT == "" {
		t.Errorf("toolchain %+v", tc)
	}
	js, err := tc.WasmExec()
	if err != nil || !bytes.Contains(js, []byte("globalThis.Go = class")) {
		t.Errorf("wasm_exec.js: %d bytes, %v", len(js), err)
	}
	if _, err := (Toolchain{GOROOT: t.TempDir()}).WasmExec(); err == nil || !strings.Contains(err.Error(), "wasm_exec.js") {
		t.Errorf("a GOROOT without wasm_exec.js: %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := FindToolchain(context.Background(), repo); err == nil || !strings.Contains(err.Error(), "no go command") {
		t.Errorf("without go on PATH: %v", err)
	}
}
