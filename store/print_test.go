package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// TestCountCopyNeverExceedsApproval prints from several goroutines at once and
// checks exactly the approved number of copies is counted, each number once.
func TestCountCopyNeverExceedsApproval(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	err := db.Update(ctx, func(tx Txn) error {
		if err := tx.CreateUser(ctx, User{Name: "printer", DisplayName: "打印员", Roles: []string{"printer"}, PasswordHash: "x", CreatedAt: now}); err != nil {
			return err
		}
		return tx.CreatePrintRequest(ctx, PrintRequest{ID: "P1", Requester: "printer", DocName: "a.pdf", DocPath: "/a.pdf", DocHash: "h", Copies: 3, Status: RequestPending, CreatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := countCopy(db, "P1"); !errors.Is(err, ErrConflict) {
		t.Fatalf("copy before approval: %v", err)
	}
	if err := db.Update(ctx, func(tx Txn) error { return tx.SetPrintRequestStatus(ctx, "P1", RequestPending, RequestApproved) }); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[int]bool{}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if n, err := countCopy(db, "P1"); err == nil {
				mu.Lock()
				got[n] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(got) != 3 || !got[1] || !got[2] || !got[3] {
		t.Fatalf("copies counted: %v, want 1, 2 and 3", got)
	}
	p, _ := db.PrintRequest(ctx, "P1")
	if p.Printed != 3 || p.Status != RequestUsed {
		t.Fatalf("after printing: %+v", p)
	}
}

func countCopy(db *DB, id string) (int, error) {
	var n int
	err := db.Update(context.Background(), func(tx Txn) error {
		var err error
		n, err = tx.CountCopy(context.Background(), id)
		return err
	})
	return n, err
}
