// Package place says where a seal goes on a document: one Placement is one
// mark of the seal on one page, its centre in millimetres from the top-left
// corner of the page as displayed (the convention of every face and of the
// signer). A stamp request carries a list of them; the approver signs their
// canonical text, the signer draws each one, the views show them.
//
// A mark shows either the whole seal picture or, for a cross-page seal
// (骑缝章), one slice of it: the picture cut into as many equal strips as the
// seam has pages, strip i on the i-th page at the page's edge, so that the
// pages laid side by side, in order, show the whole seal.
//
// The package imports nothing of ours: store keeps the canonical text, pdfsign
// and ofd draw from it, app checks and signs it.
package place

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Edge is the page edge a seam seal runs across.
type Edge string

const (
	Right  Edge = "right"
	Left   Edge = "left"
	Top    Edge = "top"
	Bottom Edge = "bottom"
)

// ParseEdge accepts the four edge names.
func ParseEdge(s string) (Edge, error) {
	switch e := Edge(strings.ToLower(strings.TrimSpace(s))); e {
	case Right, Left, Top, Bottom:
		return e, nil
	}
	return "", fmt.Errorf("place: unknown edge %q (right, left, top or bottom)", s)
}

// Vertical reports whether the seam runs along a left or right edge, where the
// picture is cut into vertical strips.
func (e Edge) Vertical() bool { return e == Right || e == Left }

// Slice names the strip of the picture a seam mark shows: Index of Of, from
// 1, counted left to right for a vertical edge and top to bottom otherwise.
type Slice struct {
	Edge      Edge
	Index, Of int
}

// Placement is one mark of the seal.
type Placement struct {
	Page     int     // 1-based
	XMM, YMM float64 // centre of the mark, mm from the top-left corner of the displayed page
	Seam     *Slice  // nil: the whole picture
}

// Size is the mark's width and height for a seal of w×h mm: the whole seal,
// or one strip of it.
func (p Placement) Size(w, h float64) (float64, float64) {
	if p.Seam == nil {
		return w, h
	}
	if p.Seam.Edge.Vertical() {
		return w / float64(p.Seam.Of), h
	}
	return w, h / float64(p.Seam.Of)
}

// Clip is the part of the picture the mark shows, as fractions of its width
// and height: x0, y0 (top-left) to x1, y1.
func (p Placement) Clip() (x0, y0, x1, y1 float64) {
	if p.Seam == nil {
		return 0, 0, 1, 1
	}
	a := float64(p.Seam.Index-1) / float64(p.Seam.Of)
	b := float64(p.Seam.Index) / float64(p.Seam.Of)
	if p.Seam.Edge.Vertical() {
		return a, 0, b, 1
	}
	return 0, a, 1, b
}

// String is the canonical text of the placement, the form an approver signs
// and the store keeps: "PAGE:X:Y" with the position to 1/1000 mm, and for a
// seam mark ":EDGE:I/N".
func (p Placement) String() string {
	s := fmt.Sprintf("%d:%.3f:%.3f", p.Page, p.XMM, p.YMM)
	if p.Seam != nil {
		s += fmt.Sprintf(":%s:%d/%d", p.Seam.Edge, p.Seam.Index, p.Seam.Of)
	}
	return s
}

// Same reports whether q is p to within 0.05 mm: what makes two requests the
// same stamp.
func (p Placement) Same(q Placement) bool {
	if p.Page != q.Page || math.Abs(p.XMM-q.XMM) >= 0.05 || math.Abs(p.YMM-q.YMM) >= 0.05 {
		return false
	}
	if p.Seam == nil || q.Seam == nil {
		return p.Seam == nil && q.Seam == nil
	}
	return *p.Seam == *q.Seam
}

// List is a request's placements, in the order they were asked for.
type List []Placement

// String is the canonical text of the list: the placements' texts joined by
// spaces.
func (l List) String() string {
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.String()
	}
	return strings.Join(parts, " ")
}

// Same reports whether l and m hold the same placements in the same order.
func (l List) Same(m List) bool {
	if len(l) != len(m) {
		return false
	}
	for i := range l {
		if !l[i].Same(m[i]) {
			return false
		}
	}
	return true
}

// Pages lists the distinct pages of the list, in order of first use.
func (l List) Pages() []int {
	var pages []int
	seen := map[int]bool{}
	for _, p := range l {
		if !seen[p.Page] {
			seen[p.Page] = true
			pages = append(pages, p.Page)
		}
	}
	return pages
}

// Plain reports whether the list is one mark of the whole seal: the form every
// request had before lists existed, signed with the old statement fields.
func (l List) Plain() bool { return len(l) == 1 && l[0].Seam == nil }

// ErrSyntax is wrapped by every Parse error.
var ErrSyntax = errors.New("place: malformed placement")

// Parse reads the canonical text of one placement.
func Parse(s string) (Placement, error) {
	f := strings.Split(s, ":")
	if len(f) != 3 && len(f) != 5 {
		return Placement{}, fmt.Errorf("%w %q", ErrSyntax, s)
	}
	var p Placement
	var err error
	if p.Page, err = strconv.Atoi(f[0]); err != nil || p.Page < 1 {
		return Placement{}, fmt.Errorf("%w %q: page", ErrSyntax, s)
	}
	if p.XMM, err = parseMM(f[1]); err != nil {
		return Placement{}, fmt.Errorf("%w %q: x", ErrSyntax, s)
	}
	if p.YMM, err = parseMM(f[2]); err != nil {
		return Placement{}, fmt.Errorf("%w %q: y", ErrSyntax, s)
	}
	if len(f) == 5 {
		e, err := ParseEdge(f[3])
		if err != nil {
			return Placement{}, fmt.Errorf("%w %q: %v", ErrSyntax, s, err)
		}
		i, of, ok := strings.Cut(f[4], "/")
		sl := Slice{Edge: e}
		var err1, err2 error
		sl.Index, err1 = strconv.Atoi(i)
		sl.Of, err2 = strconv.Atoi(of)
		if !ok || err1 != nil || err2 != nil || sl.Of < 2 || sl.Index < 1 || sl.Index > sl.Of {
			return Placement{}, fmt.Errorf("%w %q: slice", ErrSyntax, s)
		}
		p.Seam = &sl
	}
	return p, nil
}

// ParseList reads the canonical text of a list; the empty text is no list.
func ParseList(s string) (List, error) {
	var l List
	for _, f := range strings.Fields(s) {
		p, err := Parse(f)
		if err != nil {
			return nil, err
		}
		l = append(l, p)
	}
	return l, nil
}

func parseMM(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, ErrSyntax
	}
	return v, nil
}

// SeamMarks places a seam seal of w×h mm across pages (at least two): on each
// page the strip of its turn at edge e, the strip's outer side on the edge,
// at offset mm along the edge (from the top for a vertical edge, from the
// left otherwise). size gives each page's displayed width and height in mm.
func SeamMarks(pages []int, e Edge, offset float64, w, h float64, size func(page int) (float64, float64)) (List, error) {
	if len(pages) < 2 {
		return nil, fmt.Errorf("place: a seam seal needs at least two pages, not %d", len(pages))
	}
	n := len(pages)
	l := make(List, n)
	for i, pg := range pages {
		pw, ph := size(pg)
		p := Placement{Page: pg, Seam: &Slice{Edge: e, Index: i + 1, Of: n}}
		sw, sh := p.Size(w, h)
		switch e {
		case Right:
			p.XMM, p.YMM = pw-sw/2, offset
		case Left:
			p.XMM, p.YMM = sw/2, offset
		case Top:
			p.XMM, p.YMM = offset, sh/2
		case Bottom:
			p.XMM, p.YMM = offset, ph-sh/2
		default:
			return nil, fmt.Errorf("place: unknown edge %q", e)
		}
		l[i] = p
	}
	return l, nil
}

// ParsePages reads a page range such as "2,4-6" into its pages in order;
// every page must appear once and, when count is not 0, lie in 1..count.
func ParsePages(s string, count int) ([]int, error) {
	var pages []int
	seen := map[int]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		a, b, isRange := strings.Cut(part, "-")
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi := lo
		var err2 error
		if isRange {
			hi, err2 = strconv.Atoi(strings.TrimSpace(b))
		}
		if part == "" || err1 != nil || err2 != nil || lo < 1 || hi < lo {
			return nil, &RangeError{Text: s, Count: count}
		}
		for p := lo; p <= hi; p++ {
			if (count > 0 && p > count) || seen[p] {
				return nil, &RangeError{Text: s, Count: count, Page: p}
			}
			seen[p] = true
			pages = append(pages, p)
		}
	}
	return pages, nil
}

// RangeError reports a page range that is malformed (Page 0) or names a page
// outside the document or twice.
type RangeError struct {
	Text  string
	Count int
	Page  int
}

func (e *RangeError) Error() string {
	if e.Page == 0 {
		return fmt.Sprintf("place: page range %q is malformed", e.Text)
	}
	return fmt.Sprintf("place: page range %q: page %d is outside the document's %d pages or named twice", e.Text, e.Page, e.Count)
}
