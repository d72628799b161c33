// Package device gives SealDesk its signing keys: PIN-protected software keys
// kept in files ("soft:" references) and keys on USB keys through PKCS#11
// (RFC 7512 "pkcs11:" URIs, module discovery, one login per signature), both
// opened from their reference by OpenKey; it also watches for USB keys being
// plugged in (usb.go, by vendor id). Whatever the key, callers get a
// crypto.Signer with its chain and the errors of this package
// (ErrPINIncorrect, ErrPINLocked, ErrNoToken), never a vendor's return code.
//
// SM2 convention: an SM2 crypto.Signer from this package is called with the
// message itself and sm2.DefaultSM2SignerOpts, computes Z with the default user
// ID 1234567812345678 and e = SM3(Z‖M) (GB/T 32918.2 §6.1), and returns DER
// SEQUENCE{r, s}, exactly as gmsm's *sm2.PrivateKey does.
package device

import (
	"errors"
	"fmt"
)

// Errors every backend maps its own codes to.
var (
	ErrPINIncorrect = errors.New("device: PIN incorrect")
	ErrPINLocked    = errors.New("device: PIN locked")
	ErrNoToken      = errors.New("device: key not present")
	ErrPINPolicy    = errors.New("device: PIN does not meet the policy")

	// ErrCounterTampered: a software key file's try counter or limit does not
	// match its authentication code: someone edited the file.
	ErrCounterTampered = errors.New("device: the key file's try counter was altered")
	// ErrCounterForeign: the counter was authenticated under another
	// workstation's secret (the file was copied, or that secret was lost).
	ErrCounterForeign = errors.New("device: the key file's try counter belongs to another workstation")
	// ErrNoCounterKey: the file's counter is authenticated, but no counter key
	// is registered for its folder, so it cannot be checked.
	ErrNoCounterKey = errors.New("device: no counter key for this key file")
)

// PINError is a wrong PIN with the number of tries the key still allows.
type PINError struct {
	TriesLeft int
}

func (e *PINError) Error() string {
	return fmt.Sprintf("device: PIN incorrect, %d tries left", e.TriesLeft)
}

// Unwrap lets errors.Is(err, ErrPINIncorrect) hold.
func (e *PINError) Unwrap() error { return ErrPINIncorrect }

// Algorithm names as shown to people and stored in the workspace.
const (
	AlgSM2       = "SM2"
	AlgECDSAP256 = "ECDSA-P256"
	AlgRSA       = "RSA"
)
