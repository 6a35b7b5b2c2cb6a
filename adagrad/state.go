package adagrad

import (
	"encoding/binary"
	"fmt"
	"math"
)

// The binary state: a magic string with the format's version, the Config,
// the step count, the length and the accumulators, all little-endian.
// Version 1, written before Config.Like, had one byte for EpsilonInside
// where version 2 has the form and a flags byte.
const (
	stateMagic   = "ADAGRAD\x02"
	stateMagicV1 = "ADAGRAD\x01"
	stateHeader  = len(stateMagic) + 5*8 + 2 + 8 + 8
	flagMax      = 1 // the flags byte: Maximize
)

// MarshalBinary implements encoding.BinaryMarshaler. It saves the settings,
// the step count and the accumulators, so that an optimizer restored with
// UnmarshalBinary continues bit for bit where this one stopped.
func (o *Optimizer) MarshalBinary() ([]byte, error) {
	if len(o.acc) == 0 {
		return nil, ErrNoState
	}
	c := &o.cfg
	b := make([]byte, 0, stateHeader+8*len(o.acc))
	b = append(b, stateMagic...)
	for _, v := range []float64{c.LearningRate, c.InitialAccumulator, c.Epsilon, c.LRDecay, c.WeightDecay} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	var flags byte
	if c.Maximize {
		flags |= flagMax
	}
	b = append(b, byte(c.Like), flags)
	b = binary.LittleEndian.AppendUint64(b, uint64(o.steps))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(o.acc)))
	for _, v := range o.acc {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler. It replaces the
// optimizer's state with one saved by MarshalBinary, after checking it; on
// error the optimizer is unchanged. It also reads states written by the
// previous version of this package, whose EpsilonInside setting becomes
// Like: Keras (the same arithmetic).
func (o *Optimizer) UnmarshalBinary(data []byte) error {
	if len(data) >= stateHeader-1 && string(data[:len(stateMagicV1)]) == stateMagicV1 {
		return o.unmarshalV1(data)
	}
	if len(data) < stateHeader || string(data[:len(stateMagic)]) != stateMagic {
		return fmt.Errorf("adagrad: state is not an Adagrad state (%d bytes)", len(data))
	}
	r := data[len(stateMagic):]
	next := func() uint64 {
		v := binary.LittleEndian.Uint64(r)
		r = r[8:]
		return v
	}
	var c Config
	for _, f := range []*float64{&c.LearningRate, &c.InitialAccumulator, &c.Epsilon, &c.LRDecay, &c.WeightDecay} {
		*f = math.Float64frombits(next())
	}
	c.Like = Form(r[0])
	if r[1]&^flagMax != 0 {
		return fmt.Errorf("adagrad: state has flags %#x, want 0 or %#x", r[1], flagMax)
	}
	c.Maximize = r[1]&flagMax != 0
	r = r[2:]
	if err := c.Validate(); err != nil {
		return wrap(err, "state")
	}
	return o.restore(c, r)
}

// unmarshalV1 reads a version-1 state: its flag byte was EpsilonInside,
// the arithmetic of Like: Keras without weight or learning-rate decay.
func (o *Optimizer) unmarshalV1(data []byte) error {
	r := data[len(stateMagicV1):]
	var c Config
	for _, f := range []*float64{&c.LearningRate, &c.InitialAccumulator, &c.Epsilon, &c.LRDecay, &c.WeightDecay} {
		*f = math.Float64frombits(binary.LittleEndian.Uint64(r))
		r = r[8:]
	}
	switch r[0] {
	case 0:
	case 1:
		if c.LRDecay != 0 || c.WeightDecay != 0 {
			return fmt.Errorf("adagrad: version-1 state with EpsilonInside and LRDecay %v, WeightDecay %v: no form of this version steps like it", c.LRDecay, c.WeightDecay)
		}
		c.Like = Keras
	default:
		return fmt.Errorf("adagrad: version-1 state has EpsilonInside flag %d, want 0 or 1", r[0])
	}
	if err := c.Validate(); err != nil {
		return wrap(err, "state")
	}
	return o.restore(c, r[1:])
}

// restore checks and takes the step count, length and accumulators that
// follow the settings in a state.
func (o *Optimizer) restore(c Config, r []byte) error {
	next := func() uint64 {
		v := binary.LittleEndian.Uint64(r)
		r = r[8:]
		return v
	}
	steps, n := next(), next()
	if steps > math.MaxInt { // Step stops counting at MaxInt: only another platform writes more
		return fmt.Errorf("adagrad: state has %d steps, more than this platform counts", steps)
	}
	if n < 1 || len(r)%8 != 0 || n != uint64(len(r)/8) {
		return fmt.Errorf("adagrad: state holds %d accumulator bytes for length %d", len(r), n)
	}
	acc := make([]float64, n)
	for i := range acc {
		v := math.Float64frombits(next())
		if math.IsNaN(v) || v < 0 { // +Inf is a frozen coordinate, still valid
			return fmt.Errorf("adagrad: state accumulator[%d] = %v, want a number >= 0", i, v)
		}
		acc[i] = v + 0 // -0 as +0, as Reset stores it
	}
	o.cfg, o.acc, o.steps = c, acc, int(steps)
	return nil
}
