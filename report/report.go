// Package report lays out simple text documents — headings, paragraphs and
// tables that run over pages — as PDF with embedded, subset fonts, so that
// Chinese text renders and can be searched and copied on any machine
// (ISO 32000-1 §9.7: Type0 fonts with Identity-H encoding, CIDFontType2
// descendants, and a ToUnicode CMap for text extraction, §9.10).
//
// Two bundled fonts share the work: the CJK font has no Latin letters or
// digits, so each rune is drawn with the Latin font when that font has it and
// with the CJK font otherwise.
package report

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf16"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// A4 in points, and the margins.
const (
	pageW, pageH = 595.28, 841.89
	margin       = 48.0
	footerY      = 28.0
)

// face is one embedded font.
type face struct {
	name  string // resource name, e.g. F1
	data  []byte
	f     *sfnt.Font
	upem  float64
	buf   sfnt.Buffer
	used  map[uint16]rune // glyph → the rune it was used for (ToUnicode)
	width map[uint16]int  // glyph → advance in 1/1000 em
}

func newFace(name string, data []byte) (*face, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("report: read font: %w", err)
	}
	return &face{name: name, data: data, f: f, upem: float64(f.UnitsPerEm()), used: map[uint16]rune{}, width: map[uint16]int{}}, nil
}

// glyph returns r's glyph id in the face, or 0.
func (fc *face) glyph(r rune) uint16 {
	g, err := fc.f.GlyphIndex(&fc.buf, r)
	if err != nil {
		return 0
	}
	return uint16(g)
}

// advance returns a glyph's advance in 1/1000 em.
func (fc *face) advance(g uint16) int {
	if w, ok := fc.width[g]; ok {
		return w
	}
	a, err := fc.f.GlyphAdvance(&fc.buf, sfnt.GlyphIndex(g), fixed.I(int(fc.upem)), font.HintingNone)
	w := 0
	if err == nil {
		w = int(math.Round(float64(a) / 64 / fc.upem * 1000))
	}
	fc.width[g] = w
	return w
}

// Doc is a document being laid out.
type Doc struct {
	Title, Author string
	latin, cjk    *face
	pages         []*bytes.Buffer
	y             float64 // current baseline position from the top
	runes         map[rune]glyphRef
}

// glyphRef is the face and glyph a rune is drawn with.
type glyphRef struct {
	fc  *face
	g   uint16
	adv int // 1/1000 em
}

// lookup picks the face for r: the Latin font when it has the glyph, else
// the CJK font, else a question mark.
func (d *Doc) lookup(r rune) glyphRef {
	if ref, ok := d.runes[r]; ok {
		return ref
	}
	fc, g := d.latin, d.latin.glyph(r)
	if g == 0 {
		fc, g = d.cjk, d.cjk.glyph(r)
	}
	if g == 0 {
		fc, g = d.latin, d.latin.glyph('?')
	}
	ref := glyphRef{fc, g, fc.advance(g)}
	d.runes[r] = ref
	return ref
}

// New starts a document using the given TrueType fonts (Latin first).
func New(latinTTF, cjkTTF []byte) (*Doc, error) {
	latin, err := newFace("F1", latinTTF)
	if err != nil {
		return nil, err
	}
	cjk, err := newFace("F2", cjkTTF)
	if err != nil {
		return nil, err
	}
	d := &Doc{latin: latin, cjk: cjk, runes: map[rune]glyphRef{}}
	d.newPage()
	return d, nil
}

func (d *Doc) newPage() {
	d.pages = append(d.pages, &bytes.Buffer{})
	d.y = margin
}

func (d *Doc) page() *bytes.Buffer { return d.pages[len(d.pages)-1] }

// run is a piece of text in one face.
type run struct {
	fc     *face
	glyphs []uint16
}

// shape splits s into runs, choosing a face per rune.
func (d *Doc) shape(s string) []run {
	var runs []run
	for _, r := range s {
		if r == '\n' || r == '\t' {
			r = ' '
		}
		ref := d.lookup(r)
		fc, g := ref.fc, ref.g
		if fc == d.latin && g == d.latin.glyph('?') {
			r = '?'
		}
		if _, ok := fc.used[g]; !ok {
			fc.used[g] = r
		}
		if len(runs) == 0 || runs[len(runs)-1].fc != fc {
			runs = append(runs, run{fc: fc})
		}
		runs[len(runs)-1].glyphs = append(runs[len(runs)-1].glyphs, g)
	}
	return runs
}

// Width returns the width of s in points at size.
func (d *Doc) Width(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		w += d.lookup(r).adv
	}
	return float64(w) * size / 1000
}

// text draws s on the current page with its baseline at (x, y from the top).
func (d *Doc) text(x, y, size float64, c color.Color, s string) { d.textOn(d.page(), x, y, size, c, s) }

func (d *Doc) textOn(p *bytes.Buffer, x, y, size float64, c color.Color, s string) {
	if s == "" {
		return
	}
	r, g, b, _ := c.RGBA()
	fmt.Fprintf(p, "BT %.3f %.3f %.3f rg %.2f %.2f Td\n", float64(r)/65535, float64(g)/65535, float64(b)/65535, x, pageH-y)
	for _, rn := range d.shape(s) {
		fmt.Fprintf(p, "/%s %.1f Tf <", rn.fc.name, size)
		for _, gl := range rn.glyphs {
			rn.fc.advance(gl)
			fmt.Fprintf(p, "%04X", gl)
		}
		p.WriteString("> Tj\n")
	}
	p.WriteString("ET\n")
}

// wrap breaks s into lines no wider than width: at spaces where it can, and
// anywhere between CJK characters or inside a long token (hashes).
func (d *Doc) wrap(s string, size, width float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line, lw := "", 0.0 // lw: the line's width so far
		for _, r := range para {
			rw := float64(d.lookup(r).adv) * size / 1000
			if lw+rw <= width || line == "" {
				line += string(r)
				lw += rw
				continue
			}
			// Break at the last space when the line has one, else here.
			if i := strings.LastIndexByte(line, ' '); i > 0 && r != ' ' && i > len(line)/2 {
				lines = append(lines, line[:i])
				line = line[i+1:] + string(r)
				lw = d.Width(line, size)
				continue
			}
			lines = append(lines, strings.TrimRight(line, " "))
			line = strings.TrimLeft(string(r), " ")
			lw = d.Width(line, size)
		}
		lines = append(lines, line)
	}
	return lines
}

// ensure starts a new page when h points do not fit on this one.
func (d *Doc) ensure(h float64) bool {
	if d.y+h > pageH-margin-footerY {
		d.newPage()
		return true
	}
	return false
}

// Black, the ink of body text; Red for warnings; Grey for notes.
var (
	Black = color.Gray{0x10}
	Red   = color.RGBA{0xC0, 0x10, 0x10, 0xFF}
	Grey  = color.Gray{0x66}
)

// Heading adds a bold-looking heading (drawn larger; the fonts have no bold).
func (d *Doc) Heading(s string, size float64) {
	d.ensure(size * 2.4)
	d.y += size * 1.2
	d.text(margin, d.y, size, Black, s)
	d.y += size * 0.6
}

// Para adds a wrapped paragraph.
func (d *Doc) Para(s string, size float64, c color.Color) {
	lh := size * 1.45
	for _, l := range d.wrap(s, size, pageW-2*margin) {
		d.ensure(lh)
		d.y += lh
		d.text(margin, d.y, size, c, l)
	}
	d.y += size * 0.4
}

// Column is a table column: its header and its share of the width.
type Column struct {
	Title  string
	Weight float64
}

// Table adds a table; rows that do not fit go on the next page under a
// repeated header. Cells wrap.
func (d *Doc) Table(cols []Column, rows [][]string, size float64) {
	total := 0.0
	for _, c := range cols {
		total += c.Weight
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = (pageW - 2*margin) * c.Weight / total
	}
	const pad = 3.0
	lh := size * 1.35
	layout := func(cells []string) ([][]string, float64) {
		lines := make([][]string, len(cols))
		n := 1
		for i := range cols {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			lines[i] = d.wrap(s, size, widths[i]-2*pad)
			n = max(n, len(lines[i]))
		}
		return lines, float64(n)*lh + 2*pad
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Title
	}
	drawRow := func(lines [][]string, h float64, shade bool) {
		p := d.page()
		if shade {
			fmt.Fprintf(p, "0.92 g %.2f %.2f %.2f %.2f re f\n", margin, pageH-d.y-h, pageW-2*margin, h)
		}
		fmt.Fprintf(p, "0.75 G 0.4 w %.2f %.2f m %.2f %.2f l S\n", margin, pageH-d.y-h, pageW-margin, pageH-d.y-h)
		x := margin
		for i, ls := range lines {
			for j, l := range ls {
				d.text(x+pad, d.y+pad+float64(j)*lh+size, size, Black, l)
			}
			x += widths[i]
		}
		d.y += h
	}
	hl, hh := layout(header)
	d.ensure(hh + lh*2)
	drawRow(hl, hh, true)
	for _, r := range rows {
		ls, h := layout(r)
		if d.ensure(h) {
			drawRow(hl, hh, true)
		}
		drawRow(ls, h, false)
	}
	d.y += size
}

// Space adds vertical space.
func (d *Doc) Space(pt float64) { d.y += pt }

// Write finishes the document: a footer on every page made by footer(n, N),
// the fonts subset to the glyphs used, and the file written to w.
func (d *Doc) Write(w io.Writer, created time.Time, footer func(n, total int) string) error {
	for i, p := range d.pages {
		s := footer(i+1, len(d.pages))
		d.textOn(p, (pageW-d.Width(s, 8))/2, pageH-footerY+8, 8, Grey, s)
	}
	pw := &pdfWriter{w: w}
	pw.printf("%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n")
	// Object numbers: 1 catalog, 2 pages, 3 info, 4.. fonts (5 objects each), then pages (2 each).
	fontObjs := 4
	pagesStart := fontObjs + 5*2
	var kids []string
	for i := range d.pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", pagesStart+2*i))
	}
	pw.obj(1, "<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>")
	pw.obj(2, fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", len(d.pages), strings.Join(kids, " ")))
	pw.obj(3, fmt.Sprintf("<< /Title %s /Author %s /Producer (SealDesk) /CreationDate (D:%s) >>",
		utf16String(d.Title), utf16String(d.Author), created.UTC().Format("20060102150405Z")))
	for i, fc := range []*face{d.latin, d.cjk} {
		if err := pw.font(fontObjs+5*i, fc); err != nil {
			return err
		}
	}
	for i, p := range d.pages {
		n := pagesStart + 2*i
		pw.obj(n, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>",
			pageW, pageH, fontObjs, fontObjs+5, n+1))
		pw.stream(n+1, "", p.Bytes(), true)
	}
	return pw.finish(pagesStart+2*len(d.pages), 1, 3)
}

// pdfWriter writes numbered objects and the cross-reference table.
type pdfWriter struct {
	w       io.Writer
	n       int64
	offsets map[int]int64
	err     error
	z       *zlib.Writer // reused: a compressor allocates about a megabyte
	zbuf    bytes.Buffer
}

func (pw *pdfWriter) printf(format string, a ...any) {
	if pw.err != nil {
		return
	}
	k, err := fmt.Fprintf(pw.w, format, a...)
	pw.n += int64(k)
	pw.err = err
}

func (pw *pdfWriter) write(b []byte) {
	if pw.err != nil {
		return
	}
	k, err := pw.w.Write(b)
	pw.n += int64(k)
	pw.err = err
}

func (pw *pdfWriter) obj(num int, body string) {
	if pw.offsets == nil {
		pw.offsets = map[int]int64{}
	}
	pw.offsets[num] = pw.n
	pw.printf("%d 0 obj\n%s\nendobj\n", num, body)
}

func (pw *pdfWriter) stream(num int, dict string, data []byte, compress bool) {
	if compress {
		pw.zbuf.Reset()
		if pw.z == nil {
			pw.z = zlib.NewWriter(&pw.zbuf)
		} else {
			pw.z.Reset(&pw.zbuf)
		}
		pw.z.Write(data)
		pw.z.Close()
		data = pw.zbuf.Bytes()
		dict += " /Filter /FlateDecode"
	}
	if pw.offsets == nil {
		pw.offsets = map[int]int64{}
	}
	pw.offsets[num] = pw.n
	pw.printf("%d 0 obj\n<< /Length %d%s >>\nstream\n", num, len(data), dict)
	pw.write(data)
	pw.printf("\nendstream\nendobj\n")
}

// font writes a Type0 font and its parts as objects num..num+4.
func (pw *pdfWriter) font(num int, fc *face) error {
	keep := map[uint16]bool{}
	for g := range fc.used {
		keep[g] = true
	}
	sub, err := subsetTrueType(fc.data, keep)
	if err != nil {
		return err
	}
	// A subset's name carries a six-letter tag (ISO 32000 §9.6.4).
	tag := subsetTag(fc.name, keep)
	base := tag + "+SealDesk" + fc.name
	gids := make([]int, 0, len(fc.used))
	for g := range fc.used {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	var wArr strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&wArr, "%d [%d] ", g, fc.advance(uint16(g)))
	}
	bounds, _ := fc.f.Bounds(&fc.buf, fixed.I(1000), font.HintingNone)
	bbox := fmt.Sprintf("[%d %d %d %d]", bounds.Min.X.Round(), -bounds.Max.Y.Round(), bounds.Max.X.Round(), -bounds.Min.Y.Round())
	pw.obj(num, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", base, num+1, num+4))
	pw.obj(num+1, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 1000 /W [%s] >>",
		base, num+2, wArr.String()))
	pw.obj(num+2, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox %s /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 /FontFile2 %d 0 R >>", base, bbox, num+3))
	pw.stream(num+3, fmt.Sprintf(" /Length1 %d", len(sub)), sub, true)
	pw.stream(num+4, "", toUnicode(fc.used), true)
	return pw.err
}

func subsetTag(name string, keep map[uint16]bool) string {
	h := uint32(2166136261)
	for _, c := range name {
		h = (h ^ uint32(c)) * 16777619
	}
	ks := make([]int, 0, len(keep))
	for g := range keep {
		ks = append(ks, int(g))
	}
	sort.Ints(ks)
	for _, g := range ks {
		h = (h ^ uint32(g)) * 16777619
	}
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(h%26)
		h /= 26
	}
	return string(tag)
}

// toUnicode is the CMap that maps each glyph id back to its text.
func toUnicode(used map[uint16]rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	gids := make([]int, 0, len(used))
	for g := range used {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	for len(gids) > 0 {
		n := min(100, len(gids))
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, g := range gids[:n] {
			fmt.Fprintf(&b, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune{used[uint16(g)]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		gids = gids[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

func (pw *pdfWriter) finish(size, root, info int) error {
	xref := pw.n
	pw.printf("xref\n0 %d\n0000000000 65535 f \n", size)
	for i := 1; i < size; i++ {
		off, ok := pw.offsets[i]
		if !ok {
			pw.printf("0000000000 65535 f \n")
			continue
		}
		pw.printf("%010d 00000 n \n", off)
	}
	pw.printf("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", size, root, info, xref)
	if pw.err != nil {
		return fmt.Errorf("report: write PDF: %w", pw.err)
	}
	return nil
}

// utf16String is a PDF text string in UTF-16BE with a byte-order mark.
func utf16String(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
