package ui

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/seal"
)

// SealAdminView is the administrator's seal screen: the seal list on the
// left, the selected seal's details, history and actions on the right. Its
// widgets are fields so tests can reach them.
type SealAdminView struct {
	List     *widget.List
	Seals    []app.Seal
	Selected int // index into Seals, -1 for none
	Picture  *canvas.Image
	Detail   *widget.Form
	Events   *widget.Label
	Suspend  *widget.Button
	Resume   *widget.Button
	Revoke   *widget.Button
	Export   *widget.Button
	Make     *widget.Button
	Import   *widget.Button
	Message  *widget.Label

	// The reason dialog of the last suspend / resume / revoke, and the
	// confirmation that follows a revoke's reason.
	Reason       *widget.Entry
	ReasonOK     *widget.Button
	ConfirmOK    *widget.Button
	reasonDialog dialog.Dialog

	// The make-seal form while it is open.
	Form *MakeSealForm

	w       *Workstation
	labels  map[string]*widget.Label
	content fyne.CanvasObject
}

var sealAdminFields = []string{"ui.seal.name", "ui.seal.kind", "ui.seal.code", "ui.seal.alg", "ui.seal.valid", "ui.seal.status", "ui.seal.cert", "ui.seal.origin"}

// sealAdmins remembers each window's admin view, so tests reach it without a
// field on Workstation (which belongs to the navigation code).
var sealAdmins sync.Map // *Workstation → *SealAdminView

// SealAdmin returns the seal administration view last shown in w, or nil.
func (w *Workstation) SealAdmin() *SealAdminView {
	if v, ok := sealAdmins.Load(w); ok {
		return v.(*SealAdminView)
	}
	return nil
}

func newSealAdminView(w *Workstation) *SealAdminView {
	v := &SealAdminView{w: w, Selected: -1, labels: map[string]*widget.Label{}}
	v.List = newSealList(w, func() []app.Seal { return v.Seals })
	v.List.OnSelected = func(i widget.ListItemID) { v.Select(i) }
	w.Seals = v.List

	v.Picture = pictureBox(180)
	v.Detail = w.fieldForm(sealAdminFields, v.labels, func(l *widget.Label) { l.Wrapping = fyne.TextWrapWord })
	v.Events = widget.NewLabel("")
	v.Events.Wrapping = fyne.TextWrapWord
	v.Events.TextStyle = fyne.TextStyle{Monospace: false}

	v.Suspend = widget.NewButtonWithIcon(w.t("ui.sa.suspend"), theme.MediaPauseIcon(), func() { v.askReason("suspend") })
	v.Resume = widget.NewButtonWithIcon(w.t("ui.sa.resume"), theme.MediaPlayIcon(), func() { v.askReason("resume") })
	v.Revoke = widget.NewButtonWithIcon(w.t("ui.sa.revoke"), theme.DeleteIcon(), func() { v.askReason("revoke") })
	v.Revoke.Importance = widget.DangerImportance
	v.Export = widget.NewButtonWithIcon(w.t("ui.sa.export"), theme.DocumentSaveIcon(), v.chooseExport)
	v.Make = widget.NewButtonWithIcon(w.t("ui.sa.make"), theme.ContentAddIcon(), v.openMakeForm)
	v.Make.Importance = widget.HighImportance
	v.Import = widget.NewButtonWithIcon(w.t("ui.sa.import"), theme.DownloadIcon(), v.openImport)
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord

	title := heading(w.t("ui.seals"))
	head := container.NewBorder(nil, nil, title, container.NewHBox(v.Import, v.Make))
	left := container.NewBorder(head, nil, nil, widget.NewSeparator(), v.List)
	actions := container.NewHBox(v.Suspend, v.Resume, v.Export, layout.NewSpacer(), v.Revoke)
	history := heading(w.t("ui.seal.events"))
	right := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), actions, v.Message), nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(
			container.NewBorder(nil, nil, v.Picture, nil, v.Detail),
			widget.NewSeparator(), history, v.Events))))
	split := container.NewHSplit(left, container.NewPadded(right))
	split.Offset = 0.45
	v.content = split
	sealAdmins.Store(w, v)
	return v
}

// Reload reads the seals again and shows the one with id keep, if any.
func (v *SealAdminView) Reload(keep string) {
	seals, err := v.w.ws.Seals(context.Background())
	if err != nil {
		v.fail(err)
	}
	v.Seals = seals
	v.List.UnselectAll()
	v.List.Refresh()
	v.Select(-1)
	for i, s := range seals {
		if s.ID == keep {
			v.List.Select(i)
		}
	}
}

// Select shows seal i of Seals (-1: none).
func (v *SealAdminView) Select(i int) {
	w := v.w
	buttons := []*widget.Button{v.Suspend, v.Resume, v.Revoke, v.Export}
	if i < 0 || i >= len(v.Seals) {
		v.Selected = -1
		for _, l := range v.labels {
			l.SetText("")
		}
		v.Picture.Resource = nil
		v.Picture.Refresh()
		v.Events.SetText(w.t("ui.sa.select"))
		for _, b := range buttons {
			b.Disable()
		}
		return
	}
	if i != v.Selected {
		v.Message.SetText("") // the last message was about another seal
	}
	v.Selected = i
	s := v.Seals[i]
	d, err := w.ws.SealInfo(context.Background(), s.ID)
	if err != nil {
		v.fail(err)
		return
	}
	s = d.Seal
	v.Seals[i] = s
	v.Picture.Resource = sealPicture(s)
	v.Picture.Refresh()
	v.labels["ui.seal.name"].SetText(s.Name)
	v.labels["ui.seal.kind"].SetText(w.t("kind." + s.Kind))
	v.labels["ui.seal.code"].SetText(s.Code)
	v.labels["ui.seal.alg"].SetText(s.Algorithm)
	v.labels["ui.seal.valid"].SetText(s.ValidFrom.Local().Format(time.DateOnly) + " — " + s.ValidTo.Local().Format(time.DateOnly))
	status := w.t("status." + s.Status)
	if d.Lifecycle.StatusReason != "" && s.Status != app.SealActive {
		status = w.t("ui.sa.with.reason", status, d.Lifecycle.StatusReason)
	}
	v.labels["ui.seal.status"].SetText(status)
	cert := w.t("ui.sa.none")
	if d.CertCN != "" {
		cert = w.t("ui.sa.cert.validity", d.CertCN, d.CertFrom.Local().Format(time.DateOnly), d.CertTo.Local().Format(time.DateOnly))
	}
	v.labels["ui.seal.cert"].SetText(cert)
	origin := d.Lifecycle.Origin
	if origin != "" {
		origin = w.t("origin." + origin)
	}
	if d.Lifecycle.VendorID != "" {
		origin += " · " + w.t("ui.seal.vendor") + " " + d.Lifecycle.VendorID
	}
	v.labels["ui.seal.origin"].SetText(origin)

	var lines []string
	for _, e := range d.Events {
		line := e.At.Local().Format("2006-01-02 15:04") + "  " + w.t("seal.event."+e.Event) + "  " + e.Actor
		if e.FromStatus != "" && e.FromStatus != e.ToStatus {
			line += "  " + w.t("status."+e.FromStatus) + " → " + w.t("status."+e.ToStatus)
		}
		if e.Reason != "" {
			line = w.t("ui.sa.with.reason", line, e.Reason)
		}
		if e.Related != "" {
			line += "  " + e.Related
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = []string{w.t("ui.sa.events.empty")}
	}
	v.Events.SetText(strings.Join(lines, "\n"))

	for _, b := range buttons {
		b.Enable()
	}
	if s.Status != app.SealActive {
		v.Suspend.Disable()
	}
	if s.Status != app.SealSuspended {
		v.Resume.Disable()
	}
	if s.Status == app.SealRevoked {
		v.Revoke.Disable()
	}
}

// say shows a message under the actions and in the status bar.
func (v *SealAdminView) say(msg string, imp widget.Importance) {
	v.Message.Importance = imp
	v.Message.SetText(msg)
	v.w.Status.SetText(msg)
}

func (v *SealAdminView) fail(err error) { v.say(app.Message(err, v.w.lang), widget.DangerImportance) }

// askReason opens the reason dialog of a status change. A revoke with a
// reason asks once more, because it is final; one without is handed to the
// app, whose refusal (and its ledger entry) is what the person sees.
func (v *SealAdminView) askReason(event string) {
	w := v.w
	if v.Selected < 0 {
		return
	}
	s := v.Seals[v.Selected]
	v.Reason = widget.NewMultiLineEntry()
	v.Reason.SetPlaceHolder(w.t("ui.sa.reason.hint"))
	v.Reason.SetMinRowsVisible(3)
	items := []fyne.CanvasObject{widget.NewLabel(s.Name + " · " + s.Code), v.Reason}
	if event == "revoke" {
		warn := heading(w.t("ui.sa.revoke.warn"))
		warn.Importance = widget.DangerImportance
		warn.Wrapping = fyne.TextWrapWord
		items = append(items, warn)
	}
	var d dialog.Dialog
	cancel := widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { d.Hide() })
	v.ReasonOK = widget.NewButtonWithIcon(w.t("ui.sa."+event), theme.ConfirmIcon(), func() {
		d.Hide()
		reason := strings.TrimSpace(v.Reason.Text)
		if event == "revoke" && reason != "" {
			v.confirmRevoke(s, reason)
			return
		}
		v.change(s, event, reason)
	})
	v.ReasonOK.Importance = widget.HighImportance
	if event == "revoke" {
		v.ReasonOK.Importance = widget.DangerImportance
	}
	body := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, v.ReasonOK), nil, nil, container.NewVBox(items...))
	d = dialog.NewCustomWithoutButtons(w.t("ui.sa.reason.title", w.t("ui.sa."+event), s.Name), body, w.Window)
	d.Resize(fyne.NewSize(480, 0))
	v.reasonDialog = d
	d.Show()
	w.Window.Canvas().Focus(v.Reason)
}

func (v *SealAdminView) confirmRevoke(s app.Seal, reason string) {
	w := v.w
	var d dialog.Dialog
	cancel := widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { d.Hide() })
	v.ConfirmOK = widget.NewButtonWithIcon(w.t("ui.sa.revoke.ok"), theme.DeleteIcon(), func() {
		d.Hide()
		v.change(s, "revoke", reason)
	})
	v.ConfirmOK.Importance = widget.DangerImportance
	ask := widget.NewLabel(w.t("ui.sa.revoke.ask", s.Name, s.Code, reason))
	ask.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, v.ConfirmOK), nil, nil, ask)
	d = dialog.NewCustomWithoutButtons(w.t("ui.sa.revoke.title"), body, w.Window)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// change applies a status change. These are single database transactions, as
// quick as the approver's decision, so they run on the GUI goroutine.
func (v *SealAdminView) change(s app.Seal, event, reason string) {
	w := v.w
	ctx := context.Background()
	var err error
	switch event {
	case "suspend":
		err = w.ws.SuspendSeal(ctx, w.Session, s.ID, reason)
	case "resume":
		err = w.ws.ResumeSeal(ctx, w.Session, s.ID, reason)
	case "revoke":
		err = w.ws.RevokeSeal(ctx, w.Session, s.ID, reason)
	}
	if err != nil {
		v.fail(err)
		return
	}
	v.Reload(s.ID)
	v.say(w.t("ui.sa.done."+event, s.Name), widget.SuccessImportance)
}

func (v *SealAdminView) chooseExport() {
	if v.Selected < 0 {
		return
	}
	saveAs(v.w.Window, v.Seals[v.Selected].Code+".sel", v.ExportTo)
}

// ExportTo exports the selected seal to path.
func (v *SealAdminView) ExportTo(path string) {
	if v.Selected < 0 {
		return
	}
	s := v.Seals[v.Selected]
	if err := v.w.ws.ExportSeal(context.Background(), v.w.Session, s.ID, path); err != nil {
		v.fail(err)
		return
	}
	v.Reload(s.ID)
	v.say(v.w.t("ui.sa.done.export", s.Name, path), widget.SuccessImportance)
}

// MakeSealForm is the 制作印章 dialog's content.
type MakeSealForm struct {
	Kind      *widget.Select
	Org       *widget.Entry
	Purpose   *widget.Entry
	TaxID     *widget.Entry
	Holder    *widget.Entry
	Algorithm *widget.RadioGroup
	Years     *widget.Entry
	PIN       *widget.Entry
	PIN2      *widget.Entry
	Preview   *canvas.Image
	Message   *widget.Label
	OK        *widget.Button
	Dialog    dialog.Dialog

	kinds []string // Kind's options, in SealKinds order
	rows  map[*widget.Entry][2]fyne.CanvasObject
	busy  bool
}

func (v *SealAdminView) openMakeForm() {
	w := v.w
	f := &MakeSealForm{kinds: app.SealKinds(), rows: map[*widget.Entry][2]fyne.CanvasObject{}}
	v.Form = f
	var names []string
	for _, k := range f.kinds {
		names = append(names, w.t("kind."+k))
	}
	f.Kind = widget.NewSelect(names, func(string) { f.refresh(w) })
	f.Org = widget.NewEntry()
	f.Org.SetText(w.ws.Organisation(context.Background()))
	f.Purpose = widget.NewEntry()
	f.Purpose.SetPlaceHolder("报关专用章")
	f.TaxID = widget.NewEntry()
	f.Holder = widget.NewEntry()
	for _, e := range []*widget.Entry{f.Org, f.Purpose, f.TaxID, f.Holder} {
		e.OnChanged = func(string) { f.refresh(w) }
	}
	f.Algorithm = widget.NewRadioGroup([]string{app.AlgSM2, app.AlgECDSAP256}, nil)
	f.Algorithm.Horizontal = true
	f.Algorithm.Required = true
	f.Algorithm.SetSelected(app.AlgSM2)
	f.Years = widget.NewEntry()
	f.Years.SetText("5")
	f.PIN = widget.NewPasswordEntry()
	f.PIN.SetPlaceHolder(w.t("ui.sa.pin.hint"))
	f.PIN2 = widget.NewPasswordEntry()
	f.Preview = pictureBox(220)
	f.Message = widget.NewLabel("")
	f.Message.Wrapping = fyne.TextWrapWord

	grid := container.New(layout.NewFormLayout())
	row := func(key string, o fyne.CanvasObject) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(w.t(key), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		grid.Add(l)
		grid.Add(o)
		return l
	}
	row("ui.sa.kind", f.Kind)
	for _, r := range []struct {
		key string
		e   *widget.Entry
	}{{"ui.sa.org", f.Org}, {"ui.sa.purpose", f.Purpose}, {"ui.sa.taxid", f.TaxID}, {"ui.sa.holder", f.Holder}} {
		f.rows[r.e] = [2]fyne.CanvasObject{row(r.key, r.e), r.e}
	}
	row("ui.sa.alg", f.Algorithm)
	row("ui.sa.years", f.Years)
	row("ui.sa.pin", f.PIN)
	row("ui.sa.pin2", f.PIN2)

	cancel := widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { f.Dialog.Hide() })
	f.OK = widget.NewButtonWithIcon(w.t("ui.sa.make"), theme.ConfirmIcon(), func() { v.make(f) })
	f.OK.Importance = widget.HighImportance
	sizer := canvas.NewRectangle(color.Transparent) // keeps the fields wide when few are shown
	sizer.SetMinSize(fyne.NewSize(460, 0))
	caption := widget.NewLabelWithStyle(w.t("ui.sa.preview"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	preview := container.NewBorder(nil, caption, nil, nil, f.Preview)
	body := container.NewBorder(nil, container.NewVBox(f.Message, container.NewHBox(layout.NewSpacer(), cancel, f.OK)), nil, nil,
		container.NewHBox(container.NewStack(sizer, container.NewVBox(grid)), widget.NewSeparator(), preview))
	f.Dialog = dialog.NewCustomWithoutButtons(w.t("ui.sa.make.title"), body, w.Window)
	f.Kind.SetSelectedIndex(1) // contract: the seal made most often after the official one
	f.Dialog.Show()
}

// kind is the selected kind's id.
func (f *MakeSealForm) kind() string {
	if i := f.Kind.SelectedIndex(); i >= 0 {
		return f.kinds[i]
	}
	return ""
}

// refresh shows the fields the kind needs and draws the preview from the
// kind's preset, as MakeSeal will (the code is not known yet, so none).
func (f *MakeSealForm) refresh(w *Workstation) {
	if f.rows == nil || f.Org == nil || f.Holder == nil {
		return // still being built
	}
	k := f.kind()
	show := map[*widget.Entry]bool{
		f.Org:     k != "legal-rep" && k != "personal",
		f.Purpose: k == "business",
		f.TaxID:   k == "invoice",
		f.Holder:  k == "legal-rep" || k == "personal",
	}
	for e, r := range f.rows {
		for _, o := range r {
			if show[e] {
				o.Show()
			} else {
				o.Hide()
			}
		}
	}
	org := strings.TrimSpace(f.Org.Text)
	in := app.SealPictureInput{Kind: k, Organisation: org, TaxID: strings.TrimSpace(f.TaxID.Text), Holder: strings.TrimSpace(f.Holder.Text)}
	if k == "business" { // the other kinds' purpose is their own
		in.Purpose = strings.TrimSpace(f.Purpose.Text)
	}
	spec := app.SealPicture(in)
	f.Preview.Resource = nil
	f.Preview.Image = nil
	if img, err := drawPreview(spec); err == nil {
		f.Preview.Resource = img
	}
	f.Preview.Refresh()
}

// drawPreview draws spec at a screen resolution; an incomplete spec (no
// holder typed yet) is an error and shows no picture.
func drawPreview(spec seal.PictureSpec) (res fyne.Resource, err error) {
	defer func() {
		if r := recover(); r != nil { // a half-typed spec must never take the form down
			err = fmt.Errorf("draw preview: %v", r)
		}
	}()
	img, err := seal.DrawPicture(spec, 150)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return fyne.NewStaticResource("preview.png", b.Bytes()), nil
}

// make checks the form and makes the seal on a background goroutine: key
// generation and the CA's signature take long enough to freeze the window.
func (v *SealAdminView) make(f *MakeSealForm) {
	w := v.w
	if f.busy {
		return
	}
	bad := func(msg string) {
		f.Message.Importance = widget.DangerImportance
		f.Message.SetText(msg)
	}
	if f.PIN.Text != f.PIN2.Text {
		bad(w.t("ui.sa.pin.mismatch"))
		return
	}
	years, err := strconv.Atoi(strings.TrimSpace(f.Years.Text))
	if err != nil || years < 1 || years > 10 {
		bad(w.t("ui.sa.years.bad"))
		return
	}
	in := app.MakeSealInput{
		Kind: f.kind(), Algorithm: f.Algorithm.Selected, CertYears: years, PIN: f.PIN.Text,
		Organisation: strings.TrimSpace(f.Org.Text), Purpose: strings.TrimSpace(f.Purpose.Text),
		TaxID: strings.TrimSpace(f.TaxID.Text), Holder: strings.TrimSpace(f.Holder.Text),
	}
	f.busy = true
	f.OK.Disable()
	f.Message.Importance = widget.MediumImportance
	f.Message.SetText(w.t("ui.sa.making"))
	s := w.Session
	go func() {
		made, err := w.ws.MakeSeal(context.Background(), s, in)
		fyne.Do(func() {
			f.busy = false
			f.OK.Enable()
			if err != nil {
				bad(app.Message(err, w.lang))
				return
			}
			f.Dialog.Hide()
			v.Reload(made.ID)
			v.say(w.t("ui.sa.done.make", made.Name, made.Code), widget.SuccessImportance)
		})
	}()
}

// ImportForm is the 导入印章 dialog's content.
type ImportForm struct {
	File, Cert, Key *widget.Entry
	OK              *widget.Button
	Message         *widget.Label
	Dialog          dialog.Dialog
}

func (v *SealAdminView) openImport() {
	w := v.w
	f := &ImportForm{File: widget.NewEntry(), Cert: widget.NewEntry(), Key: widget.NewEntry(), Message: widget.NewLabel("")}
	f.Message.Wrapping = fyne.TextWrapWord
	grid := container.New(layout.NewFormLayout())
	for _, r := range []struct {
		key string
		e   *widget.Entry
	}{{"ui.sa.import.file", f.File}, {"ui.sa.import.cert", f.Cert}, {"ui.sa.import.key", f.Key}} {
		e := r.e
		browse := widget.NewButtonWithIcon(w.t("ui.sa.browse"), theme.FolderOpenIcon(), func() {
			openFile(w.Window, nil, "", e.SetText)
		})
		grid.Add(widget.NewLabelWithStyle(w.t(r.key), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(container.NewBorder(nil, nil, nil, browse, e))
	}
	cancel := widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { f.Dialog.Hide() })
	f.OK = widget.NewButtonWithIcon(w.t("ui.sa.import"), theme.ConfirmIcon(), func() { v.importSeal(f) })
	f.OK.Importance = widget.HighImportance
	body := container.NewVBox(container.NewGridWrap(fyne.NewSize(560, grid.MinSize().Height), grid), f.Message,
		container.NewHBox(layout.NewSpacer(), cancel, f.OK))
	f.Dialog = dialog.NewCustomWithoutButtons(w.t("ui.sa.import.title"), body, w.Window)
	f.Dialog.Show()
}

func (v *SealAdminView) importSeal(f *ImportForm) {
	w := v.w
	res, err := w.ws.ImportSeal(context.Background(), w.Session, app.ImportSealInput{
		File: strings.TrimSpace(f.File.Text), CertFile: strings.TrimSpace(f.Cert.Text), KeyFile: strings.TrimSpace(f.Key.Text)})
	if err != nil {
		f.Message.Importance = widget.DangerImportance
		f.Message.SetText(app.Message(err, w.lang))
		return
	}
	f.Dialog.Hide()
	v.Reload(res.Seal.ID)
	msg := w.t("ui.sa.done.import", res.Seal.Name)
	imp := widget.SuccessImportance
	if res.Note != nil {
		msg = w.t("ui.sa.with.note", msg, app.Message(res.Note, w.lang))
		imp = widget.WarningImportance
	}
	v.say(msg, imp)
}

// removeEmpty removes path if it is an empty file (what a save dialog leaves).
func removeEmpty(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		os.Remove(path)
	}
}
