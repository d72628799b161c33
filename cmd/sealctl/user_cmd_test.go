package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sealctlAt runs sealctl with its clock stopped at now.
func sealctlAt(t *testing.T, now time.Time, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, lang: "en", now: func() time.Time { return now }}
	code := c.run(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

// TestUserCLI: the administrator adds a user; a non-administrator may not;
// five wrong passwords make the next try wait, "user unlock" ends the wait;
// disable/enable, a new password, the last administrator kept, and the
// recovery command; every act shows in the ledger.
func TestUserCLI(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctlAt(t, now, "init-demo", "--home", home); r.code != 0 {
		t.Fatal(r)
	}
	as := func(user, pw string, args ...string) result {
		t.Helper()
		t.Setenv("SEALDESK_PASSWORD", pw)
		return sealctlAt(t, now, append(args, "--home", home, "--as", user)...)
	}
	t.Setenv("SEALDESK_NEW_PASSWORD", "zhou-2026!")
	if r := as("custodian", "demo", "user", "add", "--name", "zhou", "--roles", "printer"); r.code != 1 || !strings.Contains(r.stderr, "does not have the role") {
		t.Fatalf("add by a custodian: %+v", r)
	}
	if r := as("admin", "demo", "user", "add", "--name", "zhou", "--display", "周丽", "--roles", "printer,auditor"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	if r := as("admin", "demo", "user", "list"); r.code != 0 || !strings.Contains(r.stdout, "周丽") || !strings.Contains(r.stdout, "printer,auditor") {
		t.Fatalf("list: %+v", r)
	}
	for i := 1; i <= 5; i++ {
		r := as("zhou", "wrong", "user", "list")
		if r.code != 1 || (i == 5) != strings.Contains(r.stderr, "try again in 30 seconds") {
			t.Fatalf("wrong password %d: %+v", i, r)
		}
	}
	if r := as("zhou", "zhou-2026!", "settings"); r.code != 0 {
		t.Fatalf("settings needs no sign-in: %+v", r)
	}
	if r := as("zhou", "zhou-2026!", "audit", "report", "--from", "2026-12-01", "--to", "2026-12-01", "--out", filepath.Join(t.TempDir(), "r.pdf")); r.code != 1 || !strings.Contains(r.stderr, "too many wrong passwords") {
		t.Fatalf("right password during the wait: %+v", r)
	}
	if r := as("admin", "demo", "user", "unlock", "zhou"); r.code != 0 {
		t.Fatalf("unlock: %+v", r)
	}
	if r := as("admin", "demo", "user", "disable", "zhou"); r.code != 0 {
		t.Fatalf("disable: %+v", r)
	}
	if r := as("zhou", "zhou-2026!", "user", "list"); r.code != 1 || !strings.Contains(r.stderr, "disabled") {
		t.Fatalf("disabled user: %+v", r)
	}
	if r := as("admin", "demo", "user", "enable", "zhou"); r.code != 0 {
		t.Fatalf("enable: %+v", r)
	}
	t.Setenv("SEALDESK_NEW_PASSWORD", "zhou-2027!")
	if r := as("admin", "demo", "user", "password", "zhou"); r.code != 0 {
		t.Fatalf("password: %+v", r)
	}
	if r := as("admin", "demo", "user", "disable", "admin"); r.code != 1 || !strings.Contains(r.stderr, "last administrator") {
		t.Fatalf("disable the last administrator: %+v", r)
	}
	t.Setenv("SEALDESK_NEW_PASSWORD", "admin-2026!")
	if r := sealctlAt(t, now, "user", "recover-admin", "--home", home, "admin"); r.code != 0 || !strings.Contains(r.stdout, "recovered") {
		t.Fatalf("recover-admin: %+v", r)
	}
	if r := as("admin", "admin-2026!", "user", "list"); r.code != 0 {
		t.Fatalf("recovered administrator: %+v", r)
	}
	r := sealctlAt(t, now, "ledger", "--home", home, "--format", "csv")
	if r.code != 0 {
		t.Fatalf("ledger: %+v", r)
	}
	for _, kind := range []string{"user.create", "user.unlock", "user.disable", "user.enable", "user.password", "user.recover", "login"} {
		if !strings.Contains(r.stdout, ","+kind+",") {
			t.Fatalf("no %s entry in the ledger:\n%s", kind, r.stdout)
		}
	}
}
