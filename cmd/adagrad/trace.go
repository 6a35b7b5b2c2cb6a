package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/gonb-tutorials/optimizers/adagrad"
)

func init() {
	var r runFlags
	var format string
	commands = append(commands, command{
		name:    "trace",
		args:    "[-func cubic|quadratic2d] [-x0 V[,V]] [-like tutorial|pytorch|keras|optax] [-lr V] [-acc0 V] [-eps V] [-lr-decay V] [-weight-decay V] [-maximize] [-iters 1000] [-format json|csv]",
		summary: "print every point and accumulator of a run",
		flags: func() *flag.FlagSet {
			r = runFlags{}
			fs := flag.NewFlagSet("trace", flag.ContinueOnError)
			r.register(fs)
			fs.StringVar(&format, "format", "json", "output format: json or csv")
			return fs
		},
		run: func(_ *flag.FlagSet, stdout io.Writer) error {
			if format != "json" && format != "csv" {
				return usagef("-format %q: want json or csv", format)
			}
			p, x0, cfg, err := r.resolve()
			if err != nil {
				return err
			}
			tr, err := adagrad.Run(p.grad, x0, cfg, r.iters)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(stdout)
			if format == "json" {
				err = writeJSON(w, p, cfg, tr)
			} else {
				err = writeCSV(w, p, tr)
			}
			if err == nil {
				err = w.Flush()
			}
			if err != nil {
				return fmt.Errorf("writing the trace: %w", err)
			}
			return nil
		},
	})
}

type traceJSON struct {
	Function     string      `json:"function"`
	Config       configJSON  `json:"config"`
	Points       [][]float64 `json:"points"`
	Accumulators [][]float64 `json:"accumulators"`
	Final        []float64   `json:"final"`
}

type configJSON struct {
	Like               adagrad.Form `json:"like"`
	LearningRate       float64      `json:"learning_rate"`
	InitialAccumulator float64      `json:"initial_accumulator"`
	Epsilon            float64      `json:"epsilon"`
	LRDecay            float64      `json:"lr_decay"`
	WeightDecay        float64      `json:"weight_decay"`
	Maximize           bool         `json:"maximize"`
}

// writeJSON writes the trace; encoding/json prints floats in the shortest
// form that reads back to the same bits.
func writeJSON(w io.Writer, p problem, c adagrad.Config, tr *adagrad.Trace) error {
	return json.NewEncoder(w).Encode(traceJSON{
		Function:     p.name,
		Config:       configJSON{c.Like, c.LearningRate, c.InitialAccumulator, c.Epsilon, c.LRDecay, c.WeightDecay, c.Maximize},
		Points:       tr.Points,
		Accumulators: tr.Accumulators,
		Final:        tr.Final(),
	})
}

func writeCSV(w io.Writer, p problem, tr *adagrad.Trace) error {
	header := []string{"iter", "x", "acc"}
	if p.dim == 2 {
		header = []string{"iter", "x", "y", "acc_x", "acc_y"}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	for i := range tr.Points {
		row = append(row[:0], strconv.Itoa(i))
		for _, v := range tr.Points[i] {
			row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
		}
		for _, v := range tr.Accumulators[i] {
			row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
