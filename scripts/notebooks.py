#!/usr/bin/env python3
"""Writes the tutorial's notebooks (unexecuted) from the cells below.

    python3 scripts/notebooks.py            # writes notebooks/*.ipynb without outputs
    scripts/run-notebooks --in-place        # then executes them under GoNB

The cells live here, in one place, so that the four notebooks share their
setup cell and stay consistent; the committed notebooks are this script's
output after execution.
"""
import json
import os
import sys

SETUP = """// Point this notebook at the project's Go packages and fetch what they need
// (notebooks/gonb-setup.sh); with that done, GoNB need not "go get" per cell.
!*bash "${GONB_DIR}/gonb-setup.sh"
%noautoget"""


def md(cid, text):
    return ("markdown", cid, text.strip("\n"))


def code(cid, text):
    return ("code", cid, text.strip("\n"))


NOTEBOOKS = {}

NOTEBOOKS["01-adagrad-one-variable"] = [
    md("title", r"""
# Adagrad, step by step — part 1: one variable

Plain gradient descent moves every coordinate by the same multiple of its slope. **Adagrad** (*adaptive
gradient*) gives each coordinate a memory: an **accumulator** that adds up the square of every gradient the
coordinate has seen. Each step divides the learning rate by the square root of that sum:

$$a_t = a_{t-1} + g_t^2 \qquad\qquad x_t = x_{t-1} - \frac{\eta \, g_t}{\sqrt{a_t} + \epsilon}$$

Because $a_t$ can only grow, the steps can only shrink: big moves while the gradients are fresh, careful
ones later. In this notebook we minimise a function of one variable, first with a loop written out by hand,
then with this project's `adagrad` package, and check that both give the very same numbers.

*Part 2 animates this run, part 3 moves to two variables, part 4 compares Adagrad with plain gradient
descent.*
"""),
    code("setup", SETUP),
    md("function-md", r"""
## The function and its slope

We look for the lowest point of the valley of $f(x) = x - x^3$. Its slope is $f'(x) = 1 - 3x^2$, which is zero
at $x = \pm 1/\sqrt{3}$: a valley floor at $-0.577\ldots$ and a hilltop at $+0.577\ldots$ Right of the
hilltop the curve falls for ever, so the valley is a *local* minimum: we start on its left, at $x = -1$.
"""),
    code("function", r"""
import (
	"fmt"
	"math"
)

// f is the function to minimise.
func f(x float64) float64 { return x - x*x*x }

// fdash is its slope. Each float64(...) rounds a product on its own, as
// numpy does; without it Go may fuse a multiply and a subtraction into one
// FMA instruction (it does on arm64), and the last digits of every later
// number would drift from the tutorial's.
func fdash(x float64) float64 { return 1 - float64(3*float64(x*x)) }

%%
fmt.Printf("at the start:      f(-1) = %v, slope f'(-1) = %v\n", f(-1), fdash(-1))
fmt.Printf("the valley floor:  x = -1/√3 = %.6f, f = %.6f\n", -1/math.Sqrt(3), f(-1/math.Sqrt(3)))
"""),
    md("steps-md", r"""
## Steps 1 and 2: the settings

**Step 1** picks where to start and the learning rate $\eta$, the size of the very first move.
**Step 2** sets the accumulator's starting value, $0.1$, and $\epsilon = 10^{-8}$, which only matters if the
accumulator is ever zero. Starting the accumulator above zero keeps the first step from being exactly
$\eta$ whatever the gradient.
"""),
    code("settings", r"""
// Step 1: the starting point and the learning rate.
var (
	startX       = -1.0
	learningRate = 0.05
)

// Step 2: the accumulator's first value and epsilon.
var (
	initialAccumulator = 0.1
	epsilon            = 1e-8
)
"""),
    md("loop-md", r"""
## Step 3: the loop

Every iteration does three things: **3.1** add the square of the slope to the accumulator; **3.2** compute
the update, minus the learning rate times the slope divided by the accumulator's square root; **3.3** add
the update to the point. We keep every point and accumulator, to look at how they change.
"""),
    code("loop", r"""
// adagradByHand runs the loop and returns every point and accumulator,
// the starting values first.
func adagradByHand(iterations int) (points, accumulators []float64) {
	point, accumulator := startX, initialAccumulator
	points, accumulators = []float64{point}, []float64{accumulator}
	for i := 0; i < iterations; i++ {
		slope := fdash(point)
		accumulator += float64(slope * slope)                            // 3.1
		update := -learningRate * slope / (math.Sqrt(accumulator) + epsilon) // 3.2
		point += update                                                  // 3.3
		points = append(points, point)
		accumulators = append(accumulators, accumulator)
	}
	return points, accumulators
}

%%
points, accs := adagradByHand(1000)
fmt.Println("step  x                      accumulator  lr/(√acc+ε)")
for _, i := range []int{0, 1, 2, 3, 5, 10, 50, 100, 200, 1000} {
	fmt.Printf("%4d  %-22v %11.4f  %.5f\n", i, points[i], accs[i], learningRate/(math.Sqrt(accs[i])+epsilon))
}
fmt.Println("minimum: x =", points[1000])
"""),
    md("loop-read", r"""
Read the table from the top. The first slope is $-2$, so the accumulator jumps from $0.1$ to $4.1$ and the
first step is about $0.05 \cdot 2 / \sqrt{4.1} \approx 0.049$. The slope then shrinks as we approach the
valley floor, but the accumulator keeps everything it has seen: the last column, the step a slope of one
would get, falls from $0.16$ to below $0.01$ and never comes back. That is Adagrad slowing itself down; a
learning rate of $0.05$ is on the large side for exactly that reason. After 1000 steps we sit on
$-1/\sqrt{3}$ to about fifteen digits.
"""),
    md("package-md", r"""
## The same run with the `adagrad` package

The package does the same arithmetic, in the same order, so it must land on exactly the same numbers —
not just close ones. `adagrad.TutorialConfig()` holds the settings of steps 1 and 2.
"""),
    code("package", r"""
import "github.com/gonb-tutorials/optimizers/adagrad"

%%
tr, err := adagrad.Run1D(fdash, startX, adagrad.TutorialConfig(), 1000)
if err != nil {
	fmt.Println("error:", err)
	return
}
handPoints, handAccs := adagradByHand(1000)
same := len(tr.Points) == len(handPoints)
for i := range handPoints {
	same = same && tr.Points[i] == handPoints[i] && tr.Accumulators[i] == handAccs[i]
}
fmt.Println("package minimum: x =", tr.Final())
fmt.Println("every point and accumulator equal to the loop's, bit for bit:", same)
"""),
    md("picture-md", r"""
## Where it ended

The tutorial's figure, with the red point where the 1000 steps left it: at the bottom of the valley, on
the dashed line drawn at the height of the true minimum. Part 2 animates the way there.
"""),
    code("picture", r"""
import (
	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/plotting"
)

%%
fig, err := plotting.NewCurve(plotting.TutorialCurve(learningRate))
if err != nil {
	fmt.Println("error:", err)
	return
}
points, _ := adagradByHand(1000)
display.Image(fig.Image(points[1000]))
"""),
    md("try-md", r"""
## Your turn

The cell below takes flags after `%%`: edit them and run it again.

* `-lr=0.01`: much slower — the accumulator shrinks an already small rate.
* `-lr=1`: the first steps overshoot the valley floor, then the growing accumulator calms them down.
* `-x0=0.7`: a start right of the hilltop. The slope points away from the valley and Adagrad follows it
  downhill for ever: it only ever finds the minimum nearest to where it starts.
"""),
    code("try", r"""
import "flag"

var (
	flagLR = flag.Float64("lr", 0.05, "learning rate")
	flagX0 = flag.Float64("x0", -1, "starting point")
)

%% -lr=0.5 -x0=-1
cfg := adagrad.TutorialConfig()
cfg.LearningRate = *flagLR
tr, err := adagrad.Run1D(fdash, *flagX0, cfg, 1000)
if err != nil {
	fmt.Println("error:", err)
	return
}
for _, i := range []int{0, 1, 10, 100, 1000} {
	fmt.Printf("after %4d steps: x = %.10f\n", i, tr.Points[i])
}
fmt.Printf("distance to the valley floor: %.3g\n", math.Abs(tr.Final()+1/math.Sqrt(3)))
"""),
]

NOTEBOOKS["02-adagrad-animation"] = [
    md("title", r"""
# Adagrad, step by step — part 2: watching it move

Part 1 printed numbers; here we watch the point slide into the valley of $f(x) = x - x^3$. We keep every
point of the run in a list and draw frame $i$ of the animation with the point $i$ of that list — the
tutorial's 200 frames at 50 frames a second.
"""),
    code("setup", SETUP),
    md("points-md", r"""
## Collect the points

The same loop as in part 1, from $x = -1$ with learning rate $0.05$, appending each new point to a list.
The function and its slope come from the project's `tutorial` package this time (they are written as in
part 1).
"""),
    code("points", r"""
import (
	"fmt"
	"math"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

// pointsAdagrad runs the loop and returns the starting point followed by
// the point after every step.
func pointsAdagrad() []float64 {
	point, learningRate := -1.0, 0.05
	accumulator, epsilon := 0.1, 1e-8
	list := []float64{point}
	for i := 0; i < 1000; i++ {
		slope := tutorial.CubicDeriv(point)
		accumulator += float64(slope * slope)
		point += -learningRate * slope / (math.Sqrt(accumulator) + epsilon)
		list = append(list, point)
	}
	return list
}

%%
list := pointsAdagrad()
fmt.Printf("%d points: %.4f, %.4f, %.4f, ... %.4f\n", len(list), list[0], list[1], list[2], list[len(list)-1])
fmt.Println("minimum: x =", list[len(list)-1])
"""),
    md("figure-md", r"""
## Set up the figure

The figure is the tutorial's: the curve over $[-5, 5]$ drawn from 10,000 samples, both axes limited to
$[-5, 5]$, a light grid, a dashed line at the height of the valley floor, and the current point in red.
`plotting.NewCurve` draws everything but the point once; each frame then only adds the point. Here is the
starting frame.
"""),
    code("figure", r"""
import (
	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// newFigure draws the static part of the tutorial's figure at 960x540 (set
// Width and Height for other sizes; the tutorial's is 1920x1080).
func newFigure() (*plotting.Curve, error) {
	return plotting.NewCurve(plotting.TutorialCurve(0.05))
}

%%
fig, err := newFigure()
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(fig.Image(pointsAdagrad()[0]))
"""),
    md("play-md", r"""
## Play it

The frames replace each other below at the animation's pace, 20 ms each: large moves first, then the point
creeps along the valley floor. (A saved notebook keeps the last frame here; the animated GIF follows.)
"""),
    code("play", r"""
// animation is the tutorial's: 200 frames, 50 per second.
func animation() (*plotting.Animation, error) {
	fig, err := newFigure()
	if err != nil {
		return nil, err
	}
	return fig.Animate(pointsAdagrad(), plotting.AnimationOptions{Frames: 200, FPS: 50})
}

%%
anim, err := animation()
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Play(anim)
"""),
    md("gif-md", r"""
## The animated GIF

The finished animation, also saved beside this notebook as `adagrad-1d.gif`. Only the rectangle around the
moving point is stored for each frame, and frames where the point no longer moves by a pixel are merged,
which keeps the file small.
"""),
    code("gif", r"""
import (
	"os"
	"path/filepath"
)

%%
anim, err := animation()
if err != nil {
	fmt.Println("error:", err)
	return
}
data, err := display.Animation(anim)
if err != nil {
	fmt.Println("error:", err)
	return
}
if err := os.WriteFile(filepath.Join(os.Getenv("GONB_DIR"), "adagrad-1d.gif"), data, 0o644); err != nil {
	fmt.Println("error:", err)
	return
}
fmt.Printf("saved adagrad-1d.gif: %d frames, %v, %d KB\n", anim.Len(), anim.Duration(), len(data)/1024)
"""),
    md("notice", r"""
What to notice: in well under 200 iterations the point reaches the valley floor — its last hundred frames
hardly move. The first frames are the biggest jumps; each later jump is smaller, both because the slope
flattens near the floor and because the accumulator behind it keeps growing. Part 3 shows that second
effect on its own.
"""),
]

NOTEBOOKS["03-adagrad-two-variables"] = [
    md("title", r"""
# Adagrad, step by step — part 3: two variables

With several variables, Adagrad keeps **one accumulator per coordinate**: each coordinate's step is scaled by
its own history. Nothing else changes — the point, the gradient and the accumulator simply become vectors,
and every operation applies coordinate by coordinate.
"""),
    code("setup", SETUP),
    md("function-md", r"""
## The function, its partial derivatives and the gradient

$f(x, y) = 2x^2 + 2xy + 2y^2 - 6x$ is a tilted bowl. Its partial derivatives are
$\partial f/\partial x = 4x + 2y - 6$ and $\partial f/\partial y = 2x + 4y$; both vanish at $(2, -1)$, the
bottom of the bowl. We start from $(1, 0)$.
"""),
    code("function", r"""
import (
	"fmt"
	"math"
)

// f is the bowl; its minimum is at (2, -1).
func f(x, y float64) float64 {
	return float64(2*float64(x*x)) + float64(2*float64(x*y)) + float64(2*float64(y*y)) - float64(6*x)
}

// fdashX and fdashY are its partial derivatives (float64 keeps products
// from fusing with the sums, as in part 1).
func fdashX(x, y float64) float64 { return float64(4*x) + float64(2*y) - 6 }
func fdashY(x, y float64) float64 { return float64(2*x) + float64(4*y) }

// gradient gathers both partial derivatives at a point.
func gradient(p [2]float64) [2]float64 { return [2]float64{fdashX(p[0], p[1]), fdashY(p[0], p[1])} }

%%
fmt.Println("gradient at the start (1, 0):  ", gradient([2]float64{1, 0}))
fmt.Println("gradient at the minimum (2, -1):", gradient([2]float64{2, -1}))
fmt.Println("f at the minimum:", f(2, -1))
"""),
    md("loop-md", r"""
## The loop, one accumulator per coordinate

Steps 1 to 3 as in part 1, for each coordinate $k$: $a_k \mathrel{+}= g_k^2$, then
$x_k \mathrel{+}= -\eta\, g_k / (\sqrt{a_k} + \epsilon)$. Both accumulators start at $0.1$.
"""),
    code("loop", r"""
// adagrad2D runs the loop and returns every point and accumulator.
func adagrad2D(iterations int) (points, accumulators [][2]float64) {
	point := [2]float64{1, 0}         // step 1
	learningRate := 0.05              // step 1
	accumulator := [2]float64{0.1, 0.1} // step 2
	epsilon := 1e-8                   // step 2
	points, accumulators = [][2]float64{point}, [][2]float64{accumulator}
	for i := 0; i < iterations; i++ { // step 3
		g := gradient(point)
		for k := range point {
			accumulator[k] += float64(g[k] * g[k])                                // 3.1
			update := -learningRate * g[k] / (math.Sqrt(accumulator[k]) + epsilon) // 3.2
			point[k] += update                                                   // 3.3
		}
		points = append(points, point)
		accumulators = append(accumulators, accumulator)
	}
	return points, accumulators
}

%%
points, accs := adagrad2D(1000)
for _, i := range []int{0, 1, 10, 100, 1000} {
	fmt.Printf("step %4d: (%.6f, %.6f)  accumulators (%.3f, %.3f)\n", i, points[i][0], points[i][1], accs[i][0], accs[i][1])
}
fmt.Printf("minimum: (x, y) = (%v, %v)\n", points[1000][0], points[1000][1])
"""),
    md("package-md", r"""
After 1000 steps we are within $10^{-4}$ of $(2, -1)$ — close, but not there, because by now every step is
small. The `adagrad` package gives the same numbers, bit for bit:
"""),
    code("package", r"""
import (
	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/tutorial"
)

%%
tr, err := adagrad.Run(tutorial.QuadraticGrad, []float64{1, 0}, adagrad.TutorialConfig(), 1000)
if err != nil {
	fmt.Println("error:", err)
	return
}
points, accs := adagrad2D(1000)
same := true
for i := range points {
	for k := 0; k < 2; k++ {
		same = same && tr.Points[i][k] == points[i][k] && tr.Accumulators[i][k] == accs[i][k]
	}
}
fmt.Println("package minimum:", tr.Final())
fmt.Println("equal to the loop's numbers, bit for bit:", same)
"""),
    md("contour-md", r"""
## The path over the contour lines

The tutorial stops at the numbers; a picture says more. The grey curves join points of equal $f$, closer
together near the bottom of the bowl. The blue line is Adagrad's path, one dot per step: see how the dots
crowd together as the steps shrink, long before the minimum (the cross).
"""),
    code("contour", r"""
import (
	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// run2D is the tutorial's two-variable run, recorded.
func run2D() (*adagrad.Trace, error) {
	return adagrad.Run(tutorial.QuadraticGrad, []float64{1, 0}, adagrad.TutorialConfig(), 1000)
}

// contourFigure draws the bowl with the run's path.
func contourFigure() (*plotting.Contour, error) {
	tr, err := run2D()
	if err != nil {
		return nil, err
	}
	return plotting.NewContour(plotting.TutorialContour(0.05), plotting.Path{Label: "Adagrad", Points: tr.Points})
}

%%
fig, err := contourFigure()
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(fig.Image())
"""),
    md("anim-md", r"""
## The same path, animated

The tutorial animates only the one-variable case; here is the two-variable one: the red point follows the
first 200 steps at 50 frames a second (saved beside the notebook as `adagrad-2d.gif`). Watch it decelerate.
"""),
    code("anim", r"""
import (
	"os"
	"path/filepath"
)

%%
fig, err := contourFigure()
if err != nil {
	fmt.Println("error:", err)
	return
}
anim, err := fig.Animate(plotting.AnimationOptions{Frames: 200, FPS: 50})
if err != nil {
	fmt.Println("error:", err)
	return
}
data, err := display.Animation(anim)
if err != nil {
	fmt.Println("error:", err)
	return
}
if err := os.WriteFile(filepath.Join(os.Getenv("GONB_DIR"), "adagrad-2d.gif"), data, 0o644); err != nil {
	fmt.Println("error:", err)
	return
}
fmt.Printf("saved adagrad-2d.gif: %d frames, %v\n", anim.Len(), anim.Duration())
"""),
    md("slow-md", r"""
## Why Adagrad slows down

Above: each coordinate's accumulator. It rises fast while the gradients are large, then flattens as they
fade — but it never falls. Below, solid: the step a gradient of one would get, $\eta/(\sqrt{a}+\epsilon)$,
which can therefore only shrink; dashed: the step actually taken, which shrinks faster still because the
gradient itself vanishes near the minimum. (Here the two coordinates' lines coincide: along this path the
two partial derivatives are equal and opposite, so their squares are the same.)
"""),
    code("slow", r"""
%%
tr, err := run2D()
if err != nil {
	fmt.Println("error:", err)
	return
}
img, err := plotting.SlowDown(tr, adagrad.TutorialConfig(), plotting.SlowDownOptions{Title: "Why Adagrad slows down"})
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(img)
"""),
    md("next", r"""
## Where next

* Change `learningRate` in the loop cell to `0.5`: the path reaches the minimum in far fewer steps.
* Start somewhere else, e.g. `point := [2]float64{-3, 3}`.
* Part 4 sets Adagrad beside plain gradient descent on a stretched bowl, sweeps the learning rate, and shows
  where the ever-growing accumulator becomes a weakness.
"""),
]

NOTEBOOKS["04-why-adagrad"] = [
    md("title", r"""
# Adagrad, step by step — part 4: why Adagrad, and where it falls short

Parts 1 to 3 showed Adagrad working. Here we ask what it changes compared with plain gradient descent, how
the learning rate matters, and what its ever-growing accumulator costs.
"""),
    code("setup", SETUP),
    md("bowl-md", r"""
## A stretched bowl

$f(x, y) = 0.05x^2 + 2y^2$ is forty times steeper across ($y$) than along ($x$). Plain gradient descent moves
every coordinate by the same multiple $\eta$ of its slope, so one learning rate must suit both directions.
Across, the slope is $4y$: any $\eta$ above $0.5$ overshoots more each step and blows up, and $0.45$ already
bounces from side to side. Along, the slope is only $0.1x$: with $\eta = 0.45$, $x$ shrinks by just 4.5% a
step. Adagrad divides each coordinate's step by its own gradient history, so the steep and the shallow
direction both get steps of about $\eta$ at first.
"""),
    code("bowl", r"""
import (
	"fmt"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

// f is the stretched bowl; its minimum is (0, 0).
func f(x, y float64) float64 { return 0.05*x*x + 2*y*y }

// grad writes f's gradient at p into g.
func grad(p, g []float64) {
	g[0] = 0.1 * p[0]
	g[1] = 4 * p[1]
}

// gradientDescent is the plain method: x -= lr * gradient, every step.
func gradientDescent(x0 []float64, lr float64, steps int) [][]float64 {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	path := [][]float64{append([]float64(nil), x...)}
	for i := 0; i < steps; i++ {
		grad(x, g)
		for k := range x {
			x[k] -= lr * g[k]
		}
		path = append(path, append([]float64(nil), x...))
	}
	return path
}

// paths runs both methods for 100 steps from (-4.5, 1.2).
func paths() (gd, ada [][]float64, err error) {
	start := []float64{-4.5, 1.2}
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 1
	tr, err := adagrad.Run(grad, start, cfg, 100)
	if err != nil {
		return nil, nil, err
	}
	return gradientDescent(start, 0.45, 100), tr.Points, nil
}

%%
gd, ada, err := paths()
if err != nil {
	fmt.Println("error:", err)
	return
}
for _, i := range []int{0, 10, 50, 100} {
	fmt.Printf("step %3d   gradient descent f = %-10.3g Adagrad f = %.3g\n", i, f(gd[i][0], gd[i][1]), f(ada[i][0], ada[i][1]))
}
"""),
    md("paths-md", r"""
Both paths on one picture: gradient descent (blue) zig-zags across the bowl and then crawls along it;
Adagrad (orange) takes the steep direction in a few calm steps and keeps moving along the shallow one.
"""),
    code("paths", r"""
import (
	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// figure draws the bowl with both paths.
func figure() (*plotting.Contour, error) {
	gd, ada, err := paths()
	if err != nil {
		return nil, err
	}
	o := plotting.ContourOptions{F: f, Minimum: []float64{0, 0}, Title: "Gradient descent (lr 0.45) and Adagrad (lr 1), 100 steps"}
	return plotting.NewContour(o, plotting.Path{Label: "gradient descent", Points: gd}, plotting.Path{Label: "Adagrad", Points: ada})
}

%%
fig, err := figure()
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(fig.Image())
"""),
    md("race-md", r"""
The same 100 steps as a race, 20 steps a second: watch how far along the bowl each point is at the same
step.
"""),
    code("race", r"""
%%
fig, err := figure()
if err != nil {
	fmt.Println("error:", err)
	return
}
anim, err := fig.Animate(plotting.AnimationOptions{Frames: 101, FPS: 20})
if err != nil {
	fmt.Println("error:", err)
	return
}
if _, err := display.Animation(anim); err != nil {
	fmt.Println("error:", err)
}
"""),
    md("sweep-md", r"""
## Which learning rate?

Back to the valley of $x - x^3$ from part 1, from $x = -1$, with five learning rates. The curves show how far
each run is from the valley floor $-1/\sqrt{3}$ at every step, on a log scale: a straight line down means
the distance shrinks by the same factor each step. At $0.01$ the accumulator shrinks an already small rate
and the run barely moves; from $0.1$ up it reaches the floor to the last digit (the flat lines are the limit
of float64) within a few hundred steps or fewer. The tutorial's $0.05$ gets there just before step 1000.
"""),
    code("sweep", r"""
import (
	"math"

	"github.com/gonb-tutorials/optimizers/tutorial"
)

%%
floor := -1 / math.Sqrt(3)
var series []plotting.Series
for _, lr := range []float64{0.01, 0.05, 0.1, 0.5, 1} {
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = lr
	tr, err := adagrad.Run1D(tutorial.CubicDeriv, -1, cfg, 1000)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	dist := make([]float64, len(tr.Points))
	for i, x := range tr.Points {
		dist[i] = math.Abs(x - floor)
	}
	series = append(series, plotting.Series{Label: fmt.Sprintf("learning rate %g", lr), Y: dist})
	fmt.Printf("lr %g: x after 1000 steps = %v\n", lr, tr.Final())
}
img, err := plotting.Chart(plotting.ChartOptions{Title: "Distance to the valley floor of x − x³", XLabel: "iteration", YLabel: "|x − x*|", LogY: true}, series...)
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(img)
"""),
    md("weak-md", r"""
## The weakness: Adagrad never forgets

The accumulator is a sum over *all* past gradients. Start far from the minimum of $(x - m)^2$, at $x = -20$:
the first slopes are around $40$, their squares pile up, and every later step is divided by their root. Then,
at step 300, the minimum moves from $m = 0$ to $m = 1$. Adagrad (orange) crawls after it, still weighed down
by gradients from long ago. The same optimizer with its memory wiped at step 300 (green, `Reset` does that)
gets there in a few dozen steps.
"""),
    code("weak", r"""
// movingRuns runs Adagrad on (x - m)² with m jumping from 0 to 1 at step
// 300, and a copy restarted there with an empty accumulator.
func movingRuns() (minimum func(int) float64, long, fresh *adagrad.Trace1D, err error) {
	const jump = 300
	minimum = func(t int) float64 {
		if t < jump {
			return 0
		}
		return 1
	}
	t := 0
	slope := func(x float64) float64 {
		g := 2 * (x - minimum(t))
		t++
		return g
	}
	cfg := adagrad.TutorialConfig()
	cfg.LearningRate = 0.5
	if long, err = adagrad.Run1D(slope, -20, cfg, 1000); err != nil {
		return
	}
	fresh, err = adagrad.Run1D(func(x float64) float64 { return 2 * (x - 1) }, long.Points[jump], cfg, 1000-jump)
	return
}

%%
minimum, long, fresh, err := movingRuns()
if err != nil {
	fmt.Println("error:", err)
	return
}
where, xs := make([]float64, len(long.Points)), make([]float64, len(fresh.Points))
for i := range where {
	where[i] = minimum(i)
}
for i := range xs {
	xs[i] = float64(300 + i)
}
img, err := plotting.Chart(plotting.ChartOptions{Title: "The minimum moves at step 300", XLabel: "iteration", YLabel: "x"},
	plotting.Series{Label: "where the minimum is", Y: where, Color: plotting.Black, Dashed: true},
	plotting.Series{Label: "Adagrad since step 0", Y: long.Points},
	plotting.Series{Label: "Adagrad restarted at step 300", X: xs, Y: fresh.Points})
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(img)
fmt.Printf("at step 1000: Adagrad x = %.4f, restarted x = %.4f (the minimum is 1)\n", long.Final(), fresh.Final())
"""),
    md("dying-md", r"""
The reason, in the long run's own numbers: its accumulator jumps to about 1600 in the first step alone
($40^2$) and only grows, so the step a unit gradient gets, $\eta/\sqrt{a}$, drops from $0.5$ to about
$0.0125$ at once and to $0.001$ later, and never recovers; the steps actually taken (dashed) follow. The
small kink at step 300 is the jump of the minimum: a larger slope, a slightly larger step, no more.
"""),
    code("dying", r"""
%%
_, long, _, err := movingRuns()
if err != nil {
	fmt.Println("error:", err)
	return
}
tr := &adagrad.Trace{}
for i := range long.Points {
	tr.Points = append(tr.Points, []float64{long.Points[i]})
	tr.Accumulators = append(tr.Accumulators, []float64{long.Accumulators[i]})
}
cfg := adagrad.TutorialConfig()
cfg.LearningRate = 0.5
img, err := plotting.SlowDown(tr, cfg, plotting.SlowDownOptions{Title: "The effective step dies out"})
if err != nil {
	fmt.Println("error:", err)
	return
}
display.Image(img)
"""),
    md("later", r"""
## What later optimizers change

* **RMSprop** keeps a *decaying* average of squared gradients instead of their sum,
  $a_t = \rho\, a_{t-1} + (1-\rho)\, g_t^2$ with $\rho \approx 0.9$: old gradients fade, so the step size can
  grow again when the gradients shrink — the wiped-memory curve above, without wiping anything.
* **Adam** does the same for the squares and also keeps a decaying average of the gradients themselves
  (momentum), with a correction for both averages starting at zero.
* Adagrad itself is still a good fit where its memory helps: sparse features that appear rarely keep a
  small accumulator and so large steps.

Try: the race with gradient descent at `0.49` (or `0.51`), the sweep with `2` or `5`, the jump at step 50
instead of 300.
"""),
]


def notebook(cells):
    out = []
    for kind, cid, src in cells:
        cell = {"cell_type": kind, "id": cid, "metadata": {}, "source": src.splitlines(keepends=True)}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        out.append(cell)
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
            "language_info": {"codemirror_mode": "", "file_extension": ".go", "mimetype": "", "name": "go",
                              "nbconvert_exporter": "", "pygments_lexer": "", "version": "go1.26"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "notebooks")
    names = sys.argv[1:] or sorted(NOTEBOOKS)
    for name in names:
        path = os.path.join(root, name + ".ipynb")
        with open(path, "w") as f:
            json.dump(notebook(NOTEBOOKS[name]), f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    main()
