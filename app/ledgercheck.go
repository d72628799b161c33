package app

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/store"
)

// VerifyLedger checks the chain of entries and the signed heads: every head
// must name an entry that still exists with the same hash; the newest entry
// must have a head, signed by a workstation certificate from a workspace trust
// anchor; after an archive, so must the checkpoint. So an entry appended or
// edited outside SealDesk, and a tail cut off the chain, are caught, not just
// edits in the middle.
//
// One signature is enough for the whole ledger: the latest head signs the hash
// of the newest entry, and the SM3 chain, checked entry by entry, fixes every
// entry before it; each older head is compared with its entry. Rewriting any
// entry means rewriting every later one and signing a new latest head, which
// only the workstation key can. VerifyLedgerFull also checks every older
// head's signature. The ledger is streamed (constant memory) and each
// certificate chain is verified once, so the check is linear in the entries.
func (w *Workspace) VerifyLedger(ctx context.Context) (int64, error) {
	return w.verifyLedger(ctx, false)
}

// VerifyLedgerFull checks as VerifyLedger does and, in addition, the
// signature of every signed head, on all cores: the check for a ledger whose
// older heads may have been replaced, or to prove that every head on file is
// the workstation's.
func (w *Workspace) VerifyLedgerFull(ctx context.Context) (int64, error) {
	return w.verifyLedger(ctx, true)
}

func (w *Workspace) verifyLedger(ctx context.Context, full bool) (int64, error) {
	c, err := w.newLedgerCheck(full)
	if err != nil {
		return 0, err
	}
	defer c.stop()
	scan, err := w.db.ScanLedger(ctx, full, c.start, c.entry)
	if err != nil && err != c.err {
		return c.chain.N(), err
	}
	if err := c.finish(scan); err != nil {
		return c.chain.N(), err
	}
	return c.chain.N(), w.recordsHold(ctx, c)
}

// verifiedLedger reads the whole ledger once, checks it as VerifyLedger does,
// and returns its entries for callers that go on to use them (export,
// archive, the audit report). Entries after a break are still returned: the
// audit report shows a broken ledger and says so.
func (w *Workspace) verifiedLedger(ctx context.Context) ([]store.Entry, int64, error) {
	c, err := w.newLedgerCheck(false)
	if err != nil {
		return nil, 0, err
	}
	defer c.stop()
	var all []store.Entry
	scan, err := w.db.ScanLedger(ctx, false, c.start, func(e *store.Entry, h *store.Head) error {
		all = append(all, *e)
		c.entry(e, h) //nolint:errcheck // the first error is kept in c and reported by finish
		return nil
	})
	if err != nil {
		return all, c.chain.N(), err
	}
	if err := c.finish(scan); err != nil {
		return all, c.chain.N(), err
	}
	return all, c.chain.N(), w.recordsHold(ctx, c)
}

// recordsHold: once the chain holds, every trust anchor must be one it
// records, and every authenticated row as it records it (issue 12); both
// were collected on the chain's read.
func (w *Workspace) recordsHold(ctx context.Context, c *ledgerCheck) error {
	if _, err := w.rootsRecorded(ctx, c.anchors); err != nil {
		return err
	}
	return w.rowsHold(ctx, c.rows)
}

// ledgerCheck checks one read of the ledger, fed entry by entry in sequence
// order; it keeps the first error and ignores the rest.
type ledgerCheck struct {
	roots *smx509.CertPool
	chain *store.Chain
	certs certCache
	last  []byte // the hash of the newest intact entry
	// anchors holds the SM3 of every trust anchor the intact chain records
	// (recordsAnchor), so that no second read of the ledger asks for them.
	anchors map[string]bool
	// rows holds the latest record the chain has of each authenticated
	// row (store.KindRow entries, by doc_name) with its head, for the same
	// reason.
	rows map[string]rowRecord
	sigs *headSigner // nil unless every head's and entry's signature is checked
	err  error

	wsSerial     string // the serialNumber a head's certificate must carry: this workstation's
	actorsSigned bool   // from kindActorsSigned on, every act of a user carries their signature
	lastSigned   *sigJob

	// After the workstation key moved to a USB key (EntryWorkstationKey),
	// every head from that entry on is signed by the key it moved to: the
	// SM3 of its certificate, and the entry that named it.
	wsKey    string
	wsKeySeq int64
	certSM3  map[string]string
}

func (w *Workspace) newLedgerCheck(full bool) (*ledgerCheck, error) {
	// The anchor rows as they are: whether the ledger records them is asked
	// once the chain that would record them is known to hold (anchorsHold).
	roots, err := w.anchorPool(context.Background())
	if err != nil {
		return nil, err
	}
	id, _, _ := strings.Cut(w.workstation, "@")
	c := &ledgerCheck{roots: roots, certs: certCache{}, chain: store.NewChain(store.Head{}), anchors: map[string]bool{},
		rows: map[string]rowRecord{}, wsSerial: wsSerial + id}
	if full {
		c.sigs = newHeadSigner()
	}
	return c, nil
}

// start sets the checkpoint the chain starts at.
func (c *ledgerCheck) start(base store.Head) { c.chain = store.NewChain(base) }

// entry checks e, the next entry, and the head signed for it (nil when none).
func (c *ledgerCheck) entry(e *store.Entry, h *store.Head) error {
	if c.err != nil {
		return c.err
	}
	if err := c.chain.Next(e); err != nil {
		c.err = err
		return err
	}
	c.last = e.Hash
	if recordsAnchor(e) {
		c.anchors[e.DocHash] = true
	}
	if e.Kind == store.KindRow {
		c.rows[e.DocName] = newRowRecord(e, h)
	}
	if e.Kind == kindActorsSigned && e.Outcome == store.OutcomeOK {
		c.actorsSigned = true
	}
	if e.Kind == EntryWorkstationKey && e.Outcome == store.OutcomeOK {
		c.wsKey, c.wsKeySeq = e.DocHash, e.Seq
	}
	if len(e.Signature) > 0 || c.actorsSigned && signedActor(e) {
		if err := c.actor(e); err != nil {
			c.err = err
			return err
		}
	}
	if h == nil {
		return nil
	}
	if !bytes.Equal(e.Hash, h.Hash) {
		c.err = &store.ChainError{Seq: h.Seq, Reason: "the entry does not match the head the workstation signed for it"}
		return c.err
	}
	if err := c.headKey(h); err != nil {
		c.err = err
		return err
	}
	if c.sigs != nil {
		pub, err := c.certs.workstation(h.Cert, h.At, c.roots, c.wsSerial)
		if err != nil {
			c.err = &store.ChainError{Seq: h.Seq, Reason: fmt.Sprintf("the head's %v", err)}
			return c.err
		}
		c.sigs.check(sigJob{seq: h.Seq, pub: pub, msg: headStatement(*h), sig: h.Signature, what: "the head's signature does not verify"})
	}
	return nil
}

// actor checks the signature of a user's act: it must be there, made with a
// certificate of that very user from a trust anchor (never a seal's, a
// workstation's or another user's); its value is checked on all cores (full),
// or, for the newest signed entry only, at the end: its signature covers its
// hash, which chains every entry before it.
func (c *ledgerCheck) actor(e *store.Entry) error {
	if len(e.Signature) == 0 {
		return &store.ChainError{Seq: e.Seq, Reason: fmt.Sprintf("the entry records an act of %s but carries no signature of theirs (table ledger_sigs)", e.Actor)}
	}
	pub, err := c.certs.checkEntrySigner(e, c.roots)
	if err != nil {
		return &store.ChainError{Seq: e.Seq, Reason: fmt.Sprintf("the entry of %s is %v (table ledger_sigs)", e.Actor, err)}
	}
	j := sigJob{seq: e.Seq, pub: pub, msg: entryStatement(e), sig: append([]byte(nil), e.Signature...),
		what: fmt.Sprintf("the signature of %s does not match the entry: it was rewritten", e.Actor)}
	if c.sigs != nil {
		c.sigs.check(j)
	} else {
		c.lastSigned = &j
	}
	return nil
}

// finish checks what only the whole read shows: the checkpoint, the latest
// head, and (full) every head's signature. A chain error found on the way
// comes first unless a bad signature sits at an earlier entry.
func (c *ledgerCheck) finish(scan store.LedgerScan) error {
	if c.sigs != nil {
		if seq, what := c.sigs.wait(); seq > 0 && (c.err == nil || seq < chainSeq(c.err)) {
			return &store.ChainError{Seq: seq, Reason: what}
		}
	}
	if c.err != nil {
		return c.err
	}
	if j := c.lastSigned; j != nil && !sm2.VerifyASN1WithSM2(j.pub, nil, j.msg, j.sig) {
		return &store.ChainError{Seq: j.seq, Reason: j.what}
	}
	base, n := scan.Base, c.chain.N()
	// After an archive the chain starts at a checkpoint; only the workstation
	// can sign one, so rows deleted behind its back cannot be passed off as
	// archived by writing a checkpoint into the table.
	if base.Seq > 0 {
		if err := c.signed(base, baseStatement(base), "archive checkpoint"); err != nil {
			return &store.ChainError{Seq: base.Seq + 1, Reason: err.Error()}
		}
	}
	last := scan.Latest
	if last == nil {
		return nil // a workspace from before signed heads
	}
	if last.Seq > n {
		return &store.ChainError{Seq: n, Reason: fmt.Sprintf("entries after %d were removed: the workstation signed a head at entry %d", n, last.Seq)}
	}
	if last.Seq != n {
		return &store.ChainError{Seq: last.Seq + 1, Reason: "entries after the last signed head were not written by SealDesk"}
	}
	lastHash := c.last
	if lastHash == nil {
		lastHash = base.Hash // nothing after the checkpoint
	}
	if !bytes.Equal(last.Hash, lastHash) {
		return &store.ChainError{Seq: last.Seq, Reason: "the entry does not match the head the workstation signed for it"}
	}
	if err := c.signed(*last, headStatement(*last), "head"); err != nil {
		return &store.ChainError{Seq: last.Seq, Reason: err.Error()}
	}
	return c.headKey(last)
}

// headKey checks that head h, when it carries its certificate (always the
// latest; every head in a full check), is signed by the workstation key
// the ledger last moved to a USB key, if it moved: a copy of the software
// key taken before the move signs nothing after it.
func (c *ledgerCheck) headKey(h *store.Head) error {
	if c.wsKey == "" || len(h.Cert) == 0 || h.Seq < c.wsKeySeq {
		return nil
	}
	if c.certSM3 == nil {
		c.certSM3 = map[string]string{}
	}
	sum, ok := c.certSM3[string(h.Cert)]
	if !ok {
		sum = sm3Hex(h.Cert)
		c.certSM3[string(h.Cert)] = sum
	}
	if sum != c.wsKey {
		return &store.ChainError{Seq: h.Seq, Reason: fmt.Sprintf("the head is signed by a workstation key other than the one entry %d moved to a USB key", c.wsKeySeq)}
	}
	return nil
}

func (c *ledgerCheck) signed(h store.Head, msg []byte, what string) error {
	return c.certs.checkSignature(h, msg, c.roots, what, c.wsSerial)
}

// checkSignature verifies a workstation statement (a head or a checkpoint):
// the certificate of the workstation that names itself in h, from a trust
// anchor, an SM2 signature over msg.
func checkSignature(h store.Head, msg []byte, roots *smx509.CertPool, what string) error {
	id, _, _ := strings.Cut(h.Workstation, "@")
	return certCache{}.checkSignature(h, msg, roots, what, wsSerial+id)
}

func (c certCache) checkSignature(h store.Head, msg []byte, roots *smx509.CertPool, what, serial string) error {
	pub, err := c.workstation(h.Cert, h.At, roots, serial)
	if err != nil {
		return fmt.Errorf("the %s's %w", what, err)
	}
	if !sm2.VerifyASN1WithSM2(pub, nil, msg, h.Signature) {
		return fmt.Errorf("the %s's signature does not verify", what)
	}
	return nil
}

// stop ends the signature workers of a check that did not finish.
func (c *ledgerCheck) stop() {
	if c.sigs != nil {
		c.sigs.wait()
	}
}

func chainSeq(err error) int64 {
	if ce, ok := err.(*store.ChainError); ok {
		return ce.Seq
	}
	return 0
}

// certCache remembers the certificates whose chain to a trust anchor was
// verified, by their bytes: a ledger's heads carry the same workstation
// certificate a million times, and verifying its chain for each was most of
// the time of a check. A certificate is trusted at a head's time when a
// verified chain of it is valid then; otherwise it is verified afresh at that
// time (x509's time check is the only part of a chain check that depends on
// the head).
type certCache map[string]*trustedCert

type trustedCert struct {
	pub    *ecdsa.PublicKey
	chains [][]*smx509.Certificate
	serial string // the subject's serialNumber: whose certificate it is (user:NAME, workstation:ID)
}

func (c certCache) trusted(raw []byte, at time.Time, roots *smx509.CertPool) (*ecdsa.PublicKey, error) {
	if tc, ok := c[string(raw)]; ok && tc.validAt(at) {
		return tc.pub, nil
	}
	cert, err := smx509.ParseCertificate(raw)
	if err != nil {
		return nil, fmt.Errorf("certificate is unreadable: %w", err)
	}
	chains, err := cert.Verify(smx509.VerifyOptions{Roots: roots, CurrentTime: at, KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}})
	if err != nil {
		return nil, fmt.Errorf("certificate is not trusted: %w", err)
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != sm2.P256() {
		return nil, fmt.Errorf("certificate holds no SM2 key")
	}
	c[string(raw)] = &trustedCert{pub: pub, chains: chains, serial: cert.Subject.SerialNumber}
	return pub, nil
}

// workstation is trusted for a workstation statement: besides the chain, the
// certificate must be the workstation's (serial), not a seal's or a user's,
// which chain to the same roots.
func (c certCache) workstation(raw []byte, at time.Time, roots *smx509.CertPool, serial string) (*ecdsa.PublicKey, error) {
	pub, err := c.trusted(raw, at, roots)
	if err != nil {
		return nil, err
	}
	if got := c[string(raw)].serial; got != serial {
		return nil, fmt.Errorf("certificate is not the workstation's: it belongs to %q, not %q", got, serial)
	}
	return pub, nil
}

func (tc *trustedCert) validAt(at time.Time) bool {
	for _, chain := range tc.chains {
		ok := true
		for _, cert := range chain {
			if at.Before(cert.NotBefore) || at.After(cert.NotAfter) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// headSigner checks head signatures on every core while the scan goes on;
// its queue is bounded, so memory stays constant at any ledger size.
type headSigner struct {
	jobs chan sigJob
	wg   sync.WaitGroup
	once sync.Once
	mu   sync.Mutex
	bad  int64  // the lowest entry whose head or actor signature failed; 0 when none
	what string // why it failed
}

type sigJob struct {
	seq      int64
	pub      *ecdsa.PublicKey
	msg, sig []byte
	what     string // the reason given when it does not verify
}

func newHeadSigner() *headSigner {
	s := &headSigner{jobs: make(chan sigJob, 1024)}
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for j := range s.jobs {
				if !sm2.VerifyASN1WithSM2(j.pub, nil, j.msg, j.sig) {
					s.mu.Lock()
					if s.bad == 0 || j.seq < s.bad {
						s.bad, s.what = j.seq, j.what
					}
					s.mu.Unlock()
				}
			}
		}()
	}
	return s
}

func (s *headSigner) check(j sigJob) { s.jobs <- j }

// wait lets the workers drain the queue and returns the lowest entry whose
// signature failed (0: none) and why.
func (s *headSigner) wait() (int64, string) {
	s.once.Do(func() { close(s.jobs) })
	s.wg.Wait()
	return s.bad, s.what
}
