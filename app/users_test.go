package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sealdesk/store"
)

// clockAt pins the workspace's clock; the returned function moves it on.
func clockAt(w *Workspace) (advance func(time.Duration)) {
	now := testNow
	var mu sync.Mutex
	w.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	return func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
}

// notDemo makes the copy a production workspace: the password policy applies.
func notDemo(t *testing.T, w *Workspace) {
	t.Helper()
	sqlExec(t, w, "UPDATE meta SET value = 'false' WHERE key = 'demo'")
}

// TestSignInThrottling: four wrong passwords are plain refusals; the fifth
// sets a wait of 30 s, before which even the right password is refused
// unchecked; each further wrong one doubles the wait; the tenth locks the
// account until an administrator unlocks it. Every try is a ledger entry.
func TestSignInThrottling(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	advance := clockAt(w)
	try := func(pw string) error {
		t.Helper()
		before := ledgerCount(t, w)
		_, err := w.Login(ctx, "custodian", pw)
		if got := ledgerCount(t, w); got != before+1 {
			t.Fatalf("sign-in try wrote %d ledger entries", got-before)
		}
		e := lastEntry(t, w)
		if e.Kind != "login" || e.Actor != "custodian" || (err == nil) != (e.Outcome == store.OutcomeOK) {
			t.Fatalf("ledger entry %+v for %v", e, err)
		}
		return err
	}
	for i := 1; i <= 4; i++ {
		if err := try("wrong"); Code(err) != "login" {
			t.Fatalf("wrong password %d: %v", i, err)
		}
	}
	wait := 30 * time.Second
	for failed := 5; failed <= 9; failed++ {
		if err := try("wrong"); Code(err) != "login_throttled" {
			t.Fatalf("wrong password %d: %v", failed, err)
		}
		u, _ := w.db.User(ctx, "custodian")
		if u.FailedLogins != failed || !u.NotBefore.Equal(w.Now().Add(wait)) {
			t.Fatalf("after %d wrong: failed %d, not before %v, want now+%v", failed, u.FailedLogins, u.NotBefore, wait)
		}
		advance(wait - time.Second)
		if err := try(DemoPassword); Code(err) != "login_wait" {
			t.Fatalf("right password during the wait: %v", err)
		}
		advance(time.Second)
		wait *= 2
	}
	if err := try("wrong"); Code(err) != "login_locked_now" {
		t.Fatalf("tenth wrong password: %v", err)
	}
	advance(24 * time.Hour)
	if err := try(DemoPassword); Code(err) != "user_locked" {
		t.Fatalf("right password on a locked account: %v", err)
	}
	if err := w.UnlockUser(ctx, login(t, w, "printer"), "custodian"); Code(err) != "role" {
		t.Fatalf("unlock by a non-administrator: %v", err)
	}
	if err := w.UnlockUser(ctx, login(t, w, "admin"), "custodian"); err != nil {
		t.Fatal(err)
	}
	if e := lastEntry(t, w); e.Kind != "user.unlock" || e.Actor != "admin" || e.Outcome != store.OutcomeOK {
		t.Fatalf("unlock entry %+v", e)
	}
	if err := try(DemoPassword); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

// TestSignInRightPasswordResetsCount: the count is of wrong passwords in a row.
func TestSignInRightPasswordResetsCount(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	clockAt(w)
	for i := 0; i < 4; i++ {
		w.Login(ctx, "printer", "wrong")
	}
	login(t, w, "printer")
	if u, _ := w.db.User(ctx, "printer"); u.FailedLogins != 0 || !u.NotBefore.IsZero() {
		t.Fatalf("after the right password: %+v", u)
	}
	for i := 0; i < 4; i++ {
		if _, err := w.Login(ctx, "printer", "wrong"); Code(err) != "login" {
			t.Fatalf("wrong password %d after a reset: %v", i+1, err)
		}
	}
}

// TestSignInConcurrentTries: 20 wrong passwords tried at once from as many
// goroutines (the pool gives them separate SQLite connections): the count is
// taken in a write transaction before the KDF, so exactly five are checked
// and the other fifteen wait.
func TestSignInConcurrentTries(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	clockAt(w)
	const n = 20
	codes := make(chan string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := w.Login(ctx, "auditor", "wrong")
			if Code(err) == "" {
				codes <- fmt.Sprint(err)
				return
			}
			codes <- Code(err)
		}()
	}
	wg.Wait()
	close(codes)
	count := map[string]int{}
	for c := range codes {
		count[c]++
	}
	if count["login"] != 4 || count["login_throttled"] != 1 || count["login_wait"] != n-5 {
		t.Fatalf("outcomes %v", count)
	}
	if u, _ := w.db.User(ctx, "auditor"); u.FailedLogins != 5 {
		t.Fatalf("failed logins %d", u.FailedLogins)
	}
}

// TestUserManagement: an administrator adds users (the password policy holds
// outside the demo), an approver gets a key, a new password re-keys them,
// users are disabled and re-enabled, the last administrator stays; each act
// is a ledger entry and non-administrators are refused.
func TestUserManagement(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	clockAt(w)
	notDemo(t, w)
	admin := login(t, w, "admin")
	lastKind := func(want string) {
		t.Helper()
		if e := lastEntry(t, w); e.Kind != want || e.Actor != "admin" || e.Outcome != store.OutcomeOK {
			t.Fatalf("last entry %+v, want %s", e, want)
		}
	}
	for _, tc := range []struct {
		name string
		s    *Session
		in   UserInput
		code string
	}{
		{"short password", admin, UserInput{Name: "zhou", Roles: []string{RolePrinter}, Password: "1234567"}, "password_short"},
		{"password is the name", admin, UserInput{Name: "zhouzhou", Roles: []string{RolePrinter}, Password: "ZhouZhou"}, "password_is_name"},
		{"bad name", admin, UserInput{Name: "Zhou Li", Roles: []string{RolePrinter}, Password: "long enough"}, "user_name"},
		{"no role", admin, UserInput{Name: "zhou", Password: "long enough"}, "user_no_role"},
		{"unknown role", admin, UserInput{Name: "zhou", Roles: []string{"root"}, Password: "long enough"}, "user_role_unknown"},
		{"exists", admin, UserInput{Name: "printer", Roles: []string{RolePrinter}, Password: "long enough"}, "user_exists"},
		{"not an administrator", login(t, w, "auditor"), UserInput{Name: "zhou", Roles: []string{RolePrinter}, Password: "long enough"}, "role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := ledgerCount(t, w)
			if err := w.AddUser(ctx, tc.s, tc.in); Code(err) != tc.code {
				t.Fatalf("AddUser = %v, want %s", err, tc.code)
			}
			if e := lastEntry(t, w); ledgerCount(t, w) != before+1 || e.Outcome != store.OutcomeRefused || e.Kind != "user.create" {
				t.Fatalf("refusal entry %+v", e)
			}
		})
	}
	if err := w.AddUser(ctx, admin, UserInput{Name: "zhou", DisplayName: "周丽", Roles: []string{RolePrinter}, Password: "print-2026", CAPIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	lastKind("user.create")
	if _, err := w.Login(ctx, "zhou", "print-2026"); err != nil {
		t.Fatal(err)
	}
	if err := w.AddUser(ctx, admin, UserInput{Name: "wu", DisplayName: "吴审批", Roles: []string{RoleApprover}, Password: "approve-2026", CAPIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	s, err := w.Login(ctx, "wu", "approve-2026")
	if err != nil || s.signer == nil {
		t.Fatalf("new approver: %v, key %v", err, s)
	}
	u, _ := w.db.User(ctx, "wu")
	oldKey := filepath.Join(w.Home, strings.TrimPrefix(u.KeyRef, "soft:"))

	// A new password: the approver gets a new key; the old key file is gone.
	if err := w.SetUserPassword(ctx, admin, "wu", "short", DemoPIN); Code(err) != "password_short" {
		t.Fatalf("short new password: %v", err)
	}
	if err := w.SetUserPassword(ctx, admin, "wu", "approve-2027", DemoPIN); err != nil {
		t.Fatal(err)
	}
	lastKind("user.password")
	if _, err := w.Login(ctx, "wu", "approve-2026"); Code(err) != "login" {
		t.Fatalf("old password: %v", err)
	}
	if s, err := w.Login(ctx, "wu", "approve-2027"); err != nil || s.signer == nil {
		t.Fatalf("new password: %v", err)
	}
	if _, err := os.Stat(oldKey); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("old approval key left behind: %v", err)
	}

	if err := w.DisableUser(ctx, admin, "zhou", true); err != nil {
		t.Fatal(err)
	}
	lastKind("user.disable")
	if _, err := w.Login(ctx, "zhou", "print-2026"); Code(err) != "user_disabled" {
		t.Fatalf("disabled user: %v", err)
	}
	if err := w.DisableUser(ctx, admin, "zhou", false); err != nil {
		t.Fatal(err)
	}
	lastKind("user.enable")
	if _, err := w.Login(ctx, "zhou", "print-2026"); err != nil {
		t.Fatalf("re-enabled user: %v", err)
	}
	if err := w.DisableUser(ctx, admin, "admin", true); Code(err) != "user_last_admin" {
		t.Fatalf("disabling the last administrator: %v", err)
	}
	us, err := w.Users(ctx, admin)
	if err != nil || len(us) != 7 {
		t.Fatalf("users: %v %d", err, len(us))
	}
	if _, err := w.Users(ctx, login(t, w, "custodian")); Code(err) != "role" {
		t.Fatalf("users listed for a custodian: %v", err)
	}
}

// TestRecoverAdmin: the only administrator, locked out, is recovered by the
// OS account that owns the workspace, with a ledger entry naming it; not
// while another administrator can sign in, and not by another OS account.
func TestRecoverAdmin(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	advance := clockAt(w)
	notDemo(t, w)
	for i := 0; i < signInLockAfter; i++ {
		w.Login(ctx, "admin", "wrong")
		advance(time.Hour)
	}
	if _, err := w.Login(ctx, "admin", DemoPassword); Code(err) != "user_locked" {
		t.Fatalf("admin not locked: %v", err)
	}
	if err := w.RecoverAdmin(ctx, "admin", "short", ""); Code(err) != "password_short" {
		t.Fatalf("short password: %v", err)
	}
	if err := w.RecoverAdmin(ctx, "printer", "new-admin-pw", ""); Code(err) != "recover_not_admin" {
		t.Fatalf("recover a printer: %v", err)
	}
	saved := osOwner
	osOwner = func(string) (bool, error) { return false, nil }
	err := w.RecoverAdmin(ctx, "admin", "new-admin-pw", "")
	osOwner = saved
	if Code(err) != "recover_not_owner" {
		t.Fatalf("another OS account: %v", err)
	}
	if err := w.RecoverAdmin(ctx, "admin", "new-admin-pw", DemoPIN); err != nil {
		t.Fatal(err)
	}
	if e := lastEntry(t, w); e.Kind != "user.recover" || !strings.HasPrefix(e.Actor, "os:") || e.Outcome != store.OutcomeOK {
		t.Fatalf("recovery entry %+v", e)
	}
	admin, err := w.Login(ctx, "admin", "new-admin-pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddUser(ctx, admin, UserInput{Name: "admin2", Roles: []string{RoleAdmin}, Password: "second-admin", CAPIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	if err := w.RecoverAdmin(ctx, "admin", "other-admin-pw", ""); Code(err) != "recover_other_admin" {
		t.Fatalf("recovery with another administrator: %v", err)
	}
}
