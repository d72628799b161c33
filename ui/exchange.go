package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// ExchangeView carries work between a field workstation and headquarters as
// files: a stamp request with its signed approvals, and signed ledger
// extracts. The file dialogs call the …To / …From methods, which tests call
// directly with paths.
type ExchangeView struct {
	Request      *widget.Select
	ExportReq    *widget.Button
	ImportReq    *widget.Button
	Since        *widget.Entry
	ExportLedger *widget.Button
	ImportLedger *widget.Button
	Before       *widget.Entry
	Archive      *widget.Button
	Result       *widget.Label
	Report       *app.ImportReport // the last ledger import's report
	RequestCard  *widget.Card      // nil when the user's roles do not carry requests
	LedgerCard   *widget.Card      // nil unless auditor or administrator

	w        *Workstation
	content  fyne.CanvasObject
	requests map[string]string // label → id
}

func newExchangeView(w *Workstation) *ExchangeView {
	v := &ExchangeView{w: w}
	v.Result = widget.NewLabel("")
	v.Result.Wrapping = fyne.TextWrapWord
	v.Request = widget.NewSelect(nil, nil)
	v.Request.PlaceHolder = w.t("ui.x.choose")
	v.ExportReq = widget.NewButtonWithIcon(w.t("ui.x.req.export"), theme.UploadIcon(), func() {
		if id := v.requests[v.Request.Selected]; id != "" {
			saveAs(v.w.Window, id+".sdreq", v.ExportRequestTo)
		}
	})
	v.ImportReq = widget.NewButtonWithIcon(w.t("ui.x.req.import"), theme.DownloadIcon(), func() { v.openDialog(v.ImportRequestFrom) })
	v.Since = widget.NewEntry()
	v.Since.SetPlaceHolder(w.t("ui.x.since.hint"))
	v.ExportLedger = widget.NewButtonWithIcon(w.t("ui.x.ledger.export"), theme.UploadIcon(), func() {
		saveAs(v.w.Window, "ledger-"+time.Now().Format("20060102")+".sdledger", v.ExportLedgerTo)
	})
	v.ImportLedger = widget.NewButtonWithIcon(w.t("ui.x.ledger.import"), theme.DownloadIcon(), func() { v.openDialog(v.ImportLedgerFrom) })
	v.Before = widget.NewEntry()
	v.Before.SetPlaceHolder(w.t("ui.ledger.date"))
	v.Archive = widget.NewButtonWithIcon(w.t("ui.x.archive"), theme.StorageIcon(), func() {
		saveAs(v.w.Window, "ledger-archive-"+time.Now().Format("20060102")+".sdledger", v.ArchiveTo)
	})

	s := w.Session.User
	reqCard := widget.NewCard(w.t("ui.x.req.title"), w.t("ui.x.req.sub"), container.NewVBox(
		widget.NewForm(widget.NewFormItem(w.t("ui.x.request"), v.Request)),
		container.NewHBox(layout.NewSpacer(), v.ExportReq, v.ImportReq)))
	ledCard := widget.NewCard(w.t("ui.x.ledger.title"), w.t("ui.x.ledger.sub"), container.NewVBox(
		widget.NewForm(widget.NewFormItem(w.t("ui.x.since"), v.Since)),
		container.NewHBox(layout.NewSpacer(), v.ExportLedger, v.ImportLedger),
		widget.NewForm(widget.NewFormItem(w.t("ui.x.before"), v.Before)),
		container.NewHBox(layout.NewSpacer(), v.Archive)))
	var cards []fyne.CanvasObject
	if s.HasRole(app.RoleAdmin) || s.HasRole(app.RoleCustodian) || s.HasRole(app.RoleApprover) {
		v.RequestCard = reqCard
		cards = append(cards, reqCard)
	}
	if s.HasRole(app.RoleAdmin) || s.HasRole(app.RoleAuditor) {
		v.LedgerCard = ledCard
		cards = append(cards, ledCard)
	}
	resultCard := widget.NewCard(w.t("ui.x.result"), "", container.NewVScroll(v.Result))
	v.content = container.NewBorder(container.NewVBox(cards...), nil, nil, nil, resultCard)
	v.Reload()
	return v
}

// Reload lists the requests that can be exported.
func (v *ExchangeView) Reload() {
	reqs, err := v.w.ws.Requests(context.Background(), "")
	if err != nil {
		v.fail(err)
		return
	}
	v.requests = map[string]string{}
	var opts []string
	for _, r := range reqs {
		l := fmt.Sprintf("%s · %s · %s · %s", r.ID, r.DocName, r.Requester, v.w.label("ui.reqstatus.", r.Status))
		v.requests[l] = r.ID
		opts = append(opts, l)
	}
	v.Request.Options = opts
	v.Request.Refresh()
}

func (v *ExchangeView) show(msg string, imp widget.Importance) {
	v.Result.Importance = imp
	v.Result.SetText(msg)
	v.w.setStatus(strings.SplitN(msg, "\n", 2)[0])
}

func (v *ExchangeView) fail(err error) { v.show(app.Message(err, v.w.lang), widget.DangerImportance) }

func (v *ExchangeView) openDialog(from func(string)) { openFile(v.w.Window, nil, "", from) }

// ExportRequestTo writes request id with its signed approvals to path.
func (v *ExchangeView) ExportRequestTo(path string) {
	w := v.w
	w.touch()
	id := v.requests[v.Request.Selected]
	if err := w.ws.ExportRequest(context.Background(), w.Session, id, path); err != nil {
		v.fail(err)
		return
	}
	v.show(w.t("ui.x.req.exported", id, path), widget.SuccessImportance)
}

// ImportRequestFrom files a request and its approvals from another
// workstation, after checking every approver's signature.
func (v *ExchangeView) ImportRequestFrom(path string) {
	w := v.w
	w.touch()
	id, err := w.ws.ImportRequest(context.Background(), w.Session, path)
	if err != nil {
		v.fail(err)
		return
	}
	v.Reload()
	r, _ := w.ws.StampRequest(context.Background(), id)
	as, _ := w.ws.Approvals(context.Background(), id)
	var who []string
	for _, a := range as {
		who = append(who, a.Approver+" "+w.label("ui.kind.", a.Decision))
	}
	v.show(w.t("ui.x.req.imported", id, r.DocName, w.label("ui.reqstatus.", r.Status), strings.Join(who, "、")), widget.SuccessImportance)
}

// ExportLedgerTo writes a signed extract of the ledger (from the day in
// Since, or all of it) to path.
func (v *ExchangeView) ExportLedgerTo(path string) {
	w := v.w
	w.touch()
	since, ok := parseDay(v.Since.Text)
	if !ok {
		v.show(w.t("ui.ledger.baddate", v.Since.Text), widget.DangerImportance)
		return
	}
	n, err := w.ws.ExportLedger(context.Background(), w.Session, app.ExportOptions{Since: since}, path)
	if err != nil {
		v.fail(err)
		return
	}
	v.show(w.t("ui.x.ledger.exported", n, path), widget.SuccessImportance)
}

// ImportLedgerFrom checks and merges a field workstation's extract and shows
// what it found: new entries, duplicates, gaps, forks, entries that do not chain.
func (v *ExchangeView) ImportLedgerFrom(path string) {
	w := v.w
	w.touch()
	rep, err := w.ws.ImportLedger(context.Background(), w.Session, path)
	if err != nil {
		v.fail(err)
		return
	}
	v.Report = rep
	lines := []string{w.t("ui.x.ledger.imported", filepath.Base(path), rep.Workstation, rep.New, rep.Duplicates)}
	imp := widget.SuccessImportance
	if len(rep.Gap) == 2 {
		lines = append(lines, w.t("ui.x.gap", rep.Gap[0], rep.Gap[1]))
		imp = widget.WarningImportance
	}
	if len(rep.Forks) > 0 {
		lines = append(lines, w.t("ui.x.forks", seqs(rep.Forks)))
		imp = widget.DangerImportance
	}
	if len(rep.NotChaining) > 0 {
		lines = append(lines, w.t("ui.x.notchaining", seqs(rep.NotChaining)))
		imp = widget.DangerImportance
	}
	if rep.Clean() {
		lines = append(lines, w.t("ui.x.clean"))
	}
	v.show(strings.Join(lines, "\n"), imp)
}

// ArchiveTo moves the entries before the day in Before whose retention has
// ended into a signed archive at path.
func (v *ExchangeView) ArchiveTo(path string) {
	w := v.w
	w.touch()
	before, ok := parseDay(v.Before.Text)
	if !ok || before.IsZero() {
		v.show(w.t("ui.ledger.baddate", v.Before.Text), widget.DangerImportance)
		return
	}
	res, err := w.ws.ArchiveLedger(context.Background(), w.Session, before, path)
	if err != nil {
		v.fail(err)
		return
	}
	v.show(w.t("ui.x.archived", res.First, res.Last, res.Path, res.SM3), widget.SuccessImportance)
}

func seqs(s []int64) string {
	var out []string
	for _, n := range s {
		out = append(out, fmt.Sprint(n))
	}
	return strings.Join(out, ", ")
}

// AuditView writes the signed PDF audit report of a period.
type AuditView struct {
	From, To *widget.Entry
	Lang     *widget.Select
	Generate *widget.Button
	Result   *widget.Label
	Progress *widget.ProgressBarInfinite
	Last     *app.AuditResult
	Verdict  *VerifyPanel
	busy     bool

	w       *Workstation
	content fyne.CanvasObject
}

func newAuditView(w *Workstation) *AuditView {
	v := &AuditView{w: w}
	now := w.ws.Now()
	v.From = widget.NewEntry()
	v.From.SetText(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local).Format(time.DateOnly))
	v.To = widget.NewEntry()
	v.To.SetText(now.Format(time.DateOnly))
	v.Lang = widget.NewSelect([]string{"中文", "English"}, nil)
	if w.lang == assets.LangEN {
		v.Lang.SetSelected("English")
	} else {
		v.Lang.SetSelected("中文")
	}
	v.Result = widget.NewLabel("")
	v.Result.Wrapping = fyne.TextWrapWord
	v.Progress = widget.NewProgressBarInfinite()
	v.Progress.Stop()
	v.Progress.Hide()
	v.Generate = widget.NewButtonWithIcon(w.t("ui.audit.generate"), theme.DocumentCreateIcon(), func() {
		from, to, ok := v.period()
		if !ok {
			return
		}
		name := fmt.Sprintf("audit-%s-%s.pdf", from.Format("20060102"), to.AddDate(0, 0, -1).Format("20060102"))
		saveAs(w.Window, name, func(path string) { v.GenerateTo(path, from, to) })
	})
	v.Generate.Importance = widget.HighImportance
	v.Verdict = newVerifyPanel(w)
	hint := hintLabel(w.t("ui.audit.hint"))
	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.ledger.from"), v.From),
		widget.NewFormItem(w.t("ui.ledger.to"), v.To),
		widget.NewFormItem(w.t("ui.audit.lang"), v.Lang),
	)
	top := widget.NewCard(w.t("ui.audit.title"), w.t("ui.audit.sub"), container.NewVBox(form, container.NewHBox(layout.NewSpacer(), v.Generate), v.Progress, v.Result, hint))
	v.content = container.NewBorder(top, nil, nil, nil, v.Verdict.content)
	return v
}

// period reads the days from the form; To is returned as the start of the
// day after the last day.
func (v *AuditView) period() (from, to time.Time, ok bool) {
	from, ok1 := parseDay(v.From.Text)
	last, ok2 := parseDay(v.To.Text)
	if !ok1 || !ok2 || from.IsZero() || last.IsZero() {
		v.Result.Importance = widget.DangerImportance
		v.Result.SetText(v.w.t("ui.ledger.baddate", v.From.Text+" / "+v.To.Text))
		return from, to, false
	}
	return from, last.AddDate(0, 0, 1), true
}

// GenerateTo writes the report for the form's period to path, off the GUI
// goroutine, then verifies it and shows the verdict.
func (v *AuditView) GenerateTo(path string, from, to time.Time) {
	w := v.w
	w.touch()
	if v.busy {
		return
	}
	lang := assets.LangZH
	if v.Lang.Selected == "English" {
		lang = assets.LangEN
	}
	v.busy = true
	v.Generate.Disable()
	v.Progress.Show()
	v.Progress.Start()
	v.Result.SetText(w.t("ui.audit.working"))
	sess := w.Session
	go func() {
		ctx := context.Background()
		res, err := w.ws.AuditReport(ctx, sess, app.AuditOptions{From: from, To: to, Lang: lang}, path)
		var rep *app.VerifyReport
		var verr error
		if err == nil {
			roots, rerr := w.ws.Roots()
			if verr = rerr; rerr == nil {
				rep, verr = app.VerifyFile(ctx, path, app.VerifyOptions{Roots: roots})
			}
		}
		do(func() {
			defer func() { v.busy = false }() // last: tests wait for it
			v.Progress.Stop()
			v.Progress.Hide()
			v.Generate.Enable()
			if err != nil {
				v.Result.Importance = widget.DangerImportance
				v.Result.SetText(app.Message(err, w.lang))
				return
			}
			v.Last = res
			msg := w.t("ui.audit.done", homeRelative(res.Path), res.Entries, res.Stamps, res.Refusals, res.SHA)
			v.Result.Importance = widget.SuccessImportance
			if !res.Intact {
				msg += "\n" + w.t("ui.audit.broken")
				v.Result.Importance = widget.DangerImportance
			}
			v.Result.SetText(msg)
			w.setStatus(w.t("ui.audit.done.short", filepath.Base(res.Path)))
			if verr != nil {
				v.Verdict.ShowError(verr)
			} else {
				v.Verdict.Show(rep)
			}
		})
	}()
}
