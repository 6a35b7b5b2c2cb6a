package rarefeatures

import "math"

// Logit returns the model's score for a bag of tokens: the sum of their
// weights, a feature drawn twice counted twice.
func Logit(w []float64, tokens []int) float64 {
	z := 0.0
	for _, t := range tokens {
		z += w[t]
	}
	return z
}

// Sigmoid is 1/(1+e^-z), the probability that the label is 1.
func Sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Loss returns the mean log loss of w on examples, -log of the probability
// the model gives each true label.
func Loss(w []float64, examples []Example) float64 {
	sum := 0.0
	for _, e := range examples {
		z := Logit(w, e.Tokens)
		// log(1+e^z) - label*z, computed without overflow.
		sum += math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) - e.Label*z
	}
	return sum / float64(len(examples))
}

// Gradient writes the gradient of e's log loss into grad, which must be as
// long as e.Tokens, and returns it. The gradient is sparse: with respect to
// the weight of token e.Tokens[k] it is grad[k] = sigmoid(z) - label, and
// zero for every feature not in e (a token drawn twice is listed twice, and
// its values add up).
func Gradient(grad, w []float64, e Example) []float64 {
	r := Sigmoid(Logit(w, e.Tokens)) - e.Label
	grad = grad[:len(e.Tokens)]
	for k := range grad {
		grad[k] = r
	}
	return grad
}
