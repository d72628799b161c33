package app

import (
	"fmt"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
)

// counterKeyLabel derives, from the workstation secret, the key that
// authenticates the try counters of the workspace's software keys. Other uses
// of the secret take other labels.
const counterKeyLabel = "sealdesk/softkey-counter/v1"

// useHostSecret loads the secret of workstation id from outside the workspace
// folder (package hostsecret), creating it for a new workspace or for one made
// before such secrets existed, and registers the counter key for the
// workspace's key files. Without it no software key opens: a try counter that
// cannot be checked is not trusted.
func (w *Workspace) useHostSecret(id string) error {
	secret, _, err := hostsecret.LoadOrCreate(id)
	if err != nil {
		return fmt.Errorf("open the workstation secret: %w", err)
	}
	release, err := device.RegisterCounterKey(w.Home, hostsecret.Derive(secret, counterKeyLabel))
	if err != nil {
		return err
	}
	w.releaseCounterKey = release
	w.hostSecret = secret
	return nil
}
