// Package adagrad implements the Adagrad optimizer (Duchi, Hazan and Singer,
// 2011) for float64 vectors.
//
// Adagrad keeps, for every coordinate i, the running sum of the squares of
// all gradients seen so far. Each step divides the learning rate by the root
// of that sum, so coordinates with large or frequent gradients take smaller
// steps. The factor lr/(sqrt(acc)+eps) only shrinks; the step is that factor
// times the gradient, so it shrinks too unless the gradient grows:
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
// # Libraries
//
// Libraries agree on the idea and differ in details that change the numbers.
// Config.Like picks whose arithmetic Step performs, and PyTorchConfig,
// KerasConfig and OptaxConfig return each library's defaults with it:
//
//	Like      lr     acc0  eps    epsilon       rounding             weight decay     LRDecay
//	Tutorial  0.05   0.1   1e-8   after sqrt    each op (numpy)      L2, into g       yes
//	PyTorch   0.01   0     1e-10  after sqrt    acc+g*g fused (FMA)  L2, fused        yes
//	Keras     0.001  0.1   1e-7   under sqrt    each op              decoupled        no
//	Optax     (lr)   0.1   1e-7   under sqrt    each op, rsqrt form  none             no
//
// The update of each:
//
//	Tutorial  acc += g*g;           x += -lr*g / (sqrt(acc) + eps)
//	PyTorch   acc = fma(g, g, acc); x += -lr*g / (sqrt(acc) + eps)
//	Keras     acc += g*g;           x -= lr*g / sqrt(acc + eps)
//	Optax     acc = g*g + acc;      x += -lr * (g * (1/sqrt(acc + eps)))  (0 while acc is 0)
//
// WeightDecay (wd) means what the library means by it. Tutorial and PyTorch
// add wd*x to the gradient before anything else (an L2 penalty; PyTorch
// rounds g + wd*x once). Keras subtracts x*wd*lr from x before the step, as
// keras/src/optimizers/base_optimizer.py does (it calls _apply_weight_decay
// before update_step; it is not applied after the step). Optax's adagrad has
// no weight decay, and Keras's and Optax's no learning-rate decay: Validate
// refuses them rather than invent them. LRDecay is PyTorch's lr_decay: step
// t (from 1) uses lr/(1+(t-1)*LRDecay). Maximize ascends, in every form, by
// using -g where the form uses g (PyTorch's maximize; Keras and Optax have
// no such option, and negating the gradient is what their users do).
//
// What is checked, and against what:
//
//   - Tutorial: the tutorial's numpy runs, bit for bit (testdata/reference).
//   - PyTorch: torch.optim.Adagrad (Debian's PyTorch 1.13, CPU, float64,
//     foreach=False, its default) run by the tests, bit for bit: the
//     tutorial's functions and random vectors of 1 to 100,000 coordinates,
//     with LRDecay, WeightDecay, Maximize, zero and nonzero accumulators.
//     PyTorch's result does not depend on the vector's length or on its
//     threads. It does depend on three things the tests also check.
//     foreach=True computes the rate in float32 (its step counter is a
//     float32 tensor), which LearningRate = float64(float32(lr)) reproduces
//     when LRDecay is 0. On a CPU without AVX2, or with
//     ATEN_CPU_CAPABILITY=default, PyTorch's kernels round acc+g*g and
//     g+wd*x twice: the Tutorial form with the same options then matches it.
//     And its step counter, a float32, stops at 2^24 = 16,777,216 steps; the
//     PyTorch form's LRDecay stops there too.
//   - Keras and Optax: their update code, written out from the libraries'
//     sources, with each operation rounded on its own as in eager float64
//     code (no Keras or JAX runs here). Keras keeps the learning rate in a
//     variable of its floatx, float32 unless set_floatx("float64"): to
//     match it then, use LearningRate = float64(float32(lr)). Keras's torch
//     backend writes the decay as x*(1-wd*lr), which rounds differently;
//     this package follows the TensorFlow and JAX backends. Optax runs in
//     float64 only with jax_enable_x64, and XLA may compute rsqrt to within
//     an ulp rather than as the rounded 1/sqrt used here.
//
// # Edge cases
//
// Every kernel (the AVX loop, the portable Go loop, arm64) gives the same
// bits for every input, and finite input never produces NaN:
//
//   - When acc and eps are both 0 (InitialAccumulator = Epsilon = 0, and a
//     gradient whose square underflows, such as 1e-170), the denominator
//     is 0. A nonzero gradient then sends x to ±Inf, as numpy and PyTorch
//     do; a zero gradient leaves x where it is, where they give 0/0 = NaN.
//   - When -lr*g and the accumulator both overflow (Inf/Inf), the step is
//     computed as -lr*(g/d), d the denominator, which is 0: x stays, its
//     accumulator at +Inf.
//   - x and grad must not share memory: Step refuses them.
//
// # Use
//
// New and Optimizer.Step drive Adagrad by hand, one step at a time; Run and
// Run1D record whole trajectories for plots; Method plugs Adagrad into
// gonum's optimize.Minimize. An Optimizer is not safe for concurrent use.
// Step does not allocate. It splits vectors of 2^19 coordinates and more
// (2^18 on the portable loop) into up to GOMAXPROCS shares, runs one on the
// calling goroutine and the rest on a process-wide pool of goroutines that
// grows to the largest GOMAXPROCS-1 it has been asked for.
// Optimizer.SetConcurrent(1) keeps every step on the caller's goroutine,
// for callers that run many optimizers in parallel themselves.
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
