package app

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/store"
)

// TestUsedRequestResetWithSQL: `update requests set status='approved'` on a
// stamped request does not give a second stamp: the ledger shows the use, and
// the refusal names the table and the row.
func TestUsedRequestResetWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	cust := login(t, w, "custodian")
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "1.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sqlite().SQL().Exec("UPDATE requests SET status = 'approved', out_path = NULL, out_hash = NULL, used_at = NULL WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "2.pdf")
	_, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if Code(err) != "ledger_used" {
		t.Fatalf("second stamp after the SQL edit = %v", err)
	}
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		if m := Message(err, lang); !strings.Contains(m, "requests") || !strings.Contains(m, id) {
			t.Errorf("%s message does not name the table and row: %q", lang, m)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a second stamped file was written")
	}
	if e := lastEntry(t, w); e.Kind != "stamp" || e.Outcome != store.OutcomeRefused || !strings.Contains(e.Detail, "ledger_used") {
		t.Fatalf("refusal not recorded: %+v", e)
	}
}

// TestForgedApprovalRowWithoutLedgerEntry: someone with the workspace files
// and the demo CA's key mints a certificate for "approver", signs a perfect
// approval with it and inserts the row. Its signature verifies against the
// workspace's anchors, but no decision was ever recorded in the ledger: the
// stamp is refused, naming the approver and the request.
func TestForgedApprovalRowWithoutLedgerEntry(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	cust := login(t, w, "custodian")
	id, err := w.Request(ctx, cust, RequestInput{Seal: "official", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := w.db.Request(ctx, id)
	ca, _, _, err := w.loadCA(ctx, device.AlgSM2, "")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := device.GenerateKey(device.AlgSM2, rand.Reader)
	tmpl, _ := certTemplate(rand.Reader, w.Organisation(ctx), "伪造审批人", testNow.Add(-time.Hour), 1)
	tmpl.Subject.SerialNumber = userSerialPrefix + "approver"
	tmpl.ExtKeyUsage = []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		t.Fatal(err)
	}
	a := store.Approval{RequestID: id, Approver: "approver", Decision: store.DecisionApprove, Comment: "同意", At: testNow.UTC()}
	sig, err := signMessage(key, approvalStatement(append(decisionFields(a), stampRequestFields(req)...)), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a.Signature, a.Cert = sig, der
	if err := w.checkApprovalSignature(a, stampRequestFields(req)); err != nil {
		t.Fatalf("the forged approval does not even verify (the test is wrong): %v", err)
	}
	if err := w.db.Update(ctx, func(tx store.Txn) error { return tx.AddApproval(ctx, a) }); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sqlite().SQL().Exec("UPDATE requests SET status = 'approved' WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	_, err = w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "forged.pdf"), PIN: DemoPIN})
	if Code(err) != "approval_unrecorded" {
		t.Fatalf("stamp with a forged approval row = %v", err)
	}
	if m := Message(err, assets.LangZH); !strings.Contains(m, "approvals") || !strings.Contains(m, "approver") {
		t.Errorf("message %q", m)
	}
}

// TestPrintCountResetWithSQL: setting print_requests.printed back does not
// give more copies than approved: the ledger counts them.
func TestPrintCountResetWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	doc := stampedDemo(t, w)
	printer := login(t, w, "printer")
	id, err := w.RequestPrint(ctx, printer, doc, 1, "报送")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sqlite().SQL().Exec("UPDATE print_requests SET printed = 0, status = 'approved' WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, err = w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: dir})
	if Code(err) != "ledger_printed" {
		t.Fatalf("print after the SQL edit = %v", err)
	}
	if m := Message(err, assets.LangEN); !strings.Contains(m, "print_requests") || !strings.Contains(m, id) {
		t.Errorf("message %q", m)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Fatalf("copies were written: %v", es)
	}
}
