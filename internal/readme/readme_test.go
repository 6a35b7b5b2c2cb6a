package readme

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const module = "github.com/gonb-tutorials/optimizers"

// root is the repository's root, where README.md is.
var root = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

// A block is one of the README's fenced code blocks.
type block struct {
	info string // the word after the opening fence: go, sh, or nothing
	body string
	line int // of the opening fence, from 1
}

func readme(t *testing.T) (string, []block) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []block
	var cur *block
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(l, "```"):
			cur = &block{info: strings.TrimSpace(l[3:]), line: i + 1}
		case cur != nil && l == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.body += l + "\n"
		}
	}
	if cur != nil {
		t.Fatalf("README.md: the code block at line %d is not closed", cur.line)
	}
	return string(b), blocks
}

// TestProgramFromAnotherModule follows the README's "use the packages"
// section as a reader does: a new module, the README's go commands, its
// program as main.go, go run. The packages come from this checkout (a
// replace directive, as for a clone) and every other module from the
// module cache, with the proxy off: the tests talk to no other machine.
// What the program prints must be the README's block under it.
func TestProgramFromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module of its own (-short)")
	}
	_, blocks := readme(t)
	var cmds []string
	prog, out := -1, -1
	for i, b := range blocks {
		switch {
		case cmds == nil && b.info == "sh" && strings.Contains(b.body, "go mod init"):
			for _, l := range strings.Split(b.body, "\n") {
				l, _, _ = strings.Cut(l, "#")
				if l = strings.TrimSpace(l); strings.HasPrefix(l, "go ") {
					cmds = append(cmds, l)
				}
			}
		case prog < 0 && cmds != nil && b.info == "go" && strings.Contains(b.body, "package main\n"):
			prog = i
		case prog >= 0 && out < 0 && b.info == "":
			out = i
		}
	}
	if cmds == nil || prog < 0 || out < 0 {
		t.Fatal("README.md: want a sh block with go mod init, then a Go program (package main), then its output")
	}
	var get string
	for _, c := range cmds {
		if strings.HasPrefix(c, "go get ") {
			get = c
		}
	}
	if !strings.HasPrefix(cmds[0], "go mod init ") || !strings.Contains(get, " "+module+"/") || !strings.HasSuffix(get, "@latest") {
		t.Fatalf("README.md line %d: want go mod init, then go get %s/...@latest; have %q", blocks[prog].line, module, cmds)
	}

	dir := t.TempDir()
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local", "GOSUMDB=off")
	gocmd := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir, cmd.Env = dir, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	for _, c := range cmds {
		if c == "go run ." {
			continue
		}
		gocmd(strings.Fields(c)[1:]...)
		if strings.HasPrefix(c, "go mod init ") {
			gocmd("mod", "edit", "-replace", module+"="+root)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(blocks[prog].body), 0o644); err != nil {
		t.Fatal(err)
	}
	got := gocmd("run", ".")
	if want := blocks[out].body; got != want {
		t.Errorf("README.md line %d: the program prints\n%s\nthe README shows (line %d)\n%s", blocks[prog].line, got, blocks[out].line, want)
	}
}

// TestNamedThingsExist: every file a link points to, every path in the
// layout table, every script the README names and every benchmark its
// "go test -bench" commands select exists, so that a command copied from
// the README finds what it runs.
func TestNamedThingsExist(t *testing.T) {
	text, _ := readme(t)
	exists := func(what, path string) {
		t.Helper()
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(path))); err != nil {
			t.Errorf("README.md names %s %s, which does not exist", what, path)
		}
	}

	for _, m := range regexp.MustCompile(`\]\(([^)#:]+)(#[^)]*)?\)`).FindAllStringSubmatch(text, -1) {
		exists("the link", m[1])
	}
	// The layout table is the one under "## Layout": other tables (the
	// speed tables) have commands in their first column, not paths.
	layout, ok := section(text, "## Layout")
	if !ok {
		t.Error("README.md has no ## Layout section")
	}
	rows := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|").FindAllStringSubmatch(layout, -1)
	if ok && len(rows) == 0 {
		t.Error("README.md's layout table names no path: the parser is broken")
	}
	for _, m := range rows {
		exists("in its layout table", m[1])
	}
	// A script's name has no dot; scripts/libraries.txt and
	// scripts/torch-cpu-stubs.py are files the scripts read or run.
	scripts := regexp.MustCompile(`(?:^|[\s(\x60])(scripts/[a-z][a-z0-9-]*(?:\.[a-z]+)?)`).FindAllStringSubmatch(text, -1)
	if len(scripts) == 0 {
		t.Error("README.md names no script: the parser is broken")
	}
	for _, m := range scripts {
		if strings.Contains(m[1], ".") {
			exists("the file", m[1])
			continue
		}
		if fi, err := os.Stat(filepath.Join(root, m[1])); err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("README.md names %s, which is not an executable file", m[1])
		}
	}

	benches := regexp.MustCompile("go test (?:-[a-z]+ \\S+ )*-bench '?([^' ]+)'? ((?:\\./[a-z/.]+ ?)+)").FindAllStringSubmatch(text, -1)
	if len(benches) == 0 {
		t.Error("README.md gives no go test -bench command: the parser is broken")
	}
	for _, m := range benches {
		top, _, _ := strings.Cut(m[1], "/") // -list matches top-level names
		args := append([]string{"test", "-run", "^$", "-list", top}, strings.Fields(m[2])...)
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("README.md: go %s: %v\n%s", strings.Join(args, " "), err, out)
			continue
		}
		if !regexp.MustCompile(`(?m)^Benchmark`).Match(out) {
			t.Errorf("README.md gives go test -bench %s %s, which selects no benchmark", m[1], m[2])
		}
	}
}

// section returns the README's text under the line heading, up to the next
// heading of the same or a higher level.
func section(text, heading string) (string, bool) {
	i := strings.Index(text, "\n"+heading+"\n")
	if i < 0 {
		return "", false
	}
	rest := text[i+len(heading)+2:]
	level := len(heading) - len(strings.TrimLeft(heading, "#"))
	if loc := regexp.MustCompile(fmt.Sprintf("(?m)^#{1,%d} ", level)).FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	return rest, true
}
