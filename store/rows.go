package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// Authenticated rows (issue 12). The configuration SealDesk acts on — users
// and their password hashes, seals, grants, approval rules, print requests
// and the settings — lives in rows anyone with the workspace file can edit.
// Every change to such a row therefore appends a ledger entry of kind
// KindRow whose doc_name names the row ("users/admin") and whose doc_hash is
// the SM3 of the row's content after the change ("" once deleted). Before
// acting on a row, app compares its hash with the latest such entry: one
// primary-key read and one lookup in the partial index ledger_rows.
//
// A Tx marks every guarded row it writes (touch): the row must match its
// entry before the write, so a legitimate change never launders an edit made
// outside SealDesk, and Update appends the new hash before it commits. Only
// the columns listed in guarded are covered: a column added by a later
// migration is covered once it is listed here, and listing it changes every
// row's hash, so it needs a migration that re-records the rows.

// KindRow is the ledger kind of a row's recorded content.
const KindRow = "row"

// kindRowSQL is KindRow as an SQL literal: a query must spell the partial
// index's condition (kind = 'row') for SQLite to use ledger_rows, which a
// bound parameter does not.
const kindRowSQL = "'" + KindRow + "'"

// Tables whose rows are authenticated, their key column and the columns
// the hash covers. users leaves out failed_logins and not_before: the
// sign-in throttle changes at every try and is not authority; "locked" is
// covered.
var guarded = map[string]struct {
	key  string
	cols []string
}{
	"users":          {"name", []string{"name", "display_name", "roles", "password_hash", "created_at", "disabled", "key_ref", "cert", "locked"}},
	"seals":          {"id", append(strings.Split(sealColumns, ", "), "vendor_id", "origin", "picture_format", "status_reason", "revoked_at", "replaces", "replaced_by")},
	"grants":         {"id", []string{"id", "user", "seal_id", "valid_from", "valid_to", "granted_by", "granted_at", "withdrawn_at", "withdrawn_by"}},
	"approval_rules": {"seal_id", []string{"seal_id", "required", "approvers"}},
	"print_requests": {"id", strings.Split(printColumns, ", ")},
	"meta":           {"key", []string{"key", "value"}},
}

// GuardedTables lists the authenticated tables in a fixed order.
var GuardedTables = []string{"users", "seals", "grants", "approval_rules", "print_requests", "meta"}

// guardedMeta are the meta keys that are settings or identity; the others
// (markers of pending upgrades) are bookkeeping.
var guardedMeta = map[string]bool{
	"organisation": true, "workstation_id": true, "demo": true, "created": true,
	"idle_logout_seconds": true, "retention_operation_log_months": true, "retention_evidence_months": true,
	"usb_vendors": true, "max_file_mb": true, "pin_max_days": true,
}

// RowRef names one authenticated row.
type RowRef struct {
	Table string
	Key   string
}

func (r RowRef) String() string { return r.Table + "/" + r.Key }

// UserRow names a users row.
func UserRow(name string) RowRef { return RowRef{"users", name} }

// SealRow names a seals row.
func SealRow(id string) RowRef { return RowRef{"seals", id} }

// GrantRow names a grants row.
func GrantRow(id int64) RowRef { return RowRef{"grants", strconv.FormatInt(id, 10)} }

// RuleRow names the approval_rules row of a seal.
func RuleRow(sealID string) RowRef { return RowRef{"approval_rules", sealID} }

// PrintRow names a print_requests row.
func PrintRow(id string) RowRef { return RowRef{"print_requests", id} }

// SettingRow names a meta row.
func SettingRow(key string) RowRef { return RowRef{"meta", key} }

func rowRefOf(name string) RowRef {
	t, k, _ := strings.Cut(name, "/")
	return RowRef{t, k}
}

// guardedRow reports whether r is an authenticated row.
func (r RowRef) guardedRow() bool {
	_, ok := guarded[r.Table]
	return ok && (r.Table != "meta" || guardedMeta[r.Key])
}

// keyArg is the key as the query takes it; false when no row can have it.
func (r RowRef) keyArg() (any, bool) {
	if r.Table == "grants" {
		n, err := strconv.ParseInt(r.Key, 10, 64)
		return n, err == nil
	}
	return r.Key, true
}

// RowChangedError says a row differs from what the ledger recorded for it,
// or that the ledger's record of it is not one SealDesk signed.
type RowChangedError struct {
	Row      RowRef
	Recorded bool  // false: the ledger never recorded the row (inserted outside SealDesk)
	Forged   error // not nil: the record itself does not authenticate (RecordVerifier)
}

func (e *RowChangedError) Error() string {
	switch {
	case e.Forged != nil:
		return fmt.Sprintf("store: the ledger's record of %s row %s was not written by SealDesk: %v", e.Row.Table, e.Row.Key, e.Forged)
	case !e.Recorded:
		return fmt.Sprintf("store: %s row %s was never recorded in the ledger (inserted outside SealDesk)", e.Row.Table, e.Row.Key)
	}
	return fmt.Sprintf("store: %s row %s differs from the ledger (changed outside SealDesk)", e.Row.Table, e.Row.Key)
}

// RecordVerifier authenticates the ledger entry that records a row, with the
// head signed for it (nil when none was), when a row is checked: someone who
// edits a row and appends a matching record must also forge that head.
// Package app checks the workstation's signature.
type RecordVerifier func(e *Entry, h *Head) error

// SetRecordVerifier sets how row checks authenticate records.
func (db *DB) SetRecordVerifier(f RecordVerifier) { db.reader.verify = f }

// RowHash returns the hex SM3 of a guarded row's content, "" when it does not exist.
func (r reader) RowHash(ctx context.Context, ref RowRef) (string, error) {
	g, ok := guarded[ref.Table]
	if !ok {
		return "", fmt.Errorf("row hash: %s is not an authenticated table", ref.Table)
	}
	key, ok := ref.keyArg()
	if !ok {
		return "", nil // no such row can exist
	}
	vals := make([]any, len(g.cols))
	ptrs := make([]any, len(g.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := r.q.QueryRowContext(ctx, "SELECT "+strings.Join(g.cols, ", ")+" FROM "+ref.Table+" WHERE "+g.key+" = ?", key).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s row %s: %w", ref.Table, ref.Key, err)
	}
	return hashRow(ref.Table, g.cols, vals), nil
}

// hashRow is SM3 over a tagged, length-prefixed encoding of the table name
// and each column's name, storage class and value, so no two rows share an
// encoding and a value cannot move between columns.
func hashRow(table string, cols []string, vals []any) string {
	h := sm3.New()
	put := func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	put([]byte("sealdesk-row-v1"))
	put([]byte(table))
	for i, v := range vals {
		put([]byte(cols[i]))
		switch v := v.(type) {
		case nil:
			put([]byte("n"))
			put(nil)
		case int64:
			put([]byte("i"))
			put(strconv.AppendInt(nil, v, 10))
		case float64:
			put([]byte("r"))
			put(binary.BigEndian.AppendUint64(nil, math.Float64bits(v)))
		case string:
			put([]byte("t"))
			put([]byte(v))
		case []byte:
			put([]byte("b"))
			put(v)
		default:
			put([]byte("?"))
			put(fmt.Appendf(nil, "%v", v))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// RowRecordQuery is the one lookup a row check makes: the latest record of
// a row (partial index ledger_rows) with the head signed for it (primary key).
const RowRecordQuery = "SELECT l.seq, l.at, l.actor, l.kind, l.outcome, l.seal_id, l.request_id, l.doc_name, l.doc_hash, l.out_hash, l.detail, l.workstation, l.ip, l.prev_hash, l.hash," +
	" h.hash, h.at, h.workstation, h.signature, h.cert FROM ledger l LEFT JOIN ledger_heads h ON h.seq = l.seq" +
	" WHERE l.kind = " + kindRowSQL + " AND l.doc_name = ? ORDER BY l.seq DESC LIMIT 1"

// RecordedRow returns the hash the latest KindRow entry records for ref and
// whether there is one. With a RecordVerifier set, the entry's own hash must
// cover its fields and the verifier must accept it and its head, or the
// answer is a *RowChangedError with Forged set.
func (r reader) RecordedRow(ctx context.Context, ref RowRef) (hash string, ok bool, err error) {
	var e Entry
	var at string
	var h Head
	var hHash, hSig, hCert []byte
	var hAt, hWS sql.NullString
	err = r.q.QueryRowContext(ctx, RowRecordQuery, ref.String()).Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Outcome, &e.SealID, &e.RequestID,
		&e.DocName, &e.DocHash, &e.OutHash, &e.Detail, &e.Workstation, &e.IP, &e.PrevHash, &e.Hash, &hHash, &hAt, &hWS, &hSig, &hCert)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read ledger record of %s: %w", ref, err)
	}
	if r.verify != nil {
		e.At = parseTime(at)
		var head *Head
		if hHash != nil {
			h = Head{Seq: e.Seq, Hash: hHash, At: parseTime(hAt.String), Workstation: hWS.String, Signature: hSig, Cert: hCert}
			head = &h
		}
		if !bytes.Equal(e.ComputeHash(e.PrevHash), e.Hash) {
			return "", true, &RowChangedError{Row: ref, Recorded: true, Forged: fmt.Errorf("entry %d was altered after it was written", e.Seq)}
		}
		if err := r.verify(&e, head); err != nil {
			return "", true, &RowChangedError{Row: ref, Recorded: true, Forged: fmt.Errorf("entry %d: %w", e.Seq, err)}
		}
	}
	return e.DocHash, true, nil
}

// CheckRow returns a *RowChangedError when the row differs from its latest
// ledger record. A row that does not exist and was never recorded is fine.
func (r reader) CheckRow(ctx context.Context, ref RowRef) error {
	have, err := r.RowHash(ctx, ref)
	if err != nil {
		return err
	}
	rec, ok, err := r.RecordedRow(ctx, ref)
	if err != nil {
		return err
	}
	if have != rec {
		return &RowChangedError{Row: ref, Recorded: ok}
	}
	return nil
}

// GuardedRows lists every authenticated row that exists, table by table.
func (r reader) GuardedRows(ctx context.Context) ([]RowRef, error) {
	var out []RowRef
	for _, t := range GuardedTables {
		rows, err := r.q.QueryContext(ctx, "SELECT CAST("+guarded[t].key+" AS TEXT) FROM "+t+" ORDER BY "+guarded[t].key)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", t, err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("list %s: %w", t, err)
			}
			if ref := (RowRef{t, k}); ref.guardedRow() {
				out = append(out, ref)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("list %s: %w", t, err)
		}
	}
	return out, nil
}

// RecordedRows lists every row the ledger has a record of (deleted rows
// included, with hash ""), as of its latest record.
func (r reader) RecordedRows(ctx context.Context) ([]RowState, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT doc_name, doc_hash, MAX(seq) FROM ledger WHERE kind = "+kindRowSQL+" GROUP BY doc_name ORDER BY doc_name")
	if err != nil {
		return nil, fmt.Errorf("list recorded rows: %w", err)
	}
	defer rows.Close()
	var out []RowState
	for rows.Next() {
		var s RowState
		var name string
		if err := rows.Scan(&name, &s.Hash, &s.Seq); err != nil {
			return nil, fmt.Errorf("list recorded rows: %w", err)
		}
		s.Row = rowRefOf(name)
		out = append(out, s)
	}
	return out, rows.Err()
}

// RowState is a row's recorded hash and the entry that recorded it.
type RowState struct {
	Row  RowRef
	Hash string
	Seq  int64
}

// CheckAllRows compares every authenticated row, and every row the ledger
// recorded, with its latest record, and returns the first difference.
func (r reader) CheckAllRows(ctx context.Context) error {
	recs, err := r.RecordedRows(ctx)
	if err != nil {
		return err
	}
	rec := make(map[string]string, len(recs))
	for _, s := range recs {
		rec[s.Row.String()] = s.Hash
	}
	return r.CheckRowsRecorded(ctx, rec)
}

// CheckRowsRecorded is CheckAllRows with the latest record of each row
// already known (hash by "table/key", as a ledger check collects them on its
// read of the chain), so no second read of the ledger is needed.
func (r reader) CheckRowsRecorded(ctx context.Context, recorded map[string]string) error {
	names := make([]string, 0, len(recorded))
	for n := range recorded {
		names = append(names, n)
	}
	sort.Strings(names) // the first difference is the same at every run
	for _, n := range names {
		ref := rowRefOf(n)
		if _, ok := guarded[ref.Table]; !ok {
			return fmt.Errorf("ledger records a row of %q, which is not an authenticated table", ref.Table)
		}
		have, err := r.RowHash(ctx, ref)
		if err != nil {
			return err
		}
		if have != recorded[n] {
			return &RowChangedError{Row: ref, Recorded: true}
		}
	}
	all, err := r.GuardedRows(ctx)
	if err != nil {
		return err
	}
	for _, ref := range all {
		if _, ok := recorded[ref.String()]; !ok {
			return &RowChangedError{Row: ref}
		}
	}
	return nil
}

// RowRecorder appends the ledger entry that records a row's new hash; the
// default appends a plain entry, package app also signs the new head.
type RowRecorder func(ctx context.Context, tx Txn, e Entry) error

// SetRowRecorder sets how Update records changed rows.
func (db *DB) SetRowRecorder(f RowRecorder) { db.recorder = f }

// touch marks a guarded row this transaction is about to write. The row must
// match its record first: a change made through SealDesk never blesses one
// made around it.
func (tx *Tx) touch(ctx context.Context, ref RowRef) error {
	if !ref.guardedRow() {
		return nil
	}
	for _, t := range tx.touched {
		if t == ref {
			return nil
		}
	}
	if err := tx.CheckRow(ctx, ref); err != nil {
		return err
	}
	tx.touched = append(tx.touched, ref)
	return nil
}

// touchNew marks a row this transaction has just inserted under a key the
// database chose: the ledger must not already record a live row by that key
// (that row was deleted outside SealDesk).
func (tx *Tx) touchNew(ctx context.Context, ref RowRef) error {
	rec, ok, err := tx.RecordedRow(ctx, ref)
	if err != nil {
		return err
	}
	if ok && rec != "" {
		return &RowChangedError{Row: ref, Recorded: true}
	}
	tx.touched = append(tx.touched, ref)
	return nil
}

// recordTouched appends a KindRow entry for every touched row whose content
// changed, before the transaction commits.
func (tx *Tx) recordTouched(ctx context.Context) error {
	touched := tx.touched
	tx.touched = nil // the records' own appends must not record them again
	for _, ref := range touched {
		have, err := tx.RowHash(ctx, ref)
		if err != nil {
			return err
		}
		old, ok, err := tx.RecordedRow(ctx, ref)
		if err != nil {
			return err
		}
		if ok && old == have || !ok && have == "" {
			continue
		}
		e := Entry{Actor: tx.actor, Kind: KindRow, Outcome: OutcomeOK, DocName: ref.String(), DocHash: have,
			Detail: "row content recorded"}
		if e.Actor == "" {
			e.Actor = "system"
		}
		if have == "" {
			e.Detail = "row deleted"
		}
		if err := tx.recordRow(ctx, tx.recorder, e); err != nil {
			return err
		}
	}
	return nil
}

// RecordRow appends a KindRow entry for ref with its current content,
// without comparing it to an earlier record: adoption at upgrade and the
// carry-over of an archive, whose callers checked the row first.
func (tx *Tx) RecordRow(ctx context.Context, rec RowRecorder, ref RowRef, actor, detail string) error {
	have, err := tx.RowHash(ctx, ref)
	if err != nil {
		return err
	}
	return tx.recordRow(ctx, rec, Entry{Actor: actor, Kind: KindRow, Outcome: OutcomeOK, DocName: ref.String(), DocHash: have, Detail: detail})
}

func (tx *Tx) recordRow(ctx context.Context, rec RowRecorder, e Entry) error {
	if rec != nil {
		return rec(ctx, tx, e)
	}
	return tx.AppendLedger(ctx, &e)
}
