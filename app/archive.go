package app

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"

	"time"

	"sealdesk/store"
)

// operationLogKinds are the ledger entries that are operation logs (sign-in
// and sign-out, exports, settings, reports): kept at least
// Retention.OperationLogMonths. Every other kind — requests, decisions,
// stamps, copies, seal and authorisation events, and any kind not listed — is
// signing evidence, kept at least Retention.EvidenceMonths.
var operationLogKinds = map[string]bool{
	EntryLogin: true, EntryLogout: true, EntrySettings: true, EntryLedgerExport: true, EntryLedgerImport: true, EntryAuditReport: true,
}

// retained returns when an entry's retention ends.
func (r Retention) retained(e store.Entry) time.Time {
	if operationLogKinds[e.Kind] {
		return e.At.AddDate(0, r.OperationLogMonths, 0)
	}
	return e.At.AddDate(0, r.EvidenceMonths, 0)
}

// ArchiveResult says what ArchiveLedger moved out.
type ArchiveResult struct {
	Path      string    `json:"path"`
	First     int64     `json:"first"`
	Last      int64     `json:"last"`
	SM3       string    `json:"sm3"`
	HeldBack  int64     `json:"held_back,omitempty"`  // the first entry kept because its retention has not ended
	HeldUntil time.Time `json:"held_until,omitempty"` // when that entry's retention ends
}

// ArchiveLedger moves the oldest entries before `before` out of the ledger
// into a signed extract at path — the same format as ExportLedger, so
// headquarters imports and checks it like any other — but only entries whose
// retention period (Retention) has ended: the run stops at the first entry
// still within its period, so no record is removed early. The ledger then
// starts from a checkpoint the workstation signs; VerifyLedger checks it, so
// deleting rows outside SealDesk is still caught. Archiving is itself a
// ledger entry. Administrators and auditors only.
func (w *Workspace) ArchiveLedger(ctx context.Context, s *Session, before time.Time, path string) (*ArchiveResult, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryLedgerArchive}
	if s == nil || !(s.User.HasRole(RoleAuditor) || s.User.HasRole(RoleAdmin)) {
		return nil, w.refuse(ctx, entry, errf("role", nil, actor(s), RoleAuditor))
	}
	if err := CheckNewFile(path); err != nil {
		return nil, err
	}
	all, _, err := w.verifiedLedger(ctx)
	if err != nil {
		return nil, err // never archive (and so bless) a broken chain
	}
	r, err := w.Retention(ctx)
	if err != nil {
		return nil, err
	}
	now := w.Now()
	res := &ArchiveResult{Path: path}
	var run []store.Entry
	for _, e := range all {
		if !e.At.Before(before) {
			break
		}
		if until := r.retained(e); until.After(now) {
			res.HeldBack, res.HeldUntil = e.Seq, until
			break
		}
		run = append(run, e)
	}
	if len(run) == 0 {
		if res.HeldBack > 0 {
			return nil, errf("archive_retained", nil, res.HeldBack, res.HeldUntil.In(time.Local).Format(time.DateOnly))
		}
		return nil, errf("archive_nothing", nil, before.In(time.Local).Format(time.DateOnly))
	}
	// Trust anchors are trusted only while the ledger records them: those
	// whose entries leave with this run are recorded again after it (and all
	// must be recorded now, or the archive would bless an inserted one).
	if _, err := w.Roots(); err != nil {
		return nil, err
	}
	carry, err := w.anchorsRecordedUpTo(ctx, run[len(run)-1].Seq)
	if err != nil {
		return nil, err
	}
	// So are authenticated rows (issue 12): those whose latest record leaves
	// are recorded again, and verifiedLedger has just checked them all.
	carryRows, err := w.rowsRecordedUpTo(ctx, run[len(run)-1].Seq)
	if err != nil {
		return nil, err
	}
	head, sum, err := w.writeExtract(ctx, run, path)
	if err != nil {
		return nil, err
	}
	signer, _, err := w.workstationSigner()
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	base := head // the checkpoint: the last archived entry, signed as such
	if base.Signature, err = signMessage(signer, baseStatement(base), w.Rand); err != nil {
		os.Remove(path)
		return nil, errf("sign_failed", err, err)
	}
	res.First, res.Last, res.SM3 = run[0].Seq, base.Seq, hex.EncodeToString(sum)
	err = w.db.Update(ctx, func(tx store.Txn) error {
		for _, r := range carryRows { // checked while their records are still there
			if err := tx.CheckRow(ctx, r.Row); err != nil {
				return err
			}
		}
		if err := tx.ArchiveLedger(ctx, base); err != nil {
			return err
		}
		entry.Outcome, entry.DocName, entry.OutHash = store.OutcomeOK, path, res.SM3
		entry.Detail = fmt.Sprintf("entries %d–%d archived (before %s; retention: operation logs %d months, signing evidence %d months)",
			res.First, res.Last, before.Format(time.DateOnly), r.OperationLogMonths, r.EvidenceMonths)
		for _, r := range carryRows {
			if err := tx.RecordRow(ctx, w.recordRow, r.Row, actor(s), "carried over: its record was archived to "+res.SM3); err != nil {
				return err
			}
		}
		for _, a := range carry {
			e := store.Entry{Actor: actor(s), Kind: EntryTrustAdopt, Outcome: store.OutcomeOK, DocName: a.Subject, DocHash: a.SM3,
				Detail: fmt.Sprintf("trust anchor %s carried over: the entry that added it was archived to %s", a.Subject, res.SM3)}
			if err := w.ledger(ctx, tx, e); err != nil {
				return err
			}
		}
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		os.Remove(path) // the entries stay in the ledger; no archive claims otherwise
		return nil, err
	}
	return res, nil
}
