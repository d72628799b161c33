package seal

import (
	"image"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"
)

// layout collects the parts of one seal picture in millimetres, origin at the
// seal's centre, y up.
type layout struct {
	fonts  *fontSet
	gc     glyphCache
	rings  []ringPart
	stars  []starPart
	glyphs []placedGlyph
	// obstacles are the cells of the arc texts, which horizontal lines must not
	// touch.
	obstacles [][4]vec
}

// ringPart is the border: an elliptic ring of constant width (round and oval
// seals) or a rectangular frame (square seals).
type ringPart struct {
	ellipse bool
	a, b    float64 // the seal's outer half width and half height
	offset  float64 // from the outer edge to the ring's outer side (ellipses)
	width   float64
}

type starPart struct {
	c vec
	r float64 // circumradius
}

// placedGlyph is a glyph stretched onto a w × h cell centred at c whose
// x axis points along right and y axis along up (both unit vectors).
type placedGlyph struct {
	o         *outline
	c         vec
	right, up vec
	w, h      float64
	bold      float64 // stroke thickening, mm on each side
}

func (g *placedGlyph) corners() [4]vec {
	r, u := g.right.mul(g.w/2), g.up.mul(g.h/2)
	return [4]vec{g.c.sub(r).sub(u), g.c.add(r).sub(u), g.c.add(r).add(u), g.c.sub(r).add(u)}
}

// style holds the proportions of one seal shape, all in millimetres. They
// follow the common conventions of REFERENCE §6 (a 42 mm organisation seal has
// a 1.2 mm ring, a star of 14 mm across, a name about 6.5 mm high and a small
// code at the bottom) and scale with the seal's size.
type style struct {
	ring     float64 // ring or frame width
	gap      float64 // between the ring and the arc texts
	innerGap float64 // between star, centre text and horizontal lines
	margin   float64 // minimum clearance between horizontal lines and the arc texts or ring
	starR    float64
	upper    textRole
	lower    textRole
	horiz    textRole
	center   textRole
	// upperMaxHalf is half the largest arc, in the ellipse's parameter, the
	// upper text may take; upperMinDeg and upperPerRune set the smallest,
	// which grows with the number of runes so that short names are letter
	// spaced across the top instead of bunched.
	upperMaxHalf, upperMinDeg, upperPerRune float64
	lowerMaxHalf                            float64
}

// textRole is the preferred look of one kind of text.
type textRole struct {
	height    float64 // cell height, mm
	condense  float64 // cell width / the glyph's design width at that height
	track     float64 // gap between cells, fraction of the height
	minAspect float64 // narrowest cell width / height before the height shrinks
	bold      float64 // stroke thickening, fraction of the height
}

func roundStyle(d float64, lower bool) style {
	s := style{
		ring:     d * 1.2 / 42,
		gap:      d * 1.0 / 42,
		innerGap: d * 1.0 / 42,
		margin:   d * 0.7 / 42,
		starR:    d / 6,
		upper:    textRole{height: d * 0.15, condense: 0.86, track: 0.1, minAspect: 0.42, bold: 0.012},
		lower:    textRole{height: d * 0.048, condense: 0.8, track: 0.14, minAspect: 0.3, bold: 0.02},
		horiz:    textRole{height: d * 0.11, condense: 0.92, track: 0.08, minAspect: 0.45, bold: 0.014},
		center:   textRole{height: d * 0.08, condense: 0.75, track: 0.06, minAspect: 0.3, bold: 0.018},

		upperMaxHalf: deg(140),
		upperMinDeg:  45,
		upperPerRune: 7.5,
		lowerMaxHalf: deg(50),
	}
	if lower {
		s.upperMaxHalf = deg(130)
	}
	return s
}

func ovalStyle(h float64, lower bool) style {
	m := h // the minor axis (the height) sets the text sizes
	s := style{
		ring:     m / 30,
		gap:      m * 0.6 / 30,
		innerGap: m * 0.9 / 30,
		margin:   m * 0.6 / 30,
		starR:    m / 6,
		upper:    textRole{height: m * 0.155, condense: 0.86, track: 0.1, minAspect: 0.42, bold: 0.013},
		lower:    textRole{height: m * 0.07, condense: 0.8, track: 0.14, minAspect: 0.3, bold: 0.02},
		horiz:    textRole{height: m * 0.13, condense: 0.92, track: 0.08, minAspect: 0.45, bold: 0.014},
		center:   textRole{height: m * 0.11, condense: 0.72, track: 0.05, minAspect: 0.3, bold: 0.018},

		upperMaxHalf: deg(128),
		upperMinDeg:  40,
		upperPerRune: 7.5,
		lowerMaxHalf: deg(45),
	}
	if !lower {
		s.upperMaxHalf = deg(135)
	}
	return s
}

func deg(d float64) float64 { return d * math.Pi / 180 }

// ellipse is a seal's outer edge: half axes a (x) and b (y). Its parameter t
// is 0 at the top and grows clockwise.
type ellipse struct{ a, b float64 }

// at returns the point at t and the outward unit normal there.
func (e ellipse) at(t float64) (p, n vec) {
	s, c := math.Sincos(t)
	return vec{e.a * s, e.b * c}, vec{s / e.a, c / e.b}.unit()
}

// offsetPolygon samples the curve that runs d inside the ellipse (its exact
// parallel curve, so a ring drawn with it has the same width everywhere).
func (e ellipse) offsetPolygon(d float64, n int) []vec {
	pts := make([]vec, n)
	for i := range pts {
		p, nrm := e.at(2 * math.Pi * float64(i) / float64(n))
		pts[i] = p.sub(nrm.mul(d))
	}
	return pts
}

func runesOf(s string) []rune {
	rs := []rune(strings.TrimSpace(s))
	for i, r := range rs {
		// Names are written with ASCII or full-width brackets alike; on a seal
		// the full-width ones match the ideographs.
		switch r {
		case '(':
			rs[i] = '（'
		case ')':
			rs[i] = '）'
		}
	}
	return rs
}

func (l *layout) outlines(rs []rune) ([]*outline, bool, error) {
	gs := make([]*outline, len(rs))
	allLatin := true
	for i, r := range rs {
		g, err := l.gc.glyph(r)
		if err != nil {
			return nil, false, err
		}
		gs[i] = g
		if g != nil && !g.latin {
			allLatin = false
		}
	}
	return gs, allLatin, nil
}

// designAspect is the width/height a role's glyphs are designed with: the
// square ideographic face, or the Latin font's digits (all the same width).
func (l *layout) designAspect(gs []*outline, allLatin bool) float64 {
	if allLatin {
		for _, g := range gs {
			if g != nil {
				return g.aspect()
			}
		}
	}
	b := l.fonts.cjkBox
	return (b.x1 - b.x0) / (b.y1 - b.y0)
}

func (l *layout) roundOrOval(spec *PictureSpec) error {
	e := ellipse{spec.WidthMM / 2, spec.HeightMM / 2}
	hasLower := strings.TrimSpace(spec.Lower) != ""
	var st style
	if spec.Shape == Round {
		st = roundStyle(spec.WidthMM, hasLower)
	} else {
		st = ovalStyle(spec.HeightMM, hasLower)
	}
	m := math.Min(spec.WidthMM, spec.HeightMM)
	single := st.ring
	if spec.DoubleRing {
		// A thick outer ring, a narrow blank and a thin inner ring (about
		// 1.6, 0.6 and 0.4 mm on 40–42 mm seals); the texts keep their gap
		// inside the inner ring.
		st.ring *= 4.0 / 3
	}
	if spec.RingMM > 0 {
		st.ring = spec.RingMM
	}
	l.rings = append(l.rings, ringPart{ellipse: true, a: e.a, b: e.b, width: st.ring})
	border := st.ring
	if spec.DoubleRing {
		blank, thin := m*0.6/42, m*0.4/42
		l.rings = append(l.rings, ringPart{ellipse: true, a: e.a, b: e.b, offset: border + blank, width: thin})
		border += blank + thin
		// The arc texts shrink a little with the room the inner ring takes.
		k := (m/2 - border) / (m/2 - single)
		st.upper.height *= k
		st.lower.height *= k
	}
	d0 := border + st.gap

	upper := runesOf(spec.Upper)
	minHalf := math.Min(deg(st.upperMinDeg+st.upperPerRune*float64(len(upper))), st.upperMaxHalf)
	upperH, err := l.arc(e, upper, st.upper, d0, minHalf, st.upperMaxHalf, false)
	if err != nil {
		return err
	}
	lowerH := 0.0
	if hasLower {
		if lowerH, err = l.arc(e, runesOf(spec.Lower), st.lower, d0, 0, st.lowerMaxHalf, true); err != nil {
			return err
		}
	}

	// The inside: star, centre line and horizontal lines stacked downwards.
	inner := e.offsetPolygon(border+st.margin, 720)
	type line struct {
		rs   []rune
		role textRole
	}
	var lines []line
	if c := runesOf(spec.Center); len(c) > 0 {
		lines = append(lines, line{c, st.center})
	}
	for _, h := range spec.Horizontal {
		lines = append(lines, line{runesOf(h), st.horiz})
	}
	var top float64
	switch {
	case spec.Star:
		r := st.starR
		if len(lines) > 1 {
			// Two lines under the star need its room: a smaller star keeps
			// the second line as tall as the first.
			r *= 0.75
		}
		l.stars = append(l.stars, starPart{vec{0, 0}, r})
		top = -r*math.Cos(deg(36)) - st.innerGap
	case spec.Shape == Oval && len(lines) > 0:
		// Centre the block in the room between the upper and the lower text.
		block := -st.innerGap
		for _, ln := range lines {
			block += ln.role.height + st.innerGap
		}
		hi := e.b - d0 - upperH
		lo := -e.b + d0 + lowerH
		if !hasLower {
			lo = -e.b + d0
		}
		top = (hi+lo)/2 + block/2
	default:
		block := -st.innerGap
		for _, ln := range lines {
			block += ln.role.height + st.innerGap
		}
		top = block / 2
	}
	for _, ln := range lines {
		h, err := l.line(ln.rs, ln.role, top, inner, st.margin)
		if err != nil {
			return err
		}
		top -= h + st.innerGap
	}
	return nil
}

// arcTable maps arc length to the curve parameter along half an arc.
type arcTable struct {
	us, ls []float64
}

func newArcTable(point func(u float64) vec, maxU float64) *arcTable {
	const n = 2048
	t := &arcTable{us: make([]float64, n+1), ls: make([]float64, n+1)}
	prev := point(0)
	for i := 1; i <= n; i++ {
		u := maxU * float64(i) / n
		p := point(u)
		t.us[i] = u
		t.ls[i] = t.ls[i-1] + p.sub(prev).len()
		prev = p
	}
	return t
}

func (t *arcTable) total() float64 { return t.ls[len(t.ls)-1] }

// lengthAt returns the arc length from 0 to u (u ≤ the table's end).
func (t *arcTable) lengthAt(u float64) float64 {
	i := sort.SearchFloat64s(t.us, u)
	if i == 0 {
		return 0
	}
	if i >= len(t.us) {
		return t.total()
	}
	f := (u - t.us[i-1]) / (t.us[i] - t.us[i-1])
	return t.ls[i-1] + f*(t.ls[i]-t.ls[i-1])
}

// paramAt returns the parameter at signed arc length s from the middle.
func (t *arcTable) paramAt(s float64) float64 {
	sign := 1.0
	if s < 0 {
		sign, s = -1, -s
	}
	i := sort.SearchFloat64s(t.ls, s)
	if i == 0 {
		return 0
	}
	if i >= len(t.ls) {
		return sign * t.us[len(t.us)-1]
	}
	f := (s - t.ls[i-1]) / (t.ls[i] - t.ls[i-1])
	return sign * (t.us[i-1] + f*(t.us[i]-t.us[i-1]))
}

// arc lays rs along the upper arc (clockwise from the left) or, with lower,
// along the lower arc (left to right, tops towards the centre). The cells'
// outer sides run d0 inside the edge; the text is centred on the top or the
// bottom and spread evenly over an arc between ±minHalf and ±maxHalf (ellipse
// parameter) depending on its length. It returns the cell height used.
func (l *layout) arc(e ellipse, rs []rune, role textRole, d0, minHalf, maxHalf float64, lower bool) (float64, error) {
	gs, allLatin, err := l.outlines(rs)
	if err != nil {
		return 0, err
	}
	n := float64(len(gs))
	aspect := l.designAspect(gs, allLatin) * role.condense
	mid, dir := 0.0, 1.0
	if lower {
		mid, dir = math.Pi, -1
	}
	at := func(u, d float64) (vec, vec) {
		p, nrm := e.at(mid + dir*u)
		return p.sub(nrm.mul(d)), nrm
	}
	h := role.height
	var (
		tab     *arcTable
		d, w, L float64
	)
	for range 8 {
		d = d0 + h/2
		tab = newArcTable(func(u float64) vec { p, _ := at(u, d); return p }, maxHalf)
		natural := n * h * (aspect + role.track)
		L = math.Min(math.Max(natural, 2*tab.lengthAt(minHalf)), 2*tab.total())
		w = math.Min(aspect*h, L/n-role.track*h)
		if w >= role.minAspect*h*0.999 {
			break
		}
		// Too many runes for the arc: narrow glyphs first, then smaller ones.
		h = (L/n - role.track*h) / role.minAspect
		w = role.minAspect * h
	}
	slot := L / n
	for i, g := range gs {
		s := -L/2 + (float64(i)+0.5)*slot
		p, nrm := at(tab.paramAt(s), d)
		up, right := nrm, vec{nrm.y, -nrm.x}
		if lower {
			up, right = nrm.mul(-1), vec{-nrm.y, nrm.x}
		}
		pg := placedGlyph{o: g, c: p, right: right, up: up, w: w, h: h, bold: role.bold * h}
		if g != nil && g.latin && !allLatin {
			// A Latin letter in an ideographic name: its own width, centred
			// in the slot, not stretched to an ideograph's.
			pg.w = math.Min(w, h*g.aspect())
		}
		// The obstacle is the whole slot, so that horizontal text keeps clear
		// of the arc text's spacing as well.
		ob := pg
		ob.w = slot
		l.obstacles = append(l.obstacles, ob.corners())
		if g != nil {
			l.glyphs = append(l.glyphs, pg)
		}
	}
	return h, nil
}

// line lays rs horizontally with its cells' tops at top, centred, as wide as
// its role wants or as the room left by the ring and the arc texts allows. It
// returns the cell height used.
func (l *layout) line(rs []rune, role textRole, top float64, inner []vec, margin float64) (float64, error) {
	gs, allLatin, err := l.outlines(rs)
	if err != nil {
		return 0, err
	}
	// Each glyph keeps its design proportions (Latin letters are narrower
	// than ideographs); a line too long for its room is condensed as a whole.
	ref := l.designAspect(gs, allLatin)
	widths := make([]float64, len(gs))
	sum := 0.0
	for i, g := range gs {
		switch {
		case g == nil:
			widths[i] = 0.5 * ref
		case g.latin:
			widths[i] = g.aspect()
		default:
			widths[i] = ref
		}
		sum += widths[i]
	}
	gaps := float64(len(gs) - 1)
	h := role.height
	var scale, track float64 // glyph width = widths[i] × scale
	for range 12 {
		track = role.track * h
		room := 2 * l.halfRoom(top, top-h, inner, margin)
		scale = role.condense * h
		if need := sum*scale + gaps*track; need > room {
			scale = (room - gaps*track) / sum
		}
		if ref*scale >= role.minAspect*h {
			break
		}
		h *= 0.9
	}
	if scale <= 0 {
		return 0, invalid("no room for %q", string(rs))
	}
	x := -(sum*scale + gaps*track) / 2
	for i, g := range gs {
		w := widths[i] * scale
		if g != nil {
			l.glyphs = append(l.glyphs, placedGlyph{
				o: g, c: vec{x + w/2, top - h/2}, right: vec{1, 0}, up: vec{0, 1},
				w: w, h: h, bold: role.bold * h,
			})
		}
		x += w + track
	}
	return h, nil
}

// halfRoom finds the largest half width of a box spanning y from bottom to top
// that stays inside inner and at least margin away from the arc texts.
func (l *layout) halfRoom(top, bottom float64, inner []vec, margin float64) float64 {
	fits := func(x float64) bool {
		for _, p := range []vec{{-x, top}, {x, top}, {x, bottom}, {-x, bottom}} {
			if !insidePolygon(inner, p) {
				return false
			}
		}
		box := [4]vec{{-x - margin, bottom - margin}, {x + margin, bottom - margin}, {x + margin, top + margin}, {-x - margin, top + margin}}
		for _, ob := range l.obstacles {
			if convexOverlap(box[:], ob[:]) {
				return false
			}
		}
		return true
	}
	lo, hi := 0.0, 0.0
	for _, p := range inner {
		hi = math.Max(hi, p.x)
	}
	if !fits(lo) {
		return 0
	}
	for range 40 {
		m := (lo + hi) / 2
		if fits(m) {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// insidePolygon reports whether p is inside the closed polygon (even-odd).
func insidePolygon(poly []vec, p vec) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

// convexOverlap reports whether two convex polygons overlap (separating axis
// theorem; touching counts as overlap).
func convexOverlap(a, b []vec) bool {
	for _, poly := range [2][]vec{a, b} {
		for i := range poly {
			e := poly[(i+1)%len(poly)].sub(poly[i])
			axis := vec{-e.y, e.x}
			amin, amax := project(a, axis)
			bmin, bmax := project(b, axis)
			if amax < bmin || bmax < amin {
				return false
			}
		}
	}
	return true
}

func project(poly []vec, axis vec) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range poly {
		d := p.dot(axis)
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

// square lays out a square name seal: the traditional grid, read right
// column first, top to bottom, each character stretched to fill its cell as
// seal engravers do. A three-character name gives the surname the whole
// right column and the given name's two characters share the left; the
// surname is not stretched to twice its width, which pulls its strokes so far
// apart that it looks like two characters.
func (l *layout) square(spec *PictureSpec) error {
	const maxStretch = 1.6
	a, b := spec.WidthMM/2, spec.HeightMM/2
	m := math.Min(spec.WidthMM, spec.HeightMM)
	ring := m * 0.9 / 20
	if spec.RingMM > 0 {
		ring = spec.RingMM
	}
	inset := m * 0.6 / 20
	if spec.Frame {
		l.rings = append(l.rings, ringPart{a: a, b: b, width: ring})
		inset += ring + m*0.4/20
	}
	gutter := m * 0.6 / 20
	gs, _, err := l.outlines(runesOf(spec.Text))
	if err != nil {
		return err
	}
	x0, x1, y0, y1 := -a+inset, a-inset, -b+inset, b-inset
	xm, ym := (x0+x1)/2, (y0+y1)/2
	type cell struct{ l, r, b, t float64 }
	right := cell{xm + gutter/2, x1, y0, y1}
	left := cell{x0, xm - gutter/2, y0, y1}
	upper := func(c cell) cell { c.b = ym + gutter/2; return c }
	lower := func(c cell) cell { c.t = ym - gutter/2; return c }
	var cells []cell
	switch len(gs) {
	case 2:
		cells = []cell{right, left}
	case 3:
		// The surname keeps the right column at the usual half width; it is
		// drawn at most maxStretch times as tall as wide, centred in the
		// column, and the given name's characters share the left column.
		cells = []cell{right, upper(left), lower(left)}
		if h := right.t - right.b; h > maxStretch*(right.r-right.l) {
			d := (h - maxStretch*(right.r-right.l)) / 2
			cells[0].b, cells[0].t = right.b+d, right.t-d
		}
	case 4:
		cells = []cell{upper(right), lower(right), upper(left), lower(left)}
	}
	for i, g := range gs {
		if g == nil {
			continue
		}
		c := cells[i]
		w, h := c.r-c.l, c.t-c.b
		l.glyphs = append(l.glyphs, placedGlyph{
			o: g, c: vec{(c.l + c.r) / 2, (c.b + c.t) / 2}, right: vec{1, 0}, up: vec{0, 1},
			w: w, h: h, bold: 0.04 * math.Min(w, h),
		})
	}
	return nil
}

// rectangle lays out a rectangular private seal: the characters in one row,
// read left to right, each in an equal cell of the full inner height and no
// wider than that height (a two-character name on a long seal
// is spaced out rather than squashed flat).
func (l *layout) rectangle(spec *PictureSpec) error {
	a, b := spec.WidthMM/2, spec.HeightMM/2
	h := spec.HeightMM
	ring := h * 0.06
	if spec.RingMM > 0 {
		ring = spec.RingMM
	}
	inset := h * 0.07
	if spec.Frame {
		l.rings = append(l.rings, ringPart{a: a, b: b, width: ring})
		inset += ring + h*0.06
	}
	gs, _, err := l.outlines(runesOf(spec.Text))
	if err != nil {
		return err
	}
	const maxWide = 1.0
	n := float64(len(gs))
	ch := 2 * (b - inset)
	gutter := h * 0.05
	cw := math.Min((2*(a-inset)-(n-1)*gutter)/n, maxWide*ch)
	// Spread what is left evenly between the cells and at the ends.
	step := cw + (2*(a-inset)-n*cw)/n
	for i, g := range gs {
		if g == nil {
			continue
		}
		x := -a + inset + step*(float64(i)+0.5)
		l.glyphs = append(l.glyphs, placedGlyph{
			o: g, c: vec{x, 0}, right: vec{1, 0}, up: vec{0, 1},
			w: cw, h: ch, bold: 0.04 * math.Min(cw, ch),
		})
	}
	return nil
}

// render rasterises the layout into a picture of the seal's outer size.
func (l *layout) render(widthMM, heightMM, dpi float64, c color.NRGBA) *image.NRGBA {
	w := max(1, int(math.Round(widthMM*dpi/25.4)))
	h := max(1, int(math.Round(heightMM*dpi/25.4)))
	// One scale for both axes, chosen so the seal exactly fills the pixels.
	s := math.Min(float64(w)/widthMM, float64(h)/heightMM)
	cx, cy := float64(w)/2, float64(h)/2
	px := func(p vec) vec { return vec{cx + p.x*s, cy - p.y*s} }

	var shapes []*shape
	for _, r := range l.rings {
		pb := newPathBuilder()
		if r.ellipse {
			e := ellipse{r.a, r.b}
			// Enough sides that the polygon strays less than 1/50 pixel.
			n := int(math.Ceil(math.Pi*math.Sqrt(math.Max(r.a, r.b)*s/(2*0.02))/4)) * 4
			outer, inner := e.offsetPolygon(r.offset, n), e.offsetPolygon(r.offset+r.width, n)
			pb.polygon(outer, px)
			slices.Reverse(inner)
			pb.polygon(inner, px)
		} else {
			// Slightly rounded corners, as cut by engravers; the inner
			// corners follow the outer ones at the frame's width.
			rad := 1.5 * r.width
			pb.polygon(roundedRect(r.a, r.b, rad), px)
			inner := roundedRect(r.a-r.width, r.b-r.width, rad-r.width)
			slices.Reverse(inner)
			pb.polygon(inner, px)
		}
		shapes = append(shapes, pb.done(nil))
	}
	for _, st := range l.stars {
		pts := make([]vec, 10)
		inner := st.r * math.Cos(deg(72)) / math.Cos(deg(36))
		for i := range pts {
			rad := st.r
			if i%2 == 1 {
				rad = inner
			}
			sn, cs := math.Sincos(deg(36 * float64(i)))
			pts[i] = st.c.add(vec{rad * sn, rad * cs})
		}
		pb := newPathBuilder()
		pb.polygon(pts, px)
		shapes = append(shapes, pb.done(nil))
	}
	for i := range l.glyphs {
		shapes = append(shapes, l.glyphs[i].shape(px, s))
	}
	return colorize(raster(shapes, w, h), c)
}

// roundedRect returns a rectangle of half sizes a × b with corners of radius
// rad, clockwise from the top edge's right end.
func roundedRect(a, b, rad float64) []vec {
	const steps = 16
	var pts []vec
	for i, c := range []vec{{a - rad, b - rad}, {a - rad, -b + rad}, {-a + rad, -b + rad}, {-a + rad, b - rad}} {
		for k := range steps + 1 {
			// Quarter circles: top right corner from 0° (up) to 90°, etc.,
			// clockwise from the top.
			s, co := math.Sincos(deg(90 * (float64(i) + float64(k)/steps)))
			pts = append(pts, c.add(vec{rad * s, rad * co}))
		}
	}
	return pts
}

func (p *pathBuilder) polygon(pts []vec, px func(vec) vec) {
	p.moveTo(px(pts[0]))
	for _, v := range pts[1:] {
		p.lineTo(px(v))
	}
	p.close()
}

// shape maps the glyph's design box onto its cell and flattens it in pixels.
func (g *placedGlyph) shape(px func(vec) vec, scale float64) *shape {
	b := g.o.box
	bx, by := (b.x0+b.x1)/2, (b.y0+b.y1)/2
	sx, sy := g.w/(b.x1-b.x0), g.h/(b.y1-b.y0)
	f := func(p fixedPoint) vec {
		u := (f26(p.X) - bx) * sx
		v := (by - f26(p.Y)) * sy
		return px(g.c.add(g.right.mul(u)).add(g.up.mul(v)))
	}
	pb := newPathBuilder()
	for _, sg := range g.o.segs {
		switch sg.Op {
		case segMoveTo:
			pb.moveTo(f(sg.Args[0]))
		case segLineTo:
			pb.lineTo(f(sg.Args[0]))
		case segQuadTo:
			pb.quadTo(f(sg.Args[0]), f(sg.Args[1]))
		case segCubeTo:
			pb.cubeTo(f(sg.Args[0]), f(sg.Args[1]), f(sg.Args[2]))
		}
	}
	// Thicken strokes by drawing the glyph again shifted around a small
	// circle: the non-zero fill of same-orientation copies is their union.
	var offsets []vec
	if d := g.bold * scale; d >= 0.2 {
		offsets = append(offsets, vec{})
		for k := range 8 {
			sn, cs := math.Sincos(deg(45 * float64(k)))
			offsets = append(offsets, vec{quant(d * cs), quant(d * sn)})
		}
	}
	return pb.done(offsets)
}
