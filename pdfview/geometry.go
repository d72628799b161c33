// Package pdfview knows what a PDF page looks like: its boxes and rotation, the
// mapping between what a person sees (millimetres from the top-left corner of the
// displayed page) and PDF default user space, page rendering to image.Image, and
// the signatures a viewer sees. It has no GUI code.
package pdfview

import (
	"fmt"
	"math"
)

// PointsPerMM converts millimetres to PDF points (ISO 32000 §8.3.2.3: 1/72 inch).
const PointsPerMM = 72 / 25.4

// Rect is a rectangle in PDF default user space, in points.
type Rect struct{ LLX, LLY, URX, URY float64 }

// Normalize returns r with LLX ≤ URX and LLY ≤ URY (ISO 32000 §7.9.5 allows either corner order).
func (r Rect) Normalize() Rect {
	if r.LLX > r.URX {
		r.LLX, r.URX = r.URX, r.LLX
	}
	if r.LLY > r.URY {
		r.LLY, r.URY = r.URY, r.LLY
	}
	return r
}

// Width returns the width of r in points.
func (r Rect) Width() float64 { return math.Abs(r.URX - r.LLX) }

// Height returns the height of r in points.
func (r Rect) Height() float64 { return math.Abs(r.URY - r.LLY) }

// Intersect returns the overlap of r and o; empty rectangles have zero width or height.
func (r Rect) Intersect(o Rect) Rect {
	r, o = r.Normalize(), o.Normalize()
	out := Rect{math.Max(r.LLX, o.LLX), math.Max(r.LLY, o.LLY), math.Min(r.URX, o.URX), math.Min(r.URY, o.URY)}
	if out.URX < out.LLX {
		out.URX = out.LLX
	}
	if out.URY < out.LLY {
		out.URY = out.LLY
	}
	return out
}

// Contains reports whether o lies inside r, allowing for rounding of a thousandth of a point.
func (r Rect) Contains(o Rect) bool {
	const eps = 1e-3
	r, o = r.Normalize(), o.Normalize()
	return o.LLX >= r.LLX-eps && o.LLY >= r.LLY-eps && o.URX <= r.URX+eps && o.URY <= r.URY+eps
}

// Page is the geometry of one page as a viewer shows it: the visible region is the
// crop box clipped to the media box (ISO 32000 §14.11.2), turned clockwise by Rotate.
type Page struct {
	MediaBox Rect
	CropBox  Rect // zero value means "same as MediaBox"
	Rotate   int  // degrees clockwise, a multiple of 90 (ISO 32000 §7.7.3.3, Table 30)
}

// Visible returns the region of user space a viewer shows.
func (p Page) Visible() Rect {
	if p.CropBox == (Rect{}) {
		return p.MediaBox.Normalize()
	}
	return p.CropBox.Intersect(p.MediaBox)
}

// rotation returns Rotate reduced to 0, 90, 180 or 270.
func (p Page) rotation() int {
	r := p.Rotate % 360
	if r < 0 {
		r += 360
	}
	return r - r%90
}

// Rotation returns the page rotation normalised to 0, 90, 180 or 270 degrees clockwise.
func (p Page) Rotation() int { return p.rotation() }

// DisplaySizeMM returns the width and height of the page as displayed, in millimetres.
func (p Page) DisplaySizeMM() (w, h float64) {
	v := p.Visible()
	w, h = v.Width()/PointsPerMM, v.Height()/PointsPerMM
	if p.rotation()%180 != 0 {
		w, h = h, w
	}
	return w, h
}

// DisplayToUser maps a point given in millimetres from the top-left corner of the
// displayed page (y growing downwards) to PDF default user space.
func (p Page) DisplayToUser(xmm, ymm float64) (x, y float64) {
	v := p.Visible()
	u, w := xmm*PointsPerMM, ymm*PointsPerMM
	switch p.rotation() {
	case 90: // the left edge of user space becomes the top edge
		return v.LLX + w, v.LLY + u
	case 180:
		return v.URX - u, v.LLY + w
	case 270:
		return v.URX - w, v.URY - u
	default:
		return v.LLX + u, v.URY - w
	}
}

// UserToDisplay is the inverse of DisplayToUser.
func (p Page) UserToDisplay(x, y float64) (xmm, ymm float64) {
	v := p.Visible()
	var u, w float64
	switch p.rotation() {
	case 90:
		u, w = y-v.LLY, x-v.LLX
	case 180:
		u, w = v.URX-x, y-v.LLY
	case 270:
		u, w = v.URY-y, v.URX-x
	default:
		u, w = x-v.LLX, v.URY-y
	}
	return u / PointsPerMM, w / PointsPerMM
}

// PlaceError reports a placement that does not fit the page.
type PlaceError struct {
	CenterXMM, CenterYMM float64
	WidthMM, HeightMM    float64
	PageWidthMM          float64
	PageHeightMM         float64
}

func (e *PlaceError) Error() string {
	return fmt.Sprintf("pdfview: a %.1f×%.1f mm seal centred at (%.1f, %.1f) mm does not fit on the %.1f×%.1f mm page",
		e.WidthMM, e.HeightMM, e.CenterXMM, e.CenterYMM, e.PageWidthMM, e.PageHeightMM)
}

// Place returns the user-space rectangle of a wmm×hmm box (upright as displayed)
// centred at (cxmm, cymm) in display millimetres. It fails with *PlaceError when the
// box does not lie entirely on the visible page.
func (p Page) Place(cxmm, cymm, wmm, hmm float64) (Rect, error) {
	pw, ph := p.DisplaySizeMM()
	const eps = 1e-6
	if wmm <= 0 || hmm <= 0 || cxmm-wmm/2 < -eps || cymm-hmm/2 < -eps || cxmm+wmm/2 > pw+eps || cymm+hmm/2 > ph+eps ||
		math.IsNaN(cxmm) || math.IsNaN(cymm) {
		return Rect{}, &PlaceError{cxmm, cymm, wmm, hmm, pw, ph}
	}
	x0, y0 := p.DisplayToUser(cxmm-wmm/2, cymm-hmm/2)
	x1, y1 := p.DisplayToUser(cxmm+wmm/2, cymm+hmm/2)
	return Rect{x0, y0, x1, y1}.Normalize(), nil
}
