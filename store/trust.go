package store

import (
	"context"
	"fmt"
	"time"
)

// Anchor is a trust anchor: a root certificate the workspace trusts.
type Anchor struct {
	SM3     string // hex SM3 of DER
	DER     []byte
	Subject string
	AddedBy string
	AddedAt time.Time
}

// AddAnchor records a trust anchor; adding one already there is a no-op.
func (tx *Tx) AddAnchor(ctx context.Context, a Anchor) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO trust_anchors(sm3, der, subject, added_by, added_at) VALUES(?, ?, ?, ?, ?) ON CONFLICT(sm3) DO NOTHING",
		a.SM3, a.DER, a.Subject, a.AddedBy, fmtTime(a.AddedAt))
	if err != nil {
		return fmt.Errorf("add trust anchor %s: %w", a.Subject, err)
	}
	return nil
}

// Anchors lists the trust anchors in the order they were added.
func (r reader) Anchors(ctx context.Context) ([]Anchor, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT sm3, der, subject, added_by, added_at FROM trust_anchors ORDER BY added_at, sm3")
	if err != nil {
		return nil, fmt.Errorf("list trust anchors: %w", err)
	}
	defer rows.Close()
	var out []Anchor
	for rows.Next() {
		var a Anchor
		var at string
		if err := rows.Scan(&a.SM3, &a.DER, &a.Subject, &a.AddedBy, &at); err != nil {
			return nil, fmt.Errorf("list trust anchors: %w", err)
		}
		a.AddedAt = parseTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteMeta removes a meta key.
func (tx *Tx) DeleteMeta(ctx context.Context, key string) error {
	if err := tx.touch(ctx, SettingRow(key)); err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", key); err != nil {
		return fmt.Errorf("delete meta %s: %w", key, err)
	}
	return nil
}
