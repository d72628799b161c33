package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/pdfview"
)

// Zoom choices besides the two fits, in per cent.
var zoomSteps = []int{50, 75, 100, 125, 150, 200, 300, 400}

// StampView is the custodian's screen: a document, its pages, the user's seals
// to drag onto a page, and the request / stamp action.
type StampView struct {
	Open        *widget.Button
	DocName     *widget.Label
	Thumbs      *widget.List
	Page        *pageView
	Scroll      *container.Scroll
	Zoom        *widget.Select
	PrevPage    *widget.Button
	NextPage    *widget.Button
	PageLabel   *widget.Label
	Palette     []*paletteItem
	Info        *widget.Label
	MorePages   *widget.Entry // the same spot on these pages too, such as 2,4-6
	Keyword     *widget.Entry // or: the seal's centre on this text of the document
	KeywordAll  *widget.Check // on every match of the keyword
	Reason      *widget.Entry
	Action      *widget.Button
	SeamBtn     *widget.Button // 骑缝章…
	SeamDialog  *SeamDialog
	BatchBtn    *widget.Button // 批量申请…
	BatchDialog *BatchRequestDialog
	Message     *widget.Label
	Verify      *VerifyPanel
	Tabs        *container.AppTabs // seal palette, verification report
	PIN         *PINDialog

	w       *Workstation
	content fyne.CanvasObject
	side    *fyne.Container

	docPath string
	docHash string
	doc     pdfview.Pages // a PDF (PDFium) or an OFD (issue 15)
	format  app.Format
	pages   []pdfview.Page
	thumbs  []image.Image
	cache   *pageCache
	page    int       // 0-based
	scale   float64   // units per mm
	zoom    string    // the Zoom selection
	fitFor  fyne.Size // the viewport size the current fit was computed for

	seal     *app.Seal
	placed   bool
	cx, cy   float64 // seal centre, mm from the displayed page's top-left
	locked   bool    // the placement comes from an approved request
	approved *app.StampRequest
	focus    *app.StampRequest // after stamping: show this request's page and seal
	loading  int               // documents being opened; for tests
	rendered int               // pages rendered into the view; for tests
}

func newStampView(w *Workstation) *StampView {
	v := &StampView{w: w, scale: unitsPerMM, zoom: w.t("ui.zoom.width")}
	v.Open = widget.NewButtonWithIcon(w.t("ui.open"), theme.FolderOpenIcon(), v.openDialog)
	v.DocName = widget.NewLabel(w.t("ui.open.hint"))
	v.DocName.Truncation = fyne.TextTruncateEllipsis
	v.PrevPage = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.GoTo(v.page - 1) })
	v.NextPage = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.GoTo(v.page + 1) })
	v.PageLabel = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	opts := []string{w.t("ui.zoom.width"), w.t("ui.zoom.page")}
	for _, z := range zoomSteps {
		opts = append(opts, fmt.Sprintf("%d%%", z))
	}
	v.Zoom = widget.NewSelect(opts, func(s string) { v.zoom = s; v.applyZoom() })
	v.Zoom.Selected = v.zoom

	v.Thumbs = widget.NewList(
		func() int { return len(v.pages) },
		func() fyne.CanvasObject {
			img := canvas.NewImageFromImage(nil)
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(96, 128))
			frame := canvas.NewRectangle(color.White)
			frame.StrokeColor = color.NRGBA{A: 0x50}
			frame.StrokeWidth = 1
			return container.NewVBox(container.NewStack(frame, img), widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{}))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			img := box.Objects[0].(*fyne.Container).Objects[1].(*canvas.Image)
			if i < len(v.thumbs) {
				img.Image = v.thumbs[i]
			} else {
				img.Image = nil
			}
			img.Refresh()
			box.Objects[1].(*widget.Label).SetText(fmt.Sprint(i + 1))
		})
	v.Thumbs.OnSelected = func(i widget.ListItemID) {
		if i != v.page {
			v.GoTo(i)
		}
	}

	v.Page = newPageView(v)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	v.Scroll = container.NewScroll(v.Page)

	seals, err := w.ws.Seals(context.Background())
	if err != nil {
		w.Status.SetText(app.Message(err, w.lang))
	}
	grid := container.NewGridWrap(fyne.NewSize(100, 110))
	for _, s := range seals {
		if s.Status != "active" {
			continue
		}
		it := newPaletteItem(v, s)
		v.Palette = append(v.Palette, it)
		grid.Add(it)
	}
	hint := hintLabel(w.t("ui.palette.hint"))
	v.Info = widget.NewLabel(w.t("ui.placement.none"))
	v.Info.Wrapping = fyne.TextWrapWord
	v.MorePages = widget.NewEntry()
	v.MorePages.SetPlaceHolder(w.t("ui.more_pages"))
	v.SeamBtn = widget.NewButtonWithIcon(w.t("ui.seam"), theme.ContentCutIcon(), v.openSeam)
	v.BatchBtn = widget.NewButtonWithIcon(w.t("ui.batch"), theme.ContentCopyIcon(), v.openBatchRequest)
	v.Keyword = widget.NewEntry()
	v.Keyword.SetPlaceHolder(w.t("ui.keyword"))
	v.KeywordAll = widget.NewCheck(w.t("ui.keyword.all"), nil)
	v.Reason = widget.NewMultiLineEntry()
	v.Reason.SetPlaceHolder(w.t("ui.reason"))
	v.Reason.SetMinRowsVisible(2)
	v.Reason.Wrapping = fyne.TextWrapWord
	v.Action = widget.NewButtonWithIcon(w.t("ui.request"), theme.MailSendIcon(), v.act)
	v.Action.Importance = widget.HighImportance
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	v.Verify = newVerifyPanel(w)

	tools := container.NewHBox(v.Open, widget.NewSeparator(), v.PrevPage, container.NewGridWrap(fyne.NewSize(130, v.PageLabel.MinSize().Height), v.PageLabel), v.NextPage, widget.NewSeparator(), v.Zoom)
	toolbar := container.NewBorder(nil, nil, tools, nil, v.DocName)
	// The right-hand side: the seals and the verification report share tabs;
	// the placement, reason and action stay in view below them.
	v.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(w.t("ui.palette"), theme.GridIcon(), container.NewVScroll(container.NewVBox(grid, hint))),
		container.NewTabItemWithIcon(w.t("ui.nav.verify"), theme.VisibilityIcon(), container.NewVScroll(v.Verify.content)))
	side := container.NewVBox(widget.NewSeparator(), v.Info, v.MorePages, container.NewBorder(nil, nil, nil, v.KeywordAll, v.Keyword), v.Reason, container.NewGridWithColumns(2, v.Action, v.SeamBtn), v.BatchBtn, v.Message)
	v.side = side
	strut := canvas.NewRectangle(color.Transparent)
	strut.SetMinSize(fyne.NewSize(340, 0)) // three seals a row
	right := container.NewStack(strut, container.NewPadded(container.NewBorder(nil, side, nil, nil, v.Tabs)))
	left := container.NewBorder(nil, nil, nil, widget.NewSeparator(), v.Thumbs)
	center := container.NewStack(bg, v.Scroll)
	v.content = container.NewBorder(container.NewVBox(toolbar, widget.NewSeparator()), nil, left, right, center)
	v.updateControls()
	return v
}

// pageSizeMM is the current page's displayed size, or A4 when no document is open.
func (v *StampView) pageSizeMM() (w, h float64) {
	if v.page < len(v.pages) {
		return v.pages[v.page].DisplaySizeMM()
	}
	return 210, 297
}

func (v *StampView) openDialog() {
	openFile(v.w.Window, []string{".pdf", ".PDF", ".ofd", ".OFD"}, filepath.Join(v.w.ws.Home, "documents"), v.OpenFile)
}

// OpenFile loads a PDF or an OFD: reading, parsing and the first render run off the GUI goroutine.
func (v *StampView) OpenFile(path string) {
	v.w.touch()
	w := v.w
	v.loading++
	v.Verify.Clear()
	v.Tabs.SelectIndex(0)
	v.Message.SetText("")
	w.setStatus(w.t("ui.opening", filepath.Base(path)))
	go func() {
		failText := func(msg string) {
			do(func() {
				v.Message.SetText(msg)
				w.Status.SetText(msg)
				v.loading--
			})
		}
		fail := func(err error) { failText(app.Message(err, w.lang)) }
		// PDFium reads the file through a reader (nothing copied into it);
		// the hash is one streaming pass, so a 50 MB document is never held
		// in memory here.
		sum, err := w.ws.SumFile(context.Background(), path)
		if err != nil {
			fail(err)
			return
		}
		hash := sum.SM3
		var r *pdfview.Renderer
		switch sum.Format {
		case app.FormatPDF:
			select {
			case <-w.rendDone:
			default:
				do(func() { w.Status.SetText(w.t("ui.renderer.starting")) })
			}
			if r, err = w.renderer(context.Background()); err != nil {
				failText(w.t("ui.renderer.failed", err))
				return
			}
		case app.FormatOFD: // drawn by package ofd: PDFium is not needed
		default:
			failText(w.t("ui.not.pdf") + ": " + filepath.Base(path))
			return
		}
		doc, format, err := w.ws.OpenPages(context.Background(), r, path)
		if err != nil {
			fail(err)
			return
		}
		pages := make([]pdfview.Page, doc.PageCount())
		for i := range pages {
			if pages[i], err = doc.Page(i); err != nil {
				doc.Close()
				fail(err)
				return
			}
		}
		approved := v.findApproved(hash)
		do(func() {
			defer func() { v.loading-- }() // last: tests wait for it
			if old := v.doc; old != nil {
				go old.Close() // a thumbnail render may still hold it
			}
			v.doc, v.format, v.pages, v.docPath, v.docHash = doc, format, pages, path, hash
			v.thumbs = make([]image.Image, len(pages))
			v.cache = newPageCache(24)
			v.page = 0
			if v.locked {
				v.Reason.SetText("")
			}
			v.placed, v.locked, v.approved = false, false, approved
			// More pages and a keyword belong to the document they were typed for.
			v.MorePages.SetText("")
			v.Keyword.SetText("")
			focus := v.focus
			v.focus = nil
			if focus != nil {
				v.page = min(max(focus.Page-1, 0), len(pages)-1)
			}
			if approved != nil {
				if sl, err := w.ws.Seal(context.Background(), approved.SealID); err == nil {
					v.seal = &sl
					v.Page.mark.setSeal(v.seal)
					v.locked, v.placed = true, true
					v.page = min(max(approved.Page-1, 0), len(pages)-1)
					v.cx, v.cy = approved.XMM, approved.YMM
					v.Reason.SetText(approved.Reason)
				}
			}
			v.DocName.SetText(homeRelative(path))
			v.Thumbs.Refresh()
			v.Thumbs.Select(v.page)
			w.Status.SetText(w.t("ui.opened", filepath.Base(path), len(pages)))
			v.applyZoom()
			v.updateControls()
			v.renderThumbs(doc)
			if focus == nil && approved != nil {
				focus = approved
			}
			if focus != nil {
				// Scroll the seal's spot into the middle of the view.
				y := float32(focus.YMM*v.scale) + pageMargin - v.Scroll.Size().Height/2
				v.Scroll.Offset = fyne.NewPos(0, max(y, 0))
				v.Scroll.Refresh()
			}
		})
	}()
}

// close lets go of the open document (in the background: a render may hold PDFium).
func (v *StampView) close() {
	if d := v.doc; d != nil {
		v.doc = nil
		go d.Close()
	}
}

// findApproved returns this user's approved, unused request for exactly this
// document (by its SM3 hash), or nil.
func (v *StampView) findApproved(hash string) *app.StampRequest {
	r, err := v.w.ws.ApprovedRequest(context.Background(), v.w.Session.User.Name, hash)
	if err != nil {
		return nil
	}
	return r
}

// renderThumbs renders every page small, one after another, in the background.
func (v *StampView) renderThumbs(doc pdfview.Pages) {
	n := doc.PageCount()
	go func() {
		for i := 0; i < n; i++ {
			img, err := doc.Render(context.Background(), i, 24)
			if err != nil {
				return
			}
			do(func() {
				if v.doc != doc {
					return
				}
				v.thumbs[i] = img
				v.Thumbs.RefreshItem(i)
			})
		}
	}()
}

// GoTo shows page i (0-based).
func (v *StampView) GoTo(i int) {
	v.w.touch()
	if v.doc == nil || i < 0 || i >= len(v.pages) || v.locked && i != v.page {
		return
	}
	v.page = i
	if !v.locked {
		v.placed = false
	}
	v.Thumbs.Select(i)
	v.applyZoom()
	v.updateControls()
}

// ZoomBy steps through the fixed zoom levels (+1 in, -1 out).
func (v *StampView) ZoomBy(step int) {
	v.w.touch()
	cur := int(math.Round(v.scale / unitsPerMM * 100))
	pick := zoomSteps[0]
	if step > 0 {
		pick = zoomSteps[len(zoomSteps)-1]
		for _, z := range zoomSteps {
			if z > cur {
				pick = z
				break
			}
		}
	} else {
		for _, z := range zoomSteps {
			if z < cur {
				pick = z
			}
		}
	}
	v.Zoom.SetSelected(fmt.Sprintf("%d%%", pick))
}

// applyZoom sets the scale from the zoom choice and renders the page for it.
func (v *StampView) applyZoom() {
	wmm, hmm := v.pageSizeMM()
	avail := v.Scroll.Size()
	v.fitFor = avail
	switch v.zoom {
	case v.w.t("ui.zoom.width"):
		if avail.Width > 100 {
			v.scale = float64(avail.Width-2*pageMargin-12) / wmm
		}
	case v.w.t("ui.zoom.page"):
		if avail.Width > 100 && avail.Height > 100 {
			v.scale = math.Min(float64(avail.Width-2*pageMargin)/wmm, float64(avail.Height-2*pageMargin)/hmm)
		}
	default:
		var pct float64
		if _, err := fmt.Sscanf(v.zoom, "%f%%", &pct); err == nil && pct > 0 {
			v.scale = unitsPerMM * pct / 100
		}
	}
	v.scale = math.Max(v.scale, unitsPerMM*0.25)
	v.Page.Refresh()
	v.Scroll.Refresh()
	v.render()
}

// isFit reports whether the zoom follows the window (fit width or fit page).
func (v *StampView) isFit() bool {
	return v.zoom == v.w.t("ui.zoom.width") || v.zoom == v.w.t("ui.zoom.page")
}

// render shows the current page at the current scale, from the cache or from
// PDFium in the background; meanwhile any cached rendering of the page stands in.
func (v *StampView) render() {
	if v.doc == nil {
		return
	}
	cs := float64(1)
	if c := v.w.Window.Canvas(); c != nil && c.Scale() > 0 {
		cs = float64(c.Scale())
	}
	dpi := int(math.Round(v.scale * 25.4 * cs))
	dpi = min(max(dpi, 18), 600)
	k := cacheKey{v.page, dpi}
	if img := v.cache.get(k); img != nil {
		v.showImage(img)
		return
	}
	if img := v.cache.any(v.page); img != nil {
		v.showImage(img)
	}
	doc, cache := v.doc, v.cache
	go func() {
		img, err := doc.Render(context.Background(), k.page, float64(k.dpi))
		do(func() {
			if err != nil {
				if v.doc == doc {
					v.Message.SetText(app.Message(err, v.w.lang))
				}
				return
			}
			cache.put(k, img)
			if v.doc == doc && v.page == k.page {
				v.showImage(img)
			}
		})
	}()
}

func (v *StampView) showImage(img *image.RGBA) {
	v.Page.img.Image = img
	v.Page.img.Refresh()
	v.rendered++
}

// dropAt places the seal where a drag from the palette is (an absolute canvas
// position), if that is over the page.
func (v *StampView) dropAt(s app.Seal, abs fyne.Position) {
	rel := abs.Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(v.Page)).Subtract(v.Page.origin())
	ps := v.Page.pageSize()
	if rel.X < 0 || rel.Y < 0 || rel.X > ps.Width || rel.Y > ps.Height {
		return
	}
	v.placeSeal(s, float64(rel.X)/v.scale, float64(rel.Y)/v.scale)
}

// placeSeal puts seal s with its centre at (cx, cy) mm on the current page.
func (v *StampView) placeSeal(s app.Seal, cx, cy float64) {
	if v.seal == nil || v.seal.ID != s.ID {
		v.seal = &s
		v.Page.mark.setSeal(v.seal)
		for _, p := range v.Palette {
			p.refreshLook()
		}
	}
	v.placed = true
	// A "place a seal first" left from an earlier try is answered now.
	if v.Message.Text == v.w.t("ui.need.seal") {
		v.Message.SetText("")
	}
	v.moveTo(cx, cy)
}

// moveTo moves the seal's centre, keeping the whole seal on the page.
func (v *StampView) moveTo(cx, cy float64) {
	v.w.touch()
	if v.seal == nil {
		return
	}
	wmm, hmm := v.pageSizeMM()
	v.cx = math.Min(math.Max(cx, v.seal.WidthMM/2), wmm-v.seal.WidthMM/2)
	v.cy = math.Min(math.Max(cy, v.seal.HeightMM/2), hmm-v.seal.HeightMM/2)
	// Tenths of a millimetre: what the request records and the approver sees.
	v.cx, v.cy = math.Round(v.cx*10)/10, math.Round(v.cy*10)/10
	v.Page.Refresh()
	v.updateControls()
}

// Placement returns the seal's page (1-based), centre in display millimetres and
// the PDF user-space rectangle it will occupy.
func (v *StampView) Placement() (page int, cx, cy float64, rect pdfview.Rect, err error) {
	if v.seal == nil || !v.placed || v.page >= len(v.pages) {
		return 0, 0, 0, pdfview.Rect{}, fmt.Errorf("no seal placed")
	}
	rect, err = v.pages[v.page].Place(v.cx, v.cy, v.seal.WidthMM, v.seal.HeightMM)
	return v.page + 1, v.cx, v.cy, rect, err
}

func (v *StampView) updateControls() {
	w := v.w
	n := len(v.pages)
	if n == 0 {
		v.PageLabel.SetText("")
	} else {
		v.PageLabel.SetText(w.t("ui.page.of", v.page+1, n))
	}
	setEnabled(v.PrevPage, v.doc != nil && v.page > 0 && !v.locked)
	setEnabled(v.NextPage, v.doc != nil && v.page < n-1 && !v.locked)
	if page, cx, cy, r, err := v.Placement(); err == nil && v.format == app.FormatOFD {
		// The StampAnnot's Boundary: x, y, width, height in mm from the top-left.
		sw, sh := v.seal.WidthMM, v.seal.HeightMM
		v.Info.SetText(w.t("ui.placement.ofd", page, cx, cy, cx-sw/2, cy-sh/2, sw, sh))
	} else if err == nil {
		v.Info.SetText(w.t("ui.placement", page, cx, cy, r.LLX, r.LLY, r.URX, r.URY))
	} else {
		v.Info.SetText(w.t("ui.placement.none"))
	}
	if v.approved != nil {
		v.Action.SetText(w.t("ui.stamp"))
		v.Action.SetIcon(theme.DocumentCreateIcon())
		name := v.approved.SealID
		if v.seal != nil {
			name = v.seal.Name
		}
		v.Message.SetText(w.t("ui.stamp.approved", v.approved.ID, name, v.approved.Page))
		if len(v.approved.Placements) > 1 {
			v.Message.SetText(w.t("ui.stamp.approved.marks", v.approved.ID, name, positionText(w, *v.approved)))
		}
	} else {
		v.Action.SetText(w.t("ui.request"))
		v.Action.SetIcon(theme.MailSendIcon())
	}
	v.Reason.Enable()
	setEnabled(v.MorePages, !v.locked)
	// An OFD takes no keyword placement and no seam (app refuses both:
	// GB/T 38540 stamps are placed by hand, one page each).
	ofd := v.format == app.FormatOFD
	for _, e := range []fyne.Disableable{v.Keyword, v.KeywordAll} {
		setEnabled(e, !v.locked && !ofd)
	}
	if v.locked {
		v.Reason.Disable()
	}
	setEnabled(v.Action, v.doc != nil)
	setEnabled(v.SeamBtn, v.doc != nil && !v.locked && !ofd)
	setEnabled(v.BatchBtn, v.doc != nil && !v.locked)
	if v.side != nil {
		v.side.Refresh() // wrapped labels may have changed height
	}
}

func setEnabled(d fyne.Disableable, on bool) {
	if on {
		d.Enable()
	} else {
		d.Disable()
	}
}

// act is the Action button: file a request, or stamp an approved one.
func (v *StampView) act() {
	v.w.touch()
	if v.approved != nil {
		v.askPIN()
		return
	}
	w := v.w
	in, ok := v.requestInput()
	if !ok {
		return
	}
	id, err := w.ws.Request(context.Background(), w.Session, in)
	if err != nil {
		v.Message.SetText(app.Message(err, w.lang))
		return
	}
	v.Message.SetText(w.t("ui.requested", id))
	v.side.Refresh()
	w.Status.SetText(w.t("ui.requested", id))
}

// requestInput is what the view asks for: the dragged seal at its spot (and
// the same spot on more pages), or at a keyword; false, with the message
// shown, when something is missing.
func (v *StampView) requestInput() (app.RequestInput, bool) {
	w := v.w
	if v.doc == nil {
		v.Message.SetText(w.t("ui.need.doc"))
		return app.RequestInput{}, false
	}
	in := app.RequestInput{DocPath: v.docPath, Reason: strings.TrimSpace(v.Reason.Text)}
	if kw := strings.TrimSpace(v.Keyword.Text); kw != "" {
		// The seal the custodian dragged goes where the text is, wherever
		// it was dropped.
		if v.seal == nil {
			v.Message.SetText(w.t("ui.need.seal"))
			return in, false
		}
		rule := pdfview.KeywordRule{Keyword: kw}
		if v.KeywordAll.Checked {
			rule.Index = pdfview.AllMatches
		}
		in.Seal, in.Keyword = v.seal.ID, &rule
		return in, true
	}
	page, cx, cy, _, err := v.Placement()
	if err != nil {
		v.Message.SetText(w.t("ui.need.seal"))
		return in, false
	}
	marks, err := v.morePlacements(page, cx, cy)
	if err != nil {
		v.Message.SetText(app.Message(err, w.lang))
		return in, false
	}
	in.Seal, in.Placements = v.seal.ID, marks
	return in, true
}

// PINDialog asks for the seal's PIN and runs the signing.
type PINDialog struct {
	Entry    *widget.Entry
	OK       *widget.Button
	Cancel   *widget.Button
	Message  *widget.Label
	Progress *widget.ProgressBarInfinite
	dialog   dialog.Dialog
	busy     bool
	cancel   context.CancelFunc // while signing: stops it
}

// testHookStampStarted runs on the signing goroutine before app.Stamp (tests
// park the signature there to press Cancel).
var testHookStampStarted func(ctx context.Context)

func (v *StampView) askPIN() {
	v.w.touch()
	w := v.w
	p := &PINDialog{}
	p.Entry = widget.NewPasswordEntry()
	p.Entry.SetPlaceHolder(w.t("ui.pin"))
	p.Message = widget.NewLabel("")
	p.Message.Importance = widget.DangerImportance
	p.Message.Wrapping = fyne.TextWrapWord
	p.Progress = widget.NewProgressBarInfinite()
	p.Progress.Stop()
	p.Progress.Hide()
	p.OK = widget.NewButtonWithIcon(w.t("ui.ok"), theme.ConfirmIcon(), func() { v.stamp(p) })
	p.OK.Importance = widget.HighImportance
	p.Cancel = widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() {
		if !p.busy {
			p.dialog.Hide()
			return
		}
		if p.cancel != nil {
			p.Cancel.Disable()
			p.Message.SetText(w.t("ui.stamp.cancelling"))
			p.cancel() // last: the signing goroutine may answer at once
		}
	})
	p.Entry.OnSubmitted = func(string) { v.stamp(p) }
	seal := ""
	if v.seal != nil {
		seal = v.seal.Name
	}
	img := canvas.NewImageFromResource(nil)
	if v.seal != nil {
		img.Resource = sealPicture(*v.seal)
	}
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(72, 72))
	body := container.NewVBox(
		container.NewHBox(img, container.NewCenter(widget.NewLabel(w.t("ui.pin.for", seal)))),
		p.Entry, p.Message, p.Progress,
		container.NewHBox(layout.NewSpacer(), p.Cancel, p.OK))
	p.dialog = dialog.NewCustomWithoutButtons(w.t("ui.pin.title"), container.NewGridWrap(fyne.NewSize(380, body.MinSize().Height), body), w.Window)
	v.PIN = p
	p.dialog.Show()
	w.Window.Canvas().Focus(p.Entry)
}

// outPath names the stamped copy next to the original, never over anything.
func outPath(orig, suffix string) string {
	ext := filepath.Ext(orig)
	base := strings.TrimSuffix(orig, ext)
	for i := 1; ; i++ {
		p := base + "-" + suffix + ext
		if i > 1 {
			p = fmt.Sprintf("%s-%s-%d%s", base, suffix, i, ext)
		}
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			return p
		}
	}
}

// stamp signs off the GUI goroutine; the dialog shows a progress bar meanwhile.
func (v *StampView) stamp(p *PINDialog) {
	if p.busy {
		return
	}
	w := v.w
	p.busy = true
	p.OK.Disable()
	p.Entry.Disable()
	p.Message.SetText("")
	p.Progress.Show()
	p.Progress.Start()
	in := app.StampInput{RequestID: v.approved.ID, DocPath: v.docPath, OutPath: outPath(v.docPath, w.t("ui.stamp.suffix")), PIN: p.Entry.Text}
	sess := w.Session
	w.setStatus(w.t("ui.stamping"))
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() {
		defer cancel()
		if testHookStampStarted != nil {
			testHookStampStarted(ctx)
		}
		res, err := w.ws.Stamp(ctx, sess, in)
		var rep *app.VerifyReport
		var verr error
		if err == nil {
			roots, rerr := w.ws.Roots()
			if rerr != nil {
				verr = rerr
			} else {
				rep, verr = app.VerifyFile(ctx, res.OutPath, app.VerifyOptions{Roots: roots})
			}
		}
		do(func() {
			defer func() { p.busy = false }() // last: tests wait for it
			p.cancel = nil
			p.Cancel.Enable()
			p.Progress.Stop()
			p.Progress.Hide()
			if err != nil {
				msg := app.Message(err, w.lang)
				p.Message.SetText(msg)
				w.Status.SetText(msg)
				p.Entry.SetText("")
				p.Entry.Enable()
				if app.Code(err) != app.CodePINLocked {
					p.OK.Enable()
				}
				return
			}
			p.dialog.Hide()
			v.focus = v.approved
			v.OpenFile(res.OutPath)
			if verr != nil {
				v.Verify.ShowError(verr)
			} else {
				v.Verify.Show(rep)
			}
			v.Tabs.SelectIndex(1)
			v.Message.SetText(w.t("ui.stamped", filepath.Base(res.OutPath)))
			w.Status.SetText(w.t("ui.stamped", homeRelative(res.OutPath)))
		})
	}()
}
