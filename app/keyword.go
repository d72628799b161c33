package app

import (
	"context"
	"errors"
	"math"

	"sealdesk/pdfview"
	"sealdesk/place"
)

// Codes of keyword placement (issue 16, point 2). They live here rather than
// in errors.go's list; TestKeywordCodesHaveMessages checks their messages.
const (
	CodeKeywordEmpty     = "keyword_empty"     // the keyword is blank
	CodeKeywordNone      = "keyword_none"      // the keyword is not in the document
	CodeKeywordAmbiguous = "keyword_ambiguous" // several matches and no index
	CodeKeywordIndex     = "keyword_index"     // an index past the last match
)

// FindKeyword finds keyword on the given pages (1-based; nil: every page)
// of doc, from the PDF's own text positions (pdfview.Document.FindText: NFKC,
// white space and line breaks between characters ignored). No match is not
// an error here: ResolveKeyword decides what the matches allow.
func (w *Workspace) FindKeyword(ctx context.Context, doc *Document, keyword string, pages []int) ([]pdfview.TextMatch, error) {
	r, err := w.renderer()
	if err != nil {
		return nil, errf(CodeInternal, err, err)
	}
	return findKeyword(ctx, r, doc, keyword, pages)
}

// FindKeywordFile is FindKeyword for a face without a workspace (sealctl
// find): it reads the file at path as any document a person names and
// starts a PDFium instance of its own, with the compiled module cached in
// pdfview.DefaultCacheDir.
func FindKeywordFile(ctx context.Context, path, keyword string, pages []int) ([]pdfview.TextMatch, error) {
	doc, err := OpenDocument(path, 0)
	if err != nil {
		return nil, err
	}
	r, err := pdfview.NewRenderer(pdfview.RendererOptions{CacheDir: pdfview.DefaultCacheDir()})
	if err != nil {
		return nil, errf(CodeInternal, err, err)
	}
	defer r.Close()
	return findKeyword(ctx, r, doc, keyword, pages)
}

func findKeyword(ctx context.Context, r *pdfview.Renderer, doc *Document, keyword string, pages []int) ([]pdfview.TextMatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pd, err := r.Open(doc.data)
	if err == nil {
		defer pd.Close()
		var ms []pdfview.TextMatch
		if ms, err = pd.FindText(keyword, pages); err == nil {
			return ms, nil
		}
	}
	if e := keywordError(err, doc.Path); e != nil {
		return nil, e
	}
	// PDFium failing on a page's text: the page is beyond what it can read.
	return nil, errf(CodePDFDamaged, err, doc.Path)
}

// ResolveKeyword applies rule to the matches FindKeyword found: the seal
// centres, or an *Error with the count and the pages when the matches do not
// allow the rule (none; several and no index; an index past the last).
func ResolveKeyword(rule pdfview.KeywordRule, matches []pdfview.TextMatch) ([]pdfview.PagePoint, error) {
	pts, err := rule.Resolve(matches)
	if e := keywordError(err, ""); e != nil {
		return nil, e
	} else if err != nil {
		// An index below AllMatches or an offset that is not a number.
		return nil, errf(CodeBadArgument, err, err)
	}
	return pts, nil
}

// keywordError turns pdfview's errors from opening a document and finding and
// resolving a keyword into ours, path naming the document; nil for others.
func keywordError(err error, path string) *Error {
	var ke *pdfview.KeywordError
	var pe *pdfview.PageError
	switch {
	case errors.As(err, &ke) && ke.Count == 0:
		return errf("keyword_none", err, ke.Keyword)
	case errors.As(err, &ke) && ke.Index == 0:
		return errf("keyword_ambiguous", err, ke.Keyword, ke.Count, ke.PageList())
	case errors.As(err, &ke):
		return errf("keyword_index", err, ke.Keyword, ke.Count, ke.PageList(), ke.Index)
	case errors.Is(err, pdfview.ErrEmptyKeyword):
		return errf("keyword_empty", err)
	case errors.As(err, &pe):
		return errf("page_range", err, pe.Page, pe.Count)
	case errors.Is(err, pdfview.ErrNotPDF):
		return errf("not_pdf", err, path)
	case errors.Is(err, pdfview.ErrEncrypted):
		return errf("pdf_encrypted", err, path)
	case errors.Is(err, pdfview.ErrDamaged):
		return errf("pdf_damaged", err, path)
	}
	return nil
}

// keywordPlacements finds a request's keyword in its document and turns the
// rule's matches into marks; no match, or more than the rule allows, is
// refused with the count and the pages.
func (w *Workspace) keywordPlacements(ctx context.Context, doc *Document, rule pdfview.KeywordRule) (place.List, error) {
	matches, err := w.FindKeyword(ctx, doc, rule.Keyword, nil)
	if err != nil {
		return nil, err
	}
	pts, err := ResolveKeyword(rule, matches)
	if err != nil {
		return nil, err
	}
	marks := make(place.List, len(pts))
	for i, p := range pts {
		// To 0.01 mm: the precision a person can check, and one the
		// request's columns and its canonical text both keep exactly.
		marks[i] = place.Placement{Page: p.Page, XMM: math.Round(p.XMM*100) / 100, YMM: math.Round(p.YMM*100) / 100}
	}
	return marks, nil
}
