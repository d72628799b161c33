package pdfsign

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
	"sealdesk/place"
)

// bandPicture is three vertical bands, red, green and blue, left to right: a
// seam seal over three pages must show one band on each page, in order.
func bandPicture() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 120))
	bands := []color.NRGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}}
	for y := 0; y < 120; y++ {
		for x := 0; x < 120; x++ {
			img.SetNRGBA(x, y, bands[x/40])
		}
	}
	return img
}

func isRed(r, g, b uint32) bool   { return r > 200 && g < 80 && b < 80 }
func isGreen(r, g, b uint32) bool { return g > 200 && r < 80 && b < 80 }
func isBlue(r, g, b uint32) bool  { return b > 200 && r < 80 && g < 80 }

// renderPoppler renders every page at 72 dpi (a pixel a point) as displayed.
func renderPoppler(t *testing.T, pdf []byte) []image.Image {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, pdf, 0o600)
	if out, err := tool(t, "pdftoppm", "-r", "72", "-cropbox", "-png", in, filepath.Join(dir, "p")); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	var pages []image.Image
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, img)
	}
	return pages
}

// Several marks in one pass: a signature each, on the pages asked for, two on
// one page; our verifier and pdfsig call all valid, qpdf accepts the file,
// poppler draws the seal at each place and nowhere else.
func TestSignSeveralPlacements(t *testing.T) {
	orig := testpdf.Simple(3)
	pki := newPKI(t, "ecdsa")
	marks := place.List{{Page: 1, XMM: 150, YMM: 240}, {Page: 3, XMM: 150, YMM: 240}, {Page: 3, XMM: 50, YMM: 60}}
	signed, res := signAllBytes(t, orig, pki.options(0, 0, 0), marks)
	rep := verifyBytes(t, signed, VerifyOptions{Roots: pki.roots})
	if len(rep.Signatures) != 3 {
		t.Fatalf("%d signatures, want one a mark", len(rep.Signatures))
	}
	for i, s := range rep.Signatures {
		if !s.Intact || !s.Trusted || s.ModifiedAfter {
			t.Errorf("signature %d: intact %v trusted %v modified %v %v %v", i+1, s.Intact, s.Trusted, s.ModifiedAfter, s.IntegrityErr, s.TrustErr)
		}
		if s.Page != marks[i].Page || !nearRect(s.Rect, res[i].Rect) || s.FieldName != []string{"Seal1", "Seal1-2", "Seal1-3"}[i] {
			t.Errorf("signature %d: %s on page %d at %v, signer put %s on %d at %v", i+1, s.FieldName, s.Page, s.Rect, res[i].FieldName, marks[i].Page, res[i].Rect)
		}
	}
	if !rep.Signatures[2].CoversWholeDocument {
		t.Error("the last mark's signature does not cover the whole document")
	}
	path := writeTemp(t, "marks.pdf", signed)
	qpdfCheck(t, path)
	pdfsigValid(t, path, 3)

	pages := renderPoppler(t, signed)
	if len(pages) != 3 {
		t.Fatalf("%d pages rendered", len(pages))
	}
	k := pdfview.PointsPerMM
	for _, c := range []struct {
		page   int
		cx, cy float64
	}{{1, 150, 240}, {3, 150, 240}, {3, 50, 60}} {
		img := pages[c.page-1]
		at := func(x, y float64) (uint32, uint32, uint32) {
			r, g, b, _ := img.At(int(x*k), int(y*k)).RGBA()
			return r >> 8, g >> 8, b >> 8
		}
		if !isRed(at(c.cx, c.cy-10)) || !isBlue(at(c.cx, c.cy+10)) {
			t.Errorf("page %d: no seal drawn at (%v, %v) mm", c.page, c.cx, c.cy)
		}
	}
	if red := bbox(pages[1], isRed); !red.Empty() {
		t.Errorf("page 2 has no placement but shows seal red at %v", red)
	}
}

// A seam seal (骑缝章) over three pages, one of them turned: each page shows
// its slice at the right edge, at the same height, and the slices laid side by
// side make the whole picture; one signature covers all.
func TestSignSeamSlices(t *testing.T) {
	orig := testpdf.New(testpdf.Options{Pages: []testpdf.Page{{}, {Rotate: 90}, {}}})
	info, err := Inspect(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	size := func(p int) (float64, float64) {
		g := info.Pages[p-1]
		return g.DisplaySizeMM()
	}
	marks, err := place.SeamMarks([]int{1, 2, 3}, place.Right, 100, 42, 42, size)
	if err != nil {
		t.Fatal(err)
	}
	pki := newPKI(t, "ecdsa")
	o := pki.options(0, 0, 0)
	o.WidthMM, o.HeightMM, o.Picture = 42, 42, bandPicture()
	signed, _ := signAllBytes(t, orig, o, marks)
	rep := verifyBytes(t, signed, VerifyOptions{Roots: pki.roots})
	for i, s := range rep.Signatures {
		if !s.Intact || s.ModifiedAfter || s.Page != i+1 {
			t.Errorf("slice %d: intact %v modified %v page %d", i+1, s.Intact, s.ModifiedAfter, s.Page)
		}
	}
	path := writeTemp(t, "seam.pdf", signed)
	qpdfCheck(t, path)
	pdfsigValid(t, path, 3)

	bands := []func(r, g, b uint32) bool{isRed, isGreen, isBlue}
	k := pdfview.PointsPerMM
	for i, img := range renderPoppler(t, signed) {
		pw, _ := size(i + 1)
		want := image.Rect(int(math.Round((pw-14)*k)), int(math.Round(79*k)), int(math.Round(pw*k)), int(math.Round(121*k)))
		for j, band := range bands {
			got := bbox(img, band)
			if j != i {
				if !got.Empty() {
					t.Errorf("page %d shows band %d at %v; only band %d belongs there", i+1, j+1, got, i+1)
				}
				continue
			}
			if d := absDiff(got, want); d > 2 {
				t.Errorf("page %d: slice at %v, want %v (the right edge, 79–121 mm down)", i+1, got, want)
			}
		}
	}
}

func absDiff(a, b image.Rectangle) int {
	d := 0
	for _, v := range []int{a.Min.X - b.Min.X, a.Min.Y - b.Min.Y, a.Max.X - b.Max.X, a.Max.Y - b.Max.Y} {
		if v < 0 {
			v = -v
		}
		d = max(d, v)
	}
	return d
}

func signAllBytes(t *testing.T, in []byte, o Options, marks place.List) ([]byte, []*Result) {
	t.Helper()
	var out bytes.Buffer
	res, err := SignAll(bytes.NewReader(in), &out, o, marks)
	if err != nil {
		t.Fatalf("SignAll: %v", err)
	}
	if !bytes.HasPrefix(out.Bytes(), in) || len(res) != len(marks) {
		t.Fatal("output does not start with the original bytes, or a mark is missing")
	}
	return out.Bytes(), res
}

// A placement off its page or on a page the document lacks is refused before
// anything is written.
func TestSignPlacementsRefused(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	for _, tc := range []struct {
		name  string
		marks place.List
		want  string
	}{
		{"no such page", place.List{{Page: 1, XMM: 100, YMM: 100}, {Page: 4, XMM: 100, YMM: 100}}, "page 4 does not exist"},
		{"off the page", place.List{{Page: 1, XMM: 100, YMM: 100}, {Page: 2, XMM: 500, YMM: 100}}, "does not fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := SignAll(bytes.NewReader(testpdf.Simple(2)), &out, pki.options(0, 0, 0), tc.marks)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Sign = %v, want an error saying %q", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written for a refused placement", out.Len())
			}
		})
	}
}
