package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-prime" {
		// In the background, with nobody to tell: an entry is made or not.
		start := time.Now()
		if err := prime(os.Args[2:]); err != nil {
			debugf("learning: %v", err)
			os.Exit(1)
		}
		debugf("learnt in %v", time.Since(start).Round(time.Millisecond))
		return
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: cellbuild GO build -o BINARY")
		os.Exit(2)
	}
	realGo, args := os.Args[1], os.Args[2:]
	if os.Getenv("ADAGRAD_CELLBUILD") != "off" {
		if built, learnFrom := fastBuild(realGo, args); built {
			return
		} else if learnFrom != nil {
			spawnPrime(realGo, learnFrom.key, learnFrom.gomod, learnFrom.gosum, learnFrom.imports)
		}
	}
	// The go command, as if run directly.
	err := syscall.Exec(realGo, append([]string{"go"}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "cellbuild: running %s: %v\n", realGo, err)
	os.Exit(1)
}
