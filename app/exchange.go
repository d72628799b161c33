package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/internal/safefile"
	"sealdesk/store"
)

// A ledger extract carries a run of a workstation's ledger to headquarters as
// a file: the entries in order with their chain hashes, the hash before the
// first, and a head signed by the workstation at export time. Because every
// entry's hash covers the one before it, the signature over the last hash
// authenticates the whole run.
const extractFormat = "sealdesk-ledger-extract-v1"

// LedgerExtract is the JSON form of an extract.
type LedgerExtract struct {
	Format       string        `json:"format"`
	Organisation string        `json:"organisation"`
	Workstation  string        `json:"workstation"`
	ExportedAt   time.Time     `json:"exported_at"`
	PrevHash     []byte        `json:"prev_hash"`
	Entries      []store.Entry `json:"entries"`
	Head         store.Head    `json:"head"`
}

// ExportOptions selects the run to export: from the first entry at or after
// Since, or from sequence number FromSeq (the larger wins); zero exports all.
type ExportOptions struct {
	Since   time.Time
	FromSeq int64
}

// ExportLedger writes a signed, chained extract of this workstation's ledger
// to path and returns the number of entries. The head is signed afresh at
// export, and the export itself is then recorded in the ledger.
func (w *Workspace) ExportLedger(ctx context.Context, s *Session, o ExportOptions, path string) (int, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryLedgerExport}
	if s == nil || !(s.User.HasRole(RoleAuditor) || s.User.HasRole(RoleAdmin)) {
		return 0, w.refuse(ctx, entry, errf("role", nil, actor(s), RoleAuditor))
	}
	if err := CheckNewFile(path); err != nil {
		return 0, err
	}
	all, _, err := w.verifiedLedger(ctx)
	if err != nil {
		return 0, err
	}
	var run []store.Entry
	for _, e := range all {
		if e.Seq >= o.FromSeq && !e.At.Before(o.Since) {
			run = append(run, e)
		}
	}
	if len(run) == 0 {
		return 0, errf("bad_argument", nil, "nothing to export")
	}
	head, _, err := w.writeExtract(ctx, run, path)
	if err != nil {
		return 0, err
	}
	last := run[len(run)-1]
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.AddHead(ctx, head); err != nil {
			return err
		}
		entry.Outcome = store.OutcomeOK
		entry.Detail = fmt.Sprintf("entries %d–%d → %s", run[0].Seq, last.Seq, path)
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		os.Remove(path)
		return 0, err
	}
	return len(run), nil
}

// writeExtract writes run as a signed extract to path (never over a file)
// and returns the head it signed and the file's SM3.
func (w *Workspace) writeExtract(ctx context.Context, run []store.Entry, path string) (store.Head, []byte, error) {
	signer, cert, err := w.workstationSigner()
	if err != nil || signer == nil {
		return store.Head{}, nil, errf("sign_failed", err, fmt.Errorf("the workstation has no signing key: %v", err))
	}
	last := run[len(run)-1]
	head := store.Head{Seq: last.Seq, Hash: last.Hash, At: w.Now().UTC(), Workstation: w.workstation, Cert: cert.Raw}
	if head.Signature, err = signMessage(signer, headStatement(head), w.Rand); err != nil {
		return head, nil, errf("sign_failed", err, err)
	}
	x := LedgerExtract{Format: extractFormat, Organisation: w.Organisation(ctx), Workstation: w.workstation,
		ExportedAt: head.At, PrevHash: run[0].PrevHash, Entries: run, Head: head}
	sum := sm3.New()
	err = safefile.Write(path, 0o644, func(out io.Writer) error {
		enc := json.NewEncoder(io.MultiWriter(out, sum))
		enc.SetIndent("", " ")
		return enc.Encode(&x)
	})
	if err != nil {
		return head, nil, err
	}
	return head, sum.Sum(nil), nil
}

// ImportReport says what merging an extract found.
type ImportReport struct {
	Workstation string  `json:"workstation"`
	New         int     `json:"new"`
	Duplicates  int     `json:"duplicates"`
	Gap         []int64 `json:"gap,omitempty"`          // [first, last] missing sequence numbers before the extract
	Forks       []int64 `json:"forks,omitempty"`        // entries that differ from what was merged before
	NotChaining []int64 `json:"not_chaining,omitempty"` // entries whose previous hash differs from the merged entry before them
}

// Clean reports whether the extract merged without anything to report.
func (r *ImportReport) Clean() bool {
	return len(r.Gap) == 0 && len(r.Forks) == 0 && len(r.NotChaining) == 0
}

// ImportLedger checks a workstation's extract (chain, signed head, trusted
// workstation certificate) and merges its entries at headquarters, reporting
// gaps, forks and entries that do not chain onto what was merged before. A
// broken or untrusted extract is refused whole.
func (w *Workspace) ImportLedger(ctx context.Context, s *Session, path string) (*ImportReport, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryLedgerImport}
	if s == nil || !(s.User.HasRole(RoleAuditor) || s.User.HasRole(RoleAdmin)) {
		return nil, w.refuse(ctx, entry, errf("role", nil, actor(s), RoleAuditor))
	}
	data, err := readUserFile(path, w.MaxFileSize(ctx))
	if err != nil {
		return nil, err
	}
	var x LedgerExtract
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil || x.Format != extractFormat || len(x.Entries) == 0 {
		return nil, errf("extract_broken", err, path, errf("x_not_extract", nil))
	}
	if x.Workstation == w.workstation {
		return nil, errf("extract_broken", nil, path, errf("x_own", nil))
	}
	if err := w.checkExtract(&x); err != nil {
		return nil, w.refuse(ctx, entry, errf("extract_broken", err, path, err))
	}
	rep := &ImportReport{Workstation: x.Workstation}
	var refusal *Error
	err = w.db.Update(ctx, func(tx store.Txn) error {
		// Heads kept from earlier extracts are witnesses: an extract holding
		// another hash at one of them rewrites what left the workstation
		// before, and is refused whole (issue 12 point 5).
		first := x.Entries[0].Seq
		kept, err := tx.RemoteHeads(ctx, x.Workstation, first, x.Head.Seq)
		if err != nil {
			return err
		}
		for _, h := range kept {
			if !bytes.Equal(x.Entries[h.Seq-first].Hash, h.Hash) {
				refusal = errf("extract_rewrites", nil, h.Seq, x.Workstation)
				return nil
			}
		}
		if err := tx.AddRemoteHead(ctx, x.Head, w.Now()); err != nil {
			return err
		}
		last, err := tx.RemoteLast(ctx, x.Workstation)
		if err != nil {
			return err
		}
		if first := x.Entries[0].Seq; first > last+1 {
			rep.Gap = []int64{last + 1, first - 1}
		}
		for _, e := range x.Entries {
			old, ok, err := tx.RemoteEntry(ctx, x.Workstation, e.Seq)
			if err != nil {
				return err
			}
			if ok {
				if bytes.Equal(old.Hash, e.Hash) {
					rep.Duplicates++
				} else {
					rep.Forks = append(rep.Forks, e.Seq)
				}
				continue
			}
			if e.Seq > 1 {
				prev, ok, err := tx.RemoteEntry(ctx, x.Workstation, e.Seq-1)
				if err != nil {
					return err
				}
				if ok && !bytes.Equal(prev.Hash, e.PrevHash) {
					rep.NotChaining = append(rep.NotChaining, e.Seq)
					continue
				}
			}
			if err := tx.AddRemoteEntry(ctx, e, w.Now()); err != nil {
				return err
			}
			rep.New++
		}
		entry.Outcome = store.OutcomeOK
		if !rep.Clean() {
			entry.Outcome = store.OutcomeFailed
		}
		b, _ := json.Marshal(rep)
		entry.Detail = string(b)
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, w.refuse(ctx, entry, refusal)
	}
	return rep, nil
}

// checkExtract verifies the run's chain and its signed head.
func (w *Workspace) checkExtract(x *LedgerExtract) error {
	prev := x.PrevHash
	for i, e := range x.Entries {
		switch {
		case e.Workstation != x.Workstation:
			return errf("x_foreign_entry", nil, e.Seq, e.Workstation)
		case i > 0 && e.Seq != x.Entries[i-1].Seq+1:
			return errf("x_gap", nil, x.Entries[i-1].Seq, e.Seq)
		case !bytes.Equal(e.PrevHash, prev):
			return errf("x_unchained", nil, e.Seq)
		case !bytes.Equal(e.ComputeHash(prev), e.Hash):
			return errf("x_altered", nil, e.Seq)
		}
		prev = e.Hash
	}
	last := x.Entries[len(x.Entries)-1]
	h := x.Head
	if h.Seq != last.Seq || !bytes.Equal(h.Hash, last.Hash) || h.Workstation != x.Workstation {
		return errf("x_head", nil)
	}
	roots, err := w.Roots()
	if err != nil {
		return err
	}
	if err := checkSignature(h, headStatement(h), roots, "head"); err != nil {
		return err
	}
	// Each user's act in the run is signed by that user (issue 12 point 3):
	// a signature made with any other certificate (a seal's, another
	// user's, the workstation's) is refused, as is a missing one once the
	// run has reached the entry from which every act must be signed.
	certs, actorsSigned := certCache{}, false
	for i := range x.Entries {
		e := &x.Entries[i]
		if e.Kind == kindActorsSigned && e.Outcome == store.OutcomeOK {
			actorsSigned = true
		}
		if len(e.Signature) == 0 {
			if actorsSigned && signedActor(e) {
				return errf("x_unsigned_act", nil, e.Seq, e.Actor)
			}
			continue
		}
		pub, err := certs.checkEntrySigner(e, roots)
		if err != nil {
			return errf("x_entry_signer", err, e.Seq, e.Actor, certText(err.Error()))
		}
		if !verifyEntrySig(pub, e) {
			return errf("x_entry_sig", nil, e.Actor, e.Seq)
		}
	}
	cert, _ := smx509.ParseCertificate(h.Cert)
	wsID, _, _ := strings.Cut(x.Workstation, "@")
	if cert.Subject.SerialNumber != wsSerial+wsID {
		return errf("x_head_signer", nil, cert.Subject.SerialNumber, wsID)
	}
	// The organisation the file names is not signed: the certificate that
	// signed the head is, and says whose workstation it is.
	if len(cert.Subject.Organization) != 1 || cert.Subject.Organization[0] != x.Organisation {
		return errf("x_org", nil, x.Organisation, strings.Join(cert.Subject.Organization, ", "))
	}
	return nil
}
