package main

import (
	"bytes"
	"fmt"
	"image/gif"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gonb-tutorials/optimizers/internal/reference"
)

func TestAnimateWritesGIF(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args          []string
		frames, delay int
		hold          int // hundredths the last frame is held
		width, height int
	}{
		{[]string{"-x0", "-1"}, 200, 2, 0, 960, 540},
		{[]string{"-func", "quadratic2d", "-frames", "50", "-fps", "25", "-size", "320x200"}, 50, 4, 150, 320, 200},
		{[]string{"-frames", "3", "-fps", "0.0016", "-size", "64x36"}, 3, 62500, 0, 64, 36},
	} {
		out := filepath.Join(dir, "a.gif")
		code, stdout, stderr := runCLI(append(append([]string{"animate"}, c.args...), "-out", out)...)
		if code != 0 || stderr != "" || !strings.Contains(stdout, out) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", c.args, code, stdout, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		g, err := gif.DecodeAll(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, d := range g.Delay {
			total += d
		}
		if g.Config.Width != c.width || g.Config.Height != c.height || total != c.frames*c.delay+c.hold || g.LoopCount != 0 {
			t.Errorf("%v: %dx%d, total delay %d, loop %d; want %dx%d, %d, 0", c.args, g.Config.Width, g.Config.Height, total, g.LoopCount, c.width, c.height, c.frames*c.delay+c.hold)
		}
	}
	assertOnly(t, dir, "a.gif")
}

// assertOnly fails if dir holds anything but names: no temporary files.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

func TestAnimateUsageErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a.gif")
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"-frames", "0", "-out", out}, "-frames"},
		{[]string{"-frames", "1002", "-out", out}, "-frames"},
		{[]string{"-iters", "10", "-frames", "12", "-out", out}, "-frames"},
		{[]string{"-fps", "0", "-out", out}, "-fps"},
		{[]string{"-fps", "101", "-out", out}, "-fps"},
		{[]string{"-fps", "NaN", "-out", out}, "-fps"},
		{[]string{"-fps", "1e-300", "-out", out}, "-fps"},
		{[]string{"-fps", "0.0015", "-out", out}, "-fps"},
		{[]string{"-size", "15x100", "-out", out}, "-size"},
		{[]string{"-size", "100x9000", "-out", out}, "-size"},
		{[]string{"-size", "big", "-out", out}, "-size"},
		{[]string{"-lr", "0", "-out", out}, "-lr"},
		{[]string{}, "-out"},
	} {
		code, stdout, stderr := runCLI(append([]string{"animate"}, c.args...)...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.flag) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and one line naming %s", c.args, code, stdout, stderr, c.flag)
		}
	}
	assertOnly(t, dir)
}

func TestUnwritableOutput(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	bad := filepath.Join(blocker, "a.gif") // a file is not a folder
	code, stdout, stderr := runCLI("animate", "-out", bad)
	if code != 1 || stdout != "" || !strings.Contains(stderr, bad) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("animate to %s: exit %d, stdout %q, stderr %q; want 1 and the path", bad, code, stdout, stderr)
	}
	code, _, stderr = runCLI("tutorial", "-out", blocker)
	if code != 1 || !strings.Contains(stderr, blocker) {
		t.Errorf("tutorial into a file: exit %d, stderr %q", code, stderr)
	}
	assertOnly(t, dir, "file")
}

// tutorialOut runs "adagrad tutorial" once for the tests that read what
// it prints and writes; TestMain removes its folder.
var (
	tutorialOnce                             sync.Once
	tutorialTemp                             string
	tutorialDir, tutorialStdout, tutorialErr string
)

func tutorialOut(t *testing.T) (dir, stdout string) {
	t.Helper()
	tutorialOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "adagrad-tutorial-")
		if err != nil {
			tutorialErr = err.Error()
			return
		}
		tutorialTemp, tutorialDir = tmp, filepath.Join(tmp, "new", "out")
		code, stdout, stderr := runCLI("tutorial", "-out", tutorialDir)
		if code != 0 || stderr != "" {
			tutorialErr = fmt.Sprintf("adagrad tutorial: exit %d, stderr %q", code, stderr)
		}
		tutorialStdout = stdout
	})
	if tutorialErr != "" {
		t.Fatal(tutorialErr)
	}
	return tutorialDir, tutorialStdout
}

func TestMain(m *testing.M) {
	code := m.Run()
	if tutorialTemp != "" {
		os.RemoveAll(tutorialTemp)
	}
	os.Exit(code)
}

func TestTutorial(t *testing.T) {
	dir, stdout := tutorialOut(t)
	r1, r2 := reference.Must(t, "tutorial-1d.json"), reference.Must(t, "tutorial-2d.json")
	for _, want := range []string{
		"x = " + strconv.FormatFloat(r1.Final[0], 'g', -1, 64),
		"(" + strconv.FormatFloat(r2.Final[0], 'g', -1, 64) + ", " + strconv.FormatFloat(r2.Final[1], 'g', -1, 64) + ")",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	for _, name := range []string{"adagrad-1d.gif", "adagrad-at-a-glance.gif", "adagrad-1d-first.png", "adagrad-1d-last.png", "adagrad-2d-contour.png", "adagrad-2d.gif", "adagrad-slowdown.png", "why-paths.png", "why-paths.gif", "why-lr-sweep.png", "why-weakness.png"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.Size() < 1000 {
			t.Errorf("%s: %v", name, err)
		}
		if !strings.Contains(stdout, name) {
			t.Errorf("output does not list %s", name)
		}
	}
}
