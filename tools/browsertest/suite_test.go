package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A suite is what the browser tests share: a newcomer's copy of the
// project with the kernel registered, one Jupyter server on its notebooks
// and one Chromium. The first test that needs it starts it (see
// browserSuite); TestMain stops it after the last test. Each visit to a
// notebook opens a tab of its own (see open).
type suite struct {
	fe      frontEnd
	repo    string // the project; its committed notebooks are the reference
	n       *newcomer
	srv     *server
	browser context.Context
	shots   string // where screenshots and pictures go
	start   time.Time

	stops []func() // in reverse order of starting
}

// shared is the suite of this test binary, started at most once.
var shared struct {
	once sync.Once
	s    *suite
	skip string // why the browser tests cannot run here
	err  error  // why the suite failed to start
}

// TestMain stops the shared suite, if a test started it.
func TestMain(m *testing.M) {
	code := m.Run()
	if s := shared.s; s != nil {
		s.stop()
		fmt.Printf("browser tests: %.1f s, from the start of the setup to the end of the last test\n", time.Since(s.start).Seconds())
	}
	os.Exit(code)
}

// browserSuite returns the shared suite, starting it on first use. It skips
// the test in -short mode, and where jupyter-notebook or Chromium is
// missing, unless ADAGRAD_REQUIRE_NOTEBOOKS=1 (set by scripts/test), when
// their absence is a failure.
func browserSuite(t *testing.T) *suite {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser run is not short")
	}
	shared.once.Do(func() {
		start := time.Now()
		shared.s, shared.skip, shared.err = startSuite(t.Logf)
		if shared.s != nil {
			t.Logf("%s on %s, Chromium started (setup %.1f s)", shared.s.fe.name, shared.s.srv.base, time.Since(start).Seconds())
		}
	})
	switch {
	case shared.skip != "" && os.Getenv("ADAGRAD_REQUIRE_NOTEBOOKS") == "1":
		t.Fatalf("%s (scripts/install-jupyter installs it on Debian and Ubuntu)", shared.skip)
	case shared.skip != "":
		t.Skipf("%s; scripts/install-jupyter installs it on Debian and Ubuntu", shared.skip)
	case shared.err != nil:
		t.Fatal(shared.err)
	}
	s := shared.s
	t.Logf("screenshots and pictures: %s", s.shots)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log (end):\n%s", s.srv.log.tail(60))
		}
	})
	return s
}

// startSuite starts what the browser tests share, or says why it cannot
// (skip) or failed (err).
func startSuite(logf func(string, ...any)) (s *suite, skip string, err error) {
	if err := exec.Command("jupyter", "notebook", "--version").Run(); err != nil {
		return nil, "jupyter notebook is not installed", nil
	}
	chromium := findChromium()
	if chromium == "" {
		return nil, "chromium is not installed", nil
	}
	s = &suite{fe: classicNotebook, start: time.Now()}
	defer func() {
		if err != nil {
			s.stop()
			s = nil
		}
	}()
	if s.repo, err = filepath.Abs(filepath.Join("..", "..")); err != nil {
		return nil, "", err
	}
	if s.shots = os.Getenv("ADAGRAD_SCREENSHOTS"); s.shots != "" {
		err = os.MkdirAll(s.shots, 0o755)
	} else {
		s.shots, err = os.MkdirTemp("", "adagrad-screenshots-")
	}
	if err != nil {
		return nil, "", err
	}

	tmp, err := os.MkdirTemp("", "adagrad-browsertest-")
	if err != nil {
		return nil, "", err
	}
	s.stops = append(s.stops, func() { os.RemoveAll(tmp) })
	if s.n, err = newNewcomer(s.repo, tmp, logf); err != nil {
		return nil, "", err
	}
	if s.srv, err = startServer(s.fe, s.n); err != nil {
		return nil, "", err
	}
	s.stops = append(s.stops, s.srv.stop)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000),
		// The network is the local server only.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)...)
	s.stops = append(s.stops, cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	s.stops = append(s.stops, cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		return nil, "", fmt.Errorf("starting %s: %v", chromium, err)
	}
	s.browser = browser
	return s, "", nil
}

// stop stops the browser and the server and removes the temporary files.
func (s *suite) stop() {
	for i := len(s.stops) - 1; i >= 0; i-- {
		s.stops[i]()
	}
	s.stops = nil
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// open opens the notebook (a file name in notebooks/) in a new tab, as the
// committed file has it: the server's copy is restored first, in case an
// earlier visit saved it. It returns once the page shows the notebook. The
// tab closes, and the notebook's kernel stops, when t ends.
func (s *suite) open(t *testing.T, name string) context.Context {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.repo, "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.n.repo, "notebooks", name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.srv.shutdownKernel(t, name) })
	tab, cancel := chromedp.NewContext(s.browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil { // opens the tab, without a deadline
		t.Fatal(err)
	}
	ctx, cancelOpen := context.WithTimeout(tab, 60*time.Second)
	defer cancelOpen()
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.fe.notebookURL(s.srv.base, name, s.srv.token)),
		ignore(chromedp.Poll[bool](s.fe.loaded, chromedp.WithPollingTimeout(0))),
	)
	if err != nil {
		t.Fatalf("opening %s: %v", name, err)
	}
	return tab
}

// waitFor polls the JavaScript expression js until it is true, or fails the
// test after d, leaving a screenshot of the page as NAME-timeout.png.
func (s *suite) waitFor(t *testing.T, tab context.Context, name, what string, d time.Duration, js string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, d)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err == nil {
		return
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("not within %v", d)
	}
	s.screenshot(t, tab, name+"-timeout")
	t.Fatalf("waiting for %s: %v", what, err)
}

// pageEval evaluates js in the page, awaiting it if it is a promise, and
// decodes its value; an error fails the test.
func pageEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.120q: %v", js, err)
	}
	return v
}
