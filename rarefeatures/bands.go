package rarefeatures

import (
	"math"
	"slices"
)

// A Band summarises the features that appeared about equally often: their
// number, their median count, and the median and the 10th and 90th
// percentiles of one value per feature (Adagrad's effective step).
type Band struct {
	Features          int
	Count             float64
	Low, Median, High float64
}

// Bands groups the features that appeared at least once by how many times
// they did, ten groups to a factor of ten (each count alone while counts
// are small), and summarises values over each group.
func Bands(counts []int, values []float64) []Band {
	top := slices.Max(counts)
	var bands []Band
	lo := 1
	for k := 1; lo <= top; k++ {
		hi := int(math.Ceil(math.Pow(10, float64(k)/10)))
		if hi <= lo {
			continue
		}
		var cs []int
		var vs []float64
		for j, c := range counts {
			if c >= lo && c < hi {
				cs = append(cs, c)
				vs = append(vs, values[j])
			}
		}
		lo = hi
		if len(cs) == 0 {
			continue
		}
		slices.Sort(cs)
		slices.Sort(vs)
		bands = append(bands, Band{
			Features: len(cs),
			Count:    float64(cs[len(cs)/2]),
			Low:      quantile(vs, 0.1),
			Median:   quantile(vs, 0.5),
			High:     quantile(vs, 0.9),
		})
	}
	return bands
}

// quantile returns the q-quantile of sorted values, interpolating linearly.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}
