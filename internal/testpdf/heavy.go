package testpdf

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// Heavy returns an upright A4 document of n pages, each drawing its own
// picture of about imageBytes bytes (uncompressed 8-bit RGB noise, so no
// reader can skip the work by decompressing little) under a line of text:
// 200 pages of 250 000 bytes make the 50 MB "scanned contract" of the speed
// benchmarks. The noise is fixed, so every call returns the same bytes.
func Heavy(n, imageBytes int) []byte {
	side := int(math.Sqrt(float64(imageBytes) / 3))
	if side < 1 {
		side = 1
	}
	var b bytes.Buffer
	b.Grow(n * (3*side*side + 600))
	offsets := []int{0}
	start := func() int {
		offsets = append(offsets, b.Len())
		n := len(offsets) - 1
		fmt.Fprintf(&b, "%d 0 obj\n", n)
		return n
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", 4+3*i)
	}
	start()
	b.WriteString("<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	start()
	fmt.Fprintf(&b, "<< /Type /Pages /Count %d /Kids [%s] >>\nendobj\n", n, strings.Join(kids, " "))
	start()
	b.WriteString("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n")
	x := uint64(0x9e3779b97f4a7c15)
	pix := make([]byte, 3*side*side)
	for i := 0; i < n; i++ {
		start()
		fmt.Fprintf(&b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>\nendobj\n",
			num(A4W), num(A4H), 6+3*i, 5+3*i)
		content := fmt.Sprintf("q 495 0 0 495 50 250 cm /Im1 Do Q\nBT /F1 12 Tf 50 %s Td (SealDesk heavy test document - page %d of %d) Tj ET\n", num(A4H-60), i+1, n)
		start()
		fmt.Fprintf(&b, "<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
		for j := range pix {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			pix[j] = byte(x)
		}
		start()
		fmt.Fprintf(&b, "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length %d >>\nstream\n", side, side, len(pix))
		b.Write(pix)
		b.WriteString("\nendstream\nendobj\n")
	}
	xrefAt := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets), xrefAt)
	return b.Bytes()
}
