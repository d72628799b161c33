package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "workspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func appendN(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		err := db.Update(ctx, func(tx Txn) error {
			return tx.AppendLedger(ctx, &Entry{At: base.Add(time.Duration(i) * time.Minute), Actor: "custodian", Kind: "stamp",
				Outcome: OutcomeOK, SealID: "seal-1", RequestID: fmt.Sprintf("R-%d", i), DocName: "contract.pdf", DocHash: "ab", Workstation: "ws1"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestWorkspaceSettingsAndPragmas(t *testing.T) {
	db := openTemp(t)
	var mode string
	if err := db.SQL().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var sync int
	if err := db.SQL().QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		t.Fatalf("synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
	ctx := context.Background()
	if err := db.Update(ctx, func(tx Txn) error { return tx.SetMeta(ctx, "org", "示例科技有限公司") }); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Meta(ctx, "org"); v != "示例科技有限公司" {
		t.Fatalf("meta org = %q", v)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(path); !errors.Is(err, ErrTooNew) {
		t.Fatalf("Open = %v, want ErrTooNew", err)
	}
}

func TestLedgerChainIntact(t *testing.T) {
	db := openTemp(t)
	appendN(t, db, 5)
	n, err := db.VerifyLedger(context.Background())
	if err != nil || n != 5 {
		t.Fatalf("VerifyLedger = %d, %v", n, err)
	}
}

// TestLedgerTamperingIsCaught edits, deletes and reorders rows with plain SQL,
// the way someone with the database file and a SQLite shell would.
func TestLedgerTamperingIsCaught(t *testing.T) {
	tests := []struct {
		name    string
		sql     []string
		wantSeq int64
	}{
		{"edit a field", []string{"UPDATE ledger SET actor = 'mallory' WHERE seq = 3"}, 3},
		{"edit the outcome", []string{"UPDATE ledger SET outcome = 'refused', detail = 'no approval' WHERE seq = 2"}, 2},
		{"edit the time", []string{"UPDATE ledger SET at = '2020-01-01T00:00:00.000000000Z' WHERE seq = 4"}, 4},
		{"delete a middle entry", []string{"DELETE FROM ledger WHERE seq = 2"}, 3},
		{"delete the first entry", []string{"DELETE FROM ledger WHERE seq = 1"}, 2},
		{"reorder two entries", []string{
			"UPDATE ledger SET seq = 100 WHERE seq = 2",
			"UPDATE ledger SET seq = 2 WHERE seq = 3",
			"UPDATE ledger SET seq = 3 WHERE seq = 100",
		}, 2},
		{"rewrite an entry and its hash", []string{"UPDATE ledger SET actor = 'mallory', hash = x'00' WHERE seq = 3"}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openTemp(t)
			appendN(t, db, 5)
			for _, s := range tc.sql {
				if _, err := db.SQL().Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			_, err := db.VerifyLedger(context.Background())
			var ce *ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("VerifyLedger = %v, want *ChainError", err)
			}
			if ce.Seq != tc.wantSeq {
				t.Errorf("broken at %d (%s), want %d", ce.Seq, ce.Reason, tc.wantSeq)
			}
		})
	}
}

func TestLedgerAppendRollsBackWithTheChange(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Update(ctx, func(tx Txn) error {
		if err := tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "a", Kind: "stamp", Outcome: OutcomeOK}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if es, _ := db.Ledger(ctx, LedgerFilter{}); len(es) != 0 {
		t.Fatalf("ledger has %d entries after a rolled back change", len(es))
	}
}

func TestLedgerFilter(t *testing.T) {
	db := openTemp(t)
	appendN(t, db, 4)
	ctx := context.Background()
	es, err := db.Ledger(ctx, LedgerFilter{RequestID: "R-2"})
	if err != nil || len(es) != 1 || es[0].Seq != 3 {
		t.Fatalf("filter by request: %v %v", es, err)
	}
	es, _ = db.Ledger(ctx, LedgerFilter{From: time.Date(2026, 11, 22, 9, 1, 0, 0, time.UTC), To: time.Date(2026, 11, 22, 9, 3, 0, 0, time.UTC)})
	if len(es) != 2 {
		t.Fatalf("filter by time: %d entries, want 2", len(es))
	}
}

func TestRequestUsedOnce(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	err := db.Update(ctx, func(tx Txn) error {
		if err := tx.CreateUser(ctx, User{Name: "custodian", DisplayName: "保管人", Roles: []string{"custodian"}, PasswordHash: "x", CreatedAt: now}); err != nil {
			return err
		}
		if err := tx.CreateSeal(ctx, Seal{ID: "s1", Name: "合同专用章", Kind: "contract", Code: "1", Algorithm: "SM2", Status: SealActive,
			KeyRef: "soft:k", Cert: []byte{1}, Chain: []byte{}, SealData: []byte{2}, Picture: []byte{3}, WidthMM: 38, HeightMM: 38, CreatedAt: now}); err != nil {
			return err
		}
		return tx.CreateRequest(ctx, Request{ID: "R1", SealID: "s1", Requester: "custodian", DocName: "a.pdf", DocPath: "/a.pdf", DocHash: "h",
			Page: 1, XMM: 10, YMM: 10, Status: RequestApproved, CreatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A request is used only after one reservation: a second reservation, and
	// a use without one, are conflicts.
	if err := db.Update(ctx, func(tx Txn) error { return tx.MarkRequestUsed(ctx, "R1", now, "/b.pdf", "h2") }); !errors.Is(err, ErrConflict) {
		t.Fatalf("use without a reservation = %v, want ErrConflict", err)
	}
	res := Reservation{RequestID: "R1", TmpPath: "/.b.pdf.partial", OutPath: "/b.pdf", PID: 42, Started: now}
	if err := db.Update(ctx, func(tx Txn) error { return tx.ReserveRequest(ctx, res) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx Txn) error { return tx.ReserveRequest(ctx, res) }); !errors.Is(err, ErrConflict) {
		t.Fatalf("second reservation = %v, want ErrConflict", err)
	}
	if rs, err := db.Reservations(ctx); err != nil || len(rs) != 1 || rs[0].TmpPath != res.TmpPath || rs[0].PID != 42 || rs[0].Status != RequestStamping {
		t.Fatalf("reservations = %+v, %v", rs, err)
	}
	if err := db.Update(ctx, func(tx Txn) error { return tx.MarkRequestUsed(ctx, "R1", now, "/b.pdf", "h2") }); err != nil {
		t.Fatal(err)
	}
	if rs, _ := db.Reservations(ctx); len(rs) != 1 || rs[0].Status != RequestUsed {
		t.Fatalf("a used request whose file is not moved yet is still listed: %+v", rs)
	}
	if err := db.DoneMoving(ctx, "R1"); err != nil {
		t.Fatal(err)
	}
	if rs, _ := db.Reservations(ctx); len(rs) != 0 {
		t.Fatalf("reservations after the move = %+v", rs)
	}
	err = db.Update(ctx, func(tx Txn) error { return tx.MarkRequestUsed(ctx, "R1", now, "/c.pdf", "h3") })
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("second use = %v, want ErrConflict", err)
	}
	if _, err := db.Request(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing request = %v", err)
	}
	// Codes are unique.
	err = db.Update(ctx, func(tx Txn) error {
		return tx.CreateSeal(ctx, Seal{ID: "s2", Name: "x", Kind: "contract", Code: "1", Algorithm: "SM2", Status: SealActive,
			KeyRef: "soft:k", Cert: []byte{1}, Chain: []byte{}, SealData: []byte{2}, Picture: []byte{3}, CreatedAt: now})
	})
	if err == nil {
		t.Fatal("a second seal with the same code was accepted")
	}
}
