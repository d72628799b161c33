package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// Outcomes of a ledger entry.
const (
	OutcomeOK      = "ok"
	OutcomeRefused = "refused"
	OutcomeFailed  = "failed"
)

// Entry is one line of the ledger: who did what, when, where, to which seal and document, and how it ended.
type Entry struct {
	Seq         int64
	At          time.Time
	Actor       string
	Kind        string // request, approve, reject, stamp, seal.create, ...
	Outcome     string
	SealID      string
	RequestID   string
	DocName     string
	DocHash     string
	OutHash     string
	Detail      string // free text or JSON: the reason of a refusal, a comment
	Workstation string // "<workstation id>@<host name>"
	IP          string // the workstation's address when the entry was made; "" when unknown
	PrevHash    []byte
	Hash        []byte

	// The acting user's signature over the entry (AddEntrySig) and its
	// certificate; nil for entries SealDesk wrote on its own. Not part of the
	// hash: the signature covers the hash. Filled by ScanLedger.
	Signature  []byte
	SignerCert []byte
}

// genesis is the previous hash of the first entry.
var genesis = make([]byte, sm3.Size)

// canonical(e) is the byte string an entry's hash covers: every field that carries
// meaning, each length-prefixed so no two entries share an encoding. Entries
// with an IP address use the v2 form, which adds it; entries without one
// (all those written before addresses were recorded) keep the v1 form, so
// existing chains still verify. The version tag is hashed, so an address
// cannot be dropped or added without breaking the entry's hash.
//
// appendCanonical appends canonical(e) to b; ComputeHash builds it in a
// buffer on the stack, which a ledger check runs a million times.
func (e *Entry) appendCanonical(b []byte) []byte {
	put := func(s string) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	if e.IP == "" {
		put("sealdesk-ledger-v1")
	} else {
		put("sealdesk-ledger-v2")
	}
	var num [20]byte
	put(string(strconv.AppendInt(num[:0], e.Seq, 10)))
	put(fmtTime(e.At))
	for _, s := range [...]string{e.Actor, e.Kind, e.Outcome, e.SealID, e.RequestID, e.DocName, e.DocHash, e.OutHash, e.Detail, e.Workstation} {
		put(s)
	}
	if e.IP != "" {
		put(e.IP)
	}
	return b
}

// ComputeHash returns SM3(prev ‖ canonical(e)).
func (e *Entry) ComputeHash(prev []byte) []byte {
	var buf [512]byte
	h := sm3.New()
	h.Write(prev)
	h.Write(e.appendCanonical(buf[:0]))
	return h.Sum(nil)
}

// AppendLedger adds e after the last entry, filling Seq, PrevHash and Hash.
// It must run in the transaction that makes the change it records.
func (tx *Tx) AppendLedger(ctx context.Context, e *Entry) error {
	var lastSeq int64
	prev := genesis
	err := tx.tx.QueryRowContext(ctx, "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").Scan(&lastSeq, &prev)
	if errors.Is(err, sql.ErrNoRows) {
		// Everything was archived: the chain goes on from the checkpoint.
		base, berr := tx.LedgerBase(ctx)
		if berr != nil {
			return berr
		}
		if base.Seq > 0 {
			lastSeq, prev, err = base.Seq, base.Hash, nil
		}
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read ledger head: %w", err)
	}
	e.Seq = lastSeq + 1
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.PrevHash = prev
	e.Hash = e.ComputeHash(prev)
	_, err = tx.tx.ExecContext(ctx, "INSERT INTO ledger(seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, workstation, ip, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.Seq, fmtTime(e.At), e.Actor, e.Kind, e.Outcome, e.SealID, e.RequestID, e.DocName, e.DocHash, e.OutHash, e.Detail, e.Workstation, e.IP, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("append ledger entry: %w", err)
	}
	return nil
}

// AddEntrySig stores the acting user's signature of entry seq.
func (tx *Tx) AddEntrySig(ctx context.Context, seq int64, sig, cert []byte) error {
	if _, err := tx.tx.ExecContext(ctx, "INSERT INTO ledger_sigs(seq, signature, cert) VALUES(?, ?, ?)", seq, sig, cert); err != nil {
		return fmt.Errorf("store the signature of ledger entry %d: %w", seq, err)
	}
	return nil
}

// LedgerFilter selects entries; zero fields match everything.
type LedgerFilter struct {
	From, To  time.Time
	Actor     string
	Kind      string
	SealID    string
	RequestID string
	DocHash   string
	AnyHash   string // a document's hash before or after stamping (doc_hash or out_hash)
	Outcome   string
	Limit     int
}

const ledgerColumns = "seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, workstation, ip, prev_hash, hash"

func scanEntry(row interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var at string
	err := row.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Outcome, &e.SealID, &e.RequestID, &e.DocName, &e.DocHash, &e.OutHash, &e.Detail, &e.Workstation, &e.IP, &e.PrevHash, &e.Hash)
	e.At = parseTime(at)
	return e, err
}

// Ledger returns the entries matching f in chain order.
func (r reader) Ledger(ctx context.Context, f LedgerFilter) ([]Entry, error) {
	q := "SELECT " + ledgerColumns + " FROM ledger WHERE 1=1"
	var args []any
	if !f.From.IsZero() {
		q += " AND at >= ?"
		args = append(args, fmtTime(f.From))
	}
	if !f.To.IsZero() {
		q += " AND at < ?"
		args = append(args, fmtTime(f.To))
	}
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"kind", f.Kind}, {"seal_id", f.SealID}, {"request_id", f.RequestID}, {"doc_hash", f.DocHash}, {"outcome", f.Outcome}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	if f.AnyHash != "" {
		q += " AND (doc_hash = ? OR out_hash = ?)"
		args = append(args, f.AnyHash, f.AnyHash)
	}
	q += " ORDER BY seq"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("read ledger: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ChainError names the first ledger entry that breaks the chain.
type ChainError struct {
	Seq    int64  // the first entry found broken (for a deletion: the entry after the gap)
	Reason string // "hash mismatch", "previous hash mismatch", "sequence gap"
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("store: ledger broken at entry %d: %s", e.Seq, e.Reason)
}

// Chain checks entries one by one, in sequence order, against the entry
// before: from the genesis, or after an archive from the checkpoint (base).
// It catches an edited entry (its hash no longer matches), a deleted entry (a
// gap, and the next entry's previous hash no longer matches) and reordered
// entries. It holds only the previous hash, so a walk over any number of
// entries runs in constant memory.
type Chain struct {
	prev []byte
	n    int64
}

// NewChain starts a chain walk at base (a zero Head: at the genesis).
func NewChain(base Head) *Chain {
	// The chain owns its buffer (never the shared genesis), so Next can
	// overwrite it in place.
	if base.Seq > 0 {
		return &Chain{prev: append([]byte(nil), base.Hash...), n: base.Seq}
	}
	return &Chain{prev: append([]byte(nil), genesis...)}
}

// N is the sequence number of the last intact entry.
func (c *Chain) N() int64 { return c.n }

// Next checks e, the entry after the last intact one, and returns a
// *ChainError when it breaks the chain.
func (c *Chain) Next(e *Entry) error {
	switch {
	case e.Seq != c.n+1:
		return &ChainError{Seq: e.Seq, Reason: fmt.Sprintf("sequence gap: expected entry %d", c.n+1)}
	case !bytes.Equal(e.PrevHash, c.prev):
		return &ChainError{Seq: e.Seq, Reason: "previous hash mismatch"}
	case !bytes.Equal(e.ComputeHash(c.prev), e.Hash):
		return &ChainError{Seq: e.Seq, Reason: "hash mismatch: the entry was altered"}
	}
	// A copy: a streaming caller may reuse e's buffers for the next row.
	c.prev = append(c.prev[:0], e.Hash...)
	c.n++
	return nil
}

// VerifyEntries checks entries already read (the whole ledger, in sequence
// order) as VerifyLedger does, for callers that need the entries too.
func VerifyEntries(base Head, es []Entry) (int64, error) {
	c := NewChain(base)
	for i := range es {
		if err := c.Next(&es[i]); err != nil {
			return c.n, err
		}
	}
	return c.n, nil
}

// VerifyLedger walks the whole chain in sequence order, without holding it
// in memory, and returns the sequence number of its last intact entry (the
// number of entries ever written), or a *ChainError naming the first broken
// one. After an archive the chain starts at the checkpoint (LedgerBase)
// instead of the genesis; whether the checkpoint itself is genuine is the
// app's check of its signature.
func (r reader) VerifyLedger(ctx context.Context) (int64, error) {
	base, err := r.LedgerBase(ctx)
	if err != nil {
		return 0, err
	}
	rows, err := r.q.QueryContext(ctx, "SELECT "+ledgerColumns+" FROM ledger ORDER BY seq")
	if err != nil {
		return 0, fmt.Errorf("read ledger: %w", err)
	}
	defer rows.Close()
	c := NewChain(base)
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return c.n, fmt.Errorf("read ledger: %w", err)
		}
		if err := c.Next(&e); err != nil {
			return c.n, err
		}
	}
	return c.n, rows.Err()
}

// HasLedgerKind reports whether the ledger holds an entry of kind with
// outcome ok.
func (r reader) HasLedgerKind(ctx context.Context, kind string) (bool, error) {
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM ledger WHERE kind = ? AND outcome = ?", kind, OutcomeOK).Scan(&n); err != nil {
		return false, fmt.Errorf("read ledger: %w", err)
	}
	return n > 0, nil
}

// EntryHash returns the hash of entry seq; ok is false when the ledger holds
// no such entry (never written, cut off, or archived).
func (r reader) EntryHash(ctx context.Context, seq int64) (hash []byte, ok bool, err error) {
	err = r.q.QueryRowContext(ctx, "SELECT hash FROM ledger WHERE seq = ?", seq).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read ledger entry %d: %w", seq, err)
	}
	return hash, true, nil
}
