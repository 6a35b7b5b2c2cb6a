package dockerfile

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// instruction is one parsed Dockerfile instruction: its keyword, lower
// case, and its arguments.
type instruction struct {
	cmd  string
	args []string
	line int
	raw  string
}

func parseDockerfile(t *testing.T) []instruction {
	t.Helper()
	f, err := os.Open("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("Docker's parser rejects the Dockerfile: %v", err)
	}
	var out []instruction
	for _, n := range res.AST.Children {
		ins := instruction{cmd: strings.ToLower(n.Value), line: n.StartLine, raw: n.Original}
		for a := n.Next; a != nil; a = a.Next {
			ins.args = append(ins.args, a.Value)
		}
		out = append(out, ins)
	}
	return out
}

// venvBin is where scripts/install-jupyter puts the pinned Jupyter's
// commands in the image: the project's .venv/jupyter.
const venvBin = "/home/jovyan/adagrad-tutorial/.venv/jupyter/bin"

func TestDockerfile(t *testing.T) {
	ins := parseDockerfile(t)
	script, err := os.ReadFile("../../scripts/install-gonb")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^GONB_VERSION=(v[0-9.]+)`).FindSubmatch(script)
	if m == nil {
		t.Fatal("scripts/install-gonb sets no GONB_VERSION")
	}
	gonbVersion := string(m[1])
	toolsMod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(toolsMod), "github.com/janpfeifer/gonb "+gonbVersion) {
		t.Errorf("tools/go.mod does not pin GoNB %s, the install script's version", gonbVersion)
	}

	var (
		lastUser                                   string
		froms                                      int
		exposes8888, healthcheck, installsGoNB     bool
		copiesProject, runsNotebooks, usesGoStages bool
		installsJupyter, pinnedFirst               bool
		exposes8080, warmsWeb                      bool
	)
	pinnedTag := regexp.MustCompile(`^[^:@\s]+(:[0-9][\w.-]*\d[\w.-]*|@sha256:[0-9a-f]{64})$`)
	for _, in := range ins {
		all := strings.Join(in.args, " ")
		if strings.Contains(in.raw, "@latest") || strings.Contains(in.raw, ":latest") {
			t.Errorf("line %d pins nothing: %s", in.line, in.raw)
		}
		if regexp.MustCompile(`(?i)(token|password)\s*=\s*(''|""|\s|$)`).MatchString(all) {
			t.Errorf("line %d empties the token or password: %s", in.line, in.raw)
		}
		switch in.cmd {
		case "from":
			froms++
			image := in.args[0]
			if !pinnedTag.MatchString(image) {
				t.Errorf("line %d: FROM %s is not pinned to a dated or versioned tag or a digest", in.line, image)
			}
			if strings.HasPrefix(image, "golang:1.26") {
				usesGoStages = true
			}
		case "user":
			lastUser = all
		case "expose":
			for _, a := range in.args {
				if strings.HasPrefix(a, "8888") {
					exposes8888 = true
				}
				if strings.HasPrefix(a, "8080") {
					exposes8080 = true
				}
			}
		case "healthcheck":
			healthcheck = len(in.args) > 0 && in.args[0] != "NONE"
		case "copy":
			if strings.Contains(all, ". /home/jovyan/") {
				copiesProject = true
			}
		case "env":
			// ENV PATH=... holds its value as one argument after the name.
			for i := 0; i+1 < len(in.args); i += 2 {
				if in.args[i] == "PATH" {
					pinnedFirst = strings.HasPrefix(in.args[i+1], venvBin+":")
				}
			}
		case "run":
			if strings.Contains(all, "scripts/install-gonb") {
				installsGoNB = true
			}
			if strings.Contains(all, "scripts/install-jupyter --lab") {
				if !copiesProject {
					t.Errorf("line %d installs the pinned Jupyter before the project (and its lock) is copied in", in.line)
				}
				installsJupyter = true
			}
			// The web page is built once in the image, by the adagrad
			// command the image puts on PATH, after it is built.
			if i := strings.Index(all, "adagrad web -out"); i >= 0 {
				warmsWeb = strings.Contains(all[:i], "go build -o /home/jovyan/go/bin/adagrad ./cmd/adagrad")
				if !warmsWeb {
					t.Errorf("line %d runs adagrad web before building the adagrad command into ~/go/bin: %s", in.line, in.raw)
				}
			}
			if strings.Contains(all, "./notebooks") {
				runsNotebooks = true
				if !installsJupyter {
					t.Errorf("line %d executes the notebooks before the pinned Jupyter (and its nbconvert) is installed", in.line)
				}
				// As on a newcomer's machine, the kernel must find GoNB's
				// tools through the PATH install-gonb registered, not the
				// image's.
				if !strings.Contains(all, "grep -vx /home/jovyan/go/bin") {
					t.Errorf("line %d executes the notebooks with ~/go/bin on PATH: %s", in.line, in.raw)
				}
			}
		}
	}
	if froms < 2 || !usesGoStages {
		t.Errorf("want the Go toolchain from a pinned golang:1.26 image and JupyterLab from the Docker Stacks")
	}
	if lastUser == "" || lastUser == "root" || lastUser == "0" || strings.HasPrefix(lastUser, "0:") || strings.HasPrefix(lastUser, "root:") {
		t.Errorf("the last USER is %q: the notebook server must not run as root", lastUser)
	}
	if !exposes8888 || !healthcheck {
		t.Errorf("EXPOSE 8888 %v, HEALTHCHECK %v: want both", exposes8888, healthcheck)
	}
	// The page served from the image: on the port it exposes, named by the
	// command its header gives.
	if !exposes8080 || !warmsWeb {
		t.Errorf("EXPOSE 8080 %v, the web page built in the image %v: want both", exposes8080, warmsWeb)
	}
	if !strings.Contains(header(t), "adagrad web -addr 0.0.0.0:8080") {
		t.Errorf("the Dockerfile's header does not say how to serve the web page (adagrad web -addr 0.0.0.0:8080)")
	}
	if !copiesProject || !installsGoNB || !runsNotebooks {
		t.Errorf("copies the project %v, installs GoNB with the script %v, executes the notebooks %v: want all", copiesProject, installsGoNB, runsNotebooks)
	}
	// The image serves the JupyterLab the browser test drives: the lock,
	// installed by scripts/install-jupyter, its commands first on PATH
	// (start-notebook.py runs "jupyter lab" from PATH).
	if !installsJupyter {
		t.Errorf("no RUN scripts/install-jupyter --lab: the image would serve the base image's JupyterLab, not tools/jupyter/requirements.txt's")
	}
	if !pinnedFirst {
		t.Errorf("ENV PATH does not start with %s: \"jupyter lab\" would not be the pinned one", venvBin)
	}
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git", "out/", "notebooks/*.gif", ".venv/"} {
		if !strings.Contains(string(ignore), want) {
			t.Errorf(".dockerignore does not exclude %s", want)
		}
	}
}

// TestJupyterLock checks the pin list the image (and the tests) install:
// every package at one exact version, JupyterLab 4 and Notebook 7 among
// them, and scripts/install-jupyter installing exactly that list into the
// folder the Dockerfile puts first on PATH.
func TestJupyterLock(t *testing.T) {
	b, err := os.ReadFile("../jupyter/requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	pin := regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)$`)
	pins := map[string]string{}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := pin.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("tools/jupyter/requirements.txt:%d: %q is not NAME==VERSION", i+1, line)
			continue
		}
		name := strings.ToLower(strings.NewReplacer("_", "-", ".", "-").Replace(m[1]))
		if _, dup := pins[name]; dup {
			t.Errorf("tools/jupyter/requirements.txt pins %s twice", name)
		}
		pins[name] = m[2]
	}
	for name, major := range map[string]string{"jupyterlab": "4.", "notebook": "7.", "nbconvert": "7.", "nbclient": "0.", "jupyter-client": "8.", "jupyter-server": "2."} {
		if v, ok := pins[name]; !ok || !strings.HasPrefix(v, major) {
			t.Errorf("tools/jupyter/requirements.txt pins %s at %q, want %sx", name, v, major)
		}
	}
	if len(pins) < 50 {
		t.Errorf("tools/jupyter/requirements.txt pins %d packages: not a full lock of JupyterLab's dependencies", len(pins))
	}
	script, err := os.ReadFile("../../scripts/install-jupyter")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lock=tools/jupyter/requirements.txt", `--no-deps`, `-r "$lock"`, "pip check", `$repo/.venv/jupyter`} {
		if !strings.Contains(string(script), want) {
			t.Errorf("scripts/install-jupyter does not hold %q: it must install exactly the lock into .venv/jupyter", want)
		}
	}
}

// header returns the Dockerfile's opening comment, which tells a reader
// how to build and run the image.
func header(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			break
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}
