package pdfsign

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
)

// The widget sits where pdfview.Place says, and poppler draws the seal there, upright
// as displayed, on upright, rotated and cropped pages (-cropbox: render what a viewer shows).
func TestPlacementRendered(t *testing.T) {
	cases := []struct {
		name string
		page testpdf.Page
		cx   float64 // mm from the displayed left edge
		cy   float64 // mm from the displayed top edge
	}{
		{"upright", testpdf.Page{}, 150, 60},
		{"rotate90", testpdf.Page{Rotate: 90}, 80, 150},
		{"rotate180", testpdf.Page{Rotate: 180}, 50, 200},
		{"rotate270", testpdf.Page{Rotate: 270}, 220, 40},
		{"cropped", testpdf.Page{CropBox: [4]float64{50, 100, 400, 700}}, 40, 30},
		{"cropped90", testpdf.Page{Rotate: 90, CropBox: [4]float64{50, 100, 400, 700}}, 150, 60},
	}
	pki := newPKI(t, "ecdsa")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			orig := testpdf.New(testpdf.Options{Pages: []testpdf.Page{c.page}})
			info, err := Inspect(bytes.NewReader(orig))
			if err != nil {
				t.Fatal(err)
			}
			want, err := info.Pages[0].Place(c.cx, c.cy, 40, 30)
			if err != nil {
				t.Fatal(err)
			}
			o := pki.options(1, c.cx, c.cy)
			o.WidthMM, o.HeightMM = 40, 30
			signed, res := signBytes(t, orig, o)
			if res.Rect != want {
				t.Errorf("result rect %v, want %v", res.Rect, want)
			}
			rep := verifyBytes(t, signed, VerifyOptions{})
			if got := rep.Signatures[0].Rect; !nearRect(got, want) {
				t.Errorf("widget /Rect %v, want %v", got, want)
			}

			dir := t.TempDir()
			pdf := filepath.Join(dir, "in.pdf")
			os.WriteFile(pdf, signed, 0o600)
			if out, err := tool(t, "pdftoppm", "-r", "72", "-cropbox", "-png", "-singlefile", pdf, filepath.Join(dir, "page")); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			f, err := os.Open(filepath.Join(dir, "page.png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			red := bbox(img, func(r, g, b uint32) bool { return r > 200 && g < 80 && b < 80 })
			blue := bbox(img, func(r, g, b uint32) bool { return b > 200 && r < 80 && g < 80 })
			k := pdfview.PointsPerMM // 72 dpi: one pixel per point
			x0, x1 := (c.cx-20)*k, (c.cx+20)*k
			y0, ym, y1 := (c.cy-15)*k, c.cy*k, (c.cy+15)*k
			near := func(a float64, b int) bool { return math.Abs(a-float64(b)) <= 2 }
			if red.Empty() || blue.Empty() {
				t.Fatalf("seal not rendered: red %v blue %v", red, blue)
			}
			// Upright: red is the top half of the seal, blue the bottom half.
			if !near(x0, red.Min.X) || !near(x1, red.Max.X) || !near(y0, red.Min.Y) || !near(ym, red.Max.Y) {
				t.Errorf("red half at %v, want (%.0f,%.0f)-(%.0f,%.0f)", red, x0, y0, x1, ym)
			}
			if !near(x0, blue.Min.X) || !near(x1, blue.Max.X) || !near(ym, blue.Min.Y) || !near(y1, blue.Max.Y) {
				t.Errorf("blue half at %v, want (%.0f,%.0f)-(%.0f,%.0f)", blue, x0, ym, x1, y1)
			}
		})
	}
}

func bbox(img image.Image, match func(r, g, b uint32) bool) image.Rectangle {
	var out image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if match(r>>8, g>>8, bl>>8) {
				out = out.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return out
}
