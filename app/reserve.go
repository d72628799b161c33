package app

// Reserve, sign, commit (issue 11): an approval yields exactly one stamped
// document, whatever runs at the same time and wherever the process dies.
//
//  1. Lock: an exclusive flock on locks/stamp-ID.lock, held until the end.
//     The kernel drops it when the process dies, so a later command can tell
//     an interrupted stamp from a running one.
//  2. Reserve: one transaction moves the request approved → stamping, names
//     the temporary file and writes the ledger entry EntryStampStart. Of any
//     number of processes, one reserves; the others are refused before they
//     sign a byte. The approval is spent from here on.
//  3. Sign into the temporary file (O_EXCL, in the target folder), fsync.
//  4. Commit: one transaction moves stamping → used with the output's SM3 and
//     writes "stamp ok".
//  5. Move into place with link(2) — which, unlike rename, never replaces a
//     file that appeared at the output path meanwhile — then remove the
//     temporary name and forget it in the database.
//
// Only the reserving process signs, so at most one signed output per approval
// exists on disk, its temporary name included; it reaches its final name only
// after its "stamp ok" entry is committed. Recovery (recoverStamps, at every
// Open) finishes what a dead process left: a temporary file that holds the
// complete signed document rolls forward (same bytes, no second signature),
// anything else is removed and the stamp recorded as failed.

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/pdfsign"
	"sealdesk/place"
	"sealdesk/store"
)

const locksDir = "locks"

// stampLock is an exclusive lock on one request's stamp.
type stampLock struct{ f *os.File }

// lockStamp takes the request's stamp lock without waiting; ok is false when
// another live process holds it.
func (w *Workspace) lockStamp(id string) (l *stampLock, ok bool, err error) {
	return w.lockFile("stamp-"+safeName(id), false)
}

// lockFile takes the exclusive lock locks/NAME.lock, waiting for it when
// wait is set; ok is false when it would have to wait and may not.
func (w *Workspace) lockFile(name string, wait bool) (l *stampLock, ok bool, err error) {
	dir := filepath.Join(w.Home, locksDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("create lock folder: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, name+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("open lock %s: %w", name, err)
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("lock %s: %w", name, err)
	}
	return &stampLock{f: f}, true, nil
}

func (l *stampLock) release() { l.f.Close() } // closing drops the flock

// safeName keeps ids usable as file names whatever an imported file says.
func safeName(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id)
}

// tmpPath is where a stamp writes before its output is committed: hidden, in
// the output's folder (so link(2) stays on one file system), named after the
// request so a person who finds it knows what it is.
func tmpPath(out, id string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".sealdesk-"+safeName(id)+".partial")
}

// signAndCommit runs steps 1 to 5 above for a request whose every rule has
// been checked and whose key is open.
func (w *Workspace) signAndCommit(ctx context.Context, s *Session, req store.Request, sl store.Seal, entry store.Entry,
	doc *Document, docPath, outPath string, opts pdfsign.Options,
) (*StampResult, error) {
	refuse := func(e *Error) (*StampResult, error) { return nil, w.refuse(ctx, entry, e) }
	lock, ok, err := w.lockStamp(req.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return refuse(errf("stamp_in_progress", nil, req.ID))
	}
	defer lock.release()

	out, err := filepath.Abs(outPath)
	if err != nil {
		return nil, errf("file_write", err, outPath, err)
	}
	tmp := tmpPath(out, req.ID)
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.ReserveRequest(ctx, store.Reservation{RequestID: req.ID, TmpPath: tmp, OutPath: out, PID: os.Getpid(), Started: w.Now()}); err != nil {
			return err
		}
		e := entry
		e.Kind, e.Outcome, e.Detail = EntryStampStart, store.OutcomeOK, fmt.Sprintf("pid %d; output %s", os.Getpid(), filepath.Base(out))
		if err := w.ledger(ctx, tx, e); err != nil {
			return err
		}
		// The document carries the ledger as it stands with this entry, in
		// a signed attribute: a witness that leaves the PC (witness.go).
		wt, err := w.lastWitness(ctx, tx)
		opts.Witness = wt.statement()
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		// Someone reserved between our checks and now: say what they did.
		code := "stamp_in_progress"
		if cur, rerr := w.db.Request(ctx, req.ID); rerr == nil && cur.Status == store.RequestUsed {
			code = "already_used"
		}
		return refuse(errf(code, err, req.ID))
	}
	if err != nil {
		return nil, err
	}
	crashPoint("reserved")

	failed := func(cause error) error {
		os.Remove(tmp)
		e := entry
		e.Outcome, e.Detail = store.OutcomeFailed, cause.Error()
		// The key itself refused (pulled out, PIN state changed): no signature
		// value was ever produced, so nothing that verifies can exist and the
		// approval may be used again. Any other failure spends it: part of a
		// signed file may have been seen.
		keep := deviceError(cause) != nil
		if keep {
			e.Detail += "; no signature was made, the approval stays usable"
		}
		if err := w.db.Update(ctx, func(tx store.Txn) error {
			mark := tx.MarkRequestFailed
			if keep {
				mark = tx.ReleaseRequest
			}
			if err := mark(ctx, req.ID); err != nil {
				return err
			}
			if err := w.ledger(ctx, tx, e); err != nil {
				return err
			}
			if !keep {
				return nil
			}
			// The reservation's stamp.start stays in the ledger; this entry
			// gives it back, so the row checks let the approval be used again.
			rel := entry
			rel.Kind, rel.Outcome, rel.Detail = EntryStampRelease, store.OutcomeOK, "the key made no signature; the approval stays usable"
			return w.ledger(ctx, tx, rel)
		}); err != nil {
			return fmt.Errorf("record failed stamp (%v): %w", cause, err)
		}
		if pe := pdfError(cause, docPath); pe != cause {
			return pe
		}
		if Code(cause) == codeDocChangedWhileStamping {
			return cause
		}
		return wrapDevice(cause)
	}
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, failed(errf("file_write", err, tmp, err))
	}
	fields, outHash, err := signDocument(f, doc, opts, req.Placements)
	if err == nil {
		crashPoint("writing")
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, failed(err)
	}
	crashPoint("signed")

	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.MarkRequestUsed(ctx, req.ID, w.Now(), out, outHash); err != nil {
			return err
		}
		e := entry
		e.Outcome, e.OutHash = store.OutcomeOK, outHash
		e.Detail = fmt.Sprintf("%s; %s; field %s; output %s", sl.Name, describePlacements(req.Placements, req.Rule), strings.Join(fields, ", "), filepath.Base(out))
		return w.ledger(ctx, tx, e)
	})
	if err != nil {
		// Not committed: the file must not reach its place. Remove it and
		// record the failure; if even that cannot be written, the next
		// command finds the reservation and finishes it.
		return nil, failed(errf("stamp_not_recorded", err, err))
	}
	crashPoint("committed")
	if err := w.moveIntoPlace(ctx, req.ID, tmp, out); err != nil {
		return nil, err
	}
	return &StampResult{OutPath: out, OutHash: outHash, Field: fields[0], Fields: fields}, nil
}

// moveIntoPlace gives a committed output its final name.
func (w *Workspace) moveIntoPlace(ctx context.Context, id, tmp, out string) error {
	if err := os.Link(tmp, out); err != nil {
		if !errors.Is(err, os.ErrExist) {
			return errf("file_write", err, out, err)
		}
		fo, err1 := os.Stat(out)
		ft, err2 := os.Stat(tmp)
		if err1 != nil || err2 != nil || !os.SameFile(fo, ft) {
			return errf("out_taken", err, out, tmp)
		}
		// Already linked by an interrupted run: only the old name is left to remove.
	}
	crashPoint("linked")
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return errf("file_write", err, tmp, err)
	}
	syncDir(filepath.Dir(out))
	return w.db.DoneMoving(ctx, id)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some file systems do not sync folders
		d.Close()
	}
}

// Recovered says what recovery did with one interrupted stamp.
type Recovered struct {
	RequestID string
	Outcome   string // "completed": rolled forward; "failed": removed, approval spent; "moved": put in place
	OutPath   string
}

// recoverStamps finishes the stamps that dead processes left behind. Stamps
// whose lock is still held are running and left alone.
func (w *Workspace) recoverStamps(ctx context.Context) ([]Recovered, error) {
	rs, err := w.db.Reservations(ctx)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	var done []Recovered
	for _, r := range rs {
		lock, ok, err := w.lockStamp(r.RequestID)
		if err != nil {
			return done, err
		}
		if !ok {
			continue // a live process holds it
		}
		rec, err := w.recoverOne(ctx, r)
		lock.release()
		if err != nil {
			return done, fmt.Errorf("recover stamp %s: %w", r.RequestID, err)
		}
		done = append(done, rec)
	}
	return done, nil
}

func (w *Workspace) recoverOne(ctx context.Context, r store.Reservation) (Recovered, error) {
	// Re-read under the lock: another recovering process may have finished it.
	req, err := w.db.Request(ctx, r.RequestID)
	if err != nil {
		return Recovered{}, err
	}
	rec := Recovered{RequestID: r.RequestID, OutPath: r.OutPath}
	entry := store.Entry{Actor: req.Requester, Kind: EntryStamp, SealID: req.SealID, RequestID: req.ID, DocName: req.DocName, DocHash: req.DocHash}
	switch req.Status {
	case store.RequestUsed:
		rec.Outcome = "moved"
		if _, err := os.Lstat(r.TmpPath); errors.Is(err, os.ErrNotExist) {
			return rec, w.db.DoneMoving(ctx, r.RequestID)
		}
		return rec, w.moveIntoPlace(ctx, r.RequestID, r.TmpPath, r.OutPath)
	case store.RequestStamping:
	default:
		return rec, nil
	}
	if hash, ok := completeStamp(r); ok {
		rec.Outcome = "completed"
		err := w.db.Update(ctx, func(tx store.Txn) error {
			if err := tx.MarkRequestUsed(ctx, req.ID, w.Now(), r.OutPath, hash); err != nil {
				return err
			}
			e := entry
			e.Outcome, e.OutHash = store.OutcomeOK, hash
			e.Detail = fmt.Sprintf("recovered: the signed file of an interrupted stamp (pid %d) was complete; output %s", r.PID, filepath.Base(r.OutPath))
			return w.ledger(ctx, tx, e)
		})
		if err != nil {
			return rec, err
		}
		return rec, w.moveIntoPlace(ctx, r.RequestID, r.TmpPath, r.OutPath)
	}
	rec.Outcome = "failed"
	detail := fmt.Sprintf("recovered: a stamp (pid %d) was interrupted before its signed file was complete; the partial file was removed and the approval is spent", r.PID)
	if d := ofdRollbackDetail(r.TmpPath, r.PID); d != "" {
		detail = d // stampofd.go
	}
	if err := os.Remove(r.TmpPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return rec, err
	}
	return rec, w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.MarkRequestFailed(ctx, req.ID); err != nil {
			return err
		}
		e := entry
		e.Outcome = store.OutcomeFailed
		e.Detail = detail
		return w.ledger(ctx, tx, e)
	})
}

// completeStamp says whether the temporary file of an interrupted stamp is
// the complete signed document: it starts with exactly the approved
// document's bytes, and its last signature is intact and covers the whole
// file. Anything less (a cut write, a lost page-cache flush) is not rolled
// forward.
func completeStamp(r store.Reservation) (hash string, ok bool) {
	data, err := readUserFile(r.TmpPath, 0)
	if err != nil || int64(len(data)) <= r.DocSize {
		return "", false
	}
	if DetectFormat(data) != FormatPDF {
		return "", false // an OFD is a new package, never rolled forward (stampofd.go)
	}
	prefix := sm3.Sum(data[:r.DocSize])
	if hex.EncodeToString(prefix[:]) != r.DocHash {
		return "", false
	}
	rep, err := pdfsign.Verify(bytes.NewReader(data), int64(len(data)), pdfsign.VerifyOptions{})
	if err != nil || len(rep.Signatures) == 0 {
		return "", false
	}
	last := rep.Signatures[0]
	for _, sr := range rep.Signatures {
		if sr.ByteRange[2]+sr.ByteRange[3] > last.ByteRange[2]+last.ByteRange[3] {
			last = sr
		}
	}
	if !last.Intact || !last.CoversWholeDocument || last.ByteRange[0] != 0 || last.ByteRange[1] <= r.DocSize {
		return "", false
	}
	sum := sm3.Sum(data)
	return hex.EncodeToString(sum[:]), true
}

// WorkstationID is the SM3 (hex) of this workstation's certificate: what a
// request names as the only workstation that may stamp it.
func (w *Workspace) WorkstationID() (string, error) {
	pemBytes, err := os.ReadFile(filepath.Join(w.Home, wsCertFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil // a workspace from before signed heads: requests stay unbound
	}
	if err != nil {
		return "", errf("workstation_cert", err, err)
	}
	c, err := parseCertPEM(pemBytes)
	if err != nil {
		return "", errf("workstation_cert", err, err)
	}
	sum := sm3.Sum(c)
	return hex.EncodeToString(sum[:]), nil
}

// checkWorkstation refuses a request that names another workstation.
func (w *Workspace) checkWorkstation(req store.Request) *Error {
	if req.Workstation == "" {
		return nil
	}
	mine, err := w.WorkstationID()
	if err != nil {
		return errf("workstation_cert", err, err)
	}
	if mine != req.Workstation {
		return errf("wrong_workstation", nil, req.ID, short(req.Workstation), short(mine))
	}
	return nil
}

// parseCertPEM returns the DER of the first CERTIFICATE block.
func parseCertPEM(b []byte) ([]byte, error) {
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return nil, errors.New("no certificate in PEM")
		}
		if blk.Type == "CERTIFICATE" {
			return blk.Bytes, nil
		}
	}
}

// signMarks signs the document once for a request of one spot of the whole
// seal, as every request was before lists, and once a mark otherwise
// (pdfsign.SignAll); it returns the signature fields written.
func signMarks(in io.ReadSeeker, out io.Writer, opts pdfsign.Options, marks place.List) ([]string, error) {
	if len(marks) == 0 || marks.Plain() {
		res, err := pdfsign.Sign(in, out, opts)
		if err != nil {
			return nil, err
		}
		return []string{res.FieldName}, nil
	}
	all, err := pdfsign.SignAll(in, out, opts, marks)
	if err != nil {
		return nil, err
	}
	return fieldNames(all), nil
}

// crashWriter passes writes through; the crash tests die at "midwrite", once
// half as many bytes as the original has are written.
type crashWriter struct {
	w       io.Writer
	n, at   int64
	crashed bool
}

func (c *crashWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if !c.crashed && c.n >= c.at {
		c.crashed = true
		crashPoint("midwrite")
	}
	return n, err
}
