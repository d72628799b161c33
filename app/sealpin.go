package app

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/store"
)

// The protection PIN of a seal's software key is the custodian's secret and
// is changed regularly (REFERENCE §1: one organisation's rule is every 60
// days). The custodian changes it (ChangeSealPIN); the workspace may set how
// many days a PIN may stay unchanged (SetPINMaxDays), and a stamp with a PIN
// older than that is refused before the PIN is tried and before the approval
// is spent. When a PIN was last set is read from the ledger: the seal's
// making, re-issue or import (each sets a PIN) or its last PIN change.
// A USB key's PIN is the key's own (keys pin change): the rule does not
// reach it, since its changes are not made here.

const metaPINMaxDays = "pin_max_days"

// Bounds of the PIN age rule; 0 turns it off. Under a week would have a
// custodian change the PIN between a request and its stamp.
const (
	MinPINMaxDays = 7
	MaxPINMaxDays = 366
)

// pinSetKinds are the ledger entries after which a seal's software key has a
// PIN chosen at that moment.
var pinSetKinds = []string{EntrySealMake, EntrySealReissue, EntrySealImport, EntrySealPIN}

// PINMaxDays is how many days a seal's protection PIN may stay unchanged
// before stamping with it is refused; 0 means no limit.
func (w *Workspace) PINMaxDays(ctx context.Context) int {
	v, _ := w.db.Meta(ctx, metaPINMaxDays)
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// SetPINMaxDays sets the PIN age rule (administrators only): 0, or
// MinPINMaxDays to MaxPINMaxDays days.
func (w *Workspace) SetPINMaxDays(ctx context.Context, s *Session, days int) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySettings}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if days != 0 && (days < MinPINMaxDays || days > MaxPINMaxDays) {
		return w.refuse(ctx, entry, errf("pin_max_days", nil, days, MinPINMaxDays, MaxPINMaxDays))
	}
	detail := fmt.Sprintf("seal PINs changed at least every %d days", days)
	if days == 0 {
		detail = "no limit on the age of seal PINs"
	}
	return w.setting(ctx, entry, metaPINMaxDays, strconv.Itoa(days), detail)
}

// SealPIN says how a seal's protection PIN stands.
type SealPIN struct {
	Soft    bool      // the key is a software key of this workspace (else a USB key)
	Set     time.Time // when the PIN was last set (zero: never recorded; the seal's validity start counts)
	MaxDays int       // the rule (0: none)
	Due     time.Time // when it must be changed by (zero without a rule)
	Overdue bool      // stamping with it is refused until it is changed
	Days    int       // whole days since it was set
	Left    int       // whole days until Due (with a rule)
}

// SealPINStatus reports the PIN of seal sl (PIN age rule and last change).
func (w *Workspace) SealPINStatus(ctx context.Context, sl Seal) (SealPIN, error) {
	return w.sealPINStatus(ctx, sl, w.PINMaxDays(ctx))
}

// sealPINStatus is SealPINStatus under a rule of maxDays, read once by a
// caller that judges many seals.
func (w *Workspace) sealPINStatus(ctx context.Context, sl Seal, maxDays int) (SealPIN, error) {
	st := SealPIN{MaxDays: maxDays}
	_, st.Soft = device.SoftKeyPath(w.Home, sl.KeyRef)
	if !st.Soft {
		return st, nil
	}
	e, ok, err := w.db.LatestSealEntry(ctx, sl.ID, pinSetKinds...)
	if err != nil {
		return st, err
	}
	st.Set = sl.ValidFrom
	if ok {
		st.Set = e.At
	}
	now := w.Now()
	st.Days = int(now.Sub(st.Set) / (24 * time.Hour))
	if st.MaxDays > 0 {
		st.Due = st.Set.AddDate(0, 0, st.MaxDays)
		st.Overdue = now.After(st.Due)
		st.Left = int(math.Ceil(st.Due.Sub(now).Hours() / 24))
	}
	return st, nil
}

// Describe says how the PIN stands in lang: when it was set and by when it
// must be changed, or that a USB key keeps it.
func (st SealPIN) Describe(lang string) string {
	day := func(t time.Time) string { return t.Local().Format(time.DateOnly) }
	switch {
	case !st.Soft:
		return assets.T(lang, "seal.pin.token")
	case st.MaxDays == 0:
		return assets.T(lang, "seal.pin.set", day(st.Set))
	case st.Overdue:
		return assets.T(lang, "seal.pin.overdue", day(st.Set), st.MaxDays)
	}
	return assets.T(lang, "seal.pin.due", day(st.Set), day(st.Due), st.Left)
}

// SealPINDue is a seal whose PIN must be changed soon, or now.
type SealPINDue struct {
	Seal Seal
	PIN  SealPIN
}

// PINsDue lists the seals s may use whose software-key PIN must be changed
// within days, or is past its period: what a custodian is told at sign-in.
func (w *Workspace) PINsDue(ctx context.Context, s *Session, days int) ([]SealPINDue, error) {
	maxDays := w.PINMaxDays(ctx)
	if s == nil || !s.User.HasRole(RoleCustodian) || maxDays == 0 {
		return nil, nil
	}
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return nil, err
	}
	var out []SealPINDue
	for _, sl := range seals {
		if sl.Status == store.SealRevoked || w.checkGrant(ctx, s.User.Name, sl, w.Now()) != nil {
			continue
		}
		st, err := w.sealPINStatus(ctx, sl, maxDays)
		if err != nil {
			return nil, err
		}
		if st.Soft && (st.Overdue || st.Left <= days) {
			out = append(out, SealPINDue{sl, st})
		}
	}
	return out, nil
}

// pinFresh says why seal sl's software-key PIN is too old to stamp with, or
// nil. Stamps call it before the PIN is tried and before the approval is spent.
func (w *Workspace) pinFresh(ctx context.Context, sl store.Seal) *Error {
	// The rule is a setting row: one changed or deleted with sqlite3 (to
	// lift the rule) is refused here, as the seal's rows are.
	if e := w.checkRows(ctx, store.SettingRow(metaPINMaxDays)); e != nil {
		return e
	}
	maxDays := w.PINMaxDays(ctx)
	if maxDays == 0 {
		return nil // no rule: no ledger lookup on the stamp's way
	}
	st, err := w.sealPINStatus(ctx, sl, maxDays)
	if err != nil {
		return errf("internal", err, err)
	}
	if st.Overdue {
		return errf("seal_pin_expired", nil, sl.Name, st.Days, st.MaxDays)
	}
	return nil
}

// ChangeSealPIN re-seals the software key of the seal ref under newPIN. Only
// a custodian the seal is granted to may, with the current PIN: a wrong one is
// a counted try, as at a stamp. The change is a ledger entry (never the PIN).
func (w *Workspace) ChangeSealPIN(ctx context.Context, s *Session, ref, oldPIN, newPIN string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealPIN}
	sl, err := w.roleSeal(ctx, s, RoleCustodian, &entry, ref)
	if err != nil {
		return err
	}
	if sl.Status == store.SealRevoked {
		return w.refuse(ctx, entry, errf("seal_revoked", nil, sl.Name))
	}
	if e := w.checkGrant(ctx, s.User.Name, sl, w.Now()); e != nil {
		return w.refuse(ctx, entry, e)
	}
	path, soft := device.SoftKeyPath(w.Home, sl.KeyRef)
	if !soft {
		return w.refuse(ctx, entry, errf("seal_pin_token", nil, sl.Name))
	}
	if newPIN == oldPIN || device.CheckPIN(newPIN) != nil {
		return w.refuse(ctx, entry, errf("pin_rule", nil))
	}
	k, err := device.OpenSoftKey(path)
	if err != nil {
		return w.refuse(ctx, entry, wrapDevice(err))
	}
	if err := k.ChangePIN(oldPIN, newPIN); err != nil {
		if e := deviceError(err); e != nil {
			return w.refuse(ctx, entry, e)
		}
		return w.fail(ctx, entry, err)
	}
	// The key file holds the new PIN from here on. Should the entry below
	// not be written (a crash), the PIN works and only its age reads older
	// than it is: the rule asks for a change sooner, never later.
	crashPoint("seal-pin-resealed")
	return w.db.Update(ctx, func(tx store.Txn) error {
		entry.Outcome, entry.Detail = store.OutcomeOK, sl.Name+" protection PIN changed"
		return w.ledger(ctx, tx, entry)
	})
}
