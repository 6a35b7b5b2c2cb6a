package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
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

// TestFindSourceInstalled: a command installed with go install ...@version
// and run outside a clone finds the source of its own release in Go's
// module cache, downloading it if need be (here from a module proxy in a
// folder, as GOPROXY=file://... serves one).
func TestFindSourceInstalled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod download")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const version = "v0.0.1"
	proxy := t.TempDir()
	at := filepath.Join(proxy, ModulePath, "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := "module " + ModulePath + "\n\ngo 1.26.0\n"
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range map[string]string{"go.mod": gomod, "web/module/main.go": "//go:build js && wasm\n\npackage main\n\nfunc main() {}\n"} {
		w, err := zw.Create(ModulePath + "@" + version + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, data)
	}
	zw.Close()
	for name, data := range map[string][]byte{
		version + ".info": []byte(`{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`),
		version + ".mod":  []byte(gomod),
		version + ".zip":  zb.Bytes(),
		"list":            []byte(version + "\n"),
	} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(proxy))
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOFLAGS", "-modcacherw") // so that the test can remove the cache
	t.Setenv("GONOSUMDB", "")
	t.Setenv("GOPRIVATE", "")
	got, err := FindSource(context.Background(), t.TempDir(), version)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, ModulePath+"@"+version); got != want {
		t.Errorf("found %s, want %s", got, want)
	}
	// A release the proxy does not have: one line, saying what to do.
	_, err = FindSource(context.Background(), t.TempDir(), "v9.9.9")
	if err == nil || !strings.Contains(err.Error(), "go mod download "+ModulePath+"@v9.9.9 failed") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a missing release: %v", err)
	}
}
