package browsertest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

// TestWebPage opens the playground's web page as a reader does: it runs
// "go run ./cmd/adagrad web -addr 127.0.0.1:0" in the repository (the
// README's command, on a free port), opens the address it prints in
// Chromium, and plays with both playgrounds: every control moved with the
// keyboard, sliders dragged and the replay button pressed with the mouse,
// each readout checked against adagrad.Run for the values the page shows
// beside the controls, a replay played and one cut short by a move. It
// measures the page-ready time (the first picture, from the start of the
// navigation) and the time from a key press to the new picture on the
// canvas, and prints them beside issue 24's targets (2 s; a median of
// 16 ms and a worst of 50 ms); a picture missing for 20 s fails. It also
// loads the page that "adagrad web -out DIR" writes, from a plain static
// file server, and leaves screenshots (web-*.png) in the screenshot folder.
func TestWebPage(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser run is not short")
	}
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("ADAGRAD_REQUIRE_NOTEBOOKS") == "1" {
			t.Fatal("chromium is not installed (scripts/install-jupyter installs it on Debian and Ubuntu)")
		}
		t.Skip("chromium is not installed; scripts/install-jupyter installs it on Debian and Ubuntu")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	w := &webPage{t: t, shots: webShots(t)}
	t.Logf("screenshots: %s", w.shots)
	start := time.Now()
	url := startWebCommand(t, repo)
	t.Logf("adagrad web: serving at %s (%.1f s, the module built or cached)", url, time.Since(start).Seconds())
	checkGzip(t, url)
	w.tab = startBrowser(t, chromium)

	results := map[string]any{}
	w.load(t, url)
	results["ready"] = w.ready(t, "first load")
	w.shot(t, "web-loaded")
	w.checkAccessible(t)

	for _, pg := range []string{"one", "two"} {
		t.Run(pg, func(t *testing.T) {
			w.checkReadout(t, pg)
			w.keyboard(t, pg)
			w.mouse(t, pg)
			w.burst(t, pg)
			w.replay(t, pg)
			w.replayCutShort(t, pg)
		})
	}
	w.shot(t, "web-played")
	// The latency at the tutorial's 1000 steps, 960x540.
	for _, c := range []struct {
		pg    string
		moves int
	}{{"one", 40}, {"two", 40}} {
		results["latency "+c.pg] = w.latency(t, c.pg, c.moves)
	}
	// Loaded again: the browser revalidates the files and may keep the
	// compiled module.
	for i := range 2 {
		w.load(t, url)
		results[fmt.Sprintf("ready, reload %d", i+1)] = w.ready(t, fmt.Sprintf("reload %d", i+1))
	}

	t.Run("static host", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		out, err := goRun(repo, "web", "-out", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("adagrad web -out: %v\n%s", err, out)
		}
		t.Logf("adagrad web -out: %s", strings.TrimSpace(string(out)))
		static := serveStatic(t, dir)
		w.load(t, static)
		results["ready, static host"] = w.ready(t, "a static host")
		w.checkReadout(t, "two")
		w.keyboard(t, "two")
		w.shot(t, "web-static")
	})

	b, _ := json.MarshalIndent(results, "", "  ")
	if err := os.WriteFile(filepath.Join(w.shots, "web-latency.json"), b, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("results (also in %s):\n%s", filepath.Join(w.shots, "web-latency.json"), b)
}

// webShots returns the screenshot folder: ADAGRAD_SCREENSHOTS, as the rest
// of the suite, or a new temporary one that stays.
func webShots(t *testing.T) string {
	if d := os.Getenv("ADAGRAD_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, err := os.MkdirTemp("", "adagrad-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// goRun is "go run ./cmd/adagrad args..." in the repository, in a process
// group of its own, so that the command go run starts can be stopped too.
func goRun(repo string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", append([]string{"run", "./cmd/adagrad"}, args...)...)
	cmd.Dir = repo
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

var servingLine = regexp.MustCompile(`serving the playground at (http://127\.0\.0\.1:\d+/)`)

// startWebCommand starts "adagrad web" on 127.0.0.1 and a free port and
// returns the address it prints; the command stops when the test ends.
func startWebCommand(t *testing.T, repo string) string {
	t.Helper()
	cmd := goRun(repo, "web", "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr webLog
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // go run and the command it runs
		cmd.Wait()
	})
	found := make(chan string, 1)
	var printed webLog
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			printed.Write([]byte(sc.Text() + "\n"))
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case url := <-found:
		t.Logf("adagrad web printed:\n%s", strings.TrimSpace(printed.String()))
		return url
	case <-time.After(10 * time.Minute):
		t.Fatalf("adagrad web printed no address in 10 minutes:\n%s\n%s", printed.String(), stderr.String())
	}
	return ""
}

// webLog is an output that goroutines write and the test reads.
type webLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *webLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *webLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// checkGzip: the module comes gzip-compressed to a browser that takes it,
// as WebAssembly, and whole to one that does not.
func checkGzip(t *testing.T, url string) {
	t.Helper()
	get := func(enc string) (*http.Response, int) {
		req, _ := http.NewRequest("GET", url+"playground.wasm", nil)
		req.Header.Set("Accept-Encoding", enc)
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		n, _ := io.Copy(io.Discard, resp.Body)
		return resp, int(n)
	}
	gz, ngz := get("gzip, deflate, br")
	raw, nraw := get("identity")
	if gz.Header.Get("Content-Encoding") != "gzip" || raw.Header.Get("Content-Encoding") != "" || gz.Header.Get("Content-Type") != "application/wasm" || ngz >= nraw {
		t.Errorf("playground.wasm: %s, %q, %d bytes gzip-compressed; %q, %d bytes without", gz.Header.Get("Content-Type"), gz.Header.Get("Content-Encoding"), ngz, raw.Header.Get("Content-Encoding"), nraw)
	}
	t.Logf("the module: %.2f MB, %.2f MB gzip-compressed", float64(nraw)/1e6, float64(ngz)/1e6)
}

// serveStatic serves dir as a plain static host does, on 127.0.0.1.
func serveStatic(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// startBrowser starts Chromium, as the suite does, with one tab.
func startBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)...)
	t.Cleanup(cancelAlloc)
	tab, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	return tab
}

// webPage is the page open in a tab.
type webPage struct {
	t     *testing.T
	tab   context.Context
	shots string
}

// webHelpers is installed in the page after each load: small functions
// over one playground's section, so that each step is one evaluation.
const webHelpers = `
window.wt = {
	sec(pg) { return document.querySelector('section[data-playground="' + pg + '"]'); },
	frame(pg) { return Number(this.sec(pg).dataset.frame || 0); },
	readout(pg) { return this.sec(pg).querySelector(".readout").textContent; },
	controls(pg) {
		return [...this.sec(pg).querySelectorAll("[data-control]")].map(el => ({
			id: el.id, name: el.dataset.control, slider: el.type === "range", value: Number(el.value),
			max: el.type === "range" ? Number(el.max) : el.options.length - 1,
		}));
	},
	// settings: what the page shows beside (or in) each control.
	settings(pg) {
		const s = {};
		for (const el of this.sec(pg).querySelectorAll("[data-control]")) {
			s[el.dataset.control] = el.type === "range" ? this.sec(pg).querySelector('output[for="' + el.id + '"]').textContent
				: el.options[el.selectedIndex].text;
		}
		return s;
	},
	// next resolves with the first picture numbered above after (and its
	// readout), or fails after timeout ms.
	next(pg, after, timeout) {
		return new Promise((resolve, reject) => {
			const t0 = performance.now();
			const poll = () => {
				if (this.frame(pg) > after) resolve({frame: this.frame(pg), readout: this.readout(pg)});
				else if (performance.now() - t0 > timeout) reject(new Error(pg + ": no new picture within " + timeout / 1000 + " s after picture " + after));
				else setTimeout(poll, 2);
			};
			poll();
		});
	},
	// record collects the readouts of the pictures that come until stop(r)
	// holds for one, or timeout ms pass.
	record(pg, stop, timeout) {
		return new Promise((resolve, reject) => {
			const seen = [];
			let last = this.frame(pg);
			const t0 = performance.now();
			const poll = () => {
				if (this.frame(pg) !== last) {
					last = this.frame(pg);
					seen.push(this.readout(pg));
					if (stop(seen[seen.length - 1], seen)) { resolve(seen); return; }
				}
				if (performance.now() - t0 > timeout) reject(new Error("recorded " + JSON.stringify(seen.slice(-3))));
				else setTimeout(poll, 1);
			};
			poll();
		});
	},
	latencies(pg) {
		return performance.getEntriesByName("adagrad " + pg + ": input to picture").map(e => ({ms: e.duration, drawn: e.detail.drawn, module: e.detail.module}));
	},
};
`

// load opens url and installs the helpers.
func (w *webPage) load(t *testing.T, url string) {
	t.Helper()
	w.do(t, "loading "+url, chromedp.Navigate(url))
	w.eval(t, webHelpers, nil)
}

func (w *webPage) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(w.tab, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates js, awaiting a promise, into v (nil to drop it).
func (w *webPage) eval(t *testing.T, js string, v any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(w.tab, time.Minute)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		w.shot(t, "web-failed")
		t.Fatalf("evaluating %.100q: %v", js, err)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("evaluating %.100q: %v", js, err)
		}
	}
}

// shot saves a screenshot of the whole page as NAME.png.
func (w *webPage) shot(t *testing.T, name string) {
	t.Helper()
	b, err := chromedp.Run(w.tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(w.shots, name+".png"), b, 0o644); err != nil {
		t.Error(err)
	}
}

// webReady is a load's timing, from the start of the navigation.
type webReady struct {
	FirstPicture map[string]float64 `json:"first_picture_ms"` // per playground
	Module       struct {
		Transfer float64 `json:"transfer_bytes"` // 0 from the browser's cache
		Encoded  float64 `json:"encoded_bytes"`
		Decoded  float64 `json:"decoded_bytes"`
		End      float64 `json:"loaded_ms"`
	} `json:"module"`
}

// ready waits for both playgrounds' first pictures and reports when they
// came; more than 20 s fails.
func (w *webPage) ready(t *testing.T, what string) webReady {
	t.Helper()
	var r webReady
	w.eval(t, `Promise.all([wt.next("one", 0, 20000), wt.next("two", 0, 20000)]).then(() => {
		const m = performance.getEntriesByType("resource").find(e => e.name.endsWith("/playground.wasm"));
		const first = {};
		for (const pg of ["one", "two"]) first[pg] = performance.getEntriesByName("adagrad " + pg + ": first picture")[0].startTime;
		return {first_picture_ms: first, module: {transfer_bytes: m.transferSize, encoded_bytes: m.encodedBodySize, decoded_bytes: m.decodedBodySize, loaded_ms: m.responseEnd}};
	})`, &r)
	t.Logf("page ready (%s): first picture at %.0f ms (one), %.0f ms (two) from the navigation's start; the module loaded at %.0f ms, %.2f MB over the wire (target: ready within 2 s; reported, not checked)",
		what, r.FirstPicture["one"], r.FirstPicture["two"], r.Module.End, r.Module.Transfer/1e6)
	return r
}

// checkAccessible: every control has one label, naming it, and the Tab key
// reaches the controls in the page's order.
func (w *webPage) checkAccessible(t *testing.T) {
	t.Helper()
	var labels []string
	w.eval(t, `[...document.querySelectorAll("[data-control]")].map(el => el.labels.length === 1 && el.labels[0].textContent === el.dataset.control ? "" : el.id)`, &labels)
	for _, id := range labels {
		if id != "" {
			t.Errorf("control %s has no label naming it", id)
		}
	}
	var ids []string
	w.eval(t, `[...document.querySelectorAll("[data-control]")].map(el => el.id)`, &ids)
	w.eval(t, `document.activeElement.blur(), document.querySelector("h1").focus()`, nil)
	var reached []string
	for range 3 * len(ids) {
		w.do(t, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		var id string
		w.eval(t, `document.activeElement.dataset.control ? document.activeElement.id : ""`, &id)
		if id != "" && !slices.Contains(reached, id) {
			reached = append(reached, id)
		}
	}
	if !slices.Equal(reached, ids) {
		t.Errorf("Tab reaches the controls %v, want %v", reached, ids)
	}
}

// webControl is a control as the page has it.
type webControl struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Slider bool   `json:"slider"`
	Value  int    `json:"value"`
	Max    int    `json:"max"`
}

func (w *webPage) controls(t *testing.T, pg string) []webControl {
	t.Helper()
	var cs []webControl
	w.eval(t, fmt.Sprintf(`wt.controls(%q)`, pg), &cs)
	return cs
}

func (w *webPage) frame(t *testing.T, pg string) int {
	t.Helper()
	var n int
	w.eval(t, fmt.Sprintf(`wt.frame(%q)`, pg), &n)
	return n
}

type webPicture struct {
	Frame   int    `json:"frame"`
	Readout string `json:"readout"`
}

// press focuses a control, presses key and returns the next picture.
func (w *webPage) press(t *testing.T, pg string, c webControl, key string) webPicture {
	t.Helper()
	before := w.frame(t, pg)
	w.do(t, "pressing a key on "+c.Name, chromedp.Focus(chromedp.CSS("#"+c.ID)), chromedp.KeyEvent(key))
	var p webPicture
	w.eval(t, fmt.Sprintf(`wt.next(%q, %d, 20000)`, pg, before), &p)
	if c.Slider {
		// A screen reader says the value shown, not the position.
		var a struct{ Text, Shown string }
		w.eval(t, fmt.Sprintf(`(() => { const el = document.getElementById(%q); return {Text: el.getAttribute("aria-valuetext"), Shown: document.querySelector('output[for="' + el.id + '"]').textContent}; })()`, c.ID), &a)
		if a.Text != a.Shown || a.Text == "" {
			t.Errorf("%s: %s's aria-valuetext %q, the value shown %q", pg, c.Name, a.Text, a.Shown)
		}
	}
	return p
}

// checkReadout checks that the readout ends where adagrad.Run ends for the
// values the page shows.
func (w *webPage) checkReadout(t *testing.T, pg string) map[string]string {
	t.Helper()
	var shown map[string]string
	w.eval(t, fmt.Sprintf(`wt.settings(%q)`, pg), &shown)
	var readout string
	w.eval(t, fmt.Sprintf(`wt.readout(%q)`, pg), &readout)
	want := webExpected(t, shown)
	if !want.in(readout) || !(strings.HasPrefix(readout, "after ") || strings.HasPrefix(readout, "diverged: ")) {
		t.Errorf("%s with %v: readout %q, want one ending at adagrad.Run's %v", pg, shown, readout, want)
	}
	return shown
}

// webExpected runs Adagrad for the values shown and returns its final
// point, which the readout must show.
func webExpected(t *testing.T, shown map[string]string) runEnd {
	t.Helper()
	num := func(name string) float64 {
		v, err := strconv.ParseFloat(shown[name], 64)
		if err != nil {
			t.Fatalf("%s shows %q: %v", name, shown[name], err)
		}
		return v
	}
	cfg := adagrad.Config{LearningRate: num("learning rate"), InitialAccumulator: num("initial accumulator"), Epsilon: num("epsilon")}
	if shown["epsilon goes"] == "inside the root" {
		cfg.Like = adagrad.Keras
	}
	if _, two := shown["start y0"]; two {
		tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{num("start x0"), num("start y0")}, cfg, int(num("steps")))
		if tr == nil {
			t.Fatal(err)
		}
		return tr.Final()
	}
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, num("start x0"), cfg, int(num("steps")))
	if tr == nil {
		t.Fatal(err)
	}
	return runEnd{tr.Final()}
}

// keyboard moves every control with the keyboard, one position up and
// back (down and back for a choice), and the first one to both ends: each
// key brings a picture whose readout is adagrad.Run's.
func (w *webPage) keyboard(t *testing.T, pg string) {
	t.Helper()
	for i, c := range w.controls(t, pg) {
		keys := []string{kb.ArrowRight, kb.ArrowLeft}
		if c.Value == c.Max {
			keys = []string{kb.ArrowLeft, kb.ArrowRight}
		}
		if !c.Slider {
			keys = []string{kb.ArrowDown, kb.ArrowUp}
		}
		if i == 0 {
			keys = append(keys, kb.End, kb.Home)
			for range c.Value {
				keys = append(keys, kb.ArrowRight) // back to the start, a step at a time
			}
		}
		for k, key := range keys {
			p := w.press(t, pg, c, key)
			shown := w.checkReadout(t, pg)
			if i == 0 && key == kb.End {
				w.shot(t, "web-"+pg+"-"+strings.ReplaceAll(c.Name, " ", "-")+"-"+shown[c.Name])
			}
			if k < 4 {
				t.Logf("%s: %s → %s: %s", pg, c.Name, shown[c.Name], p.Readout)
			}
		}
	}
}

// mouse drags the first slider's thumb to three-quarters and back with
// the mouse: each drag brings the readout for where it let go.
func (w *webPage) mouse(t *testing.T, pg string) {
	t.Helper()
	cs := w.controls(t, pg)
	c := cs[len(cs)-1] // a start
	var box struct{ X, Y, W, H float64 }
	w.eval(t, fmt.Sprintf(`(() => { const el = document.getElementById(%q); el.scrollIntoView({block: "center"}); const r = el.getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, c.ID), &box)
	// The thumb is about 16 px wide: its centre runs from 8 px in to 8 px
	// from the end.
	at := func(pos int) float64 { return box.X + 8 + (box.W-16)*float64(pos)/float64(c.Max) }
	y := box.Y + box.H/2
	for _, to := range []int{c.Max * 3 / 4, c.Value} {
		from := w.controls(t, pg)[len(cs)-1].Value
		before := w.frame(t, pg)
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, at(from), y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		}
		for k := 1; k <= 8; k++ {
			x := at(from) + (at(to)-at(from))*float64(k)/8
			steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y, chromedp.ButtonLeft))
		}
		steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, at(to), y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
		w.do(t, "dragging "+c.Name, steps...)
		var p webPicture
		w.eval(t, fmt.Sprintf(`wt.next(%q, %d, 20000)`, pg, before), &p)
		// The drag's last picture: wait until no more come.
		time.Sleep(300 * time.Millisecond)
		got := w.controls(t, pg)[len(cs)-1].Value
		if d := got - to; d < -1 || d > 1 {
			t.Errorf("%s: dragged %s to position %d, it is at %d", pg, c.Name, to, got)
		}
		shown := w.checkReadout(t, pg)
		t.Logf("%s: %s dragged to %s: %d pictures", pg, c.Name, shown[c.Name], w.frame(t, pg)-before)
	}
}

// burst presses a key twelve times as fast as the browser takes them,
// faster than the pictures come: fewer pictures than presses come, and the
// last one is for the last position.
func (w *webPage) burst(t *testing.T, pg string) {
	t.Helper()
	c := w.controls(t, pg)[0]
	key, back := kb.ArrowRight, kb.ArrowLeft
	if c.Value+12 > c.Max {
		key, back = kb.ArrowLeft, kb.ArrowRight
	}
	for _, k := range []string{key, back} {
		before := w.frame(t, pg)
		w.do(t, "a burst of key presses", chromedp.Focus(chromedp.CSS("#"+c.ID)), chromedp.KeyEvent(strings.Repeat(k, 12)))
		w.eval(t, fmt.Sprintf(`wt.next(%q, %d, 20000)`, pg, before), nil)
		w.quiet(t, pg, 300*time.Millisecond)
		shown := w.checkReadout(t, pg)
		got := w.controls(t, pg)[0].Value
		if d := got - c.Value; d != 12 && d != -12 && d != 0 {
			t.Errorf("%s: 12 presses moved %s from %d to %d", pg, c.Name, c.Value, got)
		}
		t.Logf("%s: 12 presses of %s, to %s: %d pictures", pg, c.Name, shown[c.Name], w.frame(t, pg)-before)
	}
}

// quiet waits until no picture has come for d.
func (w *webPage) quiet(t *testing.T, pg string, d time.Duration) {
	t.Helper()
	for last := -1; ; {
		n := w.frame(t, pg)
		if n == last {
			return
		}
		last = n
		time.Sleep(d)
	}
}

// replay presses replay with the mouse: the readouts count the steps up
// from 0, then come back to the whole run's.
func (w *webPage) replay(t *testing.T, pg string) {
	t.Helper()
	var whole string
	w.eval(t, fmt.Sprintf(`wt.readout(%q)`, pg), &whole)
	// The recording starts in the page before the mouse clicks; its
	// promise is awaited after.
	w.eval(t, fmt.Sprintf(`window.wtReplay = wt.record(%q, (r, seen) => seen.length > 1 && !r.startsWith("step "), 60000), true`, pg), nil)
	w.do(t, "clicking replay", chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[data-playground=%q] button.replay`, pg))))
	var seen []string
	w.eval(t, `window.wtReplay`, &seen)
	var steps []int
	for _, r := range seen[:len(seen)-1] {
		var k, n int
		if _, err := fmt.Sscanf(r, "step %d of %d:", &k, &n); err != nil {
			t.Errorf("%s: replay readout %q", pg, r)
			continue
		}
		steps = append(steps, k)
	}
	if len(steps) < 10 || steps[0] != 0 || !slices.IsSorted(steps) {
		t.Errorf("%s: the replay showed steps %v; want at least 10, from 0, in order", pg, steps)
	}
	if seen[len(seen)-1] != whole {
		t.Errorf("%s: after the replay the readout is %q, want the whole run's %q", pg, seen[len(seen)-1], whole)
	}
	t.Logf("%s: replay, %d frames, steps %d..%d", pg, len(steps), steps[0], steps[len(steps)-1])
}

// replayCutShort: a key pressed during a replay ends it: the picture for
// the new values comes, and no replay frame after it.
func (w *webPage) replayCutShort(t *testing.T, pg string) {
	t.Helper()
	c := w.controls(t, pg)[0]
	before := w.frame(t, pg)
	w.do(t, "clicking replay", chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[data-playground=%q] button.replay`, pg))))
	w.eval(t, fmt.Sprintf(`wt.next(%q, %d, 20000)`, pg, before+2), nil)
	key := kb.ArrowRight
	if c.Value == c.Max {
		key = kb.ArrowLeft
	}
	pressed := w.frame(t, pg)
	w.do(t, "pressing a key during the replay", chromedp.Focus(chromedp.CSS("#"+c.ID)), chromedp.KeyEvent(key))
	// The picture for the new values: the first after the press that is
	// not a replay frame (it may have come before this looks).
	w.eval(t, fmt.Sprintf(`new Promise((resolve, reject) => {
		const t0 = performance.now();
		const poll = () => {
			if (wt.frame(%[1]q) > %[2]d && !wt.readout(%[1]q).startsWith("step ")) resolve(true);
			else if (performance.now() - t0 > 20000) reject(new Error("no picture for the new values within 20 s; the readout: " + wt.readout(%[1]q)));
			else setTimeout(poll, 2);
		};
		poll();
	})`, pg, pressed), nil)
	after := w.frame(t, pg)
	time.Sleep(400 * time.Millisecond)
	if n := w.frame(t, pg); n != after {
		var r string
		w.eval(t, fmt.Sprintf(`wt.readout(%q)`, pg), &r)
		t.Errorf("%s: %d pictures came after the move ended the replay, the last %q", pg, n-after, r)
	}
	w.checkReadout(t, pg)
	w.do(t, "pressing the key back", chromedp.Focus(chromedp.CSS("#"+c.ID)), chromedp.KeyEvent(map[string]string{kb.ArrowRight: kb.ArrowLeft, kb.ArrowLeft: kb.ArrowRight}[key]))
	w.eval(t, fmt.Sprintf(`wt.next(%q, %d, 20000)`, pg, w.frame(t, pg)-1), nil)
}

// webLatency sums up the times from a key press to the new picture.
type webLatency struct {
	Moves       int     `json:"moves"`
	Median      float64 `json:"median_ms"`
	Worst       float64 `json:"worst_ms"`
	MedianDrawn float64 `json:"median_to_arrival_ms"` // to the picture's arrival from the worker, before the frame
	MedianGo    float64 `json:"median_module_ms"`     // the module's own time: controls moved, Adagrad run, drawn
	Samples     []float64
}

// latency moves the learning rate one position up and down n times with
// the keyboard, at 1000 steps, each time waiting for the picture, and sums
// up the page's own measures: from the key's input event to the first
// animation frame after the picture was drawn. Reported beside issue 24's
// targets, not checked.
func (w *webPage) latency(t *testing.T, pg string, n int) webLatency {
	t.Helper()
	cs := w.controls(t, pg)
	var shown map[string]string
	w.eval(t, fmt.Sprintf(`wt.settings(%q)`, pg), &shown)
	if shown["steps"] != "1000" {
		t.Fatalf("%s: steps %s, want the tutorial's 1000 for the latency", pg, shown["steps"])
	}
	var before int
	w.eval(t, fmt.Sprintf(`wt.latencies(%q).length`, pg), &before)
	c := cs[0]
	for i := range n {
		key := kb.ArrowRight
		if i%2 == 1 {
			key = kb.ArrowLeft
		}
		w.press(t, pg, c, key)
		time.Sleep(30 * time.Millisecond)
	}
	var all []struct{ MS, Drawn, Module float64 }
	w.eval(t, fmt.Sprintf(`wt.latencies(%q)`, pg), &all)
	all = all[before:]
	if len(all) != n {
		t.Fatalf("%s: %d measures for %d moves", pg, len(all), n)
	}
	var ms, drawn, module []float64
	for _, l := range all {
		ms, drawn, module = append(ms, l.MS), append(drawn, l.Drawn), append(module, l.Module)
	}
	l := webLatency{Moves: n, Samples: ms}
	l.Median, l.Worst = median(ms), slices.Max(ms)
	l.MedianDrawn, l.MedianGo = median(drawn), median(module)
	t.Logf("latency, %s: key press to new picture on the canvas (960x540, 1000 steps, %d moves): median %.1f ms, worst %.1f ms; to the picture's arrival, median %.1f ms, of which the module's work %.1f ms (targets: 16 and 50 ms; reported, not checked)",
		pg, n, l.Median, l.Worst, l.MedianDrawn, l.MedianGo)
	return l
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}
