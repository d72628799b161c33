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
func DecodeQR(img image.Image) (string, error) {
	src := gozxing.NewLuminanceSourceFromImage(img)
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoQR, err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoQR, err)
	}
	return res.GetText(), nil
}
