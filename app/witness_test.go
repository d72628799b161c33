package app

import (
	"context"
	"path/filepath"
	"testing"
)

// TestWitnessCatchesRewriteWithWorkstationKey: the stamped PDF and a ledger
// extract carry the ledger's head when they left; the stamp's reservation
// entry is then edited with SQL, the SM3 chain recomputed and every head
// re-signed with the workstation key. Both witnesses say the entry they saw
// was rewritten (issue 12 point 5).
func TestWitnessCatchesRewriteWithWorkstationKey(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	extract := filepath.Join(t.TempDir(), "x.json")
	if _, err := w.ExportLedger(ctx, login(t, w, "auditor"), ExportOptions{}, extract); err != nil {
		t.Fatal(err)
	}
	checks, err := w.CheckWitnesses(ctx, []string{out, extract})
	if err != nil || len(checks) != 2 {
		t.Fatalf("CheckWitnesses = %+v, %v", checks, err)
	}
	start := entryOf(t, w, "stamp.start", "custodian")
	if checks[0].Witness.Seq != start.Seq || checks[0].Err != nil || checks[1].Err != nil {
		t.Fatalf("honest witnesses: %+v (stamp.start is entry %d)", checks, start.Seq)
	}
	sqlExec(t, w, "UPDATE ledger SET detail = 'pid 1; output other.pdf' WHERE seq = ?", start.Seq)
	rechain(t, w, start.Seq)
	checks, err = w.CheckWitnesses(ctx, []string{out, extract})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if Code(c.Err) != "witness_rewritten" {
			t.Fatalf("%s after the rewrite: %v", c.File, c.Err)
		}
	}
}
