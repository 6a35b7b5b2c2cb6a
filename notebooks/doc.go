// Package notebooks holds the tutorial's Jupyter notebooks for the GoNB
// kernel and the tests that check them: the committed notebooks (saved with
// their outputs), fresh executions of them with every exercise's answer run
// in the reader's place, and every cell's output on arm64. There is no Go
// API here; the cells' one helper, must, is the package notebooks/must.
package notebooks
