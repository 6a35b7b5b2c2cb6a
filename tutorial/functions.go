package tutorial

import "math"

// Cubic is the one-variable function f(x) = x - x³, each product rounded on
// its own (no fused multiply-subtract on arm64).
func Cubic(x float64) float64 { return x - float64(float64(x*x)*x) }

// CubicDeriv is Cubic's derivative f'(x) = 1 - 3x², evaluated as numpy does:
// x², then 3·x², then the subtraction, each rounded.
func CubicDeriv(x float64) float64 { return 1 - float64(3*float64(x*x)) }

// CubicMinX is where Cubic has its local minimum, -1/√3.
var CubicMinX = -1 / math.Sqrt(3)

// CubicStart is the tutorial's starting point for Cubic.
const CubicStart = -1.0

// Quadratic is the two-variable function f(x, y) = 2x² + 2xy + 2y² - 6x.
func Quadratic(x, y float64) float64 {
	return float64(2*float64(x*x)) + float64(2*float64(x*y)) + float64(2*float64(y*y)) - float64(6*x)
}

// QuadraticGrad writes Quadratic's gradient at p = (x, y) into g,
// destination first as gonum's Grad(grad, x): (4x + 2y - 6, 2x + 4y).
func QuadraticGrad(g, p []float64) {
	x, y := p[0], p[1]
	g[0] = float64(4*x) + float64(2*y) - 6
	g[1] = float64(2*x) + float64(4*y)
}

// QuadraticMin is where Quadratic has its minimum, (2, -1), with value -6.
var QuadraticMin = [2]float64{2, -1}

// QuadraticStart is the tutorial's starting point for Quadratic.
var QuadraticStart = [2]float64{1, 0}
