package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"sealdesk/device"
	"sealdesk/store"
)

// Workstation settings live in the workspace's meta table; each change is a
// ledger entry by an administrator.
const (
	metaIdleLogout      = "idle_logout_seconds"
	metaRetentionOps    = "retention_operation_log_months"
	metaRetentionProofs = "retention_evidence_months"
	metaUSBVendors      = "usb_vendors"
)

// Idle sign-out: the default, and the bounds an administrator may set. Eight
// hours is a working day; under a minute would sign a custodian out while
// they read the document.
const (
	DefaultIdleLogout = 10 * time.Minute
	MinIdleLogout     = time.Minute
	MaxIdleLogout     = 8 * time.Hour
)

// IdleLogout is how long a desktop session may sit unused before it is signed out.
func (w *Workspace) IdleLogout(ctx context.Context) time.Duration {
	v, _ := w.db.Meta(ctx, metaIdleLogout)
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return DefaultIdleLogout
	}
	return time.Duration(n) * time.Second
}

// SetIdleLogout changes the idle sign-out time (administrators only).
func (w *Workspace) SetIdleLogout(ctx context.Context, s *Session, d time.Duration) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySettings}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if d < MinIdleLogout || d > MaxIdleLogout {
		return w.refuse(ctx, entry, errf("idle_bounds", nil, int(d/time.Minute), int(MinIdleLogout/time.Minute), int(MaxIdleLogout/time.Minute)))
	}
	return w.setting(ctx, entry, metaIdleLogout, strconv.Itoa(int(d/time.Second)), fmt.Sprintf("idle sign-out after %s", d))
}

// Retention says how long records are kept at least, in months. REFERENCE §1:
// operation logs at least six months (the network-log rule), making and
// signing records at least five years; both are minimums a workspace may raise
// but never lower.
type Retention struct {
	OperationLogMonths int `json:"operation_log_months"`
	EvidenceMonths     int `json:"evidence_months"`
}

// The legal minimums of Retention.
const (
	MinOperationLogMonths = 6
	MinEvidenceMonths     = 60
)

// Retention returns the workspace's retention settings.
func (w *Workspace) Retention(ctx context.Context) (Retention, error) {
	r := Retention{OperationLogMonths: MinOperationLogMonths, EvidenceMonths: MinEvidenceMonths}
	for _, f := range []struct {
		key string
		v   *int
	}{{metaRetentionOps, &r.OperationLogMonths}, {metaRetentionProofs, &r.EvidenceMonths}} {
		s, err := w.db.Meta(ctx, f.key)
		if err != nil {
			return r, err
		}
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			*f.v = n
		}
	}
	return r, nil
}

// SetRetention changes the retention settings (administrators only); a value
// under its legal minimum is refused with the rule it breaks.
func (w *Workspace) SetRetention(ctx context.Context, s *Session, r Retention) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySettings}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if r.OperationLogMonths < MinOperationLogMonths {
		return w.refuse(ctx, entry, errf("retention_ops", nil, r.OperationLogMonths, MinOperationLogMonths))
	}
	if r.EvidenceMonths < MinEvidenceMonths {
		return w.refuse(ctx, entry, errf("retention_evidence", nil, r.EvidenceMonths, MinEvidenceMonths))
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetMeta(ctx, metaRetentionOps, strconv.Itoa(r.OperationLogMonths)); err != nil {
			return err
		}
		if err := tx.SetMeta(ctx, metaRetentionProofs, strconv.Itoa(r.EvidenceMonths)); err != nil {
			return err
		}
		entry.Outcome = store.OutcomeOK
		entry.Detail = fmt.Sprintf("retention: operation logs %d months, signing evidence %d months", r.OperationLogMonths, r.EvidenceMonths)
		return w.ledger(ctx, tx, entry)
	})
}

// USBVendors is the vendor table the USB watcher looks for: the built-in one
// plus the workspace's own additions.
func (w *Workspace) USBVendors(ctx context.Context) (map[uint16]string, error) {
	s, err := w.db.Meta(ctx, metaUSBVendors)
	if err != nil {
		return nil, err
	}
	return device.ParseUSBVendors(s)
}

// SetUSBVendors stores the workspace's additions to the USB vendor table
// (administrators only), one "vvvv name" per line.
func (w *Workspace) SetUSBVendors(ctx context.Context, s *Session, table string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySettings}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if _, err := device.ParseUSBVendors(table); err != nil {
		return w.refuse(ctx, entry, errf("usb_vendors", err, err))
	}
	return w.setting(ctx, entry, metaUSBVendors, table, "USB key vendors: "+table)
}

func (w *Workspace) setting(ctx context.Context, entry store.Entry, key, value, detail string) error {
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetMeta(ctx, key, value); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, detail
		return w.ledger(ctx, tx, entry)
	})
}

// Why a session ended.
const (
	LogoutUser   = "user"
	LogoutIdle   = "idle"
	LogoutClosed = "closed" // the window was closed while signed in
)

// Logout ends a session: it is recorded in the ledger with its reason, and
// the session forgets its unlocked approval key, so a session object kept by
// mistake can no longer sign.
func (w *Workspace) Logout(ctx context.Context, s *Session, reason string) error {
	if s == nil {
		return nil
	}
	// The logout entry is the user's last signed act; then the key is forgotten.
	err := w.db.Update(ctx, func(tx store.Txn) error {
		return w.ledger(ctx, tx, store.Entry{Actor: actor(s), Kind: EntryLogout, Outcome: store.OutcomeOK, Detail: reason})
	})
	if w.sessionFor(s.User.Name) == s {
		w.setSession(s.User.Name, nil)
	}
	s.signer, s.cert = nil, nil
	return err
}
