package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Seal origins.
const (
	OriginMade     = "made"     // made by this workspace's maker
	OriginImported = "imported" // a vendor's seal file bound to a key here
)

// ErrStatusChanged is returned when a seal is not in the status a change
// expects: someone else changed it first, or a revoked seal was to be revived.
var ErrStatusChanged = errors.New("store: seal status changed")

// Lifecycle is what schema version 2 keeps about a seal beside its Seal row.
type Lifecycle struct {
	VendorID      string // SES_Header.Vid of the seal data
	Origin        string // OriginMade or OriginImported
	PictureFormat string // sniffed picture format: png, jpeg, gif, bmp, svg, ofd, or ""
	StatusReason  string // why it was last suspended or revoked
	RevokedAt     time.Time
	Replaces      string // the seal this one re-issues
	ReplacedBy    string // the seal that re-issued this one
}

// SealEvent is one step of a seal's life.
type SealEvent struct {
	ID         int64
	SealID     string
	At         time.Time
	Actor      string
	Event      string // make, import, issue, collect, suspend, resume, revoke, reissue, export
	FromStatus string
	ToStatus   string
	Reason     string
	Related    string
}

// SetLifecycle writes the lifecycle columns of seal id (a freshly created
// seal, or the link of a re-issue).
func (tx *Tx) SetLifecycle(ctx context.Context, id string, l Lifecycle) error {
	if err := tx.touch(ctx, SealRow(id)); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE seals SET vendor_id = ?, origin = ?, picture_format = ?, status_reason = ?,
		revoked_at = ?, replaces = ?, replaced_by = ? WHERE id = ?`,
		l.VendorID, l.Origin, l.PictureFormat, l.StatusReason, fmtTime(l.RevokedAt), l.Replaces, l.ReplacedBy, id)
	if err != nil {
		return fmt.Errorf("set seal %s lifecycle: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("seal %q: %w", id, ErrNotFound)
	}
	return nil
}

// Lifecycle returns the lifecycle columns of seal id.
func (r reader) Lifecycle(ctx context.Context, id string) (Lifecycle, error) {
	var l Lifecycle
	var revoked string
	err := r.q.QueryRowContext(ctx, `SELECT vendor_id, origin, picture_format, status_reason, revoked_at, replaces, replaced_by
		FROM seals WHERE id = ?`, id).Scan(&l.VendorID, &l.Origin, &l.PictureFormat, &l.StatusReason, &revoked, &l.Replaces, &l.ReplacedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return Lifecycle{}, fmt.Errorf("seal %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Lifecycle{}, fmt.Errorf("read seal %s lifecycle: %w", id, err)
	}
	l.RevokedAt = parseTime(revoked)
	return l, nil
}

// ChangeSealStatus moves seal id from status from to status to, recording the
// reason (and, for SealRevoked, the time). It changes nothing and returns
// ErrStatusChanged when the seal is not in status from, so two administrators
// cannot both act on the same state, and nothing leaves SealRevoked: a
// revocation is final (REFERENCE §1).
func (tx *Tx) ChangeSealStatus(ctx context.Context, id, from, to, reason string, at time.Time) error {
	if from == SealRevoked {
		return fmt.Errorf("seal %q is revoked: %w", id, ErrStatusChanged)
	}
	if err := tx.touch(ctx, SealRow(id)); err != nil {
		return err
	}
	revokedAt := ""
	if to == SealRevoked {
		revokedAt = fmtTime(at)
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE seals SET status = ?, status_reason = ?, revoked_at = ? WHERE id = ? AND status = ?`,
		to, reason, revokedAt, id, from)
	if err != nil {
		return fmt.Errorf("set seal %s status: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.Seal(ctx, id); err != nil {
			return err
		}
		return fmt.Errorf("seal %q is no longer %s: %w", id, from, ErrStatusChanged)
	}
	return nil
}

// AddSealEvent records one step of a seal's life, filling e.ID.
func (tx *Tx) AddSealEvent(ctx context.Context, e *SealEvent) error {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO seal_events(seal_id, at, actor, event, from_status, to_status, reason, related)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?)`, e.SealID, fmtTime(e.At), e.Actor, e.Event, e.FromStatus, e.ToStatus, e.Reason, e.Related)
	if err != nil {
		return fmt.Errorf("record seal %s event %s: %w", e.SealID, e.Event, err)
	}
	e.ID, _ = res.LastInsertId()
	return nil
}

// SealEvents lists the events of seal id, oldest first.
func (r reader) SealEvents(ctx context.Context, id string) ([]SealEvent, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT id, seal_id, at, actor, event, from_status, to_status, reason, related
		FROM seal_events WHERE seal_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("list seal %s events: %w", id, err)
	}
	defer rows.Close()
	var out []SealEvent
	for rows.Next() {
		var e SealEvent
		var at string
		if err := rows.Scan(&e.ID, &e.SealID, &at, &e.Actor, &e.Event, &e.FromStatus, &e.ToStatus, &e.Reason, &e.Related); err != nil {
			return nil, fmt.Errorf("list seal %s events: %w", id, err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// SealByCode returns the seal with the given seal code (印章编码), which is unique.
func (r reader) SealByCode(ctx context.Context, code string) (Seal, error) {
	s, err := scanSeal(r.q.QueryRowContext(ctx, "SELECT "+sealColumns+" FROM seals WHERE code = ?", code))
	if errors.Is(err, sql.ErrNoRows) {
		return Seal{}, fmt.Errorf("seal code %q: %w", code, ErrNotFound)
	}
	if err != nil {
		return Seal{}, fmt.Errorf("read seal %s: %w", code, err)
	}
	return s, nil
}
