package adagrad

import (
	"errors"
	"fmt"
	"strings"
)

// Step and StepSparse return an error, and change nothing, for anything
// they cannot use; they do not panic on bad input, so that a notebook cell
// or a server shows one line rather than a stack trace. Each error says
// "adagrad:" once and names what is wrong. The kinds a caller may want to
// tell apart are these sentinels, which errors.Is finds in the errors
// returned, and the types GradientError and PointError, which errors.As
// finds.
var (
	// ErrLength: a slice's length does not match (x or grad against Len,
	// or idx against grad in StepSparse).
	ErrLength = errors.New("adagrad: wrong length")
	// ErrIndex: an index given to StepSparse is outside [0, Len).
	ErrIndex = errors.New("adagrad: index out of range")
	// ErrOverlap: x and grad share memory.
	ErrOverlap = errors.New("adagrad: x and grad share memory")
	// ErrStepLimit: the optimizer has taken math.MaxInt steps.
	ErrStepLimit = errors.New("adagrad: the step count is at its limit")
	// ErrNoState: the Optimizer was not made by New or UnmarshalBinary.
	ErrNoState = errors.New("adagrad: Optimizer has no state; create it with New or UnmarshalBinary")
	// ErrSparseConfig: the Config moves coordinates whose gradient is 0
	// (WeightDecay), so StepSparse cannot skip them.
	ErrSparseConfig = errors.New("adagrad: StepSparse cannot follow this Config")
)

// A GradientError reports a gradient that Adagrad cannot use: grad[Index]
// is NaN or infinite, or, in StepSparse, the values given for one
// coordinate add up to ±Inf, Value, when grad[Index] is added.
type GradientError struct {
	Index int
	Value float64

	coord int // StepSparse's coordinate of an overflowing sum, else -1
}

func (e *GradientError) Error() string {
	if e.coord >= 0 {
		return fmt.Sprintf("adagrad: the values for coordinate %d add up to %v at grad[%d], which is not finite", e.coord, e.Value, e.Index)
	}
	return fmt.Sprintf("adagrad: grad[%d] = %v is not finite", e.Index, e.Value)
}

// A PointError reports an x that Step cannot use: with WeightDecay, which
// feeds x into the step, x[Index] = Value is NaN or infinite.
type PointError struct {
	Index int
	Value float64
}

func (e *PointError) Error() string {
	return fmt.Sprintf("adagrad: x[%d] = %v is not finite (WeightDecay uses x)", e.Index, e.Value)
}

// kindError is one of the sentinels above with the details of one case:
// its message replaces the sentinel's, and errors.Is still finds it.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) error {
	return &kindError{msg: "adagrad: " + fmt.Sprintf(format, args...), kind: kind}
}

// wrap adds context to an error of this package, saying "adagrad:" once:
// "adagrad: context: what went wrong". errors.As and errors.Is still see err.
func wrap(err error, context string) error { return &contextError{context, err} }

type contextError struct {
	context string
	err     error
}

func (e *contextError) Error() string {
	return "adagrad: " + e.context + ": " + strings.TrimPrefix(e.err.Error(), "adagrad: ")
}

func (e *contextError) Unwrap() error { return e.err }
