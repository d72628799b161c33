package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// RemoteEntry returns entry seq of another workstation's merged ledger.
func (r reader) RemoteEntry(ctx context.Context, workstation string, seq int64) (Entry, bool, error) {
	e, err := scanEntry(r.q.QueryRowContext(ctx, "SELECT "+remoteColumns+" FROM remote_ledger WHERE workstation = ? AND seq = ?", workstation, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("read merged ledger of %s: %w", workstation, err)
	}
	return e, true, nil
}

// RemoteLast returns the highest merged sequence number of a workstation (0 when none).
func (r reader) RemoteLast(ctx context.Context, workstation string) (int64, error) {
	var n sql.NullInt64
	if err := r.q.QueryRowContext(ctx, "SELECT max(seq) FROM remote_ledger WHERE workstation = ?", workstation).Scan(&n); err != nil {
		return 0, fmt.Errorf("read merged ledger of %s: %w", workstation, err)
	}
	return n.Int64, nil
}

// RemoteEntries lists a workstation's merged entries in sequence order.
func (r reader) RemoteEntries(ctx context.Context, workstation string) ([]Entry, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+remoteColumns+" FROM remote_ledger WHERE workstation = ? ORDER BY seq", workstation)
	if err != nil {
		return nil, fmt.Errorf("read merged ledger of %s: %w", workstation, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// the same column order as ledgerColumns, so scanEntry reads both
const remoteColumns = "seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, workstation, ip, prev_hash, hash"

// AddRemoteEntry merges one verified entry of another workstation.
func (tx *Tx) AddRemoteEntry(ctx context.Context, e Entry, importedAt time.Time) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO remote_ledger(workstation, seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, ip, prev_hash, hash, imported_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.Workstation, e.Seq, fmtTime(e.At), e.Actor, e.Kind, e.Outcome, e.SealID, e.RequestID, e.DocName, e.DocHash, e.OutHash, e.Detail, e.IP, e.PrevHash, e.Hash, fmtTime(importedAt))
	if err != nil {
		return fmt.Errorf("merge entry %d of %s: %w", e.Seq, e.Workstation, err)
	}
	return nil
}

// LastEntry returns the newest entry of this workstation's ledger.
func (r reader) LastEntry(ctx context.Context) (Entry, bool, error) {
	e, err := scanEntry(r.q.QueryRowContext(ctx, "SELECT "+ledgerColumns+" FROM ledger ORDER BY seq DESC LIMIT 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("read ledger head: %w", err)
	}
	return e, true, nil
}

// LatestSealEntryQuery is LatestSealEntry's one lookup for n kinds: a search
// of the partial index ledger_seal (migration 0041), whatever the ledger's
// size. Its arguments: the seal id, OutcomeOK, then the kinds.
func LatestSealEntryQuery(n int) string {
	return "SELECT " + ledgerColumns + " FROM ledger WHERE seal_id = ? AND seal_id != '' AND outcome = ? AND kind IN (?" +
		strings.Repeat(", ?", n-1) + ") ORDER BY seq DESC LIMIT 1"
}

// LatestSealEntry returns the newest successful entry about the seal sealID
// whose kind is one of kinds.
func (r reader) LatestSealEntry(ctx context.Context, sealID string, kinds ...string) (Entry, bool, error) {
	if len(kinds) == 0 {
		return Entry{}, false, nil
	}
	q := LatestSealEntryQuery(len(kinds))
	args := []any{sealID, OutcomeOK}
	for _, k := range kinds {
		args = append(args, k)
	}
	e, err := scanEntry(r.q.QueryRowContext(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("read ledger: %w", err)
	}
	return e, true, nil
}

// Genesis is the previous hash of a ledger's first entry.
func Genesis() []byte { return append([]byte(nil), genesis...) }

// AddRemoteHead keeps the signed head of an imported extract (the first one
// kept at a sequence number stays).
func (tx *Tx) AddRemoteHead(ctx context.Context, h Head, importedAt time.Time) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT OR IGNORE INTO remote_heads(workstation, seq, hash, at, signature, cert, imported_at) VALUES(?, ?, ?, ?, ?, ?, ?)",
		h.Workstation, h.Seq, h.Hash, fmtTime(h.At), nonNil(h.Signature), nonNil(h.Cert), fmtTime(importedAt))
	if err != nil {
		return fmt.Errorf("keep head %d of %s: %w", h.Seq, h.Workstation, err)
	}
	return nil
}

// RemoteHeads lists the kept heads of a workstation with from <= seq <= to.
func (r reader) RemoteHeads(ctx context.Context, workstation string, from, to int64) ([]Head, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT seq, hash, at, signature, cert FROM remote_heads WHERE workstation = ? AND seq BETWEEN ? AND ? ORDER BY seq", workstation, from, to)
	if err != nil {
		return nil, fmt.Errorf("read kept heads of %s: %w", workstation, err)
	}
	defer rows.Close()
	var out []Head
	for rows.Next() {
		h := Head{Workstation: workstation}
		var at string
		if err := rows.Scan(&h.Seq, &h.Hash, &at, &h.Signature, &h.Cert); err != nil {
			return nil, fmt.Errorf("read kept heads of %s: %w", workstation, err)
		}
		h.At = parseTime(at)
		out = append(out, h)
	}
	return out, rows.Err()
}
