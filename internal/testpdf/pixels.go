package testpdf

import (
	"image"
	"image/color"
)

// SealRed reports whether c is seal red as rendered: strong red, little
// green and blue (anti-aliased edges and grey copies are not).
func SealRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0x9000 && g < 0x6000 && b < 0x6000
}

// MMBox is the pixel rectangle of a box given in mm from the top-left
// corner (x0, y0 to x1, y1) of a page rendered at dpi.
func MMBox(dpi, x0, y0, x1, y1 float64) image.Rectangle {
	k := dpi / 25.4
	return image.Rect(int(x0*k), int(y0*k), int(x1*k), int(y1*k))
}

// RedShare is the share of seal-red pixels of img within box (clipped to
// the image); 0 for an empty box.
func RedShare(img image.Image, box image.Rectangle) float64 {
	box = box.Intersect(img.Bounds())
	red := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			if SealRed(img.At(x, y)) {
				red++
			}
		}
	}
	if box.Empty() {
		return 0
	}
	return float64(red) / float64(box.Dx()*box.Dy())
}
