package browsertest

import (
	"context"
	"fmt"
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
// through Jupyter Notebook's page. It needs jupyter-notebook and chromium
// (scripts/install-jupyter installs both on Debian and Ubuntu); see
// browserSuite for when it skips.
func TestNotebooksInBrowser(t *testing.T) {
	start := time.Now()
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
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			nb := notebookRun{s: s, fe: s.fe, name: name, exp: expectations[name]}
			nb.run(t)
		})
	}
	t.Logf("all notebooks: %.1f s", time.Since(start).Seconds())
}

// notebookRun is one notebook's visit.
type notebookRun struct {
	s    *suite
	fe   frontEnd
	name string
	exp  expectation
}

// pageImage is an <img> in an output, as the page has it.
type pageImage struct {
	Kind     string `json:"kind"` // "png", "gif"... from its data: URL
	Complete bool   `json:"complete"`
	Width    int    `json:"width"` // naturalWidth: 0 if it did not decode
}

// pageState is what the page shows in the outputs.
type pageState struct {
	Errors  []string    `json:"errors"`  // the text of error and stderr boxes
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
	committed := filepath.Join(nb.s.repo, "notebooks", nb.name+".ipynb")
	src, err := codeCells(committed)
	if err != nil {
		t.Fatal(err)
	}
	figures, gifs, err := savedFigures(committed)
	if err != nil {
		t.Fatal(err)
	}

	tab := nb.s.open(t, nb.name+".ipynb")
	nb.checkSaved(t, tab, src, figures, gifs)
	opened := time.Since(begin)
	ranFor := nb.runAll(t, tab)
	shown := nb.checkRun(t, tab, src, figures)
	t.Logf("opened and checked in %.1f s; Run All %.1f s (limit %v); %d figures; total %.1f s",
		opened.Seconds(), ranFor.Seconds(), nb.exp.timeLimit, shown, time.Since(begin).Seconds())
}

// checkSaved opens the committed notebook, as a reader first sees it, and
// checks that its figures and GIFs show and that its Go is highlighted.
func (nb *notebookRun) checkSaved(t *testing.T, tab context.Context, src []string, figures, gifs int) {
	fe := nb.fe
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](allImagesLoaded(fe), chromedp.WithPollingTimeout(10*time.Second)))
	// A code cell with a // comment shows it as a comment once the
	// editor's Go mode has loaded.
	wantComments := 0
	for _, s := range src {
		if goComment.MatchString(s) {
			wantComments++
		}
	}
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll(%q).length >= %d`, fe.codeCell+":has("+fe.goComment+")", wantComments),
		chromedp.WithPollingTimeout(10*time.Second)))
	saved, err := nb.state(ctx)
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
	nb.s.screenshot(t, ctx, nb.name+"-saved")
}

// runAll clears the outputs and runs every cell through the menus, then
// waits until nothing is queued and the kernel is idle. It returns the time
// from the click on Run All.
func (nb *notebookRun) runAll(t *testing.T, tab context.Context) time.Duration {
	fe := nb.fe
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		ignore(chromedp.Poll[bool](fe.kernelIdle, chromedp.WithPollingTimeout(0))),
		clickPath(fe.clearOutputs),
		ignore(chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll(%q).length === 0`, fe.output), chromedp.WithPollingTimeout(5*time.Second))),
	)
	if err != nil {
		t.Fatalf("waiting for the kernel and clearing the outputs: %v", err)
	}
	if s, err := nb.state(ctx); err != nil || s.Done != 0 || s.Queued != 0 || len(s.Outputs) != 0 {
		t.Fatalf("clearing the outputs left %d outputs, %d prompts with a number (%v)", len(s.Outputs), s.Done, err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](watchPictures(fe))); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	ctx, cancel = context.WithTimeout(tab, nb.exp.timeLimit)
	defer cancel()
	if err := chromedp.Do(ctx, clickPath(fe.runAll)); err != nil {
		t.Fatalf("Run All: %v", err)
	}
	if nb.exp.interact != nil {
		if err := nb.exp.interact(ctx, fe); err != nil {
			t.Fatalf("interacting with the notebook: %v", err)
		}
	}
	done := fmt.Sprintf(`(%s) && ![...document.querySelectorAll(%q)].some(p => (%s)(p) === "queued")`,
		fe.kernelIdle, fe.codeCell+" "+fe.prompt, fe.promptState)
	if err := chromedp.Do(ctx, ignore(chromedp.Poll[bool](done, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond)))); err != nil {
		ctx, cancel := context.WithTimeout(tab, 20*time.Second)
		defer cancel()
		s, _ := nb.state(ctx)
		nb.s.screenshot(t, ctx, nb.name+"-timeout")
		t.Fatalf("the notebook did not finish within %v (%d code cells ran, %d queued): %v", nb.exp.timeLimit, s.Done, s.Queued, err)
	}
	return time.Since(start)
}

// checkRun checks what the run shows, and returns how many figures.
func (nb *notebookRun) checkRun(t *testing.T, tab context.Context, src []string, figures int) int {
	finals := map[string][]float64{}
	for _, f := range nb.exp.finals {
		p, err := finalPoint(nb.s.repo, f)
		if err != nil {
			t.Fatal(err)
		}
		finals[f] = p
	}
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](allImagesLoaded(nb.fe), chromedp.WithPollingTimeout(10*time.Second)))
	s, err := nb.state(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := nonEmpty(src); s.Done != want {
		t.Errorf("%d of %d code cells ran", s.Done, want)
	}
	if len(s.Errors) > 0 {
		// The same box in every cell says it once.
		distinct := slices.Compact(slices.Sorted(slices.Values(s.Errors)))
		t.Errorf("%d error or stderr boxes, such as:\n%s", len(s.Errors), strings.Join(distinct[:min(3, len(distinct))], "\n---\n"))
	}
	text := strings.Join(s.Outputs, "\n")
	for _, bad := range []string{"panic:", "exit status"} {
		if i := strings.Index(text, bad); i >= 0 {
			t.Errorf("an output shows %q: …%s…", bad, excerpt(text, i))
		}
	}
	for i, im := range s.Images {
		if !im.Complete || im.Width == 0 {
			t.Errorf("figure %d (%s) did not decode (naturalWidth %d)", i+1, im.Kind, im.Width)
		}
	}
	if len(s.Images) < figures {
		t.Errorf("the run shows %d figures; the committed notebook has %d", len(s.Images), figures)
	}
	for _, p := range checkMinima(text, finals, nb.exp.printsOtherMinima) {
		t.Error(p)
	}
	if nb.exp.livePreview > 0 {
		most, secs, err := nb.livePictures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("live preview: %d distinct pictures in %.2f s", most, secs)
		if most < nb.exp.livePreview {
			t.Errorf("the live preview showed %d distinct pictures, want at least %d", most, nb.exp.livePreview)
		}
	}
	nb.s.screenshot(t, ctx, nb.name+"-run")
	return len(s.Images)
}

// state reads what the page shows.
func (nb *notebookRun) state(ctx context.Context) (pageState, error) {
	fe := nb.fe
	js := fmt.Sprintf(`(() => {
		const q = s => [...document.querySelectorAll(s)];
		const state = %s;
		const prompts = q(%q).map(state);
		return {
			errors: q(%q).concat(q(%q)).map(e => e.innerText.trim().slice(0, 500)),
			outputs: q(%q).map(o => o.innerText),
			images: q(%q).map(i => ({kind: (i.src.match(/^data:image\/([a-z]+)/) || [null, "url"])[1], complete: i.complete, width: i.naturalWidth})),
			done: prompts.filter(s => s === "done").length,
			queued: prompts.filter(s => s === "queued").length,
			comments: q(%q).length,
		};
	})()`, fe.promptState, fe.codeCell+" "+fe.prompt, fe.errorBox, fe.output+" :is("+gonbError+")",
		fe.output, fe.output+" img", fe.codeCell+":has("+fe.goComment+")")
	return chromedp.Run(ctx, chromedp.Evaluate[pageState](js))
}

// allImagesLoaded is true once every image in the outputs has loaded or failed.
func allImagesLoaded(fe frontEnd) string {
	return fmt.Sprintf(`[...document.querySelectorAll(%q)].every(i => i.complete)`, fe.output+" img")
}

// watchPictures installs an observer that records, per cell, every
// distinct picture shown in its output while the notebook runs: a live
// preview replaces its <img> once per frame.
func watchPictures(fe frontEnd) string {
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
func (nb *notebookRun) livePictures(ctx context.Context) (int, float64, error) {
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

// screenshot saves a screenshot of the whole notebook as NAME.png in the
// suite's folder.
func (s *suite) screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		if _, err := chromedp.Evaluate[chromedp.Void](s.fe.expand)(ctx, tg); err != nil {
			return nil, err
		}
		// Reading the size lays the page out again.
		type size struct{ W, H float64 }
		sz, err := chromedp.Evaluate[size](`({W: document.documentElement.scrollWidth, H: document.documentElement.scrollHeight})`)(ctx, tg)
		if err != nil {
			return nil, err
		}
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{Width: sz.W, Height: sz.H, Scale: 1},
			CaptureBeyondViewport: ptr(true),
			FromSurface:           ptr(true),
		})
		return r.Data, err
	})
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	path := filepath.Join(s.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Error(err)
	}
}

func ptr[T any](v T) *T { return &v }

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
