// Command cellbuild builds a GoNB cell's program faster than "go build",
// and exactly as it would.
//
// GoNB builds every cell as a program of its own with "go build -o BINARY"
// in its scratch module, and that build is most of a cell's time. Of a
// drawing cell's ~0.2 s, the go command spends ~60 ms working out what it
// already knew at the cell before: the module graph, the packages, whether
// each of some hundred dependencies is up to date. Only the compilation of
// the cell's own main.go and the link are new work.
//
// So the kernel's go (scripts/install-gonb writes it) hands "go build" to
// cellbuild. The first time, cellbuild lets the go command build, and then,
// in the background, asks it once (go list -export, go build -n) for
// everything a later cell's build needs: the compiler's and linker's exact
// command lines, the compiled file of every package the notebooks import
// (the project's packages, the standard ones cells use, and whatever a
// cell imported), and the build information the go command embeds. A later
// build of a main.go that imports only those packages runs just the
// compiler and the linker with those command lines; the program it links is
// byte for byte the go command's, but for the build ID.
//
// It falls back to the go command whenever it cannot be sure: other
// arguments than "build -o BINARY", any file beside main.go that the go
// command would build (or a profile, or a vendor folder), //go: directives
// or cgo in main.go, a go.work or a version control checkout above, an
// import it does not know, a changed go.mod or go.sum or environment
// variable the go command reads, a changed file in any package outside the
// module cache and GOROOT (the project's own packages, say, edited by a
// learner), a module gone from the module cache or a compiled file from
// the build cache, GOFLAGS that name files or the module's folder or make
// the go command talk (-overlay, -trimpath, -v), and any error or other
// output from the compiler or linker, so that they read exactly as the go
// command prints them. ADAGRAD_CELLBUILD=off turns it off.
//
// Usage (as the kernel's go runs it):
//
//	cellbuild GO build -o BINARY
//
// where GO is the real go command.
package main
