package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sealdesk/store"
)

// MaxGrantYears bounds one grant of a seal's use (a longer use needs a new grant).
const MaxGrantYears = 3

// GrantSeal lets user use seal from the first day to the end (23:59:59, local
// time) of lastDay; a zero lastDay means the longest allowed grant.
func (w *Workspace) GrantSeal(ctx context.Context, s *Session, user, sealRef string, firstDay, lastDay time.Time) (store.Grant, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryGrant}
	if e := need(s, RoleAdmin); e != nil {
		return store.Grant{}, w.refuse(ctx, entry, e)
	}
	if e := w.checkRows(ctx, store.UserRow(s.User.Name), store.UserRow(user)); e != nil {
		return store.Grant{}, w.refuse(ctx, entry, e)
	}
	sl, err := w.FindSeal(ctx, sealRef)
	if err != nil {
		return store.Grant{}, err
	}
	entry.SealID = sl.ID
	if e := w.checkRows(ctx, store.SealRow(sl.ID)); e != nil {
		return store.Grant{}, w.refuse(ctx, entry, e)
	}
	u, err := w.db.User(ctx, user)
	if errors.Is(err, store.ErrNotFound) {
		return store.Grant{}, w.refuse(ctx, entry, errf("user_missing", err, user))
	}
	if err != nil {
		return store.Grant{}, err
	}
	if !u.HasRole(RoleCustodian) {
		return store.Grant{}, w.refuse(ctx, entry, errf("role", nil, user, RoleCustodian))
	}
	if firstDay.IsZero() {
		firstDay = w.Now()
	}
	y, m, d := firstDay.In(time.Local).Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	longest := from.AddDate(MaxGrantYears, 0, 0).Add(-time.Second)
	to := longest
	if !lastDay.IsZero() {
		y, m, d := lastDay.In(time.Local).Date()
		to = time.Date(y, m, d, 23, 59, 59, 0, time.Local)
	}
	if to.Before(from) || to.After(longest) {
		return store.Grant{}, w.refuse(ctx, entry, errf("grant_period", nil, day(from), day(to), MaxGrantYears))
	}
	g := store.Grant{User: user, SealID: sl.ID, From: from, To: to, GrantedBy: s.User.Name, GrantedAt: w.Now()}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		id, err := tx.AddGrant(ctx, g)
		if err != nil {
			return err
		}
		g.ID = id
		entry.Outcome = store.OutcomeOK
		entry.Detail = fmt.Sprintf("grant %d: %s may use %s from %s to %s", id, user, sl.Name, day(from), to.Format(time.DateTime))
		return w.ledger(ctx, tx, entry)
	})
	return g, err
}

// WithdrawGrant ends a grant at once.
func (w *Workspace) WithdrawGrant(ctx context.Context, s *Session, id int64) error {
	entry := store.Entry{Actor: actor(s), Kind: EntryGrantWithdraw}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if e := w.checkRows(ctx, store.UserRow(s.User.Name), store.GrantRow(id)); e != nil {
		return w.refuse(ctx, entry, e)
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.WithdrawGrant(ctx, id, s.User.Name, w.Now()); err != nil {
			return errf("grant_missing", err, id)
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, fmt.Sprintf("grant %d withdrawn", id)
		return w.ledger(ctx, tx, entry)
	})
}

// SetApprovalRule sets how many approvals a seal's use needs and, optionally,
// which approvers may give them.
func (w *Workspace) SetApprovalRule(ctx context.Context, s *Session, sealRef string, required int, approvers []string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntryRule}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if e := w.sessionRow(ctx, s); e != nil {
		return w.refuse(ctx, entry, e)
	}
	sl, err := w.FindSeal(ctx, sealRef)
	if err != nil {
		return err
	}
	entry.SealID = sl.ID
	if required < 1 || (len(approvers) > 0 && required > len(approvers)) {
		return w.refuse(ctx, entry, errf("bad_rule", nil, required, len(approvers)))
	}
	for _, a := range approvers {
		u, err := w.db.User(ctx, a)
		if err != nil || !u.HasRole(RoleApprover) {
			return w.refuse(ctx, entry, errf("role", err, a, RoleApprover))
		}
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetApprovalRule(ctx, store.ApprovalRule{SealID: sl.ID, Required: required, Approvers: approvers}); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, fmt.Sprintf("%d approvals from %s", required, orAny(approvers))
		return w.ledger(ctx, tx, entry)
	})
}

func orAny(approvers []string) string {
	if len(approvers) == 0 {
		return "any approver"
	}
	return strings.Join(approvers, ", ")
}

// checkGrant says why user may not use seal at t, or nil.
func (w *Workspace) checkGrant(ctx context.Context, user string, sl store.Seal, t time.Time) *Error {
	gs, err := w.db.Grants(ctx, user, sl.ID)
	if err != nil {
		return errf("internal", err, err)
	}
	for _, g := range gs {
		if g.ActiveAt(t) {
			return nil
		}
	}
	return errf("no_grant", nil, user, sl.Name)
}

// ruleAllows says why approver may not approve under rule, or nil.
func ruleAllows(rule store.ApprovalRule, approver string) *Error {
	if len(rule.Approvers) > 0 && !slices.Contains(rule.Approvers, approver) {
		return errf("not_designated", nil, approver, strings.Join(rule.Approvers, ", "))
	}
	return nil
}
