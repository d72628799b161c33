package store

import (
	"context"
	"encoding/hex"
	"errors"
	"testing"
	"time"
)

// TestLedgerV1HashUnchanged: an entry without an IP address hashes exactly as
// before addresses were recorded (the value below was computed by the
// previous release), so ledgers written then still verify after the upgrade.
func TestLedgerV1HashUnchanged(t *testing.T) {
	e := Entry{Seq: 7, At: time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC), Actor: "custodian", Kind: "stamp", Outcome: OutcomeOK,
		SealID: "official", RequestID: "R-1", DocName: "合同.pdf", DocHash: "ab", OutHash: "cd", Detail: "d", Workstation: "ws1@host"}
	if got := hex.EncodeToString(e.ComputeHash(genesis)); got != "74d47cb66d99f09fb6423e984e8a123e3c96fc746e35b936c67cf044f8dd2f64" {
		t.Fatalf("v1 entry hash changed: %s", got)
	}
	e.IP = "192.0.2.7"
	if hex.EncodeToString(e.ComputeHash(genesis)) == "74d47cb66d99f09fb6423e984e8a123e3c96fc746e35b936c67cf044f8dd2f64" {
		t.Fatal("the IP address is not covered by the hash")
	}
}

// TestLedgerIPIsCovered: a chain of old entries (no address) followed by new
// ones verifies; editing, removing or adding an address with plain SQL breaks
// the chain at that entry; the address is read back and filterable output
// carries it.
func TestLedgerIPIsCovered(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  string
		seq  int64
	}{
		{"edit an address", "UPDATE ledger SET ip = '198.51.100.1' WHERE seq = 4", 4},
		{"remove an address", "UPDATE ledger SET ip = '' WHERE seq = 5", 5},
		{"add an address to an old entry", "UPDATE ledger SET ip = '192.0.2.7' WHERE seq = 2", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTemp(t)
			ctx := context.Background()
			appendN(t, db, 3)
			for i := 0; i < 2; i++ {
				err := db.Update(ctx, func(tx *Tx) error {
					return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "approver", Kind: "approve", Outcome: OutcomeOK, Workstation: "ws1", IP: "192.0.2.7"})
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if n, err := db.VerifyLedger(ctx); err != nil || n != 5 {
				t.Fatalf("mixed chain: %d, %v", n, err)
			}
			es, _ := db.Ledger(ctx, LedgerFilter{Kind: "approve"})
			if len(es) != 2 || es[0].IP != "192.0.2.7" {
				t.Fatalf("entries %+v", es)
			}
			if _, err := db.SQL().Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			_, err := db.VerifyLedger(ctx)
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != tc.seq {
				t.Fatalf("VerifyLedger = %v, want broken at %d", err, tc.seq)
			}
		})
	}
}

// TestLedgerFilterOutcome: the outcome filter.
func TestLedgerFilterOutcome(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	appendN(t, db, 2)
	err := db.Update(ctx, func(tx *Tx) error {
		return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "custodian", Kind: "stamp", Outcome: OutcomeRefused})
	})
	if err != nil {
		t.Fatal(err)
	}
	if es, _ := db.Ledger(ctx, LedgerFilter{Outcome: OutcomeRefused}); len(es) != 1 || es[0].Seq != 3 {
		t.Fatalf("refused entries %+v", es)
	}
}

// TestLedgerFilterAnyHash: a document is found by its hash before stamping
// or after it.
func TestLedgerFilterAnyHash(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	appendN(t, db, 2) // DocHash "ab"
	err := db.Update(ctx, func(tx *Tx) error {
		return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "custodian", Kind: "print", Outcome: OutcomeOK, DocHash: "cd", OutHash: "ef"})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(ctx, func(tx *Tx) error {
		return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "custodian", Kind: "stamp", Outcome: OutcomeOK, DocHash: "ab", OutHash: "cd"})
	})
	if es, _ := db.Ledger(ctx, LedgerFilter{AnyHash: "cd"}); len(es) != 2 || es[0].Seq != 3 || es[1].Seq != 4 {
		t.Fatalf("entries with cd before or after: %+v", es)
	}
	if es, _ := db.Ledger(ctx, LedgerFilter{AnyHash: "ab", Kind: "stamp"}); len(es) != 3 {
		t.Fatalf("stamp entries of ab: %d", len(es))
	}
}
