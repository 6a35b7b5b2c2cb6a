package playground

import "github.com/gonb-tutorials/optimizers/adagrad"

// Settings are Adagrad's settings and the length of a run: what the
// playground's sliders set, besides the start.
type Settings struct {
	LearningRate       float64
	InitialAccumulator float64
	Epsilon            float64
	EpsilonInside      bool // sqrt(acc+eps) instead of sqrt(acc)+eps
	Steps              int
}

// Tutorial returns the tutorial's settings: learning rate 0.05, initial
// accumulator 0.1, epsilon 1e-8 outside the root, 1000 steps.
func Tutorial() Settings {
	c := adagrad.TutorialConfig()
	return Settings{LearningRate: c.LearningRate, InitialAccumulator: c.InitialAccumulator, Epsilon: c.Epsilon, Steps: 1000}
}

// Config returns the settings as an adagrad.Config. Epsilon inside the
// root is Keras's form of the update (without its other defaults).
func (s Settings) Config() adagrad.Config {
	c := adagrad.Config{
		LearningRate:       s.LearningRate,
		InitialAccumulator: s.InitialAccumulator,
		Epsilon:            s.Epsilon,
	}
	if s.EpsilonInside {
		c.Like = adagrad.Keras
	}
	return c
}
