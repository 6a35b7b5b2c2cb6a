package controls

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// A Control is a slider or a choice bound to a variable. It is always at
// one of its positions, 0 to Len()-1, and its variable holds that
// position's value. A Control is not safe for concurrent use; neither is
// the variable it sets.
type Control struct {
	name   string
	labels []string // what each position shows beside the control
	slider bool
	set    func(pos int) // sets the variable to position pos's value
	pos    int
}

// Slider returns a slider that sets *v to the value of scale at its
// position. It starts at the position whose value is nearest *v, and *v
// moves there: the variable holds a value the slider can show.
func Slider(name string, scale Scale, v *float64) (*Control, error) {
	values, ratio, err := scaleValues(name, scale, v == nil)
	if err != nil {
		return nil, err
	}
	c := newSlider(name, values, func(pos int) { *v = values[pos] })
	c.Set(nearest(values, *v, ratio))
	return c, nil
}

// IntSlider returns a slider that sets *v to the value of scale at its
// position, rounded to the nearest integer. It starts, and *v moves, as
// Slider's does.
func IntSlider(name string, scale Scale, v *int) (*Control, error) {
	values, ratio, err := scaleValues(name, scale, v == nil)
	if err != nil {
		return nil, err
	}
	c := newSlider(name, values, func(pos int) { *v = int(math.Round(values[pos])) })
	c.Set(nearest(values, float64(*v), ratio))
	return c, nil
}

func scaleValues(name string, scale Scale, nilVar bool) (values []float64, ratio bool, err error) {
	switch {
	case nilVar:
		return nil, false, fmt.Errorf("controls: control %q: nil variable", name)
	case scale == nil:
		return nil, false, fmt.Errorf("controls: control %q: nil Scale", name)
	}
	values, err = scale.Values()
	if err == nil && len(values) == 0 {
		err = errors.New("the scale has no values")
	}
	if err != nil {
		// The scale's error says "controls:" already; say it once.
		return nil, false, fmt.Errorf("controls: control %q: %s", name, strings.TrimPrefix(err.Error(), "controls: "))
	}
	_, ratio = scale.(interface{ inRatio() })
	return values, ratio, nil
}

func newSlider(name string, values []float64, set func(int)) *Control {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = label(v)
	}
	return &Control{name: name, labels: labels, slider: true, set: set}
}

// Choice returns a choice between options, which set *v to the value of
// the same index in values. It starts at the option whose value *v holds;
// if none does, it is an error.
func Choice[T comparable](name string, v *T, options []string, values []T) (*Control, error) {
	switch {
	case v == nil:
		return nil, fmt.Errorf("controls: control %q: nil variable", name)
	case len(options) == 0 || len(options) != len(values):
		return nil, fmt.Errorf("controls: control %q: %d options for %d values, want as many, at least one", name, len(options), len(values))
	}
	start := -1
	for i, x := range values {
		if x == *v {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("controls: control %q: the variable holds %v, which is none of the options' values %v", name, *v, values)
	}
	c := &Control{name: name, labels: options, set: func(pos int) { *v = values[pos] }}
	c.Set(start)
	return c, nil
}

// Switch returns a choice between two options that sets *v to false for
// off and true for on.
func Switch(name, off, on string, v *bool) (*Control, error) {
	return Choice(name, v, []string{off, on}, []bool{false, true})
}

// Name returns the control's name, as shown beside it.
func (c *Control) Name() string { return c.name }

// Len returns the number of positions.
func (c *Control) Len() int { return len(c.labels) }

// Slider reports whether the control is a slider; if not, it is a choice
// between named options.
func (c *Control) Slider() bool { return c.slider }

// Pos returns the control's position.
func (c *Control) Pos() int { return c.pos }

// Set moves the control to pos, clamped to its positions, sets its
// variable, and reports whether the position changed.
func (c *Control) Set(pos int) (moved bool) {
	pos = max(0, min(pos, len(c.labels)-1))
	moved = pos != c.pos
	c.pos = pos
	c.set(pos)
	return moved
}

// Label returns what position i shows beside the control (i is clamped):
// a slider's value as the shortest decimal that reads back as it, a
// choice's option.
func (c *Control) Label(i int) string { return c.labels[max(0, min(i, len(c.labels)-1))] }

// String returns the control's name and the label of its position, as
// "learning rate 0.05".
func (c *Control) String() string { return c.name + " " + c.labels[c.pos] }
