package ui

import (
	"context"
	"errors"
	"io"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// label translates a ledger word (kind or outcome) when the catalog knows it.
func (w *Workstation) label(prefix, word string) string {
	if assets.HasMessage(prefix + word) {
		return w.t(prefix + word)
	}
	return word
}

// LedgerView is the auditor's ledger: filters, the chain's state, the entries, CSV export.
type LedgerView struct {
	From    *widget.Entry
	To      *widget.Entry
	Seal    *widget.Select
	User    *widget.Select
	Kind    *widget.Select
	Filter  *widget.Button
	Export  *widget.Button
	Chain   *widget.Label
	Count   *widget.Label
	Table   *widget.Table
	Entries []app.LedgerEntry
	// Detail shows every field of the selected entry (Selected, -1 for none):
	// the table's cells are cut short, and the hashes and workstation have no
	// column.
	Detail   *fyne.Container
	Selected int

	w         *Workstation
	content   fyne.CanvasObject
	sealIDs   map[string]string // seal name -> id
	kinds     map[string]string // kind label -> kind
	sealNames map[string]string // id -> name
	display   map[string]string // user name -> display name
	chainIcon *widget.Icon
}

var ledgerCols = []struct {
	key   string
	width float32
}{
	{"ui.col.seq", 60}, {"ui.col.time", 160}, {"ui.col.actor", 100}, {"ui.col.kind", 110}, {"ui.col.outcome", 80},
	{"ui.col.seal", 200}, {"ui.col.doc", 160}, {"ui.col.detail", 420},
}

func newLedgerView(w *Workstation) *LedgerView {
	ctx := context.Background()
	v := &LedgerView{w: w, sealIDs: map[string]string{}, sealNames: map[string]string{}, kinds: map[string]string{},
		display: map[string]string{}, chainIcon: widget.NewIcon(nil), Selected: -1}
	all := w.t("ui.ledger.all")
	v.From = widget.NewEntry()
	v.From.SetPlaceHolder(w.t("ui.ledger.date"))
	v.To = widget.NewEntry()
	v.To.SetPlaceHolder(w.t("ui.ledger.date"))
	sealOpts := []string{all}
	if seals, err := w.ws.Seals(ctx); err == nil {
		for _, s := range seals {
			sealOpts = append(sealOpts, s.Name)
			v.sealIDs[s.Name], v.sealNames[s.ID] = s.ID, s.Name
		}
	}
	userOpts := []string{all}
	if users, err := w.ws.AllUsers(ctx); err == nil {
		for _, u := range users {
			userOpts = append(userOpts, u.Name)
			v.display[u.Name] = u.DisplayName
		}
	}
	v.Seal = widget.NewSelect(sealOpts, nil)
	v.Seal.Selected = all
	v.User = widget.NewSelect(userOpts, nil)
	v.User.Selected = all
	kindOpts := []string{all}
	// Every kind app writes (app.EntryKinds); kinds of an older or newer
	// version found in the ledger are added after them.
	kinds := app.EntryKinds()
	if es, err := w.ws.Ledger(ctx, app.LedgerFilter{}); err == nil {
		for _, e := range es {
			kinds = append(kinds, e.Kind)
		}
	}
	for _, k := range kinds {
		l := w.label("ui.kind.", k)
		if _, seen := v.kinds[l]; !seen {
			v.kinds[l] = k
			kindOpts = append(kindOpts, l)
		}
	}
	v.Kind = widget.NewSelect(kindOpts, nil)
	v.Kind.Selected = all
	v.Filter = widget.NewButtonWithIcon(w.t("ui.ledger.filter"), theme.SearchIcon(), v.Apply)
	v.Filter.Importance = widget.HighImportance
	v.Export = widget.NewButtonWithIcon(w.t("ui.ledger.export"), theme.DocumentSaveIcon(), v.exportDialog)
	v.Chain = widget.NewLabel("")
	v.Chain.TextStyle.Bold = true
	v.Count = widget.NewLabel("")

	v.Table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.Entries), len(ledgerCols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(v.cell(v.Entries[id.Row], id.Col))
		})
	v.Table.ShowHeaderColumn = false
	v.Table.CreateHeader = func() fyne.CanvasObject {
		return heading("")
	}
	v.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(w.t(ledgerCols[id.Col].key))
		}
	}
	for i, c := range ledgerCols {
		v.Table.SetColumnWidth(i, c.width)
	}
	v.Detail = container.NewVBox()
	v.Table.OnSelected = func(id widget.TableCellID) { v.ShowDetail(id.Row) }
	v.ShowDetail(-1)
	field := func(label string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabel(label), nil, o)
	}
	filters := container.NewGridWithColumns(5,
		field(w.t("ui.ledger.from"), v.From), field(w.t("ui.ledger.to"), v.To),
		field(w.t("ui.ledger.seal"), v.Seal), field(w.t("ui.ledger.user"), v.User), field(w.t("ui.ledger.kind"), v.Kind))
	bar := container.NewBorder(nil, nil, container.NewHBox(v.chainIcon, v.Chain), container.NewHBox(v.Count, v.Filter, v.Export))
	split := container.NewHSplit(v.Table, container.NewVScroll(container.NewPadded(v.Detail)))
	split.Offset = 0.66
	v.content = container.NewBorder(container.NewVBox(filters, bar, widget.NewSeparator()), nil, nil, nil, split)
	return v
}

func (v *LedgerView) cell(e app.LedgerEntry, col int) string {
	switch col {
	case 0:
		return strconv.FormatInt(e.Seq, 10)
	case 1:
		return e.At.Local().Format("2006-01-02 15:04:05")
	case 2:
		// People by their names; an actor with none (init-demo, a removed
		// user) by its account name. The detail pane shows both.
		if d := v.display[e.Actor]; d != "" {
			return d
		}
		return e.Actor
	case 3:
		return v.w.label("ui.kind.", e.Kind)
	case 4:
		return v.w.label("ui.outcome.", e.Outcome)
	case 5:
		if n, ok := v.sealNames[e.SealID]; ok {
			return n
		}
		return e.SealID
	case 6:
		return e.DocName
	}
	return app.DescribeEntry(e, v.w.lang)
}

// ShowDetail fills the detail pane with every field of entry row of the table,
// each in full and selectable for copying; -1 says how to choose one.
func (v *LedgerView) ShowDetail(row int) {
	w := v.w
	v.Selected = row
	if row < 0 || row >= len(v.Entries) {
		v.Selected = -1
		hint := widget.NewLabel(w.t("ui.ledger.pick"))
		hint.Wrapping = fyne.TextWrapWord
		hint.Importance = widget.MediumImportance
		v.Detail.Objects = []fyne.CanvasObject{hint}
		v.Detail.Refresh()
		return
	}
	e := v.Entries[row]
	recs, err := w.ws.LedgerRecords(context.Background(), []app.LedgerEntry{e})
	if err != nil || len(recs) != 1 {
		v.Detail.Objects = []fyne.CanvasObject{widget.NewLabel(app.Message(err, w.lang))}
		v.Detail.Refresh()
		return
	}
	r := recs[0]
	actor := r.Actor
	if d := v.display[r.Actor]; d != "" && d != r.Actor {
		actor = d + "（" + r.Actor + "）"
	}
	seal := r.SealID
	if r.SealName != "" {
		seal = r.SealName + "（" + r.SealID + "）"
	}
	form := widget.NewForm()
	for _, f := range []struct{ key, value string }{
		{"ui.ledger.f.seq", strconv.FormatInt(r.Seq, 10)},
		{"ui.ledger.f.time", r.At.Local().Format("2006-01-02 15:04:05 MST")},
		{"ui.ledger.f.actor", actor},
		{"ui.ledger.f.kind", w.label("ui.kind.", r.Kind)},
		{"ui.ledger.f.outcome", w.label("ui.outcome.", r.Outcome)},
		{"ui.ledger.f.seal", seal},
		{"ui.ledger.f.request", r.RequestID},
		{"ui.ledger.f.doc", r.DocName},
		{"ui.ledger.f.doc_hash", r.DocHash},
		{"ui.ledger.f.out_hash", r.OutHash},
		{"ui.ledger.f.detail", r.Description(w.lang)},
		{"ui.ledger.f.workstation", r.Workstation},
		{"ui.ledger.f.ip", r.IP},
		{"ui.ledger.f.prev_hash", r.PrevHash},
		{"ui.ledger.f.hash", r.Hash},
	} {
		if f.value == "" {
			continue
		}
		l := widget.NewLabel(f.value)
		l.Wrapping = fyne.TextWrapBreak
		l.Selectable = true
		form.Append(w.t(f.key), l)
	}
	title := heading(w.t("ui.ledger.detail", r.Seq))
	v.Detail.Objects = []fyne.CanvasObject{title, form}
	v.Detail.Refresh()
}

// filter builds the store filter from the widgets. Dates are local days; To is inclusive.
func (v *LedgerView) filter() (app.LedgerFilter, error) {
	var f app.LedgerFilter
	for _, d := range []struct {
		e   *widget.Entry
		dst *time.Time
		end bool
	}{{v.From, &f.From, false}, {v.To, &f.To, true}} {
		if d.e.Text == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.e.Text, time.Local)
		if err != nil {
			return f, errors.New(v.w.t("ui.ledger.baddate", d.e.Text))
		}
		if d.end {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	all := v.w.t("ui.ledger.all")
	if v.Seal.Selected != all {
		f.SealID = v.sealIDs[v.Seal.Selected]
	}
	if v.User.Selected != all {
		f.Actor = v.User.Selected
	}
	if v.Kind.Selected != all {
		f.Kind = v.kinds[v.Kind.Selected]
	}
	return f, nil
}

// Apply reads the entries matching the filters and checks the whole chain.
func (v *LedgerView) Apply() {
	v.w.touch()
	w := v.w
	ctx := context.Background()
	f, err := v.filter()
	if err != nil {
		v.Count.SetText(err.Error())
		return
	}
	v.Entries, err = w.ws.Ledger(ctx, f)
	switch {
	case err != nil:
		v.Count.SetText(app.Message(err, w.lang))
	case len(v.Entries) == 0:
		v.Count.SetText(w.t("ui.ledger.none"))
	default:
		v.Count.SetText(w.t("ui.ledger.count", len(v.Entries)))
	}
	v.Table.UnselectAll()
	v.ShowDetail(-1)
	v.Table.Refresh()
	n, err := w.ws.LedgerStatus(ctx)
	var ce *app.ChainBreakError
	switch {
	case err == nil:
		v.Chain.SetText(w.t("ui.ledger.intact", n))
		v.Chain.Importance = widget.SuccessImportance
		v.chainIcon.SetResource(verdictIcon(VerdictValid))
	case errors.As(err, &ce):
		v.Chain.SetText(w.t("ui.ledger.broken", ce.Seq, ce.Describe(w.lang)))
		v.Chain.Importance = widget.DangerImportance
		v.chainIcon.SetResource(verdictIcon(VerdictInvalid))
	default:
		v.Chain.SetText(app.Message(err, w.lang))
		v.Chain.Importance = widget.DangerImportance
		v.chainIcon.SetResource(verdictIcon(VerdictInvalid))
	}
	v.Chain.Refresh()
}

func (v *LedgerView) exportDialog() {
	w := v.w
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		err = v.WriteCSV(wc)
		if cerr := wc.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			dialog.ShowError(errors.New(app.Message(err, w.lang)), w.Window)
			return
		}
		w.Status.SetText(w.t("ui.ledger.exported", len(v.Entries), wc.URI().Path()))
	}, w.Window)
	d.SetFileName("ledger-" + time.Now().Format("20060102") + ".csv")
	d.SetTitleText(w.t("ui.dialog.save_file"))
	d.Resize(dialogSize)
	d.Show()
}

// WriteCSV writes the shown entries, with their hashes, as CSV (the same
// columns as sealctl ledger --format csv).
func (v *LedgerView) WriteCSV(out io.Writer) error {
	rs, err := v.w.ws.LedgerRecords(context.Background(), v.Entries)
	if err != nil {
		return err
	}
	return app.WriteLedgerCSV(out, rs, v.w.lang)
}
