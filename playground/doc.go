// Package playground holds the scenes of the Adagrad playground (part 5 of
// the notebooks, and the adagrad command's web page): Adagrad run from
// settings a reader moves with controls, on the tutorial's two functions,
// drawn fast enough to follow a slider, with a one-line readout of where
// the run ended.
//
// OneVariable runs f(x) = x − x³ and draws the curve with the whole
// trajectory and its last point; TwoVariables runs 2x² + 2xy + 2y² − 6x and
// draws its path over the contour lines. Each figure's background is drawn
// once; a redraw only runs Adagrad again and draws the path over it
// (plotting.Overlay). Both can replay a run as an animation.
//
// Their Controls are the playground's sliders and choice, bound to their
// fields (package controls): the notebook's sliders.Panel and the web page
// show the same ones.
//
// Summary is the readout: the final point, f there, the distance to the
// minimum, the first step within Tolerance of it, or that the run diverged.
//
// The package does not depend on GoNB, and builds for WebAssembly.
package playground
