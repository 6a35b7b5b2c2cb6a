package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// gonbError matches GoNB's own HTML error boxes (a compile error, for one),
// whatever the front end.
const gonbError = `[class^="gonb-err"], [class*=" gonb-err"]`

// TestNotebooksInBrowser runs every notebook in notebooks/ in Chromium,
// in each front end (frontEnds). It needs the pinned JupyterLab and
// Notebook 7, classic Notebook 6 and Chromium (scripts/install-jupyter
// installs them); see browserSuite and suite.front for when it skips.
func TestNotebooksInBrowser(t *testing.T) {
	// After TestPlayground, which measures latencies and so runs alone.
	t.Parallel()
	s := browserSuite(t)
	paths, err := filepath.Glob(filepath.Join(s.repo, "notebooks", "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks in %s/notebooks (%v)", s.repo, err)
	}
	var names []string
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".ipynb")
		if _, ok := expectations[name]; !ok {
			t.Errorf("notebooks/%s.ipynb has no entry in expectations (tools/browsertest/expectations_test.go)", name)
			continue
		}
		names = append(names, name)
	}
	for name := range expectations {
		if !slices.Contains(names, name) {
			if _, err := os.Stat(filepath.Join(s.repo, "notebooks", name+".ipynb")); err != nil {
				t.Errorf("expectations has an entry for %s, which is not in notebooks/", name)
			}
		}
	}
	// The front ends run side by side, each on a server and a copy of
	// the project of its own; each one's notebooks one after the other.
	for _, fe := range frontEnds {
		t.Run(fe.id, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			f := s.front(t, fe)
			for _, name := range names {
				t.Run(name, func(t *testing.T) {
					nb := notebookRun{f: f, name: name, exp: expectations[name]}
					nb.run(t)
				})
			}
			t.Run("errors-are-seen", func(t *testing.T) { errorsAreSeen(t, f) })
			t.Logf("%s: all notebooks in %.1f s", fe.name, time.Since(start).Seconds())
		})
	}
}

// notebookRun is one notebook's visit.
type notebookRun struct {
	f    *front
	name string
	exp  expectation
}

// pageImage is an <img> in an output, as the page has it.
type pageImage struct {
	Kind     string `json:"kind"` // "png", "gif"... from its data: URL
	Complete bool   `json:"complete"`
	Width    int    `json:"width"` // naturalWidth: 0 if it did not decode
}

// pageState is what the page shows in the outputs (frontEnd.driver's
// bt.state()).
type pageState struct {
	Errors  []string    `json:"errors"`  // the text of error and stderr boxes
	Kinds   []string    `json:"kinds"`   // each one's kind: "error", "stderr" or "gonb-err" (GoNB's HTML box)
	Outputs []string    `json:"outputs"` // the text of every output
	Images  []pageImage `json:"images"`
	Done    int         `json:"done"`     // code cells that ran
	Queued  int         `json:"queued"`   // code cells waiting or running
	Comment int         `json:"comments"` // code cells with a highlighted comment
}

// goComment is a line comment in Go source.
var goComment = regexp.MustCompile(`(?m)^\s*//`)

func (nb *notebookRun) run(t *testing.T) {
	begin := time.Now()
	committed := filepath.Join(nb.f.repo, "notebooks", nb.name+".ipynb")
	src, err := codeCells(committed)
	if err != nil {
		t.Fatal(err)
	}
	figures, gifs, err := savedFigures(committed)
	if err != nil {
		t.Fatal(err)
	}

	tab := nb.f.open(t, nb.name+".ipynb")
	nb.checkOpenSave(t, tab)
	nb.checkSaved(t, tab, src, figures, gifs)
	opened := time.Since(begin)
	ranFor := nb.runAll(t, tab)
	shown := nb.checkRun(t, tab, figures)
	if nb.exp.reopen {
		nb.reopen(t, tab)
	}
	t.Logf("opened and checked in %.1f s; Run All %.1f s (limit %v); %d figures; total %.1f s",
		opened.Seconds(), ranFor.Seconds(), nb.exp.timeLimit, shown, time.Since(begin).Seconds())
}

// settled reads the page's state until every figure has loaded and at
// least wantComments cells show a highlighted comment, or d has passed.
func (nb *notebookRun) settled(ctx context.Context, wantComments int, d time.Duration) (pageState, error) {
	deadline := time.Now().Add(d)
	state := nb.f.state
	if wantComments == 0 {
		state = nb.f.figuresState
	}
	for {
		s, err := state(ctx)
		if err != nil {
			return s, err
		}
		complete := !slices.ContainsFunc(s.Images, func(im pageImage) bool { return !im.Complete })
		if complete && s.Comment >= wantComments || time.Now().After(deadline) {
			return s, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkSaved opens the committed notebook, as a reader first sees it, and
// checks that its figures and GIFs show and that its Go is highlighted.
func (nb *notebookRun) checkSaved(t *testing.T, tab context.Context, src []string, figures, gifs int) {
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	// A code cell with a // comment shows it as a comment once the
	// editor's Go mode has loaded.
	wantComments := 0
	for _, s := range src {
		if goComment.MatchString(s) {
			wantComments++
		}
	}
	saved, err := nb.settled(ctx, wantComments, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Comment < wantComments {
		t.Errorf("saved notebook: %d code cells show a Go comment highlighted as one, want %d", saved.Comment, wantComments)
	}
	shownGIFs := 0
	for i, im := range saved.Images {
		if !im.Complete || im.Width == 0 {
			t.Errorf("saved notebook: figure %d (%s) does not show (naturalWidth %d)", i+1, im.Kind, im.Width)
		}
		if im.Kind == "gif" {
			shownGIFs++
		}
	}
	if len(saved.Images) != figures || shownGIFs != gifs {
		t.Errorf("saved notebook: the page shows %d figures (%d GIFs); the file has %d (%d GIFs)", len(saved.Images), shownGIFs, figures, gifs)
	}
	nb.f.screenshot(t, ctx, nb.name+"-saved")
}

// runAll clears the outputs and runs every cell as the front end's user
// does, then waits until nothing is queued and the kernel is idle. It
// returns the time from Run All.
func (nb *notebookRun) runAll(t *testing.T, tab context.Context) time.Duration {
	fe := nb.f.fe
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		ignore(chromedp.Poll[bool](`bt.idle()`, chromedp.WithPollingTimeout(0))),
		fe.clearOutputs,
		ignore(chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll(%q).length === 0`, fe.output), chromedp.WithPollingTimeout(5*time.Second))),
	)
	if err != nil {
		t.Fatalf("waiting for the kernel and clearing the outputs: %v", err)
	}
	if s, err := nb.f.state(ctx); err != nil || s.Done != 0 || s.Queued != 0 || len(s.Outputs) != 0 {
		t.Fatalf("clearing the outputs left %d outputs, %d cells with a number (%v)", len(s.Outputs), s.Done, err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](watchPictures(fe))); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	ctx, cancel = context.WithTimeout(tab, nb.exp.timeLimit)
	defer cancel()
	if err := chromedp.Do(ctx, fe.runAll); err != nil {
		t.Fatalf("Run All: %v", err)
	}
	if nb.exp.interact != nil {
		if err := nb.exp.interact(ctx, fe); err != nil {
			t.Fatalf("interacting with the notebook: %v", err)
		}
	}
	// Run All may leave the first cells unmarked for a moment: wait for
	// one to be queued or run before waiting for none queued.
	started := `[...Array(bt.cellCount()).keys()].some(i => bt.cellState(i) !== "never")`
	if err := chromedp.Do(ctx,
		ignore(chromedp.Poll[bool](started, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond))),
		ignore(chromedp.Poll[bool](`bt.runDone()`, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond)))); err != nil {
		ctx, cancel := context.WithTimeout(tab, 20*time.Second)
		defer cancel()
		s, _ := nb.f.state(ctx)
		nb.f.screenshot(t, ctx, nb.name+"-timeout")
		t.Fatalf("the notebook did not finish within %v (%d code cells ran, %d queued): %v", nb.exp.timeLimit, s.Done, s.Queued, err)
	}
	return time.Since(start)
}

// checkRun checks what the run shows, and returns how many figures.
func (nb *notebookRun) checkRun(t *testing.T, tab context.Context, figures int) int {
	finals := map[string][]float64{}
	for _, f := range nb.exp.finals {
		p, err := finalPoint(nb.f.repo, f)
		if err != nil {
			t.Fatal(err)
		}
		finals[f] = p
	}
	src, err := codeCells(filepath.Join(nb.f.repo, "notebooks", nb.name+".ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	s, err := nb.settled(ctx, 0, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range runProblems(s, nonEmpty(src), figures, finals, nb.exp.printsOtherMinima) {
		t.Error(p)
	}
	for _, f := range nb.exp.roundedFinals {
		p, err := finalPoint(nb.f.repo, f)
		if err != nil {
			t.Fatal(err)
		}
		if problem := checkRounded(strings.Join(s.Outputs, "\n"), f, p); problem != "" {
			t.Error(problem)
		}
	}
	if nb.exp.livePreview > 0 {
		most, secs, err := livePictures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("live preview: %d distinct pictures in %.2f s", most, secs)
		if most < nb.exp.livePreview {
			t.Errorf("the live preview showed %d distinct pictures, want at least %d", most, nb.exp.livePreview)
		}
	}
	nb.f.screenshot(t, ctx, nb.name+"-run")
	return len(s.Images)
}

// runProblems checks what a page shows after running all of a notebook's
// cells: every code cell ran, no error or stderr box, no "panic:" or "exit
// status", every figure decoded, at least as many figures as the committed
// notebook has, and the reference minima (see checkMinima).
func runProblems(s pageState, codeCells, figures int, finals map[string][]float64, otherMinima bool) []string {
	var problems []string
	if s.Done != codeCells {
		problems = append(problems, fmt.Sprintf("%d of %d code cells ran", s.Done, codeCells))
	}
	if len(s.Errors) > 0 {
		// The same box in every cell says it once; a box without text
		// (a part of GoNB's HTML error box) says nothing.
		distinct := slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(s.Errors))), func(e string) bool { return strings.TrimSpace(e) == "" })
		problems = append(problems, fmt.Sprintf("%d error or stderr boxes, such as:\n%s", len(s.Errors), strings.Join(distinct[:min(4, len(distinct))], "\n---\n")))
	}
	text := strings.Join(s.Outputs, "\n")
	for _, bad := range []string{"panic:", "exit status"} {
		if i := strings.Index(text, bad); i >= 0 {
			problems = append(problems, fmt.Sprintf("an output shows %q: …%s…", bad, excerpt(text, i)))
		}
	}
	for i, im := range s.Images {
		if !im.Complete || im.Width == 0 {
			problems = append(problems, fmt.Sprintf("figure %d (%s) did not decode (naturalWidth %d)", i+1, im.Kind, im.Width))
		}
	}
	if len(s.Images) < figures {
		problems = append(problems, fmt.Sprintf("the run shows %d figures; the committed notebook has %d", len(s.Images), figures))
	}
	return append(problems, checkMinima(text, finals, otherMinima)...)
}

// state reads what the page shows (bt.state()).
func (f *front) state(ctx context.Context) (pageState, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[pageState](`bt.state()`, chromedp.EvalAwaitPromise))
}

// figuresState is state without looking for highlighted comments, which
// takes JupyterLab's driver a scroll to each cell with one.
func (f *front) figuresState(ctx context.Context) (pageState, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[pageState](`bt.state({comments: false})`, chromedp.EvalAwaitPromise))
}

// watchPictures installs an observer that records, per cell, every
// distinct picture shown in its output while the notebook runs: a live
// preview replaces its <img> once per frame.
func watchPictures(fe *frontEnd) string {
	return fmt.Sprintf(`(() => {
		const cellSel = %q, t0 = performance.now();
		const seen = new Map();
		const note = (img, where) => {
			const cell = where && where.closest ? where.closest(cellSel) : null;
			if (!cell || !img.src) return;
			const i = [...document.querySelectorAll(cellSel)].indexOf(cell);
			let s = seen.get(i);
			if (!s) { s = {srcs: new Set(), first: 0, last: 0}; seen.set(i, s); }
			if (s.srcs.has(img.src)) return;
			s.srcs.add(img.src);
			const now = performance.now() - t0;
			if (s.srcs.size === 1) s.first = now;
			s.last = now;
		};
		new MutationObserver(records => {
			for (const r of records) {
				if (r.type === "attributes") { note(r.target, r.target); continue; }
				for (const n of r.addedNodes) {
					if (n.nodeType !== 1) continue;
					for (const img of n.tagName === "IMG" ? [n] : n.querySelectorAll("img")) note(img, r.target);
				}
			}
		}).observe(document.querySelector(%q), {childList: true, subtree: true, attributes: true, attributeFilter: ["src"]});
		window.__browsertestPictures = seen;
	})()`, fe.cell, fe.notebook)
}

// livePictures returns the most distinct pictures one cell showed while
// the notebook ran, and over how long.
func livePictures(ctx context.Context) (int, float64, error) {
	type cell struct {
		N    int     `json:"n"`
		Secs float64 `json:"secs"`
	}
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]cell](
		`[...window.__browsertestPictures.values()].map(s => ({n: s.srcs.size, secs: (s.last - s.first) / 1000}))`))
	if err != nil {
		return 0, 0, err
	}
	most, secs := 0, 0.0
	for _, c := range cells {
		if c.N > most {
			most, secs = c.N, c.Secs
		}
	}
	return most, secs, nil
}

// screenshot saves a picture of the whole notebook as ID-NAME.png in the
// suite's folder. The notebook scrolls inside an element of the page
// (bt.scroller()), and JupyterLab lays out only the cells in view, so the
// picture is put together from one screenshot per screenful.
func (f *front) screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	type geometry struct{ X, Y, W, H, Scroll, Top float64 }
	g, err := chromedp.Run(ctx, chromedp.Evaluate[geometry](`(() => {
		const s = bt.scroller(), r = s.getBoundingClientRect();
		return {X: r.left, Y: r.top, W: s.clientWidth, H: s.clientHeight, Scroll: s.scrollHeight, Top: s.scrollTop};
	})()`))
	if err != nil || g.W < 1 || g.H < 1 {
		t.Errorf("screenshot %s: %v (scroller %+v)", name, err, g)
		return
	}
	total := min(int(g.Scroll), 60000)
	canvas := image.NewRGBA(image.Rect(0, 0, int(g.W), total))
	for top := 0; top < total; top += int(g.H) {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`(async () => {
			const s = bt.scroller();
			s.scrollTop = %d;
			await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
			await Promise.all([...s.querySelectorAll("img")].map(i => i.decode().catch(() => {})));
			await new Promise(r => requestAnimationFrame(r));
			return s.scrollTop;
		})()`, top), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		b, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
				Format:      page.CaptureScreenshotFormatPng,
				Clip:        &page.Viewport{X: g.X, Y: g.Y, Width: g.W, Height: g.H, Scale: 1},
				FromSurface: ptr(true),
			})
			return r.Data, err
		})
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		part, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		draw.Draw(canvas, part.Bounds().Add(image.Pt(0, int(at))), part, part.Bounds().Min, draw.Src)
		if int(at)+int(g.H) >= total {
			break
		}
	}
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`bt.scroller().scrollTop = %v`, g.Top)))
	var buf bytes.Buffer
	if err := png.Encode(&buf, canvas); err != nil {
		t.Error(err)
		return
	}
	if err := os.WriteFile(filepath.Join(f.shots, f.shot(name)+".png"), buf.Bytes(), 0o644); err != nil {
		t.Error(err)
	}
}

func ptr[T any](v T) *T { return &v }

// screenshotOf takes a screenshot of the element the JavaScript expression
// el gives, which must be in view.
func screenshotOf(el string) chromedp.Action[[]byte] {
	return func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		type rect struct{ X, Y, W, H float64 }
		r, err := chromedp.Evaluate[rect](`(() => { const r = (`+el+`).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)(ctx, tg)
		if err != nil {
			return nil, err
		}
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:      page.CaptureScreenshotFormatPng,
			Clip:        &page.Viewport{X: r.X, Y: r.Y, Width: r.W, Height: r.H, Scale: 1},
			FromSurface: ptr(true),
		})
		return res.Data, err
	}
}

// clickPath clicks through a menu path, as a learner does: a step of the
// form "hover SELECTOR" moves the mouse over the element (opening a
// submenu), any other step is a selector to click.
func clickPath(path []string) chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for _, p := range path {
		if sel, ok := strings.CutPrefix(p, "hover "); ok {
			steps = append(steps, hover(sel))
			continue
		}
		steps = append(steps, chromedp.Click(chromedp.CSS(p)))
	}
	return chromedp.Steps(steps...)
}

// hover moves the mouse to the middle of the element.
func hover(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.WaitVisible(chromedp.CSS(sel))(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		type point struct{ X, Y float64 }
		p, err := chromedp.Evaluate[point](fmt.Sprintf(`(() => {
			const r = document.querySelector(%q).getBoundingClientRect();
			return {X: r.left + r.width / 2, Y: r.top + r.height / 2};
		})()`, sel))(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.MouseEvent(chromedp.MouseMoved, p.X, p.Y)(ctx, t)
	}
}

// ignore drops an action's value.
func ignore[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

func excerpt(s string, i int) string {
	return s[max(0, i-80):min(len(s), i+120)]
}
