// Package sliders shows a Panel in a Jupyter notebook running the GoNB
// kernel: GoNB sliders and selects bound to variables, and a picture under
// them that is redrawn in place whenever one moves, from the newest values
// only, until the reader presses "stop". Without a browser (nbconvert) it
// draws the picture once and returns; outside a notebook it only draws.
//
// The controls, and the scales that map a slider's whole positions to real
// values, are package controls', which does not import GoNB: the adagrad
// command's web page binds the same controls in a page of its own.
//
// The widgets need GoNB's client library, gonbui, which package display
// does without so that cells that only show pictures build faster. A
// program that imports this package sends display's outputs through
// gonbui too (see the init function): GoNB's pipe takes one writer.
package sliders
