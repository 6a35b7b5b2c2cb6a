// Module browsertest opens the notebooks in a real page: classic Jupyter
// Notebook and headless Chromium, driven with chromedp. It is a module of its
// own so that chromedp stays out of the project's dependencies.
module github.com/gonb-tutorials/optimizers/tools/browsertest

go 1.26.0

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/gonb-tutorials/optimizers v0.0.0
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/tools v0.36.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

replace github.com/gonb-tutorials/optimizers => ../..
