package ofd

// A minimal page renderer for preview (GB/T 33190 §8–§13): templates, path
// objects, text with the bundled CJK font (embedded fonts when they parse),
// images, page blocks, annotation appearances and the seal pictures of stamp
// annotations. What it cannot draw (JBIG2 images, composite objects,
// clipping, shadings, patterns) is marked on the page and listed in Notes,
// never silently dropped.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // seal pictures and page images
	_ "image/jpeg"
	_ "image/png"
	"math"
	"strconv"
	"strings"
	"sync"

	_ "golang.org/x/image/bmp"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"

	"sealdesk/assets"
	"sealdesk/seal"
)

// RenderOptions choose the page and the resolution.
type RenderOptions struct {
	Doc  int     // document index in OFD.xml
	Page int     // 1-based page index
	DPI  float64 // pixels per inch; zero means 96
}

// Rendered is a drawn page.
type Rendered struct {
	Image             *image.RGBA
	WidthMM, HeightMM float64
	// Notes lists what was not drawn, each also marked on the page.
	Notes []string
}

// maxRenderDepth bounds nesting: page blocks, and seal pictures that are
// themselves OFD packages (tax seals) holding seals in turn.
const maxRenderDepth = 8

// maxRenderPixels bounds the image size (about 300 dpi on A3).
const maxRenderPixels = 40_000_000

// node is a generic XML element of page content.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) child(name string) *node {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

// RenderPage draws one page of the package.
func (p *Package) RenderPage(o RenderOptions) (*Rendered, error) {
	return p.renderPage(o, 0)
}

func (p *Package) renderPage(o RenderOptions, depth int) (*Rendered, error) {
	root, err := p.root()
	if err != nil {
		return nil, err
	}
	if o.Doc < 0 || o.Doc >= len(root.DocBodies) {
		return nil, fmt.Errorf("ofd: document %d out of range (the package has %d)", o.Doc, len(root.DocBodies))
	}
	docName, docBytes, err := p.part("OFD.xml", root.DocBodies[o.Doc].DocRoot, "DocRoot")
	if err != nil {
		return nil, err
	}
	var doc node
	if err := decodeXML(docName, docBytes, &doc); err != nil {
		return nil, err
	}
	pageID, size, err := p.pageBox(docName, o.Page)
	if err != nil {
		return nil, err
	}
	dpi := o.DPI
	if dpi <= 0 {
		dpi = 96
	}
	scale := dpi / 25.4
	w, h := int(math.Ceil(size[0]*scale)), int(math.Ceil(size[1]*scale))
	if w <= 0 || h <= 0 || w*h > maxRenderPixels {
		return nil, partErr(docName, ErrTooLarge, "page %d at %g dpi would be %d×%d pixels", o.Page, dpi, w, h)
	}
	r := &renderer{p: p, img: image.NewRGBA(image.Rect(0, 0, w, h)), depth: depth,
		res: resources{fonts: map[string]*sfnt.Font{}, params: map[string]*node{}, media: map[string]string{}}}
	draw.Draw(r.img, r.img.Bounds(), image.White, image.Point{}, draw.Src)
	page := matrix{scale, 0, 0, scale, 0, 0}

	common := doc.child("CommonData")
	if common != nil {
		for _, n := range common.Nodes {
			if n.XMLName.Local == "PublicRes" || n.XMLName.Local == "DocumentRes" {
				r.loadRes(docName, n.Text)
			}
		}
	}
	pageName, pageBytes, err := p.pageLoc(docName, &doc, o.Page)
	if err != nil {
		return nil, err
	}
	var content node
	if err := decodeXML(pageName, pageBytes, &content); err != nil {
		return nil, err
	}
	for _, n := range content.Nodes {
		if n.XMLName.Local == "PageRes" {
			r.loadRes(pageName, n.Text)
		}
	}
	// Templates: background ones first, foreground ones after the content.
	var fore []string
	for _, t := range content.Nodes {
		if t.XMLName.Local != "Template" {
			continue
		}
		if t.attr("ZOrder") == "Foreground" {
			fore = append(fore, t.attr("TemplateID"))
			continue
		}
		r.template(docName, common, t.attr("TemplateID"), page)
	}
	if c := content.child("Content"); c != nil {
		r.layers(pageName, c, page)
	}
	for _, id := range fore {
		r.template(docName, common, id, page)
	}
	r.annotations(docName, &doc, pageID, page)
	r.stamps(root.DocBodies[o.Doc].Signatures, pageID, page)
	return &Rendered{Image: r.img, WidthMM: size[0], HeightMM: size[1], Notes: r.notes}, nil
}

// pageLoc returns the page's content part.
func (p *Package) pageLoc(docName string, doc *node, page int) (string, []byte, error) {
	i := 0
	if pages := doc.child("Pages"); pages != nil {
		for _, n := range pages.Nodes {
			if n.XMLName.Local != "Page" {
				continue
			}
			if i++; i == page {
				return p.part(docName, n.attr("BaseLoc"), "Page")
			}
		}
	}
	return "", nil, &PageError{Page: page, Count: i}
}

type resources struct {
	fonts  map[string]*sfnt.Font // embedded fonts that parsed
	params map[string]*node      // DrawParam by ID
	media  map[string]string     // MultiMedia ID → package path of its file
	format map[string]string
}

type renderer struct {
	p     *Package
	img   *image.RGBA
	res   resources
	notes []string
	depth int
	buf   sfnt.Buffer
}

// loadRes reads a resource file (GB/T 33190 §7.9): its BaseLoc is the folder
// of the files it names, relative to itself.
func (r *renderer) loadRes(base, loc string) {
	name, b, err := r.p.part(base, loc, "resource")
	if err != nil {
		r.note("resource file %s missing", loc)
		return
	}
	var res node
	if decodeXML(name, b, &res) != nil {
		r.note("resource file %s unreadable", name)
		return
	}
	folder := res.attr("BaseLoc")
	fileOf := func(f string) string {
		loc := f
		if !strings.HasPrefix(f, "/") && folder != "" {
			loc = strings.TrimSuffix(folder, "/") + "/" + f
		}
		n, err := resolve(name, loc)
		if err != nil {
			return ""
		}
		if _, ok := r.p.files[n]; !ok {
			// Producers disagree whether BaseLoc applies; try without it.
			if n2, err := resolve(name, f); err == nil {
				if _, ok := r.p.files[n2]; ok {
					return n2
				}
			}
		}
		return n
	}
	if r.res.format == nil {
		r.res.format = map[string]string{}
	}
	for _, group := range res.Nodes {
		for i := range group.Nodes {
			n := &group.Nodes[i]
			id := n.attr("ID")
			switch n.XMLName.Local {
			case "DrawParam":
				r.res.params[id] = n
			case "MultiMedia":
				if f := n.child("MediaFile"); f != nil {
					r.res.media[id] = fileOf(strings.TrimSpace(f.Text))
					r.res.format[id] = strings.ToUpper(n.attr("Format"))
				}
			case "Font":
				if f := n.child("FontFile"); f != nil {
					if b, ok := r.p.files[fileOf(strings.TrimSpace(f.Text))]; ok {
						if ft, err := opentype.Parse(b); err == nil {
							r.res.fonts[id] = ft
						}
					}
				}
			}
		}
	}
}

func (r *renderer) note(format string, a ...any) {
	s := fmt.Sprintf(format, a...)
	for _, n := range r.notes {
		if n == s {
			return
		}
	}
	r.notes = append(r.notes, s)
}

func (r *renderer) template(docName string, common *node, id string, m matrix) {
	if common == nil {
		return
	}
	for _, t := range common.Nodes {
		if t.XMLName.Local != "TemplatePage" || t.attr("ID") != id {
			continue
		}
		name, b, err := r.p.part(docName, t.attr("BaseLoc"), "TemplatePage")
		if err != nil {
			r.note("template %s missing", id)
			return
		}
		var tp node
		if decodeXML(name, b, &tp) != nil {
			r.note("template %s unreadable", id)
			return
		}
		if c := tp.child("Content"); c != nil {
			r.layers(name, c, m)
		}
		return
	}
	r.note("template %s not found", id)
}

func (r *renderer) layers(base string, content *node, m matrix) {
	for i := range content.Nodes {
		l := &content.Nodes[i]
		if l.XMLName.Local == "Layer" {
			r.objects(base, l, m, r.params(l.attr("DrawParam")), 0)
		}
	}
}

// style is the graphic state that DrawParam and objects set.
type style struct {
	fill, stroke color.NRGBA
	lineWidth    float64
}

var defaultStyle = style{fill: color.NRGBA{A: 255}, stroke: color.NRGBA{A: 255}, lineWidth: 0.353}

// params resolves a DrawParam chain (Relative) into a style.
func (r *renderer) params(id string) style {
	s := defaultStyle
	var chain []*node
	for seen := 0; id != "" && seen < 16; seen++ {
		n, ok := r.res.params[id]
		if !ok {
			break
		}
		chain = append(chain, n)
		id = n.attr("Relative")
	}
	for i := len(chain) - 1; i >= 0; i-- {
		s = applyStyle(s, chain[i])
	}
	return s
}

func applyStyle(s style, n *node) style {
	if v, err := strconv.ParseFloat(n.attr("LineWidth"), 64); err == nil && v >= 0 {
		s.lineWidth = v
	}
	if c := n.child("FillColor"); c != nil {
		s.fill = parseColor(c, s.fill)
	}
	if c := n.child("StrokeColor"); c != nil {
		s.stroke = parseColor(c, s.stroke)
	}
	return s
}

// parseColor reads CT_Color: Value "r g b" (or gray, or CMYK), Alpha 0–255.
func parseColor(n *node, def color.NRGBA) color.NRGBA {
	c := def
	f := strings.Fields(n.attr("Value"))
	v := make([]float64, len(f))
	for i, x := range f {
		if strings.HasPrefix(x, "#") {
			u, _ := strconv.ParseUint(x[1:], 16, 8)
			v[i] = float64(u)
			continue
		}
		v[i], _ = strconv.ParseFloat(x, 64)
	}
	clamp := func(x float64) uint8 { return uint8(math.Max(0, math.Min(255, x))) }
	switch len(v) {
	case 1:
		c.R, c.G, c.B = clamp(v[0]), clamp(v[0]), clamp(v[0])
	case 3:
		c.R, c.G, c.B = clamp(v[0]), clamp(v[1]), clamp(v[2])
	case 4:
		k := 1 - v[3]/255
		c.R, c.G, c.B = clamp((255-v[0])*k), clamp((255-v[1])*k), clamp((255-v[2])*k)
	}
	if a, err := strconv.ParseFloat(n.attr("Alpha"), 64); err == nil {
		c.A = clamp(a)
	}
	return c
}

// objects draws the graphic units of a layer or page block.
func (r *renderer) objects(base string, parent *node, m matrix, st style, depth int) {
	if depth > maxRenderDepth {
		r.note("page blocks nested too deep")
		return
	}
	for i := range parent.Nodes {
		n := &parent.Nodes[i]
		s := st
		if id := n.attr("DrawParam"); id != "" {
			s = r.params(id)
		}
		switch n.XMLName.Local {
		case "PathObject":
			r.path(n, m, s)
		case "TextObject":
			r.text(n, m, s)
		case "ImageObject":
			r.image(n, m)
		case "PageBlock":
			r.objects(base, n, m, s, depth+1)
		case "CompositeObject":
			r.unsupported(n, m, "composite object")
		}
	}
}

// objectMatrix is the transform of a graphic unit: Boundary's origin, then CTM.
func objectMatrix(n *node, m matrix) (matrix, [4]float64) {
	box, _ := parseBox(n.attr("Boundary"))
	out := m.mul(matrix{1, 0, 0, 1, box[0], box[1]})
	if f := strings.Fields(n.attr("CTM")); len(f) == 6 {
		var c matrix
		ok := true
		for i, x := range f {
			v, err := strconv.ParseFloat(x, 64)
			ok = ok && err == nil
			c[i] = v
		}
		if ok {
			out = out.mul(c)
		}
	}
	return out, box
}

// unsupported marks on the page what is not drawn: a grey frame and a label.
func (r *renderer) unsupported(n *node, m matrix, what string) {
	r.note("%s not drawn", what)
	box, _ := parseBox(n.attr("Boundary"))
	pb := m.mul(matrix{1, 0, 0, 1, box[0], box[1]})
	var pp pathBuilder
	pp.rect(0, 0, box[2], box[3])
	r.strokePath(pp.segs, pb, 0.3, color.NRGBA{R: 160, G: 160, B: 160, A: 255})
	r.drawString("未绘制 not drawn: "+what, pb, 0, math.Min(3, math.Max(box[3]*0.6, 1.5)), math.Min(3, math.Max(box[3]*0.6, 1.5)), color.NRGBA{R: 120, G: 120, B: 120, A: 255})
}

func boolAttr(n *node, name string, def bool) bool {
	switch n.attr(name) {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	return def
}

func (r *renderer) path(n *node, m matrix, s style) {
	s = applyStyle(s, n)
	om, _ := objectMatrix(n, m)
	d := n.child("AbbreviatedData")
	if d == nil {
		return
	}
	segs := parsePath(d.Text)
	if boolAttr(n, "Fill", false) {
		r.fillPath(segs, om, s.fill)
	}
	if boolAttr(n, "Stroke", true) {
		r.strokePath(segs, om, s.lineWidth, s.stroke)
	}
}

// text draws a TextObject's TextCodes (GB/T 33190 §11.3) with DeltaX/DeltaY.
func (r *renderer) text(n *node, m matrix, s style) {
	fill := s.fill
	if c := n.child("FillColor"); c != nil {
		fill = parseColor(c, fill)
	}
	if !boolAttr(n, "Fill", true) {
		return
	}
	size, _ := strconv.ParseFloat(n.attr("Size"), 64)
	if size <= 0 {
		return
	}
	if n.attr("ReadDirection") != "" && n.attr("ReadDirection") != "0" || n.attr("CharDirection") != "" && n.attr("CharDirection") != "0" {
		r.note("rotated text directions drawn left to right")
	}
	hscale := 1.0
	if v, err := strconv.ParseFloat(n.attr("HScale"), 64); err == nil && v > 0 {
		hscale = v
	}
	om, _ := objectMatrix(n, m)
	font := r.res.fonts[n.attr("Font")]
	x, y := 0.0, 0.0
	for i := range n.Nodes {
		tc := &n.Nodes[i]
		if tc.XMLName.Local != "TextCode" {
			continue
		}
		if v, err := strconv.ParseFloat(tc.attr("X"), 64); err == nil {
			x = v
		}
		if v, err := strconv.ParseFloat(tc.attr("Y"), 64); err == nil {
			y = v
		}
		dx, dy := parseDeltas(tc.attr("DeltaX")), parseDeltas(tc.attr("DeltaY"))
		var pb pathBuilder
		for k, ch := range []rune(tc.Text) {
			if k > 0 {
				if k-1 < len(dx) {
					x += dx[k-1]
				} else {
					x += r.advance(font, ch, size)
				}
				if k-1 < len(dy) {
					y += dy[k-1]
				}
			}
			r.glyph(&pb, font, ch, x, y, size, hscale)
		}
		r.fillPath(pb.segs, om, fill)
	}
}

// parseDeltas expands "g n v" runs of DeltaX/DeltaY (GB/T 33190 §11.3).
func parseDeltas(s string) []float64 {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f) && len(out) < 1<<16; i++ {
		if f[i] == "g" && i+2 < len(f) {
			n, err1 := strconv.Atoi(f[i+1])
			v, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 == nil && err2 == nil && n >= 0 && n < 1<<16 {
				for range n {
					out = append(out, v)
				}
			}
			i += 2
			continue
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err == nil {
			out = append(out, v)
		}
	}
	return out
}

var bundled struct {
	once       sync.Once
	cjk, latin *sfnt.Font
	err        error
}

func bundledFonts() (*sfnt.Font, *sfnt.Font) {
	bundled.once.Do(func() {
		bundled.cjk, bundled.err = opentype.Parse(assets.CJKFont)
		if bundled.err == nil {
			bundled.latin, bundled.err = opentype.Parse(assets.LatinFont)
		}
	})
	return bundled.cjk, bundled.latin
}

// fontFor picks the embedded font when it has the glyph, else the bundled
// CJK font, else the bundled Latin font (the CJK one lacks Latin letters).
func (r *renderer) fontFor(f *sfnt.Font, ch rune) (*sfnt.Font, sfnt.GlyphIndex) {
	cjk, latin := bundledFonts()
	for _, c := range []*sfnt.Font{f, cjk, latin} {
		if c == nil {
			continue
		}
		if idx, err := c.GlyphIndex(&r.buf, ch); err == nil && idx != 0 {
			return c, idx
		}
	}
	return nil, 0
}

func (r *renderer) advance(f *sfnt.Font, ch rune, size float64) float64 {
	font, idx := r.fontFor(f, ch)
	if font == nil {
		return size / 2
	}
	upem := font.UnitsPerEm()
	adv, err := font.GlyphAdvance(&r.buf, idx, fixed.I(int(upem)), 0)
	if err != nil {
		return size / 2
	}
	return float64(adv) / 64 / float64(upem) * size
}

// glyph adds a glyph outline with its baseline origin at (x, y), in mm.
func (r *renderer) glyph(pb *pathBuilder, f *sfnt.Font, ch rune, x, y, size, hscale float64) {
	font, idx := r.fontFor(f, ch)
	if font == nil {
		return
	}
	upem := float64(font.UnitsPerEm())
	segs, err := font.LoadGlyph(&r.buf, idx, fixed.I(int(upem)), nil)
	if err != nil {
		return
	}
	k := size / upem / 64
	pt := func(p fixed.Point26_6) [2]float64 { return [2]float64{x + float64(p.X)*k*hscale, y + float64(p.Y)*k} }
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			pb.move(pt(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			pb.line(pt(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			pb.quad(pt(s.Args[0]), pt(s.Args[1]))
		case sfnt.SegmentOpCubeTo:
			pb.cube(pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2]))
		}
	}
	pb.close()
}

// drawString draws plain text with the bundled fonts, baseline at (x, y) in
// the space of m, for the marks of what was not drawn.
func (r *renderer) drawString(s string, m matrix, x, y, size float64, c color.NRGBA) {
	var pb pathBuilder
	for _, ch := range s {
		r.glyph(&pb, nil, ch, x, y, size, 1)
		x += r.advance(nil, ch, size)
	}
	r.fillPath(pb.segs, m, c)
}

func (r *renderer) image(n *node, m matrix) {
	om, _ := objectMatrix(n, m)
	id := n.attr("ResourceID")
	name := r.res.media[id]
	b, ok := r.p.files[name]
	if !ok {
		r.unsupported(n, m, "image "+id+" (missing)")
		return
	}
	img, err := decodeImage(b)
	if err != nil {
		r.unsupported(n, m, "image in "+strings.ToUpper(strings.TrimPrefix(r.res.format[id], "."))+" format")
		return
	}
	r.drawImage(img, om)
}

// drawImage maps the image onto the unit square of m (GB/T 33190 §13.1).
func (r *renderer) drawImage(img image.Image, m matrix) {
	b := img.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 || b.Dx()*b.Dy() > maxRenderPixels {
		return
	}
	u := m.mul(matrix{1 / float64(b.Dx()), 0, 0, 1 / float64(b.Dy()), 0, 0}).mul(matrix{1, 0, 0, 1, -float64(b.Min.X), -float64(b.Min.Y)})
	xdraw.ApproxBiLinear.Transform(r.img, f64.Aff3{u[0], u[2], u[4], u[1], u[3], u[5]}, img, b, xdraw.Over, nil)
}

// annotations draws the appearances of the page's annotations (§15).
func (r *renderer) annotations(docName string, doc *node, pageID string, m matrix) {
	a := doc.child("Annotations")
	if a == nil {
		return
	}
	listName, b, err := r.p.part(docName, strings.TrimSpace(a.Text), "Annotations")
	if err != nil {
		return
	}
	var list node
	if decodeXML(listName, b, &list) != nil {
		return
	}
	for _, pg := range list.Nodes {
		if pg.XMLName.Local != "Page" || pg.attr("PageID") != pageID {
			continue
		}
		f := pg.child("FileLoc")
		if f == nil {
			continue
		}
		name, b, err := r.p.part(listName, strings.TrimSpace(f.Text), "page annotations")
		if err != nil {
			continue
		}
		var annots node
		if decodeXML(name, b, &annots) != nil {
			continue
		}
		for _, an := range annots.Nodes {
			if ap := an.child("Appearance"); ap != nil && an.attr("Visible") != "false" {
				om, _ := objectMatrix(ap, m)
				r.objects(name, ap, om, defaultStyle, 1)
			}
		}
	}
}

// stamps draws the seal pictures of the signatures' StampAnnots on this
// page: the picture is the seal's, inside the SignedValue (GB/T 38540 §5).
func (r *renderer) stamps(listLoc, pageID string, m matrix) {
	if strings.TrimSpace(listLoc) == "" {
		return
	}
	ds, err := r.p.signatures(listLoc)
	if err != nil {
		r.note("signatures unreadable: seal pictures not drawn")
		return
	}
	for _, e := range ds.entries {
		var pic *seal.Picture
		for _, a := range e.xml.SignedInfo.StampAnnots {
			if a.PageRef != pageID {
				continue
			}
			box, ok := parseBox(a.Boundary)
			if !ok {
				continue
			}
			if pic == nil {
				pic = r.sealPicture(e)
			}
			bm := m.mul(matrix{1, 0, 0, 1, box[0], box[1]})
			if pic == nil {
				n := node{Attrs: []xml.Attr{{Name: xml.Name{Local: "Boundary"}, Value: a.Boundary}}}
				r.unsupported(&n, m, "seal picture")
				continue
			}
			r.drawPicture(pic, bm, box[2], box[3])
		}
	}
}

func (r *renderer) sealPicture(e sigEntry) *seal.Picture {
	if _, v, err := r.p.part(e.path, e.xml.SignedValue, "SignedValue"); err == nil {
		if sig, err := seal.ParseSignature(v); err == nil {
			return &sig.Seal.Picture
		}
	}
	if l := e.xml.SignedInfo.Seal.BaseLoc; l != "" {
		if _, b, err := r.p.part(e.path, l, "Seal"); err == nil {
			if s, err := seal.Parse(b); err == nil {
				return &s.Picture
			}
		}
	}
	return nil
}

// drawPicture draws a seal picture into a w×h mm box at m's origin. A
// picture that is itself an OFD package (tax seals) is rendered in turn.
func (r *renderer) drawPicture(pic *seal.Picture, m matrix, w, h float64) {
	if pic.Format == "ofd" {
		if r.depth >= 2 {
			r.note("seal picture nested too deep")
			return
		}
		sub, err := Read(bytes.NewReader(pic.Data), int64(len(pic.Data)), Limits{MaxTotalSize: 64 << 20})
		if err == nil {
			scale := math.Hypot(m[0], m[1])
			var rd *Rendered
			rd, err = sub.renderPage(RenderOptions{Page: 1, DPI: scale * 25.4}, r.depth+1)
			if err == nil {
				whiteToClear(rd.Image)
				r.drawImage(rd.Image, m.mul(matrix{w, 0, 0, h, 0, 0}))
				r.notes = append(r.notes, rd.Notes...)
				return
			}
		}
		r.note("seal picture (OFD) unreadable: %v", err)
		return
	}
	img, err := decodeImage(pic.Data)
	if err != nil {
		r.note("seal picture in %s format not drawn", pic.Format)
		var pb pathBuilder
		pb.rect(0, 0, w, h)
		r.strokePath(pb.segs, m, 0.3, color.NRGBA{R: 200, A: 255})
		return
	}
	r.drawImage(img, m.mul(matrix{w, 0, 0, h, 0, 0}))
}

// whiteToClear makes the white page of a nested seal package transparent.
func whiteToClear(img *image.RGBA) {
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i] == 255 && img.Pix[i+1] == 255 && img.Pix[i+2] == 255 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 0, 0, 0, 0
		}
	}
}

// PageInfo is a page's identity and size, for thumbnails and true-size views.
type PageInfo struct {
	ID                string
	WidthMM, HeightMM float64
}

// Pages lists the pages of document doc with their sizes.
func (p *Package) Pages(doc int) ([]PageInfo, error) {
	root, err := p.root()
	if err != nil {
		return nil, err
	}
	if doc < 0 || doc >= len(root.DocBodies) {
		return nil, fmt.Errorf("ofd: document %d out of range (the package has %d)", doc, len(root.DocBodies))
	}
	docName, b, err := p.part("OFD.xml", root.DocBodies[doc].DocRoot, "DocRoot")
	if err != nil {
		return nil, err
	}
	var d documentXML
	if err := decodeXML(docName, b, &d); err != nil {
		return nil, err
	}
	out := make([]PageInfo, 0, len(d.Pages.Page))
	for i := range d.Pages.Page {
		id, size, err := p.pageBox(docName, i+1)
		if err != nil {
			return nil, err
		}
		out = append(out, PageInfo{ID: id, WidthMM: size[0], HeightMM: size[1]})
	}
	return out, nil
}

// maxImagePixels bounds a decoded image: a PNG header may claim any size,
// and decoding allocates what it claims.
const maxImagePixels = 50_000_000

// decodeImage decodes an image after checking the size its header declares.
func decodeImage(b []byte) (image.Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return nil, fmt.Errorf("%s image of %d×%d pixels is too large", format, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	return img, err
}
