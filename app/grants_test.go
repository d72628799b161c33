package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/store"
)

// addUser creates a user with password "demo"; approvers get an approval key
// from the demo SM2 root, as init-demo gives its approver.
func addUser(t *testing.T, w *Workspace, name, role string) {
	t.Helper()
	ctx := context.Background()
	h, kek, _ := newPassword(DemoPassword, w.Rand)
	u := store.User{Name: name, DisplayName: name, Roles: []string{role}, PasswordHash: h, CreatedAt: testNow}
	{
		k, err := device.OpenSoftKey(filepath.Join(w.Home, "ca", "sm2-root.key"))
		if err != nil {
			t.Fatal(err)
		}
		key, err := k.Unlock(w.demoCAPIN) // the CA keys have their own secret (issue 12)
		if err != nil {
			t.Fatal(err)
		}
		pemBytes, _ := os.ReadFile(filepath.Join(w.Home, trustDir, "demo-sm2-root.pem"))
		cert, err := smx509.ParseCertificatePEM(pemBytes)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.newUserKey(&issuer{cert: cert, key: key}, DemoOrganisation, &u, kek, testNow); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.db.Update(ctx, func(tx store.Txn) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
}

func TestGrantsDecideWhoMayUseASeal(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	addUser(t, w, "custodian2", RoleCustodian)
	c2 := login(t, w, "custodian2")
	in := RequestInput{Seal: "contract", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200}
	if _, err := w.Request(ctx, c2, in); Code(err) != "no_grant" {
		t.Fatalf("request without a grant: %v", err)
	}
	if e := lastEntry(t, w); e.Kind != "request" || e.Outcome != store.OutcomeRefused {
		t.Fatalf("refusal not recorded: %+v", e)
	}
	admin := login(t, w, "admin")
	if _, err := w.GrantSeal(ctx, admin, "custodian2", "contract", testNow, testNow.AddDate(3, 0, 1)); Code(err) != "grant_period" {
		t.Fatalf("grant longer than 3 years: %v", err)
	}
	if _, err := w.GrantSeal(ctx, login(t, w, "custodian"), "custodian2", "contract", time.Time{}, time.Time{}); Code(err) != "role" {
		t.Fatalf("grant by a custodian: %v", err)
	}
	g, err := w.GrantSeal(ctx, admin, "custodian2", "contract", testNow, testNow.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if hh, mm, ss := g.To.Clock(); hh != 23 || mm != 59 || ss != 59 {
		t.Fatalf("grant ends at %v, want 23:59:59 of its last day", g.To)
	}
	long, err := w.GrantSeal(ctx, admin, "custodian2", "finance", time.Time{}, time.Time{})
	if err != nil || long.To.Sub(long.From) < (3*365-1)*24*time.Hour {
		t.Fatalf("default grant %v – %v, %v", long.From, long.To, err)
	}
	id, err := w.Request(ctx, c2, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, ""); err != nil {
		t.Fatal(err)
	}
	// Withdrawn between approval and stamp: refused.
	if err := w.WithdrawGrant(ctx, admin, g.ID); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "o.pdf")
	if _, err := w.Stamp(ctx, c2, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); Code(err) != "no_grant" {
		t.Fatalf("stamp after the grant was withdrawn: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("output written")
	}
}

func TestApprovalRuleNeedsEveryApprover(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	addUser(t, w, "approver2", RoleApprover)
	addUser(t, w, "approver3", RoleApprover)
	admin := login(t, w, "admin")
	if err := w.SetApprovalRule(ctx, admin, "contract", 3, []string{"approver", "approver2"}); Code(err) != "bad_rule" {
		t.Fatalf("3 of 2: %v", err)
	}
	if err := w.SetApprovalRule(ctx, admin, "contract", 2, []string{"approver", "approver2"}); err != nil {
		t.Fatal(err)
	}
	cust := login(t, w, "custodian")
	id, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver3"), id, ""); Code(err) != "not_designated" {
		t.Fatalf("approval by an approver the rule does not name: %v", err)
	}
	a1 := login(t, w, "approver")
	if err := w.Approve(ctx, a1, id, "一审同意"); err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, a1, id, "再次同意"); Code(err) != "already_decided" {
		t.Fatalf("second approval by the same approver: %v", err)
	}
	out := filepath.Join(t.TempDir(), "o.pdf")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); Code(err) != "not_approved" {
		t.Fatalf("stamp with 1 of 2 approvals: %v", err)
	}
	if err := w.Approve(ctx, login(t, w, "approver2"), id, "二审同意"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatalf("stamp with 2 of 2 approvals: %v", err)
	}
}

// TestRuleRaisedAfterApproval: the rule is checked again at the stamp.
func TestRuleRaisedAfterApproval(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	addUser(t, w, "approver2", RoleApprover)
	id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	if err := w.SetApprovalRule(ctx, login(t, w, "admin"), "contract", 2, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "o.pdf"), PIN: DemoPIN}); Code(err) != "more_approvals" {
		t.Fatalf("stamp under a raised rule: %v", err)
	}
}
