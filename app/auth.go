package app

import (
	"context"
	"crypto"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/scrypt"

	"sealdesk/store"
)

// Roles a user may hold.
const (
	RoleAdmin     = "admin"
	RoleCustodian = "custodian"
	RoleApprover  = "approver"
	RolePrinter   = "printer"
	RoleAuditor   = "auditor"
)

// Session is a signed-in user. An approver's session holds their approval key,
// opened with their password at sign-in.
type Session struct {
	User store.User

	signer crypto.Signer
	cert   *smx509.Certificate
}

// password hashing: scrypt N=2^15, r=8, p=1, 16-byte salt, 32-byte hash.
const pwN, pwR, pwP = 1 << 15, 8, 1

// HashPassword returns the stored form of a password.
func HashPassword(password string, rand io.Reader) (string, error) {
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return "", err
	}
	h, err := scrypt.Key([]byte(password), salt, pwN, pwR, pwP, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("scrypt$%d$%d$%d$%s$%s", pwN, pwR, pwP, enc.EncodeToString(salt), enc.EncodeToString(h)), nil
}

func checkPassword(stored, password string) bool {
	var n, r, p int
	parts := strings.Split(stored, "$")
	if len(parts) != 6 || parts[0] != "scrypt" {
		return false
	}
	if _, err := fmt.Sscanf(parts[1]+" "+parts[2]+" "+parts[3], "%d %d %d", &n, &r, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := scrypt.Key([]byte(password), salt, n, r, p, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// Login checks a user's password. A failed sign-in is a ledger entry too.
func (w *Workspace) Login(ctx context.Context, name, password string) (*Session, error) {
	u, err := w.DB.User(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if err != nil || !checkPassword(u.PasswordHash, password) {
		return nil, w.refuse(ctx, store.Entry{Actor: name, Kind: "login"}, errf("login", nil))
	}
	if u.Disabled {
		return nil, w.refuse(ctx, store.Entry{Actor: name, Kind: "login"}, errf("user_disabled", nil, name))
	}
	sess := &Session{User: u}
	if u.KeyRef != "" {
		signer, cert, err := w.unlockUserKey(u, password)
		if err != nil {
			return nil, fmt.Errorf("open the approval key of %s: %w", name, err)
		}
		sess.signer, sess.cert = signer, cert
	}
	return sess, nil
}

// need returns a refusal when the session lacks role.
func need(s *Session, role string) *Error {
	if s == nil || !s.User.HasRole(role) {
		name := ""
		if s != nil {
			name = s.User.Name
		}
		return errf("role", nil, name, role)
	}
	return nil
}
