package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/assets"
	"sealdesk/pdfsign"
	"sealdesk/report"
	"sealdesk/seal"
	"sealdesk/store"
)

// AuditOptions chooses the period of an audit report: entries at or after
// From and before To (callers turn "up to and including day D" into the
// start of D+1), and the report's language.
type AuditOptions struct {
	From, To time.Time
	Lang     string
}

// AuditResult describes a written audit report.
type AuditResult struct {
	Path     string `json:"path"`
	Entries  int    `json:"entries"`  // ledger entries in the period
	Stamps   int    `json:"stamps"`   // successful stamps in the period
	Refusals int    `json:"refusals"` // refused or failed operations in the period
	SHA      string `json:"sm3"`      // SM3 of the signed report file, hex
	Intact   bool   `json:"ledger_intact"`
	// LastWitness is the last ledger head that left the PC before this
	// report (in a stamped PDF, an extract, a report or a request file);
	// nil when none did.
	LastWitness *Witness `json:"last_witness,omitempty"`
}

// AuditReport writes a PDF audit report of a period (REFERENCE §1: every use
// recorded, complete and true): who stamped what with which seal, under which
// request and whose signed approvals; refusals and failures; paper copies;
// seal and settings changes; counts per seal and per user; and the state of
// the ledger's chain, which the first page states loudly when it is broken.
// The report is signed with the workstation's key (a blue "audit report" mark
// on page 1, not an organisation seal) so anyone can verify it, and writing
// it is itself a ledger entry. Auditors and administrators only.
func (w *Workspace) AuditReport(ctx context.Context, s *Session, o AuditOptions, outPath string) (*AuditResult, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryAuditReport}
	if s == nil || !(s.User.HasRole(RoleAuditor) || s.User.HasRole(RoleAdmin)) {
		return nil, w.refuse(ctx, entry, errf("role", nil, actor(s), RoleAuditor))
	}
	if o.To.Before(o.From) || o.From.IsZero() || o.To.IsZero() {
		return nil, errf("audit_period", nil)
	}
	if err := CheckNewFile(outPath); err != nil {
		return nil, err
	}
	lang := o.Lang
	if lang != assets.LangEN {
		lang = assets.LangZH
	}
	signer, cert, err := w.workstationSigner()
	if err != nil {
		return nil, err
	}
	if signer == nil {
		return nil, errf("no_workstation_key", nil)
	}

	// The chain first: a report on a broken ledger is still written, and says so.
	// One read of the ledger serves the check, the head and the period.
	all, total, chainErr := w.verifiedLedger(ctx)
	var ce *store.ChainError
	if chainErr != nil && !errors.As(chainErr, &ce) && Code(chainErr) == "" {
		return nil, chainErr
	}
	var es []store.Entry
	for _, e := range all {
		if !e.At.Before(o.From) && e.At.Before(o.To) {
			es = append(es, e)
		}
	}
	var last store.Entry
	if len(all) > 0 {
		last = all[len(all)-1]
	}
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return nil, err
	}
	sealName := map[string]string{}
	for _, sl := range seals {
		sealName[sl.ID] = sl.Name
	}
	users, err := w.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	userName := map[string]string{}
	for _, u := range users {
		userName[u.Name] = u.DisplayName
	}
	t := func(key string, args ...any) string { return assets.T(lang, "audit."+key, args...) }
	who := func(name string) string {
		if d := userName[name]; d != "" && d != name {
			return d + " (" + name + ")"
		}
		return name
	}
	when := func(at time.Time) string { return at.In(time.Local).Format("2006-01-02 15:04:05") }
	sealOf := func(id string) string {
		if n := sealName[id]; n != "" {
			return n
		}
		return id
	}
	kindOf := func(k string) string {
		if assets.HasMessage("ui.kind." + k) {
			return assets.T(lang, "ui.kind."+k)
		}
		return k
	}

	doc, err := report.New(assets.LatinFont, assets.CJKFont)
	if err != nil {
		return nil, err
	}
	org := w.Organisation(ctx)
	doc.Title, doc.Author = t("title")+" · "+org, who(s.User.Name)
	lastDay := o.To.Add(-time.Nanosecond)
	doc.Heading(t("title"), 18)
	doc.Para(org, 12, report.Black)
	doc.Para(t("period", o.From.In(time.Local).Format(time.DateOnly), lastDay.In(time.Local).Format(time.DateOnly)), 10, report.Black)
	doc.Para(t("generated", when(w.Now()), who(s.User.Name), w.workstation, w.ip), 10, report.Black)
	res := &AuditResult{Path: outPath, Entries: len(es), Intact: chainErr == nil}
	switch {
	case ce != nil:
		doc.Para(t("chain_broken", ce.Seq, describeChain(ce.Reason, lang)), 12, report.Red)
	case chainErr != nil:
		doc.Para(t("chain_heads", Message(chainErr, lang)), 12, report.Red)
	default:
		doc.Para(t("chain_intact", total, hex.EncodeToString(last.Hash)), 10, report.Black)
	}
	// The last witness sent out: whoever holds it can check this ledger
	// against it (sealctl ledger verify --witness).
	if wt, kind, at := lastWitnessSent(all); wt != nil {
		res.LastWitness = wt
		doc.Para(t("last_witness", wt.Seq, hex.EncodeToString(wt.Hash)[:16], kindOf(kind), when(at)), 10, report.Black)
	} else {
		doc.Para(t("no_witness"), 10, report.Black)
	}

	// Sort the period's entries into the report's sections.
	type counts struct{ stamps, refused, failed, prints, requests, approvals int }
	perSeal, perUser := map[string]*counts{}, map[string]*counts{}
	get := func(m map[string]*counts, k string) *counts {
		if m[k] == nil {
			m[k] = &counts{}
		}
		return m[k]
	}
	var stamps, refusals, prints, changes [][]string
	for _, e := range es {
		u := get(perUser, e.Actor)
		var sc *counts
		if e.SealID != "" {
			sc = get(perSeal, e.SealID)
		}
		bump := func(f func(c *counts)) {
			f(u)
			if sc != nil {
				f(sc)
			}
		}
		switch {
		case e.Outcome == store.OutcomeRefused || e.Outcome == store.OutcomeFailed:
			if e.Outcome == store.OutcomeRefused {
				bump(func(c *counts) { c.refused++ })
			} else {
				bump(func(c *counts) { c.failed++ })
			}
			res.Refusals++
			refusals = append(refusals, []string{when(e.At), who(e.Actor), kindOf(e.Kind) + " · " + t("outcome_"+e.Outcome), sealOf(e.SealID), e.RequestID, DescribeEntry(e, lang)})
		case e.Kind == EntryStamp:
			bump(func(c *counts) { c.stamps++ })
			res.Stamps++
			stamps = append(stamps, []string{when(e.At), who(e.Actor), sealOf(e.SealID),
				e.DocName + "\n" + t("before") + " " + e.DocHash + "\n" + t("after") + " " + e.OutHash,
				e.RequestID + w.placementsLine(ctx, e.RequestID, lang), w.approvalsText(ctx, e.RequestID, t, who, when)})
		case e.Kind == EntryRequest:
			bump(func(c *counts) { c.requests++ })
		case e.Kind == EntryApprove || e.Kind == EntryReject:
			bump(func(c *counts) { c.approvals++ })
		case e.Kind == EntryPrint || e.Kind == EntryPrintRequest:
			bump(func(c *counts) { c.prints++ })
			prints = append(prints, []string{when(e.At), who(e.Actor), kindOf(e.Kind), e.RequestID, DescribeEntry(e, lang)})
		case e.Kind == EntryLogin || e.Kind == EntryLogout:
			// Sign-ins and sign-outs are in the ledger; the report counts them only.
		default:
			changes = append(changes, []string{when(e.At), who(e.Actor), kindOf(e.Kind), sealOf(e.SealID), DescribeEntry(e, lang)})
		}
	}

	doc.Heading(t("summary"), 13)
	doc.Para(t("summary_line", len(es), res.Stamps, res.Refusals, len(prints)), 10, report.Black)
	keys := func(m map[string]*counts) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	var sealRows, userRows [][]string
	for _, k := range keys(perSeal) {
		c := perSeal[k]
		sealRows = append(sealRows, []string{sealOf(k), fmt.Sprint(c.requests), fmt.Sprint(c.approvals), fmt.Sprint(c.stamps), fmt.Sprint(c.refused), fmt.Sprint(c.failed), fmt.Sprint(c.prints)})
	}
	for _, k := range keys(perUser) {
		c := perUser[k]
		userRows = append(userRows, []string{who(k), fmt.Sprint(c.requests), fmt.Sprint(c.approvals), fmt.Sprint(c.stamps), fmt.Sprint(c.refused), fmt.Sprint(c.failed), fmt.Sprint(c.prints)})
	}
	countCols := func(first string) []report.Column {
		return []report.Column{{Title: first, Weight: 3}, {Title: t("c_requests"), Weight: 1}, {Title: t("c_approvals"), Weight: 1},
			{Title: t("c_stamps"), Weight: 1}, {Title: t("c_refused"), Weight: 1}, {Title: t("c_failed"), Weight: 1}, {Title: t("c_prints"), Weight: 1}}
	}
	section := func(title string, cols []report.Column, rows [][]string) {
		doc.Heading(title, 13)
		if len(rows) == 0 {
			doc.Para(t("none"), 9, report.Grey)
			return
		}
		doc.Table(cols, rows, 8)
	}
	section(t("per_seal"), countCols(t("seal")), sealRows)
	section(t("per_user"), countCols(t("user")), userRows)
	section(t("stamps"), []report.Column{{Title: t("time"), Weight: 1.3}, {Title: t("user"), Weight: 1.2}, {Title: t("seal"), Weight: 1.5},
		{Title: t("document"), Weight: 3}, {Title: t("request"), Weight: 1.8}, {Title: t("approvals"), Weight: 2}}, stamps)
	section(t("refusals"), []report.Column{{Title: t("time"), Weight: 1.3}, {Title: t("user"), Weight: 1.2}, {Title: t("operation"), Weight: 1.3},
		{Title: t("seal"), Weight: 1.4}, {Title: t("request"), Weight: 1.8}, {Title: t("reason"), Weight: 3.2}}, refusals)
	section(t("prints"), []report.Column{{Title: t("time"), Weight: 1.3}, {Title: t("user"), Weight: 1.2}, {Title: t("operation"), Weight: 1.2},
		{Title: t("request"), Weight: 1.8}, {Title: t("detail"), Weight: 3.5}}, prints)
	section(t("changes"), []report.Column{{Title: t("time"), Weight: 1.3}, {Title: t("user"), Weight: 1.2}, {Title: t("operation"), Weight: 1.3},
		{Title: t("seal"), Weight: 1.5}, {Title: t("detail"), Weight: 3.7}}, changes)
	doc.Space(6)
	doc.Para(t("signed_note"), 9, report.Grey)

	var unsigned bytes.Buffer
	if err := doc.Write(&unsigned, w.Now(), func(n, total int) string { return t("page", n, total) }); err != nil {
		return nil, err
	}
	picture, err := seal.DrawPicture(seal.PictureSpec{Shape: seal.Round, WidthMM: 30, HeightMM: 30, Color: seal.SealBlue,
		Upper: org, Horizontal: []string{t("mark")}, Lower: "SealDesk"}, 300)
	if err != nil {
		return nil, err
	}
	opts := pdfsign.Options{Signer: signer, Chain: []*smx509.Certificate{cert}, Page: 1, CenterXMM: 210 - 15 - 18, CenterYMM: 30,
		WidthMM: 30, HeightMM: 30, Picture: picture, FieldName: "AuditReport", Name: cert.Subject.CommonName,
		Reason:   t("reason_sig", o.From.In(time.Local).Format(time.DateOnly), lastDay.In(time.Local).Format(time.DateOnly)),
		Location: org, Time: w.Now(), Rand: w.Rand}
	// The report carries the ledger's head as it read it: a witness that
	// leaves the PC (witness.go).
	wt, err := w.currentWitness(ctx)
	if err != nil {
		return nil, err
	}
	opts.Witness = wt.statement()
	if _, res.SHA, err = signPDF(unsigned.Bytes(), outPath, 0o644, opts); err != nil {
		return nil, fmt.Errorf("write audit report: %w", err)
	}
	if abs, err := filepath.Abs(outPath); err == nil {
		res.Path = abs
	}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		entry.Outcome, entry.OutHash, entry.DocName = store.OutcomeOK, res.SHA, filepath.Base(outPath)
		entry.Detail = fmt.Sprintf("period %s to %s: %d entries, %d stamps, %d refusals", o.From.Format(time.DateOnly), lastDay.Format(time.DateOnly), res.Entries, res.Stamps, res.Refusals)
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		os.Remove(outPath) // a report that is not in the ledger must not exist
		return nil, err
	}
	return res, nil
}

// lastWitnessSent finds the newest entry that sent a witness out and the
// head it carried: a stamp's reservation carries itself; an extract, a
// report or a request file the entry before their own.
func lastWitnessSent(all []store.Entry) (*Witness, string, time.Time) {
	for i := len(all) - 1; i >= 0; i-- {
		e := all[i]
		if e.Outcome != store.OutcomeOK {
			continue
		}
		switch e.Kind {
		case EntryStampStart:
			return &Witness{Workstation: e.Workstation, Seq: e.Seq, Hash: e.Hash}, e.Kind, e.At
		case EntryLedgerExport, EntryAuditReport, EntryRequestExport:
			if i > 0 {
				p := all[i-1]
				return &Witness{Workstation: p.Workstation, Seq: p.Seq, Hash: p.Hash}, e.Kind, e.At
			}
		}
	}
	return nil, "", time.Time{}
}

// placementsLine says where a stamp's request put the seal (every mark, the
// keyword or the seam), on a line of its own; "" when the request is gone.
func (w *Workspace) placementsLine(ctx context.Context, id, lang string) string {
	req, err := w.db.Request(ctx, id)
	if err != nil {
		return ""
	}
	return "\n" + PlacementsText(lang, req)
}

// approvalsText lists a request's signed decisions for the report.
func (w *Workspace) approvalsText(ctx context.Context, requestID string, t func(string, ...any) string, who func(string) string, when func(time.Time) string) string {
	as, err := w.db.Approvals(ctx, requestID)
	if err != nil {
		return err.Error()
	}
	req, rerr := w.db.Request(ctx, requestID)
	var lines []string
	for _, a := range as {
		l := who(a.Approver) + " " + t("decision_"+a.Decision) + " " + when(a.At)
		if a.Comment != "" {
			l += "：" + a.Comment
		}
		// Each decision's signature is checked again here, so a decision
		// edited in the database after it was signed shows in the report.
		if rerr == nil && w.checkApprovalSignature(a, stampRequestFields(req)) == nil {
			l += " " + t("signed")
		} else {
			l += " " + t("signature_bad")
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}
