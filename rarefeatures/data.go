package rarefeatures

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Config describes the synthetic data.
type Config struct {
	// Features is the number of features (the vocabulary). Feature j is the
	// (j+1)-th most frequent: tokens are drawn with probability
	// proportional to 1/(j+1)^Exponent, Zipf's law.
	Features int
	Exponent float64
	// Length is the number of tokens of an example; a feature drawn twice
	// counts twice.
	Length int
	// Features from RareFrom on are each informative with probability
	// Informative, with a true weight of +Weight or -Weight; all others
	// have weight 0.
	RareFrom    int
	Informative float64
	Weight      float64
	// Train, Valid and Test are the numbers of examples of each set.
	Train, Valid, Test int
	Seed               uint64
}

// DefaultConfig returns the notebook's problem.
func DefaultConfig() Config {
	return Config{
		Features: 10_000, Exponent: 1, Length: 10,
		RareFrom: 100, Informative: 0.5, Weight: 2,
		Train: 50_000, Valid: 5000, Test: 5000,
		Seed: 2011,
	}
}

// Validate reports the first setting out of range, naming the field.
func (c Config) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case c.Features < 1:
		return fmt.Errorf("rarefeatures: Features = %d, want >= 1", c.Features)
	case !finite(c.Exponent) || c.Exponent < 0:
		return fmt.Errorf("rarefeatures: Exponent = %v, want a finite number >= 0", c.Exponent)
	case c.Length < 1:
		return fmt.Errorf("rarefeatures: Length = %d, want >= 1", c.Length)
	case c.RareFrom < 0 || c.RareFrom >= c.Features:
		return fmt.Errorf("rarefeatures: RareFrom = %d, want in [0, Features = %d)", c.RareFrom, c.Features)
	case !(c.Informative > 0 && c.Informative <= 1):
		return fmt.Errorf("rarefeatures: Informative = %v, want in (0, 1]", c.Informative)
	case !finite(c.Weight) || c.Weight <= 0:
		return fmt.Errorf("rarefeatures: Weight = %v, want a finite number > 0", c.Weight)
	case c.Train < 1 || c.Valid < 1 || c.Test < 1:
		return fmt.Errorf("rarefeatures: Train, Valid, Test = %d, %d, %d, want each >= 1", c.Train, c.Valid, c.Test)
	}
	return nil
}

// An Example is a bag of tokens (feature indices, repeats allowed) and its
// label, 0 or 1.
type Example struct {
	Tokens []int
	Label  float64
}

// Data is a generated problem.
type Data struct {
	Config Config
	// Truth holds the true weights: the labels were drawn with
	// P(label = 1) = sigmoid(sum of Truth over the tokens).
	Truth              []float64
	Train, Valid, Test []Example
}

// Generate draws a problem from c's seed; the same Config gives the same
// Data.
func Generate(c Config) (*Data, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x5eed))
	cdf := make([]float64, c.Features)
	total := 0.0
	for j := range cdf {
		total += math.Pow(float64(j+1), -c.Exponent)
		cdf[j] = total
	}
	d := &Data{Config: c, Truth: make([]float64, c.Features)}
	for j := c.RareFrom; j < c.Features; j++ {
		if rng.Float64() < c.Informative {
			d.Truth[j] = c.Weight
			if rng.IntN(2) == 0 {
				d.Truth[j] = -c.Weight
			}
		}
	}
	draw := func(m int) []Example {
		ex := make([]Example, m)
		for e := range ex {
			tokens := make([]int, c.Length)
			for k := range tokens {
				tokens[k] = min(sort.SearchFloat64s(cdf, rng.Float64()*total), c.Features-1)
			}
			ex[e] = Example{Tokens: tokens}
			if rng.Float64() < Sigmoid(Logit(d.Truth, tokens)) {
				ex[e].Label = 1
			}
		}
		return ex
	}
	d.Train, d.Valid, d.Test = draw(c.Train), draw(c.Valid), draw(c.Test)
	return d, nil
}

// Counts returns how many times each of n features appears in examples.
func Counts(n int, examples []Example) []int {
	counts := make([]int, n)
	for _, e := range examples {
		for _, t := range e.Tokens {
			counts[t]++
		}
	}
	return counts
}
