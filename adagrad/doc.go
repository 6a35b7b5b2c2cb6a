// Package adagrad implements the Adagrad optimizer (Duchi, Hazan and Singer,
// 2011) for float64 vectors.
//
// Adagrad keeps, for every coordinate i, the running sum of the squares of
// all gradients seen so far. Each step divides the learning rate by the root
// of that sum, so coordinates with large or frequent gradients take smaller
// steps, and every step is smaller than the one before it:
//
//	acc[i] += g[i]*g[i]
//	x[i]   += -lr*g[i] / (sqrt(acc[i]) + eps)
//
// The three settings of Config are:
//
//   - LearningRate (lr): the scale of every step. Adagrad's steps shrink on
//     their own, so it is usually larger than a plain gradient-descent rate.
//   - InitialAccumulator: the value every acc[i] starts from. A positive value
//     keeps the first steps from being as large as lr itself.
//   - Epsilon (eps): added to the denominator so that it is never zero.
//
// TutorialConfig returns the values of the tutorial this package was written
// for (lr 0.05, accumulator 0.1, epsilon 1e-8). With it, Step performs the
// float64 operations in the same order as the tutorial's numpy code, so
// trajectories agree bit for bit on every architecture: the code converts
// products explicitly to float64, which forbids the compiler from fusing a
// multiply and an add into one FMA rounding.
//
// # Variants
//
// Libraries disagree on details. The default is the original paper's form,
// which the tutorial and PyTorch also use; the other forms are options:
//
//	library                    epsilon            lr decay   weight decay
//	the paper, the tutorial    outside the sqrt   -          -
//	PyTorch                    outside the sqrt   LRDecay    WeightDecay
//	Keras 3, Optax, TF.js, d2l inside the sqrt    -          -
//
// EpsilonInside computes x -= lr*g/sqrt(acc+eps). LRDecay scales the rate of
// step t (counting from 1) to lr/(1+(t-1)*LRDecay). WeightDecay adds
// WeightDecay*x to the gradient before it is accumulated. Library defaults
// also differ: PyTorch starts the accumulator at 0 with eps 1e-10, Keras at
// 0.1 with eps 1e-7 (inside the root).
//
// # Use
//
// New and Optimizer.Step drive Adagrad by hand, one step at a time; Run and
// Run1D record whole trajectories for plots; Method plugs Adagrad into
// gonum's optimize.Minimize. Step splits long vectors across the available
// cores and does not allocate.
//
// # Sparse gradients
//
// Adagrad was made for sparse data, where most features are absent from
// most examples, and a gradient is zero but at the few features present.
// StepSparse takes such a gradient as indices and values and, like
// PyTorch's Adagrad given a sparse gradient, steps only those coordinates,
// in time proportional to their number; the bits are exactly those Step
// gives for the dense gradient. Coordinates not listed keep their
// accumulator, so a rare feature keeps a large step.
package adagrad
