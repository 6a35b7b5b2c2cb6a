// Module browsertest drives Chromium through every notebook, in Jupyter
// Notebook's page, as a learner uses them. It is a module of its own so
// that the project's users never download a browser driver.
module github.com/gonb-tutorials/optimizers/tools/browsertest

go 1.26.8

require github.com/chromedp/chromedp v0.23.0

require (
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
)
