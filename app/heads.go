package app

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/safefile"
	"sealdesk/store"
)

// The workstation's own key signs the ledger head after every append. It is an
// SM2 key sealed under a random secret kept beside it (readable only by the
// workstation's account): it must sign unattended, so no person's PIN guards it.
const (
	wsKeyFile    = "ca/workstation.key"
	wsSecretFile = "ca/workstation.secret"
	wsCertFile   = "ca/workstation.pem"
	wsSerial     = "workstation:"
)

// newWorkstationKey makes the workstation key and its certificate from ca.
func (w *Workspace) newWorkstationKey(ca *issuer, org, id string, now time.Time) error {
	key, err := device.GenerateKey(device.AlgSM2, w.Rand)
	if err != nil {
		return err
	}
	tmpl, err := certTemplate(w.Rand, org, "SealDesk workstation "+id, now, 10)
	if err != nil {
		return err
	}
	tmpl.Subject.SerialNumber = wsSerial + id
	tmpl.KeyUsage = smx509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}
	der, err := smx509.CreateCertificate(w.Rand, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return fmt.Errorf("issue workstation certificate: %w", err)
	}
	secret := make([]byte, 32)
	if _, err := io.ReadFull(rand.Reader, secret); err != nil {
		return err
	}
	if err := safefile.WriteBytes(filepath.Join(w.Home, wsSecretFile), 0o600, []byte(hex.EncodeToString(secret))); err != nil {
		return err
	}
	if err := device.SealSoftKey(filepath.Join(w.Home, wsKeyFile), key, hex.EncodeToString(secret)); err != nil {
		return err
	}
	return writePEM(filepath.Join(w.Home, wsCertFile), der)
}

// workstationSigner opens the workstation key once per process. A workspace
// without one (made before signed heads existed) gets nil and no heads.
func (w *Workspace) workstationSigner() (crypto.Signer, *smx509.Certificate, error) {
	w.wsOnce.Do(func() {
		secret, err := os.ReadFile(filepath.Join(w.Home, wsSecretFile))
		if errors.Is(err, os.ErrNotExist) {
			return
		}
		if err != nil {
			w.wsErr = err
			return
		}
		k, err := device.OpenSoftKey(filepath.Join(w.Home, wsKeyFile))
		if err != nil {
			w.wsErr = err
			return
		}
		signer, err := k.Unlock(string(bytes.TrimSpace(secret)))
		if err != nil {
			w.wsErr = fmt.Errorf("open the workstation key: %w", err)
			return
		}
		pemBytes, err := os.ReadFile(filepath.Join(w.Home, wsCertFile))
		if err != nil {
			w.wsErr = err
			return
		}
		cert, err := smx509.ParseCertificatePEM(pemBytes)
		if err != nil {
			w.wsErr = fmt.Errorf("read the workstation certificate: %w", err)
			return
		}
		w.wsSigner, w.wsCert = signer, cert
	})
	return w.wsSigner, w.wsCert, w.wsErr
}

// headStatement is what a head signature covers.
func headStatement(h store.Head) []byte {
	return []byte("sealdesk-ledger-head-v1\nworkstation=" + h.Workstation + "\nseq=" + strconv.FormatInt(h.Seq, 10) +
		"\nhash=" + hex.EncodeToString(h.Hash) + "\nat=" + h.At.UTC().Format(time.RFC3339Nano) + "\n")
}

// signHead signs the head after entry e, in the transaction that appended it.
func (w *Workspace) signHead(ctx context.Context, tx *store.Tx, e *store.Entry) error {
	signer, cert, err := w.workstationSigner()
	if err != nil {
		return err
	}
	if signer == nil {
		return nil
	}
	h := store.Head{Seq: e.Seq, Hash: e.Hash, At: e.At, Workstation: w.workstation, Cert: cert.Raw}
	if h.Signature, err = signMessage(signer, headStatement(h), w.Rand); err != nil {
		return fmt.Errorf("sign ledger head: %w", err)
	}
	return tx.AddHead(ctx, h)
}

// VerifyLedger checks the chain of entries and every signed head: each must be
// signed by a workstation certificate from a workspace trust anchor and name an
// entry that still exists with the same hash; and the newest entry must have a
// signed head. So an entry appended or edited outside SealDesk, and a tail cut
// off the chain, are caught, not just edits in the middle.
func (w *Workspace) VerifyLedger(ctx context.Context) (int64, error) {
	_, n, err := w.verifiedLedger(ctx)
	return n, err
}

// verifiedLedger reads the whole ledger once, checks it as VerifyLedger does,
// and returns its entries for callers that go on to use them (export,
// archive).
func (w *Workspace) verifiedLedger(ctx context.Context) ([]store.Entry, int64, error) {
	base, err := w.DB.LedgerBase(ctx)
	if err != nil {
		return nil, 0, err
	}
	entries, err := w.DB.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		return nil, 0, err
	}
	n, err := store.VerifyEntries(base, entries)
	if err != nil {
		return entries, n, err
	}
	if err := w.verifyHeads(ctx, base, entries, n); err != nil {
		return entries, n, err
	}
	// The chain holds; now every trust anchor must be one it records.
	if _, err := w.Roots(); err != nil {
		return entries, n, err
	}
	return entries, n, nil
}

// verifyHeads checks the archive checkpoint and the signed heads against the
// intact entries (the last of which is number n).
func (w *Workspace) verifyHeads(ctx context.Context, base store.Head, entries []store.Entry, n int64) error {
	heads, err := w.DB.Heads(ctx)
	if err != nil {
		return err
	}
	// The anchor rows as they are: whether the ledger records them is checked
	// once the chain that would record them is known to hold.
	roots, err := w.anchorPool(ctx)
	if err != nil {
		return err
	}
	// After an archive the chain starts at a checkpoint; only the workstation
	// can sign one, so rows deleted behind its back cannot be passed off as
	// archived by writing a checkpoint into the table.
	if base.Seq > 0 {
		if err := checkSignature(base, baseStatement(base), roots, "archive checkpoint"); err != nil {
			return &store.ChainError{Seq: base.Seq + 1, Reason: err.Error()}
		}
	}
	if len(heads) == 0 {
		return nil // a workspace from before signed heads
	}
	for _, h := range heads {
		if h.Seq > n {
			return &store.ChainError{Seq: n, Reason: fmt.Sprintf("entries after %d were removed: the workstation signed a head at entry %d", n, h.Seq)}
		}
		i := h.Seq - base.Seq - 1 // entries[0] is the entry after the checkpoint
		if i < 0 {
			continue // the head of an archived entry
		}
		if !bytes.Equal(entries[i].Hash, h.Hash) {
			return &store.ChainError{Seq: h.Seq, Reason: "the entry does not match the head the workstation signed for it"}
		}
		if err := checkSignature(h, headStatement(h), roots, "head"); err != nil {
			return &store.ChainError{Seq: h.Seq, Reason: err.Error()}
		}
	}
	if last := heads[len(heads)-1]; last.Seq != n {
		return &store.ChainError{Seq: last.Seq + 1, Reason: "entries after the last signed head were not written by SealDesk"}
	}
	return nil
}

// baseStatement is what an archive checkpoint's signature covers: unlike a
// head, it says the entries up to Seq were moved out, so a head can never be
// presented as a checkpoint.
func baseStatement(h store.Head) []byte {
	return []byte("sealdesk-ledger-archive-base-v1\nworkstation=" + h.Workstation + "\nseq=" + strconv.FormatInt(h.Seq, 10) +
		"\nhash=" + hex.EncodeToString(h.Hash) + "\nat=" + h.At.UTC().Format(time.RFC3339Nano) + "\n")
}

// checkSignature verifies a workstation statement (a head or a checkpoint):
// a workstation certificate from a trust anchor, an SM2 signature over msg.
func checkSignature(h store.Head, msg []byte, roots *smx509.CertPool, what string) error {
	cert, err := smx509.ParseCertificate(h.Cert)
	if err != nil {
		return fmt.Errorf("the %s's certificate is unreadable: %w", what, err)
	}
	if _, err := cert.Verify(smx509.VerifyOptions{Roots: roots, CurrentTime: h.At, KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}}); err != nil {
		return fmt.Errorf("the %s's certificate is not trusted: %w", what, err)
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != sm2.P256() || !sm2.VerifyASN1WithSM2(pub, nil, msg, h.Signature) {
		return fmt.Errorf("the %s's signature does not verify", what)
	}
	return nil
}
