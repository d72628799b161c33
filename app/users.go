package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"sealdesk/device"
	"sealdesk/store"
)

// Roles lists every role a user may hold.
var Roles = []string{RoleAdmin, RoleCustodian, RoleApprover, RolePrinter, RoleAuditor}

// MinPasswordLen is the shortest password a user may be given outside the
// demo workspace (whose published password is "demo").
const MinPasswordLen = 8

var userNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// UserInput is a new user.
type UserInput struct {
	Name        string
	DisplayName string
	Roles       []string
	Password    string
	CAPIN       string // the workspace CA's PIN: every user gets a key and a certificate from it
}

// UserInfo is what the administrator sees of a user: never the password hash.
type UserInfo struct {
	Name         string
	DisplayName  string
	Roles        []string
	Disabled     bool
	Locked       bool
	FailedLogins int
	NotBefore    time.Time // zero when no wait applies
	HasKey       bool      // holds an approval key
}

func userInfo(u store.User) UserInfo {
	return UserInfo{Name: u.Name, DisplayName: u.DisplayName, Roles: u.Roles, Disabled: u.Disabled, Locked: u.Locked,
		FailedLogins: u.FailedLogins, NotBefore: u.NotBefore, HasKey: u.KeyRef != ""}
}

// checkNewPassword applies the password policy.
func (w *Workspace) checkNewPassword(ctx context.Context, name, password string) *Error {
	if demo, _ := w.db.Meta(ctx, "demo"); demo == "true" && password != "" {
		return nil
	}
	if len([]rune(password)) < MinPasswordLen {
		return errf("password_short", nil, MinPasswordLen)
	}
	if strings.EqualFold(password, name) {
		return errf("password_is_name", nil)
	}
	return nil
}

// adminRow is the opening of an administrator's act on the users: the
// session must be an administrator's, and that user's row must be as the
// ledger recorded it (sessionRow).
func (w *Workspace) adminRow(ctx context.Context, s *Session) *Error {
	if r := need(s, RoleAdmin); r != nil {
		return r
	}
	return w.sessionRow(ctx, s)
}

// Users lists the users (administrators only).
func (w *Workspace) Users(ctx context.Context, s *Session) ([]UserInfo, error) {
	if r := need(s, RoleAdmin); r != nil {
		return nil, r
	}
	us, err := w.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]UserInfo, len(us))
	for i, u := range us {
		out[i] = userInfo(u)
	}
	return out, nil
}

// AddUser creates a user (administrators only). An approver gets an SM2
// approval key sealed under the password and a certificate from the
// workspace's CA, which needs the CA's PIN.
func (w *Workspace) AddUser(ctx context.Context, s *Session, in UserInput) error {
	entry := store.Entry{Actor: actor(s), Kind: EntryUserCreate, Detail: "user " + in.Name}
	if r := w.adminRow(ctx, s); r != nil {
		return w.refuse(ctx, entry, r)
	}
	if !userNameRE.MatchString(in.Name) {
		return w.refuse(ctx, entry, errf("user_name", nil, in.Name))
	}
	if len(in.Roles) == 0 {
		return w.refuse(ctx, entry, errf("user_no_role", nil))
	}
	for _, r := range in.Roles {
		if !knownRole(r) {
			return w.refuse(ctx, entry, errf("user_role_unknown", nil, r, strings.Join(Roles, ", ")))
		}
	}
	if r := w.checkNewPassword(ctx, in.Name, in.Password); r != nil {
		return w.refuse(ctx, entry, r)
	}
	if _, err := w.db.User(ctx, in.Name); err == nil {
		return w.refuse(ctx, entry, errf("user_exists", nil, in.Name))
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Name
	}
	now := w.Now()
	hash, kek, err := newPassword(in.Password, w.Rand)
	if err != nil {
		return err
	}
	u := store.User{Name: in.Name, DisplayName: in.DisplayName, Roles: in.Roles, PasswordHash: hash, CreatedAt: now}
	// Every user, whatever their roles, signs the ledger entries of their
	// acts (issue 12 point 3).
	if err := w.issueUserKey(ctx, &u, kek, in.CAPIN, now); err != nil {
		return w.refuseOrFail(ctx, entry, err)
	}
	entry.Outcome, entry.Detail = store.OutcomeOK, fmt.Sprintf("user %s (%s), roles %s", u.Name, u.DisplayName, strings.Join(u.Roles, " "))
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		w.removeKeyFile(u.KeyRef)
	}
	return err
}

func knownRole(r string) bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// issueUserKey gives u a new key sealed under kek (from their password) and
// its certificate from the workspace CA.
func (w *Workspace) issueUserKey(ctx context.Context, u *store.User, kek []byte, caPIN string, now time.Time) error {
	ca, _, _, err := w.loadCA(ctx, device.AlgSM2, caPIN)
	if err != nil {
		return err
	}
	return w.newUserKey(ca, w.Organisation(ctx), u, kek, now)
}

// SetUserPassword gives a user a new password (administrators only). An
// approver's approval key is sealed under their password, which the
// administrator does not know: they get a new key and certificate (the CA's
// PIN is needed); their earlier approvals keep the certificate they were
// signed with.
func (w *Workspace) SetUserPassword(ctx context.Context, s *Session, name, password, caPIN string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntryUserPassword, Detail: "user " + name}
	if r := w.adminRow(ctx, s); r != nil {
		return w.refuse(ctx, entry, r)
	}
	return w.setPassword(ctx, entry, name, password, caPIN, false)
}

func (w *Workspace) setPassword(ctx context.Context, entry store.Entry, name, password, caPIN string, recover bool) error {
	u, err := w.db.User(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return w.refuse(ctx, entry, errf("user_missing", nil, name))
	}
	if err != nil {
		return err
	}
	if r := w.checkNewPassword(ctx, name, password); r != nil {
		return w.refuse(ctx, entry, r)
	}
	hash, kek, err := newPassword(password, w.Rand)
	if err != nil {
		return err
	}
	// The old key is sealed under the old password, which the administrator
	// does not know: a new key and certificate.
	oldKey := u.KeyRef
	if err := w.issueUserKey(ctx, &u, kek, caPIN, w.Now()); err != nil {
		return w.refuseOrFail(ctx, entry, err)
	}
	entry.Outcome = store.OutcomeOK
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetPassword(ctx, name, hash, u.KeyRef, u.Cert); err != nil {
			return err
		}
		if recover {
			if err := tx.SetDisabled(ctx, name, false); err != nil {
				return err
			}
			if err := tx.SetSignIn(ctx, name, 0, time.Time{}, false); err != nil {
				return err
			}
		}
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		w.removeKeyFile(u.KeyRef)
		return err
	}
	if oldKey != "" && oldKey != u.KeyRef {
		w.removeKeyFile(oldKey) // the old password's key: no longer anyone's
	}
	return nil
}

// DisableUser disables (or, with disabled false, re-enables) a user
// (administrators only). The last administrator who can sign in cannot be
// disabled: nobody could manage the workspace after.
func (w *Workspace) DisableUser(ctx context.Context, s *Session, name string, disabled bool) error {
	kind := EntryUserDisable
	if !disabled {
		kind = EntryUserEnable
	}
	return w.changeUser(ctx, s, store.Entry{Actor: actor(s), Kind: kind, Detail: "user " + name}, name,
		func(tx store.Txn, u store.User, _ *store.Entry) (*Error, error) {
			if disabled && u.HasRole(RoleAdmin) {
				others, err := otherUsableAdmins(ctx, tx, name)
				if err != nil {
					return nil, err
				}
				if others == 0 {
					return errf("user_last_admin", nil, name), nil
				}
			}
			return nil, tx.SetDisabled(ctx, name, disabled)
		})
}

// changeUser runs an administrator's change of user name in one
// transaction and records it as entry: the administrator's own row is
// checked first, a missing user or a refusal from change is a refused entry,
// and change may complete the entry's detail.
func (w *Workspace) changeUser(ctx context.Context, s *Session, entry store.Entry, name string,
	change func(tx store.Txn, u store.User, e *store.Entry) (*Error, error)) error {
	if r := w.adminRow(ctx, s); r != nil {
		return w.refuse(ctx, entry, r)
	}
	var refusal *Error
	err := w.db.Update(ctx, func(tx store.Txn) error {
		u, err := tx.User(ctx, name)
		if errors.Is(err, store.ErrNotFound) {
			refusal = errf("user_missing", nil, name)
			return nil
		}
		if err != nil {
			return err
		}
		if refusal, err = change(tx, u, &entry); err != nil || refusal != nil {
			return err
		}
		entry.Outcome = store.OutcomeOK
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		return err
	}
	if refusal != nil {
		return w.refuse(ctx, entry, refusal)
	}
	return nil
}

// otherUsableAdmins counts the administrators other than name who can sign in.
func otherUsableAdmins(ctx context.Context, r interface {
	Users(context.Context) ([]store.User, error)
}, name string) (int, error) {
	us, err := r.Users(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range us {
		if u.Name != name && u.HasRole(RoleAdmin) && !u.Disabled && !u.Locked {
			n++
		}
	}
	return n, nil
}

// UnlockUser lifts a sign-in lock and any wait (administrators only).
func (w *Workspace) UnlockUser(ctx context.Context, s *Session, name string) error {
	return w.changeUser(ctx, s, store.Entry{Actor: actor(s), Kind: EntryUserUnlock, Detail: "user " + name}, name,
		func(tx store.Txn, u store.User, e *store.Entry) (*Error, error) {
			e.Detail = fmt.Sprintf("user %s, after %d wrong passwords", name, u.FailedLogins)
			return nil, tx.SetSignIn(ctx, name, 0, time.Time{}, false)
		})
}

// osOwner reports whether the calling OS account owns the workspace folder and
// its database: a test that the caller has OS-level access to the workspace.
// A variable so tests can see the refusal.
var osOwner = func(home string) (bool, error) {
	for _, p := range []string{home, filepath.Join(home, dbFile)} {
		fi, err := os.Stat(p)
		if err != nil {
			return false, err
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok || int(st.Uid) != os.Getuid() {
			return false, nil
		}
	}
	return true, nil
}

// RecoverAdmin gives the last administrator back: a new password, the account
// enabled and unlocked. It needs no sign-in but OS-level access: the caller's
// OS account must own the workspace folder and its database (and, to open the
// workspace at all, hold the workstation secret). It is refused while another
// administrator can sign in, who should do it instead, and it is a ledger entry
// naming the OS account.
func (w *Workspace) RecoverAdmin(ctx context.Context, name, password, caPIN string) error {
	osName := fmt.Sprintf("uid %d", os.Getuid())
	if u, err := user.Current(); err == nil {
		osName = u.Username + " (" + osName + ")"
	}
	entry := store.Entry{Actor: "os:" + osName, Kind: EntryUserRecover, Detail: "administrator " + name + ", by OS account " + osName}
	owner, err := osOwner(w.Home)
	if err != nil {
		return err
	}
	if !owner {
		return w.refuse(ctx, entry, errf("recover_not_owner", nil, w.Home))
	}
	u, err := w.db.User(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return w.refuse(ctx, entry, errf("user_missing", nil, name))
	}
	if err != nil {
		return err
	}
	if !u.HasRole(RoleAdmin) {
		return w.refuse(ctx, entry, errf("recover_not_admin", nil, name))
	}
	others, err := otherUsableAdmins(ctx, w.db, name)
	if err != nil {
		return err
	}
	if others > 0 {
		return w.refuse(ctx, entry, errf("recover_other_admin", nil))
	}
	return w.setPassword(ctx, entry, name, password, caPIN, true)
}
