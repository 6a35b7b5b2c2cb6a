// Package plotting draws the Adagrad tutorial's figures through gonum/plot's
// vg interface onto the gg rasteriser, and writes its animations as GIFs:
// the bytes image/gif writes, from a faster LZW coder. Of gonum/plot it
// links only vg and font, not plot, plotter, their back ends (PDF, SVG,
// EPS, TeX) or the Liberation fonts: every notebook cell that draws is a
// program of its own that links this package.
//
// The one-variable figure (Curve) reproduces the tutorial's matplotlib frame
// element for element: the curve, a light grid, the dashed line at the
// minimum, the title with the learning rate and the current point as a red
// dot, drawn under the curve as matplotlib draws a scatter point. Sizes
// scale like matplotlib's: text and lines keep their proportions at any
// image size, and at 1920x1080 pixels they are the tutorial's 22-point
// text at 100 dpi. The axes are drawn as matplotlib draws them, not as
// gonum does: its tick positions and labels (10^k on a log axis), its
// label placement, straight lines snapped to whole pixels.
//
// The other figures follow matplotlib's defaults where the tutorial is
// silent, and a textbook's conventions where they go further: Chart draws
// line series; Contour a two-variable function's contour lines with paths
// over them; SlowDown why Adagrad's steps shrink, the accumulator's growth
// and the gradient's fall apart; Glance a one-variable run at a glance.
// Their colours are Okabe and Ito's, which stay apart for readers with the
// common colour-vision deficiencies, and every series is told apart a
// second way: its dashes, its marks (a shape every so often along a line,
// at every step of a path) or a label at its end. Log axes have minor
// ticks, and label 2 and 5 times each power of ten when they span few
// decades; a log(1 + x) axis gives a run's first steps and its last ones
// room. The marks that matter (a path's start and end, the minimum) are
// drawn over the paths, and labels and counters sit on a light box.
//
// Figures are drawn at twice their layout size by default (Scale), so that
// they stay sharp on high-density screens when shown at that size; an
// Image, an Animation and an Overlay say their LayoutSize.
//
// Animations are fast because only the moving parts are drawn per frame.
// The still figure is rendered once, in layers under and over what moves,
// those over it kept only where they have ink. Every frame after the
// first stores only the rectangle that changed, the rest transparent, and
// identical neighbouring frames are merged by adding their delays. The
// palette holds every colour of the frames when they fit in 255; otherwise
// each colour maps to its nearest entry, found once. The frames stay
// available as images, for inline display, without being drawn again.
//
// The package does not depend on Jupyter or GoNB: it returns images, PNG
// bytes and GIFs that any program can show or save.
package plotting
