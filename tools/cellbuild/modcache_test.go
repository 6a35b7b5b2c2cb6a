package main

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestModuleCache: a module from a module proxy (a folder here), as "go
// get" puts it in the module cache. Another version is the next cell's;
// with the module cache emptied and the proxy gone, the go command fails,
// and so does the build.
func TestModuleCache(t *testing.T) {
	s := newScratch(t)
	proxy := filepath.Join(filepath.Dir(s.dir), "proxy")
	for _, v := range []string{"v1.0.0", "v1.1.0"} {
		writeModule(t, proxy, "example.com/dep", v, map[string]string{
			"go.mod": "module example.com/dep\n\ngo 1.26\n",
			"dep.go": "package dep\n\nconst V = \"" + v + "\"\n",
		})
	}
	i := slices.IndexFunc(s.env, func(kv string) bool { return strings.HasPrefix(kv, "GOFLAGS=") })
	s.env[i] += " -modcacherw"
	s.env = append(s.env, "GOPROXY=file://"+filepath.ToSlash(proxy), "GOSUMDB=off",
		"GOMODCACHE="+filepath.Join(filepath.Dir(s.dir), "modcache"))
	goCmd := func(args ...string) {
		t.Helper()
		cmd := exec.Command(s.realGo, args...)
		cmd.Dir, cmd.Env = s.dir, s.env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	goCmd("get", "example.com/dep@v1.0.0")
	s.prime("package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.V) }\n")
	if fast, printed := s.sameAsGoBuild(); !fast || printed != "v1.0.0\n" {
		t.Fatalf("fast %v, printed %q", fast, printed)
	}
	goCmd("get", "example.com/dep@v1.1.0")
	if _, printed := s.sameAsGoBuild(); printed != "v1.1.0\n" {
		t.Fatalf("after go get: printed %q", printed)
	}
	s.fastAgain("after go get")
	goCmd("clean", "-modcache")
	if err := os.RemoveAll(proxy); err != nil {
		t.Fatal(err)
	}
	if _, printed := s.sameAsGoBuild(); printed != "" {
		t.Fatalf("without the module: printed %q", printed)
	}
}

// writeModule writes version v of module path, files its files, to the
// proxy folder, as a module proxy serves it.
func writeModule(t *testing.T, proxy, path, v string, files map[string]string) {
	t.Helper()
	dir := filepath.Join(proxy, filepath.FromSlash(path), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, v+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, text := range files {
		w, err := zw.Create(path + "@" + v + "/" + name)
		if err == nil {
			_, err = w.Write([]byte(text))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	list, _ := os.ReadFile(filepath.Join(dir, "list"))
	for name, text := range map[string]string{
		v + ".mod":  files["go.mod"],
		v + ".info": `{"Version":"` + v + `","Time":"2024-01-01T00:00:00Z"}`,
		"list":      string(list) + v + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
