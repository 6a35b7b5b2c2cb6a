package plotting

import (
	"bytes"
	"image"
	"image/png"
)

// pngEncoder favours speed: figures are mostly flat colour and compress
// well even so.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

// PNG encodes img as PNG.
func PNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := pngEncoder.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
