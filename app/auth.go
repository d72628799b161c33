package app

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
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

// password hashing: scrypt N=2^15, r=8, p=1, 16-byte salt; the run's output
// gives the 32-byte check and the key of the user's key (userkey.go).
const pwN, pwR, pwP = 1 << 15, 8, 1

// HashPassword returns the stored form of a password.
func HashPassword(password string, rand io.Reader) (string, error) {
	h, _, err := newPassword(password, rand)
	return h, err
}

// Sign-in throttling (issue #11 point 4). The first signInFreeTries wrong
// passwords in a row cost nothing; from then on each wrong one sets a "not
// before" time, signInFirstWait and doubling, before which every try is
// refused unchecked; at signInLockAfter the account locks until an
// administrator unlocks it (UnlockUser) or, for the last administrator, the
// recovery command (RecoverAdmin). The state lives in the users row.
const (
	signInFreeTries = 5
	signInLockAfter = 10
	signInFirstWait = 30 * time.Second
)

// signInWait is the wait after failed wrong passwords in a row.
func signInWait(failed int) time.Duration {
	if failed < signInFreeTries {
		return 0
	}
	return signInFirstWait << (failed - signInFreeTries)
}

var dummy struct {
	once sync.Once
	hash string
}

// dummyHash is a password hash to spend the KDF on (its answer is ignored), made once per process.
func dummyHash() string {
	dummy.once.Do(func() { dummy.hash, _ = HashPassword("", rand.Reader) })
	return dummy.hash
}

// Login checks a user's password. Every try is a ledger entry, accepted or
// refused. The try is counted in the users row before the password's KDF runs
// (in a write transaction, so concurrent tries from several processes are
// counted one by one), as though it failed: killing the process during the
// check refunds nothing, and the right password resets the count afterwards.
func (w *Workspace) Login(ctx context.Context, name, password string) (*Session, error) {
	// One try per user at a time, across processes: a try is counted before
	// its KDF and settled after it, so tries in flight together would count
	// as failures against a right password (six processes signing in at
	// once locked each other out); serialised, 30 parallel guesses still meet
	// the wait after the fifth.
	l, _, err := w.lockFile("signin-"+hex.EncodeToString([]byte(name)), true)
	if err != nil {
		return nil, err
	}
	defer l.release()
	entry := store.Entry{Actor: name, Kind: EntryLogin}
	now := w.Now()
	var u store.User
	var refusal *Error
	err = w.db.Update(ctx, func(tx store.Txn) error {
		var err error
		u, err = tx.User(ctx, name)
		switch {
		case errors.Is(err, store.ErrNotFound):
			refusal = errf("login", nil) // the same answer as a wrong password: names are not revealed
			return nil
		case err != nil:
			return err
		}
		// The user's row as the ledger recorded it (issue 12): a role, a
		// password hash or its KDF parameters, a lock or a disabled flag
		// changed outside SealDesk is refused before the password is tried.
		if err := tx.CheckRow(ctx, store.UserRow(name)); err != nil {
			if refusal = rowError(err); refusal != nil {
				return nil
			}
			return err
		}
		switch {
		case u.Locked:
			refusal = errf("user_locked", nil, name)
			return nil
		case now.Before(u.NotBefore):
			refusal = errf("login_wait", nil, u.NotBefore.Local().Format("2006-01-02 15:04:05"), int(u.NotBefore.Sub(now).Round(time.Second)/time.Second))
			return nil
		}
		failed := u.FailedLogins + 1
		var notBefore time.Time
		if d := signInWait(failed); d > 0 {
			notBefore = now.Add(d)
		}
		return tx.SetSignIn(ctx, name, failed, notBefore, failed >= signInLockAfter)
	})
	if err != nil {
		return nil, fmt.Errorf("record sign-in try: %w", err)
	}
	if refusal != nil {
		if Code(refusal) == "login" {
			// An unknown name costs the same KDF as a wrong password, so the
			// time taken does not tell which names exist.
			openPassword(dummyHash(), password)
		}
		return nil, w.refuse(ctx, entry, refusal)
	}
	ok, kek := openPassword(u.PasswordHash, password)
	if !ok {
		failed := u.FailedLogins + 1
		entry.Detail = fmt.Sprintf("wrong password %d of %d", failed, signInLockAfter)
		switch {
		case failed >= signInLockAfter:
			refusal = errf("login_locked_now", nil, failed)
		case failed >= signInFreeTries:
			refusal = errf("login_throttled", nil, failed, int(signInWait(failed)/time.Second))
		default:
			refusal = errf("login", nil)
		}
		return nil, w.refuse(ctx, entry, refusal)
	}
	sess := &Session{User: u}
	var upgrade *keyUpgrade
	if u.Disabled {
		refusal = errf("user_disabled", nil, name)
	} else {
		// The user's key opens with the same KDF run that checked the
		// password; the success entry below is the first one it signs.
		var err error
		sess.signer, sess.cert, upgrade, err = w.openSessionKey(&u, password, kek)
		if err != nil {
			refusal = errf("user_key_broken", err, name, err)
		}
	}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetSignIn(ctx, name, 0, time.Time{}, false); err != nil {
			return err
		}
		if upgrade != nil {
			if err := tx.SetPassword(ctx, name, upgrade.hash, upgrade.ref, u.Cert); err != nil {
				return err
			}
			sess.User.PasswordHash, sess.User.KeyRef = upgrade.hash, upgrade.ref
		}
		if refusal != nil {
			entry.Outcome, entry.Detail = store.OutcomeRefused, refusal.Code+": "+refusal.Error()
		} else {
			entry.Outcome = store.OutcomeOK
			w.setSession(name, sess)
		}
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		w.setSession(name, nil)
		if upgrade != nil {
			w.removeKeyFile(upgrade.ref)
		}
		return nil, fmt.Errorf("record sign-in: %w", err)
	}
	if upgrade != nil && upgrade.old != "" {
		w.removeKeyFile(upgrade.old) // sealed under the old scheme: no longer anyone's
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// keyUpgrade is a user's key moved to the one-KDF scheme at sign-in: the new
// password hash and key file, committed with the sign-in entry.
type keyUpgrade struct {
	hash, ref, old string
}

// openSessionKey opens u's key for a session. A key sealed under the
// password's KEK opens without another KDF. A user from before every user had
// one (no key, or an approval key sealed by its own scrypt) is moved to the
// new scheme here, once: the old key re-sealed under a new hash's KEK, or a new
// key made, whose certificate the administrator issues (CertifyUserKeys).
func (w *Workspace) openSessionKey(u *store.User, password string, kek []byte) (crypto.Signer, *smx509.Certificate, *keyUpgrade, error) {
	if kek != nil && strings.HasPrefix(u.KeyRef, userKeyPrefix) {
		signer, cert, err := w.openUserKey(*u, kek)
		return signer, cert, nil, err
	}
	var key crypto.Signer
	var cert *smx509.Certificate
	var err error
	switch {
	case strings.HasPrefix(u.KeyRef, device.SoftKeyPrefix):
		if key, cert, err = w.unlockUserKey(*u, password); err != nil {
			return nil, nil, nil, err
		}
	case u.KeyRef == "":
		if key, err = device.GenerateKey(device.AlgSM2, w.Rand); err != nil {
			return nil, nil, nil, err
		}
	default:
		return nil, nil, nil, fmt.Errorf("the key %s of %s does not belong to its password hash", u.KeyRef, u.Name)
	}
	up := &keyUpgrade{hash: u.PasswordHash, old: u.KeyRef}
	if kek == nil {
		if up.hash, kek, err = newPassword(password, w.Rand); err != nil {
			return nil, nil, nil, err
		}
	}
	if up.ref, err = w.sealUserKey(u.Name, key, kek); err != nil {
		return nil, nil, nil, err
	}
	return key, cert, up, nil
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
