package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestScanLedgerReadsWhatLedgerReads: the streamed entries equal those of a
// plain read, field for field (odd text included), each with its own head,
// and the latest head and the checkpoint come from the same read.
func TestScanLedgerReadsWhatLedgerReads(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	appendN(t, db, 2)
	err := db.Update(ctx, func(tx Txn) error {
		e := &Entry{At: time.Now(), Actor: "审批人\x00x", Kind: "approve", Outcome: OutcomeOK, Detail: "a\nb,\"c\"", Workstation: "ws1", IP: "192.0.2.7"}
		if err := tx.AppendLedger(ctx, e); err != nil {
			return err
		}
		return tx.AddHead(ctx, Head{Seq: e.Seq, Hash: e.Hash, At: e.At, Workstation: "ws1", Signature: []byte{1}, Cert: []byte{2}})
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := db.Ledger(ctx, LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sigs := range []bool{false, true} {
		var got []Entry
		var heads []*Head
		var base *Head
		scan, err := db.ScanLedger(ctx, sigs, func(b Head) { base = &b }, func(e *Entry, h *Head) error {
			got = append(got, *e)
			heads = append(heads, h)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if base == nil || base.Seq != 0 || scan.Base.Seq != 0 {
			t.Fatalf("start not called with the empty checkpoint: %+v", base)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("signatures %v: scanned\n%+v\nread\n%+v", sigs, got, want)
		}
		if heads[0] != nil || heads[1] != nil || heads[2] == nil || heads[2].Seq != 3 || string(heads[2].Hash) != string(want[2].Hash) {
			t.Fatalf("signatures %v: heads %+v", sigs, heads)
		}
		if sigs != (heads[2].Cert != nil) {
			t.Fatalf("signatures %v: head %+v", sigs, heads[2])
		}
		if scan.Latest == nil || scan.Latest.Seq != 3 || string(scan.Latest.Cert) != "\x02" {
			t.Fatalf("latest head %+v", scan.Latest)
		}
	}
	stop := errors.New("stop")
	calls := 0
	_, err = db.ScanLedger(ctx, false, func(Head) {}, func(*Entry, *Head) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("ScanLedger after fn failed: %v, %d calls", err, calls)
	}
}

// TestScanLedgerAcrossBuffers: rows are read in C into buffers of 256 KiB,
// filled on another goroutine: a ledger of many buffers and an entry larger
// than a buffer come through whole and in order, a scan stopped halfway
// returns (no reader left behind), and a NULL forced into a NOT NULL column
// is an error, not an empty field.
func TestScanLedgerAcrossBuffers(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx Txn) error {
		for i := 0; i < 3000; i++ {
			e := &Entry{At: time.Date(2026, 11, 22, 9, 0, i, 0, time.UTC), Actor: "custodian", Kind: "stamp", Outcome: OutcomeOK,
				RequestID: fmt.Sprintf("R-%d", i), Detail: strings.Repeat("明细", 40), Workstation: "ws1"}
			if i == 1500 {
				e.Detail = strings.Repeat("x\x00y", 300<<10) // 900 KiB: larger than a buffer
			}
			if err := tx.AppendLedger(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := db.Ledger(ctx, LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []Entry
	if _, err := db.ScanLedger(ctx, false, func(Head) {}, func(e *Entry, h *Head) error {
		got = append(got, *e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || !reflect.DeepEqual(got, want) {
		t.Fatalf("scanned %d entries, read %d; equal: %v", len(got), len(want), reflect.DeepEqual(got, want))
	}
	if n, err := VerifyEntries(Head{}, got); err != nil || n != 3000 {
		t.Fatalf("chain of the scanned entries: %d, %v", n, err)
	}
	stop := errors.New("stop")
	calls := 0
	if _, err := db.ScanLedger(ctx, false, func(Head) {}, func(*Entry, *Head) error {
		if calls++; calls == 2000 {
			return stop
		}
		return nil
	}); !errors.Is(err, stop) {
		t.Fatalf("stopped scan: %v", err)
	}
	// STRICT keeps NULL out of a NOT NULL column; a table rebuilt without
	// the constraint (as sqlite3 could) must not read as empty text.
	for _, q := range []string{
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_schema SET sql = replace(sql, 'actor       TEXT NOT NULL', 'actor TEXT') WHERE name = 'ledger'",
		"PRAGMA writable_schema = OFF",
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Skipf("cannot loosen the schema here: %v", err)
		}
	}
	db.Close()
	db2, err := Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.SQL().Exec("UPDATE ledger SET actor = NULL WHERE seq = 7"); err != nil {
		t.Skipf("cannot write a NULL here: %v", err)
	}
	if _, err := db2.ScanLedger(ctx, false, func(Head) {}, func(*Entry, *Head) error { return nil }); err == nil || !strings.Contains(err.Error(), "NULL") {
		t.Fatalf("NULL actor: %v", err)
	}
}
