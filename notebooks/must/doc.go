// Package must stops a notebook cell at its first error, with the error's
// message, so that the cells can call functions that return errors without
// an if statement after each.
//
// In these notebooks an error only means that an edit went wrong (a
// negative learning rate, say): the message is all the reader needs, and
// the cell has nothing sensible left to do. Get takes a function's result
// and its error; Do takes an error alone:
//
//	tr := must.Get(adagrad.Run1D(fdash, -1, adagrad.TutorialConfig(), 1000))
//	must.Do(display.Image(img))
//
// On an error both print "error: " and the message to standard error and
// end the program with status 1. Programs other than notebook cells
// should handle their errors instead.
package must
