// Package playground holds the scenes of the Adagrad playground notebook:
// Adagrad run from settings a reader moves with sliders, on the tutorial's
// two functions, drawn fast enough to follow the sliders, with a one-line
// readout of where the run ended.
//
// OneVariable runs f(x) = x − x³ and draws the curve with the whole
// trajectory and its last point; TwoVariables runs 2x² + 2xy + 2y² − 6x and
// draws its path over the contour lines. Each figure's background is drawn
// once; a redraw only runs Adagrad again and draws the path over it
// (plotting.Overlay). Both can replay a run as an animation.
//
// Summary is the readout: the final point, f there, the distance to the
// minimum, the first step within Tolerance of it, or that the run diverged.
//
// The package does not depend on GoNB: display.Panel binds its exported
// fields to sliders and shows what Draw returns.
package playground
