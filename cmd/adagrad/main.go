// Command adagrad runs the Adagrad tutorial without Jupyter.
//
//	adagrad tutorial [-out DIR]   the whole tutorial: minima printed, figures written
//	adagrad trace ...             a run's points and accumulators as JSON or CSV,
//	                              in the tutorial's Adagrad or PyTorch's, Keras's, Optax's (-like)
//	adagrad animate ... -out F    a run as an animated GIF
//	adagrad web [-addr A|-out D]  the playground as a web page (Go compiled to
//	                              WebAssembly): served on A, or written into D
//
// Run "adagrad -h" for every flag. Exit status: 0 on success, 2 for a usage
// error (bad flag or value), 1 when output cannot be written.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gonb-tutorials/optimizers/internal/atomicfile"
)

func main() {
	atomicfile.HandleInterrupts()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// A usageError is bad input: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

type command struct {
	name, args, summary string
	flags               func() *flag.FlagSet
	run                 func(fs *flag.FlagSet, stdout io.Writer) error
}

var commands []command

func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// Nothing should panic, but if it does the user gets one line.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "adagrad: internal error: %v\n", r)
			code = 1
		}
	}()
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		fs := c.flags()
		fs.SetOutput(io.Discard)
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				commandUsage(stdout, c)
				return 0
			}
			fmt.Fprintf(stderr, "adagrad %s: %v\n", c.name, err)
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "adagrad %s: unexpected argument %q\n", c.name, fs.Arg(0))
			return 2
		}
		if err := c.run(fs, stdout); err != nil {
			// The packages' errors begin "adagrad: "; say it once.
			fmt.Fprintf(stderr, "adagrad %s: %s\n", c.name, oneLine(strings.TrimPrefix(err.Error(), "adagrad: ")))
			var u usageError
			if errors.As(err, &u) {
				return 2
			}
			return 1
		}
		return 0
	}
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	fmt.Fprintf(stderr, "adagrad: unknown command %q (want %s; adagrad -h for help)\n", args[0], strings.Join(names, ", "))
	return 2
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

func usage(w io.Writer) {
	fmt.Fprintln(w, "adagrad: Adagrad, step by step (the tutorial, headless)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	for _, c := range commands {
		commandUsage(w, c)
		fmt.Fprintln(w)
	}
}

func commandUsage(w io.Writer, c command) {
	fmt.Fprintf(w, "  adagrad %s %s\n      %s\n", c.name, c.args, c.summary)
	fs := c.flags()
	width := 0
	fs.VisitAll(func(f *flag.Flag) { width = max(width, len(f.Name)) })
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "    -%-*s %s%s\n", width, f.Name, f.Usage, def)
	})
}
