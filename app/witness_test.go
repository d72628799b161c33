package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestWitnessCatchesRewriteWithWorkstationKey: the stamped PDF, a ledger
// extract, an audit report and an exported request carry the ledger's head
// when they left; the stamp's reservation entry is then edited with SQL, the
// SM3 chain recomputed and every head re-signed with the workstation key.
// Every witness says the entry it saw was rewritten (issue 12 point 5).
func TestWitnessCatchesRewriteWithWorkstationKey(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	extract, report, reqFile := filepath.Join(dir, "x.json"), filepath.Join(dir, "report.pdf"), filepath.Join(dir, "request.json")
	aud := login(t, w, "auditor")
	if _, err := w.ExportLedger(ctx, aud, ExportOptions{}, extract); err != nil {
		t.Fatal(err)
	}
	rep, err := w.AuditReport(ctx, aud, auditDay(), report)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ExportRequest(ctx, login(t, w, "custodian"), id, reqFile); err != nil {
		t.Fatal(err)
	}
	files := []string{out, extract, report, reqFile}
	checks, err := w.CheckWitnesses(ctx, files)
	if err != nil || len(checks) != len(files) {
		t.Fatalf("CheckWitnesses = %+v, %v", checks, err)
	}
	// The report names the last witness sent out before it: the extract's head.
	if lw := rep.LastWitness; lw == nil || string(lw.statement()) != string(checks[1].Witness.statement()) {
		t.Fatalf("the report's last witness %+v, the extract's head %+v", rep.LastWitness, checks[1].Witness)
	}
	start := entryOf(t, w, "stamp.start", "custodian")
	if checks[0].Witness.Seq != start.Seq {
		t.Fatalf("the PDF witnesses entry %d, stamp.start is %d", checks[0].Witness.Seq, start.Seq)
	}
	for _, c := range checks {
		if c.Err != nil {
			t.Fatalf("honest witness %s: %v", c.File, c.Err)
		}
	}
	sqlExec(t, w, "UPDATE ledger SET detail = 'pid 1; output other.pdf' WHERE seq = ?", start.Seq)
	rechain(t, w, start.Seq)
	checks, err = w.CheckWitnesses(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if Code(c.Err) != "witness_rewritten" {
			t.Fatalf("%s after the rewrite: %v", c.File, c.Err)
		}
	}
}

// TestExtractRewritingAnImportedHeadRefused: headquarters keeps the head of
// every extract it imports. A copy of the field workspace that went its own
// way (its entries validly chained and signed, the same workstation) exports
// an extract holding other entries at a head headquarters already has: it is
// refused whole, naming the head, and nothing of it is merged.
func TestExtractRewritingAnImportedHeadRefused(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	hqAud := login(t, center, "auditor")
	dir := t.TempDir()
	forkHome := filepath.Join(t.TempDir(), "fork")
	if err := copyTree(field.Home, forkHome); err != nil {
		t.Fatal(err)
	}
	login(t, field, "printer")
	if _, err := field.ExportLedger(ctx, login(t, field, "auditor"), ExportOptions{}, filepath.Join(dir, "1.json")); err != nil {
		t.Fatal(err)
	}
	if rep, err := center.ImportLedger(ctx, hqAud, filepath.Join(dir, "1.json")); err != nil || !rep.Clean() {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	heads, _ := center.db.RemoteHeads(ctx, field.workstation, 0, 1<<62)
	if len(heads) != 1 {
		t.Fatalf("%d heads kept, want 1", len(heads))
	}
	fork, err := Open(forkHome)
	if err != nil {
		t.Fatal(err)
	}
	defer fork.Close()
	approved(t, fork, "official", demoDoc(fork), 1, 100, 200)
	if _, err := fork.ExportLedger(ctx, login(t, fork, "auditor"), ExportOptions{}, filepath.Join(dir, "fork.json")); err != nil {
		t.Fatal(err)
	}
	before, _ := center.db.RemoteEntries(ctx, field.workstation)
	_, err = center.ImportLedger(ctx, hqAud, filepath.Join(dir, "fork.json"))
	if Code(err) != "extract_rewrites" || !strings.Contains(err.Error(), fmt.Sprint(heads[0].Seq)) {
		t.Fatalf("import of the rewriting extract = %v", err)
	}
	if after, _ := center.db.RemoteEntries(ctx, field.workstation); len(after) != len(before) {
		t.Fatalf("%d entries merged from a refused extract", len(after)-len(before))
	}
}
