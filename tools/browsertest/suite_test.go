package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A suite is what the browser tests share: a newcomer's copy of the
// project with the kernel registered, one Chromium, and the Jupyter
// servers, each started by the first test that needs it (see front). The
// first test that needs the suite starts it (see browserSuite); TestMain
// stops it after the last test. Each visit to a notebook opens a tab of its
// own (see front.open).
type suite struct {
	repo    string // the project; its committed notebooks are the reference
	n       *newcomer
	browser context.Context
	shots   string // where screenshots and pictures go
	start   time.Time

	mu      sync.Mutex
	servers map[string]*serverOnce // by frontEnd.server
	stops   []func()               // in reverse order of starting
}

type serverOnce struct {
	once sync.Once
	srv  *server
	err  error
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

// required reports whether a missing Jupyter or Chromium fails the tests
// instead of skipping them: ADAGRAD_REQUIRE_NOTEBOOKS=1, as scripts/test
// sets it.
func required() bool { return os.Getenv("ADAGRAD_REQUIRE_NOTEBOOKS") == "1" }

// browserSuite returns the shared suite, starting it on first use. It skips
// the test in -short mode, and where Chromium is missing, unless
// ADAGRAD_REQUIRE_NOTEBOOKS=1 (set by scripts/test), when its absence is a
// failure.
func browserSuite(t *testing.T) *suite {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser run is not short")
	}
	shared.once.Do(func() {
		start := time.Now()
		shared.s, shared.skip, shared.err = startSuite(t.Logf)
		if shared.s != nil {
			t.Logf("Chromium started, kernel registered for a newcomer (setup %.1f s)", time.Since(start).Seconds())
		}
	})
	switch {
	case shared.skip != "" && required():
		t.Fatalf("%s (scripts/install-jupyter installs it on Debian and Ubuntu)", shared.skip)
	case shared.skip != "":
		t.Skipf("%s; scripts/install-jupyter installs it on Debian and Ubuntu", shared.skip)
	case shared.err != nil:
		t.Fatal(shared.err)
	}
	t.Logf("screenshots and pictures: %s", shared.s.shots)
	return shared.s
}

// startSuite starts what the browser tests share, or says why it cannot
// (skip) or failed (err).
func startSuite(logf func(string, ...any)) (s *suite, skip string, err error) {
	chromium := findChromium()
	if chromium == "" {
		return nil, "chromium is not installed", nil
	}
	s = &suite{start: time.Now(), servers: map[string]*serverOnce{}}
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

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000),
		// The network is the local servers only.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		// A made-up host name for 127.0.0.1: a page opened through it is
		// not a secure context, as a page at a LAN address is not.
		chromedp.Flag("host-resolver-rules", "MAP "+insecureHost+" 127.0.0.1"),
		// The https server's certificate is the test's own (selfSigned).
		chromedp.Flag("ignore-certificate-errors", true),
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

// insecureHost is a name Chromium resolves to 127.0.0.1 (see startSuite).
const insecureHost = "learner.test"

// stop stops the browser and the servers and removes the temporary files.
func (s *suite) stop() {
	s.mu.Lock()
	stops := s.stops
	s.stops = nil
	s.mu.Unlock()
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// A front is one front end, its server started, in the suite's browser.
type front struct {
	*suite
	fe  *frontEnd
	srv *server
}

// selected reports whether ADAGRAD_FRONT_ENDS (ids, comma-separated) lets
// the front end run; unset, it lets every one.
func selected(fe *frontEnd) bool {
	env := os.Getenv("ADAGRAD_FRONT_ENDS")
	return env == "" || slices.Contains(strings.Split(env, ","), fe.id)
}

// front returns the front end on its server, starting the server on
// first use. It skips the test if the front end is not installed or not
// selected; a front end that is selected but not installed fails it when
// ADAGRAD_REQUIRE_NOTEBOOKS=1.
func (s *suite) front(t *testing.T, fe *frontEnd) *front {
	t.Helper()
	return s.frontAt(t, fe, serving{})
}

// frontAt is front, with the page opened at the host (a name Chromium
// resolves to 127.0.0.1), the server under the base_url and serving https
// as at says.
func (s *suite) frontAt(t *testing.T, fe *frontEnd, at serving) *front {
	t.Helper()
	why := fe.missing(s.n)
	switch {
	case why != "" && selected(fe) && required():
		t.Fatalf("%s: %s", fe.name, why)
	case why != "":
		t.Skipf("%s: %s", fe.name, why)
	case !selected(fe):
		t.Skipf("%s: not in ADAGRAD_FRONT_ENDS=%s", fe.name, os.Getenv("ADAGRAD_FRONT_ENDS"))
	}
	key := fe.server
	if at.host != "" || at.baseURL != "" {
		key += "-elsewhere"
	}
	if at.https {
		key += "-https"
	}
	s.mu.Lock()
	so := s.servers[key]
	if so == nil {
		so = &serverOnce{}
		s.servers[key] = so
	}
	s.mu.Unlock()
	so.once.Do(func() {
		start := time.Now()
		project, err := s.n.copyFor(key)
		if err != nil {
			so.err = err
			return
		}
		at.project = project
		so.srv, so.err = startServer(fe, s.n, key, at)
		if so.err == nil {
			s.mu.Lock()
			s.stops = append(s.stops, so.srv.stop)
			s.mu.Unlock()
			t.Logf("%s server (%s) on %s, started in %.1f s", key, fe.name, so.srv.page, time.Since(start).Seconds())
		}
	})
	if so.err != nil {
		t.Fatal(so.err)
	}
	f := &front{suite: s, fe: fe, srv: so.srv}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log (end):\n%s", f.srv.log.tail(60))
		}
	})
	return f
}

// open opens the notebook (a file name in notebooks/) in a new tab, as the
// committed file has it: the server's copy is restored first, in case an
// earlier visit saved it. It returns once the page shows the notebook with
// its kernel connected and the test's driver (frontEnd.driver) installed.
// The tab closes, and the notebook's kernel stops, when t ends.
func (f *front) open(t *testing.T, name string) context.Context {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.repo, "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return f.openWith(t, name, b)
}

// openWith is open, with the notebook file holding b.
func (f *front) openWith(t *testing.T, name string, b []byte) context.Context {
	t.Helper()
	if err := os.WriteFile(filepath.Join(f.srv.dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.srv.shutdownKernel(t, name) })
	tab, cancel := chromedp.NewContext(f.browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil { // opens the tab, without a deadline
		t.Fatal(err)
	}
	f.load(t, tab, f.fe.notebookURL(f.srv.page, name, f.srv.token))
	return tab
}

// load navigates the tab to address and waits for the notebook and the
// driver, as open does.
func (f *front) load(t *testing.T, tab context.Context, address string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 90*time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Navigate(address),
		ignore(chromedp.Poll[bool](f.fe.loaded, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond))),
		evalAction(f.fe.driver),
	)
	if err != nil {
		t.Fatalf("opening %s in %s: %v", address, f.fe.name, err)
	}
}

// shot names a screenshot of this front end.
func (f *front) shot(name string) string { return f.fe.id + "-" + name }

// waitFor polls the JavaScript expression js until it is true, or fails the
// test after d, leaving a screenshot of the page as ID-NAME-timeout.png.
func (f *front) waitFor(t *testing.T, tab context.Context, name, what string, d time.Duration, js string) {
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
	f.screenshot(t, tab, name+"-timeout")
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
