package seal

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"sealdesk/assets"
)

// vec is a point or direction in millimetres (layout, y up) or pixels
// (rendering, y down), as the context says.
type vec struct{ x, y float64 }

func (a vec) add(b vec) vec     { return vec{a.x + b.x, a.y + b.y} }
func (a vec) sub(b vec) vec     { return vec{a.x - b.x, a.y - b.y} }
func (a vec) mul(k float64) vec { return vec{a.x * k, a.y * k} }
func (a vec) dot(b vec) float64 { return float64(a.x*b.x) + float64(a.y*b.y) }
func (a vec) len() float64      { return math.Hypot(a.x, a.y) }
func (a vec) unit() vec         { return a.mul(1 / a.len()) }

// glyphBox is the part of the font's design space (font units, y down) that is
// stretched onto a glyph's cell.
type glyphBox struct{ x0, y0, x1, y1 float64 }

// outline is one glyph, ready to be placed in a cell.
type outline struct {
	segs sfnt.Segments // font units (26.6 at ppem = units per em), y down
	box  glyphBox
	// latin is set for glyphs from assets.LatinFont: digits and letters.
	latin bool
}

type fontSet struct {
	cjk, latin       *sfnt.Font
	cjkBox           glyphBox // common box of all CJK glyphs
	latinCap         float64  // cap height of the Latin font, font units
	cjkPPEM, latPPEM fixed.Int26_6
}

// loadFonts parses the bundled fonts once. sfnt.Font is safe for concurrent
// use as long as each caller brings its own sfnt.Buffer.
var loadFonts = sync.OnceValues(func() (*fontSet, error) {
	cjk, err := opentype.Parse(assets.CJKFont)
	if err != nil {
		return nil, fmt.Errorf("seal: parse %s: %w", assets.CJKFontName, err)
	}
	latin, err := opentype.Parse(assets.LatinFont)
	if err != nil {
		return nil, fmt.Errorf("seal: parse Latin font: %w", err)
	}
	fs := &fontSet{
		cjk: cjk, latin: latin,
		cjkPPEM: fixed.I(int(cjk.UnitsPerEm())),
		latPPEM: fixed.I(int(latin.UnitsPerEm())),
	}
	var b sfnt.Buffer
	// The ideographic face: the union of the ink of characters that fill their
	// em square. Using one box for every CJK glyph keeps small characters (一,
	// 口) small and centred instead of blowing each glyph up to its own ink.
	fs.cjkBox = glyphBox{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range "国合章印同" {
		gi, err := cjk.GlyphIndex(&b, r)
		if err != nil || gi == 0 {
			return nil, fmt.Errorf("seal: %s lacks %q", assets.CJKFontName, r)
		}
		bd, _, err := cjk.GlyphBounds(&b, gi, fs.cjkPPEM, font.HintingNone)
		if err != nil {
			return nil, fmt.Errorf("seal: measure %q: %w", r, err)
		}
		fs.cjkBox.x0 = math.Min(fs.cjkBox.x0, f26(bd.Min.X))
		fs.cjkBox.y0 = math.Min(fs.cjkBox.y0, f26(bd.Min.Y))
		fs.cjkBox.x1 = math.Max(fs.cjkBox.x1, f26(bd.Max.X))
		fs.cjkBox.y1 = math.Max(fs.cjkBox.y1, f26(bd.Max.Y))
	}
	m, err := latin.Metrics(&b, fs.latPPEM, font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("seal: Latin font metrics: %w", err)
	}
	fs.latinCap = f26(m.CapHeight)
	return fs, nil
})

func f26(v fixed.Int26_6) float64 { return float64(v) / 64 }

type fixedPoint = fixed.Point26_6

const (
	segMoveTo = sfnt.SegmentOpMoveTo
	segLineTo = sfnt.SegmentOpLineTo
	segQuadTo = sfnt.SegmentOpQuadTo
	segCubeTo = sfnt.SegmentOpCubeTo
)

// glyphCache loads each rune once per drawing.
type glyphCache struct {
	fonts *fontSet
	buf   sfnt.Buffer
	m     map[rune]*outline
}

// isLatin reports whether r is drawn with the Latin font. The CJK font has no
// ASCII glyphs at all (assets.LatinFont explains).
func isLatin(r rune) bool { return r < 0x2E80 }

// glyph returns r's outline, nil for a space.
func (c *glyphCache) glyph(r rune) (*outline, error) {
	if o, ok := c.m[r]; ok {
		return o, nil
	}
	if c.m == nil {
		c.m = map[rune]*outline{}
	}
	if r == ' ' || r == '\u3000' {
		c.m[r] = nil
		return nil, nil
	}
	f, ppem := c.fonts.cjk, c.fonts.cjkPPEM
	if isLatin(r) {
		f, ppem = c.fonts.latin, c.fonts.latPPEM
	}
	gi, err := f.GlyphIndex(&c.buf, r)
	if err == nil && gi == 0 && f == c.fonts.latin {
		// Latin-range punctuation the Latin font lacks: try the CJK font.
		f, ppem = c.fonts.cjk, c.fonts.cjkPPEM
		gi, err = f.GlyphIndex(&c.buf, r)
	}
	if err != nil {
		return nil, fmt.Errorf("seal: look up %q: %w", r, err)
	}
	if gi == 0 {
		return nil, invalid("no glyph for %q (%U) in the bundled fonts", r, r)
	}
	segs, err := f.LoadGlyph(&c.buf, gi, ppem, nil)
	if err != nil {
		return nil, fmt.Errorf("seal: load glyph %q: %w", r, err)
	}
	o := &outline{segs: append(sfnt.Segments(nil), segs...)}
	if f == c.fonts.latin {
		adv, err := f.GlyphAdvance(&c.buf, gi, ppem, font.HintingNone)
		if err != nil {
			return nil, fmt.Errorf("seal: measure glyph %q: %w", r, err)
		}
		// Side bearing to side bearing, baseline to cap height.
		o.box = glyphBox{0, -c.fonts.latinCap, f26(adv), 0}
		o.latin = true
	} else {
		o.box = c.fonts.cjkBox
	}
	c.m[r] = o
	return o, nil
}

// aspect is the width/height of the glyph's box as designed.
func (o *outline) aspect() float64 { return (o.box.x1 - o.box.x0) / (o.box.y1 - o.box.y0) }

// shape is a filled region in pixels (y down): closed contours, filled by the
// non-zero rule, drawn once per offset (offsets thicken glyph strokes).
type shape struct {
	contours [][]vec
	offsets  []vec
	min, max vec // bounding box including offsets
}

// quant snaps a pixel coordinate to the 1/256 grid: the rasteriser then sees
// the same numbers whatever rounding a CPU's fused multiply-add gave above.
func quant(v float64) float64 { return math.Round(v*256) / 256 }

// pathBuilder flattens curves into a shape's contours.
type pathBuilder struct {
	s   *shape
	cur []vec
	tol float64 // flattening tolerance, pixels
}

func newPathBuilder() *pathBuilder {
	return &pathBuilder{s: &shape{min: vec{math.Inf(1), math.Inf(1)}, max: vec{math.Inf(-1), math.Inf(-1)}}, tol: 0.05}
}

func (p *pathBuilder) moveTo(a vec) {
	p.close()
	p.cur = []vec{a}
}

func (p *pathBuilder) lineTo(a vec) { p.cur = append(p.cur, a) }

func (p *pathBuilder) quadTo(b, c vec) {
	a := p.cur[len(p.cur)-1]
	dev := a.sub(b.mul(2)).add(c).len()
	n := int(math.Ceil(math.Sqrt(dev / (4 * p.tol))))
	for i := 1; i < n; i++ {
		t := float64(i) / float64(n)
		mt := 1 - t
		p.lineTo(a.mul(mt * mt).add(b.mul(2 * mt * t)).add(c.mul(t * t)))
	}
	p.lineTo(c)
}

func (p *pathBuilder) cubeTo(b, c, d vec) {
	a := p.cur[len(p.cur)-1]
	dev := math.Max(a.sub(b.mul(2)).add(c).len(), b.sub(c.mul(2)).add(d).len())
	n := int(math.Ceil(math.Sqrt(3 * dev / (4 * p.tol))))
	for i := 1; i < n; i++ {
		t := float64(i) / float64(n)
		mt := 1 - t
		p.lineTo(a.mul(mt * mt * mt).add(b.mul(3 * mt * mt * t)).add(c.mul(3 * mt * t * t)).add(d.mul(t * t * t)))
	}
	p.lineTo(d)
}

func (p *pathBuilder) close() {
	if len(p.cur) >= 3 {
		for i, v := range p.cur {
			v = vec{quant(v.x), quant(v.y)}
			p.cur[i] = v
			p.s.min = vec{math.Min(p.s.min.x, v.x), math.Min(p.s.min.y, v.y)}
			p.s.max = vec{math.Max(p.s.max.x, v.x), math.Max(p.s.max.y, v.y)}
		}
		p.s.contours = append(p.s.contours, splitColumns(p.cur))
	}
	p.cur = nil
}

// splitColumns cuts every edge of the closed contour where it crosses a
// whole-pixel x. The fixed-point rasteriser is exact for an edge within one
// pixel column, but spreads a longer one over its columns with truncating
// divisions; their error stays in its running sum and shows, once many glyph
// edges have added to it, as faint streaks across the transparent background.
func splitColumns(c []vec) []vec {
	out := make([]vec, 0, len(c)*2)
	for i, a := range c {
		b := c[(i+1)%len(c)]
		out = append(out, a)
		lo, hi := math.Floor(a.x)+1, math.Ceil(b.x)-1
		step := 1.0
		if b.x < a.x {
			lo, hi, step = math.Ceil(a.x)-1, math.Floor(b.x)+1, -1
		}
		for k := lo; (step > 0 && k <= hi) || (step < 0 && k >= hi); k += step {
			// Explicit conversions keep this from fusing into a multiply-add
			// on CPUs that have one.
			t := float64(k-a.x) / float64(b.x-a.x)
			out = append(out, vec{k, quant(a.y + float64(t*(b.y-a.y)))})
		}
	}
	return out
}

func (p *pathBuilder) done(offsets []vec) *shape {
	p.close()
	s := p.s
	s.offsets = offsets
	if len(offsets) == 0 {
		s.offsets = []vec{{}}
	}
	lo, hi := vec{}, vec{}
	for _, o := range s.offsets {
		lo = vec{math.Min(lo.x, o.x), math.Min(lo.y, o.y)}
		hi = vec{math.Max(hi.x, o.x), math.Max(hi.y, o.y)}
	}
	s.min, s.max = s.min.add(lo), s.max.add(hi)
	return s
}

// tileSize keeps every rasteriser at or under vector's 512-pixel threshold, so
// it always takes its fixed-point path: integer arithmetic, the same result on
// every CPU (the floating-point path may differ where a CPU fuses
// multiply-adds).
const tileSize = 256

// raster turns shapes into a coverage mask of size w × h.
func raster(shapes []*shape, w, h int) *image.Alpha {
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	var z vector.Rasterizer
	tile, tileBuf := &image.Alpha{}, make([]uint8, tileSize*tileSize)
	for ty := 0; ty < h; ty += tileSize {
		for tx := 0; tx < w; tx += tileSize {
			r := image.Rect(tx, ty, min(tx+tileSize, w), min(ty+tileSize, h))
			ox, oy := float64(tx), float64(ty)
			used := false
			for _, s := range shapes {
				if s.max.x < ox || s.max.y < oy || s.min.x > float64(r.Max.X) || s.min.y > float64(r.Max.Y) {
					continue
				}
				if !used {
					z.Reset(r.Dx(), r.Dy())
					used = true
				}
				for _, off := range s.offsets {
					dx, dy := off.x-ox, off.y-oy
					for _, c := range s.contours {
						z.MoveTo(float32(c[0].x+dx), float32(c[0].y+dy))
						for _, v := range c[1:] {
							z.LineTo(float32(v.x+dx), float32(v.y+dy))
						}
						z.ClosePath()
					}
				}
			}
			if used {
				// Draw into a tile-sized image: vector's fast path assumes the
				// destination's stride equals the rasteriser's width.
				tile.Rect, tile.Stride = image.Rect(0, 0, r.Dx(), r.Dy()), r.Dx()
				tile.Pix = tileBuf[:r.Dx()*r.Dy()]
				z.DrawOp = draw.Src
				z.Draw(tile, tile.Rect, image.Opaque, image.Point{})
				for y := 0; y < r.Dy(); y++ {
					copy(mask.Pix[mask.PixOffset(r.Min.X, r.Min.Y+y):], tile.Pix[y*r.Dx():(y+1)*r.Dx()])
				}
			}
		}
	}
	return mask
}

// colorize paints the mask in c. Every pixel carries c's colour, only alpha
// varies: a viewer that scales the picture without premultiplying then blends
// towards red, not towards black, at the edges.
func colorize(mask *image.Alpha, c color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(mask.Rect)
	for i, a := range mask.Pix {
		p := img.Pix[4*i : 4*i+4 : 4*i+4]
		p[0], p[1], p[2] = c.R, c.G, c.B
		p[3] = uint8((uint32(a)*uint32(c.A) + 127) / 255)
	}
	return img
}
