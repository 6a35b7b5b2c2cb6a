// Package plotting draws the Adagrad tutorial's figures with gonum/plot and
// writes its animations as GIFs with the standard library.
//
// The one-variable figure (Curve) reproduces the tutorial's matplotlib frame
// element for element: the curve, a light grid, the dashed line at the
// minimum, the title with the learning rate and the current point as a red
// dot. Sizes scale like matplotlib's: text and lines keep their proportions
// at any image size, and at 1920x1080 they are the tutorial's 22-point text
// at 100 dpi.
//
// Animations are fast because only the moving points are drawn per frame:
// the static figure is rendered once, colours are mapped to the GIF palette
// through a precomputed lookup table, every frame after the first stores
// only the rectangle that changed (the rest transparent), and identical
// neighbouring frames are merged by adding their delays. The frames stay
// available as images, for inline display, without being drawn again.
//
// Beyond the tutorial, Contour draws a two-variable function with Adagrad's
// path (and animates it), and SlowDown shows why Adagrad slows down: each
// coordinate's accumulator grows, so its effective step lr/(sqrt(acc)+eps)
// shrinks.
//
// The package does not depend on Jupyter or GoNB: it returns images, PNG
// bytes and GIFs that any program can show or save.
package plotting
