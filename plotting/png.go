package plotting

import (
	"bytes"
	"image"
	"image/png"
)

// pngEncoder favours speed: figures are mostly flat colour and compress
// well even so. Figures themselves (Image) are written once, and get the
// default compression.
var (
	pngEncoder    = png.Encoder{CompressionLevel: png.BestSpeed}
	figureEncoder = png.Encoder{CompressionLevel: png.DefaultCompression}
)

// PNG encodes img as PNG. A figure (an *Image) is written with a palette
// of its colours, as its GIFs are: exact when it has at most 255 colours,
// else each colour is its nearest of 255 chosen to bound the error (a few
// levels, at the antialiased edges of a few pixels), for a file about a
// third the size of a full-colour one, which matters for figures drawn at
// twice their layout size.
func PNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if fig, ok := img.(*Image); ok {
		h := histogram{}
		h.addRect(fig.RGBA, fig.Rect)
		p := newQuantizer(h).paletted(fig.RGBA, fig.Rect)
		if err := figureEncoder.Encode(&b, p); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	if err := pngEncoder.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
