package app

import (
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/assets"
	"sealdesk/store"
)

func pdftotext(t testing.TB, path string) string {
	t.Helper()
	needTool(t, "pdftotext")
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), " ", "")
}

// auditDay is the audit period of testNow's day.
func auditDay() AuditOptions {
	d := time.Date(testNow.Year(), testNow.Month(), testNow.Day(), 0, 0, 0, 0, time.Local)
	return AuditOptions{From: d, To: d.AddDate(0, 0, 1)}
}

// TestAuditReport: a stamp with its approval, a refusal and a seal change
// appear in the report of their day, in Chinese and in English; the report is
// a signed PDF that pdfsig, qpdf and our verifier accept, signed by the
// workstation (trusted through the workspace's anchors); nothing of another
// day is in it; writing it is a ledger entry with its hash.
func TestAuditReport(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	cust := login(t, w, "custodian")
	id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: "000000"}); err == nil {
		t.Fatal("wrong PIN accepted")
	}
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	stamp := lastEntry(t, w)
	// An entry of the next day, which the report of this day must not show.
	w.Now = func() time.Time { return testNow.AddDate(0, 0, 1) }
	if err := w.SetIdleLogout(ctx, login(t, w, "admin"), 42*time.Minute); err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return testNow }

	aud := login(t, w, "auditor")
	path := filepath.Join(t.TempDir(), "审计报告.pdf")
	o := auditDay()
	o.Lang = assets.LangZH
	res, err := w.AuditReport(ctx, aud, o, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stamps != 1 || res.Refusals != 1 || !res.Intact || res.Entries < 4 {
		t.Fatalf("result %+v", res)
	}
	data, _ := os.ReadFile(path)
	if sum := sm3.Sum(data); hex.EncodeToString(sum[:]) != res.SHA {
		t.Fatal("the result's SM3 is not the file's")
	}
	// The workstation key is SM2, which poppler's NSS cannot check: pdfsig
	// confirms the structure (field, signer, whole document covered) and our
	// verifier, tested against OpenSSL in pdfsign, checks the signature.
	if rep := pdfsig(t, path); !strings.Contains(rep, "Signature Field Name: AuditReport") || !strings.Contains(rep, "Total document signed") ||
		!strings.Contains(rep, "SealDesk workstation") {
		t.Fatalf("pdfsig:\n%s", rep)
	}
	qpdfCheck(t, path)
	roots, _ := w.Roots()
	v, err := VerifyFile(ctx, path, VerifyOptions{Roots: roots})
	if err != nil || !v.Valid || len(v.Signatures) != 1 || v.Signatures[0].Trust != Trusted || !strings.Contains(v.Signatures[0].Signer, "workstation") || v.Signatures[0].Workstation == "" {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	text := pdftotext(t, path)
	for _, want := range []string{"用印审计报告", "示例科技有限公司合同专用章", id, "王印管(custodian)", "批准", "台账哈希链完整", "签名已验证",
		stamp.DocHash[:16], stamp.OutHash[:16], "拒绝与失败", "保护口令错误", "第1页/共"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(text, "签名无效") {
		t.Error("a sound approval is reported as not verifying")
	}
	if strings.Contains(text, "idle sign-out after 42m") {
		t.Error("an entry of the next day is in the report")
	}
	if e := lastEntry(t, w); e.Kind != "audit.report" || e.OutHash != res.SHA || e.Actor != "auditor" {
		t.Fatalf("ledger entry %+v", e)
	}

	// English, and the next day's report has the settings change.
	o = auditDay()
	o.From, o.To, o.Lang = o.From.AddDate(0, 0, 1), o.To.AddDate(0, 0, 1), assets.LangEN
	pathEN := filepath.Join(t.TempDir(), "report-en.pdf")
	if _, err := w.AuditReport(ctx, aud, o, pathEN); err != nil {
		t.Fatal(err)
	}
	text = pdftotext(t, pathEN)
	for _, want := range []string{"Sealuseauditreport", "Seal,authorisationandsettingschanges", "idlesign-outafter42m0s", "Page1of"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English report lacks %q", want)
		}
	}
}

// TestAuditReportRefusals: a custodian may not write one (recorded); an
// existing file is never overwritten; an inverted period is refused.
func TestAuditReportRefusals(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.pdf")
	if _, err := w.AuditReport(ctx, login(t, w, "custodian"), auditDay(), path); Code(err) != "role" {
		t.Fatalf("custodian: %v", err)
	}
	if e := lastEntry(t, w); e.Kind != "audit.report" || e.Outcome != store.OutcomeRefused {
		t.Fatalf("refusal not recorded: %+v", e)
	}
	os.WriteFile(path, []byte("keep me"), 0o600)
	if _, err := w.AuditReport(ctx, login(t, w, "auditor"), auditDay(), path); Code(err) != "out_exists" {
		t.Fatalf("existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatal("an existing file was overwritten")
	}
	o := auditDay()
	o.From, o.To = o.To, o.From
	if _, err := w.AuditReport(ctx, login(t, w, "auditor"), o, filepath.Join(t.TempDir(), "x.pdf")); Code(err) != "audit_period" {
		t.Fatalf("inverted period: %v", err)
	}
}

// TestAuditReportOnBrokenLedger: a ledger edited behind the app's back still
// gets its report, and the first page says where the chain breaks.
func TestAuditReportOnBrokenLedger(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	approved(t, w, "official", demoDoc(w), 1, 100, 200)
	sqlExec(t, w, "UPDATE ledger SET detail = 'nothing to see' WHERE seq = 3")
	path := filepath.Join(t.TempDir(), "r.pdf")
	res, err := w.AuditReport(ctx, login(t, w, "auditor"), auditDay(), path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Intact {
		t.Fatal("a broken ledger reported intact")
	}
	text := pdftotext(t, path)
	first := strings.Split(text, "\f")[0]
	if !strings.Contains(first, "警告：台账哈希链在第3条记录处断裂") {
		t.Fatalf("page 1 does not warn:\n%s", first)
	}
}

// BenchmarkAuditReport: a report over 1,000 ledger entries (the layout, the
// font subsets and the workstation signature).
func BenchmarkAuditReport(b *testing.B) {
	w := demo(b)
	ctx := context.Background()
	err := w.db.Update(ctx, func(tx store.Txn) error {
		for i := 0; i < 1000; i++ {
			if err := tx.AppendLedger(ctx, &store.Entry{At: testNow, Actor: "custodian", Kind: "stamp", Outcome: store.OutcomeOK, SealID: "contract",
				RequestID: "R-bench", DocName: "合同.pdf", DocHash: strings.Repeat("ab", 32), OutHash: strings.Repeat("cd", 32), Workstation: "bench"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	aud := login(b, w, "auditor")
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.AuditReport(ctx, aud, auditDay(), filepath.Join(dir, strings.Repeat("r", i+1)+".pdf")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}

// TestAuditReportChecksApprovalSignatures: an approval's comment edited in the
// database after it was signed is reported as not verifying.
func TestAuditReportChecksApprovalSignatures(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	sqlExec(t, w, "UPDATE approvals SET comment = '同意（补签）' WHERE request_id = '"+id+"'")
	path := filepath.Join(t.TempDir(), "r.pdf")
	if _, err := w.AuditReport(ctx, login(t, w, "auditor"), auditDay(), path); err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, path)
	if !strings.Contains(text, "补签") || !strings.Contains(text, "警告：签名无效") || strings.Contains(text, "签名已验证") {
		t.Fatalf("the edited approval is not flagged:\n%s", text)
	}
}
