package pdfview

import (
	"context"
	"image"
)

// Pages is a document open for viewing, whatever its format: its pages'
// geometry and their renders. *Document (a PDF through PDFium) is one; app
// gives OFD packages the same face, so the stamping view, the approver's page
// and paper copies draw either kind one way (issue 15).
type Pages interface {
	// PageCount returns the number of pages, at least 1.
	PageCount() int
	// Page returns page i's geometry (0-based), in PDF points.
	Page(i int) (Page, error)
	// Render draws page i (0-based) at dpi, as displayed, on white.
	Render(ctx context.Context, i int, dpi float64) (*image.RGBA, error)
	// Close lets go of the document.
	Close() error
}

var _ Pages = (*Document)(nil)
