package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/device"
	"sealdesk/store"
)

// sealTries is how many PIN tries the software key of seal id has left.
func sealTries(t *testing.T, w *Workspace, id string) int {
	t.Helper()
	sl, err := w.FindSeal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	path, ok := device.SoftKeyPath(w.Home, sl.KeyRef)
	if !ok {
		t.Fatalf("seal %s has no software key", id)
	}
	k, err := device.OpenSoftKey(path)
	if err != nil {
		t.Fatal(err)
	}
	return k.Status().TriesLeft
}

// TestChangeSealPIN: the custodian changes a seal's PIN with the current
// one; the old PIN no longer stamps and the new one does; a wrong current
// PIN is a counted try; a weak, default or unchanged new PIN, another role,
// and a seal whose key is on a USB key are refused; every try is in the
// ledger and no PIN is.
func TestChangeSealPIN(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	cust := login(t, w, "custodian")
	const newPIN = "246801"

	before := sealTries(t, w, "contract")
	if err := w.ChangeSealPIN(ctx, cust, "contract", "999999", newPIN); Code(err) != CodePINIncorrect {
		t.Fatalf("wrong current PIN: %v", err)
	}
	checkLast(t, w, EntrySealPIN, store.OutcomeRefused, CodePINIncorrect)
	if got := sealTries(t, w, "contract"); got != before-1 {
		t.Fatalf("tries left %d after a wrong PIN, was %d", got, before)
	}
	for _, bad := range []string{DemoPIN, "123456", "12345", "12345678901234567"} {
		if err := w.ChangeSealPIN(ctx, cust, "contract", DemoPIN, bad); Code(err) != "pin_rule" {
			t.Fatalf("new PIN %q: %v", bad, err)
		}
	}
	if err := w.ChangeSealPIN(ctx, login(t, w, "approver"), "contract", DemoPIN, newPIN); Code(err) != "role" {
		t.Fatalf("an approver: %v", err)
	}
	if err := w.ChangeSealPIN(ctx, cust, "contract", DemoPIN, newPIN); err != nil {
		t.Fatal(err)
	}
	e := checkLast(t, w, EntrySealPIN, store.OutcomeOK, "")
	if e.SealID != "contract" || e.Actor != "custodian" {
		t.Fatalf("entry %+v", e)
	}
	if got := sealTries(t, w, "contract"); got != device.SoftKeyMaxTries {
		t.Fatalf("tries left %d after the change", got)
	}
	for _, e := range allEntries(t, w) {
		if strings.Contains(e.Detail, newPIN) || strings.Contains(e.Detail, DemoPIN) {
			t.Fatalf("a PIN in the ledger: %+v", e)
		}
	}

	id := approved(t, w, "contract", demoDoc(w), 2, 100, 100)
	out := filepath.Join(t.TempDir(), "out.pdf")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); Code(err) != CodePINIncorrect {
		t.Fatalf("stamp with the old PIN: %v", err)
	}
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: newPIN}); err != nil {
		t.Fatalf("stamp with the new PIN: %v", err)
	}

	// A seal bound to a USB key: its PIN is the key's own.
	setupSQL(t, w, "UPDATE seals SET key_ref = 'pkcs11:token=SealKey;object=contract' WHERE id = 'finance'")
	if err := w.ChangeSealPIN(ctx, cust, "finance", DemoPIN, newPIN); Code(err) != "seal_pin_token" {
		t.Fatalf("a USB key's seal: %v", err)
	}
	if st, err := w.SealPINStatus(ctx, mustSeal(t, w, "finance")); err != nil || st.Soft || st.Overdue {
		t.Fatalf("a USB key's seal: %+v %v", st, err)
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
}

func mustSeal(t *testing.T, w *Workspace, id string) Seal {
	t.Helper()
	sl, err := w.FindSeal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sl
}

// TestPINAgeRule: in the demo workspace a seal's PIN must be changed every
// 60 days. A stamp 61 days after the seals were made is refused before the
// PIN is tried, writes nothing and leaves the approval usable; after the
// custodian changes the PIN the same approval stamps. The rule is an
// administrator's setting, bounded, and lifting it with sqlite3 is refused at
// the stamp rather than obeyed.
func TestPINAgeRule(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	if got := w.PINMaxDays(ctx); got != 60 {
		t.Fatalf("demo rule %d days", got)
	}
	later := testNow.AddDate(0, 0, 61)
	w.Now = func() time.Time { return later }
	cust := login(t, w, "custodian")
	st, err := w.SealPINStatus(ctx, mustSeal(t, w, "official"))
	if err != nil || !st.Soft || !st.Overdue || st.Days != 61 || !st.Set.Equal(testNow) {
		t.Fatalf("status before the change: %+v %v", st, err)
	}

	id := approved(t, w, "official", demoDoc(w), 1, 100, 100)
	out := filepath.Join(t.TempDir(), "out.pdf")
	tries := sealTries(t, w, "official")
	_, err = w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if Code(err) != "seal_pin_expired" || !strings.Contains(Message(err, "zh-CN"), "61 天") {
		t.Fatalf("stamp with a 61-day-old PIN: %v", err)
	}
	checkLast(t, w, EntryStamp, store.OutcomeRefused, "seal_pin_expired")
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("an output was written")
	}
	if got := sealTries(t, w, "official"); got != tries {
		t.Fatalf("the PIN was tried: %d tries left, was %d", got, tries)
	}
	if r, err := w.db.Request(ctx, id); err != nil || r.Status != store.RequestApproved {
		t.Fatalf("request after the refusal: %+v %v", r, err)
	}

	if err := w.ChangeSealPIN(ctx, cust, "official", DemoPIN, "246801"); err != nil {
		t.Fatal(err)
	}
	st, _ = w.SealPINStatus(ctx, mustSeal(t, w, "official"))
	if st.Overdue || st.Days != 0 || !st.Due.Equal(later.AddDate(0, 0, 60)) {
		t.Fatalf("status after the change: %+v", st)
	}
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: "246801"}); err != nil {
		t.Fatalf("stamp after the change: %v", err)
	}

	// The setting: administrators only, 0 or a week to a year.
	admin := login(t, w, "admin")
	if err := w.SetPINMaxDays(ctx, cust, 0); Code(err) != "role" {
		t.Fatalf("a custodian sets the rule: %v", err)
	}
	for _, bad := range []int{-1, 3, 400} {
		if err := w.SetPINMaxDays(ctx, admin, bad); Code(err) != "pin_max_days" {
			t.Fatalf("%d days: %v", bad, err)
		}
	}
	if err := w.SetPINMaxDays(ctx, admin, 90); err != nil {
		t.Fatal(err)
	}
	if st, _ := w.SealPINStatus(ctx, mustSeal(t, w, "contract")); st.Overdue || st.MaxDays != 90 {
		t.Fatalf("61 days under a 90-day rule: %+v", st)
	}
	if err := w.SetPINMaxDays(ctx, admin, 30); err != nil {
		t.Fatal(err)
	}

	// Lifted behind SealDesk's back: refused at the stamp, the PIN untried.
	id2 := approved(t, w, "contract", demoDoc(w), 1, 100, 100)
	attackSQL(t, w, "UPDATE meta SET value = '0' WHERE key = 'pin_max_days'")
	tries = sealTries(t, w, "contract")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: filepath.Join(t.TempDir(), "x.pdf"), PIN: DemoPIN}); Code(err) != "row_changed" {
		t.Fatalf("stamp with the rule lifted by SQL: %v", err)
	}
	if got := sealTries(t, w, "contract"); got != tries {
		t.Fatal("the PIN was tried")
	}
	ledgerVerifyNames(t, w, "meta", "pin_max_days")

	// When a PIN was set is one index search, whatever the ledger's size.
	args := []any{"official", store.OutcomeOK}
	for _, k := range pinSetKinds {
		args = append(args, k)
	}
	if p := queryPlan(t, w, store.LatestSealEntryQuery(len(pinSetKinds)), args...); !strings.Contains(p, "USING INDEX ledger_seal") || strings.Contains(p, "SCAN") {
		t.Fatalf("the PIN age lookup is not an index search: %s", p)
	}
}
