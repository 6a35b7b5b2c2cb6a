package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
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
	// Levels is the number of contour lines; 0 means 12. They are spaced
	// more closely near the lowest value, where the paths end.
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

// A Contour is the two-variable figure, drawn once. It is not safe for
// concurrent use.
type Contour struct {
	opt    ContourOptions
	fig    figure
	paths  []Path
	bg     *image.RGBA // contours and the whole paths
	faint  *image.RGBA // contours and the paths faded, drawn by the first Animate
	tr     transform
	colors []color.RGBA
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
	c.tr = newTransform(c.fig, c.opt.XMin, c.opt.XMax, c.opt.YMin, c.opt.YMax)
	var err error
	if c.bg, err = c.draw(255); err != nil {
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

func (c *Contour) levels(g grid) []float64 {
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
	n := c.opt.Levels
	levels := make([]float64, n)
	for k := range levels {
		// Quadratic spacing: near a minimum f grows with the square of the
		// distance, so these lines are roughly evenly spaced on the page.
		t := float64(k+1) / float64(n+1)
		levels[k] = lo + (hi-lo)*t*t
	}
	return levels
}

// draw renders the figure with the paths at the given opacity.
func (c *Contour) draw(pathAlpha uint8) (*image.RGBA, error) {
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
	p := plot.New()
	fig.style(p, "x", "y")
	p.X.Tick.Marker = ticks(o.XMin, o.XMax, niceStep(o.XMax-o.XMin, 6))
	p.Y.Tick.Marker = ticks(o.YMin, o.YMax, niceStep(o.YMax-o.YMin, 5))
	p.Add(fig.grid())
	ct := plotter.NewContour(g, c.levels(g), nil)
	ct.LineStyles = []draw.LineStyle{{Color: color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}, Width: fig.len(1)}}
	p.Add(ct)
	p.Legend.Top = true
	p.Legend.Padding = fig.len(3)
	p.Legend.ThumbnailWidth = fig.len(20)
	p.Legend.XOffs, p.Legend.YOffs = -fig.len(8), -fig.len(8) // inside the axes
	for i, path := range c.paths {
		xy := make(plotter.XYs, 0, len(path.Points))
		for _, pt := range path.Points {
			if finite(pt[0]) && finite(pt[1]) {
				xy = append(xy, plotter.XY{X: pt[0], Y: pt[1]})
			}
		}
		col := c.colors[i]
		col.A = pathAlpha
		ink := color.NRGBA(col) // not premultiplied: alpha over the full colour
		line := &plotter.Line{XYs: xy, LineStyle: draw.LineStyle{Color: ink, Width: fig.len(1.5)}}
		marks := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: ink, Radius: fig.len(2), Shape: draw.CircleGlyph{}}}
		p.Add(line, clipped{marks})
		if path.Label != "" {
			p.Legend.Add(path.Label, line, marks)
		}
		start := &plotter.Scatter{XYs: xy[:1], GlyphStyle: draw.GlyphStyle{Color: ink, Radius: fig.len(5), Shape: draw.RingGlyph{}}}
		p.Add(clipped{start})
		if i == 0 {
			p.Legend.Add(fmt.Sprintf("start (%s, %s)", num(xy[0].X), num(xy[0].Y)), start)
		}
	}
	if o.Minimum != nil {
		m := &plotter.Scatter{XYs: plotter.XYs{{X: o.Minimum[0], Y: o.Minimum[1]}},
			GlyphStyle: draw.GlyphStyle{Color: Black, Radius: fig.len(6), Shape: draw.CrossGlyph{}}}
		p.Add(clipped{m})
		p.Legend.Add(fmt.Sprintf("minimum (%s, %s)", num(o.Minimum[0]), num(o.Minimum[1])), m)
	}
	p.Add(legendBox{pad: fig.len(4), xoffs: -fig.len(8), yoffs: -fig.len(8)})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = o.XMin, o.XMax, o.YMin, o.YMax
	return fig.render(p, o.Title)
}

// legendBox clears a white box with a thin border under the legend, as
// matplotlib's legend frame, so the legend reads over contour lines.
type legendBox struct{ pad, xoffs, yoffs vg.Length }

func (b legendBox) Plot(c draw.Canvas, p *plot.Plot) {
	// Legend.Rectangle gets the sides swapped; only its size is used. The
	// legend sits in the top right corner, moved in by its offsets.
	size := p.Legend.Rectangle(c).Size()
	var r vg.Rectangle
	r.Max = vg.Point{X: c.Max.X + b.xoffs + b.pad/2, Y: c.Max.Y + b.yoffs + b.pad/2}
	r.Min = vg.Point{X: r.Max.X - size.X - 1.5*b.pad, Y: r.Max.Y - size.Y - 1.5*b.pad}
	c.SetColor(color.White)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.RGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 0xff}, Width: b.pad / 4})
	c.Stroke(r.Path())
}

// num formats a coordinate for a legend, with matplotlib's minus sign.
func num(v float64) string {
	s := fmt.Sprintf("%.4g", v)
	if s == "-0" {
		s = "0"
	}
	if s[0] == '-' {
		s = "\u2212" + s[1:]
	}
	return s
}

// clipped draws a plotter's glyphs only inside the axes, as matplotlib does,
// and keeps them from widening the axes.
type clipped struct{ p plot.Plotter }

func (c clipped) Plot(cv draw.Canvas, p *plot.Plot) {
	if s, ok := c.p.(*plotter.Scatter); ok {
		xy := make(plotter.XYs, 0, len(s.XYs))
		for _, v := range s.XYs {
			if v.X >= p.X.Min && v.X <= p.X.Max && v.Y >= p.Y.Min && v.Y <= p.Y.Max {
				xy = append(xy, v)
			}
		}
		cp := *s
		cp.XYs = xy
		cp.Plot(cv, p)
		return
	}
	c.p.Plot(cv, p)
}

// Pixel returns where (x, y) lands in the image, y down.
func (c *Contour) Pixel(x, y float64) (px, py float64) { return c.tr.pixel(x, y) }

// Box returns the data box shown: [xmin, xmax] × [ymin, ymax].
func (c *Contour) Box() (xmin, xmax, ymin, ymax float64) {
	return c.opt.XMin, c.opt.XMax, c.opt.YMin, c.opt.YMax
}

// Image returns the figure.
func (c *Contour) Image() *image.RGBA {
	img := image.NewRGBA(c.bg.Bounds())
	copy(img.Pix, c.bg.Pix)
	return img
}

// Animate returns an animation of each path's point moving along it over
// the contours (the whole paths shown faintly): frame i shows point i of
// every path, or its last point if it is shorter.
func (c *Contour) Animate(o AnimationOptions) (*Animation, error) {
	o, err := o.withDefaults()
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
		return nil, fmt.Errorf("plotting: Frames = %d, but the longest path has %d points", o.Frames, longest)
	}
	if c.faint == nil {
		if c.faint, err = c.draw(90); err != nil {
			return nil, err
		}
	}
	frames := make([][]dot, o.Frames)
	for i := range frames {
		for k, p := range c.paths {
			pt := p.Points[min(i, len(p.Points)-1)]
			px, py := c.tr.pixel(pt[0], pt[1])
			col := c.colors[k]
			if len(c.paths) == 1 {
				col = Red // one path: the tutorial's red point
			}
			frames[i] = append(frames[i], dot{x: px, y: py, r: 4.5 * c.fig.pt, c: col})
		}
	}
	return animate(c.faint, c.tr.clip(), frames, o.delay()), nil
}
