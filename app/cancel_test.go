package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
	"sealdesk/store"
)

// TestStampCancelled: a stamp cancelled while it runs (here: after the PIN
// was accepted, just before signing) writes no file, leaves the approval
// usable, and is a failure entry in the ledger; the next attempt stamps.
func TestStampCancelled(t *testing.T) {
	w := demo(t)
	cust := login(t, w, "custodian")
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	out := filepath.Join(t.TempDir(), "cancelled.pdf")
	ctx, cancel := context.WithCancel(context.Background())
	testHookBeforeSign = cancel
	defer func() { testHookBeforeSign = nil }()
	_, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if Code(err) != "cancelled" {
		t.Fatalf("cancelled stamp = %v", err)
	}
	if zh := Message(err, assets.LangZH); !strings.Contains(zh, "已取消") {
		t.Errorf("zh message %q", zh)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a cancelled stamp left a file")
	}
	if e := lastEntry(t, w); e.Kind != "stamp" || e.Outcome != store.OutcomeFailed || !strings.Contains(e.Detail, "cancel") {
		t.Fatalf("ledger entry %+v", e)
	}
	if r, _ := w.db.Request(context.Background(), id); r.Status != store.RequestApproved {
		t.Fatalf("the cancelled stamp consumed the approval: %s", r.Status)
	}
	testHookBeforeSign = nil
	if _, err := w.Stamp(context.Background(), cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatalf("stamp after the cancel: %v", err)
	}
	if n, err := w.VerifyLedger(context.Background()); err != nil {
		t.Fatalf("ledger after cancel: %d, %v", n, err)
	}
}
