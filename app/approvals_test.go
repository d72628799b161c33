package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/store"
)

// TestApprovalsCannotBeForgedInTheDatabase edits approvals and requests with
// plain SQL after a real approval: every edit makes the stamp refuse, because
// the approver's signature no longer matches.
func TestApprovalsCannotBeForgedInTheDatabase(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		sql  func(w *Workspace, id, other string) []string
	}{
		{"comment edited", func(w *Workspace, id, _ string) []string {
			return []string{"UPDATE approvals SET comment = '同意（补签）' WHERE request_id = '" + id + "'"}
		}},
		{"approver swapped", func(w *Workspace, id, _ string) []string {
			return []string{"UPDATE approvals SET approver = 'admin' WHERE request_id = '" + id + "'", "UPDATE users SET roles = 'admin approver' WHERE name = 'admin'"}
		}},
		{"position moved after approval", func(w *Workspace, id, _ string) []string {
			return []string{"UPDATE requests SET x_mm = 40 WHERE id = '" + id + "'"}
		}},
		{"seal swapped after approval", func(w *Workspace, id, _ string) []string {
			return []string{"UPDATE requests SET seal_id = 'official' WHERE id = '" + id + "'"}
		}},
		{"signature stripped", func(w *Workspace, id, _ string) []string {
			return []string{"UPDATE approvals SET signature = x'' WHERE request_id = '" + id + "'"}
		}},
		{"approval copied from another request", func(w *Workspace, id, other string) []string {
			return []string{
				"UPDATE requests SET status = 'approved' WHERE id = '" + id + "'",
				"INSERT INTO approvals(request_id, approver, decision, comment, at, signature, cert) SELECT '" + id + "', approver, decision, comment, at, signature, cert FROM approvals WHERE request_id = '" + other + "'",
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			cust := login(t, w, "custodian")
			var id, other string
			if tc.name == "approval copied from another request" {
				other = approved(t, w, "contract", demoDoc(w), 1, 100, 200)
				var err error
				// Another spot: the same stamp asked for twice is refused outright.
				id, err = w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 150})
				if err != nil {
					t.Fatal(err)
				}
			} else {
				id = approved(t, w, "contract", demoDoc(w), 1, 100, 200)
			}
			for _, q := range tc.sql(w, id, other) {
				sqlExec(t, w, q)
			}
			out := filepath.Join(t.TempDir(), "out.pdf")
			_, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
			if Code(err) != "approval_signature" {
				t.Fatalf("Stamp = %v (code %q), want approval_signature", err, Code(err))
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("output written")
			}
			if e := lastEntry(t, w); e.Kind != "stamp" || e.Outcome != store.OutcomeRefused {
				t.Fatalf("ledger entry %+v", e)
			}
		})
	}
}

// TestUntouchedApprovalStillStamps is the control for the test above.
func TestUntouchedApprovalStillStamps(t *testing.T) {
	w := demo(t)
	id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	as, _ := w.db.Approvals(context.Background(), id)
	if len(as) != 1 || len(as[0].Signature) == 0 || len(as[0].Cert) == 0 {
		t.Fatalf("approval row %+v carries no signature", as)
	}
	if _, err := w.Stamp(context.Background(), login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "o.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
}

// TestApproverWithoutKeyCannotApprove: a role granted in the database does not
// give an approval key: the auditor's own key (every user has one) names the
// roles it was issued for, so the approval is refused.
func TestApproverWithoutKeyCannotApprove(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	sqlExec(t, w, "UPDATE users SET roles = 'auditor approver' WHERE name = 'auditor'")
	id, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: "contract", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "auditor"), id, ""); Code(err) != "approver_no_key" {
		t.Fatalf("Approve by a user without a key = %v", err)
	}
	if r, _ := w.db.Request(ctx, id); r.Status != store.RequestPending {
		t.Fatalf("status %s", r.Status)
	}
}

func TestPrintApprovalCannotBeForged(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	doc := stampedDemo(t, w)
	printer := login(t, w, "printer")
	id, err := w.RequestPrint(ctx, printer, doc, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, ""); err != nil {
		t.Fatal(err)
	}
	sqlExec(t, w, "UPDATE print_requests SET copies = 50 WHERE id = ?", id)
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: t.TempDir()}); Code(err) != "approval_signature" {
		t.Fatalf("Print after raising the approved copies = %v", err)
	}
}
