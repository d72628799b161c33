package app

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
	"sealdesk/store"
)

// The workstation's own key signs the ledger head after every append. It is an
// SM2 key that must sign unattended, so no person's PIN guards it: it is sealed
// under a secret derived from the workstation's host secret, which lives
// outside the workspace folder (package hostsecret), so the workspace files
// alone do not open it (issue 12 point 4). Workspaces made before kept that
// secret beside the key, in ca/workstation.secret; the first open after the
// upgrade re-seals the key and deletes the file (migrateWorkstationKey).
const (
	wsKeyFile       = "ca/workstation.key"
	wsLegacySecret  = "ca/workstation.secret" // read once, to migrate, then deleted
	wsCertFile      = "ca/workstation.pem"
	wsSerial        = "workstation:"
	wsKeySecretInfo = "sealdesk/workstation-key/v1"
)

// workstationKeySecret is the secret the workstation key is sealed under:
// 32 random-looking bytes derived from the host secret. Being no password, it
// seals the key with HKDF-SM3 (device.SealSoftKeyWithSecret), not scrypt:
// stretching 256 random bits buys nothing and cost every command that appends
// to the ledger a third slow derivation (issue 18).
func (w *Workspace) workstationKeySecret() ([]byte, error) {
	if w.hostSecret == nil {
		return nil, fmt.Errorf("open the workstation key: no workstation secret")
	}
	return hostsecret.Derive(w.hostSecret, wsKeySecretInfo), nil
}

// workstationKeyPIN is how SealDesk before issue 18 used that secret: as the
// PIN of a scrypt-sealed key file, in hex. Only the migration reads it.
func workstationKeyPIN(secret []byte) string { return hex.EncodeToString(secret) }

// newWorkstationKey makes the workstation key and its certificate from ca.
func (w *Workspace) newWorkstationKey(ca *issuer, org, id string, now time.Time) error {
	key, err := device.GenerateKey(device.AlgSM2, w.Rand)
	if err != nil {
		return err
	}
	cert, err := w.workstationCertFor(ca, org, id, key.Public(), now)
	if err != nil {
		return err
	}
	secret, err := w.workstationKeySecret()
	if err != nil {
		return err
	}
	if err := device.SealSoftKeyWithSecret(filepath.Join(w.Home, wsKeyFile), key, secret); err != nil {
		return err
	}
	return writePEM(filepath.Join(w.Home, wsCertFile), cert.Raw)
}

// workstationCertFor issues the workstation certificate of workstation id
// for pub: the serial number wsSerial+id is what every head check asks for.
func (w *Workspace) workstationCertFor(ca *issuer, org, id string, pub crypto.PublicKey, now time.Time) (*smx509.Certificate, error) {
	tmpl, err := certTemplate(w.Rand, org, "SealDesk workstation "+id, now, 10)
	if err != nil {
		return nil, err
	}
	tmpl.Subject.SerialNumber = wsSerial + id
	tmpl.KeyUsage = smx509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}
	der, err := smx509.CreateCertificate(w.Rand, tmpl, ca.cert, pub, ca.key)
	if err != nil {
		return nil, fmt.Errorf("issue workstation certificate: %w", err)
	}
	return smx509.ParseCertificate(der)
}

// workstationSigner opens the workstation key once per process: on its
// token when it was moved to one (wstoken.go), else the software key file. A
// workspace without one (made before signed heads) gets nil and no heads.
func (w *Workspace) workstationSigner() (crypto.Signer, *smx509.Certificate, error) {
	w.wsMu.Lock()
	defer w.wsMu.Unlock()
	if w.wsOpened && !w.wsMovedAway() {
		return w.wsSigner, w.wsCert, w.wsErr
	}
	w.wsOpened, w.wsSoft = true, false
	w.wsSigner, w.wsCert, w.wsErr = w.openWorkstationSigner()
	return w.wsSigner, w.wsCert, w.wsErr
}

func (w *Workspace) openWorkstationSigner() (crypto.Signer, *smx509.Certificate, error) {
	rec, err := w.readWSToken()
	if err != nil {
		return nil, nil, errf("wskey_token_record", err, err)
	}
	if rec != nil {
		// A move interrupted after its record was written leaves the
		// software key behind: nothing may sign with it any more.
		if err := os.Remove(filepath.Join(w.Home, wsKeyFile)); err == nil {
			syncDir(filepath.Join(w.Home, "ca"))
		}
		return w.openTokenWorkstationKey(rec)
	}
	if _, err := os.Stat(filepath.Join(w.Home, wsKeyFile)); errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err := w.migrateWorkstationKey(); err != nil {
		return nil, nil, err
	}
	secret, err := w.workstationKeySecret()
	if err != nil {
		return nil, nil, err
	}
	signer, err := w.openWorkstationKey(secret)
	if err != nil {
		return nil, nil, fmt.Errorf("open the workstation key: %w", err)
	}
	pemBytes, err := os.ReadFile(filepath.Join(w.Home, wsCertFile))
	if err != nil {
		return nil, nil, err
	}
	cert, err := smx509.ParseCertificatePEM(pemBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("read the workstation certificate: %w", err)
	}
	w.wsSoft = true
	return signer, cert, nil
}

// migrateWorkstationKey moves a workstation key sealed under the old secret
// file beside it (ca/workstation.secret) to the host secret: unlock with the
// file, re-seal, then delete the file. It runs under a lock, so processes
// opening the workspace together migrate once; one interrupted after the
// re-seal finds the key already under the host secret and only deletes the file.
func (w *Workspace) migrateWorkstationKey() error {
	path := filepath.Join(w.Home, wsLegacySecret)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	l, _, err := w.lockFile("workstation-key", true)
	if err != nil {
		return err
	}
	defer l.release()
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // another process migrated it meanwhile
	}
	if err != nil {
		return fmt.Errorf("migrate the workstation key: %w", err)
	}
	secret, err := w.workstationKeySecret()
	if err != nil {
		return err
	}
	keyPath := filepath.Join(w.Home, wsKeyFile)
	k, err := device.OpenSoftKey(keyPath)
	if err != nil {
		return err
	}
	signer, err := k.Unlock(string(bytes.TrimSpace(old)))
	if err != nil {
		// Re-sealed already by a process that died before deleting the file:
		// the host secret opens it.
		if _, err2 := w.openWorkstationKeyLocked(secret); err2 != nil {
			return fmt.Errorf("migrate the workstation key: %w", err)
		}
	} else if err := device.SealSoftKeyWithSecret(keyPath, signer, secret); err != nil {
		return fmt.Errorf("migrate the workstation key: %w", err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("migrate the workstation key: delete %s: %w", wsLegacySecret, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// openWorkstationKey opens the workstation key with its secret. A key file
// sealed before issue 18 (scrypt, the secret in hex as its PIN) is opened that
// way once and re-sealed with HKDF-SM3 under the same secret, under the
// workstation-key lock so that processes opening it together re-seal it once.
// The re-seal replaces the file atomically (write, fsync, rename): a crash
// leaves either the old file or the new one, and the same secret opens both,
// so the next open finishes the move.
func (w *Workspace) openWorkstationKey(secret []byte) (crypto.Signer, error) {
	k, err := device.OpenSoftKey(filepath.Join(w.Home, wsKeyFile))
	if err != nil {
		return nil, err
	}
	if k.KDF() == device.KDFHKDFSM3 {
		return k.UnlockWithSecret(secret)
	}
	l, _, err := w.lockFile("workstation-key", true)
	if err != nil {
		return nil, err
	}
	defer l.release()
	return w.openWorkstationKeyLocked(secret)
}

// openWorkstationKeyLocked is openWorkstationKey under the workstation-key lock.
func (w *Workspace) openWorkstationKeyLocked(secret []byte) (crypto.Signer, error) {
	path := filepath.Join(w.Home, wsKeyFile)
	k, err := device.OpenSoftKey(path) // again: another process may have re-sealed it
	if err != nil {
		return nil, err
	}
	if k.KDF() == device.KDFHKDFSM3 {
		return k.UnlockWithSecret(secret)
	}
	signer, err := k.Unlock(workstationKeyPIN(secret))
	if err != nil {
		return nil, err
	}
	crashPoint("wskey-unlocked")
	if err := device.SealSoftKeyWithSecret(path, signer, secret); err != nil {
		return nil, fmt.Errorf("re-seal the workstation key: %w", err)
	}
	crashPoint("wskey-resealed")
	return signer, nil
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
