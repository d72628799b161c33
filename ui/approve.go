package ui

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	xdraw "golang.org/x/image/draw"

	"sealdesk/app"
	"sealdesk/pdfview"
	"sealdesk/place"
)

// approveDPI is the resolution of the approver's page preview: a whole A4 page
// in about 600 pixels.
const approveDPI = 72.0

// ApproveView is the approver's screen: pending stamp and print requests on
// the left, the selected one with its seal, placement and reason (or, for a
// print request, its copies and reason) on the right.
type ApproveView struct {
	List     *widget.List
	Pending  []app.StampRequest
	Selected int // index into Pending, -1 for none
	Detail   *widget.Form

	// Pending print requests (ids starting with P); at most one of Selected and
	// PrintSelected is set.
	PrintList     *widget.List
	PrintPending  []app.PrintRequest
	PrintSelected int // index into PrintPending, -1 for none
	PrintDetail   *widget.Form

	Picture *canvas.Image
	// PagePreview is the requested page with the seal drawn where it will go;
	// PageNote says which page, or why it cannot be shown.
	PagePreview *canvas.Image
	PageNote    *widget.Label
	Comment     *widget.Entry
	Approve     *widget.Button
	ApproveAll  *widget.Button // the whole batch of the selected request
	Reject      *widget.Button
	Message     *widget.Label

	w       *Workstation
	seals   map[string]app.Seal
	content fyne.CanvasObject
	labels  map[string]*widget.Label
	plabels map[string]*widget.Label
	names   map[string]string // user name -> display name
	// pageMu orders the preview's updates: the test driver runs a background
	// render's callback on its own goroutine, beside the test's (TestApprove* saw
	// a label refreshed by both at once).
	pageMu  sync.Mutex
	seq     int // the latest page preview asked for
	pending int // page previews under way; for tests
	pageBox *fyne.Container
	// detailBox holds the form: wrapped values take their height only when it
	// is laid out again after they are set.
	detailBox *fyne.Container
}

var approvePrintFields = []string{"ui.approve.doc", "ui.approve.path", "ui.approve.requester", "ui.approve.print.copies", "ui.approve.print.reason", "ui.approve.time", "ui.approve.hash"}

var approveFields = []string{"ui.approve.doc", "ui.approve.path", "ui.approve.requester", "ui.approve.progress", "ui.approve.seal", "ui.approve.position", "ui.reason", "ui.approve.time", "ui.approve.hash"}

func newApproveView(w *Workstation) *ApproveView {
	v := &ApproveView{w: w, Selected: -1, PrintSelected: -1, seals: map[string]app.Seal{}, labels: map[string]*widget.Label{},
		plabels: map[string]*widget.Label{}, names: map[string]string{}}
	v.List = widget.NewList(
		func() int { return len(v.Pending) },
		func() fyne.CanvasObject { return pictureRow(48, nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := v.Pending[i]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*fyne.Container)
			img := row.Objects[1].(*canvas.Image)
			if s, ok := v.seals[r.SealID]; ok {
				img.Resource = sealPicture(s)
			}
			img.Refresh()
			text.Objects[0].(*widget.Label).SetText(r.DocName)
			text.Objects[1].(*widget.Label).SetText(v.person(r.Requester) + " · " + r.CreatedAt.Local().Format("2006-01-02 15:04") + " · " + r.ID)
		})
	v.List.OnSelected = func(i widget.ListItemID) { v.Select(i) }
	v.PrintList = widget.NewList(
		func() int { return len(v.PrintPending) },
		func() fyne.CanvasObject {
			title := heading("")
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentPrintIcon()), nil, container.NewVBox(title, sub))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := v.PrintPending[i]
			text := o.(*fyne.Container).Objects[0].(*fyne.Container)
			text.Objects[0].(*widget.Label).SetText(p.DocName + " · " + w.t("ui.approve.print.n", p.Copies))
			text.Objects[1].(*widget.Label).SetText(v.person(p.Requester) + " · " + p.CreatedAt.Local().Format("2006-01-02 15:04") + " · " + p.ID)
		})
	v.PrintList.OnSelected = func(i widget.ListItemID) { v.SelectPrint(i) }
	// Hashes and paths in full: the approver decides on them.
	v.PrintDetail = w.fieldForm(approvePrintFields, v.plabels, func(l *widget.Label) { l.Wrapping = fyne.TextWrapBreak })
	v.PrintDetail.Hide()
	v.Picture = pictureBox(140)
	v.Detail = w.fieldForm(approveFields, v.labels, func(l *widget.Label) { l.Wrapping = fyne.TextWrapBreak })
	v.Comment = widget.NewMultiLineEntry()
	v.Comment.SetPlaceHolder(w.t("ui.approve.comment"))
	v.Comment.SetMinRowsVisible(3)
	v.Approve = widget.NewButtonWithIcon(w.t("ui.approve.ok"), theme.ConfirmIcon(), func() { v.decide(true) })
	v.Approve.Importance = widget.SuccessImportance
	v.ApproveAll = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.approveBatch)
	v.ApproveAll.Hide()
	v.Reject = widget.NewButtonWithIcon(w.t("ui.approve.reject"), theme.CancelIcon(), func() { v.decide(false) })
	v.Reject.Importance = widget.DangerImportance
	v.Message = widget.NewLabel(w.t("ui.approve.select"))
	v.Message.Wrapping = fyne.TextWrapWord

	title := heading(w.t("ui.approve.pending"))
	printTitle := heading(w.t("ui.approve.print.pending"))
	lists := container.NewVSplit(container.NewBorder(title, nil, nil, nil, v.List), container.NewBorder(printTitle, nil, nil, nil, v.PrintList))
	lists.Offset = 0.6
	left := container.NewBorder(nil, nil, nil, widget.NewSeparator(), lists)
	buttons := container.NewHBox(layout.NewSpacer(), v.Reject, v.Approve, v.ApproveAll)
	v.detailBox = container.NewVBox(container.NewHBox(v.Picture), v.Detail, v.PrintDetail, widget.NewSeparator(), v.Comment, buttons, v.Message)
	details := container.NewVScroll(container.NewPadded(v.detailBox))
	v.PagePreview = canvas.NewImageFromImage(nil)
	v.PagePreview.FillMode = canvas.ImageFillContain
	v.PagePreview.ScaleMode = canvas.ImageScaleSmooth
	v.PageNote = widget.NewLabel("")
	v.PageNote.Wrapping = fyne.TextWrapWord
	paper := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	page := container.NewBorder(v.PageNote, nil, nil, nil, container.NewStack(paper, container.NewPadded(v.PagePreview)))
	v.pageBox = page
	right := container.NewHSplit(details, page)
	right.Offset = 0.55
	split := container.NewHSplit(left, right)
	split.Offset = 0.28
	v.content = split
	return v
}

// Reload reads the pending requests again.
func (v *ApproveView) Reload() {
	ctx := context.Background()
	if seals, err := v.w.ws.Seals(ctx); err == nil {
		for _, s := range seals {
			v.seals[s.ID] = s
		}
	}
	if users, err := v.w.ws.AllUsers(ctx); err == nil {
		for _, u := range users {
			v.names[u.Name] = u.DisplayName
		}
	}
	reqs, err := v.w.ws.Requests(ctx, app.RequestPending)
	if err != nil {
		v.Message.SetText(app.Message(err, v.w.lang))
	}
	prints, err := v.w.ws.PrintRequests(ctx, app.RequestPending)
	if err != nil {
		v.Message.SetText(app.Message(err, v.w.lang))
	}
	v.Pending = reqs
	v.PrintPending = prints
	v.List.UnselectAll()
	v.List.Refresh()
	v.PrintList.UnselectAll()
	v.PrintList.Refresh()
	v.Select(-1)
	if len(reqs) == 0 && len(prints) == 0 {
		v.Message.SetText(v.w.t("ui.approve.none"))
	}
}

// Select shows request i of Pending (-1: none).
func (v *ApproveView) Select(i int) {
	v.w.touch()
	w := v.w
	if i < 0 || i >= len(v.Pending) {
		v.Selected = -1
		v.PrintSelected = -1
		v.Detail.Show()
		v.PrintDetail.Hide()
		for _, l := range v.labels {
			l.SetText("")
		}
		v.Picture.Resource = nil
		v.Picture.Refresh()
		v.clearPage()
		v.Approve.Disable()
		v.Reject.Disable()
		v.ApproveAll.Hide()
		v.Message.SetText(w.t("ui.approve.select"))
		return
	}
	v.Selected = i
	v.PrintSelected = -1
	v.PrintList.UnselectAll()
	v.PrintDetail.Hide()
	v.Detail.Show()
	r := v.Pending[i]
	s := v.seals[r.SealID]
	v.labels["ui.approve.doc"].SetText(r.DocName)
	v.labels["ui.approve.path"].SetText(homeRelative(r.DocPath))
	v.labels["ui.approve.requester"].SetText(v.person(r.Requester))
	v.labels["ui.approve.progress"].SetText(v.progress(r))
	v.labels["ui.approve.seal"].SetText(s.Name + " · " + w.t("kind."+s.Kind) + " · " + s.Code)
	v.labels["ui.approve.position"].SetText(positionText(w, r))
	v.labels["ui.reason"].SetText(r.Reason)
	v.labels["ui.approve.time"].SetText(r.CreatedAt.Local().Format("2006-01-02 15:04:05"))
	v.labels["ui.approve.hash"].SetText(r.DocHash)
	v.Picture.Resource = sealPicture(s)
	v.Picture.Refresh()
	v.showPage(r, s)
	v.Detail.Refresh()
	v.detailBox.Refresh()
	v.Approve.Enable()
	v.Reject.Enable()
	v.ApproveAll.Hide()
	if r.Batch != "" {
		n := 0
		for _, o := range v.Pending {
			if o.Batch == r.Batch {
				n++
			}
		}
		v.ApproveAll.SetText(w.t("ui.approve.batch", n))
		v.ApproveAll.Show()
	}
	v.Message.SetText("")
	if v.List != nil {
		v.List.Select(i)
	}
}

// SelectPrint shows print request i of PrintPending.
func (v *ApproveView) SelectPrint(i int) {
	v.w.touch()
	w := v.w
	if i < 0 || i >= len(v.PrintPending) {
		v.Select(-1)
		return
	}
	v.Selected = -1
	v.PrintSelected = i
	v.List.UnselectAll()
	v.Detail.Hide()
	v.PrintDetail.Show()
	p := v.PrintPending[i]
	v.plabels["ui.approve.doc"].SetText(p.DocName)
	v.plabels["ui.approve.path"].SetText(homeRelative(p.DocPath))
	v.plabels["ui.approve.requester"].SetText(v.person(p.Requester))
	v.plabels["ui.approve.print.copies"].SetText(w.t("ui.approve.print.n", p.Copies))
	v.plabels["ui.approve.print.reason"].SetText(p.Reason)
	v.plabels["ui.approve.time"].SetText(p.CreatedAt.Local().Format("2006-01-02 15:04:05"))
	v.plabels["ui.approve.hash"].SetText(p.DocHash)
	v.PrintDetail.Refresh()
	v.detailBox.Refresh()
	v.Picture.Resource = theme.DocumentPrintIcon()
	v.Picture.Refresh()
	v.clearPage()
	v.Approve.Enable()
	v.Reject.Enable()
	v.ApproveAll.Hide()
	v.Message.SetText("")
	v.PrintList.Select(i)
}

func (v *ApproveView) decide(approve bool) {
	v.w.touch()
	w := v.w
	var id string
	switch {
	case v.Selected >= 0:
		id = v.Pending[v.Selected].ID
	case v.PrintSelected >= 0:
		id = v.PrintPending[v.PrintSelected].ID
	default:
		return
	}
	ctx := context.Background()
	var err error
	if approve {
		err = w.ws.Approve(ctx, w.Session, id, v.Comment.Text)
	} else {
		err = w.ws.Reject(ctx, w.Session, id, v.Comment.Text)
	}
	if err != nil {
		msg := app.Message(err, w.lang)
		v.Message.SetText(msg)
		v.Message.Importance = widget.DangerImportance
		v.Message.Refresh()
		w.Status.SetText(msg)
		return
	}
	done := w.t("ui.approve.done", id)
	if !approve {
		done = w.t("ui.reject.done", id)
	} else if v.Selected >= 0 {
		// Say who else must still approve under a rule needing several.
		if have, need, err := w.ws.ApprovalProgress(ctx, id); err == nil && have < need {
			done = w.t("ui.approve.done_more", id, have, need, need-have)
		}
	}
	v.Comment.SetText("")
	v.Reload()
	v.Message.Importance = widget.MediumImportance
	v.Message.SetText(done)
	w.Status.SetText(done)
}

// approveBatch approves every pending document of the selected request's
// batch, each with its own signed approval.
func (v *ApproveView) approveBatch() {
	v.w.touch()
	w := v.w
	if v.Selected < 0 || v.Pending[v.Selected].Batch == "" {
		return
	}
	batch := v.Pending[v.Selected].Batch
	n, err := w.ws.ApproveBatch(context.Background(), w.Session, batch, v.Comment.Text)
	msg := w.t("ui.approve.batch.done", batch, n)
	if err != nil {
		msg = app.Message(err, w.lang)
	}
	v.Comment.SetText("")
	v.Reload()
	v.Message.SetText(msg)
	w.Status.SetText(msg)
}

// person names a user by display name and sign-in name, e.g. 王印管（custodian）.
func (v *ApproveView) person(name string) string {
	if d := v.names[name]; d != "" && d != name {
		return d + "（" + name + "）"
	}
	return name
}

// progress says how many of the approvals request r's rule needs it has.
func (v *ApproveView) progress(r app.StampRequest) string {
	have, need, err := v.w.ws.ApprovalProgress(context.Background(), r.ID)
	if err != nil {
		return app.Message(err, v.w.lang)
	}
	return v.w.t("ui.approve.progress_n", have, need)
}

// showPage renders the page request r names, off the GUI goroutine, with seal
// s drawn at the requested spot and size: the approver sees what the stamp
// will look like, not just coordinates. A file that is no longer the one
// requested (changed, moved) is said instead; the approval binds the request's
// SM3 either way.
func (v *ApproveView) showPage(r app.StampRequest, s app.Seal) {
	w := v.w
	v.pageMu.Lock()
	defer v.pageMu.Unlock()
	v.seq++
	seq := v.seq
	v.pending++
	v.PagePreview.Image = nil
	v.PagePreview.Refresh()
	v.PageNote.SetText(w.t("ui.approve.page_loading", r.Page))
	go func() {
		img, note := v.composePage(r, s)
		do(func() {
			v.pageMu.Lock()
			defer v.pageMu.Unlock()
			defer func() { v.pending-- }() // last: tests wait for it
			if seq != v.seq {
				return
			}
			v.PagePreview.Image = img
			v.PagePreview.Refresh()
			v.PageNote.SetText(note)
			v.pageBox.Refresh() // the note's lines decide the header's height
		})
	}()
}

func (v *ApproveView) composePage(r app.StampRequest, s app.Seal) (image.Image, string) {
	w := v.w
	sum, err := w.ws.SumFile(context.Background(), r.DocPath)
	if err != nil {
		return nil, w.t("ui.approve.page_missing", app.Message(err, w.lang))
	}
	if sum.SM3 != r.DocHash {
		return nil, w.t("ui.approve.page_changed")
	}
	ctx := context.Background()
	var rend *pdfview.Renderer
	if sum.Format == app.FormatPDF {
		if rend, err = w.renderer(ctx); err != nil {
			return nil, w.t("ui.renderer.failed", err)
		}
	}
	// A PDF through PDFium, an OFD drawn by package ofd (issue 15).
	doc, _, err := w.ws.OpenPages(ctx, rend, r.DocPath)
	if err != nil {
		return nil, app.Message(err, w.lang)
	}
	defer doc.Close()
	marks := r.Placements
	if len(marks) == 0 {
		marks = place.List{{Page: r.Page, XMM: r.XMM, YMM: r.YMM}}
	}
	// Every page that gets a mark, side by side in the order of the
	// marks (a seam seal's slices then read left to right), each with its
	// marks drawn where and as large as they will be.
	pages := marks.Pages()
	if len(pages) > maxApprovePages {
		pages = pages[:maxApprovePages]
	}
	pic := sealImage(s.Picture)
	k := approveDPI / 25.4
	var rendered []*image.RGBA
	for _, p := range pages {
		img, err := doc.Render(ctx, p-1, approveDPI)
		if err != nil {
			return nil, app.Message(err, w.lang)
		}
		for _, m := range marks {
			if m.Page != p || pic == nil {
				continue
			}
			drawMark(img, pic, m, s.WidthMM, s.HeightMM, k)
		}
		rendered = append(rendered, img)
	}
	if len(marks) == 1 {
		return rendered[0], w.t("ui.approve.page_note", r.Page, doc.PageCount(), r.XMM, r.YMM)
	}
	return sideBySide(rendered), w.t("ui.approve.pages_note", app.PlacementsText(w.lang, r), doc.PageCount())
}

// maxApprovePages bounds the pages shown together to the approver.
const maxApprovePages = 8

// drawMark draws mark m of a w×h mm seal picture on a page rendered at k
// pixels a mm: the whole picture, or a seam mark's slice of it.
func drawMark(page *image.RGBA, pic image.Image, m place.Placement, wmm, hmm, k float64) {
	mw, mh := m.Size(wmm, hmm)
	cx, cy, hw, hh := m.XMM*k, m.YMM*k, mw*k/2, mh*k/2
	at := image.Rect(int(cx-hw+0.5), int(cy-hh+0.5), int(cx+hw+0.5), int(cy+hh+0.5))
	b := pic.Bounds()
	x0, y0, x1, y1 := m.Clip()
	src := image.Rect(b.Min.X+int(x0*float64(b.Dx())+0.5), b.Min.Y+int(y0*float64(b.Dy())+0.5),
		b.Min.X+int(x1*float64(b.Dx())+0.5), b.Min.Y+int(y1*float64(b.Dy())+0.5))
	xdraw.CatmullRom.Scale(page, at, pic, src, draw.Over, nil)
}

// sideBySide lays pages out left to right on a grey ground.
func sideBySide(pages []*image.RGBA) image.Image {
	const gap = 12
	w, h := gap, 0
	for _, p := range pages {
		w += p.Bounds().Dx() + gap
		h = max(h, p.Bounds().Dy())
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h+2*gap))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.RGBA{0xd0, 0xd0, 0xd0, 0xff}), image.Point{}, draw.Src)
	x := gap
	for _, p := range pages {
		draw.Draw(out, p.Bounds().Add(image.Pt(x, gap)), p, p.Bounds().Min, draw.Src)
		x += p.Bounds().Dx() + gap
	}
	return out
}

// positionText says where a request puts the seal, for the detail panes.
func positionText(w *Workstation, r app.StampRequest) string {
	if len(r.Placements) <= 1 {
		return w.t("ui.approve.pos", r.Page, r.XMM, r.YMM)
	}
	return app.PlacementsText(w.lang, r)
}

// pictureRow is a list row of a seal or of a stamp request: the seal's
// picture (side wide) on the left, a bold title over a line of detail, and
// right (nil for none) at the end. Its Objects are [text (title, sub),
// picture, right].
func pictureRow(side float32, right fyne.CanvasObject) *fyne.Container {
	img := pictureBox(side)
	title := heading("")
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, img, right, container.NewVBox(title, sub))
}

// clearPage empties the page preview; a render still running for the
// previous request sees seq changed and drops its result.
func (v *ApproveView) clearPage() {
	v.pageMu.Lock()
	defer v.pageMu.Unlock()
	v.seq++
	v.PagePreview.Image = nil
	v.PagePreview.Refresh()
	v.PageNote.SetText("")
}
