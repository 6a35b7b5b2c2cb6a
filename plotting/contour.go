package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// A Path is a trajectory in two variables: Points[i] is (x, y) after i steps.
type Path struct {
	Label  string
	Points [][]float64
	Color  color.Color // nil: the next colour of Cycle
}

// ContourOptions describe a two-variable figure: contour lines of F, with
// paths drawn over them. Start from TutorialContour for the tutorial's case.
type ContourOptions struct {
	F func(x, y float64) float64
	// The box shown. If all four are 0 the box is fitted around the paths
	// and the minimum, with a margin, at equal scale on both axes.
	XMin, XMax, YMin, YMax float64
	// Levels is about how many contour lines to draw; 0 means 12. They are
	// evenly spaced in f, at round values (the legend says how far apart).
	Levels int
	// Minimum, if not nil, is marked with a cross and named in the legend.
	Minimum       []float64
	Title         string
	Width, Height int // pixels; 0 means 960x540
}

// TutorialContour returns the options for the tutorial's two-variable
// function 2x² + 2xy + 2y² - 6x with its minimum (2, -1) marked.
func TutorialContour(learningRate float64) ContourOptions {
	return ContourOptions{
		F:       tutorial.Quadratic,
		Minimum: tutorial.QuadraticMin[:],
		Title:   Title(learningRate),
	}
}

// A Contour is the two-variable figure, drawn once. Paths are drawn as a
// line through their points with a dot at each step; the start and the
// minimum are marked on top of them. It is not safe for concurrent use.
type Contour struct {
	opt    ContourOptions
	fig    figure
	pn     *panel
	obs    *obstacles
	paths  []Path
	colors []color.RGBA
	sc     *scene      // the figure without the paths, which animations draw
	img    *image.RGBA // the figure with the whole paths
	tr     transform
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// NewContour draws the figure with the given paths.
func NewContour(o ContourOptions, paths ...Path) (*Contour, error) {
	if o.F == nil {
		return nil, fmt.Errorf("plotting: ContourOptions.F is nil")
	}
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if err := checkSize("ContourOptions.Width x Height", o.Width, o.Height); err != nil {
		return nil, err
	}
	if o.Levels == 0 {
		o.Levels = 12
	}
	if o.Levels < 1 || o.Levels > 1000 {
		return nil, fmt.Errorf("plotting: ContourOptions.Levels = %d, want 1..1000", o.Levels)
	}
	if o.Minimum != nil && (len(o.Minimum) != 2 || !finite(o.Minimum[0]) || !finite(o.Minimum[1])) {
		return nil, fmt.Errorf("plotting: ContourOptions.Minimum = %v, want two finite numbers", o.Minimum)
	}
	c := &Contour{opt: o, fig: newFigure(o.Width, o.Height), paths: paths}
	for i, p := range paths {
		if len(p.Points) == 0 {
			return nil, fmt.Errorf("plotting: path %d (%q) has no points", i, p.Label)
		}
		for j, pt := range p.Points {
			if len(pt) != 2 {
				return nil, fmt.Errorf("plotting: path %d (%q) point %d has %d coordinates, want 2", i, p.Label, j, len(pt))
			}
		}
		col := p.Color
		if col == nil {
			col = Cycle[i%len(Cycle)]
		}
		c.colors = append(c.colors, toRGBA(col))
	}
	if err := c.fitBox(); err != nil {
		return nil, err
	}
	if err := c.build(); err != nil {
		return nil, err
	}
	return c, nil
}

func toRGBA(c color.Color) color.RGBA {
	r, g, b, _ := c.RGBA()
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 255}
}

// fitBox checks a given box or fits one around the paths and the minimum.
func (c *Contour) fitBox() error {
	o := &c.opt
	if o.XMin != 0 || o.XMax != 0 || o.YMin != 0 || o.YMax != 0 {
		if !finite(o.XMin) || !finite(o.XMax) || !finite(o.YMin) || !finite(o.YMax) || o.XMin >= o.XMax || o.YMin >= o.YMax {
			return fmt.Errorf("plotting: ContourOptions box [%v, %v] x [%v, %v]: want finite with min < max", o.XMin, o.XMax, o.YMin, o.YMax)
		}
		return nil
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	grow := func(p []float64) {
		if finite(p[0]) && finite(p[1]) {
			x0, x1, y0, y1 = math.Min(x0, p[0]), math.Max(x1, p[0]), math.Min(y0, p[1]), math.Max(y1, p[1])
		}
	}
	for _, p := range c.paths {
		for _, pt := range p.Points {
			grow(pt)
		}
	}
	if o.Minimum != nil {
		grow(o.Minimum)
	}
	if x0 > x1 {
		return fmt.Errorf("plotting: no finite point to fit the box around; set XMin..YMax")
	}
	// A margin of a quarter of the larger side, then the shorter side
	// widened so that one unit is as long on both axes.
	side := math.Max(math.Max(x1-x0, y1-y0), 1e-9)
	x0, x1, y0, y1 = x0-side/4, x1+side/4, y0-side/4, y1+side/4
	aspect := float64(c.fig.data.Max.X-c.fig.data.Min.X) / float64(c.fig.data.Max.Y-c.fig.data.Min.Y)
	if w, h := x1-x0, y1-y0; w/h < aspect {
		mid := (x0 + x1) / 2
		x0, x1 = mid-h*aspect/2, mid+h*aspect/2
	} else {
		mid := (y0 + y1) / 2
		y0, y1 = mid-w/aspect/2, mid+w/aspect/2
	}
	o.XMin, o.XMax, o.YMin, o.YMax = x0, x1, y0, y1
	return nil
}

// grid samples F over the box for the contour lines.
type grid struct {
	xs, ys []float64
	z      [][]float64 // z[c][r]
}

func (g grid) Dims() (int, int)   { return len(g.xs), len(g.ys) }
func (g grid) Z(c, r int) float64 { return g.z[c][r] }
func (g grid) X(c int) float64    { return g.xs[c] }
func (g grid) Y(r int) float64    { return g.ys[r] }

// levels are evenly spaced round values of f between its lowest and
// highest value in the box, about Levels of them.
func (c *Contour) levels(g grid) (levels []float64, step float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, col := range g.z {
		for _, v := range col {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if c.opt.Minimum != nil {
		if v := c.opt.F(c.opt.Minimum[0], c.opt.Minimum[1]); finite(v) {
			lo = math.Min(lo, v)
		}
	}
	if !(hi > lo) {
		return nil, 0
	}
	// The round step (1, 2, 2.5 or 5 times a power of ten) whose count of
	// lines is nearest to Levels, fewer on a tie.
	want := c.opt.Levels
	bestN := -1
	for e := math.Floor(math.Log10(hi-lo)) - 4; e <= math.Floor(math.Log10(hi-lo))+1; e++ {
		for _, m := range []float64{1, 2, 2.5, 5} {
			st := m * math.Pow(10, e)
			var ls []float64
			for k := math.Floor(lo/st) + 1; k*st < hi && len(ls) <= 4*want; k++ {
				if v := k * st; v > lo {
					ls = append(ls, v)
				}
			}
			n := len(ls)
			if n == 0 || n > 4*want {
				continue
			}
			if bestN < 0 || abs(n-want) < abs(bestN-want) || (abs(n-want) == abs(bestN-want) && n < bestN) {
				levels, step, bestN = ls, st, n
			}
		}
	}
	return levels, step
}

func abs(n int) int { return max(n, -n) }

// Sizes of the contour figure's marks, in points.
const (
	stepDotR   = 1.8 // the dot at each step of a path
	startR     = 5   // the start: a white disc with a black edge
	minimumR   = 7   // the minimum: a black cross on a white halo
	movingR    = 7   // the moving point of an animation
	markerEdge = 1.5
)

// build draws the figure: the contour lines under the paths, the start
// and minimum marks and the legend over them.
func (c *Contour) build() error {
	o, fig := c.opt, c.fig
	const n = 160
	g := grid{xs: make([]float64, n), ys: make([]float64, n), z: make([][]float64, n)}
	for i := range n {
		g.xs[i] = o.XMin + (o.XMax-o.XMin)*float64(i)/(n-1)
		g.ys[i] = o.YMin + (o.YMax-o.YMin)*float64(i)/(n-1)
	}
	for i := range n {
		g.z[i] = make([]float64, n)
		for j := range n {
			g.z[i][j] = o.F(g.xs[i], g.ys[j])
		}
	}
	pn := &panel{
		box: fig.data, title: o.Title, grid: true,
		x: axis{min: o.XMin, max: o.XMax, label: "x"},
		y: axis{min: o.YMin, max: o.YMax, label: "y", upright: true},
	}
	lg := &legend{size: fig.len(legendSize)}
	obs := &obstacles{reach: fig.len(4)}
	levels, step := c.levels(g)
	grey := color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}
	if len(levels) > 0 {
		ct := plotter.NewContour(g, levels, nil)
		ct.LineStyles = []draw.LineStyle{{Color: grey, Width: fig.len(1)}}
		pn.below = append(pn.below, ct)
	}
	var starts [][2]float64
	for i, path := range c.paths {
		w, r := c.pathSize(i)
		line := draw.LineStyle{Color: c.colors[i], Width: fig.len(w)}
		m := marker{r: fig.len(r), fill: c.colors[i]}
		var pts [][2]float64
		for _, pt := range path.Points {
			if finite(pt[0]) && finite(pt[1]) {
				pts = append(pts, [2]float64{pt[0], pt[1]})
			}
		}
		obs.lines = append(obs.lines, pts)
		if path.Label != "" {
			lg.entries = append(lg.entries, legendEntry{label: path.Label, line: &line, marker: &m})
		}
		if len(pts) > 0 && !slices.Contains(starts, pts[0]) {
			starts = append(starts, pts[0])
		}
	}
	black := color.RGBA{A: 255}
	if len(starts) > 0 {
		m := marker{r: fig.len(startR), edge: black, width: fig.len(markerEdge)}
		pn.middle = append(pn.middle, markers{xy: starts, m: m})
		obs.points = append(obs.points, starts...)
		name := "start"
		if len(starts) == 1 {
			name = fmt.Sprintf("start (%s, %s)", num(starts[0][0]), num(starts[0][1]))
		}
		lg.entries = append(lg.entries, legendEntry{label: name, marker: &m})
	}
	if o.Minimum != nil {
		m := marker{cross: true, r: fig.len(minimumR), edge: black, width: fig.len(2), halo: fig.len(1.5)}
		pt := [2]float64{o.Minimum[0], o.Minimum[1]}
		pn.above = append(pn.above, markers{xy: [][2]float64{pt}, m: m})
		obs.points = append(obs.points, pt)
		lg.entries = append(lg.entries, legendEntry{label: fmt.Sprintf("minimum (%s, %s)", num(pt[0]), num(pt[1])), marker: &m})
	}
	if len(levels) > 0 {
		sty := draw.LineStyle{Color: grey, Width: fig.len(1)}
		lg.entries = append(lg.entries, legendEntry{label: "contours of f, " + num(step) + " apart", line: &sty})
	}
	pn.legend = lg
	fig.finish(pn, obs, true)
	c.pn, c.obs = pn, obs
	c.tr = newTransform(fig, pn)
	sc, err := fig.renderScene(c.tr.clip(), pn)
	if err != nil {
		return err
	}
	c.sc = sc
	sc.trails = c.trails()
	for _, t := range sc.trails {
		t.grow(len(t.pts))
	}
	c.img = sc.image(nil, "")
	sc.trails = nil
	return nil
}

// trails returns the paths as trails to draw, in pixel coordinates.
func (c *Contour) trails() []*trail {
	var ts []*trail
	for i, p := range c.paths {
		pts := make([][2]float64, len(p.Points))
		for j, pt := range p.Points {
			x, y := c.tr.pixel(pt[0], pt[1])
			pts[j] = [2]float64{x, y}
		}
		w, r := c.pathSize(i)
		ts = append(ts, newTrail(pts, c.colors[i], float64(c.fig.len(w)), float64(c.fig.len(r)), c.sc.bg.Rect, c.sc.clip))
	}
	return ts
}

// pathSize returns path i's line width and step-dot radius, in points.
// Where paths run together the later one is drawn over the earlier, so
// each earlier path is a little wider: it shows as a border around the
// later ones instead of disappearing under them.
func (c *Contour) pathSize(i int) (width, r float64) {
	wider := float64(len(c.paths) - 1 - i)
	return lineWidth * (1 + 0.8*wider), stepDotR + 0.9*wider
}

// num formats a coordinate for a legend, with matplotlib's minus sign.
func num(v float64) string {
	s := fmt.Sprintf("%.4g", v)
	if s == "-0" {
		s = "0"
	}
	return minus(s)
}

// Pixel returns where (x, y) lands in the image, y down.
func (c *Contour) Pixel(x, y float64) (px, py float64) { return c.tr.pixel(x, y) }

// Box returns the data box shown: [xmin, xmax] × [ymin, ymax].
func (c *Contour) Box() (xmin, xmax, ymin, ymax float64) {
	return c.opt.XMin, c.opt.XMax, c.opt.YMin, c.opt.YMax
}

// Image returns the figure.
func (c *Contour) Image() *image.RGBA { return clone(c.img) }

// Animate returns an animation of the paths being walked: each path's
// line grows step by step behind a moving point, a counter names the step,
// and the last frame is held (AnimationOptions.Hold). The frames are spread
// evenly over the longest path, so that the last one shows every path's
// end: frame i of n shows step round(i·(len-1)/(n-1)) of each path (its
// last point if it is shorter).
func (c *Contour) Animate(o AnimationOptions) (*Animation, error) {
	o, err := o.withDefaults(1500 * time.Millisecond)
	if err != nil {
		return nil, err
	}
	if len(c.paths) == 0 {
		return nil, fmt.Errorf("plotting: no path to animate")
	}
	longest := 0
	for _, p := range c.paths {
		longest = max(longest, len(p.Points))
	}
	if o.Frames > longest {
		return nil, fmt.Errorf("plotting: AnimationOptions.Frames = %d, but the longest path has %d points", o.Frames, longest)
	}
	sc, err := c.animationScene(longest - 1)
	if err != nil {
		return nil, err
	}
	frames := make([]frameSpec, o.Frames)
	for i := range frames {
		step := 0
		if o.Frames > 1 {
			step = int(math.Round(float64(i) * float64(longest-1) / float64(o.Frames-1)))
		}
		frames[i] = c.frame(step)
	}
	return sc.animate(frames, o), nil
}

// frame is what the animation shows at a step.
func (c *Contour) frame(step int) frameSpec {
	var fr frameSpec
	for k, p := range c.paths {
		j := min(step, len(p.Points)-1)
		fr.upto = append(fr.upto, j+1)
		pt := p.Points[j]
		px, py := c.tr.pixel(pt[0], pt[1])
		col := c.colors[k]
		if len(c.paths) == 1 {
			col = Red // one path: the tutorial's red point
		}
		fr.dots = append(fr.dots, dot{x: px, y: py, r: float64(c.fig.len(movingR)), c: col, edge: Black, ew: float64(c.fig.len(1))})
	}
	fr.text = counterText(step)
	return fr
}

func counterText(step int) string { return fmt.Sprintf("step %d", step) }

// animationScene is the figure without the paths, which the animation
// draws as they grow, and with a frame counter in a free corner of the
// axes (one the paths, marks and legend leave free, if there is one).
func (c *Contour) animationScene(lastStep int) (*scene, error) {
	fig, pn := c.fig, c.pn
	size := fig.len(legendSize)
	m := textBox(label{s: counterText(8 * lastStep)}, size) // room for any digits
	pad := legBorderPad * size
	w, h := m.x1-m.x0+2*pad, m.above+m.below+2*pad
	obs := *c.obs
	if pn.legend != nil {
		obs.rects = append(obs.rects, pn.legend.rect)
	}
	cands := candidates(pn.box, w, h, legBorderAxesPad*size)
	cands[0], cands[1] = cands[1], cands[0] // upper left first, as matplotlib's text boxes
	r, _ := best(pn, &obs, cands)
	sc := *c.sc // the figure is shared; the trails and counter are this animation's
	sc.trails = c.trails()
	sc.counter = fig.counterAt(r)
	return &sc, nil
}
