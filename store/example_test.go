package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sealdesk/store"
)

// Every change goes through Update together with its ledger entry; VerifyLedger
// walks the SM3 chain.
func Example() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "workspace.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	for _, kind := range []string{"request", "approve", "stamp"} {
		db.Update(ctx, func(tx store.Txn) error {
			return tx.AppendLedger(ctx, &store.Entry{At: time.Now(), Actor: "custodian", Kind: kind, Outcome: store.OutcomeOK})
		})
	}
	n, err := db.VerifyLedger(ctx)
	fmt.Println(n, err)
	// Output: 3 <nil>
}
