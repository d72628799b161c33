package ui

import (
	"image"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// unitsPerMM is how many Fyne units one millimetre takes at 100 %: Fyne's unit
// is meant to be 1/96 inch on a scale-1 screen, so 100 % is true size.
const unitsPerMM = 96 / 25.4

// pageMargin is the grey border around the page in the scroller.
const pageMargin = 16

// pageView draws the current page at the current zoom with the seal over it.
type pageView struct {
	widget.BaseWidget
	v      *StampView
	shadow *canvas.Rectangle
	paper  *canvas.Rectangle
	img    *canvas.Image
	mark   *sealMark
}

func newPageView(v *StampView) *pageView {
	p := &pageView{v: v}
	p.shadow = canvas.NewRectangle(color.NRGBA{A: 0x40})
	p.paper = canvas.NewRectangle(color.White)
	p.img = canvas.NewImageFromImage(nil)
	p.img.FillMode = canvas.ImageFillStretch
	p.img.ScaleMode = canvas.ImageScaleSmooth
	p.mark = newSealMark(v)
	p.ExtendBaseWidget(p)
	return p
}

// pageSize is the page's size in units at the current zoom.
func (p *pageView) pageSize() fyne.Size {
	wmm, hmm := p.v.pageSizeMM()
	return fyne.NewSize(float32(wmm*p.v.scale), float32(hmm*p.v.scale))
}

// origin is where the page's top-left corner lies inside the widget.
func (p *pageView) origin() fyne.Position {
	ps := p.pageSize()
	x := (p.Size().Width - ps.Width) / 2
	if x < pageMargin {
		x = pageMargin
	}
	return fyne.NewPos(x, pageMargin)
}

func (p *pageView) CreateRenderer() fyne.WidgetRenderer { return &pageRenderer{p} }

type pageRenderer struct{ p *pageView }

func (r *pageRenderer) Layout(fyne.Size) {
	p := r.p
	if v := p.v; v.doc != nil && v.isFit() && v.Scroll.Size() != v.fitFor {
		// The window was resized: fit again, after this layout pass.
		v.fitFor = v.Scroll.Size()
		go do(v.applyZoom)
	}
	o, ps := p.origin(), p.pageSize()
	p.shadow.Move(o.Add(fyne.NewPos(3, 3)))
	p.shadow.Resize(ps)
	p.paper.Move(o)
	p.paper.Resize(ps)
	p.img.Move(o)
	p.img.Resize(ps)
	v := p.v
	if v.seal == nil || !v.placed {
		p.mark.Hide()
		return
	}
	sw, sh := float32(v.seal.WidthMM*v.scale), float32(v.seal.HeightMM*v.scale)
	p.mark.Move(o.Add(fyne.NewPos(float32(v.cx*v.scale)-sw/2, float32(v.cy*v.scale)-sh/2)))
	p.mark.Resize(fyne.NewSize(sw, sh))
	p.mark.Show()
}

func (r *pageRenderer) MinSize() fyne.Size {
	return r.p.pageSize().Add(fyne.NewSize(2*pageMargin, 2*pageMargin))
}
func (r *pageRenderer) Refresh() {
	r.Layout(r.p.Size())
	canvas.Refresh(r.p)
}
func (r *pageRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.p.shadow, r.p.paper, r.p.img, r.p.mark}
}
func (r *pageRenderer) Destroy() {}

// sealMark is the seal shown on the page at true size for the zoom. It moves
// with the mouse and, once focused (tap it), with the arrow keys: 1 mm a press.
type sealMark struct {
	widget.BaseWidget
	v       *StampView
	img     *canvas.Image
	outline *canvas.Rectangle
	focused bool
}

var (
	_ fyne.Draggable = (*sealMark)(nil)
	_ fyne.Focusable = (*sealMark)(nil)
	_ fyne.Tappable  = (*sealMark)(nil)
)

func newSealMark(v *StampView) *sealMark {
	m := &sealMark{v: v}
	m.img = canvas.NewImageFromResource(nil)
	m.img.FillMode = canvas.ImageFillStretch
	m.outline = canvas.NewRectangle(color.Transparent)
	m.outline.StrokeWidth = 1
	m.outline.StrokeColor = color.NRGBA{R: 0x20, G: 0x60, B: 0xd0, A: 0xa0}
	m.ExtendBaseWidget(m)
	return m
}

func (m *sealMark) setSeal(s *app.Seal) {
	if s == nil {
		m.img.Resource = nil
	} else {
		m.img.Resource = sealPicture(*s)
	}
	m.img.Refresh()
}

func (m *sealMark) CreateRenderer() fyne.WidgetRenderer {
	return &markRenderer{m}
}

type markRenderer struct{ m *sealMark }

func (r *markRenderer) Layout(s fyne.Size) {
	r.m.img.Resize(s)
	r.m.outline.Resize(s)
	if r.m.focused {
		r.m.outline.StrokeWidth = 2
	} else {
		r.m.outline.StrokeWidth = 1
	}
}
func (r *markRenderer) MinSize() fyne.Size { return fyne.NewSize(1, 1) }
func (r *markRenderer) Refresh() {
	r.Layout(r.m.Size())
	r.m.outline.Refresh()
	r.m.img.Refresh()
}
func (r *markRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.m.img, r.m.outline}
}
func (r *markRenderer) Destroy() {}

func (m *sealMark) Dragged(e *fyne.DragEvent) {
	if m.v.locked || m.v.scale <= 0 {
		return
	}
	m.v.moveTo(m.v.cx+float64(e.Dragged.DX)/m.v.scale, m.v.cy+float64(e.Dragged.DY)/m.v.scale)
}
func (m *sealMark) DragEnd() {}

func (m *sealMark) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		c.Focus(m)
	}
}

func (m *sealMark) FocusGained()   { m.focused = true; m.Refresh() }
func (m *sealMark) FocusLost()     { m.focused = false; m.Refresh() }
func (m *sealMark) TypedRune(rune) {}

// TypedKey moves the seal 1 mm per arrow press.
func (m *sealMark) TypedKey(e *fyne.KeyEvent) {
	if m.v.locked {
		return
	}
	dx, dy := 0.0, 0.0
	switch e.Name {
	case fyne.KeyLeft:
		dx = -1
	case fyne.KeyRight:
		dx = 1
	case fyne.KeyUp:
		dy = -1
	case fyne.KeyDown:
		dy = 1
	default:
		return
	}
	m.v.moveTo(m.v.cx+dx, m.v.cy+dy)
}

// paletteItem is one of the user's seals, as a picture to drag onto the page
// (or to tap: it then lands in the middle of the page's lower half).
type paletteItem struct {
	widget.BaseWidget
	v        *StampView
	Seal     app.Seal
	img      *canvas.Image
	label    *widget.Label
	bg       *canvas.Rectangle
	dragging bool
	cursor   fyne.Position // absolute, during a drag
	hovered  bool
}

var (
	_ fyne.Draggable    = (*paletteItem)(nil)
	_ fyne.Tappable     = (*paletteItem)(nil)
	_ desktop.Hoverable = (*paletteItem)(nil)
)

func newPaletteItem(v *StampView, s app.Seal) *paletteItem {
	p := &paletteItem{v: v, Seal: s}
	p.img = canvas.NewImageFromResource(sealPicture(s))
	p.img.FillMode = canvas.ImageFillContain
	p.img.SetMinSize(fyne.NewSize(64, 64))
	// The palette's cells are narrow: a kind with a long name has a short
	// one for it (法人名章 for 法定代表人名章), the full name elsewhere.
	name := v.w.t("kind." + s.Kind)
	if short := "ui.palette." + s.Kind; assets.HasMessage(short) {
		name = v.w.t(short)
	}
	p.label = widget.NewLabel(name)
	p.label.Alignment = fyne.TextAlignCenter
	p.label.Truncation = fyne.TextTruncateEllipsis
	p.bg = canvas.NewRectangle(color.Transparent)
	p.bg.CornerRadius = 6
	p.ExtendBaseWidget(p)
	return p
}

func (p *paletteItem) CreateRenderer() fyne.WidgetRenderer {
	return &stackRenderer{owner: p, objs: []fyne.CanvasObject{p.bg, p.img, p.label}}
}

func (p *paletteItem) refreshLook() {
	switch {
	case p.v.seal != nil && p.v.seal.ID == p.Seal.ID:
		p.bg.FillColor = theme.Color(theme.ColorNameSelection)
	case p.hovered:
		p.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		p.bg.FillColor = color.Transparent
	}
	p.bg.Refresh()
}

func (p *paletteItem) MouseIn(*desktop.MouseEvent)    { p.hovered = true; p.refreshLook() }
func (p *paletteItem) MouseMoved(*desktop.MouseEvent) {}
func (p *paletteItem) MouseOut()                      { p.hovered = false; p.refreshLook() }

func (p *paletteItem) Tapped(*fyne.PointEvent) {
	if p.v.locked || p.v.doc == nil {
		return
	}
	wmm, hmm := p.v.pageSizeMM()
	p.v.placeSeal(p.Seal, wmm/2, hmm*3/4)
}

// Dragged follows the pointer. The real driver gives the absolute position; the
// test driver does not, so the start point plus the deltas stands in for it.
func (p *paletteItem) Dragged(e *fyne.DragEvent) {
	if p.v.locked || p.v.doc == nil {
		return
	}
	if !p.dragging {
		p.dragging = true
		p.cursor = fyne.CurrentApp().Driver().AbsolutePositionForObject(p).Add(e.Position)
	}
	p.cursor = p.cursor.Add(fyne.NewPos(e.Dragged.DX, e.Dragged.DY))
	if !e.AbsolutePosition.IsZero() {
		p.cursor = e.AbsolutePosition
	}
	p.v.dropAt(p.Seal, p.cursor)
}

func (p *paletteItem) DragEnd() { p.dragging = false }

// stackRenderer lays out a background, a picture and a caption in a column.
type stackRenderer struct {
	owner fyne.Widget
	objs  []fyne.CanvasObject
}

func (r *stackRenderer) Layout(size fyne.Size) {
	bg, img, label := r.objs[0], r.objs[1], r.objs[2]
	bg.Resize(size)
	lh := label.MinSize().Height
	img.Move(fyne.NewPos(4, 4))
	img.Resize(fyne.NewSize(size.Width-8, size.Height-lh-4))
	label.Move(fyne.NewPos(0, size.Height-lh))
	label.Resize(fyne.NewSize(size.Width, lh))
}
func (r *stackRenderer) MinSize() fyne.Size {
	return fyne.NewSize(96, 72+r.objs[2].MinSize().Height)
}
func (r *stackRenderer) Refresh()                     { r.Layout(r.owner.Size()) }
func (r *stackRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *stackRenderer) Destroy()                     {}

// pageCache keeps the most recently rendered pages (page and dpi), so paging back
// and forth or toggling a zoom does not render again.
type pageCache struct {
	mu    sync.Mutex
	max   int
	order []cacheKey
	imgs  map[cacheKey]*image.RGBA
}

type cacheKey struct{ page, dpi int }

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, imgs: map[cacheKey]*image.RGBA{}}
}

func (c *pageCache) get(k cacheKey) *image.RGBA {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.imgs[k]
}

// any returns some rendering of the page, to show stretched while the right one renders.
func (c *pageCache) any(page int) *image.RGBA {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].page == page {
			return c.imgs[c.order[i]]
		}
	}
	return nil
}

func (c *pageCache) put(k cacheKey, img *image.RGBA) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.imgs[k]; !ok {
		c.order = append(c.order, k)
	}
	c.imgs[k] = img
	for len(c.order) > c.max {
		delete(c.imgs, c.order[0])
		c.order = c.order[1:]
	}
}
