package store

import (
	"context"
	"fmt"
)

// SetSealKey points a seal at another key: its key reference, signer
// certificate, chain and, when sealData is not nil, new seal data (a seal whose
// certificate list must name the new certificate, GB/T 38540 §7.3).
func (tx *Tx) SetSealKey(ctx context.Context, id, keyRef string, cert, chain, sealData []byte) error {
	if err := tx.touch(ctx, SealRow(id)); err != nil {
		return err
	}
	q := "UPDATE seals SET key_ref = ?, cert = ?, chain = ? WHERE id = ?"
	args := []any{keyRef, cert, chain, id}
	if sealData != nil {
		q = "UPDATE seals SET key_ref = ?, cert = ?, chain = ?, seal_data = ? WHERE id = ?"
		args = []any{keyRef, cert, chain, sealData, id}
	}
	res, err := tx.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("set seal %s key: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("seal %q: %w", id, ErrNotFound)
	}
	return nil
}
