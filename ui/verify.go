package ui

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
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

// VerifyPanel shows a verification report: a summary, then one row per signature.
type VerifyPanel struct {
	Summary  *widget.Label
	Rows     *fyne.Container
	Verdicts []string // one per signature row, for tests
	Report   *app.VerifyReport
	Period   *widget.Label // a seal file's validity period, nil for PDFs

	w       *Workstation
	icon    *widget.Icon
	content *fyne.Container
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
	p.Report, p.Verdicts, p.Period = nil, nil, nil
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
		l := widget.NewLabel(t("ui.verify.seal", rep.Name, rep.Code))
		l.Wrapping = fyne.TextWrapWord
		p.Rows.Add(l)
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
			pl := widget.NewLabel(text)
			pl.Importance = imp
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
		name := s.SealName
		if name == "" {
			name = s.Field
		}
		line := func(text string, imp widget.Importance, bold bool) *widget.Label {
			l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
			l.Truncation = fyne.TextTruncateEllipsis
			l.Importance = imp
			return l
		}
		title := line(t("ui.verify.sig", s.Field, s.Page, name, s.SealCode), widget.MediumImportance, true)
		imp := widget.WarningImportance
		switch v {
		case VerdictValid:
			imp = widget.SuccessImportance
		case VerdictInvalid:
			imp = widget.DangerImportance
		}
		status := line(t("ui.verify."+v), imp, false)
		when := ""
		if !s.SigningTime.IsZero() {
			when = s.SigningTime.Local().Format("2006-01-02 15:04:05")
		}
		detail := line(t("ui.verify.signer", s.Signer), widget.MediumImportance, false)
		detail2 := line(t("ui.verify.alg", s.Algorithm, when), widget.MediumImportance, false)
		col := container.NewVBox(title, status, detail, detail2)
		for _, f := range rep.Findings {
			if f.Signature == i+1 {
				col.Add(findingLabel(t, f))
			}
		}
		p.Rows.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(verdictIcon(v))), nil, col))
	}
	p.content.Refresh()
}

// findingLabel says one finding in the user's language, with its detail and object numbers.
func findingLabel(t func(string, ...any) string, f app.Finding) *widget.Label {
	text := t("verify.finding." + f.Code)
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

// VerifyView is the auditor's verification screen: choose or drop a file.
type VerifyView struct {
	Open  *widget.Button
	Panel *VerifyPanel
	Busy  *widget.ProgressBarInfinite

	w       *Workstation
	content fyne.CanvasObject
	pending int // verifications under way; for tests
}

func newVerifyView(w *Workstation) *VerifyView {
	v := &VerifyView{w: w, Panel: newVerifyPanel(w), Busy: widget.NewProgressBarInfinite()}
	v.Busy.Stop()
	v.Busy.Hide()
	v.Open = widget.NewButtonWithIcon(w.t("ui.verify.open"), theme.FolderOpenIcon(), func() {
		openFile(w.Window, nil, "", v.VerifyFile)
	})
	v.Open.Importance = widget.HighImportance
	hint := widget.NewLabel(w.t("ui.verify.hint"))
	hint.TextStyle.Italic = true
	top := container.NewVBox(container.NewHBox(v.Open, hint), v.Busy, widget.NewSeparator())
	v.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewPadded(v.Panel.content)))
	return v
}

// VerifyFile checks a file against the workspace's trust anchors, off the GUI goroutine.
func (v *VerifyView) VerifyFile(path string) {
	w := v.w
	v.pending++
	v.Busy.Show()
	v.Busy.Start()
	go func() {
		ctx := context.Background()
		o, err := w.ws.VerifyOptions()
		var rep *app.VerifyReport
		if err == nil {
			rep, err = app.VerifyFile(ctx, path, o)
		}
		do(func() {
			defer func() { v.pending-- }() // last: tests wait for it
			v.Busy.Stop()
			v.Busy.Hide()
			if err != nil {
				v.Panel.ShowError(err)
				return
			}
			v.Panel.Show(rep)
		})
	}()
}
