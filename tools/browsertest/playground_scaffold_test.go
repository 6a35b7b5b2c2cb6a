package browsertest

// A minimal scaffold for the playground's browser test: a classic Jupyter
// Notebook server on a copy of the repository, headless Chromium driven by
// chromedp, and the few page actions the test needs. The selectors of
// classic Notebook 6.4 are all in pgNotebook.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pgNotebook holds classic Notebook 6.4's page details in one place.
var pgNotebook = struct {
	// Ready is true once the notebook and its kernel are loaded.
	Ready string
	// Idle is true while the kernel is connected and idle.
	Idle string
	// CellIndex(text) is the index of the first cell whose source holds text.
	CellIndex string
	// Execute(i) runs cell i; Interrupt interrupts the kernel.
	Execute, Interrupt string
	// Output(i) is the selector of cell i's output area.
	Output string
	// NoAutoScroll keeps long outputs from being put in a scroll box.
	NoAutoScroll string
}{
	Ready:        `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())`,
	Idle:         `!!(Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() && document.querySelector("#kernel_indicator_icon.kernel_idle_icon"))`,
	CellIndex:    `Jupyter.notebook.get_cells().findIndex(c => c.get_text().includes(%q))`,
	Execute:      `Jupyter.notebook.execute_cells([%d])`,
	Interrupt:    `Jupyter.notebook.kernel.interrupt()`,
	Output:       `#notebook-container .cell:nth-child(%d) .output_wrapper`,
	NoAutoScroll: `IPython.OutputArea.auto_scroll_threshold = -1`,
}

// pgServer is a running Jupyter Notebook server.
type pgServer struct {
	dir   string // the copy of the repository
	url   string // http://127.0.0.1:port
	token string
}

// pgRequire skips the test when a tool is missing, unless
// ADAGRAD_REQUIRE_BROWSER=1, when it fails.
func pgRequire(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("ADAGRAD_REQUIRE_BROWSER") == "1" {
				t.Fatalf("%s is not installed", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// pgRepoRoot is the repository this module sits in.
func pgRepoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// pgCopyRepo copies the repository's files (tracked and new, not ignored)
// into dir, so that the notebooks run as saved and the checkout stays
// untouched.
func pgCopyRepo(t *testing.T, root, dir string) {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("listing the repository's files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		info, err := os.Stat(src)
		if err != nil || info.IsDir() {
			continue // deleted in the work tree, or a submodule
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// pgStartJupyter starts `jupyter notebook` on a copy of the repository and
// stops it (and its kernels) when the test ends.
func pgStartJupyter(t *testing.T) *pgServer {
	t.Helper()
	pgRequire(t, "jupyter", "git", "go")
	if _, err := os.Stat(filepath.Join(os.Getenv("HOME"), ".local", "share", "jupyter", "kernels", "gonb", "kernel.json")); err != nil {
		if out, err := exec.Command("jupyter", "kernelspec", "list").Output(); err != nil || !strings.Contains(string(out), "gonb") {
			pgRequire(t, "the gonb kernel (scripts/install-gonb)")
		}
	}
	s := &pgServer{dir: t.TempDir()}
	pgCopyRepo(t, pgRepoRoot(t), s.dir)
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	s.token = hex.EncodeToString(tok)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s.url = fmt.Sprintf("http://127.0.0.1:%d", port)

	gopath, _ := exec.Command("go", "env", "GOPATH").Output()
	cmd := exec.Command("jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port),
		"--NotebookApp.token="+s.token, "--NotebookApp.notebook_dir="+filepath.Join(s.dir, "notebooks"))
	if os.Geteuid() == 0 {
		cmd.Args = append(cmd.Args, "--allow-root") // as in a container
	}
	cmd.Env = append(os.Environ(), "PATH="+os.Getenv("PATH")+":"+filepath.Join(strings.TrimSpace(string(gopath)), "bin"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(s.dir, ".jupyter-runtime"))
	log, err := os.Create(filepath.Join(s.dir, "jupyter.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its kernels too, at the end
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		if t.Failed() && pgDebugDir != "" {
			if b, err := os.ReadFile(filepath.Join(s.dir, "jupyter.log")); err == nil {
				_ = os.WriteFile(filepath.Join(pgDebugDir, "jupyter.log"), b, 0o644)
			}
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		log.Close()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.url + "/api/status?token=" + s.token)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case <-exited:
			deadline = time.Time{}
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(s.dir, "jupyter.log"))
			t.Fatalf("jupyter notebook did not start: %v\n%s", err, b)
		}
	}
}

// pgBrowser starts headless Chromium, its window width x height, and
// closes it when the test ends.
func pgBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		pgRequire(t, "chromium")
		chromium, _ = exec.LookPath("chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.WindowSize(width, height),
		// Keep it off the network it cannot reach.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// pgEval evaluates js in the page, awaiting a promise, and decodes its
// value.
func pgEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.120q: %v", js, err)
	}
	return v
}

// pgDebugDir, if set, receives a screenshot of the page when a wait times
// out.
var pgDebugDir string

// pgWait polls js until it is true, or fails the test after d.
func pgWait(t *testing.T, ctx context.Context, what string, d time.Duration, js string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			if pgDebugDir != "" {
				if b, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
					_ = os.WriteFile(filepath.Join(pgDebugDir, "timeout.jpg"), b, 0o644)
				}
			}
			t.Fatalf("timed out after %v waiting for %s (%v)", d, what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pgOpen opens a notebook and waits for its kernel.
func pgOpen(t *testing.T, ctx context.Context, s *pgServer, notebook string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/notebooks/"+notebook+"?token="+s.token)); err != nil {
		t.Fatal(err)
	}
	pgWait(t, ctx, "the notebook and its kernel", 2*time.Minute, pgNotebook.Ready)
	pgWait(t, ctx, "an idle kernel", 2*time.Minute, pgNotebook.Idle)
	pgEval[chromedp.Void](t, ctx, pgNotebook.NoAutoScroll)
}

// pgCell returns the index of the first cell holding text.
func pgCell(t *testing.T, ctx context.Context, text string) int {
	t.Helper()
	i := pgEval[int](t, ctx, fmt.Sprintf(pgNotebook.CellIndex, text))
	if i < 0 {
		t.Fatalf("no cell holds %q", text)
	}
	return i
}

// pgExecute runs cell i (it returns at once; wait for what it shows).
func pgExecute(t *testing.T, ctx context.Context, i int) {
	t.Helper()
	pgEval[chromedp.Void](t, ctx, fmt.Sprintf(pgNotebook.Execute, i))
}

// pgOutput is the selector of cell i's output area.
func pgOutput(i int) string { return fmt.Sprintf(pgNotebook.Output, i+1) }
