package main

import (
	"errors"
	"runtime/debug"
)

// The go command wraps the build information it gives the linker in
// 16-byte markers, which the runtime looks for.
const modinfoMarker = 16

// modinfoFor returns the build information the go command would give the
// linker for a program of module mainPath whose imports reach the modules
// in used: the template's (a program importing every known package), with
// that module's name and only those modules.
func modinfoFor(template, mainPath string, used map[string]bool) (string, error) {
	if len(template) < 2*modinfoMarker {
		return "", errors.New("build information too short")
	}
	start, end := template[:modinfoMarker], template[len(template)-modinfoMarker:]
	bi, err := debug.ParseBuildInfo(template[modinfoMarker : len(template)-modinfoMarker])
	if err != nil {
		return "", err
	}
	bi.Path, bi.Main.Path = mainPath, mainPath
	deps := bi.Deps[:0]
	for _, d := range bi.Deps {
		if used[d.Path] {
			deps = append(deps, d)
		}
	}
	bi.Deps = deps
	return start + bi.String() + end, nil
}

// roundTrips reports whether parsing and printing the template's build
// information gives it back unchanged, so that modinfoFor changes nothing
// else.
func roundTrips(template string) bool {
	if len(template) < 2*modinfoMarker {
		return false
	}
	text := template[modinfoMarker : len(template)-modinfoMarker]
	bi, err := debug.ParseBuildInfo(text)
	return err == nil && bi.String() == text
}
