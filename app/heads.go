package app

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

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
func (w *Workspace) signHead(ctx context.Context, tx store.Txn, e *store.Entry) error {
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

// baseStatement is what an archive checkpoint's signature covers: unlike a
// head, it says the entries up to Seq were moved out, so a head can never be
// presented as a checkpoint.
func baseStatement(h store.Head) []byte {
	return []byte("sealdesk-ledger-archive-base-v1\nworkstation=" + h.Workstation + "\nseq=" + strconv.FormatInt(h.Seq, 10) +
		"\nhash=" + hex.EncodeToString(h.Hash) + "\nat=" + h.At.UTC().Format(time.RFC3339Nano) + "\n")
}
