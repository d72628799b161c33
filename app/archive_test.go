package app

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/assets"
	"sealdesk/store"
)

// oldWorkspace is a demo workspace made five years and two months before
// testNow, so its first entries are past every retention period (and its
// five-year seals still valid eight months ago).
func oldWorkspace(t *testing.T) *Workspace {
	t.Helper()
	home := filepath.Join(t.TempDir(), "old")
	if err := InitDemo(context.Background(), home, rand.Reader, testNow.AddDate(-5, -2, 0)); err != nil {
		t.Fatal(err)
	}
	w, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// TestArchiveHonoursRetention: entries over five years old (evidence) and a
// failed sign-in eight months old (an operation log) are archived; a request
// eight months old (evidence, 5 years) stops the run, and everything after it
// stays. The archive is a signed extract headquarters imports; the ledger
// still verifies and goes on; deleting more rows, or forging the checkpoint,
// is caught.
func TestArchiveHonoursRetention(t *testing.T) {
	w := oldWorkspace(t)
	ctx := context.Background()
	initEntries := len(allEntries(t, w)) // row records included: archives cut by sequence number
	w.Now = func() time.Time { return testNow.AddDate(0, -8, 0) }
	if _, err := w.Login(ctx, "custodian", "wrong"); err == nil {
		t.Fatal("wrong password accepted")
	}
	cust := login(t, w, "custodian")
	w.Now = func() time.Time { return testNow.AddDate(0, -8, 0).Add(time.Minute) }
	if _, err := w.GrantSeal(ctx, login(t, w, "admin"), "custodian", "official", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err) // the demo's grants ran out after three years
	}
	reqID, err := w.Request(ctx, cust, RequestInput{Seal: "official", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return testNow }
	aud := login(t, w, "auditor")

	path := filepath.Join(t.TempDir(), "archive.json")
	if _, err := w.ArchiveLedger(ctx, login(t, w, "custodian"), testNow, path); Code(err) != "role" {
		t.Fatalf("custodian archived: %v", err)
	}
	// A longer evidence retention holds everything back.
	if err := w.SetRetention(ctx, login(t, w, "admin"), Retention{OperationLogMonths: 6, EvidenceMonths: 120}); err != nil {
		t.Fatal(err)
	}
	_, err = w.ArchiveLedger(ctx, aud, testNow, path)
	if Code(err) != "archive_retained" || !strings.Contains(Message(err, assets.LangZH), "第 1 条记录") {
		t.Fatalf("archive within 10-year retention: %v", err)
	}
	if err := w.SetRetention(ctx, login(t, w, "admin"), Retention{OperationLogMonths: 6, EvidenceMonths: 60}); err != nil {
		t.Fatal(err)
	}

	res, err := w.ArchiveLedger(ctx, aud, testNow, path)
	if err != nil {
		t.Fatal(err)
	}
	// Archived: the init entries and three sign-ins eight months ago (the wrong
	// one, the custodian's and the admin's: operation logs, kept 6 months);
	// held back from the grant on (evidence).
	if res.First != 1 || res.Last != int64(initEntries+3) || res.HeldBack != int64(initEntries+4) {
		t.Fatalf("archived %d–%d, held back at %d; init had %d entries", res.First, res.Last, res.HeldBack, initEntries)
	}
	es := allEntries(t, w)
	// (the grant's row record comes just before it: issue 12)
	if es[0].Seq != res.Last+1 || es[0].Kind != store.KindRow || es[1].Kind != "grant" || es[2].RequestID != reqID {
		t.Fatalf("first kept entry %+v", es[0])
	}
	if e := es[len(es)-1]; e.Kind != "ledger.archive" || e.OutHash != res.SM3 {
		t.Fatalf("archive entry %+v", e)
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatalf("ledger after the archive: %v", err)
	}
	// The ledger goes on.
	if _, err := w.Login(ctx, "custodian", "wrong"); err == nil {
		t.Fatal("wrong password accepted")
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatalf("ledger after a new entry: %v", err)
	}
	// Headquarters takes the archive like any extract.
	center := hq(t, w)
	rep, err := center.ImportLedger(ctx, login(t, center, "auditor"), path)
	if err != nil || rep.New != int(res.Last) || !rep.Clean() {
		t.Fatalf("import the archive: %+v, %v", rep, err)
	}

	// Rows deleted outside SealDesk after an archive are still a gap.
	sqlExec(t, w, "DELETE FROM ledger WHERE seq = ?", res.Last+1)
	var ce *store.ChainError
	if _, err := w.VerifyLedger(ctx); !errors.As(err, &ce) || ce.Seq != res.Last+2 {
		t.Fatalf("deleted first kept entry: %v", err)
	}
}

// TestArchiveCheckpointCannotBeForged: deleting entries and writing a
// checkpoint by hand (a head of the workstation's, even a genuine one) does
// not pass: only an archive signs a checkpoint.
func TestArchiveCheckpointCannotBeForged(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	heads, _ := w.db.Heads(ctx)
	h := heads[4] // a genuine signed head, entry 5
	if h.Seq != 5 {
		t.Fatalf("head %d", h.Seq)
	}
	sqlExec(t, w, "DELETE FROM ledger WHERE seq <= 5")
	sqlExec(t, w, "DELETE FROM ledger_heads WHERE seq <= 5")
	err := w.db.Update(ctx, func(tx store.Txn) error { return tx.SetMeta(ctx, "ledger_base", headJSON(t, h)) })
	if err != nil {
		t.Fatal(err)
	}
	var ce *store.ChainError
	if _, err := w.VerifyLedger(ctx); !errors.As(err, &ce) || !strings.Contains(ce.Reason, "checkpoint") {
		t.Fatalf("forged checkpoint: %v", err)
	}
}

func headJSON(t *testing.T, h store.Head) string {
	t.Helper()
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
