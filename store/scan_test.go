package store

import (
	"context"
	"errors"
	"reflect"
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
	err := db.Update(ctx, func(tx *Tx) error {
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
