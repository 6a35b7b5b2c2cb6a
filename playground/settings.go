package playground

import (
	"github.com/gonb-tutorials/optimizers/adagrad"
	"github.com/gonb-tutorials/optimizers/controls"
)

// Settings are Adagrad's settings and the length of a run: what the
// playground's controls set, besides the start. They are adagrad.Config's
// fields of the same names, without the ones the playground has no control
// for.
type Settings struct {
	LearningRate       float64
	InitialAccumulator float64
	Epsilon            float64
	// Like is whose update Adagrad performs; the controls choose between
	// the tutorial's, with epsilon outside the root, η·g/(√a+ε), and Keras's,
	// with epsilon inside, η·g/√(a+ε).
	Like  adagrad.Form
	Steps int
}

// Tutorial returns the tutorial's settings: learning rate 0.05, initial
// accumulator 0.1, epsilon 1e-8 outside the root, 1000 steps.
func Tutorial() Settings {
	c := adagrad.TutorialConfig()
	return Settings{LearningRate: c.LearningRate, InitialAccumulator: c.InitialAccumulator, Epsilon: c.Epsilon, Like: c.Like, Steps: 1000}
}

// Config returns the settings as an adagrad.Config.
func (s Settings) Config() adagrad.Config {
	return adagrad.Config{
		LearningRate:       s.LearningRate,
		InitialAccumulator: s.InitialAccumulator,
		Epsilon:            s.Epsilon,
		Like:               s.Like,
	}
}

// Controls returns the playground's controls for the settings, bound to
// s's fields (see package controls):
//
//	learning rate         0.001 to 10, twenty positions a decade
//	initial accumulator   0 to 10 by 0.1
//	epsilon               1e-10 to 1, a power of ten at a time
//	epsilon goes          outside the root (Like Tutorial), inside (Keras)
//	steps                 1, 2, 5, 10, ..., 10000
//
// The sliders move s's fields to their nearest positions. The error says
// that Like is neither Tutorial nor Keras.
func (s *Settings) Controls() ([]*controls.Control, error) {
	var b builder
	b.add(controls.Slider("learning rate", controls.LogScale{Min: 0.001, Max: 10, PerDecade: 20}, &s.LearningRate))
	b.add(controls.Slider("initial accumulator", controls.LinearScale{Min: 0, Max: 10, Steps: 100}, &s.InitialAccumulator))
	b.add(controls.Slider("epsilon", controls.LogScale{Min: 1e-10, Max: 1, PerDecade: 1}, &s.Epsilon))
	b.add(controls.Choice("epsilon goes", &s.Like,
		[]string{"outside the root", "inside the root"}, []adagrad.Form{adagrad.Tutorial, adagrad.Keras}))
	b.add(controls.IntSlider("steps", controls.LogScale{Min: 1, Max: 10000, PerDecade: 3}, &s.Steps))
	return b.cs, b.err
}

// A builder collects controls until the first error.
type builder struct {
	cs  []*controls.Control
	err error
}

func (b *builder) add(c *controls.Control, err error) {
	switch {
	case b.err != nil:
	case err != nil:
		b.cs, b.err = nil, err
	default:
		b.cs = append(b.cs, c)
	}
}
