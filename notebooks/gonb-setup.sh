#!/usr/bin/env bash
# Run by each notebook's first cell, in GoNB's scratch module (the current
# folder). It points the scratch module at this repository (the folder above
# the script's, so a notebook kept anywhere can run it by its path) and records every module the project's packages
# need, so that the cells compile without GoNB's per-cell "go get" (the
# notebooks turn that off with %noautoget). It prints nothing unless a step
# fails.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail() { echo "notebook setup failed: $1" >&2; echo "$2" >&2; exit 1; }
[ -f go.mod ] || fail "no go.mod in $(pwd)" "run me from a GoNB cell: !*bash path/to/notebooks/gonb-setup.sh"
# GoNB's display package is pinned: the module proxy refuses to list GoNB's
# versions, so an unpinned import could not be resolved.
out=$(go mod edit -require=github.com/gonb-tutorials/optimizers@v0.0.0 \
	-replace=github.com/gonb-tutorials/optimizers="$repo" \
	-require=github.com/janpfeifer/gonb@v0.11.4 2>&1) || fail "go mod edit" "$out"
# A throwaway file importing the project's packages lets one "go list"
# record every module they need, in go.mod and go.sum, at once.
printf 'package main\n\nimport (\n\t_ "github.com/gonb-tutorials/optimizers/display"\n\t_ "github.com/janpfeifer/gonb/gonbui"\n)\n' > zz_gonb_setup.go
out=$(go list -mod=mod -deps . 2>&1 >/dev/null); status=$?
rm -f zz_gonb_setup.go
[ $status -eq 0 ] || fail "go list" "$out"
