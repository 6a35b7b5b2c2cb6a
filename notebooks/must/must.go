package must

import (
	"fmt"
	"os"
)

// Get returns v, or prints err and ends the program if err is not nil.
func Get[T any](v T, err error) T {
	Do(err)
	return v
}

// Do prints err and ends the program if err is not nil.
func Do(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
