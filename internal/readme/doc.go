// Package readme holds the tests that keep the README's promises to a
// reader who follows it: the Go program it offers compiles and prints what
// it shows, from a module of the reader's own, as go get fetches the
// packages; and the files, scripts, links and benchmarks it names exist.
// (cmd/adagrad's tests check the tutorial command's output and the numbers
// in the figure captions.) It has no code of its own.
package readme
