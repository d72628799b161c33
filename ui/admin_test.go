package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

func openAdmin(t *testing.T, ws *app.Workspace, lang string) (*Workstation, *AdminView) {
	t.Helper()
	w := newWorkstation(t, ws, lang)
	signIn(t, w, "admin", "demo")
	test.Tap(w.Nav[ViewAdmin])
	if w.Admin == nil || w.Current != ViewAdmin {
		t.Fatal("no administration view")
	}
	return w, w.Admin
}

func sealLabel(t *testing.T, v *AdminView, id string) string {
	t.Helper()
	for l, sid := range v.sealIDs {
		if sid == id {
			return l
		}
	}
	t.Fatalf("no seal %s", id)
	return ""
}

// TestAdminGrants: a grant longer than 3 years is refused with the app's
// reason in the screen's language; a valid grant lands in the store ending
// 23:59:59; withdrawing it asks first, then the store has it withdrawn.
func TestAdminGrants(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		_, v := openAdmin(t, ws, lang)
		v.GrantUser.SetSelected("custodian")
		v.GrantSeal.SetSelected(sealLabel(t, v, "finance"))
		v.GrantFrom.SetText("2026-12-01")
		v.GrantTo.SetText("2030-12-31")
		test.Tap(v.GrantAdd)
		want := map[string]string{assets.LangZH: "授权期限无效", assets.LangEN: "invalid grant period"}[lang]
		if !strings.Contains(v.Message.Text, want) {
			t.Fatalf("%s: over-long grant: %q", lang, v.Message.Text)
		}
	}
	w, v := openAdmin(t, ws, assets.LangZH)
	before := len(v.Grants)
	v.GrantUser.SetSelected("custodian")
	v.GrantSeal.SetSelected(sealLabel(t, v, "finance"))
	v.GrantFrom.SetText("2026-12-01")
	v.GrantTo.SetText("2027-06-30")
	test.Tap(v.GrantAdd)
	if len(v.Grants) != before+1 || !strings.Contains(v.Message.Text, "已授权") {
		t.Fatalf("grant: %d grants, %q", len(v.Grants), v.Message.Text)
	}
	gs, _ := ws.Grants(ctx, "custodian", "finance")
	g := gs[len(gs)-1]
	if got := g.To.In(time.Local).Format("2006-01-02 15:04:05"); got != "2027-06-30 23:59:59" {
		t.Fatalf("grant ends %s", got)
	}
	v.GrantList.Select(len(v.Grants) - 1)
	test.Tap(v.Withdraw)
	if w.Window.Canvas().Overlays().Top() == nil || v.WithdrawOK == nil {
		t.Fatal("withdrawing did not ask first")
	}
	test.Tap(v.WithdrawOK)
	gs, _ = ws.Grants(ctx, "custodian", "finance")
	if gs[len(gs)-1].WithdrawnAt.IsZero() || gs[len(gs)-1].WithdrawnBy != "admin" || !strings.Contains(v.Message.Text, "已撤销") {
		t.Fatalf("withdrawn: %+v, %q", gs[len(gs)-1], v.Message.Text)
	}
}

// TestAdminRulesAndSettings: an impossible rule is refused with the reason;
// a rule saved on the screen is what the store holds; retention below the
// minimum is refused, valid settings are stored.
func TestAdminRulesAndSettings(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	_, v := openAdmin(t, ws, assets.LangZH)
	v.RuleSeal.SetSelected(sealLabel(t, v, "official"))
	v.RuleRequired.SetSelected("2")
	v.RuleApprovers.SetSelected([]string{"approver"})
	test.Tap(v.RuleSave)
	if !strings.Contains(v.Message.Text, "审批规则无效") {
		t.Fatalf("2 approvals from 1 named approver: %q", v.Message.Text)
	}
	v.RuleRequired.SetSelected("1")
	v.RuleApprovers.SetSelected([]string{"approver"})
	test.Tap(v.RuleSave)
	r, _ := ws.ApprovalRule(ctx, "official")
	if r.Required != 1 || strings.Join(r.Approvers, ",") != "approver" || !strings.Contains(v.RuleList.Text, "审批人：approver") {
		t.Fatalf("rule %+v; list %q; message %q", r, v.RuleList.Text, v.Message.Text)
	}

	v.Tabs.SelectIndex(2)
	if v.IdleMinutes.Text != "10" || v.OpsMonths.Text != "6" || v.EvidenceMonths.Text != "60" {
		t.Fatalf("settings shown: %q %q %q", v.IdleMinutes.Text, v.OpsMonths.Text, v.EvidenceMonths.Text)
	}
	v.EvidenceMonths.SetText("36")
	test.Tap(v.SettingsSave)
	if !strings.Contains(v.Message.Text, "最短期限 60 个月") {
		t.Fatalf("evidence 36 months: %q", v.Message.Text)
	}
	v.IdleMinutes.SetText("15")
	v.OpsMonths.SetText("12")
	v.EvidenceMonths.SetText("120")
	test.Tap(v.SettingsSave)
	if got, _ := ws.Retention(ctx); got != (app.Retention{OperationLogMonths: 12, EvidenceMonths: 120}) || ws.IdleLogout(ctx) != 15*time.Minute {
		t.Fatalf("stored %+v, idle %v; message %q", got, ws.IdleLogout(ctx), v.Message.Text)
	}

	// The largest file read (issue 11): shown, bounded, stored.
	if v.MaxFileMB.Text != "2048" {
		t.Fatalf("largest file shown: %q", v.MaxFileMB.Text)
	}
	v.MaxFileMB.SetText("0")
	test.Tap(v.SettingsSave)
	if ws.MaxFileSize(ctx) != 2048<<20 || !strings.Contains(v.Message.Text, "文件大小上限 0 MB 无效") {
		t.Fatalf("0 MB: limit %d; message %q", ws.MaxFileSize(ctx), v.Message.Text)
	}
	v.MaxFileMB.SetText("50")
	test.Tap(v.SettingsSave)
	if ws.MaxFileSize(ctx) != 50<<20 {
		t.Fatalf("50 MB: limit %d; message %q", ws.MaxFileSize(ctx), v.Message.Text)
	}

	// How often seal PINs must change: shown (the demo's 60 days), bounded, stored.
	if v.PINMaxDays.Text != "60" {
		t.Fatalf("PIN period shown: %q", v.PINMaxDays.Text)
	}
	v.PINMaxDays.SetText("3")
	test.Tap(v.SettingsSave)
	if ws.PINMaxDays(ctx) != 60 || !strings.Contains(v.Message.Text, "7 至 366 天") {
		t.Fatalf("3 days: rule %d; message %q", ws.PINMaxDays(ctx), v.Message.Text)
	}
	v.PINMaxDays.SetText("90")
	test.Tap(v.SettingsSave)
	if ws.PINMaxDays(ctx) != 90 {
		t.Fatalf("90 days: rule %d; message %q", ws.PINMaxDays(ctx), v.Message.Text)
	}
}

// TestExchangeScreens runs two workstations side by side through the
// screens: the field exports an approved request, headquarters (trusting the
// field's anchors) imports it; the field's auditor exports the ledger and
// headquarters' auditor imports it and sees what was merged; a custodian
// sees no ledger exchange and nobody but auditors and admins sees reports.
func TestExchangeScreens(t *testing.T) {
	field := demoWorkspace(t)
	hq := demoWorkspace(t)
	trustRoots(t, hq, field)
	id := approvedForCustodian(t, field)
	dir := t.TempDir()

	w := newWorkstation(t, field, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	test.Tap(w.Nav[ViewExchange])
	x := w.Exchange
	if hasView(w.Views, ViewAudit) || x.LedgerCard != nil || x.RequestCard == nil {
		t.Fatal("a custodian sees the audit report or the ledger exchange")
	}
	for l, rid := range x.requests {
		if rid == id {
			x.Request.SetSelected(l)
		}
	}
	x.ExportRequestTo(filepath.Join(dir, "req.sdreq"))
	if !strings.Contains(x.Result.Text, "已导出申请 "+id) {
		t.Fatalf("export request: %q", x.Result.Text)
	}
	test.Tap(w.SignOut)
	signIn(t, w, "auditor", "demo")
	test.Tap(w.Nav[ViewExchange])
	w.Exchange.ExportLedgerTo(filepath.Join(dir, "field.sdledger"))
	if !strings.Contains(w.Exchange.Result.Text, "条台账记录（已签名）") {
		t.Fatalf("export ledger: %q", w.Exchange.Result.Text)
	}

	h := newWorkstation(t, hq, assets.LangZH)
	signIn(t, h, "custodian", "demo")
	test.Tap(h.Nav[ViewExchange])
	h.Exchange.ImportRequestFrom(filepath.Join(dir, "req.sdreq"))
	if !strings.Contains(h.Exchange.Result.Text, "已导入申请 "+id) || !strings.Contains(h.Exchange.Result.Text, "approver 批准") {
		t.Fatalf("import request: %q", h.Exchange.Result.Text)
	}
	if r, err := hq.StampRequest(context.Background(), id); err != nil || r.Status != app.RequestApproved {
		t.Fatalf("headquarters has %+v, %v", r, err)
	}
	test.Tap(h.SignOut)
	signIn(t, h, "auditor", "demo")
	test.Tap(h.Nav[ViewExchange])
	h.Exchange.ImportLedgerFrom(filepath.Join(dir, "field.sdledger"))
	rep := h.Exchange.Report
	if rep == nil || rep.New == 0 || !rep.Clean() || !strings.Contains(h.Exchange.Result.Text, "链完整") {
		t.Fatalf("import ledger: %+v %q", rep, h.Exchange.Result.Text)
	}
	h.Exchange.ImportLedgerFrom(filepath.Join(dir, "field.sdledger"))
	if h.Exchange.Report.New != 0 || h.Exchange.Report.Duplicates != rep.New {
		t.Fatalf("second import: %+v", h.Exchange.Report)
	}
	// The field works on; an extract that skips entries shows the gap.
	for i := 0; i < 3; i++ {
		field.Login(context.Background(), "custodian", "wrong")
	}
	all, _ := field.Ledger(context.Background(), app.LedgerFilter{})
	fa, _ := field.Login(context.Background(), "auditor", "demo")
	last := all[len(all)-1].Seq
	if _, err := field.ExportLedger(context.Background(), fa, app.ExportOptions{FromSeq: last}, filepath.Join(dir, "tail.sdledger")); err != nil {
		t.Fatal(err)
	}
	h.Exchange.ImportLedgerFrom(filepath.Join(dir, "tail.sdledger"))
	if gap := h.Exchange.Report.Gap; len(gap) != 2 || !strings.Contains(h.Exchange.Result.Text, fmt.Sprintf("缺口：第 %d 至 %d 条记录尚未收到", gap[0], gap[1])) ||
		h.Exchange.Result.Importance != widget.WarningImportance {
		t.Fatalf("gap: %+v %q", h.Exchange.Report, h.Exchange.Result.Text)
	}
	os.WriteFile(filepath.Join(dir, "junk.sdledger"), []byte("{}"), 0o600)
	h.Exchange.ImportLedgerFrom(filepath.Join(dir, "junk.sdledger"))
	if h.Exchange.Result.Importance != widget.DangerImportance || h.Exchange.Report != nil && h.Exchange.Result.Text == "" {
		t.Fatalf("junk extract: %q", h.Exchange.Result.Text)
	}
}

// TestAuditScreen writes the audit report from the auditor's screen: the
// file is there, its signature verifies as the workstation's, and the panel
// shows it valid.
func TestAuditScreen(t *testing.T) {
	ws := demoWorkspace(t)
	approvedForCustodian(t, ws)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "auditor", "demo")
	test.Tap(w.Nav[ViewAudit])
	v := w.Audit
	from, to, ok := v.period()
	if !ok {
		t.Fatalf("default period: %q %q", v.From.Text, v.To.Text)
	}
	path := filepath.Join(t.TempDir(), "审计报告.pdf")
	v.GenerateTo(path, from, to)
	waitFor(t, "the report", func() bool {
		doMu.Lock()
		defer doMu.Unlock()
		return !v.busy
	})
	if v.Last == nil || !strings.Contains(v.Result.Text, "报告已写入") || v.Last.Entries == 0 {
		t.Fatalf("result %q", v.Result.Text)
	}
	if strings.Join(v.Verdict.Verdicts, " ") != VerdictValid {
		t.Fatalf("verdict %v: %q", v.Verdict.Verdicts, v.Verdict.Summary.Text)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	v.To.SetText("2026-02-30")
	if _, _, ok := v.period(); ok || !strings.Contains(v.Result.Text, "YYYY-MM-DD") {
		t.Fatalf("bad date: %q", v.Result.Text)
	}
}

// TestArchiveScreen: on a fresh workspace nothing is past retention, and the
// screen says until when.
func TestArchiveScreen(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "auditor", "demo")
	test.Tap(w.Nav[ViewExchange])
	x := w.Exchange
	x.Before.SetText(time.Now().AddDate(0, 0, 1).Format(time.DateOnly))
	x.ArchiveTo(filepath.Join(t.TempDir(), "a.sdledger"))
	if !strings.Contains(x.Result.Text, "保存期限至") || x.Result.Importance != widget.DangerImportance {
		t.Fatalf("archive of a fresh workspace: %q", x.Result.Text)
	}
	x.Before.SetText("")
	x.ArchiveTo(filepath.Join(t.TempDir(), "b.sdledger"))
	if !strings.Contains(x.Result.Text, "YYYY-MM-DD") {
		t.Fatalf("no date: %q", x.Result.Text)
	}
}
