package app

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
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

// useHostSecret loads the secret of workstation id from outside the workspace
// folder (package hostsecret), creating it for a new workspace or for one made
// before such secrets existed, and registers the counter key for the
// workspace's key files. Without it no software key opens: a try counter that
// cannot be checked is not trusted.
func (w *Workspace) useHostSecret(id string) error {
	secret, err := hostsecret.Load(id)
	if errors.Is(err, hostsecret.ErrMissing) {
		if w.sealedUnderHostSecret() {
			// Another PC or OS account: a new secret would open nothing and
			// only leave a useless file behind. Say what is missing.
			dir, _ := hostsecret.Dir()
			return errf(CodeHostSecretMissing, err, id, dir)
		}
		secret, _, err = hostsecret.LoadOrCreate(id)
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

// CodeHostSecretMissing: the workspace's keys are sealed under a workstation
// secret this OS account does not have.
const CodeHostSecretMissing = "host_secret_missing"

// sealedUnderHostSecret reports whether the workspace already relies on its
// workstation secret: its workstation key is sealed under it (a key file
// without the pre-issue-12 secret file beside it), or its PIN for a USB key
// is. A new workspace, and one from before host secrets, has no such key yet.
func (w *Workspace) sealedUnderHostSecret() bool {
	exists := func(rel string) bool {
		_, err := os.Lstat(filepath.Join(w.Home, rel))
		return err == nil
	}
	return exists(wsTokenFile) || exists(wsKeyFile) && !exists(wsLegacySecret)
}
