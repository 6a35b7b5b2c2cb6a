package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// evenly spaced in f, at round values, unless fewer than three of them
	// would cross the band the paths run in (a bowl much steeper across
	// than along): then they are spaced geometrically above the lowest
	// value, each twice as far above it as the one before. The legend
	// says which.
	Levels int
	// Minimum, if not nil, is marked with a cross and named in the legend.
	Minimum []float64
	Title   string
	// Width and Height are the layout size; 0, 0 means 960x540. Scale is
	// the number of pixels drawn per layout pixel; 0 means 2.
	Width, Height, Scale int
}

// TutorialContour returns the options for the tutorial's two-variable
// function 2x² + 2xy + 2y² − 6x with its minimum (2, −1) marked, titled
// with the learning rate η.
func TutorialContour(learningRate float64) ContourOptions {
	return ContourOptions{
		F:       tutorial.Quadratic,
		Minimum: tutorial.QuadraticMin[:],
		Title:   "Adagrad, η = " + strconv.FormatFloat(learningRate, 'g', -1, 64),
	}
}

// A Contour is the two-variable figure, drawn once. Paths are drawn as a
// line through their points with a mark at each step, each path in its
// colour and its own shape of mark (a disc, a square, a diamond, a
// triangle); a later path on a thin white border, so that where paths run
// together both show. Over them the starts are marked by a white disc,
// each end by a larger mark edged in black (the tutorial's red dot when
// there is one path), and the minimum by a cross on top of everything. It
// is not safe for concurrent use.
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
	// moving: the legend names the moving point of an animation, not
	// the end it reaches only in the last frame.
	moving bool
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// NewContour draws the figure with the given paths.
func NewContour(o ContourOptions, paths ...Path) (*Contour, error) {
	if o.F == nil {
		return nil, fmt.Errorf("plotting: ContourOptions.F is nil")
	}
	fig, err := sizeOf("ContourOptions", o.Width, o.Height, o.Scale)
	if err != nil {
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
	c := &Contour{opt: o, fig: fig, paths: paths}
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
	auto := o.XMin == 0 && o.XMax == 0 && o.YMin == 0 && o.YMax == 0
	if err := c.fitBox(); err != nil {
		return nil, err
	}
	if auto {
		// The axes take the figure's width, less what their labels need,
		// and the box is fitted again at that shape.
		pn := &panel{box: c.fig.data, x: axis{min: c.opt.XMin, max: c.opt.XMax, label: "x"}, y: axis{min: c.opt.YMin, max: c.opt.YMax, label: "y", upright: true}}
		c.fig.tighten(pn)
		c.fig.data = pn.box
		c.opt.XMin, c.opt.XMax, c.opt.YMin, c.opt.YMax = 0, 0, 0, 0
		if err := c.fitBox(); err != nil {
			return nil, err
		}
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

// fitBox checks a given box or fits one around the paths and the minimum,
// at equal scale on both axes of the figure's axes box.
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
	// widened so that one unit is as long on both axes. Points that span
	// no width (a minimum alone, a path that has not moved yet) get a box
	// reaching 1 from them each way: a box as narrow as their rounding
	// would show f's rounding, not its contour lines.
	side := math.Max(x1-x0, y1-y0)
	if scale := math.Max(math.Max(math.Abs(x0), math.Abs(x1)), math.Max(math.Max(math.Abs(y0), math.Abs(y1)), 1)); side <= 1e-9*scale {
		side = 4 // a margin of 1
	}
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

// levels are round values of f for the contour lines, about Levels of
// them, and the legend's words for them. They are evenly spaced between
// f's lowest and highest value in the box, at least three of them below
// the highest point of the paths, so that lines cross the band the paths
// run in: at a finer step than Levels asks if need be, up to four times as
// many lines. If no even step does that, they are geometric above the
// lowest value.
func (c *Contour) levels(g grid) (levels []float64, name string) {
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
		return nil, ""
	}
	want := c.opt.Levels
	top := c.pathTop()
	crossing := func(ls []float64) int {
		n := 0
		for _, v := range ls {
			if v <= top {
				n++
			}
		}
		return n
	}
	levels, step := evenLevels(lo, hi, want)
	if len(c.paths) == 0 || !(top > lo) || crossing(levels) >= 3 {
		return levels, "contours of f, " + num(step) + " apart"
	}
	for _, st := range roundSteps(hi - lo) {
		if st >= step {
			continue
		}
		ls := levelsAt(lo, hi, st, 4*want)
		if len(ls) > 4*want {
			break
		}
		if crossing(ls) >= 3 {
			return ls, "contours of f, " + num(st) + " apart"
		}
	}
	// Geometric: lo + s, lo + 2s, lo + 4s... up to hi, about Levels of
	// them, s a round number.
	s := roundDown125((hi - lo) / math.Pow(2, float64(want-1)))
	levels = levels[:0]
	for d := s; d < hi-lo && len(levels) < 4*want; d *= 2 {
		levels = append(levels, lo+d)
	}
	above := "f*"
	if c.opt.Minimum == nil {
		above = "its lowest"
	}
	return levels, fmt.Sprintf("contours of f, %s, %s, %s… above %s", num(s), num(2*s), num(4*s), above)
}

// pathTop returns the highest value of f at the paths' points in the box.
func (c *Contour) pathTop() float64 {
	top := math.Inf(-1)
	for _, p := range c.paths {
		for _, pt := range p.Points {
			if pt[0] >= c.opt.XMin && pt[0] <= c.opt.XMax && pt[1] >= c.opt.YMin && pt[1] <= c.opt.YMax {
				if v := c.opt.F(pt[0], pt[1]); finite(v) {
					top = math.Max(top, v)
				}
			}
		}
	}
	return top
}

// roundSteps are the round steps (1, 2, 2.5 or 5 times a power of ten)
// from about span/10^5 to span, largest first.
func roundSteps(span float64) []float64 {
	var out []float64
	for e := math.Floor(math.Log10(span)) + 1; e >= math.Floor(math.Log10(span))-4; e-- {
		for _, m := range []float64{5, 2.5, 2, 1} {
			out = append(out, m*math.Pow(10, e))
		}
	}
	return out
}

// levelsAt returns the multiples of st strictly between lo and hi, or
// more than limit of them if there are more.
func levelsAt(lo, hi, st float64, limit int) []float64 {
	var ls []float64
	// k+1 == k when lo/st is beyond 2^53: no two multiples of st are
	// apart between lo and hi then, and counting would never end.
	for k := math.Floor(lo/st) + 1; k*st < hi && len(ls) <= limit && k+1 != k; k++ {
		if v := k * st; v > lo {
			ls = append(ls, v)
		}
	}
	return ls
}

// evenLevels returns the round step whose count of lines strictly between
// lo and hi is nearest to want, fewer on a tie, and those lines.
func evenLevels(lo, hi float64, want int) (levels []float64, step float64) {
	bestN := -1
	for _, st := range roundSteps(hi - lo) {
		ls := levelsAt(lo, hi, st, 4*want)
		n := len(ls)
		if n == 0 || n > 4*want {
			continue
		}
		if bestN < 0 || abs(n-want) < abs(bestN-want) || (abs(n-want) == abs(bestN-want) && n < bestN) {
			levels, step, bestN = ls, st, n
		}
	}
	return levels, step
}

// roundDown125 returns the largest 1, 2 or 5 times a power of ten not
// above v.
func roundDown125(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= v {
			return m * p
		}
	}
	return p
}

func abs(n int) int { return max(n, -n) }

// Sizes of the contour figure's marks, in points.
const (
	pathWidth   = 1.2 // a path's line
	stepMarkR   = 2.8 // the mark at each step of a path
	casing      = 1   // the white border of a later path, each side
	startR      = 5   // the start: a white disc with a black edge
	endR        = 5   // the end: a mark in the path's colour, edged in black
	minimumR    = 11  // the minimum: a black cross on a white halo, reaching past an end mark
	movingR     = 7   // the moving point of an animation
	legendMarkR = 4   // a path's mark in the legend, larger, to show its shape
	markerEdge  = 1.5
)

// pathStyle is how path i is drawn: its colour, the shape of its marks
// and whether it has a white border (every path but the first of several).
func (c *Contour) pathStyle(i int) (col color.RGBA, sh shape, border bool) {
	return c.colors[i], markShapes[i%len(markShapes)], i > 0
}

// build draws the figure: the contour lines under the paths, the start
// and minimum marks and the legend over them.
func (c *Contour) build() error {
	o, fig := c.opt, c.fig
	g := c.sample()
	pn := &panel{
		box: fig.data, title: o.Title, grid: true,
		x: axis{min: o.XMin, max: o.XMax, label: "x"},
		y: axis{min: o.YMin, max: o.YMax, label: "y", upright: true},
	}
	lg := &legend{size: fig.len(legendSize)}
	obs := &obstacles{reach: fig.len(4)}
	levels, levelName := c.levels(g)
	grey := color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}
	if len(levels) > 0 {
		pn.below = append(pn.below, isolines{g: g, levels: levels, style: lineStyle{color: grey, width: fig.len(1)}})
	}
	var starts [][2]float64
	for i, path := range c.paths {
		col, sh, _ := c.pathStyle(i)
		line := lineStyle{color: col, width: fig.len(pathWidth)}
		m := marker{shape: sh, r: fig.len(legendMarkR), fill: col}
		var pts [][2]float64
		for _, pt := range path.Points {
			if finite(pt[0]) && finite(pt[1]) {
				pts = append(pts, [2]float64{pt[0], pt[1]})
			}
		}
		obs.lines = append(obs.lines, pts)
		if len(pts) > 0 {
			obs.points = append(obs.points, pts[len(pts)-1])
			if !slices.Contains(starts, pts[0]) {
				starts = append(starts, pts[0])
			}
		}
		if path.Label != "" {
			lg.entries = append(lg.entries, legendEntry{label: path.Label, line: &line, marker: &m})
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
	if e, ok := c.endEntry(); ok {
		lg.entries = append(lg.entries, e)
	}
	if o.Minimum != nil {
		m := marker{shape: cross, r: fig.len(minimumR), edge: black, width: fig.len(1.6), halo: fig.len(0.8)}
		pt := [2]float64{o.Minimum[0], o.Minimum[1]}
		pn.above = append(pn.above, markers{xy: [][2]float64{pt}, m: m})
		obs.points = append(obs.points, pt)
		lg.entries = append(lg.entries, legendEntry{label: fmt.Sprintf("minimum (%s, %s)", num(pt[0]), num(pt[1])), marker: &m})
	}
	if len(levels) > 0 {
		sty := lineStyle{color: grey, width: fig.len(1)}
		lg.entries = append(lg.entries, legendEntry{label: levelName, line: &sty})
	}
	pn.legend = lg
	fig.finish([]*obstacles{obs}, true, pn)
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
	c.img = sc.image(c.ends(), "")
	sc.trails = nil
	return nil
}

// sample evaluates F on a grid over the box, for the contour lines.
func (c *Contour) sample() grid {
	o := c.opt
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
	return g
}

// endMark is the mark at the end of path i, or where it is during an
// animation: the tutorial's red dot for one path, else a larger mark of
// the path's colour and shape; edged in black.
func (c *Contour) endMark(i int, x, y float64, r float64) dot {
	col, sh, _ := c.pathStyle(i)
	if len(c.paths) == 1 {
		col, sh = Red, disc
	}
	px, py := c.tr.pixel(x, y)
	return dot{x: px, y: py, r: float64(c.fig.len(r)), c: col, shape: sh, edge: Black, ew: float64(c.fig.len(1))}
}

// ends are the marks at the paths' last points, for the still figure.
func (c *Contour) ends() []dot {
	var ds []dot
	for i, p := range c.paths {
		for j := len(p.Points) - 1; j >= 0; j-- {
			if pt := p.Points[j]; finite(pt[0]) && finite(pt[1]) {
				ds = append(ds, c.endMark(i, pt[0], pt[1], endR))
				break
			}
		}
	}
	return ds
}

// endEntry is the legend's entry for the end marks: with one path, its
// red dot and where it ended; in an animation, where the dot moves, the
// point and where it will end.
func (c *Contour) endEntry() (legendEntry, bool) {
	if len(c.paths) != 1 || len(c.paths[0].Points) == 0 {
		return legendEntry{}, false
	}
	pts := c.paths[0].Points
	last := pts[len(pts)-1]
	m := marker{r: c.fig.len(endR), fill: Red, edge: Black, width: c.fig.len(1)}
	name := "end (%s, %s)"
	if c.moving {
		name = "point, ending at (%s, %s)"
	}
	return legendEntry{label: fmt.Sprintf(name, num5(last[0]), num5(last[1])), marker: &m}, true
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
		col, sh, border := c.pathStyle(i)
		t := newTrail(pts, col, float64(c.fig.len(pathWidth)), float64(c.fig.len(stepMarkR)), c.sc.bg.Rect, c.sc.clip)
		t.shape = sh
		if border && len(c.paths) > 1 {
			t.withCasing(float64(c.fig.len(casing)))
		}
		ts = append(ts, t)
	}
	return ts
}

// num5 formats an end point's coordinate to five digits: near a minimum
// four would round one coordinate onto it and not the other.
func num5(v float64) string {
	s := fmt.Sprintf("%.5g", v)
	if s == "-0" {
		s = "0"
	}
	return minus(s)
}

// num formats a coordinate for a legend, with matplotlib's minus sign.
func num(v float64) string {
	s := fmt.Sprintf("%.4g", v)
	if s == "-0" {
		s = "0"
	}
	return minus(strings.Replace(s, "e-0", "e-", 1))
}

// Pixel returns where (x, y) lands in the image, y down.
func (c *Contour) Pixel(x, y float64) (px, py float64) { return c.tr.pixel(x, y) }

// Box returns the data box shown: [xmin, xmax] × [ymin, ymax].
func (c *Contour) Box() (xmin, xmax, ymin, ymax float64) {
	return c.opt.XMin, c.opt.XMax, c.opt.YMin, c.opt.YMax
}

// Image returns the figure.
func (c *Contour) Image() *Image { return c.fig.image(clone(c.img)) }

// Animate returns an animation of the paths being walked: each path's
// line grows step by step behind a moving point, a counter names the step
// and how many steps the frame moved on, and the last frame is held
// (AnimationOptions.Hold). The frames span the longest path, so that the
// last one shows every path's end: one frame per step at first, where
// Adagrad's steps are long, then further and further apart (geometrically
// spaced), so that the early jumps and the late crawl both get screen
// time; AnimationOptions.EvenSteps spaces them evenly instead. Each path
// shows its last point once it has no more.
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
	c, err = c.animated()
	if err != nil {
		return nil, err
	}
	sc, err := c.animationScene(longest - 1)
	if err != nil {
		return nil, err
	}
	steps := frameSteps(longest-1, o.Frames, o.EvenSteps)
	a := sc.animate(c.frames(steps), o)
	a.steps = steps
	return a, nil
}

// animated returns the figure an animation draws on: with one path, whose
// red dot moves, a copy whose legend names that point, not the end it
// reaches only in the last frame.
func (c *Contour) animated() (*Contour, error) {
	if len(c.paths) != 1 {
		return c, nil
	}
	m := *c
	m.moving = true
	if err := m.build(); err != nil {
		return nil, err
	}
	return &m, nil
}

// frames are what the animation shows at each of the steps, the counter
// saying how many steps each frame moved on.
func (c *Contour) frames(steps []int) []frameSpec {
	frames := make([]frameSpec, len(steps))
	for i, step := range steps {
		frames[i] = c.frame(step)
		if i > 0 {
			frames[i].text = counterText(step, step-steps[i-1])
		}
	}
	return frames
}

// frameSteps returns the steps n frames show, from 0 to last: evenly
// spaced, or one per step at first and then geometrically further apart,
// always strictly increasing and ending on last.
func frameSteps(last, n int, even bool) []int {
	s := make([]int, n)
	if n == 1 {
		return s
	}
	for k := 1; k < n; k++ {
		if even {
			s[k] = int(math.Round(float64(k) * float64(last) / float64(n-1)))
			continue
		}
		g := int(math.Round(math.Pow(float64(last+1), float64(k)/float64(n-1)))) - 1
		// Strictly growing, leaving room for the frames still to come.
		s[k] = min(max(s[k-1]+1, g), last-(n-1-k))
	}
	return s
}

// frame is what the animation shows at a step.
func (c *Contour) frame(step int) frameSpec {
	var fr frameSpec
	for k, p := range c.paths {
		j := min(step, len(p.Points)-1)
		fr.upto = append(fr.upto, j+1)
		pt := p.Points[j]
		fr.dots = append(fr.dots, c.endMark(k, pt[0], pt[1], movingR))
	}
	fr.text = counterText(step, 0)
	return fr
}

// counterText names the step a frame shows and, after the first, how many
// steps it moved on from the frame before.
func counterText(step, moved int) string {
	if moved == 0 {
		return fmt.Sprintf("step %d", step)
	}
	return fmt.Sprintf("step %d (+%d)", step, moved)
}

// animationScene is the figure without the paths, which the animation
// draws as they grow, and with a frame counter in a free corner of the
// axes (one the paths, marks and legend leave free, if there is one).
func (c *Contour) animationScene(lastStep int) (*scene, error) {
	fig, pn := c.fig, c.pn
	size := fig.len(legendSize)
	m := textBox(label{s: counterText(8*lastStep, 8*lastStep)}, size) // room for any digits
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
