package main

import (
	"image"
	"io"
)

// whyAdagrad writes the figures of the fourth notebook (added with it).
func whyAdagrad(w, h int, savePNG func(string, image.Image) error, save func(string, func(io.Writer) error) error) error {
	return nil
}
