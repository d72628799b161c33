package ui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// PrintView is the printer's screen: their print requests with the copies
// left on each, a form to ask for copies of a stamped PDF, printing an approved
// request, and checking a paper copy against its electronic original.
type PrintView struct {
	// The printer's requests, newest first.
	List     *widget.List
	Requests []app.PrintRequest
	Selected int // index into Requests, -1 for none

	// A new request.
	Doc        *widget.Entry
	DocBrowse  *widget.Button
	Copies     *widget.Entry
	Reason     *widget.Entry
	Request    *widget.Button
	RequestMsg *widget.Label

	// The selected request and printing it.
	Detail    *widget.Form
	Remaining *widget.Label
	Target    *widget.RadioGroup
	OutDir    *widget.Entry
	OutBrowse *widget.Button
	Printer   *widget.Entry
	Grey      *widget.Check
	Print     *widget.Button
	Progress  *widget.ProgressBarInfinite
	Message   *widget.Label

	// Checking a copy.
	QR          *widget.Entry
	Scan        *widget.Entry
	ScanBrowse  *widget.Button
	Original    *widget.Entry
	OrigBrowse  *widget.Button
	VerifyCopy  *widget.Button
	CopyResult  *widget.Label
	busy        atomic.Bool // a print runs in the background (read by tests)
	checking    atomic.Bool // a copy check runs in the background
	w           *Workstation
	lang        string
	session     *app.Session
	labels      map[string]*widget.Label
	content     fyne.CanvasObject
	scroll      *container.Scroll
	folderLabel string
}

var printFields = []string{"ui.print.id", "ui.approve.doc", "ui.approve.path", "ui.print.reason", "ui.approve.time", "ui.print.status"}

// printViews keeps each window's printer screen so that tests (and a return to
// the view) reach the same widgets. It lives here rather than as a Workstation
// field because workstation.go is shared with other work in progress; a view is
// rebuilt when the language or the signed-in session changes.
var printViews = struct {
	sync.Mutex
	m map[*Workstation]*PrintView
}{m: map[*Workstation]*PrintView{}}

// PrintScreen returns the printer's screen of w, or nil before it was shown.
func (w *Workstation) PrintScreen() *PrintView {
	printViews.Lock()
	defer printViews.Unlock()
	return printViews.m[w]
}

// printView is the printer's screen (authorised paper copies).
func (w *Workstation) printView() fyne.CanvasObject {
	printViews.Lock()
	v := printViews.m[w]
	if v == nil || v.lang != w.lang || v.session != w.Session {
		v = newPrintView(w)
		printViews.m[w] = v
	}
	printViews.Unlock()
	v.Reload()
	return v.content
}

func newPrintView(w *Workstation) *PrintView {
	v := &PrintView{w: w, lang: w.lang, session: w.Session, Selected: -1, labels: map[string]*widget.Label{}}
	v.List = widget.NewList(
		func() int { return len(v.Requests) },
		func() fyne.CanvasObject {
			title := heading("")
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			status := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
			return container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentPrintIcon()), status, container.NewVBox(title, sub))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := v.Requests[i]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*fyne.Container)
			status := row.Objects[2].(*widget.Label)
			text.Objects[0].(*widget.Label).SetText(p.DocName)
			text.Objects[1].(*widget.Label).SetText(v.count(p) + " · " + p.ID + " · " + p.CreatedAt.Local().Format("01-02 15:04") + " · " + p.Reason)
			status.SetText(w.t("ui.print.status." + p.Status))
			status.Importance = statusImportance(p.Status)
			status.Refresh()
		})
	v.List.OnSelected = func(i widget.ListItemID) { v.Select(i) }

	// New request.
	v.Doc = widget.NewEntry()
	v.Doc.SetPlaceHolder(w.t("ui.print.doc.hint"))
	v.DocBrowse = widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() { v.pickFile(v.Doc, []string{".pdf", ".ofd"}) })
	v.Copies = widget.NewEntry()
	v.Copies.SetText("1")
	v.Reason = widget.NewEntry()
	v.Reason.SetPlaceHolder(w.t("ui.print.reason.hint"))
	v.Request = widget.NewButtonWithIcon(w.t("ui.print.request"), theme.MailSendIcon(), v.request)
	v.Request.Importance = widget.HighImportance
	v.RequestMsg = widget.NewLabel("")
	v.RequestMsg.Wrapping = fyne.TextWrapWord
	newForm := widget.NewForm(
		widget.NewFormItem(w.t("ui.print.doc"), container.NewBorder(nil, nil, nil, v.DocBrowse, v.Doc)),
		widget.NewFormItem(w.t("ui.print.copies"), v.Copies),
		widget.NewFormItem(w.t("ui.print.reason"), v.Reason),
	)
	newCard := widget.NewCard("", w.t("ui.print.new"), container.NewVBox(newForm,
		container.NewHBox(layout.NewSpacer(), v.Request), v.RequestMsg))

	// The selected request.
	v.Detail = w.fieldForm(printFields, v.labels, func(l *widget.Label) { l.Truncation = fyne.TextTruncateEllipsis })
	v.Remaining = heading("")
	v.Detail.Append(w.t("ui.print.count.label"), v.Remaining)

	folder, queue := w.t("ui.print.to.folder"), w.t("ui.print.to.printer")
	v.folderLabel = folder
	v.OutDir = widget.NewEntry()
	v.OutDir.SetPlaceHolder(w.t("ui.print.outdir.hint"))
	v.OutBrowse = widget.NewButtonWithIcon("", theme.FolderOpenIcon(), v.pickFolder)
	v.Printer = widget.NewEntry()
	v.Printer.SetPlaceHolder(w.t("ui.print.printer.hint"))
	v.Target = widget.NewRadioGroup([]string{folder, queue}, func(string) { v.update() })
	v.Target.Horizontal = true
	v.Target.Required = true
	v.Target.Selected = folder
	v.Grey = widget.NewCheck(w.t("ui.print.grey"), nil)
	v.Print = widget.NewButtonWithIcon(w.t("ui.print.print"), theme.DocumentPrintIcon(), v.print)
	v.Print.Importance = widget.HighImportance
	v.Progress = widget.NewProgressBarInfinite()
	v.Progress.Stop()
	v.Progress.Hide()
	v.Message = widget.NewLabel(w.t("ui.print.select"))
	v.Message.Wrapping = fyne.TextWrapWord
	printForm := widget.NewForm(
		widget.NewFormItem(w.t("ui.print.to"), v.Target),
		widget.NewFormItem(folder, container.NewBorder(nil, nil, nil, v.OutBrowse, v.OutDir)),
		widget.NewFormItem(queue, v.Printer),
		widget.NewFormItem("", v.Grey),
	)
	printCard := widget.NewCard("", w.t("ui.print.selected"), container.NewVBox(v.Detail, widget.NewSeparator(), printForm,
		container.NewBorder(nil, nil, nil, v.Print, v.Progress), v.Message))

	// Checking a copy.
	v.QR = widget.NewMultiLineEntry()
	v.QR.SetPlaceHolder(w.t("ui.print.qr.hint"))
	v.QR.SetMinRowsVisible(3)
	v.QR.Wrapping = fyne.TextWrapBreak
	v.Scan = widget.NewEntry()
	v.Scan.SetPlaceHolder(w.t("ui.print.scan.hint"))
	v.ScanBrowse = widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() { v.pickFile(v.Scan, []string{".png", ".jpg", ".jpeg"}) })
	v.Original = widget.NewEntry()
	v.Original.SetPlaceHolder(w.t("ui.print.original.hint"))
	v.OrigBrowse = widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() { v.pickFile(v.Original, []string{".pdf", ".ofd"}) })
	v.VerifyCopy = widget.NewButtonWithIcon(w.t("ui.print.verify"), theme.VisibilityIcon(), v.verifyCopy)
	v.CopyResult = widget.NewLabel("")
	v.CopyResult.Wrapping = fyne.TextWrapWord
	copyForm := widget.NewForm(
		widget.NewFormItem(w.t("ui.print.qr"), v.QR),
		widget.NewFormItem(w.t("ui.print.scan"), container.NewBorder(nil, nil, nil, v.ScanBrowse, v.Scan)),
		widget.NewFormItem(w.t("ui.print.original"), container.NewBorder(nil, nil, nil, v.OrigBrowse, v.Original)),
	)
	copyCard := widget.NewCard("", w.t("ui.print.checkcopy"), container.NewVBox(copyForm,
		container.NewHBox(layout.NewSpacer(), v.VerifyCopy), v.CopyResult))

	title := heading(w.t("ui.print.mine"))
	left := container.NewBorder(title, newCard, nil, widget.NewSeparator(), v.List)
	v.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(printCard, copyCard)))
	split := container.NewHSplit(left, v.scroll)
	split.Offset = 0.45
	v.content = split
	v.update()
	return v
}

func statusImportance(status string) widget.Importance {
	switch status {
	case app.RequestApproved:
		return widget.SuccessImportance
	case app.RequestRejected:
		return widget.DangerImportance
	case app.RequestPending:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// count is "已打印 n / N 份，剩余 m 份".
func (v *PrintView) count(p app.PrintRequest) string {
	left := p.Copies - p.Printed
	if p.Status == app.RequestRejected || left < 0 {
		left = 0
	}
	return v.w.t("ui.print.count", p.Printed, p.Copies, left)
}

// Reload reads the printer's requests again, keeping the selection by id.
func (v *PrintView) Reload() {
	sel := ""
	if v.Selected >= 0 && v.Selected < len(v.Requests) {
		sel = v.Requests[v.Selected].ID
	}
	all, err := v.w.ws.PrintRequests(context.Background(), "")
	if err != nil {
		v.showMessage(app.Message(err, v.w.lang), true)
	}
	v.Requests = nil
	for _, p := range all {
		if v.w.Session != nil && (p.Requester == v.w.Session.User.Name || v.w.Session.User.HasRole(app.RoleAdmin)) {
			v.Requests = append(v.Requests, p)
		}
	}
	v.Selected = -1
	v.List.UnselectAll()
	v.List.Refresh()
	for i, p := range v.Requests {
		if p.ID == sel {
			v.Selected = i
			v.List.Select(i)
		}
	}
	v.show()
}

// Select shows request i of Requests (-1: none).
func (v *PrintView) Select(i int) {
	if i < 0 || i >= len(v.Requests) {
		i = -1
	}
	v.Selected = i
	v.Message.SetText("")
	v.show()
}

func (v *PrintView) show() {
	w := v.w
	if v.Selected < 0 {
		for _, l := range v.labels {
			l.SetText("")
		}
		v.Remaining.SetText("")
		v.Message.Importance = widget.MediumImportance
		v.Message.SetText(w.t("ui.print.select"))
		v.update()
		return
	}
	p := v.Requests[v.Selected]
	v.labels["ui.print.id"].SetText(p.ID)
	v.labels["ui.approve.doc"].SetText(p.DocName)
	v.labels["ui.approve.path"].SetText(homeRelative(p.DocPath))
	v.labels["ui.print.reason"].SetText(p.Reason)
	v.labels["ui.approve.time"].SetText(p.CreatedAt.Local().Format("2006-01-02 15:04:05"))
	v.labels["ui.print.status"].SetText(w.t("ui.print.status." + p.Status))
	v.labels["ui.print.status"].Importance = statusImportance(p.Status)
	v.labels["ui.print.status"].Refresh()
	v.Remaining.SetText(v.count(p))
	v.update()
}

// update enables what fits the selection and the chosen destination.
func (v *PrintView) update() {
	if v.Target.Selected == v.folderLabel {
		v.OutDir.Enable()
		v.OutBrowse.Enable()
		v.Printer.Disable()
	} else {
		v.OutDir.Disable()
		v.OutBrowse.Disable()
		v.Printer.Enable()
	}
	// Printing stays enabled for a used request so that asking again shows the
	// app's refusal rather than a silently grey button.
	if v.busy.Load() || v.Selected < 0 || v.Requests[v.Selected].Status == app.RequestPending || v.Requests[v.Selected].Status == app.RequestRejected {
		v.Print.Disable()
	} else {
		v.Print.Enable()
	}
}

func (v *PrintView) showMessage(s string, bad bool) {
	v.Message.Importance = widget.MediumImportance
	if bad {
		v.Message.Importance = widget.DangerImportance
	}
	v.Message.SetText(s)
	v.w.setStatus(s)
}

func (v *PrintView) request() {
	w := v.w
	n, err := strconv.Atoi(strings.TrimSpace(v.Copies.Text))
	if err != nil {
		n = 0 // the app refuses it with its own message
	}
	id, err := w.ws.RequestPrint(context.Background(), w.Session, strings.TrimSpace(v.Doc.Text), n, strings.TrimSpace(v.Reason.Text))
	if err != nil {
		msg := app.Message(err, w.lang)
		v.RequestMsg.Importance = widget.DangerImportance
		v.RequestMsg.SetText(msg)
		w.setStatus(msg)
		return
	}
	msg := w.t("ui.print.requested", id, n)
	v.RequestMsg.Importance = widget.MediumImportance
	v.RequestMsg.SetText(msg)
	w.setStatus(msg)
	v.Reason.SetText("")
	v.Reload()
	for i, p := range v.Requests {
		if p.ID == id {
			v.List.Select(i)
		}
	}
}

// print runs app.Print off the GUI goroutine: each copy is a full-page render.
func (v *PrintView) print() {
	w := v.w
	if v.Selected < 0 || v.busy.Load() {
		return
	}
	p := v.Requests[v.Selected]
	in := app.PrintInput{RequestID: p.ID, GreySeals: v.Grey.Checked}
	if v.Target.Selected == v.folderLabel {
		in.OutDir = fromHome(v.OutDir.Text)
	} else {
		in.Printer = strings.TrimSpace(v.Printer.Text)
	}
	if in.OutDir == "" && in.Printer == "" {
		v.showMessage(w.t("ui.print.needtarget"), true)
		return
	}
	v.busy.Store(true)
	v.update()
	v.Progress.Show()
	v.Progress.Start()
	v.showMessage(w.t("ui.print.printing", p.ID), false)
	s := w.Session
	go func() {
		res, err := w.ws.Print(context.Background(), s, in)
		do(func() {
			v.Progress.Stop()
			v.Progress.Hide()
			v.Reload()
			switch {
			case err != nil:
				v.showMessage(app.Message(err, w.lang), true)
			case in.Printer != "":
				v.showMessage(w.t("ui.print.sent", len(res.Copies), in.Printer), false)
			default:
				v.showMessage(w.t("ui.print.written", len(res.Files), homeRelative(in.OutDir)), false)
			}
			// Last: tests (and a second click) wait for busy to clear.
			v.busy.Store(false)
			v.update()
		})
	}()
}

// verifyCopy decodes the pasted QR text, or else the scanned image, and checks
// it against the chosen original.
func (v *PrintView) verifyCopy() {
	w := v.w
	if v.checking.Load() {
		return
	}
	qr, scan, orig := strings.TrimSpace(v.QR.Text), fromHome(v.Scan.Text), fromHome(v.Original.Text)
	if qr == "" && scan == "" {
		v.setCopyResult(w.t("ui.print.qr.need"), true)
		return
	}
	v.checking.Store(true)
	v.VerifyCopy.Disable()
	v.CopyResult.Importance = widget.MediumImportance
	v.CopyResult.SetText(w.t("ui.print.checking"))
	go func() {
		text, msg, bad := qr, "", true
		if text == "" {
			text, msg = v.readScan(scan)
		}
		if msg == "" {
			rep, err := app.VerifyCopy(context.Background(), text, orig)
			msg, bad = v.describe(rep, err)
		}
		do(func() {
			v.VerifyCopy.Enable()
			v.setCopyResult(msg, bad)
			v.checking.Store(false) // last: tests wait for it
		})
	}()
}

func (v *PrintView) readScan(path string) (text, problem string) {
	text, err := app.ReadCopyScan(path)
	switch {
	case app.Code(err) == app.CodeCopyQR:
		return "", v.w.t("ui.print.scan.noqr", path)
	case err != nil:
		return "", v.w.t("ui.print.scan.bad", path, app.Message(err, v.w.lang))
	}
	return text, ""
}

func (v *PrintView) describe(rep *app.CopyReport, err error) (string, bool) {
	w := v.w
	if err != nil {
		return app.Message(err, w.lang), true
	}
	p := rep.Payload
	at := p.Printed.Local().Format("2006-01-02 15:04")
	switch {
	case rep.Belongs == nil:
		return w.t("copy.decoded", p.Copy, p.Of, p.DocHash, p.Request, at, p.Workstation), false
	case *rep.Belongs:
		return w.t("copy.belongs", p.Copy, p.Of, p.Request, at, p.Workstation), false
	}
	return w.t("err."+app.CodeCopyMismatch, rep.Problem), true
}

func (v *PrintView) setCopyResult(s string, bad bool) {
	v.CopyResult.Importance = widget.SuccessImportance
	if bad {
		v.CopyResult.Importance = widget.DangerImportance
	}
	v.CopyResult.SetText(s)
	v.w.setStatus(s)
}

func (v *PrintView) pickFile(into *widget.Entry, exts []string) {
	openFile(v.w.Window, exts, "", func(p string) { into.SetText(homeRelative(p)) })
}

func (v *PrintView) pickFolder() {
	openFolder(v.w.Window, func(p string) { v.OutDir.SetText(homeRelative(p)) })
}
