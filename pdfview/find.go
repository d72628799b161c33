package pdfview

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/text/unicode/norm"
)

// ErrEmptyKeyword is returned by FindText for a keyword with nothing but
// white space in it.
var ErrEmptyKeyword = errors.New("pdfview: the keyword is empty")

// PageError reports a page number outside the document (1-based, as people count).
type PageError struct{ Page, Count int }

func (e *PageError) Error() string {
	return fmt.Sprintf("pdfview: no page %d in a %d-page document", e.Page, e.Count)
}

// TextMatch is one occurrence of a keyword on a page.
type TextMatch struct {
	// Page is 1-based, as people and stamp requests count pages.
	Page int
	// CenterXMM, CenterYMM is where a seal goes: millimetres from the top-left
	// corner of the displayed page, y downwards (the convention of Page.Place).
	CenterXMM, CenterYMM float64
	// Box is the box the centre is the centre of: the bounding box of the
	// matched characters, or of the line holding most of them (see FindText).
	Box DisplayRect
	// Text is the matched characters as the page has them, white space and
	// line breaks between them shown as one space: "（盖章）" for the keyword
	// "(盖章)", "盖章 处" when a line ends after 章.
	Text string
	// Lines is how many lines the match runs over: 1 when it is on one line.
	Lines int
}

// FindText finds the occurrences of keyword on the given pages (1-based; nil
// means every page) from the PDF's own text layer: PDFium's text page
// (FPDFText_LoadPage), its characters in reading order (FPDFText_GetUnicode)
// and each character's glyph box (FPDFText_GetCharBox). Nothing is rendered.
//
// How text is compared:
//   - Both sides are NFKC-normalised (Unicode UAX #15), so the full-width
//     "（盖章）" a Chinese template types matches the half-width "(盖章)" and the
//     other way round, and compatibility ideographs match their unified forms.
//     Letters are compared case-sensitively.
//   - White space is ignored, in the keyword and between the page's
//     characters: a keyword drawn as several text objects in different fonts
//     (PDFium joins them, inserting a space where it sees a gap), or broken
//     across lines (PDFium inserts "\r\n" between the lines it detects), is found.
//   - Matches do not overlap; they come in page order, then PDFium's reading
//     order on the page.
//
// Where a match is: when all its characters are on one line, the centre of the
// bounding box of their glyph boxes. When it runs over several lines, the
// centre of the bounding box of the line that holds most of its characters
// (the first of them on a tie), since a seal centred between two lines of
// text would sit over neither; Lines says how many lines it ran over. Boxes
// are in user space and mapped to the displayed page through Page.UserToDisplay,
// so /Rotate and a crop box offset are accounted for as everywhere else.
//
// Errors: ErrEmptyKeyword, *PageError for a page outside the document, ErrClosed.
func (d *Document) FindText(keyword string, pages []int) ([]TextMatch, error) {
	want := foldText(keyword)
	if len(want) == 0 {
		return nil, ErrEmptyKeyword
	}
	if pages == nil {
		pages = make([]int, d.pages)
		for i := range pages {
			pages[i] = i + 1
		}
	} else {
		pages = slices.Compact(slices.Sorted(slices.Values(pages)))
	}
	for _, p := range pages {
		if p < 1 || p > d.pages {
			return nil, &PageError{Page: p, Count: d.pages}
		}
	}
	if err := d.lock(context.Background()); err != nil {
		return nil, err
	}
	defer d.r.unlock()
	var out []TextMatch
	for _, p := range pages {
		chars, geo, err := d.chars(p - 1)
		if err != nil {
			return nil, err
		}
		for _, m := range findRunes(chars, want) {
			out = append(out, m.match(p, chars, geo))
		}
	}
	return out, nil
}

// FindText opens the PDF at path, finds keyword on pages (see
// Document.FindText) and closes it.
func (r *Renderer) FindText(path, keyword string, pages []int) ([]TextMatch, error) {
	d, err := r.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.FindText(keyword, pages)
}

// pageChar is one character of PDFium's text page: text, possibly generated
// by PDFium ("\r\n" between lines, a space for a gap), and its glyph box in
// user space.
type pageChar struct {
	r   rune
	box Rect
}

// chars reads page i's characters; the caller holds the lock.
func (d *Document) chars(i int) ([]pageChar, Page, error) {
	geo, err := d.geometry(i)
	if err != nil {
		return nil, Page{}, err
	}
	pg, _ := d.page(i) // checked by geometry
	res, err := d.r.inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page: pg,
		Mode: requests.GetPageTextStructuredModeChars,
	})
	if err != nil {
		return nil, Page{}, pageError(i, err)
	}
	out := make([]pageChar, 0, len(res.Chars))
	for _, c := range res.Chars {
		// One UTF-32 code point per character (FPDFText_GetUnicode); 0 when
		// PDFium has none for it.
		r := []rune(c.Text)
		if len(r) != 1 {
			r = []rune{unicode.ReplacementChar}
		}
		pp := c.PointPosition
		out = append(out, pageChar{r: r[0], box: Rect{pp.Left, pp.Bottom, pp.Right, pp.Top}.Normalize()})
	}
	return out, geo, nil
}

// foldText returns s NFKC-normalised without white space: the form FindText compares.
func foldText(s string) []rune {
	var out []rune
	for _, r := range norm.NFKC.String(s) {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
}

// runeMatch is a match as indices into a page's characters: the matched
// characters, in order, white space left out.
type runeMatch struct{ chars []int }

// findRunes finds want in chars, folding each character as foldText does. A
// character may fold to several runes (NFKC of "㈱" is "(株)"): a match then
// covers every character any of its runes came from.
func findRunes(chars []pageChar, want []rune) []runeMatch {
	var flat []rune // the folded text of the page
	var from []int  // from[k]: the index in chars of flat[k]
	for i, c := range chars {
		for _, r := range foldText(string(c.r)) {
			flat = append(flat, r)
			from = append(from, i)
		}
	}
	var out []runeMatch
	for k := 0; k+len(want) <= len(flat); {
		if !slices.Equal(flat[k:k+len(want)], want) {
			k++
			continue
		}
		var m runeMatch
		for _, i := range from[k : k+len(want)] {
			if len(m.chars) == 0 || m.chars[len(m.chars)-1] != i {
				m.chars = append(m.chars, i)
			}
		}
		out = append(out, m)
		k += len(want)
	}
	return out
}

// match places m on page (1-based) with geometry geo; see FindText for the rule.
func (m runeMatch) match(page int, chars []pageChar, geo Page) TextMatch {
	// Split the matched characters into lines at PDFium's line breaks.
	lines := [][]int{{m.chars[0]}}
	for _, i := range m.chars[1:] {
		prev := lines[len(lines)-1]
		if lineBreakBetween(chars, prev[len(prev)-1], i) {
			lines = append(lines, []int{i})
		} else {
			lines[len(lines)-1] = append(prev, i)
		}
	}
	best := lines[0]
	for _, l := range lines[1:] {
		if len(l) > len(best) {
			best = l
		}
	}
	var text strings.Builder
	for i := m.chars[0]; i <= m.chars[len(m.chars)-1]; i++ {
		if unicode.IsSpace(chars[i].r) {
			if !strings.HasSuffix(text.String(), " ") {
				text.WriteByte(' ')
			}
			continue
		}
		text.WriteRune(chars[i].r)
	}
	box := displayBox(geo, unionBox(chars, best))
	cx, cy := box.Center()
	return TextMatch{Page: page, CenterXMM: cx, CenterYMM: cy, Box: box, Text: text.String(), Lines: len(lines)}
}

// lineBreakBetween reports whether PDFium put a line break between characters a < b.
func lineBreakBetween(chars []pageChar, a, b int) bool {
	for _, c := range chars[a+1 : b] {
		if c.r == '\r' || c.r == '\n' {
			return true
		}
	}
	return false
}

// unionBox is the bounding box of the glyph boxes of chars[idx]. A glyph
// without ink (an empty box) counts only when none has any.
func unionBox(chars []pageChar, idx []int) Rect {
	u := Rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	grow := func(b Rect) {
		u = Rect{math.Min(u.LLX, b.LLX), math.Min(u.LLY, b.LLY), math.Max(u.URX, b.URX), math.Max(u.URY, b.URY)}
	}
	for _, i := range idx {
		if b := chars[i].box; b.Width() > 0 && b.Height() > 0 {
			grow(b)
		}
	}
	if math.IsInf(u.LLX, 1) {
		for _, i := range idx {
			grow(chars[i].box)
		}
	}
	return u
}

// displayBox maps a user-space rectangle to the displayed page.
func displayBox(p Page, r Rect) DisplayRect {
	x0, y0 := p.UserToDisplay(r.LLX, r.LLY)
	x1, y1 := p.UserToDisplay(r.URX, r.URY)
	return DisplayRect{X: math.Min(x0, x1), Y: math.Min(y0, y1), W: math.Abs(x1 - x0), H: math.Abs(y1 - y0)}
}

// AllMatches as KeywordRule.Index selects every match.
const AllMatches = -1

// KeywordRule is issue 16's keyword placement: the seal's centre goes on the
// keyword's Index-th match (1-based), or on every match (AllMatches), moved
// by DXMM, DYMM millimetres (right and down as displayed). Index 0 means none
// was given: the keyword must then occur exactly once, so that a template
// with the keyword in two places is never stamped in a guessed one.
type KeywordRule struct {
	Keyword    string
	Index      int
	DXMM, DYMM float64
}

// PagePoint is a position on a page: 1-based page, millimetres from the
// top-left corner of the displayed page.
type PagePoint struct {
	Page     int
	XMM, YMM float64
}

// KeywordError reports a keyword rule that selects nothing: no match, several
// matches and no index, or an index past the last match.
type KeywordError struct {
	Keyword string
	Index   int   // the rule's Index
	Count   int   // how many matches there are
	Pages   []int // the pages with a match, ascending, each once
}

func (e *KeywordError) Error() string {
	switch {
	case e.Count == 0:
		return fmt.Sprintf("pdfview: keyword %q not found", e.Keyword)
	case e.Index == 0:
		return fmt.Sprintf("pdfview: keyword %q occurs %d times (pages %s) and no index was given", e.Keyword, e.Count, e.PageList())
	default:
		return fmt.Sprintf("pdfview: keyword %q occurs %d times (pages %s), so there is no match %d", e.Keyword, e.Count, e.PageList(), e.Index)
	}
}

// PageList returns Pages as "2, 3".
func (e *KeywordError) PageList() string {
	s := make([]string, len(e.Pages))
	for i, p := range e.Pages {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ", ")
}

// Resolve applies k to the matches FindText found for k.Keyword: the seal
// centres, one per selected match, offset included. It does not check that a
// seal fits there: that needs the seal's size (Page.Place). Errors:
// *KeywordError; an Index below AllMatches is a programming error and
// reported as such.
func (k KeywordRule) Resolve(matches []TextMatch) ([]PagePoint, error) {
	if k.Index < AllMatches {
		return nil, fmt.Errorf("pdfview: bad keyword index %d", k.Index)
	}
	if math.IsNaN(k.DXMM+k.DYMM) || math.IsInf(k.DXMM+k.DYMM, 0) {
		return nil, fmt.Errorf("pdfview: bad keyword offset (%v, %v) mm", k.DXMM, k.DYMM)
	}
	n := len(matches)
	if n == 0 || (k.Index == 0 && n > 1) || k.Index > n {
		e := &KeywordError{Keyword: k.Keyword, Index: k.Index, Count: n}
		for _, m := range matches {
			if !slices.Contains(e.Pages, m.Page) {
				e.Pages = append(e.Pages, m.Page)
			}
		}
		slices.Sort(e.Pages)
		return nil, e
	}
	sel := matches
	if k.Index > 0 {
		sel = matches[k.Index-1 : k.Index]
	}
	out := make([]PagePoint, len(sel))
	for i, m := range sel {
		out[i] = PagePoint{Page: m.Page, XMM: m.CenterXMM + k.DXMM, YMM: m.CenterYMM + k.DYMM}
	}
	return out, nil
}
