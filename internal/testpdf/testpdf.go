// Package testpdf writes small, valid PDF files for tests: any number of pages,
// rotated or cropped pages, a classic cross-reference table or a
// cross-reference stream. The files are plain enough for every independent
// checker (qpdf, pdfsig, mutool, PDFium) to read. Only tests may import it
// (TestNotInTheProduct); the demo workspace's contract, which it wrote once,
// is embedded as assets.DemoContract.
package testpdf

import (
	"bytes"
	"fmt"
	"strings"
)

// Page describes one page. Zero values mean an upright A4 page.
type Page struct {
	Width, Height float64    // media box size in points (default A4, 595.276×841.89)
	Rotate        int        // /Rotate, degrees clockwise
	CropBox       [4]float64 // optional /CropBox; all zero means none
	Lines         []string   // text lines (Latin-1) drawn top-down in Helvetica
}

// Options describes a document.
type Options struct {
	Pages      []Page
	Title      string
	XRefStream bool // write a cross-reference stream (PDF 1.5) instead of a table
}

// A4 is the size of an A4 page in points.
const A4W, A4H = 595.276, 841.89

// Simple returns an upright A4 document of n pages, each saying which page it is.
func Simple(n int) []byte {
	pages := make([]Page, n)
	for i := range pages {
		pages[i].Lines = []string{fmt.Sprintf("SealDesk test document - page %d of %d", i+1, n), "This page is left for a seal."}
	}
	return New(Options{Pages: pages, Title: "SealDesk test document"})
}

// New writes the document described by o.
func New(o Options) []byte {
	if len(o.Pages) == 0 {
		o.Pages = []Page{{}}
	}
	var b bytes.Buffer
	offsets := []int{0} // object 0 is the head of the free list
	obj := func(body string) int {
		offsets = append(offsets, b.Len())
		n := len(offsets) - 1
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
		return n
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	// Fixed numbers: 1 catalog, 2 pages, 3 font, 4 info; pages follow.
	n := len(o.Pages)
	kids := make([]string, n)
	for i := range o.Pages {
		kids[i] = fmt.Sprintf("%d 0 R", 5+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	title := o.Title
	if title == "" {
		title = "SealDesk test document"
	}
	obj(fmt.Sprintf("<< /Title (%s) /Producer (SealDesk testpdf) >>", escape(title)))
	for i, p := range o.Pages {
		w, h := p.Width, p.Height
		if w == 0 || h == 0 {
			w, h = A4W, A4H
		}
		extra := ""
		if p.Rotate != 0 {
			extra += fmt.Sprintf(" /Rotate %d", p.Rotate)
		}
		if p.CropBox != [4]float64{} {
			extra += fmt.Sprintf(" /CropBox [%s %s %s %s]", num(p.CropBox[0]), num(p.CropBox[1]), num(p.CropBox[2]), num(p.CropBox[3]))
		}
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s]%s /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>",
			num(w), num(h), extra, 6+2*i))
		var c strings.Builder
		c.WriteString("BT /F1 12 Tf 14 TL\n")
		fmt.Fprintf(&c, "50 %s Td\n", num(h-60))
		for _, l := range p.Lines {
			fmt.Fprintf(&c, "(%s) '\n", escape(l))
		}
		c.WriteString("ET\n")
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.String()))
	}
	size := len(offsets)
	id := fmt.Sprintf("<%032x>", uint64(n)*0x9e3779b97f4a7c15+uint64(len(title)))
	if o.XRefStream {
		xrefAt := b.Len()
		offsets = append(offsets, xrefAt)
		size++
		var rows bytes.Buffer
		for i, off := range offsets {
			if i == 0 {
				rows.Write([]byte{0, 0, 0, 0, 0xff, 0xff})
				continue
			}
			rows.Write([]byte{1, byte(off >> 24), byte(off >> 16), byte(off >> 8), byte(off), 0})
		}
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Root 1 0 R /Info 4 0 R /ID [%s %s] /Length %d >>\nstream\n",
			size-1, size, id, id, rows.Len())
		b.Write(rows.Bytes())
		b.WriteString("\nendstream\nendobj\n")
		fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xrefAt)
		return b.Bytes()
	}
	xrefAt := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", size)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n", size, id, id, xrefAt)
	return b.Bytes()
}

func num(f float64) string {
	s := fmt.Sprintf("%.3f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}
