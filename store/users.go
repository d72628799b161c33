package store

import (
	"context"
	"fmt"
	"time"
)

// update changes one user row and fails when there is no such user.
func (tx *Tx) updateUser(ctx context.Context, name, what, query string, args ...any) error {
	res, err := tx.tx.ExecContext(ctx, query, append(args, name)...)
	if err != nil {
		return fmt.Errorf("%s of %s: %w", what, name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s of %s: %w", what, name, ErrNotFound)
	}
	return nil
}

// SetSignIn records a user's sign-in throttling state.
func (tx *Tx) SetSignIn(ctx context.Context, name string, failed int, notBefore time.Time, locked bool) error {
	return tx.updateUser(ctx, name, "record sign-in state",
		"UPDATE users SET failed_logins = ?, not_before = ?, locked = ? WHERE name = ?", failed, fmtTime(notBefore), boolInt(locked))
}

// SetPassword replaces a user's password hash and, when keyRef is not empty,
// their approval key and certificate (sealed under the new password).
func (tx *Tx) SetPassword(ctx context.Context, name, hash, keyRef string, cert []byte) error {
	if keyRef == "" {
		return tx.updateUser(ctx, name, "set password", "UPDATE users SET password_hash = ? WHERE name = ?", hash)
	}
	return tx.updateUser(ctx, name, "set password", "UPDATE users SET password_hash = ?, key_ref = ?, cert = ? WHERE name = ?", hash, keyRef, nonNil(cert))
}

// SetDisabled disables or re-enables a user.
func (tx *Tx) SetDisabled(ctx context.Context, name string, disabled bool) error {
	return tx.updateUser(ctx, name, "set disabled", "UPDATE users SET disabled = ? WHERE name = ?", boolInt(disabled))
}
