package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// metaLedgerBase holds the archive checkpoint: the signed head of the last
// entry moved out of the ledger into an archive file.
const metaLedgerBase = "ledger_base"

// LedgerBase returns the archive checkpoint, or a zero Head when nothing was
// ever archived (the chain then starts at the genesis).
func (r reader) LedgerBase(ctx context.Context) (Head, error) {
	var h Head
	var v string
	err := r.q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", metaLedgerBase).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil // never archived
	}
	if err != nil {
		return h, fmt.Errorf("read the archive checkpoint: %w", err)
	}
	return parseLedgerBase(v)
}

func parseLedgerBase(v string) (Head, error) {
	var h Head
	if err := json.Unmarshal([]byte(v), &h); err != nil {
		return h, &ChainError{Seq: 1, Reason: "the archive checkpoint is unreadable"}
	}
	return h, nil
}

// ArchiveLedger removes entries up to and including base.Seq, with their
// signed heads, and records base as the checkpoint the chain now starts from.
// It must run in the transaction that records the archive in the ledger.
func (tx *Tx) ArchiveLedger(ctx context.Context, base Head) error {
	b, err := json.Marshal(base)
	if err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM ledger WHERE seq <= ?", base.Seq); err != nil {
		return fmt.Errorf("archive ledger: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM ledger_heads WHERE seq <= ?", base.Seq); err != nil {
		return fmt.Errorf("archive ledger heads: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM ledger_sigs WHERE seq <= ?", base.Seq); err != nil {
		return fmt.Errorf("archive ledger signatures: %w", err)
	}
	return tx.SetMeta(ctx, metaLedgerBase, string(b))
}
