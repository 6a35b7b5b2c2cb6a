// Package web is the adagrad command's web page: both playgrounds of part 5
// of the notebooks, with the same controls, scales and readouts, run in the
// page by the project's own Go code compiled to WebAssembly, without a
// kernel.
//
// FindSource finds the project's source and FindToolchain the Go that the
// user has, whose Build compiles the module (web/module); NewSite lays out
// the page around it: index.html, written from the playgrounds' controls
// (playground's Controls) with a line on each, and each playground's first
// picture and readout, drawn now, which the page shows until the module
// draws its own; page.js, which only binds the controls to the module;
// worker.js, which runs the module in a Web Worker, one per playground, so
// that a long run never holds up the page; and Go's wasm_exec.js. A Site
// serves them (gzip-compressed where the browser takes it) or writes them
// into a folder for any static host.
//
// The module itself is web/module, and what it does with a playground,
// plain Go tested natively, is package web/live.
package web
