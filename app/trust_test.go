package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
)

// TestTrustAnchorDroppedIntoFolderIsNotTrusted: copying another
// organisation's root into trust/ does not make its approvals count; an
// administrator's recorded addition does.
func TestTrustAnchorDroppedIntoFolderIsNotTrusted(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	cust := login(t, field, "custodian")
	id, err := field.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(field), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	field.ExportRequest(ctx, cust, id, filepath.Join(dir, "req.json"))
	if _, err := center.ImportRequest(ctx, login(t, center, "approver"), filepath.Join(dir, "req.json")); err != nil {
		t.Fatal(err)
	}
	center.Approve(ctx, login(t, center, "approver"), id, "同意")
	approvedFile := filepath.Join(dir, "approved.json")
	center.ExportRequest(ctx, login(t, center, "approver"), id, approvedFile)

	// The root dropped into the folder, as the review did.
	for _, name := range []string{"demo-sm2-root.pem", "demo-ecdsa-root.pem"} {
		b, _ := os.ReadFile(filepath.Join(center.Home, trustDir, name))
		os.WriteFile(filepath.Join(field.Home, trustDir, "hq-"+name), b, 0o600)
	}
	w2, err := Open(field.Home) // a new process sees the folder too
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if _, err := w2.ImportRequest(ctx, login(t, w2, "custodian"), approvedFile); Code(err) != "approval_signature" {
		t.Fatalf("approval from a root dropped into trust/: %v", err)
	}
	// An administrator adds it, recorded in the ledger: now it counts.
	if _, err := w2.AddTrustAnchors(ctx, login(t, w2, "custodian"), filepath.Join(center.Home, trustDir, "demo-sm2-root.pem")); Code(err) != "role" {
		t.Fatalf("a custodian added a trust anchor: %v", err)
	}
	if _, err := w2.AddTrustAnchors(ctx, login(t, w2, "admin"), filepath.Join(center.Home, "ca", "workstation.pem")); Code(err) != "trust_not_ca" {
		t.Fatalf("a workstation certificate as anchor: %v", err)
	}
	n, err := w2.AddTrustAnchors(ctx, login(t, w2, "admin"), filepath.Join(center.Home, trustDir, "demo-sm2-root.pem"))
	if err != nil || n != 1 {
		t.Fatalf("add anchor: %d, %v", n, err)
	}
	if e := lastEntry(t, w2); e.Kind != EntryTrustAdd || e.Actor != "admin" || e.DocHash == "" {
		t.Fatalf("ledger entry %+v", e)
	}
	if _, err := w2.ImportRequest(ctx, login(t, w2, "custodian"), approvedFile); err != nil {
		t.Fatalf("approval after the anchor was added: %v", err)
	}
	if _, err := w2.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestTrustAnchorInsertedWithSQL: a root inserted into trust_anchors with
// sqlite3 (no ledger entry) makes every use of the anchors fail, naming the
// table and the anchor: approvals, stamps and ledger verify alike.
func TestTrustAnchorInsertedWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	other := hq(t, nil)
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	as, _ := other.db.Anchors(ctx)
	if _, err := w.sqlite().SQL().Exec("INSERT INTO trust_anchors(sm3, der, subject, added_by, added_at) VALUES(?, ?, ?, 'admin', '2026-11-22T10:00:00Z')", as[0].SM3, as[0].DER, as[0].Subject); err != nil {
		t.Fatal(err)
	}
	_, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "x.pdf"), PIN: DemoPIN})
	if Code(err) != "anchor_unrecorded" && !strings.Contains(Message(err, assets.LangEN), "trust_anchors") {
		t.Fatalf("stamp with an inserted anchor: %v", err)
	}
	if m := Message(err, assets.LangZH); !strings.Contains(m, "trust_anchors") || !strings.Contains(m, as[0].Subject) {
		t.Errorf("message %q", m)
	}
	if _, err := w.VerifyLedger(ctx); Code(err) != "anchor_unrecorded" {
		t.Fatalf("ledger verify with an inserted anchor: %v", err)
	}
}
