// Package live is what the web page's WebAssembly module does with a
// playground of part 5 (package playground): it moves the controls to the
// positions the page sends, runs Adagrad and draws the scene, and gives
// the page's canvas only the rectangle of pixels that changed, as RGBA,
// rather than a PNG for the browser to decode.
//
// It is plain Go, tested natively, and small in what it imports: the
// module links this package, not package web's server and templates.
package live
