package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

var pgDocs = flag.Bool("playground.docs", false, "write the playground's pictures into the repository's docs/")

// panelSel holds what the playground's cells show (sliders.Panel's HTML)
// in one place; the front end's own page is frontEnd's.
var panelSel = struct {
	Panel, Control, Range, Select, Value, Button, Figure, Image, Readout, Stopped string
}{
	Panel:   ".adagrad-panel",
	Control: `tr[data-control=%q]`,
	Range:   `input[type=range]`,
	Select:  `select`,
	Value:   ".adagrad-value",
	Button:  "button",
	Figure:  ".adagrad-live",
	Image:   "img", // live, the panel's; stopped, the PNG output it leaves
	Readout: ".adagrad-readout",
	Stopped: ".adagrad-stopped",
}

// panelState is JavaScript that gives the state of the panel inside the
// element that the JavaScript expression scope gives: "live:ID" once its
// "stop" button (whose id is ID) and its first picture with its readout
// show, "still:TEXT" if an output there is a still picture drawn instead
// (the cell found no page), and "" meanwhile.
func panelState(fe *frontEnd, scope string) string {
	return fmt.Sprintf(`(() => {
		const el = %[1]s;
		if (!el) return "";
		const still = [...el.querySelectorAll(%[2]q)].find(o => o.innerText.includes("A still picture:"));
		if (still) return "still:" + still.innerText;
		const stop = [...el.querySelectorAll(%[3]q)].find(b => b.textContent === "stop");
		const fig = el.querySelector(%[4]q);
		const live = stop && fig && Number(fig.dataset.frame) >= 1 && fig.querySelector(%[5]q) && fig.querySelector(%[6]q)?.textContent;
		return live ? "live:" + stop.id : "";
	})()`, scope, fe.output, panelSel.Panel+" "+panelSel.Button, panelSel.Figure, panelSel.Image, panelSel.Readout)
}

// stopPanels returns an interact hook (see expectation) for a notebook
// whose cells show live panels (sliders.Panel) one after the other, as Run
// All runs them: a panel's cell runs until the reader stops it. For each
// panel in turn it waits for the controls and the first picture, then ends
// it the way ways gives for it: "stop", pressing its stop button with the
// mouse, or "interrupt", the front end's ■ (interrupt the kernel); and
// waits for the line that replaces the controls. A cell that draws a still
// picture instead (it found no page) is an error: in a browser the panel
// must go live.
//
// GoNB v0.11.4 sends the program SIGINT on an interrupt, and the panel
// ends as stop does: the cell ends without error, and the cells queued
// after it run, the next playground going live (GoNB ignores Jupyter's
// stop_on_error, and replies to each queued cell). An interrupt therefore
// does not stop a Run All as it does under a Python kernel; this hook
// checks it goes on as the README says.
func stopPanels(ways ...string) func(ctx context.Context, fe *frontEnd) error {
	n := len(ways)
	return func(ctx context.Context, fe *frontEnd) error {
		for i := range n {
			// Panel i's cell once it shows, the whole notebook until then.
			scope := fmt.Sprintf(`document.querySelectorAll(%q)[%d]?.closest(%q) ?? document.querySelector(%q)`,
				panelSel.Panel, i, fe.cell, fe.notebook)
			st, err := chromedp.Run(ctx, chromedp.Poll[string](panelState(fe, scope), chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond)))
			if err != nil {
				return fmt.Errorf("waiting for live panel %d of %d: %v", i+1, n, err)
			}
			id, ok := strings.CutPrefix(st, "live:")
			if !ok {
				return fmt.Errorf("a cell drew a still picture instead of live panel %d of %d: %s", i+1, n, strings.TrimPrefix(st, "still:"))
			}
			stopped := fmt.Sprintf(`(() => {
				const panel = document.querySelectorAll(%q)[%d];
				return panel && panel.matches(%q) ? panel.textContent : "";
			})()`, panelSel.Panel, i, panelSel.Stopped)
			// A click can miss while the page lays out again (the cells
			// above change height as they end): press again until the
			// panel stops, as a reader would.
			var text string
			for try := 0; text == ""; try++ {
				end := chromedp.Click(chromedp.CSS(fmt.Sprintf(`[id=%q]`, id)))
				if ways[i] == "interrupt" {
					end = fe.interrupt
				}
				if err := chromedp.Do(ctx, end); err != nil {
					return fmt.Errorf("%s on panel %d of %d: %v", ways[i], i+1, n, err)
				}
				// A second interrupt could reach the next cell: one only.
				again := 15 * time.Second
				if ways[i] == "interrupt" {
					again = time.Hour
				}
				wait, cancel := context.WithTimeout(ctx, again)
				text, _ = chromedp.Run(wait, chromedp.Poll[string](stopped, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond)))
				cancel()
				if ctx.Err() != nil {
					return fmt.Errorf("waiting for panel %d of %d to stop after %d presses of %s: %v", i+1, n, try+1, ways[i], ctx.Err())
				}
			}
			if !strings.HasPrefix(text, "Stopped at ") {
				return fmt.Errorf("panel %d of %d, stopped, says %q", i+1, n, text)
			}
		}
		return nil
	}
}

// pgHelpers is installed in the page: small functions over one cell's
// output, so that each step of the test is one evaluation.
const pgHelpers = `
window.pg = {
	out: null,
	q(sel) { return this.out.querySelector(sel); },
	control(label) { return this.q('%[1]s tr[data-control="' + label + '"]'); },
	frame() { const f = this.q('%[2]s'); return f ? Number(f.dataset.frame) : 0; },
	readout() { const r = this.q('%[3]s'); return r ? r.textContent : ''; },
	src() { const i = this.q('%[4]s'); return i ? i.src : ''; },
	settings() {
		const s = {};
		for (const tr of this.out.querySelectorAll('%[1]s tr[data-control]')) {
			const sel = tr.querySelector('%[7]s');
			s[tr.dataset.control] = sel ? sel.options[sel.selectedIndex].text : tr.querySelector('%[5]s').textContent;
		}
		return s;
	},
	// next resolves when a picture numbered above after is in the page and
	// its image decoded: the milliseconds since t0, and what it shows.
	next(after, t0, timeout) {
		return new Promise((resolve, reject) => {
			let done = false;
			const check = async () => {
				const f = this.q('%[2]s');
				if (done || !f || Number(f.dataset.frame) <= after) return;
				done = true;
				obs.disconnect();
				const img = f.querySelector('img');
				if (img) { try { await img.decode(); } catch (e) {} }
				resolve({ms: performance.now() - t0, frame: Number(f.dataset.frame), readout: this.readout(), src: img ? img.src : ''});
			};
			const obs = new MutationObserver(check);
			obs.observe(this.out, {childList: true, subtree: true, attributes: true});
			check();
			setTimeout(() => { if (!done) { done = true; obs.disconnect(); reject(new Error('no new picture within ' + timeout / 1000 + ' s, after frame ' + after)); } }, timeout);
		});
	},
	// move sets a control to pos as a reader's drag and release do (input,
	// then change) and resolves with the next picture; none within 20 s is
	// a failure (the slowest picture seen on a machine loaded to a load
	// average of 12 took 5.8 s).
	move(label, pos) {
		const el = this.control(label).querySelector('%[6]s, %[7]s');
		const after = this.frame();
		const t0 = performance.now();
		el.value = String(pos);
		el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return this.next(after, t0, 20000);
	},
	// burst sends positions as fast as a fast drag can, then releases on
	// the last, and resolves once no picture has come for quietMs: how many
	// came, and the last. No picture within 20 s is a failure.
	burst(label, positions, quietMs) {
		const el = this.control(label).querySelector('%[6]s');
		const before = this.frame();
		for (const p of positions) { el.value = String(p); el.dispatchEvent(new Event('input', {bubbles: true})); }
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return new Promise((resolve, reject) => {
			let last = this.frame(), since = performance.now();
			const t0 = since;
			const tick = () => {
				const f = this.frame();
				if (f !== last) { last = f; since = performance.now(); }
				if (last > before && performance.now() - since > quietMs) resolve({pictures: last - before, readout: this.readout()});
				else if (last === before && performance.now() - t0 > 20000) reject(new Error('no new picture within 20 s of a drag'));
				else setTimeout(tick, 20);
			};
			tick();
		});
	},
	// record collects every readout shown until stop(r) is true for one.
	record(stop, timeout) {
		return new Promise((resolve, reject) => {
			const seen = [];
			let last = -1;
			const obs = new MutationObserver(() => {
				const f = this.frame();
				if (f === last) return;
				last = f;
				const r = this.readout();
				seen.push(r);
				if (stop(r, seen)) { obs.disconnect(); resolve(seen); }
			});
			obs.observe(this.out, {childList: true, subtree: true, attributes: true});
			setTimeout(() => { obs.disconnect(); reject(new Error('recorded ' + JSON.stringify(seen.slice(-3)))); }, timeout);
		});
	},
	click(label) {
		const b = [...this.out.querySelectorAll('%[8]s %[9]s')].find(b => b.textContent === label);
		b.click();
	},
};
`

// pgPicture is what pg.next returns.
type pgPicture struct {
	MS      float64 `json:"ms"`
	Frame   int     `json:"frame"`
	Readout string  `json:"readout"`
	Src     string  `json:"src"`
}

// pgSettings reads the values shown beside the controls.
func pgSettings(t *testing.T, p *pgPage) map[string]string {
	t.Helper()
	return pageEval[map[string]string](t, p.tab, `pg.settings()`)
}

// pgNum parses a value shown beside a control.
func pgNum(t *testing.T, s map[string]string, label string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s[label], 64)
	if err != nil {
		t.Fatalf("the value beside %q is %q: %v", label, s[label], err)
	}
	return v
}

// A runEnd is where adagrad.Run ends: the point a readout must show.
type runEnd []float64

// reReadoutPoint finds the point in a readout: "x = v" or "(x, y) = (v, w)".
var reReadoutPoint = regexp.MustCompile(`\bx = ([^,;\s]+)|\(x, y\) = \(([^,]+), ([^)]+)\)`)

// in reports whether readout shows the point to the six significant
// digits a readout gives it: each coordinate within half a unit of its
// sixth digit.
func (p runEnd) in(readout string) bool {
	m := reReadoutPoint.FindStringSubmatch(readout)
	if m == nil {
		return false
	}
	shown := []string{m[1]}
	if m[1] == "" {
		shown = m[2:]
	}
	if len(shown) != len(p) {
		return false
	}
	for k, s := range shown {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return false
		}
		if !sixDigits(v, p[k]) {
			return false
		}
	}
	return true
}

// String writes the point in full.
func (p runEnd) String() string {
	s := make([]string, len(p))
	for k, v := range p {
		s[k] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// pgExpected runs Adagrad for the settings the page shows and returns the
// final point, which the readout must show.
func pgExpected(t *testing.T, s map[string]string, twoD bool) runEnd {
	t.Helper()
	cfg := adagrad.Config{
		LearningRate:       pgNum(t, s, "learning rate"),
		InitialAccumulator: pgNum(t, s, "initial accumulator"),
		Epsilon:            pgNum(t, s, "epsilon"),
	}
	if s["epsilon goes"] == "inside the root" {
		cfg.Like = adagrad.Keras // sqrt(acc+eps)
	}
	steps := int(pgNum(t, s, "steps"))
	if twoD {
		tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{pgNum(t, s, "start x0"), pgNum(t, s, "start y0")}, cfg, steps)
		if tr == nil {
			t.Fatal(err)
		}
		return tr.Final()
	}
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, pgNum(t, s, "start x0"), cfg, steps)
	if tr == nil {
		t.Fatal(err)
	}
	return runEnd{tr.Final()}
}

// pgLatency sums up latencies in milliseconds.
type pgLatency struct {
	Samples []float64 `json:"samples_ms"`
	Median  float64   `json:"median_ms"`
	Worst   float64   `json:"worst_ms"`
}

func pgSum(ms []float64) pgLatency {
	s := slices.Clone(ms)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return pgLatency{Samples: ms, Median: m, Worst: s[len(s)-1]}
}

// pgPage is the playground notebook open in a tab of a front end.
type pgPage struct {
	f    *front
	tab  context.Context
	file string // the committed notebook, whose cells the page shows in order
}

// cell returns the index of the first cell holding text.
func (p *pgPage) cell(t *testing.T, text string) int {
	t.Helper()
	i, err := cellIndex(p.file, text)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// run runs cell i as the front end's user does; it returns at once (wait
// for what the cell shows).
func (p *pgPage) run(t *testing.T, i int) {
	t.Helper()
	p.do(t, "running cell "+itoa(i), p.f.fe.runCell(i))
}

// do runs actions in the page, failing the test on an error or after a
// minute.
func (p *pgPage) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.tab, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wait polls js until it is true, or fails the test after d.
func (p *pgPage) wait(t *testing.T, what string, d time.Duration, js string) {
	t.Helper()
	p.f.waitFor(t, p.tab, "05-playground", what, d, js)
}

// ranAndIdle is JavaScript, true once cell i has run and the kernel is idle.
func ranAndIdle(i int) string {
	return fmt.Sprintf(`bt.idle() && bt.cellState(%d) === "done"`, i)
}

// TestPlayground opens notebooks/05-playground.ipynb in each front end
// (frontEnds) and plays with it as a reader would: it runs each
// playground, moves every control, checks that the picture changes and
// that the readout gives the number adagrad.Run gives for the settings the
// page shows, measures the time from a slider's move to the new picture in
// the page, drags faster than the drawing, replays, and stops (once with
// the button, once by interrupting the kernel), checking that the kernel is
// then idle and the last picture stays.
//
// The latencies are printed, with their targets beside them (a median of
// at most 30 ms, a worst of 100 ms), not checked: on a shared machine a
// time is noise. What cannot be noise fails: no new picture within 20 s of
// a move.
func TestPlayground(t *testing.T) {
	s := browserSuite(t)
	for _, fe := range frontEnds {
		t.Run(fe.id, func(t *testing.T) { playground(t, s.front(t, fe)) })
	}
}

// pgOpen opens the playground notebook in the front end, with the test's
// helpers in the page, and runs its setup cell.
func pgOpen(t *testing.T, f *front) *pgPage {
	t.Helper()
	const name = "05-playground.ipynb"
	p := &pgPage{f: f, file: filepath.Join(f.repo, "notebooks", name)}
	p.tab = f.open(t, name)
	p.do(t, "sizing the page", chromedp.EmulateViewport(1280, 1800))
	p.wait(t, "an idle kernel", 2*time.Minute, `bt.idle()`)
	pageEval[chromedp.Void](t, p.tab, fmt.Sprintf(pgHelpers, panelSel.Panel, panelSel.Figure, panelSel.Readout, panelSel.Image,
		panelSel.Value, panelSel.Range, panelSel.Select, panelSel.Panel, panelSel.Button))

	setup := p.cell(t, "gonb-setup.sh")
	p.run(t, setup)
	p.wait(t, "the setup cell", 5*time.Minute, ranAndIdle(setup))
	// The playground cells need nothing else: their helper for errors is
	// the package notebooks/must, which the first one imports.
	return p
}

func playground(t *testing.T, f *front) {
	p := pgOpen(t, f)

	results := map[string]any{}
	t.Run("one variable", func(t *testing.T) {
		cell := p.cell(t, "NewOneVariable(960, 540)")
		start := time.Now()
		pgLive(t, p, cell)
		results["one variable: run to live (s)"] = time.Since(start).Seconds()
		// Each move changes the picture: epsilon's place matters while
		// epsilon is 1, the steps while the run is short.
		pgMoveEach(t, p, false, []pgMove{
			{"learning rate", 40},       // 0.1
			{"initial accumulator", 50}, // 5
			{"epsilon", 10},             // 1
			{"epsilon goes", 1},         // inside
			{"epsilon goes", 0},         // outside
			{"epsilon", 2},              // 1e-8
			{"steps", 1},                // 2
			{"start x0", 20},            // -0.5
			{"steps", 9},                // 1000
			{"learning rate", 60},       // 1
			{"initial accumulator", 1},  // 0.1
			{"start x0", 10},            // -1
		})
		results["one variable: latency"] = pgMeasure(t, p, "one variable", "learning rate", 34, 40, 40)
		pgBurst(t, p, false)
		// The pictures are the README's: JupyterLab's, the front end of
		// the Docker image and of most learners; the other front ends
		// would add time, not checks.
		if f.fe == &jupyterLab {
			pgPictures(t, p, cell)
		}
		pgReplay(t, p)
		pageEval[chromedp.Void](t, p.tab, `pg.click("stop")`)
		pgStopped(t, p, cell)
	})
	t.Run("two variables", func(t *testing.T) {
		// Make GoNB's connection in the page fail once as it does on a
		// loaded machine: the page opens it, the kernel acknowledges, but
		// the acknowledgement arrives after GoNB's script stopped waiting
		// for it (500 ms), and the script drops the connection. Here the
		// acknowledgement is held back 700 ms, once, on GoNB's own socket
		// (the one without Jupyter's session id). The panel must ask again
		// rather than decide there is no page.
		pageEval[chromedp.Void](t, p.tab, `(() => {
			globalThis.gonb_comm?.close(1000, "browser test"); // so that GoNB connects anew
			globalThis.pgAckDelays = 0;
			const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
			Object.defineProperty(WebSocket.prototype, "onmessage", {
				configurable: true,
				get() { return d.get.call(this); },
				set(h) {
					const ws = this;
					d.set.call(this, h && (ev => {
						if (globalThis.pgAckDelays === 0 && !ws.url.includes("session_id") && String(ev.data).includes("#comm_open_ack")) {
							globalThis.pgAckDelays++;
							setTimeout(() => h(ev), 700);
							return;
						}
						h(ev);
					}));
				},
			});
		})()`)
		cell := p.cell(t, "NewTwoVariables(960, 540)")
		start := time.Now()
		pgLive(t, p, cell)
		results["two variables, after a failed connection: run to live (s)"] = time.Since(start).Seconds()
		if pageEval[int](t, p.tab, `globalThis.pgAckDelays`) != 1 {
			t.Error("GoNB's connection never failed: the test did not test the second try")
		}
		pgMoveEach(t, p, true, []pgMove{
			{"start x0", 0},       // -2
			{"start y0", 50},      // 1.5
			{"learning rate", 54}, // 0.5
			{"steps", 4},          // 20
			{"steps", 9},          // 1000, as the latency is measured
		})
		results["two variables: latency"] = pgMeasure(t, p, "two variables", "start x0", 0, 80, 20)
		p.do(t, "interrupting the kernel", f.fe.interrupt)
		pgStopped(t, p, cell)
	})
	b, _ := json.MarshalIndent(results, "", "  ")
	path := filepath.Join(f.shots, f.shot("playground-latency.json"))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("%s: results in %s", f.fe.name, path)
}

// pgLive runs a playground cell and waits until its controls and picture
// are live. If the cell decides there is no page and draws a still picture
// instead, it fails at once with what the cell printed.
func pgLive(t *testing.T, p *pgPage, cell int) {
	t.Helper()
	pageEval[chromedp.Void](t, p.tab, fmt.Sprintf(`(async () => { await bt.show(%d); pg.out = bt.output(%[1]d); })()`, cell))
	p.run(t, cell)
	ctx, cancel := context.WithTimeout(p.tab, 5*time.Minute)
	defer cancel()
	st, err := chromedp.Run(ctx, chromedp.Poll[string](panelState(p.f.fe, fmt.Sprintf(`pg.out = bt.output(%d)`, cell)),
		chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond)))
	switch {
	case err != nil:
		p.f.screenshot(t, p.tab, "05-playground-timeout")
		t.Fatalf("waiting for the controls and the first picture: %v", err)
	case strings.HasPrefix(st, "still:"):
		t.Fatalf("the cell found no page and drew a still picture:\n%s", strings.TrimPrefix(st, "still:"))
	}
	got := pageEval[struct{ Sliders, Buttons int }](t, p.tab, fmt.Sprintf(`({Sliders: pg.out.querySelectorAll('%[1]s %[2]s').length, Buttons: pg.out.querySelectorAll('%[1]s %[3]s').length})`,
		panelSel.Panel, panelSel.Range, panelSel.Button))
	if got.Sliders < 5 || got.Buttons != 2 {
		t.Errorf("the live panel shows %d sliders and %d buttons; want at least 5 and 2 (replay, stop)", got.Sliders, got.Buttons)
	}
}

type pgMove struct {
	label string
	pos   int
}

// pgMoveEach moves the controls one by one: each move must bring a new
// picture, different from the last, whose readout holds the final point
// adagrad.Run gives for the settings shown beside the controls.
func pgMoveEach(t *testing.T, p *pgPage, twoD bool, moves []pgMove) {
	t.Helper()
	want := pgExpected(t, pgSettings(t, p), twoD)
	if r := pageEval[string](t, p.tab, `pg.readout()`); !want.in(r) {
		t.Errorf("first readout %q does not show adagrad.Run's %v", r, want)
	}
	src := pageEval[string](t, p.tab, `pg.src()`)
	for _, m := range moves {
		pic := pageEval[pgPicture](t, p.tab, fmt.Sprintf(`pg.move(%q, %d)`, m.label, m.pos))
		settings := pgSettings(t, p)
		want := pgExpected(t, settings, twoD)
		if !want.in(pic.Readout) {
			t.Errorf("after %s → %s: readout %q does not show adagrad.Run's %v", m.label, settings[m.label], pic.Readout, want)
		}
		if pic.Src == src {
			t.Errorf("after %s → %s the picture did not change", m.label, settings[m.label])
		}
		src = pic.Src
		t.Logf("%s → %s (%.0f ms): %s", m.label, settings[m.label], pic.MS, pic.Readout)
	}
}

// pgMeasure moves a slider back and forth between two positions n times,
// waiting for each picture, and sums up the times from the move to the new
// picture decoded in the page. It reports them beside their targets; it
// does not check them.
func pgMeasure(t *testing.T, p *pgPage, playground, label string, a, b, n int) pgLatency {
	t.Helper()
	var ms []float64
	for i := range n {
		pos := a
		if i%2 == 0 {
			pos = b
		}
		pic := pageEval[pgPicture](t, p.tab, fmt.Sprintf(`pg.move(%q, %d)`, label, pos))
		ms = append(ms, pic.MS)
		time.Sleep(50 * time.Millisecond)
	}
	l := pgSum(ms)
	t.Logf("latency, %s, %s, %s slider to new picture decoded (960x540, %s steps, %d moves): median %.1f ms, worst %.1f ms (targets: 30 and 100 ms; reported, not checked)",
		p.f.fe.name, playground, label, pgSettings(t, p)["steps"], n, l.Median, l.Worst)
	return l
}

// pgBurst drags the learning rate through 20 positions faster than the
// drawing can follow: a few pictures must come, not one per position, and
// the last must be the last position's.
func pgBurst(t *testing.T, p *pgPage, twoD bool) {
	t.Helper()
	var positions []int
	for pos := 30; pos < 50; pos++ {
		positions = append(positions, pos)
	}
	js, _ := json.Marshal(positions)
	r := pageEval[struct {
		Pictures int    `json:"pictures"`
		Readout  string `json:"readout"`
	}](t, p.tab, fmt.Sprintf(`pg.burst("learning rate", %s, 700)`, js))
	want := pgExpected(t, pgSettings(t, p), twoD)
	// Position 49 of 0.001 to 10 at twenty a decade: 0.001·10^(49/20) =
	// 0.2818..., shown to two digits.
	if s := pgSettings(t, p)["learning rate"]; s != "0.28" {
		t.Errorf("after the drag the learning rate shows %q, want position 49's 0.28", s)
	}
	if !want.in(r.Readout) {
		t.Errorf("after the drag the readout is %q, want the last position's %v", r.Readout, want)
	}
	if r.Pictures >= len(positions) {
		t.Errorf("%d positions drew %d pictures: stale ones were queued", len(positions), r.Pictures)
	}
	t.Logf("a drag through %d positions drew %d pictures", len(positions), r.Pictures)
}

// pgReplay presses replay: the readouts must count the steps up, then come
// back to the whole run's.
func pgReplay(t *testing.T, p *pgPage) {
	t.Helper()
	whole := pageEval[string](t, p.tab, `pg.readout()`)
	js := `(() => { const p = pg.record((r, seen) => seen.length > 1 && !r.startsWith("step "), 60000); pg.click("replay"); return p; })()`
	seen := pageEval[[]string](t, p.tab, js)
	var steps []int
	for _, r := range seen[:len(seen)-1] {
		var k, n int
		if _, err := fmt.Sscanf(r, "step %d of %d:", &k, &n); err != nil {
			t.Errorf("replay readout %q", r)
			continue
		}
		steps = append(steps, k)
	}
	if len(steps) < 10 || steps[0] != 0 || !slices.IsSorted(steps) {
		t.Errorf("the replay showed steps %v; want at least 10, from 0, in order", steps)
	}
	if seen[len(seen)-1] != whole {
		t.Errorf("after the replay the readout is %q, want the whole run's %q", seen[len(seen)-1], whole)
	}
	t.Logf("replay: %d frames, steps %d..%d", len(steps), steps[0], steps[len(steps)-1])
}

// pgStopped checks the end of a playground: the kernel idle, the controls
// replaced by their values, the last picture in place, no error.
func pgStopped(t *testing.T, p *pgPage, cell int) {
	t.Helper()
	p.wait(t, "the kernel to be idle after stopping", time.Minute, ranAndIdle(cell))
	p.wait(t, "the controls to give way", 10*time.Second, fmt.Sprintf(`!!pg.q('%s') && !pg.q('%s')`, panelSel.Stopped, panelSel.Range))
	got := pageEval[struct {
		Stopped, Readout string
		Image            bool
		Errors           string
	}](t, p.tab, fmt.Sprintf(`({Stopped: pg.q('%s').textContent, Readout: pg.readout(), Image: !!pg.q('%s'),
		Errors: [...pg.out.querySelectorAll(%q)].map(e => e.textContent).join('\n')})`, panelSel.Stopped, panelSel.Image, p.f.fe.errorBox+", "+gonbError))
	if !strings.HasPrefix(got.Stopped, "Stopped at learning rate ") || !got.Image || got.Readout == "" {
		t.Errorf("after stopping: %q, picture kept %v, readout %q", got.Stopped, got.Image, got.Readout)
	}
	if got.Errors != "" {
		t.Errorf("the cell shows errors: %s", got.Errors)
	}
}

// pgPictures records the playground in use for the README: a few sliders
// moved, one screenshot of the cell's output each, as PNGs and a GIF.
func pgPictures(t *testing.T, p *pgPage, cell int) {
	t.Helper()
	// The learning rate up until the first step overshoots the hilltop,
	// the start moved past it, then the steps from 10 to 1000.
	shots := []pgMove{
		{"learning rate", 34}, {"learning rate", 40}, {"learning rate", 47}, {"learning rate", 54},
		{"learning rate", 60}, {"learning rate", 64}, {"learning rate", 54},
		{"start x0", 20}, {"start x0", 36}, {"start x0", 44}, {"start x0", 10},
		{"steps", 3}, {"steps", 6}, {"steps", 9},
	}
	var frames []image.Image
	for i, m := range shots {
		if pageEval[int](t, p.tab, fmt.Sprintf(`Number(pg.control(%q).querySelector('input').value)`, m.label)) != m.pos {
			pageEval[pgPicture](t, p.tab, fmt.Sprintf(`pg.move(%q, %d)`, m.label, m.pos))
		}
		pageEval[chromedp.Void](t, p.tab, `pg.out.scrollIntoView({block: "center"})`)
		b, err := chromedp.Run(p.tab, screenshotOf(fmt.Sprintf(`bt.output(%d)`, cell)))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, img)
		if err := os.WriteFile(filepath.Join(p.f.shots, p.f.shot(fmt.Sprintf("playground-%02d.png", i))), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The output grows and shrinks a little with the readout: every frame
	// on a white canvas of the largest size.
	var size image.Rectangle
	for _, f := range frames {
		size = size.Union(image.Rectangle{Max: f.Bounds().Size()})
	}
	g := &gif.GIF{}
	for _, f := range frames {
		p := image.NewPaletted(size, palette.Plan9)
		draw.Draw(p, p.Rect, image.White, image.Point{}, draw.Src)
		draw.Draw(p, p.Rect, f, f.Bounds().Min, draw.Src)
		g.Image = append(g.Image, p)
		g.Delay = append(g.Delay, 100)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	paths := []string{filepath.Join(p.f.shots, p.f.shot("playground.gif"))}
	if *pgDocs {
		paths = append(paths, filepath.Join(p.f.repo, "docs", "playground.gif"))
	}
	for _, path := range paths {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("pictures of the playground in use: %s (%d KB), and a PNG of each frame beside it", paths[0], buf.Len()/1024)
}
