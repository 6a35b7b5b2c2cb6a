// Package browsertest drives a real browser through every notebook in
// notebooks/, the way a learner meets them: Debian's Jupyter Notebook
// (classic, 6.4) started on a copy of the notebooks, with a fresh HOME where
// scripts/install-gonb registered the kernel and a newcomer's PATH, and
// Chromium controlled with chromedp.
//
// TestNotebooksInBrowser visits each notebook: it checks the saved figures
// as a reader first sees them, then clears the outputs, runs all the cells
// through the page's menu (pressing the playground's "stop" buttons) and
// checks what appears: no error or stderr box, every figure decoded, the
// tutorial's minima, and the live preview of the animation playing. It
// saves a full-page screenshot of each notebook.
//
// TestPlayground plays with the playground (notebooks/05-playground.ipynb):
// it moves every slider and checks the readout against adagrad.Run, prints
// the time from a slider's move to the new picture, drags, replays and
// stops, and records pictures of it in use (-playground.docs writes the
// GIF into docs/).
//
// Both tests share one server and one browser (suite_test.go). The module
// is its own so that users of the project's packages never download a
// browser driver. Run it with scripts/test, or
//
//	cd tools/browsertest && go test -v
//
// The page-specific parts (menus, CSS classes, JavaScript objects) are kept
// in frontend_test.go, and the per-notebook expectations in
// expectations_test.go.
package browsertest
