package app

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

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
	if rc.Forged != nil {
		return errf("row_record_forged", err, rc.Row.Table, rc.Row.Key, rc.Forged)
	}
	if rc.Recorded {
		return errf("row_changed", err, rc.Row.Table, rc.Row.Key)
	}
	return errf("row_unrecorded", err, rc.Row.Table, rc.Row.Key)
}

// checkRows refuses when any of rows differs from its ledger record.
func (w *Workspace) checkRows(ctx context.Context, rows ...store.RowRef) *Error {
	for _, r := range rows {
		if err := w.db.CheckRow(ctx, r); err != nil {
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
	gs, err := w.db.Grants(ctx, user, sealID)
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

// verifyRecord is the store's RecordVerifier: a row's latest record counts
// only with the head the workstation signed for it, so whoever edits a row
// and appends a matching record is refused at the next use of the row, not
// only at the next `ledger verify`, unless they also hold the workstation
// key. One SM2 verification per row used; the certificate is compared by
// its bytes with the workstation's own, and an earlier one (a key issued
// again) must chain to the anchors and name this workstation.
func (w *Workspace) verifyRecord(e *store.Entry, h *store.Head) error {
	cert, err := w.workstationCert()
	if err != nil {
		return err
	}
	if cert == nil {
		return nil // a workspace from before signed heads: its chain is all there is
	}
	if h == nil {
		return errors.New("the workstation signed no head for it")
	}
	if !bytes.Equal(h.Hash, e.Hash) {
		return errors.New("the head signed for it names another entry")
	}
	if !bytes.Equal(h.Cert, cert.Raw) {
		roots, err := w.anchorPool(context.Background())
		if err != nil {
			return err
		}
		if err := checkSignature(*h, headStatement(*h), roots, "head"); err != nil {
			return err
		}
		c, _ := smx509.ParseCertificate(h.Cert)
		if id, _, _ := strings.Cut(w.workstation, "@"); c.Subject.SerialNumber != wsSerial+id {
			return fmt.Errorf("the head is signed by %q, not by this workstation", c.Subject.SerialNumber)
		}
		return nil
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || !sm2.VerifyASN1WithSM2(pub, nil, headStatement(*h), h.Signature) {
		return errors.New("the head's signature does not verify")
	}
	return nil
}

// workstationCert reads the workstation's certificate once, without opening
// its key: checking a head needs no key derivation. Nil when the workspace
// has none (made before signed heads).
func (w *Workspace) workstationCert() (*smx509.Certificate, error) {
	w.wsMu.Lock()
	defer w.wsMu.Unlock()
	if w.wsCertRead {
		return w.wsCertOnly, w.wsCertErr
	}
	w.wsCertRead = true
	rec, err := w.readWSToken()
	switch {
	case err != nil:
		w.wsCertErr = err
	case rec != nil:
		if w.wsCertOnly, err = smx509.ParseCertificate(rec.Cert); err != nil {
			w.wsCertErr = fmt.Errorf("read the workstation certificate: %w", err)
		}
	default:
		b, err := os.ReadFile(filepath.Join(w.Home, wsCertFile))
		if errors.Is(err, os.ErrNotExist) {
			break
		}
		if err != nil {
			w.wsCertErr = err
			break
		}
		if w.wsCertOnly, err = smx509.ParseCertificatePEM(b); err != nil {
			w.wsCertErr = fmt.Errorf("read the workstation certificate: %w", err)
		}
	}
	return w.wsCertOnly, w.wsCertErr
}

// recordRow is the store's RowRecorder: a row entry is stamped and its head
// signed like any other.
func (w *Workspace) recordRow(ctx context.Context, tx store.Txn, e store.Entry) error {
	return w.ledger(ctx, tx, e)
}

// adoptRows records every authenticated row once, as found, when the
// database was just upgraded to recorded rows (the adopt event of issue 12):
// from then on only changes SealDesk records are accepted.
func (w *Workspace) adoptRows(ctx context.Context) error {
	if v, _ := w.db.Meta(ctx, metaRowsAdopt); v == "" {
		return nil
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
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

// rowRecord is a row's latest record as a ledger check read it (copied:
// the scan reuses its buffers). Its head is read again by sequence number:
// the scan reads only the heads' hashes unless asked for all signatures.
type rowRecord struct{ e store.Entry }

func newRowRecord(e *store.Entry, _ *store.Head) rowRecord {
	r := rowRecord{e: *e}
	r.e.PrevHash, r.e.Hash = bytes.Clone(e.PrevHash), bytes.Clone(e.Hash)
	return r
}

// rowsHold: once the chain holds, every row's latest record must carry the
// head the workstation signed for it (an entry appended behind SealDesk's
// back and then covered by the head of a later, honest entry would pass the
// chain check), and every authenticated row must be as that record says.
func (w *Workspace) rowsHold(ctx context.Context, recorded map[string]rowRecord) error {
	names := make([]string, 0, len(recorded))
	for n := range recorded {
		names = append(names, n)
	}
	sort.Strings(names)
	hashes := make(map[string]string, len(recorded))
	for _, n := range names {
		r := recorded[n]
		h, ok, err := w.db.HeadAt(ctx, r.e.Seq)
		if err != nil {
			return err
		}
		head := &h
		if !ok {
			head = nil
		}
		if err := w.verifyRecord(&r.e, head); err != nil {
			t, k, _ := strings.Cut(n, "/")
			return rowError(&store.RowChangedError{Row: store.RowRef{Table: t, Key: k}, Recorded: true, Forged: fmt.Errorf("entry %d: %w", r.e.Seq, err)})
		}
		hashes[n] = r.e.DocHash
	}
	if err := w.db.CheckRowsRecorded(ctx, hashes); err != nil {
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
	recs, err := w.db.RecordedRows(ctx)
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
