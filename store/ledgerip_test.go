package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
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
				err := db.Update(ctx, func(tx Txn) error {
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
	err := db.Update(ctx, func(tx Txn) error {
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
	err := db.Update(ctx, func(tx Txn) error {
		return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "custodian", Kind: "print", Outcome: OutcomeOK, DocHash: "cd", OutHash: "ef"})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(ctx, func(tx Txn) error {
		return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "custodian", Kind: "stamp", Outcome: OutcomeOK, DocHash: "ab", OutHash: "cd"})
	})
	if es, _ := db.Ledger(ctx, LedgerFilter{AnyHash: "cd"}); len(es) != 2 || es[0].Seq != 3 || es[1].Seq != 4 {
		t.Fatalf("entries with cd before or after: %+v", es)
	}
	if es, _ := db.Ledger(ctx, LedgerFilter{AnyHash: "ab", Kind: "stamp"}); len(es) != 3 {
		t.Fatalf("stamp entries of ab: %d", len(es))
	}
}

// TestMigrationKeepsOldLedgerIntact builds a workspace at schema 7 (before
// addresses were recorded) with the SQL of migrations 0001–0007 and a ledger
// written in the v1 form, opens it (migration 0008 adds the ip columns), and
// checks the old chain verifies, goes on with v2 entries, and still verifies.
func TestMigrationKeepsOldLedgerIntact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "workspace.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	for i, n := range names[:7] {
		body, _ := migrations.ReadFile(n)
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", i+1))
	}
	prev := genesis
	for i := 1; i <= 3; i++ {
		e := Entry{Seq: int64(i), At: time.Date(2026, 1, i, 9, 0, 0, 0, time.UTC), Actor: "custodian", Kind: "stamp", Outcome: OutcomeOK, Workstation: "old@host"}
		e.Hash = e.ComputeHash(prev) // no IP: the v1 form, as the previous release wrote it
		if _, err := raw.Exec("INSERT INTO ledger(seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, workstation, prev_hash, hash) VALUES(?, ?, ?, ?, ?, '', '', '', '', '', '', ?, ?, ?)",
			e.Seq, fmtTime(e.At), e.Actor, e.Kind, e.Outcome, e.Workstation, prev, e.Hash); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	raw.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	db.SQL().QueryRow("PRAGMA user_version").Scan(&v)
	if v != len(names) {
		t.Fatalf("schema %d after opening, want %d", v, len(names))
	}
	ctx := context.Background()
	if n, err := db.VerifyLedger(ctx); err != nil || n != 3 {
		t.Fatalf("old ledger after the migration: %d, %v", n, err)
	}
	err = db.Update(ctx, func(tx Txn) error {
		return tx.AppendLedger(ctx, &Entry{At: time.Now(), Actor: "auditor", Kind: "login", Outcome: OutcomeOK, Workstation: "old@host", IP: "192.0.2.9"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.VerifyLedger(ctx); err != nil || n != 4 {
		t.Fatalf("ledger with a new entry: %d, %v", n, err)
	}
}
