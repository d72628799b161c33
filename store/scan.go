package store

import (
	"context"
	"fmt"
	"strconv"
	"unsafe"
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
	// Its own connection, read in C many rows a call (rowReader): through
	// database/sql each column of each row cost three cgo calls, most of the
	// time of a check of a million entries.
	r, err := openRowReader(db.path)
	if err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	defer r.close()
	if err := r.exec("BEGIN DEFERRED"); err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	defer r.exec("ROLLBACK") //nolint:errcheck // a read transaction has nothing to undo
	var base []byte
	err = r.query("SELECT value FROM meta WHERE key = '"+metaLedgerBase+"'", func(cols [][]byte) error {
		base = append([]byte(nil), cols[0]...)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("read the archive checkpoint: %w", err)
	}
	if base != nil {
		if out.Base, err = parseLedgerBase(string(base)); err != nil {
			return out, err
		}
	}
	start(out.Base)
	// A check of the hashes alone reads only the head's hash (NOT NULL, so
	// NULL means no head).
	cols := "l.seq, l.at, l.actor, l.kind, l.outcome, l.seal_id, l.request_id, l.doc_name, l.doc_hash, l.out_hash, l.detail, l.workstation, l.ip, l.prev_hash, l.hash, h.hash, s.signature, s.cert"
	if withSignatures {
		cols += ", h.at, h.workstation, h.signature, h.cert"
	}
	var ferr error // fn's error, returned as is
	err = r.query("SELECT "+cols+" FROM ledger l LEFT JOIN ledger_heads h ON h.seq = l.seq LEFT JOIN ledger_sigs s ON s.seq = l.seq ORDER BY l.seq", func(c [][]byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, v := range c[:15] {
			if v == nil {
				return errNullColumn
			}
		}
		// One string per row; the text fields share it.
		row := joinCols(c[1:13])
		var text [12]string
		for i, v := range c[1:13] {
			text[i], row = row[:len(v)], row[len(v):]
		}
		e := &Entry{At: parseTime(text[0]), Actor: text[1], Kind: text[2], Outcome: text[3], SealID: text[4], RequestID: text[5],
			DocName: text[6], DocHash: text[7], OutHash: text[8], Detail: text[9], Workstation: text[10], IP: text[11],
			PrevHash: append([]byte(nil), c[13]...), Hash: append([]byte(nil), c[14]...)}
		var err error
		if e.Seq, err = strconv.ParseInt(string(c[0]), 10, 64); err != nil {
			return fmt.Errorf("sequence number %q", c[0])
		}
		if c[16] != nil {
			e.Signature, e.SignerCert = append([]byte(nil), c[16]...), append([]byte(nil), c[17]...)
		}
		var h *Head
		if c[15] != nil {
			h = &Head{Seq: e.Seq, Hash: append([]byte(nil), c[15]...)}
			if withSignatures {
				h.At, h.Workstation = parseTime(string(c[18])), string(c[19])
				h.Signature, h.Cert = append([]byte(nil), c[20]...), append([]byte(nil), c[21]...)
			}
		}
		if err := fn(e, h); err != nil {
			ferr = err
			return err
		}
		return nil
	})
	if ferr != nil {
		return out, ferr
	}
	if err != nil {
		return out, fmt.Errorf("read ledger: %w", err)
	}
	err = r.query("SELECT seq, hash, at, workstation, signature, cert FROM ledger_heads ORDER BY seq DESC LIMIT 1", func(c [][]byte) error {
		seq, err := strconv.ParseInt(string(c[0]), 10, 64)
		if err != nil {
			return fmt.Errorf("sequence number %q", c[0])
		}
		out.Latest = &Head{Seq: seq, Hash: append([]byte(nil), c[1]...), At: parseTime(string(c[2])), Workstation: string(c[3]),
			Signature: append([]byte(nil), c[4]...), Cert: append([]byte(nil), c[5]...)}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("read ledger heads: %w", err)
	}
	return out, nil
}

// joinCols returns the columns one after the other as one string: one
// allocation a row for its twelve text fields.
func joinCols(cs [][]byte) string {
	n := 0
	for _, c := range cs {
		n += len(c)
	}
	b := make([]byte, 0, n)
	for _, c := range cs {
		b = append(b, c...)
	}
	if n == 0 {
		return ""
	}
	return unsafe.String(&b[0], n) // b is new and never written again
}
