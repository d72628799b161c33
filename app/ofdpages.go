package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"io"
	"math"
	"sync"

	"sealdesk/internal/userfile"
	"sealdesk/ofd"
	"sealdesk/pdfview"
)

// OpenPages opens the document at path for viewing, told by its bytes: a PDF
// through rend (PDFium reads the file; nil means the workspace's own
// renderer), an OFD package drawn by package ofd (issue 15 point 2). It
// returns the format too, so that a view offers only what the format can
// carry (an OFD takes no seam or keyword placement).
func (w *Workspace) OpenPages(ctx context.Context, rend *pdfview.Renderer, path string) (pdfview.Pages, Format, error) {
	head, err := w.readHead(ctx, path)
	if err != nil {
		return nil, FormatOther, err
	}
	switch DetectFormat(head) {
	case FormatOFD:
		// Read, not hashed: the faces took its SM3 already (SumFile).
		data, err := readUserFile(path, w.MaxFileSize(ctx))
		if err != nil {
			return nil, FormatOFD, err
		}
		p, err := openOFDPages(data)
		if err != nil {
			return nil, FormatOFD, ofdError(err, path)
		}
		return p, FormatOFD, nil
	case FormatPDF:
		if rend == nil {
			if rend, err = w.renderer(); err != nil {
				return nil, FormatPDF, err
			}
		}
		d, err := rend.OpenFile(path)
		if err != nil {
			return nil, FormatPDF, pdfError(err, path)
		}
		return d, FormatPDF, nil
	}
	return nil, FormatOther, errf(CodeNotDocument, nil, path)
}

// readHead reads the first 1024 bytes of a user's file, refusing what
// userfile refuses (a FIFO, a device, a file over the size limit).
func (w *Workspace) readHead(ctx context.Context, path string) ([]byte, error) {
	f, _, err := userfile.Open(path, w.MaxFileSize(ctx))
	if err != nil {
		return nil, fileError(err, path)
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fileError(err, path)
	}
	return head[:n], nil
}

// ofdPages is an OFD package's first document seen as pdfview.Pages: each
// page's physical box, in points, from its top-left corner, unrotated
// (GB/T 33190 §7.5), so a placement's millimetres are the OFD's own.
type ofdPages struct {
	mu    sync.Mutex // the package's parts are parsed on demand
	pkg   *ofd.Package
	pages []ofd.PageInfo
}

func openOFDPages(data []byte) (*ofdPages, error) {
	p, err := ofd.Read(bytes.NewReader(data), int64(len(data)), ofd.Limits{})
	if err != nil {
		return nil, err
	}
	pages, err := p.Pages(0)
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, &ofd.FormatError{Part: "Document.xml", Err: ofd.ErrMissingPart}
	}
	return &ofdPages{pkg: p, pages: pages}, nil
}

func (o *ofdPages) PageCount() int { return len(o.pages) }

func (o *ofdPages) Page(i int) (pdfview.Page, error) {
	if i < 0 || i >= len(o.pages) {
		return pdfview.Page{}, fmt.Errorf("ofd: page %d out of range (the document has %d)", i+1, len(o.pages))
	}
	return ofdPage(o.pages[i]), nil
}

// ofdPage is an OFD page's geometry as pdfview.Page: its physical box in
// points, unrotated, so display millimetres from the top-left are the OFD's.
func ofdPage(p ofd.PageInfo) pdfview.Page {
	return pdfview.Page{MediaBox: pdfview.Rect{URX: p.WidthMM * pdfview.PointsPerMM, URY: p.HeightMM * pdfview.PointsPerMM}}
}

func (o *ofdPages) Render(ctx context.Context, i int, dpi float64) (*image.RGBA, error) {
	if !(dpi > 0) || math.IsInf(dpi, 1) {
		return nil, fmt.Errorf("ofd: bad resolution %v dpi", dpi)
	}
	if i < 0 || i >= len(o.pages) {
		return nil, fmt.Errorf("ofd: page %d out of range (the document has %d)", i+1, len(o.pages))
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := o.pkg.RenderPage(ofd.RenderOptions{Page: i + 1, DPI: dpi})
	if err != nil {
		return nil, err
	}
	return r.Image, nil
}

func (o *ofdPages) Close() error { return nil }
