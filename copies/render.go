package copies

import (
	"bufio"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"strings"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"sealdesk/assets"
	"sealdesk/pdfview"
)

// SealMark is where a seal sits on the original, so the copy mark can cover it.
type SealMark struct {
	Page int          // 1-based
	Rect pdfview.Rect // default user space
}

// Options describe one copy.
type Options struct {
	Payload   Payload
	Seals     []SealMark
	DPI       float64 // rendering resolution; default 150
	GreySeals bool    // draw seals in grey instead of as they look on screen
	Host      string  // workstation name printed in the footer
}

// bandMM is the height of the band added under every page for the copy marks
// and the QR code, so the marks never cover the document's own content.
const bandMM = 32

// Write renders every page of doc (a PDF or an OFD: pdfview.Pages) with the
// copy marks into a new PDF on w.
func Write(ctx context.Context, doc pdfview.Pages, o Options, w io.Writer) error {
	if o.DPI == 0 {
		o.DPI = 150
	}
	faces, err := loadFaces(o.DPI)
	if err != nil {
		return err
	}
	pw := newImagePDF(w)
	for i := 0; i < doc.PageCount(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := doc.Page(i)
		if err != nil {
			return fmt.Errorf("read page %d: %w", i+1, err)
		}
		img, err := doc.Render(ctx, i, o.DPI)
		if err != nil {
			return fmt.Errorf("render page %d: %w", i+1, err)
		}
		out := composePage(img, page, i+1, o, faces)
		if err := pw.addPage(out, o.DPI); err != nil {
			return err
		}
	}
	return pw.finish(fmt.Sprintf("复印件 %d/%d", o.Payload.Copy, o.Payload.Of), o.Payload.Printed)
}

type faceSet struct{ cjk, latin, cjkBig, latinBig, cjkMark, latinMark font.Face }

func loadFaces(dpi float64) (*faceSet, error) {
	cjk, err := opentype.Parse(assets.CJKFont)
	if err != nil {
		return nil, fmt.Errorf("load CJK font: %w", err)
	}
	latin, err := opentype.Parse(assets.LatinFont)
	if err != nil {
		return nil, fmt.Errorf("load Latin font: %w", err)
	}
	face := func(f *opentype.Font, pt float64) font.Face {
		fc, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: pt, DPI: dpi, Hinting: font.HintingNone})
		return fc
	}
	return &faceSet{face(cjk, 9), face(latin, 9), face(cjk, 16), face(latin, 16), face(cjk, 14), face(latin, 14)}, nil
}

// drawText draws s at (x, baseline y) in c, taking CJK glyphs from the bundled
// CJK font and the rest from the Latin one, and returns the advance.
func drawText(dst draw.Image, s string, x, y int, cjk, latin font.Face, c color.Color) int {
	dot := fixed.P(x, y)
	src := image.NewUniform(c)
	for _, r := range s {
		f := latin
		if r > 0x2000 {
			f = cjk
		}
		dr, mask, mp, adv, ok := f.Glyph(dot, r)
		if ok {
			draw.DrawMask(dst, dr, src, image.Point{}, mask, mp, draw.Over)
		}
		dot.X += adv
	}
	return (dot.X.Ceil()) - x
}

func mmToPx(mm, dpi float64) int { return int(math.Round(mm / 25.4 * dpi)) }

// composePage returns the page image with the seal marks and the band below it.
func composePage(src *image.RGBA, page pdfview.Page, pageNo int, o Options, f *faceSet) *image.RGBA {
	b := src.Bounds()
	band := mmToPx(bandMM, o.DPI)
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()+band))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, b.Sub(b.Min), src, b.Min, draw.Src)
	if o.GreySeals {
		greyRed(out, image.Rect(0, 0, b.Dx(), b.Dy()))
	}
	markColor := color.NRGBA{0x1f, 0x3a, 0x8a, 0xd0}
	for _, s := range o.Seals {
		if s.Page != pageNo {
			continue
		}
		x0, y0 := page.UserToDisplay(s.Rect.LLX, s.Rect.LLY)
		x1, y1 := page.UserToDisplay(s.Rect.URX, s.Rect.URY)
		r := image.Rect(mmToPx(math.Min(x0, x1), o.DPI), mmToPx(math.Min(y0, y1), o.DPI), mmToPx(math.Max(x0, x1), o.DPI), mmToPx(math.Max(y0, y1), o.DPI))
		// "复印件" across the seal, as a copy stamp over it.
		text := "复印件"
		w := font.MeasureString(f.cjkMark, text).Ceil()
		cx, cy := (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2
		pad := mmToPx(1.2, o.DPI)
		box := image.Rect(cx-w/2-pad, cy-f.cjkMark.Metrics().Ascent.Ceil()/2-pad*2, cx+w/2+pad, cy+f.cjkMark.Metrics().Ascent.Ceil()/2+pad)
		strokeRect(out, box, mmToPx(0.4, o.DPI), markColor)
		drawText(out, text, cx-w/2, cy+f.cjkMark.Metrics().Ascent.Ceil()/2-pad/2, f.cjkMark, f.latinMark, markColor)
	}

	// The band: a rule, the copy mark, when and where it was printed, and the QR code.
	top := b.Dy()
	ink := color.NRGBA{0x20, 0x20, 0x20, 0xff}
	for x := mmToPx(8, o.DPI); x < b.Dx()-mmToPx(8, o.DPI); x++ {
		out.Set(x, top+mmToPx(2, o.DPI), color.NRGBA{0x80, 0x80, 0x80, 0xff})
	}
	p := o.Payload
	left := mmToPx(10, o.DPI)
	line := mmToPx(5.2, o.DPI)
	y := top + mmToPx(10, o.DPI)
	drawText(out, fmt.Sprintf("复印件 第 %d / %d 份", p.Copy, p.Of), left, y, f.cjkBig, f.latinBig, color.NRGBA{0xb0, 0x10, 0x10, 0xff})
	y += line + mmToPx(1, o.DPI)
	host := o.Host
	if host == "" {
		host = "-"
	}
	drawText(out, fmt.Sprintf("打印时间 %s   工作站 %s (%s)", p.Printed.Local().Format("2006-01-02 15:04"), p.Workstation, host), left, y, f.cjk, f.latin, ink)
	y += line
	drawText(out, fmt.Sprintf("打印申请 %s   第 %d 页", p.Request, pageNo), left, y, f.cjk, f.latin, ink)
	y += line
	drawText(out, "原件 SM3 "+strings.ToLower(p.DocHash[:32])+"…", left, y, f.cjk, f.latin, ink)

	if q, err := qrImage(p.String(), 1); err == nil {
		side := mmToPx(bandMM-5, o.DPI)
		scale := side / q.Bounds().Dx()
		if scale < 1 {
			scale = 1
		}
		q, _ = qrImage(p.String(), scale)
		at := image.Pt(b.Dx()-mmToPx(8, o.DPI)-q.Bounds().Dx(), top+mmToPx(3.5, o.DPI))
		draw.Draw(out, q.Bounds().Add(at), q, image.Point{}, draw.Src)
	}
	return out
}

// greyRed turns seal-red pixels grey, keeping their darkness.
func greyRed(img *image.RGBA, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)-int(c.G) > 40 && int(c.R)-int(c.B) > 40 {
				l := uint8((299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000)
				img.SetRGBA(x, y, color.RGBA{l, l, l, 0xff})
			}
		}
	}
}

func strokeRect(img *image.RGBA, r image.Rectangle, w int, c color.Color) {
	src := image.NewUniform(c)
	for _, s := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y), image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(img, s, src, image.Point{}, draw.Over)
	}
}

// imagePDF writes a PDF whose pages are single images, streaming page by page.
type imagePDF struct {
	w       *countWriter
	offsets []int64
	pages   []int
}

type countWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func newImagePDF(w io.Writer) *imagePDF {
	p := &imagePDF{w: &countWriter{w: bufio.NewWriterSize(w, 1<<20)}, offsets: []int64{0, 0, 0}}
	fmt.Fprint(p.w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return p
}

// obj starts object n at the current offset.
func (p *imagePDF) obj(n int) {
	for len(p.offsets) <= n {
		p.offsets = append(p.offsets, 0)
	}
	p.offsets[n] = p.w.n
	fmt.Fprintf(p.w, "%d 0 obj\n", n)
}

func (p *imagePDF) addPage(img *image.RGBA, dpi float64) error {
	// Objects 1 (catalog) and 2 (pages) are written last; each page takes three.
	n := len(p.offsets)
	if n < 3 {
		n = 3
	}
	b := img.Bounds()
	wPt, hPt := float64(b.Dx())/dpi*72, float64(b.Dy())/dpi*72
	var data strings.Builder
	zw := zlib.NewWriter(&data)
	row := make([]byte, 3*b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := 0; x < b.Dx(); x++ {
			c := img.RGBAAt(b.Min.X+x, y)
			row[3*x], row[3*x+1], row[3*x+2] = c.R, c.G, c.B
		}
		zw.Write(row)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	p.obj(n)
	fmt.Fprintf(p.w, "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n",
		b.Dx(), b.Dy(), data.Len())
	io.WriteString(p.w, data.String())
	fmt.Fprint(p.w, "\nendstream\nendobj\n")
	content := fmt.Sprintf("q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q", wPt, hPt)
	p.obj(n + 1)
	fmt.Fprintf(p.w, "<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	p.obj(n + 2)
	fmt.Fprintf(p.w, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>\nendobj\n",
		wPt, hPt, n, n+1)
	p.pages = append(p.pages, n+2)
	return nil
}

func (p *imagePDF) finish(title string, created time.Time) error {
	kids := make([]string, len(p.pages))
	for i, k := range p.pages {
		kids[i] = fmt.Sprintf("%d 0 R", k)
	}
	p.obj(1)
	fmt.Fprint(p.w, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	p.obj(2)
	fmt.Fprintf(p.w, "<< /Type /Pages /Count %d /Kids [%s] >>\nendobj\n", len(p.pages), strings.Join(kids, " "))
	info := len(p.offsets)
	p.obj(info)
	fmt.Fprintf(p.w, "<< /Title <%s> /Producer (SealDesk) /CreationDate (D:%s) >>\nendobj\n", utf16Hex(title), created.UTC().Format("20060102150405Z"))
	xref := p.w.n
	fmt.Fprintf(p.w, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets))
	for _, off := range p.offsets[1:] {
		fmt.Fprintf(p.w, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(p.w, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets), info, xref)
	return p.w.w.Flush()
}

// utf16Hex encodes s as a PDF text string: UTF-16BE with a byte order mark, in hex.
func utf16Hex(s string) string {
	var b strings.Builder
	b.WriteString("FEFF")
	for _, r := range s {
		if r > 0xffff {
			r -= 0x10000
			fmt.Fprintf(&b, "%04X%04X", 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			continue
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}
