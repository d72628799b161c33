// Package hostsecret keeps a workstation's secrets outside its workspace folder:
// one random 32-byte file per workstation, readable only by the OS account
// (0600 in a 0700 folder). Whoever copies or edits the workspace folder alone
// does not get it, so what it authenticates (a software key's try counter, for
// one) cannot be rewritten with the workspace files in hand.
//
// The folder is $SEALDESK_SECRET_DIR when set (tests point it at their own),
// else $XDG_CONFIG_HOME/sealdesk, else ~/.config/sealdesk. The trap: it is only
// as strong as the OS account boundary; an administrator of the PC, or anyone
// who runs code as the user, reads it (SECURITY notes in the README).
package hostsecret

import (
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
)

// EnvDir names the environment variable that overrides the folder.
const EnvDir = "SEALDESK_SECRET_DIR"

// Size is the length of a secret in bytes.
const Size = 32

// ErrMissing means no secret exists for the workstation.
var ErrMissing = errors.New("hostsecret: no secret for this workstation")

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

// Load reads the secret of workstation id. A secret file that others can read
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

// LoadOrCreate returns the secret of workstation id, creating it when there is
// none. Two processes racing here end with one secret: the file is written
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

// Derive returns a key for one purpose, HMAC-SM3(secret, label), so that one
// secret serves several uses without one use's key opening another's.
func Derive(secret []byte, label string) []byte {
	m := hmac.New(sm3.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}
