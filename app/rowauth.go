package app

import (
	"context"
	"errors"
	"fmt"

	"sealdesk/store"
)

// Authenticated configuration (issue 12 point 2). Users, seals, grants,
// approval rules, print requests and settings are rows anyone with the
// workspace file can edit; store records every change SealDesk makes to one
// as a "row" ledger entry carrying the SM3 of the row's new content
// (store/rows.go), signed into the ledger's head like any entry. Before a
// sign-in, request, approval, stamp, print or grant, the rows it acts on are
// compared with their latest record — one primary-key read and one indexed
// ledger lookup per row — and a difference is refused naming the table and
// the row. `ledger verify` compares them all.
//
// What this does not stop: someone who edits a row and also rewrites its
// ledger record, re-chains the ledger and re-signs its head. The chain check
// (ledger verify) catches the rewrite unless the head is re-signed, which
// needs the workstation key; see SECURITY.md.

const metaRowsAdopt = "rows_adopt_pending"

// rowError turns store's row mismatch into a refusal naming table and row.
func rowError(err error) *Error {
	var rc *store.RowChangedError
	if !errors.As(err, &rc) {
		return nil
	}
	if rc.Recorded {
		return errf("row_changed", err, rc.Row.Table, rc.Row.Key)
	}
	return errf("row_unrecorded", err, rc.Row.Table, rc.Row.Key)
}

// checkRows refuses when any of rows differs from its ledger record.
func (w *Workspace) checkRows(ctx context.Context, rows ...store.RowRef) *Error {
	for _, r := range rows {
		if err := w.DB.CheckRow(ctx, r); err != nil {
			if e := rowError(err); e != nil {
				return e
			}
			return errf("internal", err, err)
		}
	}
	return nil
}

// checkUseRows checks what allows user to use seal: the user, the seal, its
// approval rule and the user's grants of it.
func (w *Workspace) checkUseRows(ctx context.Context, user, sealID string) *Error {
	rows := []store.RowRef{store.UserRow(user), store.SealRow(sealID), store.RuleRow(sealID)}
	gs, err := w.DB.Grants(ctx, user, sealID)
	if err != nil {
		return errf("internal", err, err)
	}
	for _, g := range gs {
		rows = append(rows, store.GrantRow(g.ID))
	}
	return w.checkRows(ctx, rows...)
}

// sessionRow checks the signed-in user's own row: a role or lock changed
// outside SealDesk since sign-in is refused at the next act.
func (w *Workspace) sessionRow(ctx context.Context, s *Session) *Error {
	if s == nil {
		return nil
	}
	return w.checkRows(ctx, store.UserRow(s.User.Name))
}

// recordRow is the store's RowRecorder: a row entry is stamped and its head
// signed like any other.
func (w *Workspace) recordRow(ctx context.Context, tx *store.Tx, e store.Entry) error {
	return w.ledger(ctx, tx, e)
}

// adoptRows records every authenticated row once, as found, when the
// database was just upgraded to recorded rows (the adopt event of issue 12):
// from then on only changes SealDesk records are accepted.
func (w *Workspace) adoptRows(ctx context.Context) error {
	if v, _ := w.DB.Meta(ctx, metaRowsAdopt); v == "" {
		return nil
	}
	return w.DB.Update(ctx, func(tx *store.Tx) error {
		rows, err := tx.GuardedRows(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := tx.RecordRow(ctx, w.recordRow, r, "system", "adopt: recorded as found at the upgrade to authenticated rows"); err != nil {
				return err
			}
		}
		return tx.DeleteMeta(ctx, metaRowsAdopt)
	})
}

// rowsHold: once the chain holds, every authenticated row must be as the
// chain's latest record of it (recorded: hash by "table/key").
func (w *Workspace) rowsHold(ctx context.Context, recorded map[string]string) error {
	if err := w.DB.CheckRowsRecorded(ctx, recorded); err != nil {
		if e := rowError(err); e != nil {
			return e
		}
		return fmt.Errorf("check rows against the ledger: %w", err)
	}
	return nil
}

// rowsRecordedUpTo lists the rows whose latest record is at or before seq:
// an archive that moves those entries out records them again (carry-over);
// each must match its record first.
func (w *Workspace) rowsRecordedUpTo(ctx context.Context, seq int64) ([]store.RowState, error) {
	recs, err := w.DB.RecordedRows(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.RowState
	for _, r := range recs {
		if r.Seq <= seq && r.Hash != "" {
			out = append(out, r)
		}
	}
	return out, nil
}
