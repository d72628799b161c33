package ui

import (
	"context"
	"image"
	"strconv"
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
	"sealdesk/place"
)

// Several marks and the cross-page seal in the stamping view (issue 16): the
// seal placed on the page can go at the same spot on more pages, and the
// 骑缝章 action cuts the seal across the pages' edge, with a preview of the
// slices before the request is filed.

// seamPreviewDPI renders the pages the seam preview shows side by side.
const seamPreviewDPI = 20.0

// morePlacements is the placement the custodian dragged plus the same spot on
// the pages named in the "more pages" field.
func (v *StampView) morePlacements(page int, cx, cy float64) (place.List, error) {
	marks := place.List{{Page: page, XMM: cx, YMM: cy}}
	text := strings.TrimSpace(v.MorePages.Text)
	if text == "" {
		return marks, nil
	}
	pages, err := place.ParsePages(text, len(v.pages))
	if err != nil {
		return nil, app.NewError(app.CodePageList, err, text, len(v.pages))
	}
	for _, p := range pages {
		if p != page {
			marks = append(marks, place.Placement{Page: p, XMM: cx, YMM: cy})
		}
	}
	return marks, nil
}

// SeamDialog asks for a cross-page seal: which seal, which edge, which pages,
// where along the edge; it shows the slices on the pages as they will be.
type SeamDialog struct {
	Seal    *widget.Select
	Edge    *widget.Select
	Pages   *widget.Entry
	Offset  *widget.Entry
	Preview *canvas.Image
	Note    *widget.Label
	OK      *widget.Button
	Cancel  *widget.Button
	dialog  dialog.Dialog
	seq     int
	pending int // previews being drawn; for tests
}

// openSeam shows the 骑缝章 dialog for the open document.
func (v *StampView) openSeam() {
	v.w.touch()
	w := v.w
	if v.doc == nil {
		v.Message.SetText(w.t("ui.need.doc"))
		return
	}
	d := &SeamDialog{}
	v.SeamDialog = d
	var names []string
	seals := map[string]app.Seal{}
	for _, it := range v.Palette {
		names = append(names, it.Seal.Name)
		seals[it.Seal.Name] = it.Seal
	}
	d.Seal = widget.NewSelect(names, nil)
	if v.seal != nil {
		d.Seal.Selected = v.seal.Name
	} else if len(names) > 0 {
		d.Seal.Selected = names[0]
	}
	edgeNames := map[string]place.Edge{}
	var edges []string
	for _, e := range app.SeamEdges() {
		n := w.t("place.edge." + string(e))
		edges = append(edges, n)
		edgeNames[n] = e
	}
	d.Edge = widget.NewSelect(edges, nil)
	d.Edge.Selected = edges[0]
	d.Pages = widget.NewEntry()
	d.Pages.SetText("1-" + strconv.Itoa(len(v.pages)))
	d.Offset = widget.NewEntry()
	d.Offset.SetPlaceHolder(w.t("ui.seam.offset.middle"))
	d.Preview = canvas.NewImageFromImage(nil)
	d.Preview.FillMode = canvas.ImageFillContain
	d.Preview.SetMinSize(fyne.NewSize(560, 220))
	d.Note = widget.NewLabel("")
	d.Note.Wrapping = fyne.TextWrapWord

	input := func() (app.Seal, *app.SeamInput, error) {
		s, ok := seals[d.Seal.Selected]
		if !ok {
			return s, nil, app.NewError(app.CodeBadArgument, nil, w.t("ui.seam.seal"))
		}
		in := &app.SeamInput{Edge: edgeNames[d.Edge.Selected], Pages: strings.TrimSpace(d.Pages.Text)}
		if t := strings.TrimSpace(d.Offset.Text); t != "" {
			f, err := strconv.ParseFloat(t, 64)
			if err != nil || f <= 0 {
				return s, nil, app.NewError(app.CodeBadArgument, err, w.t("ui.seam.offset")+" "+t)
			}
			in.OffsetMM = f
		}
		return s, in, nil
	}
	refresh := func() {
		s, in, err := input()
		if err != nil {
			d.Note.SetText(app.Message(err, w.lang))
			return
		}
		d.seq++
		seq := d.seq
		d.pending++
		doc, pages := v.doc, v.pages
		go func() {
			img, note := seamPreview(w, doc, pages, s, in)
			do(func() {
				defer func() { d.pending-- }()
				if seq != d.seq {
					return
				}
				d.Preview.Image = img
				d.Preview.Refresh()
				d.Note.SetText(note)
				setEnabled(d.OK, img != nil)
			})
		}()
	}
	d.Seal.OnChanged = func(string) { refresh() }
	d.Edge.OnChanged = func(string) { refresh() }
	d.Pages.OnChanged = func(string) { refresh() }
	d.Offset.OnChanged = func(string) { refresh() }

	d.Cancel = widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { d.dialog.Hide() })
	d.OK = widget.NewButtonWithIcon(w.t("ui.seam.request"), theme.MailSendIcon(), func() {
		s, in, err := input()
		if err == nil {
			var id string
			id, err = w.ws.Request(context.Background(), w.Session, app.RequestInput{Seal: s.ID, DocPath: v.docPath, Seam: in,
				Reason: strings.TrimSpace(v.Reason.Text)})
			if err == nil {
				d.dialog.Hide()
				v.Message.SetText(w.t("ui.requested", id))
				v.side.Refresh()
				w.Status.SetText(w.t("ui.requested", id))
				return
			}
		}
		d.Note.SetText(app.Message(err, w.lang))
	})
	d.OK.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.seam.seal"), d.Seal),
		widget.NewFormItem(w.t("ui.seam.edge"), d.Edge),
		widget.NewFormItem(w.t("ui.seam.pages"), d.Pages),
		widget.NewFormItem(w.t("ui.seam.offset"), d.Offset))
	hint := widget.NewLabel(w.t("ui.seam.hint"))
	hint.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(hint, form), container.NewVBox(d.Note, container.NewHBox(layout.NewSpacer(), d.Cancel, d.OK)),
		nil, nil, d.Preview)
	d.dialog = dialog.NewCustomWithoutButtons(w.t("ui.seam.title"), body, w.Window)
	d.dialog.Resize(fyne.NewSize(640, 600))
	d.dialog.Show()
	refresh()
}

// seamPreview draws the pages of a seam seal side by side with their slices,
// or says why there is none.
func seamPreview(w *Workstation, doc pdfview.Pages, pages []pdfview.Page, s app.Seal, in *app.SeamInput) (image.Image, string) {
	spec := in.Pages
	if spec == "" {
		spec = "1-" + strconv.Itoa(len(pages))
	}
	nrs, err := place.ParsePages(spec, len(pages))
	if err != nil {
		return nil, app.Message(app.NewError(app.CodePageList, err, spec, len(pages)), w.lang)
	}
	if len(nrs) < 2 {
		return nil, app.Message(app.NewError(app.CodeSeamPages, nil, len(nrs)), w.lang)
	}
	offset := in.OffsetMM
	if offset == 0 {
		pw, ph := pages[nrs[0]-1].DisplaySizeMM()
		if offset = ph / 2; !in.Edge.Vertical() {
			offset = pw / 2
		}
	}
	size := func(p int) (float64, float64) { return pages[p-1].DisplaySizeMM() }
	marks, err := place.SeamMarks(nrs, in.Edge, offset, s.WidthMM, s.HeightMM, size)
	if err != nil {
		return nil, err.Error()
	}
	pic := sealImage(s.Picture)
	shown := nrs
	if len(shown) > maxApprovePages {
		shown = shown[:maxApprovePages]
	}
	var imgs []*image.RGBA
	for i, p := range shown {
		img, err := doc.Render(context.Background(), p-1, seamPreviewDPI)
		if err != nil {
			return nil, app.Message(err, w.lang)
		}
		if pic != nil {
			drawMark(img, pic, marks[i], s.WidthMM, s.HeightMM, seamPreviewDPI/25.4)
		}
		imgs = append(imgs, img)
	}
	slice := s.WidthMM / float64(len(nrs))
	if !in.Edge.Vertical() {
		slice = s.HeightMM / float64(len(nrs))
	}
	return sideBySide(imgs), w.t("ui.seam.note", len(nrs), slice, offset)
}
