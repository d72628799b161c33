package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sealdesk/store"
)

// TestSignedHeadsCatchWhatTheChainAloneCannot: cutting the tail, appending an
// entry with a correct chain hash from outside SealDesk, and forging a head.
func TestSignedHeadsCatchWhatTheChainAloneCannot(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper func(t *testing.T, w *Workspace)
		reason string
	}{
		{"tail cut off", func(t *testing.T, w *Workspace) {
			sqlExec(t, w, "DELETE FROM ledger WHERE seq >= (SELECT max(seq) - 1 FROM ledger)")
		}, "removed"},
		{"entry appended outside SealDesk", func(t *testing.T, w *Workspace) {
			// A well-formed chain entry, written through the store directly: the chain verifies, the heads do not.
			err := w.DB.Update(ctx, func(tx *store.Tx) error {
				return tx.AppendLedger(ctx, &store.Entry{At: time.Now(), Actor: "approver", Kind: "approve", Outcome: store.OutcomeOK, RequestID: "R-forged"})
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.DB.VerifyLedger(ctx); err != nil {
				t.Fatalf("the plain chain should still verify: %v", err)
			}
		}, "not written by SealDesk"},
		{"head signature forged", func(t *testing.T, w *Workspace) {
			sqlExec(t, w, "UPDATE ledger_heads SET signature = x'3006020101020101' WHERE seq = (SELECT max(seq) FROM ledger_heads)")
		}, "does not verify"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			approved(t, w, "contract", demoDoc(w), 1, 100, 200)
			if _, err := w.VerifyLedger(ctx); err != nil {
				t.Fatalf("before tampering: %v", err)
			}
			tc.tamper(t, w)
			_, err := w.VerifyLedger(ctx)
			var ce *store.ChainError
			if !errors.As(err, &ce) || !strings.Contains(ce.Reason, tc.reason) {
				t.Fatalf("VerifyLedger = %v, want a chain error saying %q", err, tc.reason)
			}
		})
	}
}

func TestEveryEntryHasASignedHead(t *testing.T) {
	w := demo(t)
	approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	ctx := context.Background()
	heads, _ := w.DB.Heads(ctx)
	entries, _ := w.DB.Ledger(ctx, store.LedgerFilter{})
	if len(heads) != len(entries) || heads[len(heads)-1].Seq != entries[len(entries)-1].Seq {
		t.Fatalf("%d heads for %d entries", len(heads), len(entries))
	}
}
