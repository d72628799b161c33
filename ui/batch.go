package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// Batches in the desktop (issue 16 point 4): the custodian sets the seal on
// one document of a folder and asks for the same on every PDF in it; the
// approver approves the batch at once, each document with its own signed
// approval; the custodian stamps the batch with one PIN, watching its
// progress, able to cancel between documents.

// BatchRequestDialog files one request over every PDF of a folder with the
// marks set in the stamping view.
type BatchRequestDialog struct {
	Folder  *widget.Entry
	Browse  *widget.Button
	Found   *widget.Label
	OK      *widget.Button
	Cancel  *widget.Button
	Message *widget.Label
	docs    []string
	dialog  dialog.Dialog
}

// openBatchRequest shows the batch request dialog; the folder of the open
// document is the default.
func (v *StampView) openBatchRequest() {
	v.w.touch()
	w := v.w
	in, ok := v.requestInput()
	if !ok {
		return
	}
	d := &BatchRequestDialog{}
	v.BatchDialog = d
	d.Folder = widget.NewEntry()
	d.Found = widget.NewLabel("")
	d.Found.Wrapping = fyne.TextWrapWord
	d.Message = widget.NewLabel("")
	d.Message.Wrapping = fyne.TextWrapWord
	scan := func(dir string) {
		d.docs, _ = app.BatchDocuments(fromHome(dir)) // an unreadable folder lists none
		d.Found.SetText(w.t("ui.batch.found", len(d.docs), homeRelative(fromHome(dir))))
		setEnabled(d.OK, len(d.docs) > 0)
	}
	d.Folder.OnChanged = scan
	d.Browse = widget.NewButtonWithIcon(w.t("ui.batch.browse"), theme.FolderOpenIcon(), func() {
		openFolder(w.Window, func(path string) { d.Folder.SetText(homeRelative(path)) })
	})
	d.Cancel = widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { d.dialog.Hide() })
	d.OK = widget.NewButtonWithIcon(w.t("ui.batch.request"), theme.MailSendIcon(), func() {
		batch, ids, err := w.ws.RequestBatch(context.Background(), w.Session, in, d.docs)
		if err != nil {
			d.Message.SetText(app.Message(err, w.lang))
			fitDialog(d.dialog)
			return
		}
		d.dialog.Hide()
		msg := w.t("ui.batch.requested", batch, len(ids))
		v.Message.SetText(msg)
		v.side.Refresh()
		w.Status.SetText(msg)
	})
	d.OK.Importance = widget.HighImportance
	hint := widget.NewLabel(w.t("ui.batch.hint"))
	hint.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(hint, container.NewBorder(nil, nil, nil, d.Browse, d.Folder), d.Found, d.Message,
		container.NewHBox(layout.NewSpacer(), d.Cancel, d.OK))
	d.dialog = dialog.NewCustomWithoutButtons(w.t("ui.batch.title"), body, w.Window)
	fitDialog(d.dialog)
	d.Folder.SetText(homeRelative(filepath.Dir(v.docPath)))
	scan(d.Folder.Text)
	d.dialog.Show()
}

// BatchStampDialog stamps an approved batch with one PIN entry.
type BatchStampDialog struct {
	Out      *widget.Entry
	PIN      *widget.Entry
	Progress *widget.ProgressBar
	Message  *widget.Label
	OK       *widget.Button
	Cancel   *widget.Button
	Result   *app.BatchResult
	running  bool
	cancel   context.CancelFunc
	dialog   dialog.Dialog
}

// openBatchStamp asks for the output folder and the PIN, then stamps every
// approved document of batch, showing how far it is; Cancel stops between
// documents (those not begun stay approved).
func (v *MineView) openBatchStamp(batch string) {
	w := v.w
	w.touch()
	reqs, err := w.ws.BatchRequests(context.Background(), batch)
	if err != nil {
		v.Message.SetText(app.Message(err, w.lang))
		return
	}
	d := &BatchStampDialog{}
	v.BatchDialog = d
	d.Out = widget.NewEntry()
	d.Out.SetText(homeRelative(filepath.Join(filepath.Dir(reqs[0].DocPath), w.t("ui.batch.outdir", batch))))
	d.PIN = widget.NewPasswordEntry()
	d.PIN.SetPlaceHolder(w.t("ui.pin.title"))
	d.Progress = widget.NewProgressBar()
	d.Message = widget.NewLabel(w.t("ui.batch.stamp.ask", batch, len(reqs)))
	d.Message.Wrapping = fyne.TextWrapWord
	d.Cancel = widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() {
		if d.running {
			d.cancel() // between documents: the one being signed finishes
			d.Cancel.Disable()
			return
		}
		d.dialog.Hide()
	})
	d.OK = widget.NewButtonWithIcon(w.t("ui.batch.stamp"), theme.DocumentCreateIcon(), nil)
	d.OK.Importance = widget.HighImportance
	d.OK.OnTapped = func() {
		if d.Result != nil { // done: the button closes
			d.dialog.Hide()
			return
		}
		w.touch()
		ctx, cancel := context.WithCancel(context.Background())
		d.cancel, d.running = cancel, true
		d.OK.Disable()
		d.PIN.Disable()
		d.Out.Disable()
		in := app.BatchStampInput{Batch: batch, OutDir: fromHome(d.Out.Text), PIN: d.PIN.Text,
			Progress: func(done, total int) { do(func() { d.Progress.SetValue(float64(done) / float64(total)) }) }}
		d.PIN.SetText("")
		go func() {
			res, err := w.ws.StampBatch(ctx, w.Session, in)
			do(func() {
				d.running = false
				cancel()
				d.Cancel.Enable()
				if err != nil {
					d.Message.SetText(app.Message(err, w.lang))
					fitDialog(d.dialog)
					d.OK.Enable()
					d.PIN.Enable()
					d.Out.Enable()
					return
				}
				d.Result = res
				var lines []string
				lines = append(lines, w.t("ui.batch.done", res.Stamped, res.Refused))
				if res.Cancelled {
					lines = append(lines, w.t("ui.batch.cancelled"))
				}
				for _, it := range res.Items {
					if it.Err != nil {
						lines = append(lines, w.t("ui.batch.refused", it.DocName, app.Message(it.Err, w.lang)))
					}
				}
				d.Message.SetText(strings.Join(lines, "\n"))
				fitDialog(d.dialog)
				d.OK.SetText(w.t("ui.ok"))
				d.OK.Enable()
				d.Cancel.Hide()
				w.Status.SetText(lines[0])
				v.Reload()
			})
		}()
	}
	form := widget.NewForm(widget.NewFormItem(w.t("ui.batch.out"), d.Out), widget.NewFormItem(w.t("ui.pin.title"), d.PIN))
	body := container.NewVBox(d.Message, form, d.Progress, container.NewHBox(layout.NewSpacer(), d.Cancel, d.OK))
	d.dialog = dialog.NewCustomWithoutButtons(w.t("ui.batch.stamp.title"), body, w.Window)
	fitDialog(d.dialog)
	d.dialog.Show()
}
