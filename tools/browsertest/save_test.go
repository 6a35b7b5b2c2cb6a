package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// checkOpenSave checks what merely opening a notebook does to its file. As
// soon as the kernel answers, the page copies the kernel's language_info
// into the notebook, and GoNB's has empty pygments_lexer and
// codemirror_mode: the page marks the notebook modified, and saving it
// (the reader's Ctrl+S, or autosave within two minutes) writes them. The
// check saves right after opening and compares the file with the
// committed one: with the project's server config (keepsHighlighting),
// byte for byte; without it (classic Notebook 6 from Debian), equal but
// for those two names, which the save empties. It logs whether the page
// marked the notebook modified.
func (nb *notebookRun) checkOpenSave(t *testing.T, tab context.Context) {
	t.Helper()
	f := nb.f
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	// The kernel's language_info is in the page once it has answered:
	// its empty lexer replaces the file's "go".
	took := chromedp.Do(ctx, ignore(chromedp.Poll[bool](`bt.idle() && bt.languageInfo()?.pygments_lexer === ""`,
		chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))) == nil
	dirty := pageEval[bool](t, ctx, `bt.dirty()`)
	if err := chromedp.Do(ctx, f.fe.save, ignore(chromedp.Poll[bool](`!bt.dirty()`, chromedp.WithPollingTimeout(10*time.Second)))); err != nil {
		t.Fatalf("saving right after opening: %v", err)
	}
	name := nb.name + ".ipynb"
	saved, err := os.ReadFile(filepath.Join(f.srv.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join(f.repo, "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	same := bytes.Equal(saved, committed)
	switch {
	case f.fe.keepsHighlighting && !same:
		t.Errorf("opened and saved at once, %s differs from the committed file: %s", name, firstDifference(saved, committed))
	case !f.fe.keepsHighlighting && !same:
		if d := sameButLexers(saved, committed); d != "" {
			t.Errorf("opened and saved at once, %s differs from the committed file beyond the highlighting names: %s", name, d)
		}
	}
	t.Logf("opened: kernel's language_info in the page %v, marked modified %v; saved at once: the same file %v", took, dirty, same)
}

// sameButLexers compares two notebooks with pygments_lexer and
// codemirror_mode taken out of their language_info, and returns "" if they
// are then equal, else where they first differ.
func sameButLexers(a, b []byte) string {
	norm := func(x []byte) (any, error) {
		var nb map[string]any
		if err := json.Unmarshal(x, &nb); err != nil {
			return nil, err
		}
		if md, ok := nb["metadata"].(map[string]any); ok {
			if li, ok := md["language_info"].(map[string]any); ok {
				delete(li, "pygments_lexer")
				delete(li, "codemirror_mode")
			}
		}
		return nb, nil
	}
	x, err := norm(a)
	if err != nil {
		return err.Error()
	}
	y, err := norm(b)
	if err != nil {
		return err.Error()
	}
	if reflect.DeepEqual(x, y) {
		return ""
	}
	xa, _ := json.MarshalIndent(x, "", " ")
	ya, _ := json.MarshalIndent(y, "", " ")
	return firstDifference(xa, ya)
}

// firstDifference shows where two files first differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("at byte %d: %q against %q", i, a[max(0, i-60):min(len(a), i+60)], b[max(0, i-60):min(len(b), i+60)])
}

// reopen does what a reader does after running a notebook: saves it,
// reloads the page, and expects the figures and GIFs the file now holds to
// show, and the Go highlighting names to be in the file where the server
// keeps them (keepsHighlighting). With relive set, it then runs that
// playground cell again in the reloaded page (the kernel is still the one
// the cells ran in) and expects it live: sliders, a move redrawn with
// adagrad.Run's numbers, stop.
func (nb *notebookRun) reopen(t *testing.T, tab context.Context) {
	t.Helper()
	f := nb.f
	name := nb.name + ".ipynb"
	ctx, cancel := context.WithTimeout(tab, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, f.fe.save, ignore(chromedp.Poll[bool](`!bt.dirty()`, chromedp.WithPollingTimeout(10*time.Second)))); err != nil {
		t.Fatalf("saving after the run: %v", err)
	}
	path := filepath.Join(f.srv.dir, name)
	figures, gifs, err := savedFigures(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Metadata struct {
			LanguageInfo struct {
				Lexer string `json:"pygments_lexer"`
				Mode  any    `json:"codemirror_mode"`
			} `json:"language_info"`
		} `json:"metadata"`
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	li := file.Metadata.LanguageInfo
	if f.fe.keepsHighlighting && (li.Lexer != "go" || li.Mode != "go") {
		t.Errorf("saved after the run: language_info has pygments_lexer %q and codemirror_mode %v; want go, as the project's server config sets them", li.Lexer, li.Mode)
	}

	href := pageEval[string](t, ctx, `location.href`)
	f.load(t, tab, href)
	s, err := nb.settled(ctx, 0, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	shownGIFs := 0
	for i, im := range s.Images {
		if !im.Complete || im.Width == 0 {
			t.Errorf("reloaded: figure %d (%s) does not show (naturalWidth %d)", i+1, im.Kind, im.Width)
		}
		if im.Kind == "gif" {
			shownGIFs++
		}
	}
	if len(s.Images) != figures || shownGIFs != gifs {
		t.Errorf("reloaded: the page shows %d figures (%d GIFs); the saved file has %d (%d GIFs)", len(s.Images), shownGIFs, figures, gifs)
	}
	if len(s.Errors) > 0 {
		t.Errorf("reloaded: %d error or stderr boxes, such as %q", len(s.Errors), s.Errors[0])
	}
	f.screenshot(t, ctx, nb.name+"-reopened")
	t.Logf("saved (pygments_lexer %q) and reloaded: %d figures, %d GIFs show", li.Lexer, len(s.Images), shownGIFs)
	if nb.exp.relive == "" {
		return
	}
	p := &pgPage{f: f, tab: tab, file: filepath.Join(f.repo, "notebooks", name)}
	pageEval[chromedp.Void](t, tab, fmt.Sprintf(pgHelpers, panelSel.Panel, panelSel.Figure, panelSel.Readout, panelSel.Image,
		panelSel.Value, panelSel.Range, panelSel.Select, panelSel.Panel, panelSel.Button))
	cell := p.cell(t, nb.exp.relive)
	start := time.Now()
	pgLive(t, p, cell)
	t.Logf("reloaded: the playground went live again in %.1f s", time.Since(start).Seconds())
	pgMoveEach(t, p, false, []pgMove{{"learning rate", 40}})
	pageEval[chromedp.Void](t, tab, `pg.click("stop")`)
	pgStopped(t, p, cell)
}

// errorsAreSeen runs a notebook with a line to stderr, a compile error
// (GoNB shows an HTML box, class gonb-err-location, and an error) and a
// cell after it, and expects the checks applied to every notebook
// (runProblems) to fail on each kind: a check of errors that cannot fail
// tests nothing.
func errorsAreSeen(t *testing.T, f *front) {
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]string{"name": "gonb", "display_name": "Go (gonb)", "language": "go"}},
		"cells": []map[string]any{
			{"cell_type": "code", "id": "stderr", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
				"source": "%%\nfmt.Fprintln(os.Stderr, \"a line to stderr\")"},
			{"cell_type": "code", "id": "compile", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
				"source": "%%\nx := notDeclared + 1\nfmt.Println(x)"},
			{"cell_type": "code", "id": "after", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
				"source": "%%\nfmt.Println(\"after the error\")"},
		},
	}
	b, _ := json.Marshal(nb)
	tab := f.openWith(t, "zz-errors.ipynb", b)
	ctx, cancel := context.WithTimeout(tab, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx,
		ignore(chromedp.Poll[bool](`bt.idle()`, chromedp.WithPollingTimeout(0))),
		f.fe.runAll,
		ignore(chromedp.Poll[bool](`bt.cellState(1) === "done" && bt.runDone()`, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond))),
	); err != nil {
		t.Fatalf("running the notebook with errors: %v", err)
	}
	s, err := f.state(ctx)
	if err != nil {
		t.Fatal(err)
	}
	problems := runProblems(s, 3, 0, nil, false)
	joined := strings.Join(problems, "\n")
	if !strings.Contains(joined, "error or stderr boxes") || !strings.Contains(joined, "a line to stderr") || !strings.Contains(joined, "notDeclared") {
		t.Errorf("the checks did not report the stderr line and the compile error; they said:\n%s\n(boxes: %q)", joined, s.Errors)
	}
	for _, kind := range []string{"stderr", "gonb-err", "error"} {
		if !slices.Contains(s.Kinds, kind) {
			t.Errorf("no %s box found among %q", kind, s.Kinds)
		}
	}
	t.Logf("a notebook with errors fails the checks (%s): %d problems, boxes %q; the cell after the compile error ran: %v",
		f.fe.name, len(problems), s.Kinds, s.Done == 3)
}
