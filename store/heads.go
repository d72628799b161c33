package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Head is a signed statement "the ledger of workstation W had entry Seq with hash Hash at time At".
type Head struct {
	Seq         int64
	Hash        []byte
	At          time.Time
	Workstation string
	Signature   []byte
	Cert        []byte
}

// AddHead stores a signed head.
func (tx *Tx) AddHead(ctx context.Context, h Head) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT OR REPLACE INTO ledger_heads(seq, hash, at, workstation, signature, cert) VALUES(?, ?, ?, ?, ?, ?)",
		h.Seq, h.Hash, fmtTime(h.At), h.Workstation, nonNil(h.Signature), nonNil(h.Cert))
	if err != nil {
		return fmt.Errorf("store ledger head %d: %w", h.Seq, err)
	}
	return nil
}

// Heads lists the signed heads in sequence order.
func (r reader) Heads(ctx context.Context) ([]Head, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT seq, hash, at, workstation, signature, cert FROM ledger_heads ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("read ledger heads: %w", err)
	}
	defer rows.Close()
	var out []Head
	for rows.Next() {
		var h Head
		var at string
		if err := rows.Scan(&h.Seq, &h.Hash, &at, &h.Workstation, &h.Signature, &h.Cert); err != nil {
			return nil, fmt.Errorf("read ledger heads: %w", err)
		}
		h.At = parseTime(at)
		out = append(out, h)
	}
	return out, rows.Err()
}

// HeadAt returns the signed head at seq, if there is one.
func (r reader) HeadAt(ctx context.Context, seq int64) (Head, bool, error) {
	h := Head{Seq: seq}
	var at string
	err := r.q.QueryRowContext(ctx, "SELECT hash, at, workstation, signature, cert FROM ledger_heads WHERE seq = ?", seq).Scan(&h.Hash, &at, &h.Workstation, &h.Signature, &h.Cert)
	if errors.Is(err, sql.ErrNoRows) {
		return Head{}, false, nil
	}
	if err != nil {
		return Head{}, false, fmt.Errorf("read ledger head %d: %w", seq, err)
	}
	h.At = parseTime(at)
	return h, true, nil
}
