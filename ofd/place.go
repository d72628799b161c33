package ofd

import (
	"fmt"
	"strings"
)

// target is where Stamp puts a seal: the document's part, the page's ID and
// the seal's box on it (mm, from the page's top-left corner).
type target struct {
	root    *ofdRoot
	docName string
	pageID  string
	box     [4]float64
}

// CheckStamp says whether Stamp would place a seal of w×h mm centred at
// (cx, cy) mm on page (1-based) of document doc, without signing anything:
// the document exists, its signatures read, its permissions allow signing
// (GB/T 33190 §7.5), the page exists and the seal lies wholly on it. The
// errors are Stamp's: *PageError, *PlaceError, ErrSigningForbidden,
// *FormatError. A request checks with it, so that an approval is never
// spent on a stamp that cannot be placed.
func (p *Package) CheckStamp(doc, page int, cx, cy, w, h float64) error {
	_, err := p.target(doc, page, cx, cy, w, h)
	return err
}

func (p *Package) target(doc, page int, cx, cy, w, h float64) (*target, error) {
	root, err := p.root()
	if err != nil {
		return nil, err
	}
	if doc < 0 || doc >= len(root.DocBodies) {
		return nil, fmt.Errorf("ofd: document %d out of range (the package has %d)", doc, len(root.DocBodies))
	}
	// Existing signatures must read as Verify reads them: a package whose
	// signature parts are broken is not stamped further.
	for _, b := range root.DocBodies {
		if _, err := p.signatures(b.Signatures); err != nil {
			return nil, err
		}
	}
	docName, _, err := p.part("OFD.xml", root.DocBodies[doc].DocRoot, "DocRoot")
	if err != nil {
		return nil, err
	}
	var d documentXML
	if err := decodeXML(docName, p.files[docName], &d); err != nil {
		return nil, err
	}
	if v := strings.TrimSpace(d.Permissions.Signature); v == "false" || v == "0" {
		return nil, ErrSigningForbidden
	}
	pageID, pageMM, err := p.pageBox(docName, page)
	if err != nil {
		return nil, err
	}
	box := [4]float64{round2(cx - w/2), round2(cy - h/2), w, h}
	if box[0] < 0 || box[1] < 0 || box[0]+w > pageMM[0]+0.005 || box[1]+h > pageMM[1]+0.005 {
		return nil, &PlaceError{Box: box, PageMM: pageMM}
	}
	return &target{root: root, docName: docName, pageID: pageID, box: box}, nil
}
