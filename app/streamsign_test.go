package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/internal/testpdf"
	"sealdesk/store"
)

// TestStampScansAndCopiesTheDocument (issue 18 point 1): a stamp given a path
// (sealctl's) does not hold the document; it checks the file's SM3 on one
// read and later copies the file into the output. A file changed between the
// two, even to bytes of the same length, is refused before anything is
// signed: no output, and the ledger says so (the approval is spent, as by any
// failure after the reservation). Stamped from its path unchanged, the output
// is the approved document plus the seal, its recorded hash that of its bytes.
func TestStampScansAndCopiesTheDocument(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	doc := filepath.Join(t.TempDir(), "合同.pdf")
	orig := testpdf.Simple(2)
	if err := os.WriteFile(doc, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	id := approved(t, w, "contract", doc, 1, 100, 200)
	forged := bytes.Clone(orig)
	forged[len(forged)/2] ^= 0x01 // same length, one bit
	testHookBeforeSign = func() { os.WriteFile(doc, forged, 0o600) }
	defer func() { testHookBeforeSign = nil }()
	out := filepath.Join(t.TempDir(), "out.pdf")
	s := login(t, w, "custodian")
	_, err := w.Stamp(ctx, s, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if Code(err) != codeDocChangedWhileStamping {
		t.Fatalf("stamp of a file changed after its check = %v, want %s", err, codeDocChangedWhileStamping)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(left) != 0 {
		t.Fatalf("files left in the output folder: %v", left)
	}
	if e := lastEntry(t, w); e.Kind != EntryStamp || e.Outcome != store.OutcomeFailed {
		t.Fatalf("ledger %+v", e)
	}
	if r, err := w.db.Request(ctx, id); err != nil || r.Status != store.RequestFailed {
		t.Fatalf("request after the refusal: %+v %v", r, err)
	}

	testHookBeforeSign = nil
	os.WriteFile(doc, orig, 0o600)
	id = approved(t, w, "contract", doc, 1, 100, 200)
	res, err := w.Stamp(ctx, s, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if err != nil {
		t.Fatal(err)
	}
	stamped, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(stamped, orig) || sm3Hex(stamped) != res.OutHash {
		t.Fatal("the output is not the approved document plus the seal, or its hash is not its bytes'")
	}
	rep, err := VerifyDocument(ctx, &Document{Path: out, data: stamped, Format: DetectFormat(stamped)}, VerifyOptions{At: testNow})
	if err != nil || !rep.Valid || len(rep.Signatures) != 1 {
		t.Fatalf("verify: %v %+v", err, rep)
	}
}
