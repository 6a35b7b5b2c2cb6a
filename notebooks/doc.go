// Package notebooks holds the tutorial's Jupyter notebooks for the GoNB
// kernel and the tests that check them: the committed notebooks (saved with
// their outputs) and fresh executions of them. There is no Go API here.
package notebooks
