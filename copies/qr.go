package copies

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"
)

// qrImage draws text as a QR code (level M) with a 4-module quiet zone, each
// module scale pixels wide.
func qrImage(text string, scale int) (*image.Gray, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	n := code.Size + 8
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Gray{0xff}), image.Point{}, draw.Src)
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) {
				r := image.Rect((x+4)*scale, (y+4)*scale, (x+5)*scale, (y+5)*scale)
				draw.Draw(img, r, image.NewUniform(color.Gray{0}), image.Point{}, draw.Src)
			}
		}
	}
	return img, nil
}

// ErrNoQR means no copy code was found in an image.
var ErrNoQR = errors.New("copies: no QR code found in the image")

// DecodeQR finds and reads a QR code in an image (a rendered or scanned copy).
// It uses a different implementation (ZXing's port) from the encoder, so a
// round trip proves the code is standard, not merely self-consistent.
//
// A scan resampled from the printed raster (a 150 dpi scan of a 300 dpi
// print, say) blurs module edges unevenly; when the local-threshold
// binarizer cannot read the format information there, the global one
// often can, so both are tried before giving up.
//
// On a whole page the detector can take text or a seal for finder patterns
// and misjudge the code's size; the copy's code sits at the right of the
// band at the page's foot, so that corner is tried on its own last.
func DecodeQR(img image.Image) (string, error) {
	text, err := decodeQR(img)
	if err == nil {
		return text, nil
	}
	b := img.Bounds()
	if si, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok && b.Dx() > 200 && b.Dy() > 200 {
		corner := image.Rect(b.Min.X+b.Dx()/2, b.Max.Y-b.Dy()/4, b.Max.X, b.Max.Y)
		if t, err2 := decodeQR(si.SubImage(corner)); err2 == nil {
			return t, nil
		}
	}
	return "", err
}

func decodeQR(img image.Image) (string, error) {
	src := gozxing.NewLuminanceSourceFromImage(img)
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	var first error
	for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
		bmp, err := gozxing.NewBinaryBitmap(bin)
		if err == nil {
			var res *gozxing.Result
			if res, err = zxqr.NewQRCodeReader().Decode(bmp, hints); err == nil {
				return res.GetText(), nil
			}
		}
		if first == nil {
			first = err
		}
	}
	return "", fmt.Errorf("%w: %v", ErrNoQR, first)
}
