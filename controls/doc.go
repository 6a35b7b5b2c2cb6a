// Package controls binds sliders and choices to a program's variables: a
// Control has whole positions 0 to Len()-1, as a browser's range input or
// GoNB's slider does, and sets its variable to the value of the position it
// is moved to.
//
// A Scale decides what the positions of a slider mean: equal steps
// (LinearScale) or equal ratios (LogScale), always on short decimals, so
// that the value shown beside a slider is exactly the value used. A choice
// (Choice, Switch) names its options.
//
// The package does not depend on GoNB or on a browser: sliders.Panel shows
// its controls in a notebook, and the adagrad command's web page
// (package web) in a page of its own, from the same definitions (see
// playground.Settings.Controls).
package controls
