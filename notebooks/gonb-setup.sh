#!/usr/bin/env bash
# Run by each notebook's first cell, in GoNB's scratch module (the current
# folder). It points the scratch module at this repository (the folder above
# the script's, so a notebook kept anywhere can run it by its path) and gives
# it the repository's own requirements and checksums, so that the cells
# compile without GoNB's per-cell "go get" (the notebooks turn that off with
# %noautoget). It prints nothing unless a step fails.
#
# It copies what the repository's go.mod and go.sum already record, rather
# than asking the go command to work it out: that takes no time, where
# "go list" of the packages' dependencies took a fifth of a second or more,
# every time a notebook's kernel started. The go command fetches any module
# missing from the module cache at the first build that needs it.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail() { echo "notebook setup failed: $1" >&2; echo "$2" >&2; exit 1; }
[ -f go.mod ] || fail "no go.mod in $(pwd)" "run me from a GoNB cell: !*bash path/to/notebooks/gonb-setup.sh"
[ -f "$repo/go.mod" ] && [ -f "$repo/go.sum" ] || fail "no go.mod and go.sum in $repo" "keep this script in the repository's notebooks folder"
# Every module the repository requires, at its version (GoNB's own display
# package among them: the module proxy refuses to list GoNB's versions, so
# an unpinned import could not be resolved).
requires=()
while read -r path version; do
	requires+=("-require=$path@$version")
done < <(awk '
	/^require[ \t]*\($/ { block = 1; next }
	block && /^\)/ { block = 0; next }
	block && NF >= 2 { print $1, $2 }
	/^require[ \t]+[^( \t]/ { print $2, $3 }' "$repo/go.mod")
[ ${#requires[@]} -gt 0 ] || fail "no requirements in $repo/go.mod" "$(head -20 "$repo/go.mod")"
out=$(go mod edit -require=github.com/gonb-tutorials/optimizers@v0.0.0 \
	-replace=github.com/gonb-tutorials/optimizers="$repo" "${requires[@]}" 2>&1) || fail "go mod edit" "$out"
out=$({ [ ! -f go.sum ] || cat go.sum; cat "$repo/go.sum"; } | LC_ALL=C sort -u 2>&1 >go.sum.tmp && mv go.sum.tmp go.sum) ||
	fail "writing go.sum" "$out"
