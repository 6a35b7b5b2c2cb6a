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
// for (lr 0.05, accumulator 0.1, epsilon 1e-8), and the zero Config stands
// for it, as gonum's methods take their zero values for their defaults.
// With it, Step performs the float64 operations in the same order as the
// tutorial's numpy code, so trajectories agree bit for bit on every
// architecture: the code converts products explicitly to float64, which
// forbids the compiler from fusing a multiply and an add into one FMA
// rounding.
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
// and StepSparse in the PyTorch form follows PyTorch's sparse path, which
// is another:
//
//	PyTorch, sparse   acc += g*g;   x = fma(-lr, g / (sqrt(acc) + eps), x)
//
// WeightDecay (wd) means what the library means by it. Tutorial and PyTorch
// add wd*x to the gradient before anything else (an L2 penalty; PyTorch
// rounds g + wd*x once). Keras subtracts x*wd*lr from x before the step, as
// keras/src/optimizers/base_optimizer.py does (it calls _apply_weight_decay
// before update_step). Optax's adagrad has no weight decay, and Keras's and
// Optax's no learning-rate decay: Validate refuses them rather than invent
// them. LRDecay is PyTorch's lr_decay: step t (from 1) uses
// lr/(1+(t-1)*LRDecay). Maximize ascends, in every form, by using -g where
// the form uses g (PyTorch's maximize; Keras and Optax have no such option,
// and negating the gradient is what their users do).
//
// # Judged by the libraries
//
// The tests run the libraries themselves (the project's Python, from
// scripts/install-libraries, float64 on the CPU), compare every bit of every
// point and accumulator, and keep the numbers they gave in testdata so that
// machines without them check the forms too. The runs: the tutorial's two
// functions, 1000 steps, and random vectors of 1003 coordinates, 100
// steps, with each library's defaults, larger rates, zero and nonzero
// accumulators, epsilon 0 and large, and every option the library has. What
// they show:
//
//   - Tutorial: the tutorial's numpy runs, bit for bit (testdata/reference).
//
//   - PyTorch 1.13 (Debian's python3-torch), torch.optim.Adagrad's default
//     path: bit for bit in every run, with every option, LRDecay included;
//     its sparse path, given the same gradients as StepSparse, too.
//     Its foreach=True rounds the rate to float32 (LearningRate =
//     float64(float32(lr)) matches it without LRDecay), and on CPUs without
//     AVX2 (ATEN_CPU_CAPABILITY=default) it rounds acc+g*g and g+wd*x
//     twice: the Tutorial form matches it.
//
//   - PyTorch 2.15 (the package index's wheel): fused=True bit for bit
//     without LRDecay. With LRDecay, fused=True rounds the rate's
//     denominator 1+(t-1)*lr_decay once (an FMA, as its C++ is compiled for
//     AVX2 and AVX-512) where its other paths, PyTorch 1.13 and this form
//     round twice: its runs part from this form's after some steps (see
//     the README for how far). On its portable kernels fused=True rounds
//     everything twice, the rate too: the Tutorial form matches it.
//     Its default path (single-tensor on the CPU) and foreach=True take
//     square roots with torch.sqrt, which in these wheels is Intel MKL's
//     and misses the correctly rounded root by an ulp for about 1.3% of
//     inputs. Their runs therefore part from this form's; with PyTorch's
//     own roots put in place of math.Sqrt, every step of every run is this
//     form's, bit for bit, and so is every sparse step. PyTorch counts
//     steps in a float32 tensor (a float64 one if the default dtype is
//     float64), which stops at 2^24 = 16,777,216: the PyTorch form's
//     LRDecay stops there too.
//
//   - Keras 3.15 on JAX: optimizer.apply, which computes op by op, bit for
//     bit. With floatx float32 (its default) Keras keeps the learning rate
//     in a float32 variable: LearningRate = float64(float32(lr)) matches
//     it. Under jax.jit (as model.fit compiles a training step) XLA
//     rewrites lr*g/sqrt(acc+eps) as lr*g*rsqrt(acc+eps), fuses
//     multiply-adds on CPUs with FMA, and on CPUs with AVX-512 computes
//     rsqrt as a hardware estimate refined by Newton steps: those runs part
//     from this form's.
//
//   - Optax 0.2.8 on JAX 0.10.2 (jax_enable_x64): bit for bit where XLA's
//     rsqrt is the correctly rounded 1/sqrt, as on CPUs without AVX-512
//     (or with XLA_FLAGS=--xla_cpu_max_isa=AVX2), op by op; under jax.jit
//     only without FMA (--xla_cpu_max_isa=SSE4_2), since XLA fuses
//     multiply-adds where the processor has them. On CPUs with AVX-512 about 29% of its roots are off
//     by one or two ulps; with them put in place of 1/math.Sqrt, every step
//     is this form's.
//
// # Edge cases
//
// Every kernel (the AVX-512 and AVX loops, the portable Go loop of other
// processors and of -tags purego, which arm64 runs) gives the same bits
// for every input Step accepts, NaN payloads included, and finite input
// never produces NaN:
//
//   - When acc and eps are both 0 (InitialAccumulator = Epsilon = 0, and a
//     gradient whose square underflows, such as 1e-170), the denominator
//     is 0. A nonzero gradient then sends x to ±Inf, as numpy and PyTorch
//     do; a zero gradient leaves x where it is, where they give 0/0 = NaN.
//   - When -lr*g and the accumulator both overflow (Inf/Inf), the step is
//     computed as -lr*(g/d), d the denominator, which is 0: x stays, its
//     accumulator at +Inf.
//   - An x that is not finite (Step takes one unless WeightDecay feeds x
//     into the step) is added to as any float is, as the libraries do: an
//     infinite x stays infinite, or becomes NaN against an infinite step of
//     the other sign; a NaN stays NaN, quieted, its sign and payload kept.
//     The NaN of Inf-Inf is amd64's (0xFFF8000000000000) on every
//     processor, though arm64's own is another.
//   - Keras's decay can overflow a finite x to ±Inf; x then stays there,
//     where the step could make Inf-Inf.
//
// # Errors
//
// Step and StepSparse return an error and change nothing when they cannot
// use their input; they do not panic on it, so that a notebook cell or a
// server shows one line, not a stack trace. The error says "adagrad:" once
// and names what is wrong, and errors.Is and errors.As tell the kinds
// apart: ErrLength, ErrIndex, ErrOverlap (x and grad share memory),
// ErrStepLimit, ErrNoState, ErrSparseConfig, *GradientError (NaN or
// infinite gradient values, or sparse values whose sum overflows) and
// *PointError (a non-finite x under WeightDecay). New, Validate, Run and
// UnmarshalBinary return errors as well. Accumulator(dst) panics on a dst
// of the wrong length, as gonum's methods that take a destination do: that
// is a mistake in the calling code, not in its data.
//
// # Use
//
// New and Optimizer.Step drive Adagrad by hand, one step at a time; Run and
// Run1D record whole trajectories for plots; package adagrad/gonumopt
// plugs Adagrad into gonum's optimize.Minimize. An Optimizer is not safe for concurrent use.
// Step does not allocate. It splits vectors of 2^19 coordinates and more
// (2^18 on the portable loop) across up to GOMAXPROCS goroutines, the
// calling one and a process-wide pool that grows to the largest
// GOMAXPROCS-1 it has been asked for; they take the coordinates in chunks,
// so that a goroutine that starts late takes fewer. A pool goroutine that
// has finished its share looks for the next for 200 microseconds, so that
// steps that follow each other closely find it awake, then sleeps.
// Optimizer.SetConcurrent(1) keeps every step on the caller's goroutine,
// for callers that run many optimizers in parallel themselves; StopWorkers
// ends the pool's goroutines, for a test that checks for leaked goroutines
// or a program done with long steps.
//
// Step reads the whole gradient for NaN and Inf before it writes, so that
// a refused step changes nothing. On long vectors that first read is a
// good part of the step (the README's speed table has both methods side
// by side). Optimizer.StepOnePass reads the gradient once, as
// torch.optim.Adagrad(fused=True) does: the same bits as Step for every
// input Step accepts, and on a non-finite value Step's error, but after
// stepping every other coordinate (it leaves the bad one as it was).
//
// # Sparse gradients
//
// Adagrad was made for sparse data, where most features are absent from
// most examples, and a gradient is zero but at the few features present.
// StepSparse takes such a gradient as indices and values and, like
// PyTorch's Adagrad given a sparse gradient, steps only those coordinates,
// in time proportional to their number. Coordinates not listed keep their
// accumulator, so a rare feature keeps a large step. In the Tutorial, Keras
// and Optax forms its bits are exactly those Step gives for the dense
// gradient. PyTorch's sparse path rounds otherwise than its dense one (see
// the table above) and adds repeated indices in the order its sort leaves
// them; in the PyTorch form StepSparse follows it, and Step the dense one.
// A sparse gradient of 2^15 values and more is split across the cores
// like a long dense one, from the adding up of repeats on; the bits and
// the errors are those of one goroutine.
package adagrad
