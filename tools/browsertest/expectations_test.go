package browsertest

import (
	"context"
	"time"
)

// expectation is what the test expects of one notebook, beyond what it
// checks in every notebook (no error or stderr box, no "panic:" or "exit
// status", every figure decoded, at least as many figures as the committed
// notebook has).
type expectation struct {
	// timeLimit bounds running all cells, from the click on Run All until
	// the kernel is idle with every code cell run (interact included).
	timeLimit time.Duration

	// finals names reference runs in testdata/reference whose final point
	// the notebook must print, with every digit; see checkMinima for the
	// pattern. Unless printsOtherMinima is set, any other minimum printed
	// at full precision fails the test.
	finals            []string
	printsOtherMinima bool
	// roundedFinals names reference runs whose final point the notebook
	// must print to six significant digits, as the playground's readouts
	// do; see checkRounded.
	roundedFinals []string

	// livePreview, if not zero, is the least number of distinct pictures
	// that one cell's output must show while it runs (an animation played
	// in place).
	livePreview int

	// interact, if set, is called once the test has clicked Run All, with
	// the notebook's tab (a chromedp context whose deadline is timeLimit)
	// and its front end. It does what a learner must do for the notebook to
	// finish, such as pressing a stop button, and returns when done; the
	// test then waits for the kernel to be idle. For example, to press a
	// widget's button once it shows, or to interrupt the kernel from the
	// menu:
	//
	//	chromedp.Do(ctx, chromedp.Click(chromedp.Search(`//button[text()="Stop"]`)))
	//	chromedp.Do(ctx, clickPath(fe.interrupt))
	interact func(ctx context.Context, fe *frontEnd) error

	// reopen, after the run, saves the notebook as the reader does,
	// reloads the page, and checks that the figures and GIFs the file now
	// holds show; if relive is set, it then runs the first cell holding
	// relive, a playground, and checks that it goes live again.
	reopen bool
	relive string
}

// expectations holds an entry for every notebook in notebooks/, by file
// name without ".ipynb"; a notebook without one fails the test. The time
// limits catch a notebook that hangs, not a slow one (speed is measured
// elsewhere): Run All takes 5 to 11 s on a quiet 2-core machine, and was
// seen taking 31 s on one loaded by other jobs.
var expectations = map[string]expectation{
	"01-adagrad-one-variable": {
		timeLimit: 2 * time.Minute,
		finals:    []string{"tutorial-1d.json"},
	},
	// Parts 2 and 4 print the tutorial's run rounded ("..., -0.5774", "1.6e-15
	// from the valley floor"): no final point to check at full precision.
	"02-adagrad-animation": {
		timeLimit: 2 * time.Minute,
		reopen:    true, // its GIFs
		// 200 frames played over 4 s; by hand, Chromium showed 154.
		livePreview: 100,
	},
	"03-adagrad-two-variables": {
		timeLimit: 2 * time.Minute,
		finals:    []string{"tutorial-2d.json"},
	},
	"04-why-adagrad": {
		timeLimit: 2 * time.Minute,
	},
	"05-playground": {
		// Its two playgrounds stay live until their "stop" is pressed;
		// then a cell prints the readouts of a few settings.
		timeLimit: 2 * time.Minute,
		// The first is stopped with ■ (interrupt), the second with its
		// button.
		interact: stopPanels("interrupt", "stop"),
		reopen:   true,
		relive:   "NewOneVariable(960, 540)",
		// Each playground's figure counts once, saved or run: the saved
		// notebook holds the still picture drawn without a page, the page
		// shows the live one, redrawn in place, and keeps the last after
		// "stop". Both panels stop at the tutorial's settings, whose
		// readouts hold its final points, to six digits.
		roundedFinals: []string{"tutorial-1d.json", "tutorial-2d.json"},
	},
	"06-rare-features": {
		// Trains logistic regression over 50,000 examples for each of
		// twelve settings: about 10 s of Run All on a quiet machine.
		timeLimit: 3 * time.Minute,
	},
}
