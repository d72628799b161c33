package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Seal statuses.
const (
	SealActive    = "active"
	SealSuspended = "suspended"
	SealRevoked   = "revoked"
)

// Seal is a seal of the organisation bound to the key that signs with it.
type Seal struct {
	ID        string
	Name      string
	Kind      string
	Code      string
	Algorithm string
	Status    string
	KeyRef    string
	Cert      []byte // signer certificate, DER
	Chain     []byte // issuing certificates, concatenated DER
	SealData  []byte // GB/T 38540 SESeal, DER
	Picture   []byte // PNG
	WidthMM   float64
	HeightMM  float64
	ValidFrom time.Time
	ValidTo   time.Time
	CreatedAt time.Time
}

const sealColumns = "id, name, kind, code, algorithm, status, key_ref, cert, chain, seal_data, picture, width_mm, height_mm, valid_from, valid_to, created_at"

// CreateSeal adds a seal.
func (tx *Tx) CreateSeal(ctx context.Context, s Seal) error {
	if err := tx.touch(ctx, SealRow(s.ID)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO seals("+sealColumns+") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		s.ID, s.Name, s.Kind, s.Code, s.Algorithm, s.Status, s.KeyRef, s.Cert, s.Chain, s.SealData, s.Picture,
		s.WidthMM, s.HeightMM, fmtTime(s.ValidFrom), fmtTime(s.ValidTo), fmtTime(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("create seal %s: %w", s.ID, err)
	}
	return nil
}

// SetSealStatus changes a seal's status.
func (tx *Tx) SetSealStatus(ctx context.Context, id, status string) error {
	if err := tx.touch(ctx, SealRow(id)); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(ctx, "UPDATE seals SET status = ? WHERE id = ?", status, id)
	if err != nil {
		return fmt.Errorf("set seal %s status: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("seal %q: %w", id, ErrNotFound)
	}
	return nil
}

func scanSeal(row interface{ Scan(...any) error }) (Seal, error) {
	var s Seal
	var from, to, created string
	err := row.Scan(&s.ID, &s.Name, &s.Kind, &s.Code, &s.Algorithm, &s.Status, &s.KeyRef, &s.Cert, &s.Chain, &s.SealData, &s.Picture,
		&s.WidthMM, &s.HeightMM, &from, &to, &created)
	s.ValidFrom, s.ValidTo, s.CreatedAt = parseTime(from), parseTime(to), parseTime(created)
	return s, err
}

// Seal returns the seal with the given id.
func (r reader) Seal(ctx context.Context, id string) (Seal, error) {
	s, err := scanSeal(r.q.QueryRowContext(ctx, "SELECT "+sealColumns+" FROM seals WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Seal{}, fmt.Errorf("seal %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Seal{}, fmt.Errorf("read seal %s: %w", id, err)
	}
	return s, nil
}

// Seals lists every seal in the order they were made.
func (r reader) Seals(ctx context.Context) ([]Seal, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+sealColumns+" FROM seals ORDER BY created_at, rowid")
	if err != nil {
		return nil, fmt.Errorf("list seals: %w", err)
	}
	defer rows.Close()
	var out []Seal
	for rows.Next() {
		s, err := scanSeal(rows)
		if err != nil {
			return nil, fmt.Errorf("list seals: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
