package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Grant lets a user use a seal from From to To, unless withdrawn.
type Grant struct {
	ID          int64
	User        string
	SealID      string
	From, To    time.Time
	GrantedBy   string
	GrantedAt   time.Time
	WithdrawnAt time.Time
	WithdrawnBy string
}

// ActiveAt reports whether the grant allows use at t.
func (g Grant) ActiveAt(t time.Time) bool {
	return g.WithdrawnAt.IsZero() && !t.Before(g.From) && !t.After(g.To)
}

// AddGrant stores a grant and returns its id.
func (tx *Tx) AddGrant(ctx context.Context, g Grant) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, "INSERT INTO grants(user, seal_id, valid_from, valid_to, granted_by, granted_at) VALUES(?, ?, ?, ?, ?, ?)",
		g.User, g.SealID, fmtTime(g.From), fmtTime(g.To), g.GrantedBy, fmtTime(g.GrantedAt))
	if err != nil {
		return 0, fmt.Errorf("grant %s to %s: %w", g.SealID, g.User, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, tx.touchNew(ctx, GrantRow(id))
}

// WithdrawGrant ends a grant now; ErrNotFound when there is no such active grant.
func (tx *Tx) WithdrawGrant(ctx context.Context, id int64, by string, at time.Time) error {
	if err := tx.touch(ctx, GrantRow(id)); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(ctx, "UPDATE grants SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND withdrawn_at = ''", fmtTime(at), by, id)
	if err != nil {
		return fmt.Errorf("withdraw grant %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("active grant %d: %w", id, ErrNotFound)
	}
	return nil
}

// CopyGrants gives the new seal every grant of the old one still active at at
// (a re-issued seal replaces the old one for the same people and periods).
func (tx *Tx) CopyGrants(ctx context.Context, from, to, by string, at time.Time) error {
	gs, err := tx.Grants(ctx, "", from)
	if err != nil {
		return err
	}
	for _, g := range gs {
		if !g.ActiveAt(at) && !(g.WithdrawnAt.IsZero() && at.Before(g.From)) {
			continue
		}
		g.SealID, g.GrantedBy, g.GrantedAt = to, by, at
		if _, err := tx.AddGrant(ctx, g); err != nil {
			return err
		}
	}
	return nil
}

// Grants lists grants, filtered by user and seal when given.
func (r reader) Grants(ctx context.Context, user, sealID string) ([]Grant, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT id, user, seal_id, valid_from, valid_to, granted_by, granted_at, withdrawn_at, withdrawn_by
		FROM grants WHERE (? = '' OR user = ?) AND (? = '' OR seal_id = ?) ORDER BY id`, user, user, sealID, sealID)
	if err != nil {
		return nil, fmt.Errorf("list grants: %w", err)
	}
	defer rows.Close()
	var out []Grant
	for rows.Next() {
		var g Grant
		var from, to, at, wat string
		if err := rows.Scan(&g.ID, &g.User, &g.SealID, &from, &to, &g.GrantedBy, &at, &wat, &g.WithdrawnBy); err != nil {
			return nil, fmt.Errorf("list grants: %w", err)
		}
		g.From, g.To, g.GrantedAt, g.WithdrawnAt = parseTime(from), parseTime(to), parseTime(at), parseTime(wat)
		out = append(out, g)
	}
	return out, rows.Err()
}

// ApprovalRule says how many approvals a seal's use needs and from whom.
type ApprovalRule struct {
	SealID    string
	Required  int
	Approvers []string // empty: any user with the approver role
}

// SetApprovalRule stores a seal's rule.
func (tx *Tx) SetApprovalRule(ctx context.Context, r ApprovalRule) error {
	if err := tx.touch(ctx, RuleRow(r.SealID)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO approval_rules(seal_id, required, approvers) VALUES(?, ?, ?) ON CONFLICT(seal_id) DO UPDATE SET required = excluded.required, approvers = excluded.approvers",
		r.SealID, r.Required, strings.Join(r.Approvers, " "))
	if err != nil {
		return fmt.Errorf("set approval rule of %s: %w", r.SealID, err)
	}
	return nil
}

// ApprovalRule returns a seal's rule; a seal without one needs one approval from any approver.
func (r reader) ApprovalRule(ctx context.Context, sealID string) (ApprovalRule, error) {
	rule := ApprovalRule{SealID: sealID, Required: 1}
	var approvers string
	err := r.q.QueryRowContext(ctx, "SELECT required, approvers FROM approval_rules WHERE seal_id = ?", sealID).Scan(&rule.Required, &approvers)
	if errors.Is(err, sql.ErrNoRows) {
		return rule, nil
	}
	if err != nil {
		return rule, fmt.Errorf("read approval rule of %s: %w", sealID, err)
	}
	rule.Approvers = strings.Fields(approvers)
	return rule, nil
}
