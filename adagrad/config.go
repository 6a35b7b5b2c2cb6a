package adagrad

import (
	"fmt"
	"math"
)

// Config holds Adagrad's settings. The zero Config stands for
// TutorialConfig(), as gonum's methods take their zero values for their
// defaults; any other must set LearningRate at least. PyTorchConfig,
// KerasConfig and OptaxConfig return those libraries' defaults.
type Config struct {
	// LearningRate scales every step. It must be finite and > 0.
	LearningRate float64
	// InitialAccumulator is the starting value of every coordinate's sum of
	// squared gradients. It must be finite and >= 0.
	InitialAccumulator float64
	// Epsilon keeps the denominator away from zero. It must be finite and >= 0.
	Epsilon float64

	// Like selects whose arithmetic Step performs: where epsilon goes, the
	// order in which operations are rounded, and what WeightDecay means.
	// The zero value is Tutorial.
	Like Form
	// LRDecay makes the learning rate of step t (from 1) lr/(1+(t-1)*LRDecay),
	// as PyTorch's lr_decay. It must be finite and >= 0; 0 turns it off.
	// Keras's and Optax's Adagrad have no such option: with them it must be 0.
	LRDecay float64
	// WeightDecay pulls x towards 0 as Like's library does it: Tutorial and
	// PyTorch add WeightDecay*x to the gradient (an L2 penalty, PyTorch's
	// weight_decay); Keras takes WeightDecay*lr*x from x before the step
	// (decoupled). Optax's Adagrad has none: with it this must be 0. It
	// must be finite and >= 0.
	WeightDecay float64
	// Maximize ascends the function instead of descending it, as PyTorch's
	// maximize: the step uses -grad where it would use grad.
	Maximize bool
}

// A Form is one library's version of the Adagrad update. They agree on the
// idea and differ in details that change the numbers; the package
// documentation has the table.
type Form uint8

const (
	// Tutorial is the paper's form as the tutorial writes it in numpy:
	// x += -lr*g/(sqrt(acc)+eps), every operation rounded on its own.
	Tutorial Form = iota
	// PyTorch is torch.optim.Adagrad on the CPU: the tutorial's order, but
	// acc+g*g (and g+WeightDecay*x) rounded once, as a fused multiply-add.
	PyTorch
	// Keras is keras.optimizers.Adagrad (Keras 3): epsilon under the root,
	// x -= lr*g/sqrt(acc+eps), and decoupled weight decay.
	Keras
	// Optax is optax.adagrad: x += -lr*(g*(1/sqrt(acc+eps))), and no step
	// at all while the accumulator is 0.
	Optax
	numForms
)

var formNames = [numForms]string{"tutorial", "pytorch", "keras", "optax"}

// String returns the form's name in lower case, as the adagrad command's
// -like flag takes it.
func (f Form) String() string {
	if f < numForms {
		return formNames[f]
	}
	return fmt.Sprintf("Form(%d)", uint8(f))
}

// MarshalText implements encoding.TextMarshaler: the form's name.
func (f Form) MarshalText() ([]byte, error) {
	if f >= numForms {
		return nil, fmt.Errorf("adagrad: %v is not a form", f)
	}
	return []byte(formNames[f]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler, so that a Form can be
// a flag (flag.TextVar) or a JSON string: "tutorial", "pytorch", "keras" or
// "optax".
func (f *Form) UnmarshalText(name []byte) error {
	for i, n := range formNames {
		if n == string(name) {
			*f = Form(i)
			return nil
		}
	}
	return fmt.Errorf("adagrad: form %q, want tutorial, pytorch, keras or optax", name)
}

// TutorialConfig returns the tutorial's settings: learning rate 0.05,
// initial accumulator 0.1 and epsilon 1e-8, in the Tutorial form.
func TutorialConfig() Config {
	return Config{LearningRate: 0.05, InitialAccumulator: 0.1, Epsilon: 1e-8}
}

// PyTorchConfig returns torch.optim.Adagrad's defaults: learning rate 0.01,
// initial accumulator 0, epsilon 1e-10, in the PyTorch form.
func PyTorchConfig() Config {
	return Config{LearningRate: 0.01, Epsilon: 1e-10, Like: PyTorch}
}

// KerasConfig returns keras.optimizers.Adagrad's defaults: learning rate
// 0.001, initial accumulator 0.1, epsilon 1e-7, in the Keras form.
func KerasConfig() Config {
	return Config{LearningRate: 0.001, InitialAccumulator: 0.1, Epsilon: 1e-7, Like: Keras}
}

// OptaxConfig returns optax.adagrad(lr)'s defaults: initial accumulator 0.1
// and epsilon 1e-7, in the Optax form. Optax has no default learning rate.
func OptaxConfig(lr float64) Config {
	return Config{LearningRate: lr, InitialAccumulator: 0.1, Epsilon: 1e-7, Like: Optax}
}

// orTutorial returns c, or TutorialConfig() for the zero Config.
func (c Config) orTutorial() Config {
	if c == (Config{}) {
		return TutorialConfig()
	}
	return c
}

// Validate reports the first setting that is out of range, naming the field
// and its value. The zero Config is valid: it stands for TutorialConfig().
func (c Config) Validate() error {
	c = c.orTutorial()
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(c.LearningRate) || c.LearningRate <= 0:
		return fmt.Errorf("adagrad: LearningRate = %v, want a finite number > 0", c.LearningRate)
	case !finite(c.InitialAccumulator) || c.InitialAccumulator < 0:
		return fmt.Errorf("adagrad: InitialAccumulator = %v, want a finite number >= 0", c.InitialAccumulator)
	case !finite(c.Epsilon) || c.Epsilon < 0:
		return fmt.Errorf("adagrad: Epsilon = %v, want a finite number >= 0", c.Epsilon)
	case c.Like >= numForms:
		return fmt.Errorf("adagrad: Like = %v, want Tutorial, PyTorch, Keras or Optax", c.Like)
	case !finite(c.LRDecay) || c.LRDecay < 0:
		return fmt.Errorf("adagrad: LRDecay = %v, want a finite number >= 0", c.LRDecay)
	case c.LRDecay != 0 && (c.Like == Keras || c.Like == Optax):
		return fmt.Errorf("adagrad: LRDecay = %v, want 0: %v's Adagrad has no learning-rate decay", c.LRDecay, c.Like)
	case !finite(c.WeightDecay) || c.WeightDecay < 0:
		return fmt.Errorf("adagrad: WeightDecay = %v, want a finite number >= 0", c.WeightDecay)
	case c.WeightDecay != 0 && c.Like == Optax:
		return fmt.Errorf("adagrad: WeightDecay = %v, want 0: optax.adagrad has no weight decay", c.WeightDecay)
	}
	return nil
}

// touchesEveryCoordinate reports whether a step moves coordinates whose
// gradient is 0: weight decay, of either kind, pulls every x towards 0. A
// sparse step, which visits only the coordinates it is given, cannot follow
// such a config.
func (c Config) touchesEveryCoordinate() bool { return c.WeightDecay != 0 }

// pyTorchStepLimit is where PyTorch's step counter stops: it is a float32
// tensor, in which 2^24 + 1 rounds back to 2^24.
const pyTorchStepLimit = 1 << 24

// rate returns the learning rate of step t, counting from 1.
func (c *Config) rate(t int) float64 {
	if c.LRDecay == 0 {
		return c.LearningRate
	}
	if c.Like == PyTorch {
		t = min(t, pyTorchStepLimit)
	}
	// float64() keeps 1+(t-1)*d from being fused into one FMA rounding.
	return c.LearningRate / (1 + float64(float64(t-1)*c.LRDecay))
}

// StepSize returns the step that a unit gradient gets at step t (counting
// from 1) once the accumulator holds acc: lr_t/(sqrt(acc)+eps), or
// lr_t/sqrt(acc+eps) in the Keras and Optax forms (0 in Optax's while acc
// is 0). Adagrad's steps shrink because acc only grows.
func (c Config) StepSize(t int, acc float64) float64 {
	switch c.Like {
	case Keras:
		return c.rate(t) / math.Sqrt(acc+c.Epsilon)
	case Optax:
		if acc > 0 {
			return c.rate(t) * (1 / math.Sqrt(acc+c.Epsilon))
		}
		return 0
	}
	return c.rate(t) / (math.Sqrt(acc) + c.Epsilon)
}
