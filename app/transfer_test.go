package app

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/store"
)

// trust copies the anchors of from into to's trust folder.
// trust makes to trust from's roots, the way an administrator does: a file
// of from's anchors added with a recorded event.
func trust(t testing.TB, to, from *Workspace) {
	t.Helper()
	as, err := from.db.Anchors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b []byte
	for _, a := range as {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.DER})...)
	}
	f := filepath.Join(t.TempDir(), "anchors.pem")
	os.WriteFile(f, b, 0o600)
	if _, err := to.AddTrustAnchors(context.Background(), login(t, to, "admin"), f); err != nil {
		t.Fatal(err)
	}
}

// TestOfflineApprovalRoundTrip: the field files a request and carries it to
// headquarters as a file; an approver there approves it; the signed approval
// comes back as a file and the field stamps with no network, checking the
// approver's signature against its own trust anchors.
func TestOfflineApprovalRoundTrip(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	trust(t, field, center)
	dir := t.TempDir()

	cust := login(t, field, "custodian")
	id, err := field.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(field), Page: 2, XMM: 60, YMM: 90, Reason: "外勤合同"})
	if err != nil {
		t.Fatal(err)
	}
	if err := field.ExportRequest(ctx, cust, id, filepath.Join(dir, "req.json")); err != nil {
		t.Fatal(err)
	}
	if got, err := center.ImportRequest(ctx, login(t, center, "approver"), filepath.Join(dir, "req.json")); err != nil || got != id {
		t.Fatalf("import at headquarters: %s %v", got, err)
	}
	if err := center.Approve(ctx, login(t, center, "approver"), id, "总部同意"); err != nil {
		t.Fatal(err)
	}
	if err := center.ExportRequest(ctx, login(t, center, "approver"), id, filepath.Join(dir, "approved.json")); err != nil {
		t.Fatal(err)
	}

	// A tampered approval file is refused whole.
	var f RequestFile
	b, _ := os.ReadFile(filepath.Join(dir, "approved.json"))
	json.Unmarshal(b, &f)
	f.Approvals[0].Comment = "同意（两份）"
	b, _ = json.Marshal(&f)
	os.WriteFile(filepath.Join(dir, "tampered.json"), b, 0o600)
	if _, err := field.ImportRequest(ctx, cust, filepath.Join(dir, "tampered.json")); Code(err) != "approval_signature" {
		t.Fatalf("tampered approval file: %v", err)
	}
	if r, _ := field.db.Request(ctx, id); r.Status != store.RequestPending {
		t.Fatalf("status after a refused import: %s", r.Status)
	}
	// An approval signed at headquarters, over exactly what it says, with the
	// key and certificate of someone it may not count for: their approver's,
	// naming another user (admin); their auditor's, naming the auditor. The
	// certificate must name the approver and be an approver's: nothing else
	// at import ties the name to the key.
	for _, c := range []struct{ name, signer, says string }{
		{"admin", "approver", "belongs to"},
		{"auditor", "auditor", "not issued to an approver"},
	} {
		var g RequestFile
		b, _ = os.ReadFile(filepath.Join(dir, "approved.json"))
		json.Unmarshal(b, &g)
		g.Approvals[0].Approver = c.name
		msg := approvalStatement(append(decisionFields(g.Approvals[0]), stampRequestFields(g.Request)...))
		s := login(t, center, c.signer)
		g.Approvals[0].Cert = s.cert.Raw
		if g.Approvals[0].Signature, err = signMessage(s.signer, msg, rand.Reader); err != nil {
			t.Fatal(err)
		}
		b, _ = json.Marshal(&g)
		forged := filepath.Join(dir, "forged-"+c.name+".json")
		os.WriteFile(forged, b, 0o600)
		if _, err := field.ImportRequest(ctx, cust, forged); Code(err) != "approval_signature" || !strings.Contains(err.Error(), c.says) {
			t.Fatalf("approval by %s signed with the key of %s: %v, want approval_signature saying %q", c.name, c.signer, err, c.says)
		}
	}

	if _, err := field.ImportRequest(ctx, cust, filepath.Join(dir, "approved.json")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := field.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatalf("offline stamp: %v", err)
	}
	roots, _ := field.Roots()
	if v, err := VerifyFile(ctx, out, VerifyOptions{Roots: roots, At: testNow}); err != nil || !v.Valid {
		t.Fatalf("verify: %+v %v", v, err)
	}
}

// TestImportedApprovalNeedsTrust: without headquarters' anchors the field
// refuses the approval file.
func TestImportedApprovalNeedsTrust(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	cust := login(t, field, "custodian")
	id, _ := field.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(field), Page: 1, XMM: 100, YMM: 200})
	dir := t.TempDir()
	field.ExportRequest(ctx, cust, id, filepath.Join(dir, "req.json"))
	center.ImportRequest(ctx, login(t, center, "approver"), filepath.Join(dir, "req.json"))
	if err := center.Approve(ctx, login(t, center, "approver"), id, ""); err != nil {
		t.Fatal(err)
	}
	center.ExportRequest(ctx, login(t, center, "approver"), id, filepath.Join(dir, "approved.json"))
	_, err := field.ImportRequest(ctx, cust, filepath.Join(dir, "approved.json"))
	if Code(err) != "approval_signature" || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("import without trust: %v", err)
	}
}
