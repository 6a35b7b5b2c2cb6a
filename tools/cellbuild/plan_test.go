package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSplitCommand: command lines as the go command prints them with -n
// (cmd/go quotes a word with Go's syntax when it holds a space, ( ) > ; or
// anything Go would escape, and a variable's value in single quotes, or
// Go's when it holds one).
func TestSplitCommand(t *testing.T) {
	tests := []struct {
		line      string
		env, argv []string
	}{
		{`/go/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a -trimpath "$WORK/b001=>" -p main ./main.go`, nil,
			[]string{"/go/pkg/tool/linux_amd64/compile", "-o", "$WORK/b001/_pkg_.a", "-trimpath", "$WORK/b001=>", "-p", "main", "./main.go"}},
		{`GOROOT='/usr/local/go' /usr/local/go/pkg/tool/linux_amd64/link -o $WORK/b001/exe/a.out -w`, []string{"GOROOT=/usr/local/go"},
			[]string{"/usr/local/go/pkg/tool/linux_amd64/link", "-o", "$WORK/b001/exe/a.out", "-w"}},
		{`GOROOT="/tmp/Go's root" "/tmp/Go's root/pkg/tool/linux_amd64/link" "-X=main.s=a b" ""`, []string{"GOROOT=/tmp/Go's root"},
			[]string{"/tmp/Go's root/pkg/tool/linux_amd64/link", "-X=main.s=a b", ""}},
		{`GOROOT='/a b' GOFOO='x' tool "tab\there"`, []string{"GOROOT=/a b", "GOFOO=x"}, []string{"tool", "tab\there"}},
		{`mkdir -p $WORK/b001/`, nil, []string{"mkdir", "-p", "$WORK/b001/"}},
	}
	for _, tt := range tests {
		env, argv, err := splitCommand(tt.line)
		if err != nil || !slices.Equal(env, tt.env) || !slices.Equal(argv, tt.argv) {
			t.Errorf("splitCommand(%s) = %q, %q, %v; want %q, %q", tt.line, env, argv, err, tt.env, tt.argv)
		}
	}
	for _, bad := range []string{`GOROOT='/unterminated tool`, `tool "unterminated`} {
		if _, _, err := splitCommand(bad); err == nil {
			t.Errorf("splitCommand(%s): no error", bad)
		}
	}
}

// TestParsePlan reads what this machine's go command prints for a program
// whose dependencies are built, and refuses what it cannot replay.
func TestParsePlan(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module gonb_1\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goN := func() string {
		cmd := exec.Command("go", "build", "-n", "-o", "prog")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go build -n: %v\n%s", err, out)
		}
		return string(out)
	}
	if out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "prog"), filepath.Join(dir, "main.go")).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := goN()
	p, err := parsePlan(out)
	if err != nil {
		t.Fatalf("parsePlan: %v\n%s", err, out)
	}
	if filepath.Base(p.compile[0]) != "compile" || !hasPair(p.compile, "-p", "main") || !slices.Contains(p.compile, "./main.go") {
		t.Errorf("compile command line %q", p.compile)
	}
	if filepath.Base(p.link[0]) != "link" || !slices.Contains(p.link, "$WORK/b001/_pkg_.a") {
		t.Errorf("link command line %q", p.link)
	}
	if !strings.Contains(p.modinfo, "path\tgonb_1\n") || !roundTrips(p.modinfo) {
		t.Errorf("build information %q", p.modinfo)
	}
	for _, path := range []string{"fmt", "runtime"} {
		if !strings.HasSuffix(p.files[path], "-d") {
			t.Errorf("compiled %s: %q", path, p.files[path])
		}
	}
	for name, bad := range map[string]string{
		"a dependency to compile": strings.Replace(out, "\n", "\n/go/pkg/tool/linux_amd64/compile -o $WORK/b002/_pkg_.a -p fmt ./print.go\n", 1),
		"an assembler":            out + "\n/go/pkg/tool/linux_amd64/asm -p main ./a.s\n",
		"two links":               out + "\n" + strings.Join(p.link, " ") + "\n",
		"no link":                 strings.ReplaceAll(out, "/link ", "/nolink "),
		"no build information":    strings.ReplaceAll(out, "modinfo ", "nomodinfo "),
		"another file written":    out + "\ncat >$WORK/b001/other << 'EOF'\nEOF\n",
		"an import map":           strings.Replace(out, "# import config\n", "# import config\nimportmap x=vendor/x\n", 1),
		"two files for fmt":       strings.Replace(out, "packagefile fmt=", "packagefile fmt=/elsewhere\npackagefile fmt=", 1),
	} {
		if _, err := parsePlan(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
