package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// SealPINPanel sits under a custodian's list of seals: how the selected
// seal's protection PIN stands (when it was set, by when it must change) and
// the button that changes it (REFERENCE §1: PINs are changed regularly).
type SealPINPanel struct {
	Status *widget.Label
	Change *widget.Button
	Dialog *SealPINDialog // the open change dialog, for tests

	w    *Workstation
	seal app.Seal
}

// SealPINDialog asks for the current PIN and the new one twice.
type SealPINDialog struct {
	Old, New, Again *widget.Entry
	OK              *widget.Button
	Message         *widget.Label
	dialog          dialog.Dialog
}

func newSealPINPanel(w *Workstation) *SealPINPanel {
	p := &SealPINPanel{w: w, Status: widget.NewLabel(w.t("ui.sealpin.pick"))}
	p.Status.Wrapping = fyne.TextWrapWord
	p.Change = widget.NewButtonWithIcon(w.t("ui.sealpin.change"), theme.AccountIcon(), p.open)
	p.Change.Disable()
	return p
}

func (p *SealPINPanel) content() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, p.Change, p.Status)
}

// Show states the PIN of seal s.
func (p *SealPINPanel) Show(s app.Seal) {
	w := p.w
	p.seal = s
	st, err := w.ws.SealPINStatus(context.Background(), s)
	if err != nil {
		p.Status.SetText(app.Message(err, w.lang))
		p.Status.Importance = widget.DangerImportance
		p.Change.Disable()
		return
	}
	p.Status.SetText(w.t("ui.sealpin.status", s.Name, st.Describe(w.lang)))
	p.Status.Importance = widget.MediumImportance
	if st.Overdue {
		p.Status.Importance = widget.DangerImportance
	}
	p.Status.Refresh()
	setEnabled(p.Change, st.Soft && s.Status != app.SealRevoked)
}

func (p *SealPINPanel) open() {
	w := p.w
	w.touch()
	d := &SealPINDialog{Old: widget.NewPasswordEntry(), New: widget.NewPasswordEntry(), Again: widget.NewPasswordEntry()}
	p.Dialog = d
	d.New.SetPlaceHolder(w.t("ui.sealpin.rule"))
	d.Message = widget.NewLabel(w.t("ui.sealpin.explain", p.seal.Name))
	d.Message.Wrapping = fyne.TextWrapWord
	cancel := widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { d.dialog.Hide() })
	d.OK = widget.NewButtonWithIcon(w.t("ui.sealpin.ok"), theme.ConfirmIcon(), func() { p.submit(d) })
	d.OK.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(w.t("ui.sealpin.old"), d.Old),
		widget.NewFormItem(w.t("ui.sealpin.new"), d.New), widget.NewFormItem(w.t("ui.sealpin.again"), d.Again))
	body := container.NewVBox(d.Message, form, container.NewHBox(layout.NewSpacer(), cancel, d.OK))
	d.dialog = dialog.NewCustomWithoutButtons(w.t("ui.sealpin.title"), body, w.Window)
	fitDialog(d.dialog)
	d.dialog.Show()
}

// submit changes the PIN; the entries are emptied whatever happens, and a
// refusal (a wrong current PIN, with the tries left) stays in the dialog.
func (p *SealPINPanel) submit(d *SealPINDialog) {
	w := p.w
	w.touch()
	old, newPIN, again := d.Old.Text, d.New.Text, d.Again.Text
	d.Old.SetText("")
	d.New.SetText("")
	d.Again.SetText("")
	say := func(text string) {
		d.Message.SetText(text)
		d.Message.Importance = widget.DangerImportance
		d.Message.Refresh()
		fitDialog(d.dialog)
	}
	if newPIN != again {
		say(w.t("ui.sealpin.mismatch"))
		return
	}
	if err := w.ws.ChangeSealPIN(context.Background(), w.Session, p.seal.ID, old, newPIN); err != nil {
		say(app.Message(err, w.lang))
		return
	}
	d.dialog.Hide()
	p.Show(p.seal)
	w.Status.SetText(w.t("ui.sealpin.done", p.seal.Name))
}
