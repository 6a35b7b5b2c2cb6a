// Package browsertest drives a real browser through every notebook in
// notebooks/, the way a learner meets them, in each front end the project
// claims: JupyterLab 4 and Notebook 7, as pinned in
// tools/jupyter/requirements.txt (scripts/install-jupyter installs them in
// .venv/jupyter), and Debian's classic Jupyter Notebook 6.4. Each runs on a
// copy of the project, with a fresh HOME where scripts/install-gonb
// registered the kernel and a newcomer's PATH; Chromium is controlled with
// chromedp. JupyterLab and Notebook 7 are driven as JupyterLab's own tests
// (Galata) drive them, through window.jupyterapp (--expose-app-in-browser),
// its commands and the notebook model; classic Notebook through its menus.
//
// TestNotebooksInBrowser visits each notebook in each front end (the front
// ends side by side): it saves the notebook at once and compares the file
// with the committed one, checks the saved figures as a reader first sees
// them, then clears the outputs, runs all the cells (ending the
// playgrounds, one with the interrupt) and checks what appears: no error,
// stderr or GoNB error box, every figure decoded, the tutorial's minima,
// and the live preview of the animation playing. Parts 2 and 5 are then
// saved and reloaded, and part 5's playground must go live again. A
// notebook with errors must fail the same checks. It saves a screenshot of
// each notebook per front end.
//
// TestPlayground plays with the playground (notebooks/05-playground.ipynb)
// in each front end, one at a time: it moves every slider and checks the
// readout against adagrad.Run, prints the time from a slider's move to the
// new picture, drags, replays, stops and interrupts, and records pictures
// of it in use (-playground.docs writes JupyterLab's GIF into docs/).
// TestPlaygroundServedElsewhere plays with it with the page at a host name
// that makes it no secure context and the server under a base_url, and
// TestPlaygroundHTTPS in JupyterLab served over https.
//
// The tests share one browser (suite_test.go). The module is its own so
// that users of the project's packages never download a browser driver.
// Run it with scripts/test, or
//
//	cd tools/browsertest && go test -v
//
// (ADAGRAD_FRONT_ENDS=lab,notebook7,classic picks front ends.) Everything
// about a front end (its server, actions, page driver and selectors) is in
// frontend_test.go, and the per-notebook expectations in
// expectations_test.go.
package browsertest
