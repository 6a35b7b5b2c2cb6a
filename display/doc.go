// Package display shows the tutorial's figures, animations and text inline
// in a Jupyter notebook running the GoNB kernel. Outside a notebook every
// function does nothing, so code that uses it still runs as a program.
//
// Every function waits until GoNB has taken its output: a cell's program
// may end right after showing something, and output still in the pipe
// when it exits can be lost.
//
// Figures from plotting are drawn at twice their layout size, so that they
// stay sharp on high-density screens; Image, Animation and Play show them
// at their layout size (an image's width and height in the output's
// metadata, as IPython's retina images; an <img> with width and height for
// GIFs and previews). A front end or code host that ignores those shows
// the picture at its full size, fitted to the page.
//
// Sliders over a picture that is redrawn as they move are in the package
// display/sliders. This package speaks to GoNB itself, over the named
// pipes GoNB gives each cell's program, with GoNB's message types
// (gonbui/protocol) but without GoNB's client library, gonbui: a cell that
// only shows pictures links less and builds faster. A program that also
// imports display/sliders, which uses gonbui, sends everything through
// gonbui, so that GoNB's pipe has one writer.
//
// With plotting, which returns plain images and GIFs, this package and
// display/sliders are the project's only bridge to GoNB.
package display
