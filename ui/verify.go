package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/gif"  // seal pictures in GIF
	_ "image/jpeg" // seal pictures in JPEG
	_ "image/png"  // seal pictures in PNG
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/pdfview"
)

// Signature verdicts as the panel shows them.
const (
	VerdictValid    = "ok"
	VerdictModified = "modified"
	VerdictUnknown  = "unknown"
	VerdictInvalid  = "bad"
	// VerdictUntrusted: intact, but the signer does not chain to the workspace's anchors.
	VerdictUntrusted = "untrusted"
)

// verdict sums one signature report up: invalid beats modified beats unknown signer.
func verdict(s app.SignatureReport) string {
	switch {
	case s.Integrity != app.Valid:
		return VerdictInvalid
	case s.ModifiedAfter:
		return VerdictModified
	case s.Trust == app.Untrusted:
		return VerdictUntrusted
	case s.Trust != app.Trusted:
		return VerdictUnknown
	}
	return VerdictValid
}

func verdictIcon(v string) fyne.Resource {
	switch v {
	case VerdictValid:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case VerdictModified:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case VerdictUnknown:
		return theme.NewWarningThemedResource(theme.QuestionIcon())
	}
	return theme.NewErrorThemedResource(theme.ErrorIcon())
}

// VerifyPanel shows a verification report: a summary, then one card per
// signature (seal picture, who signed, trust, time, every later change in words,
// and a button that shows the signed version in the preview).
type VerifyPanel struct {
	Summary  *widget.Label
	Rows     *fyne.Container
	Verdicts []string // one per signature row, for tests
	Report   *app.VerifyReport
	Period   *widget.Label // a seal file's validity period, nil for PDFs
	// Cards holds one card per signature, in report order.
	Cards []*SignatureCard

	w       *Workstation
	icon    *widget.Icon
	content *fyne.Container
	// onSigned is called with the 1-based signature number when its
	// "view signed version" button is pressed.
	onSigned func(n int)
}

// SignatureCard is one signature as the panel shows it.
type SignatureCard struct {
	Picture    *canvas.Image // the seal picture from the seal data; nil without one
	Title      *widget.Label // the seal or the signer, never the field name
	Lines      []*widget.Label
	ViewSigned *widget.Button // shows the revision this signature signed
}

func newVerifyPanel(w *Workstation) *VerifyPanel {
	p := &VerifyPanel{w: w, Summary: widget.NewLabel(""), Rows: container.NewVBox(), icon: widget.NewIcon(nil)}
	p.Summary.Wrapping = fyne.TextWrapWord
	p.Summary.TextStyle.Bold = true
	p.content = container.NewVBox(container.NewBorder(nil, nil, p.icon, nil, p.Summary), p.Rows)
	p.Clear()
	return p
}

// Clear empties the panel.
func (p *VerifyPanel) Clear() {
	p.Report, p.Verdicts, p.Period, p.Cards = nil, nil, nil, nil
	p.Summary.SetText("")
	p.icon.SetResource(nil)
	p.icon.Hide()
	p.Rows.RemoveAll()
}

// ShowError shows why a file could not be verified.
func (p *VerifyPanel) ShowError(err error) {
	p.Clear()
	p.icon.SetResource(verdictIcon(VerdictInvalid))
	p.icon.Show()
	p.Summary.SetText(app.Message(err, p.w.lang))
	p.content.Refresh()
}

// wrapped is a label that wraps rather than cuts its text.
func wrapped(text string, imp widget.Importance, bold bool) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}

// signerName is who signed, in a person's words: the seal's name (an
// organisation's seal names the organisation), else the certificate's person and
// organisation. The form field's name (Seal1, Signature2) is an internal label
// and only appears in the details.
func (p *VerifyPanel) signerName(s app.SignatureReport) string {
	who := s.Signer
	if s.Workstation != "" {
		who = p.w.t("ui.verify.workstation", s.Workstation)
	}
	if s.Organisation != "" && s.Organisation != s.Signer {
		if who != "" {
			who += "（" + s.Organisation + "）"
		} else {
			who = s.Organisation
		}
	}
	return who
}

// Show fills the panel from a report.
func (p *VerifyPanel) Show(rep *app.VerifyReport) {
	p.Clear()
	t := p.w.t
	p.Report = rep
	switch {
	case rep.Kind == app.KindPDF && len(rep.Signatures) == 0:
		p.icon.SetResource(verdictIcon(VerdictUnknown))
		p.Summary.SetText(t("ui.verify.file", filepath.Base(rep.File)) + "\n" + t("ui.verify.none"))
	case rep.Valid:
		p.icon.SetResource(verdictIcon(VerdictValid))
		p.Summary.SetText(t("ui.verify.file", filepath.Base(rep.File)) + "\n" + t("ui.verify.valid"))
	default:
		p.icon.SetResource(verdictIcon(VerdictInvalid))
		p.Summary.SetText(t("ui.verify.file", filepath.Base(rep.File)) + "\n" + t("ui.verify.invalid"))
	}
	p.icon.Show()
	if rep.Kind != app.KindPDF && rep.Name != "" {
		p.Rows.Add(wrapped(t("ui.verify.seal", rep.Name, rep.Code), widget.MediumImportance, false))
		if rep.ValidFrom != nil && rep.ValidTo != nil {
			text := t("ui.verify.period", rep.ValidFrom.Format("2006-01-02"), rep.ValidTo.Format("2006-01-02"))
			imp := widget.MediumImportance
			switch {
			case rep.Expired:
				text += " · " + t("verify.expired")
				imp = widget.WarningImportance
			case rep.NotYetValid:
				text += " · " + t("verify.not_yet_valid")
				imp = widget.WarningImportance
			}
			pl := wrapped(text, imp, false)
			p.Period = pl
			p.Rows.Add(pl)
		}
	}
	// Findings about the file itself (no signatures, trailing data, seal-file checks).
	for _, f := range rep.Findings {
		if f.Signature == 0 {
			p.Rows.Add(findingLabel(t, f))
		}
	}
	for i, s := range rep.Signatures {
		v := verdict(s)
		p.Verdicts = append(p.Verdicts, v)
		p.Rows.Add(widget.NewSeparator())
		p.Rows.Add(p.card(i+1, s, v))
	}
	p.content.Refresh()
}

// card builds the card of signature n.
func (p *VerifyPanel) card(n int, s app.SignatureReport, v string) fyne.CanvasObject {
	t, rep := p.w.t, p.Report
	c := &SignatureCard{}
	p.Cards = append(p.Cards, c)
	title := s.SealName
	if title == "" {
		title = p.signerName(s)
	}
	if title == "" {
		title = t("ui.verify.unnamed", n)
	}
	c.Title = wrapped(t("ui.verify.card", n, title), widget.MediumImportance, true)
	imp := widget.WarningImportance
	switch v {
	case VerdictValid:
		imp = widget.SuccessImportance
	case VerdictInvalid:
		imp = widget.DangerImportance
	}
	add := func(text string, imp widget.Importance) {
		c.Lines = append(c.Lines, wrapped(text, imp, false))
	}
	add(t("ui.verify."+v), imp)
	if who := p.signerName(s); who != "" {
		add(t("ui.verify.signer", who), widget.MediumImportance)
	}
	if s.SealName != "" {
		add(t("ui.verify.sealline", s.SealName, s.SealCode), widget.MediumImportance)
	}
	trustImp := widget.MediumImportance
	if s.Trust == app.Untrusted {
		trustImp = widget.DangerImportance
	}
	add(t("ui.verify.trust", t("verify."+s.Trust)), trustImp)
	when := t("ui.verify.notime")
	if !s.SigningTime.IsZero() {
		when = s.SigningTime.Local().Format("2006-01-02 15:04:05")
	}
	add(t("ui.verify.when", when, s.Page), widget.MediumImportance)
	add(t("ui.verify.alg", s.Algorithm, s.Field), widget.MediumImportance)
	// Every later change in words: the findings of this signature, or that nothing
	// (or only what is allowed) came after it.
	var findings []fyne.CanvasObject
	for _, f := range rep.Findings {
		if f.Signature == n {
			findings = append(findings, findingLabel(t, f))
		}
	}
	switch {
	case s.ModifiedAfter:
	case s.CoversWholeDocument:
		add(t("ui.verify.unchanged"), widget.MediumImportance)
	default:
		add(t("ui.verify.later_allowed"), widget.MediumImportance)
	}
	col := container.NewVBox(c.Title)
	for _, l := range c.Lines {
		col.Add(l)
	}
	for _, f := range findings {
		col.Add(f)
	}
	if rep.Kind == app.KindPDF && s.Revision > 0 && p.onSigned != nil {
		c.ViewSigned = widget.NewButtonWithIcon(t("ui.verify.view_signed"), theme.VisibilityIcon(), func() { p.onSigned(n) })
		col.Add(container.NewHBox(c.ViewSigned))
	}
	left := container.NewVBox(widget.NewIcon(verdictIcon(v)))
	if img := sealImage(s.SealPicture); img != nil {
		c.Picture = canvas.NewImageFromImage(img)
		c.Picture.FillMode = canvas.ImageFillContain
		c.Picture.SetMinSize(fyne.NewSize(72, 72))
		left = container.NewVBox(c.Picture, container.NewCenter(widget.NewIcon(verdictIcon(v))))
	}
	return container.NewBorder(nil, nil, left, nil, col)
}

// sealImage decodes a seal picture; nil for formats it cannot show (OFD, SVG).
func sealImage(b []byte) image.Image {
	if len(b) == 0 {
		return nil
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	return img
}

// findingLabel says one finding in the user's language, with its detail and object numbers.
func findingLabel(t func(string, ...any) string, f app.Finding) *widget.Label {
	text := t("verify.finding." + f.Code)
	if f.Revision > 0 {
		text = t("ui.verify.in_revision", f.Revision) + text
	}
	if len(f.Objects) > 0 {
		text += fmt.Sprintf(" (%s %v)", t("verify.objects"), f.Objects)
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	if f.Severity == app.SevWarning {
		l.Importance = widget.WarningImportance
	}
	return l
}

// previewDPI is the resolution of the preview; the image is scaled to fit.
const previewDPI = 96

// VerifyView is the auditor's verification screen: choose or drop a file, read
// the findings on the left, see the page on the right, as it is now or as a
// signature signed it (Acrobat's "view signed version").
type VerifyView struct {
	Open  *widget.Button
	Panel *VerifyPanel
	Busy  *widget.ProgressBarInfinite
	// Preview shows a page; PreviewTitle says which version; Current goes back
	// to the file as it is.
	Preview      *canvas.Image
	PreviewTitle *widget.Label
	Current      *widget.Button
	// Showing is the signature whose signed version the preview shows; 0: the
	// file as it is now.
	Showing int

	w        *Workstation
	content  fyne.CanvasObject
	path     string
	data     []byte // the verified file, for the signed versions
	ofd      bool   // the verified file is an OFD: previewed from path
	pending  int    // verifications under way; for tests
	previews int    // previews under way; for tests
	seq      int    // the latest preview asked for; older results are dropped
	header   *fyne.Container
}

func newVerifyView(w *Workstation) *VerifyView {
	v := &VerifyView{w: w, Panel: newVerifyPanel(w), Busy: widget.NewProgressBarInfinite()}
	v.Panel.onSigned = v.ShowSigned
	v.Busy.Stop()
	v.Busy.Hide()
	v.Open = widget.NewButtonWithIcon(w.t("ui.verify.open"), theme.FolderOpenIcon(), func() {
		openFile(w.Window, nil, "", v.VerifyFile)
	})
	v.Open.Importance = widget.HighImportance
	hint := widget.NewLabel(w.t("ui.verify.hint"))
	hint.TextStyle.Italic = true
	hint.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewBorder(nil, nil, v.Open, nil, hint), v.Busy, widget.NewSeparator())

	v.Preview = canvas.NewImageFromImage(nil)
	v.Preview.FillMode = canvas.ImageFillContain
	v.Preview.ScaleMode = canvas.ImageScaleSmooth
	v.PreviewTitle = wrapped("", widget.MediumImportance, true)
	v.Current = widget.NewButton(w.t("ui.verify.view_current"), func() { v.ShowCurrent() })
	v.Current.Hide()
	paper := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	v.header = container.NewBorder(nil, nil, nil, v.Current, v.PreviewTitle)
	preview := container.NewBorder(v.header, nil, nil, nil,
		container.NewStack(paper, container.NewPadded(v.Preview)))

	report := container.NewVScroll(container.NewPadded(v.Panel.content))
	split := container.NewHSplit(report, preview)
	split.Offset = 0.55
	v.content = container.NewBorder(top, nil, nil, nil, split)
	return v
}

// VerifyFile checks a file against the workspace's trust anchors and seal
// history, off the GUI goroutine, then previews the page of its first signature.
func (v *VerifyView) VerifyFile(path string) {
	w := v.w
	v.pending++
	v.Busy.Show()
	v.Busy.Start()
	go func() {
		ctx := context.Background()
		o, err := w.ws.VerifyOptions(ctx)
		var rep *app.VerifyReport
		if err == nil {
			rep, err = app.VerifyFile(ctx, path, o)
		}
		var data []byte
		if err == nil && rep.Kind == app.KindPDF {
			data, err = app.ReadUserFile(path, o.MaxFileSize)
		}
		ofd := err == nil && rep.Kind == app.KindOFD
		do(func() {
			defer func() { v.pending-- }() // last: tests wait for it
			v.Busy.Stop()
			v.Busy.Hide()
			v.path, v.data, v.ofd = path, data, ofd
			v.Preview.Image = nil
			v.Preview.Refresh()
			v.PreviewTitle.SetText("")
			v.Current.Hide()
			if err != nil {
				v.Panel.ShowError(err)
				return
			}
			v.Panel.Show(rep)
			if data != nil || ofd {
				v.ShowCurrent()
			}
		})
	}()
}

// page is the page the preview shows: the first page signature n (or, for 0, the
// first signature) is on.
func (v *VerifyView) page(n int) int {
	rep := v.Panel.Report
	if rep == nil || len(rep.Signatures) == 0 {
		return 1
	}
	if n < 1 || n > len(rep.Signatures) {
		n = 1
	}
	return max(rep.Signatures[n-1].Page, 1)
}

// ShowCurrent previews the file as it is now.
func (v *VerifyView) ShowCurrent() {
	pg := v.page(0)
	switch {
	case v.ofd:
		// The package as it is, drawn by package ofd with its seals
		// (issue 15 point 4); an OFD has no earlier revision to show.
		path := v.path
		v.render(0, func(ctx context.Context) (pdfview.Pages, error) {
			p, _, err := v.w.ws.OpenPages(ctx, nil, path)
			return p, err
		}, pg, v.w.t("ui.verify.preview_current", pg))
	case v.data != nil:
		v.render(0, v.openPDF(v.data), pg, v.w.t("ui.verify.preview_current", pg))
	}
}

// openPDF opens a PDF held in memory in the desktop's PDFium.
func (v *VerifyView) openPDF(data []byte) func(context.Context) (pdfview.Pages, error) {
	return func(ctx context.Context) (pdfview.Pages, error) {
		r, err := v.w.renderer(ctx)
		if err != nil {
			return nil, err
		}
		return r.Open(data)
	}
}

// ShowSigned previews the page of signature n (1-based) in the version it signed:
// the file's bytes up to the end of its /ByteRange, as sealctl verify
// --extract-revision writes them.
func (v *VerifyView) ShowSigned(n int) {
	if v.data == nil {
		return
	}
	b, err := app.SignedRevision(v.data, v.path, n)
	if err != nil {
		v.PreviewTitle.SetText(app.Message(err, v.w.lang))
		return
	}
	pg := v.page(n)
	v.render(n, v.openPDF(b), pg, v.w.t("ui.verify.preview_signed", n, pg))
}

// render draws page pg of the document open opens into the preview, off the
// GUI goroutine.
func (v *VerifyView) render(n int, open func(context.Context) (pdfview.Pages, error), pg int, title string) {
	w := v.w
	v.seq++
	seq := v.seq
	v.previews++
	v.PreviewTitle.SetText(title)
	// Showing or hiding the button changes the header's layout, which only a
	// refresh of the header itself redoes.
	if n == 0 {
		v.Current.Hide()
	} else {
		v.Current.Show()
	}
	v.header.Refresh()
	go func() {
		ctx := context.Background()
		var img image.Image
		doc, err := open(ctx)
		if err == nil {
			var rgba *image.RGBA
			if rgba, err = doc.Render(ctx, min(pg, doc.PageCount())-1, previewDPI); err == nil {
				img = rgba
			}
			doc.Close()
		}
		do(func() {
			defer func() { v.previews-- }() // last: tests wait for it
			if seq != v.seq {
				return
			}
			if err != nil {
				v.PreviewTitle.SetText(title + " — " + app.Message(err, w.lang))
				return
			}
			v.Showing = n
			v.Preview.Image = img
			v.Preview.Refresh()
		})
	}()
}
