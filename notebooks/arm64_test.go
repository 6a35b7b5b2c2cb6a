package notebooks

// The notebooks print only digits that do not depend on the machine: the
// tutorial's loops round as numpy does (part 1 says where), and elsewhere
// the cells print what float64 rounding, fused or not, cannot change. This
// test holds that promise where it is most likely to break: it turns every
// cell into the Go program GoNB would build, compiles it for arm64 (where
// Go fuses a*b + c into one instruction, and math.Exp rounds differently),
// runs it under qemu, and compares what it prints with the committed
// notebook.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// A program is one cell turned into a Go program.
type program struct {
	cell, source, args, want string
}

// cellPrograms turns each cell of the notebook at path that runs code into
// a program: the declarations of every cell up to it (a later one
// replacing an earlier one of the same name, as in GoNB) and the cell's
// body as main, after flag.Parse. display.Markdown, which shows nothing
// outside a notebook, prints its text instead. want is what the cell
// printed in the committed notebook: its stdout and its Markdown.
func cellPrograms(t *testing.T, nbPath string) []program {
	t.Helper()
	b, err := os.ReadFile(nbPath)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			ID       string    `json:"id"`
			CellType string    `json:"cell_type"`
			Source   multiline `json:"source"`
			Outputs  []struct {
				OutputType string                     `json:"output_type"`
				Name       string                     `json:"name"`
				Text       multiline                  `json:"text"`
				Data       map[string]json.RawMessage `json:"data"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	type decl struct{ key, src string }
	var decls []decl // in the order first declared
	imports := map[string]string{}
	var progs []program
	for _, c := range nb.Cells {
		if c.CellType != "code" || c.ID == "setup" {
			continue
		}
		src, body, args := string(c.Source), "", ""
		main := false
		if before, after, ok := strings.Cut(src, "\n%%"); ok || strings.HasPrefix(src, "%%") {
			if !ok {
				before, after = "", strings.TrimPrefix(src, "%%")
			}
			line, rest, _ := strings.Cut(after, "\n")
			src, args, body, main = before, strings.TrimSpace(line), rest, true
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", "package main\n"+src, 0)
		if err != nil {
			t.Fatalf("%s: cell %q: %v", nbPath, c.ID, err)
		}
		for _, d := range f.Decls {
			var buf bytes.Buffer
			if err := format.Node(&buf, fset, d); err != nil {
				t.Fatal(err)
			}
			key := ""
			switch d := d.(type) {
			case *ast.FuncDecl:
				key = d.Name.Name
				if d.Recv != nil {
					var r bytes.Buffer
					format.Node(&r, fset, d.Recv.List[0].Type)
					key = r.String() + "." + key
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ImportSpec:
						p, _ := strconv.Unquote(s.Path.Value)
						name := path.Base(p)
						if s.Name != nil {
							name = s.Name.Name
						}
						imports[name] = s.Path.Value
					case *ast.ValueSpec:
						for _, n := range s.Names {
							key += n.Name + " "
						}
					case *ast.TypeSpec:
						key += s.Name.Name + " "
					}
				}
				if d.Tok == token.IMPORT {
					continue
				}
			}
			if i := slices.IndexFunc(decls, func(x decl) bool { return x.key == key }); i >= 0 {
				decls[i].src = buf.String()
			} else {
				decls = append(decls, decl{key, buf.String()})
			}
		}
		if !main {
			continue
		}
		var code strings.Builder
		for _, d := range decls {
			code.WriteString(d.src + "\n\n")
		}
		// What display.Markdown and Markdownf show, printed instead.
		code.WriteString("func markdown(text string) { fmt.Println(text) }\n\n")
		code.WriteString("func markdownf(format string, args ...any) { fmt.Printf(format+\"\\n\", args...) }\n\n")
		body = strings.NewReplacer("display.Markdownf(", "markdownf(", "display.Markdown(", "markdown(").Replace(body)
		code.WriteString("func main() {\n\tflag.Parse()\n" + body + "\n}\n")
		// The imports the program uses, as goimports would leave them.
		used := map[string]bool{"fmt": true, "flag": true}
		all := map[string]string{"fmt": `"fmt"`, "flag": `"flag"`}
		for k, v := range imports {
			all[k] = v
			if strings.Contains(code.String(), k+".") {
				used[k] = true
			}
		}
		var prog strings.Builder
		prog.WriteString("package main\n\nimport (\n")
		for _, k := range slices.Sorted(maps.Keys(used)) {
			prog.WriteString("\t" + all[k] + "\n")
		}
		prog.WriteString(")\n\n" + code.String())
		var want strings.Builder
		for _, o := range c.Outputs {
			if o.OutputType == "stream" && o.Name == "stdout" {
				want.WriteString(string(o.Text))
			}
			if md, ok := o.Data["text/markdown"]; ok {
				var m multiline
				if err := json.Unmarshal(md, &m); err != nil {
					t.Fatal(err)
				}
				want.WriteString(string(m) + "\n")
			}
		}
		progs = append(progs, program{cell: c.ID, source: prog.String(), args: args, want: want.String()})
	}
	return progs
}

// TestOutputsOnArm64 runs every cell as an arm64 program under qemu and
// checks that it prints what the committed notebook shows. It needs
// qemu-aarch64-static; without it it is skipped, unless
// ADAGRAD_REQUIRE_ARM64=1, when its absence is a failure.
func TestOutputsOnArm64(t *testing.T) {
	if testing.Short() {
		t.Skip("building and emulating every cell is not short")
	}
	qemu, err := exec.LookPath("qemu-aarch64-static")
	if err != nil {
		if os.Getenv("ADAGRAD_REQUIRE_ARM64") == "1" {
			t.Fatal("qemu-aarch64-static is not installed (apt-get install qemu-user-static)")
		}
		t.Skip("qemu-aarch64-static is not installed; apt-get install qemu-user-static to run this test")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module cell\n\ngo 1.26\n\nrequire github.com/gonb-tutorials/optimizers v0.0.0\n\n" +
		"replace github.com/gonb-tutorials/optimizers => " + repo + "\n"
	for _, nb := range notebooks {
		t.Run(nb.name, func(t *testing.T) {
			progs := cellPrograms(t, nb.name+".ipynb")
			var wg sync.WaitGroup
			sem := make(chan bool, 2)
			for _, p := range progs {
				if strings.Contains(p.source, "panel.Run(") {
					continue // a playground: it prints only in a notebook page
				}
				dir := t.TempDir()
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- true
					defer func() { <-sem }()
					got, err := runArm64(dir, p, gomod, sum, qemu)
					if err != nil {
						t.Errorf("cell %q: %v", p.cell, err)
						return
					}
					if strings.TrimSpace(got) != strings.TrimSpace(p.want) {
						t.Errorf("cell %q prints on arm64\n%s\nwhere the notebook shows\n%s", p.cell, got, p.want)
					}
				}()
			}
			wg.Wait()
		})
	}
}

// runArm64 builds p for arm64 in dir and runs it under qemu, in dir (the
// animations write their GIFs there), and returns its standard output.
func runArm64(dir string, p program, gomod string, sum []byte, qemu string) (string, error) {
	for name, data := range map[string][]byte{"main.go": []byte(p.source), "go.mod": []byte(gomod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", err
		}
	}
	build := exec.Command("go", "build", "-o", "cell", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOARCH=arm64", "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building for arm64: %v\n%s", err, out)
	}
	run := exec.Command(qemu, append([]string{"./cell"}, strings.Fields(p.args)...)...)
	run.Dir = dir
	var stdout, stderr bytes.Buffer
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		return "", fmt.Errorf("running under qemu: %v\n%s", err, stderr.String())
	}
	return stdout.String(), nil
}
