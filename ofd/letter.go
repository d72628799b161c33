package ofd

// Writing a short official document (公文) as a new OFD package, laid out
// after GB/T 9704-2012: A4, a 156 × 225 mm text area 37 mm from the top and
// 28 mm from the left, a red issuing-organ mark and rule, a centred title, a
// body of 28 characters per line with a two-character indent, and the
// issuing organ and date to the right. Its text is drawn with fonts the
// reader supplies (宋体, 仿宋), as most 公文 are exchanged.

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Letter is the content of a short official document.
type Letter struct {
	Header  string   // issuing-organ mark (发文机关标志), drawn red, e.g. "某某市人民政府办公室"
	Number  string   // document number (发文字号), e.g. "某政办发〔2026〕1号"
	Title   string   // title (标题)
	Body    []string // paragraphs (正文)
	Closing []string // right-aligned lines: the issuing organ, the date
}

// Layout of GB/T 9704 §5.2, §7 in mm.
const (
	letterLeft, letterTop, letterWidth, letterBottom = 28.0, 37.0, 156.0, 37.0 + 225.0
	bodySize, bodyPitch                              = 5.6, 10.0 // 三号 (16 pt), 22 lines per page
	titleSize, headerSize                            = 7.8, 11.0 // 二号 (22 pt), the mark larger
)

// WriteLetter writes l as a new OFD package to w.
func WriteLetter(w io.Writer, l Letter) error {
	if strings.TrimSpace(l.Title) == "" || len(l.Body) == 0 {
		return errors.New("ofd: a letter needs a title and a body")
	}
	var pages []*strings.Builder
	page := &strings.Builder{}
	pages = append(pages, page)
	id := 10
	y := letterTop + 20
	newPage := func() {
		page = &strings.Builder{}
		pages = append(pages, page)
		y = letterTop + bodySize
	}
	text := func(s string, x, y, size float64, red bool) {
		id++
		color := ""
		if red {
			color = `<ofd:FillColor Value="230 0 0"/>`
		}
		font := "3"
		if size > bodySize {
			font = "2"
		}
		var dx []string
		runes := []rune(s)
		for i := 0; i+1 < len(runes); i++ {
			dx = append(dx, num(charWidth(runes[i], size)))
		}
		fmt.Fprintf(page, `<ofd:TextObject ID="%d" Boundary="%s %s %s %s" Font="%s" Size="%s">%s<ofd:TextCode X="0" Y="%s" DeltaX="%s">%s</ofd:TextCode></ofd:TextObject>`,
			id, num(x), num(y-size), num(textWidth(s, size)+size), num(size*1.4), font, num(size), color, num(size), strings.Join(dx, " "), xmlAttr(s))
	}
	centred := func(s string, size float64, red bool) {
		for _, line := range wrap(s, size, letterWidth) {
			text(line, letterLeft+(letterWidth-textWidth(line, size))/2, y, size, red)
			y += size * 1.6
		}
	}
	if l.Header != "" {
		y = letterTop + 20
		centred(l.Header, headerSize, true)
	}
	if l.Number != "" {
		y += 6
		centred(l.Number, bodySize, false)
	}
	if l.Header != "" || l.Number != "" {
		id++
		fmt.Fprintf(page, `<ofd:PathObject ID="%d" Boundary="%s %s %s 1" LineWidth="0.6"><ofd:StrokeColor Value="230 0 0"/><ofd:AbbreviatedData>M 0 0.5 L %s 0.5</ofd:AbbreviatedData></ofd:PathObject>`,
			id, num(letterLeft), num(y-2), num(letterWidth), num(letterWidth))
		y += 14
	}
	centred(l.Title, titleSize, false)
	y += bodyPitch - bodySize
	for _, para := range l.Body {
		for _, line := range wrap("\u3000\u3000"+strings.TrimSpace(para), bodySize, letterWidth) {
			if y > letterBottom {
				newPage()
			}
			text(line, letterLeft, y, bodySize, false)
			y += bodyPitch
		}
	}
	y += bodyPitch
	for _, line := range l.Closing {
		if y > letterBottom {
			newPage()
		}
		text(line, letterLeft+letterWidth-textWidth(line, bodySize)-4*bodySize, y, bodySize, false)
		y += bodyPitch
	}

	zw := zip.NewWriter(w)
	put := func(name, body string) error {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+body)
		return err
	}
	const ns = `xmlns:ofd="http://www.ofdspec.org/2016"`
	// Every ID is unique in the document (GB/T 33190 §7.5): fonts 2 and 3,
	// objects from 11, then one layer and one page ID per page.
	layerID := func(i int) int { return id + 1 + i }
	pageID := func(i int) int { return id + 1 + len(pages) + i }
	maxID := pageID(len(pages) - 1)
	var pageList strings.Builder
	for i := range pages {
		fmt.Fprintf(&pageList, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, pageID(i), i)
	}
	files := [][2]string{
		{"OFD.xml", `<ofd:OFD ` + ns + ` Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>` + docID(l) + `</ofd:DocID><ofd:Title>` + xmlAttr(l.Title) + `</ofd:Title><ofd:Creator>SealDesk</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`},
		{"Doc_0/Document.xml", `<ofd:Document ` + ns + `><ofd:CommonData><ofd:MaxUnitID>` + strconv.Itoa(maxID) + `</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>` + pageList.String() + `</ofd:Pages></ofd:Document>`},
		{"Doc_0/PublicRes.xml", `<ofd:Res ` + ns + ` BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/><ofd:Font ID="3" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>`},
	}
	for i, p := range pages {
		files = append(files, [2]string{fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i),
			`<ofd:Page ` + ns + `><ofd:Content><ofd:Layer ID="` + strconv.Itoa(layerID(i)) + `">` + p.String() + `</ofd:Layer></ofd:Content></ofd:Page>`})
	}
	for _, f := range files {
		if err := put(f[0], f[1]); err != nil {
			return fmt.Errorf("write letter: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write letter: %w", err)
	}
	return nil
}

// charWidth is the advance of a character: full width for CJK and
// full-width forms, half for ASCII, as 公文 fonts set them.
func charWidth(r rune, size float64) float64 {
	if r < 0x80 || r >= 0xff61 && r <= 0xff9f {
		return size / 2
	}
	return size
}

func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += charWidth(r, size)
	}
	return w
}

// wrap breaks s into lines at most width wide, character by character, as
// Chinese text breaks (a closing punctuation mark stays on its line).
func wrap(s string, size, width float64) []string {
	var lines []string
	var cur []rune
	w := 0.0
	for _, r := range s {
		cw := charWidth(r, size)
		if w+cw > width+0.01 && len(cur) > 0 && !strings.ContainsRune("，。、；：？！）》」』”", r) {
			lines = append(lines, string(cur))
			cur, w = nil, 0
		}
		cur = append(cur, r)
		w += cw
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// docID is a stable identifier derived from the content.
func docID(l Letter) string {
	h := uint64(14695981039346656037)
	for _, s := range append(append([]string{l.Header, l.Number, l.Title}, l.Body...), l.Closing...) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 1099511628211
		}
	}
	return fmt.Sprintf("%016x%016x", h, h*31+uint64(utf8.RuneCountInString(l.Title)))
}
