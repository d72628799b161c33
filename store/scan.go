package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// LedgerScan is what ScanLedger read besides the entries, in the same
// snapshot: the checkpoint the chain starts at and the latest signed head.
type LedgerScan struct {
	Base   Head  // the archive checkpoint; zero when nothing was archived
	Latest *Head // the head with the highest sequence number; nil when none was ever signed
}

// ScanLedger streams the whole ledger in sequence order: it calls start with
// the checkpoint the chain starts at, then fn with each
// entry and the head the workstation signed for it (nil when none; without
// signatures only its Seq and Hash are read). It holds
// one row at a time, so it runs in constant memory at any ledger size; fn may
// keep what it is handed (every row gets fresh values). An error from fn stops
// the scan and is returned as is.
//
// Everything is read in one read transaction, so a stamp appending meanwhile
// is either wholly seen (entry and head) or not at all; a deferred BEGIN takes
// no write lock, so no writer waits for the scan (WAL). withSignatures also
// reads every head's signature and certificate, which only a check of every
// signature needs (the heads' hashes and the latest head always come).
func (db *DB) ScanLedger(ctx context.Context, withSignatures bool, start func(base Head), fn func(e *Entry, h *Head) error) (LedgerScan, error) {
	var out LedgerScan
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	// A read transaction has nothing to keep; the rollback must run even when
	// ctx is done, or the connection goes back to the pool mid-transaction.
	defer conn.ExecContext(context.Background(), "ROLLBACK") //nolint:errcheck // nothing to undo
	r := reader{conn}
	if out.Base, err = r.LedgerBase(ctx); err != nil {
		return out, err
	}
	start(out.Base)
	// Each column read costs cgo calls: a check of the hashes alone reads
	// only the head's hash (NOT NULL, so NULL means no head).
	cols := "l.seq, l.at, l.actor, l.kind, l.outcome, l.seal_id, l.request_id, l.doc_name, l.doc_hash, l.out_hash, l.detail, l.workstation, l.ip, l.prev_hash, l.hash, h.hash, s.signature, s.cert"
	if withSignatures {
		cols += ", h.at, h.workstation, h.signature, h.cert"
	}
	rows, err := conn.QueryContext(ctx, "SELECT "+cols+" FROM ledger l LEFT JOIN ledger_heads h ON h.seq = l.seq LEFT JOIN ledger_sigs s ON s.seq = l.seq ORDER BY l.seq")
	if err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e := new(Entry)
		h := new(Head)
		var at string
		var hAt, hWS sql.NullString
		dst := []any{&e.Seq, &at, &e.Actor, &e.Kind, &e.Outcome, &e.SealID, &e.RequestID, &e.DocName, &e.DocHash, &e.OutHash, &e.Detail, &e.Workstation, &e.IP, &e.PrevHash, &e.Hash, &h.Hash, &e.Signature, &e.SignerCert}
		if withSignatures {
			dst = append(dst, &hAt, &hWS, &h.Signature, &h.Cert)
		}
		if err := rows.Scan(dst...); err != nil {
			return out, fmt.Errorf("read ledger: %w", err)
		}
		e.At = parseTime(at)
		if h.Hash == nil {
			h = nil // no head for this entry
		} else {
			h.Seq, h.At, h.Workstation = e.Seq, parseTime(hAt.String), hWS.String
		}
		if err := fn(e, h); err != nil {
			return out, err
		}
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	rows.Close()
	var h Head
	var at string
	err = conn.QueryRowContext(ctx, "SELECT seq, hash, at, workstation, signature, cert FROM ledger_heads ORDER BY seq DESC LIMIT 1").
		Scan(&h.Seq, &h.Hash, &at, &h.Workstation, &h.Signature, &h.Cert)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return out, fmt.Errorf("read ledger heads: %w", err)
	default:
		h.At = parseTime(at)
		out.Latest = &h
	}
	return out, nil
}
