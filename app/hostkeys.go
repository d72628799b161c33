package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
	"sealdesk/internal/keyring"
	"sealdesk/internal/safefile"
	"sealdesk/internal/userfile"
)

// counterKeyLabel derives, from the workstation secret, the key that
// authenticates the try counters of the workspace's software keys. Other uses
// of the secret take other labels.
const counterKeyLabel = "sealdesk/softkey-counter/v1"

// demoCALabel derives the secret of a demo workspace's CA keys (issue 12
// point 2): not the demo seal PIN, which the README prints, so knowing that
// PIN and holding the workspace files does not mint certificates. It is kept
// outside the folder, as the counter key is; a real workspace's CA PIN is a
// person's.
const demoCALabel = "sealdesk/demo-ca-pin/v1"

// hostSecretRecord records, in the workspace, that its workstation secret is
// in the OS keyring (issue 12 point 4): a later start on which the keyring
// cannot be reached (a locked session, no session bus) is then refused with
// the keyring named, instead of being given a new file secret that would
// leave every key sealed under the keyring's secret unopenable. A workspace
// whose secret is a file has no record (as before the keyring was used). The
// record only chooses the refusal: deleting it does not make a new secret,
// as the sealed key files refuse that too (sealedUnderHostSecret).
const hostSecretRecord = "ca/hostsecret.holder"

// useHostSecret loads the secret of workstation id from outside the workspace
// folder (package hostsecret: the OS keyring or a file), creating it for a new
// workspace or for one made before such secrets existed, and registers the
// counter key for the workspace's key files. Without it no software key
// opens: a try counter that cannot be checked is not trusted.
func (w *Workspace) useHostSecret(id string) error {
	ctx := context.Background() // every keyring call is bounded (keyring.Timeout)
	secret, _, err := hostsecret.Find(ctx, id)
	if errors.Is(err, hostsecret.ErrMissing) {
		switch {
		case w.recordedHolder() == hostsecret.Keyring:
			return errf(CodeHostSecretKeyring, err, id, keyringReason(err))
		case w.sealedUnderHostSecret():
			// Another PC or OS account: a new secret would open nothing and
			// only leave a useless file behind. Say what is missing.
			dir, _ := hostsecret.Dir()
			return errf(CodeHostSecretMissing, err, id, dir)
		}
		var holder hostsecret.Holder
		secret, holder, err = hostsecret.Create(ctx, id)
		if err == nil && holder == hostsecret.Keyring {
			err = w.recordHolder(holder)
		}
	}
	if err != nil {
		return fmt.Errorf("open the workstation secret: %w", err)
	}
	release, err := device.RegisterCounterKey(w.Home, hostsecret.Derive(secret, counterKeyLabel))
	if err != nil {
		return err
	}
	w.releaseCounterKey = release
	w.hostSecret = secret
	w.demoCAPIN = hex.EncodeToString(hostsecret.Derive(secret, demoCALabel)[:8]) // 64 bits: a PIN has at most 16 characters
	return nil
}

// recordedHolder returns the holder hostSecretRecord names, "" without one.
func (w *Workspace) recordedHolder() hostsecret.Holder {
	// Read as the workstation token record is: a FIFO or a device put in
	// its place cannot hang the start (it then counts as no record, and
	// sealedUnderHostSecret still sees it).
	b, err := userfile.ReadAll(filepath.Join(w.Home, hostSecretRecord), 64)
	if err != nil {
		return ""
	}
	return hostsecret.Holder(bytes.TrimSpace(b))
}

// recordHolder writes hostSecretRecord before anything is sealed under the
// secret.
func (w *Workspace) recordHolder(h hostsecret.Holder) error {
	p := filepath.Join(w.Home, hostSecretRecord)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("record where the workstation secret is: %w", err)
	}
	if err := safefile.WriteBytes(p, 0o600, []byte(string(h)+"\n")); err != nil {
		return fmt.Errorf("record where the workstation secret is: %w", err)
	}
	return nil
}

// keyringReason words why the keyring did not give the secret, for
// CodeHostSecretKeyring.
func keyringReason(err error) *Error {
	var ue *keyring.UnavailableError
	switch {
	case errors.Is(err, hostsecret.ErrKeyringOff):
		return errf("keyring_off", nil)
	case errors.As(err, &ue) && ue.Reason == keyring.NoBus:
		return errf("keyring_no_bus", nil)
	case errors.As(err, &ue) && ue.Reason == keyring.NoService:
		return errf("keyring_no_service", nil)
	case errors.As(err, &ue) && ue.Reason == keyring.Locked:
		return errf("keyring_locked", nil)
	case errors.Is(err, hostsecret.ErrNoKeyring):
		return errf("keyring_failed", nil, err)
	}
	return errf("keyring_no_item", nil) // the keyring answered: it has no such item
}

// sealedUnderHostSecret reports whether the workspace already relies on its
// workstation secret: its workstation key is sealed under it (a key file
// without the pre-issue-12 secret file beside it), or its PIN for a USB key
// is, or the workspace records where its secret is kept. A new workspace, and
// one from before host secrets, has none of these yet.
func (w *Workspace) sealedUnderHostSecret() bool {
	exists := func(rel string) bool {
		_, err := os.Lstat(filepath.Join(w.Home, rel))
		return err == nil
	}
	return exists(wsTokenFile) || exists(wsKeyFile) && !exists(wsLegacySecret) || exists(hostSecretRecord)
}
