package pdfview

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/klippa-app/go-pdfium/requests"
)

// SignatureInfo is what PDFium reads from one signature dictionary (ISO 32000
// §12.8.1, Table 255): the value of a /FT /Sig field in the AcroForm. It is what a
// viewer sees, not a verification: package pdfsign checks a PDF's signatures
// (its Verify reads the same dictionaries itself, without PDFium).
type SignatureInfo struct {
	SubFilter string  // e.g. "adbe.pkcs7.detached", "ETSI.CAdES.detached"; "" when absent
	ByteRange []int64 // /ByteRange as written: offset, length pairs of the signed bytes
	Contents  []byte  // /Contents, decoded from the hex string (CMS or SES_Signature DER plus padding)
	Reason    string  // /Reason, "" when absent
	// Time is /M as written, a PDF date (ISO 32000 §7.9.4) such as
	// "D:20250102150405+08'00'"; "" when absent. A time inside the signature
	// (CMS signingTime, a timestamp) takes precedence over it.
	Time string
}

// Signatures lists the document's signature fields that have a value, in the
// order of the AcroForm's /Fields (FPDF_GetSignatureCount, FPDF_GetSignatureObject).
// A document without signatures gives an empty list.
func (d *Document) Signatures() ([]SignatureInfo, error) {
	if err := d.lock(context.Background()); err != nil {
		return nil, err
	}
	defer d.r.unlock()
	inst := d.r.inst
	n, err := inst.FPDF_GetSignatureCount(&requests.FPDF_GetSignatureCount{Document: d.ref})
	if err != nil {
		return nil, fmt.Errorf("pdfview: count signatures: %w", err)
	}
	sigs := make([]SignatureInfo, 0, n.Count)
	for i := range n.Count {
		obj, err := inst.FPDF_GetSignatureObject(&requests.FPDF_GetSignatureObject{Document: d.ref, Index: i})
		if err != nil {
			return nil, fmt.Errorf("pdfview: signature %d: %w", i, err)
		}
		var s SignatureInfo
		// Each getter returns a nil field for an absent entry and fails only
		// when PDFium's memory does; report the first such failure.
		if r, err := inst.FPDFSignatureObj_GetSubFilter(&requests.FPDFSignatureObj_GetSubFilter{Signature: obj.Signature}); err != nil {
			return nil, fmt.Errorf("pdfview: signature %d sub-filter: %w", i, err)
		} else if r.SubFilter != nil {
			s.SubFilter = *r.SubFilter
		}
		if r, err := inst.FPDFSignatureObj_GetByteRange(&requests.FPDFSignatureObj_GetByteRange{Signature: obj.Signature}); err != nil {
			return nil, fmt.Errorf("pdfview: signature %d byte range: %w", i, err)
		} else {
			for _, v := range r.ByteRange {
				s.ByteRange = append(s.ByteRange, int64(v))
			}
		}
		if r, err := inst.FPDFSignatureObj_GetContents(&requests.FPDFSignatureObj_GetContents{Signature: obj.Signature}); err != nil {
			return nil, fmt.Errorf("pdfview: signature %d contents: %w", i, err)
		} else {
			s.Contents = r.Contents
		}
		if r, err := inst.FPDFSignatureObj_GetReason(&requests.FPDFSignatureObj_GetReason{Signature: obj.Signature}); err != nil {
			return nil, fmt.Errorf("pdfview: signature %d reason: %w", i, err)
		} else if r.Reason != nil {
			s.Reason = strings.TrimRight(*r.Reason, "\x00")
		}
		if r, err := inst.FPDFSignatureObj_GetTime(&requests.FPDFSignatureObj_GetTime{Signature: obj.Signature}); err != nil {
			return nil, fmt.Errorf("pdfview: signature %d time: %w", i, err)
		} else if r.Time != nil {
			s.Time = *r.Time
		}
		sigs = append(sigs, s)
	}
	return sigs, nil
}

// DisplayRect is a rectangle on the displayed page in millimetres from its
// top-left corner, y growing downwards (the coordinates of Page.Place).
type DisplayRect struct{ X, Y, W, H float64 }

// Center returns the centre of r.
func (r DisplayRect) Center() (x, y float64) { return r.X + r.W/2, r.Y + r.H/2 }

// TextRun is a piece of text on one line in one font, as PDFium's text layer
// groups it (FPDFText_GetRect), with its box on the displayed page.
type TextRun struct {
	Text string
	Box  DisplayRect
}

// Text returns the text of page i (0-based) in PDFium's reading order, with
// positions in display millimetres, for finding where a keyword is.
func (d *Document) Text(i int) ([]TextRun, error) {
	if err := d.lock(context.Background()); err != nil {
		return nil, err
	}
	defer d.r.unlock()
	p, err := d.geometry(i)
	if err != nil {
		return nil, err
	}
	pg, _ := d.page(i) // checked by geometry
	res, err := d.r.inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page: pg,
		Mode: requests.GetPageTextStructuredModeRects,
	})
	if err != nil {
		return nil, pageError(i, err)
	}
	runs := make([]TextRun, 0, len(res.Rects))
	for _, r := range res.Rects {
		text := strings.TrimRight(r.Text, "\x00")
		if strings.TrimSpace(text) == "" {
			continue
		}
		// PDFium's text boxes are in user space (y up); map both corners.
		pp := r.PointPosition
		x0, y0 := p.UserToDisplay(pp.Left, pp.Top)
		x1, y1 := p.UserToDisplay(pp.Right, pp.Bottom)
		box := DisplayRect{X: math.Min(x0, x1), Y: math.Min(y0, y1), W: math.Abs(x1 - x0), H: math.Abs(y1 - y0)}
		runs = append(runs, TextRun{Text: text, Box: box})
	}
	return runs, nil
}
