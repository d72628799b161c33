// Package hostsecret keeps a workstation's secrets outside its workspace
// folder, in one of two holders:
//
//   - the OS keyring (Keyring): an item of the freedesktop Secret Service (GNOME
//     Keyring, KWallet) with attributes application=sealdesk and
//     workstation=<id>, encrypted at rest under the login password;
//   - a file (File): 32 random bytes readable only by the OS account (0600 in a
//     0700 folder).
//
// Whoever copies or edits the workspace folder alone gets neither, so what the
// secret authenticates (a software key's try counter, for one) cannot be
// rewritten with the workspace files in hand.
//
// One workstation's secret is never split across the holders: Find looks in
// the file first (workspaces made before the keyring was used keep their
// file), then in the keyring; Create puts a new secret in the keyring when one
// answers, else in the file. Whether a workspace expects its secret in the
// keyring is recorded by package app, so a start where the keyring cannot be
// reached is refused rather than given a new secret.
//
// The folder is $SEALDESK_SECRET_DIR when set (tests point it at their own),
// else $XDG_CONFIG_HOME/sealdesk, else ~/.config/sealdesk. The keyring is used
// unless $SEALDESK_KEYRING is "off"; setting SEALDESK_SECRET_DIR turns it off
// too unless SEALDESK_KEYRING is "on", so tests never reach the user's
// keyring. The trap: both holders are only as strong as the OS account
// boundary; an administrator of the PC, or anyone who runs code as the user
// while the session is unlocked, reads the secret (SECURITY.md).
package hostsecret

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/internal/keyring"
)

// EnvDir names the environment variable that overrides the folder.
const EnvDir = "SEALDESK_SECRET_DIR"

// EnvKeyring names the environment variable that turns the keyring "off" (or
// "on" when EnvDir is set).
const EnvKeyring = "SEALDESK_KEYRING"

// Holder names where a workstation's secret is kept.
type Holder string

const (
	File    Holder = "file"
	Keyring Holder = "keyring"
)

// Size is the length of a secret in bytes.
const Size = 32

// ErrMissing means no secret exists for the workstation.
var ErrMissing = errors.New("hostsecret: no secret for this workstation")

// ErrNoKeyring means the keyring could not be asked; the error wrapping it
// also wraps why: ErrKeyringOff or a *keyring.UnavailableError.
var ErrNoKeyring = errors.New("hostsecret: the keyring cannot be asked")

// ErrKeyringOff means the environment turned the keyring off.
var ErrKeyringOff = errors.New("hostsecret: the keyring is turned off (" + EnvKeyring + "=off, or " + EnvDir + " set without " + EnvKeyring + "=on)")

// Dir returns the folder that holds the secrets.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "sealdesk"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("hostsecret: find the home folder: %w", err)
	}
	return filepath.Join(home, ".config", "sealdesk"), nil
}

func path(id string) (string, error) {
	if id == "" || strings.Trim(id, "0123456789abcdefABCDEF-_") != "" {
		return "", fmt.Errorf("hostsecret: invalid workstation id %q", id)
	}
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "workstation-"+id+".secret"), nil
}

// Load reads the secret of workstation id from its file (the File holder
// only; Find asks both). A secret file that others can read
// or write is refused: it no longer proves anything.
func Load(id string) ([]byte, error) {
	p, err := path(id)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (%s)", ErrMissing, p)
	}
	if err != nil {
		return nil, fmt.Errorf("hostsecret: open %s: %w", p, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("hostsecret: stat %s: %w", p, err)
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("hostsecret: %s must be a regular file with mode 0600, not %v", p, fi.Mode())
	}
	b := make([]byte, Size+1)
	n, err := io.ReadFull(f, b)
	if n != Size || !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("hostsecret: %s is not a %d-byte secret", p, Size)
	}
	return b[:Size], nil
}

// LoadOrCreate returns the secret of workstation id from its file, creating
// the file when there is none (the File holder only; Create prefers the
// keyring). Two processes racing here end with one secret: the file is written
// under a temporary name and linked into place, which fails when it exists.
func LoadOrCreate(id string) (secret []byte, created bool, err error) {
	s, err := Load(id)
	if err == nil || !errors.Is(err, ErrMissing) {
		return s, false, err
	}
	p, err := path(id)
	if err != nil {
		return nil, false, err
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("hostsecret: create %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("hostsecret: protect %s: %w", dir, err)
	}
	s = make([]byte, Size)
	if _, err := io.ReadFull(rand.Reader, s); err != nil {
		return nil, false, err
	}
	tmp, err := os.CreateTemp(dir, ".secret-*")
	if err != nil {
		return nil, false, fmt.Errorf("hostsecret: create secret: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(s); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("hostsecret: write secret: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("hostsecret: flush secret: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, false, fmt.Errorf("hostsecret: close secret: %w", err)
	}
	if err := os.Link(tmp.Name(), p); errors.Is(err, fs.ErrExist) {
		s, err := Load(id)
		return s, false, err
	} else if err != nil {
		return nil, false, fmt.Errorf("hostsecret: store secret: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some file systems do not sync folders
		d.Close()
	}
	return s, true, nil
}

// Find returns the secret of workstation id and where it is: the file first,
// then the keyring. When neither holds it the error wraps ErrMissing and, if
// the keyring could not be asked, ErrNoKeyring and the reason.
func Find(ctx context.Context, id string) ([]byte, Holder, error) {
	s, err := Load(id)
	if err == nil || !errors.Is(err, ErrMissing) {
		return s, File, err
	}
	missing := err
	kr, err := openKeyring(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("%w; %w: %w", missing, ErrNoKeyring, err)
	}
	defer kr.Close()
	s, err = kr.Lookup(ctx, attributes(id))
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, "", fmt.Errorf("%w, nor in the keyring", missing)
	}
	if err != nil {
		return nil, "", fmt.Errorf("%w; %w: %w", missing, ErrNoKeyring, err)
	}
	if len(s) != Size {
		return nil, "", fmt.Errorf("hostsecret: the keyring item of workstation %s is not a %d-byte secret", id, Size)
	}
	return s, Keyring, nil
}

// Create makes a secret for workstation id, in the keyring when it can be
// used, else in the file, and returns the secret Find will return from now on
// (another process may have made one first). Call it only after Find found
// none.
func Create(ctx context.Context, id string) ([]byte, Holder, error) {
	if _, err := path(id); err != nil {
		return nil, "", err
	}
	if kr, err := openKeyring(ctx); err == nil {
		defer kr.Close()
		s := make([]byte, Size)
		if _, err := io.ReadFull(rand.Reader, s); err != nil {
			return nil, "", err
		}
		got, err := kr.Store(ctx, "SealDesk workstation "+id, attributes(id), s)
		if err == nil && len(got) == Size {
			return got, Keyring, nil
		}
		if err == nil {
			return nil, "", fmt.Errorf("hostsecret: the keyring item of workstation %s is not a %d-byte secret", id, Size)
		}
		// A keyring that cannot take the item now (locked, nobody to
		// unlock it) is not available: nothing is sealed under the secret
		// yet, so the file serves, and Find keeps finding it first.
	}
	s, _, err := LoadOrCreate(id)
	return s, File, err
}

// openKeyring opens the keyring unless the environment turns it off.
func openKeyring(ctx context.Context) (*keyring.Service, error) {
	switch v := os.Getenv(EnvKeyring); v {
	case "off":
		return nil, ErrKeyringOff
	case "on":
	case "":
		if os.Getenv(EnvDir) != "" {
			return nil, ErrKeyringOff
		}
	default:
		return nil, fmt.Errorf("hostsecret: %s=%q: want on or off", EnvKeyring, v)
	}
	return keyring.Open(ctx)
}

func attributes(id string) map[string]string {
	return map[string]string{"application": "sealdesk", "workstation": id}
}

// Derive returns a key for one purpose, HMAC-SM3(secret, label), so that one
// secret serves several uses without one use's key opening another's.
func Derive(secret []byte, label string) []byte {
	m := hmac.New(sm3.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}
