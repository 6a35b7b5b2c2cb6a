package adagrad

import (
	"fmt"
	"math"
)

// Config holds Adagrad's settings. The zero value is not valid; start from
// TutorialConfig or set LearningRate at least.
type Config struct {
	// LearningRate scales every step. It must be finite and > 0.
	LearningRate float64
	// InitialAccumulator is the starting value of every coordinate's sum of
	// squared gradients. It must be finite and >= 0.
	InitialAccumulator float64
	// Epsilon keeps the denominator away from zero. It must be finite and >= 0.
	Epsilon float64

	// EpsilonInside adds Epsilon under the square root, sqrt(acc+eps), as
	// Keras, Optax and TF.js do, instead of after it.
	EpsilonInside bool
	// LRDecay makes the learning rate of step t (from 1) lr/(1+(t-1)*LRDecay),
	// as PyTorch's lr_decay. It must be finite and >= 0; 0 turns it off.
	LRDecay float64
	// WeightDecay adds WeightDecay*x to the gradient before it is used, as
	// PyTorch's weight_decay (an L2 penalty). It must be finite and >= 0.
	WeightDecay float64
}

// TutorialConfig returns the tutorial's settings: learning rate 0.05,
// initial accumulator 0.1 and epsilon 1e-8, epsilon outside the root.
func TutorialConfig() Config {
	return Config{LearningRate: 0.05, InitialAccumulator: 0.1, Epsilon: 1e-8}
}

// Validate reports the first setting that is out of range, naming the field
// and its value.
func (c Config) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(c.LearningRate) || c.LearningRate <= 0:
		return fmt.Errorf("adagrad: LearningRate = %v, want a finite number > 0", c.LearningRate)
	case !finite(c.InitialAccumulator) || c.InitialAccumulator < 0:
		return fmt.Errorf("adagrad: InitialAccumulator = %v, want a finite number >= 0", c.InitialAccumulator)
	case !finite(c.Epsilon) || c.Epsilon < 0:
		return fmt.Errorf("adagrad: Epsilon = %v, want a finite number >= 0", c.Epsilon)
	case !finite(c.LRDecay) || c.LRDecay < 0:
		return fmt.Errorf("adagrad: LRDecay = %v, want a finite number >= 0", c.LRDecay)
	case !finite(c.WeightDecay) || c.WeightDecay < 0:
		return fmt.Errorf("adagrad: WeightDecay = %v, want a finite number >= 0", c.WeightDecay)
	}
	return nil
}

// rate returns the learning rate of step t, counting from 1.
func (c Config) rate(t int) float64 {
	if c.LRDecay == 0 {
		return c.LearningRate
	}
	// float64() keeps 1+(t-1)*d from being fused into one FMA rounding.
	return c.LearningRate / (1 + float64(float64(t-1)*c.LRDecay))
}

// StepSize returns the step that a unit gradient gets at step t (counting
// from 1) once the accumulator holds acc: lr_t/(sqrt(acc)+eps), or
// lr_t/sqrt(acc+eps) with EpsilonInside. Adagrad's steps shrink because acc
// only grows.
func (c Config) StepSize(t int, acc float64) float64 {
	if c.EpsilonInside {
		return c.rate(t) / math.Sqrt(acc+c.Epsilon)
	}
	return c.rate(t) / (math.Sqrt(acc) + c.Epsilon)
}
