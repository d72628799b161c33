package pdfview

import (
	"errors"
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestDisplayToUserCorners(t *testing.T) {
	// An A4 portrait page (595×842 pt) with a crop box that cuts 10 pt from every side.
	media := Rect{0, 0, 595, 842}
	crop := Rect{10, 10, 585, 832}
	tests := []struct {
		name         string
		rotate       int
		topLeft      [2]float64 // user-space point shown at the display's top-left corner
		wantW, wantH float64    // display size in points
	}{
		{"upright", 0, [2]float64{10, 832}, 575, 822},
		{"rotated 90", 90, [2]float64{10, 10}, 822, 575},
		{"rotated 180", 180, [2]float64{585, 10}, 575, 822},
		{"rotated 270", 270, [2]float64{585, 832}, 822, 575},
		{"rotated -90 is 270", -90, [2]float64{585, 832}, 822, 575},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Page{MediaBox: media, CropBox: crop, Rotate: tc.rotate}
			x, y := p.DisplayToUser(0, 0)
			if !near(x, tc.topLeft[0]) || !near(y, tc.topLeft[1]) {
				t.Errorf("top-left maps to (%v, %v), want %v", x, y, tc.topLeft)
			}
			w, h := p.DisplaySizeMM()
			if !near(w*PointsPerMM, tc.wantW) || !near(h*PointsPerMM, tc.wantH) {
				t.Errorf("display size %v×%v pt, want %v×%v", w*PointsPerMM, h*PointsPerMM, tc.wantW, tc.wantH)
			}
			// Round trip a point in the middle of the page.
			ux, uy := p.DisplayToUser(37, 81)
			bx, by := p.UserToDisplay(ux, uy)
			if !near(bx, 37) || !near(by, 81) {
				t.Errorf("round trip gives (%v, %v)", bx, by)
			}
		})
	}
}

func TestPlace(t *testing.T) {
	p := Page{MediaBox: Rect{0, 0, 595.276, 841.89}} // A4 in points
	r, err := p.Place(105, 148.5, 42, 42)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Width(), 42*PointsPerMM) || !near(r.Height(), 42*PointsPerMM) {
		t.Errorf("size %v×%v", r.Width(), r.Height())
	}
	if !near((r.LLX+r.URX)/2, 105*PointsPerMM) || !near((r.LLY+r.URY)/2, 841.89-148.5*PointsPerMM) {
		t.Errorf("centre (%v, %v)", (r.LLX+r.URX)/2, (r.LLY+r.URY)/2)
	}
	for _, bad := range [][2]float64{{10, 100}, {200, 100}, {105, 5}, {105, 290}, {-50, -50}, {math.NaN(), 100}} {
		if _, err := p.Place(bad[0], bad[1], 42, 42); !errors.As(err, new(*PlaceError)) {
			t.Errorf("Place(%v) = %v, want *PlaceError", bad, err)
		}
	}
}

func TestPlaceRotatedPageKeepsSealUpright(t *testing.T) {
	// On a page rotated 90°, an oval seal 40 mm wide and 30 mm high as displayed
	// occupies 30 mm in user-space x and 40 mm in user-space y.
	p := Page{MediaBox: Rect{0, 0, 595, 842}, Rotate: 90}
	r, err := p.Place(100, 100, 40, 30)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Width(), 30*PointsPerMM) || !near(r.Height(), 40*PointsPerMM) {
		t.Errorf("user-space size %v×%v mm", r.Width()/PointsPerMM, r.Height()/PointsPerMM)
	}
}
