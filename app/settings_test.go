package app

import (
	"context"
	"testing"
	"time"

	"sealdesk/assets"
	"sealdesk/store"
)

// TestIdleLogoutSetting: 10 minutes by default; an administrator may set 1 min
// to 8 h, anything else is refused with the bounds; others may not change it;
// every attempt is in the ledger.
func TestIdleLogoutSetting(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	if d := w.IdleLogout(ctx); d != 10*time.Minute {
		t.Fatalf("default idle sign-out %v", d)
	}
	admin := login(t, w, "admin")
	for _, d := range []time.Duration{30 * time.Second, 9 * time.Hour} {
		err := w.SetIdleLogout(ctx, admin, d)
		if Code(err) != "idle_bounds" {
			t.Fatalf("SetIdleLogout(%v): %v", d, err)
		}
		if e := lastEntry(t, w); e.Kind != "settings" || e.Outcome != store.OutcomeRefused {
			t.Errorf("refusal not recorded: %+v", e)
		}
		if zh := Message(err, assets.LangZH); zh == Message(err, assets.LangEN) {
			t.Errorf("message not translated: %s", zh)
		}
	}
	if err := w.SetIdleLogout(ctx, login(t, w, "custodian"), 20*time.Minute); Code(err) != "role" {
		t.Fatalf("custodian changed the idle time: %v", err)
	}
	if err := w.SetIdleLogout(ctx, admin, 25*time.Minute); err != nil {
		t.Fatal(err)
	}
	if d := w.IdleLogout(ctx); d != 25*time.Minute {
		t.Fatalf("idle sign-out %v after setting 25m", d)
	}
	if e := lastEntry(t, w); e.Kind != "settings" || e.Outcome != store.OutcomeOK || e.Actor != "admin" {
		t.Errorf("change not recorded: %+v", e)
	}
}

// TestRetentionMinimums: the defaults are the legal minimums (6 months of
// operation logs, 5 years of signing evidence); either below its minimum is
// refused naming that setting; raising both is allowed and recorded.
func TestRetentionMinimums(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	r, err := w.Retention(ctx)
	if err != nil || r != (Retention{6, 60}) {
		t.Fatalf("default retention %+v, %v", r, err)
	}
	admin := login(t, w, "admin")
	for _, c := range []struct {
		r    Retention
		code string
	}{{Retention{5, 60}, "retention_ops"}, {Retention{6, 59}, "retention_evidence"}, {Retention{0, 0}, "retention_ops"}} {
		err := w.SetRetention(ctx, admin, c.r)
		if Code(err) != c.code {
			t.Fatalf("SetRetention(%+v): %v, want %s", c.r, err, c.code)
		}
		t.Logf("%s / %s", Message(err, assets.LangZH), Message(err, assets.LangEN))
		if got, _ := w.Retention(ctx); got != (Retention{6, 60}) {
			t.Fatalf("a refused change was kept: %+v", got)
		}
	}
	if err := w.SetRetention(ctx, login(t, w, "auditor"), Retention{12, 120}); Code(err) != "role" {
		t.Fatalf("auditor changed retention: %v", err)
	}
	if err := w.SetRetention(ctx, admin, Retention{12, 120}); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.Retention(ctx); got != (Retention{12, 120}) {
		t.Fatalf("retention %+v after setting 12/120", got)
	}
}

// TestUSBVendorsSetting: a workspace adds its own key vendors; a bad table is
// refused and the old one kept.
func TestUSBVendorsSetting(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	admin := login(t, w, "admin")
	if err := w.SetUSBVendors(ctx, admin, "zzzz Bad"); Code(err) != "usb_vendors" {
		t.Fatalf("bad table: %v", err)
	}
	if err := w.SetUSBVendors(ctx, admin, "1d99 本单位密钥"); err != nil {
		t.Fatal(err)
	}
	m, err := w.USBVendors(ctx)
	if err != nil || m[0x1d99] != "本单位密钥" || m[0x096e] == "" {
		t.Fatalf("vendors %v, %v", m, err)
	}
}

// TestLogoutForgetsTheApprovalKey: after Logout the session can no longer
// approve, and the sign-out is in the ledger with its reason.
func TestLogoutForgetsTheApprovalKey(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	c := login(t, w, "custodian")
	id, err := w.Request(ctx, c, RequestInput{Seal: "official", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	a := login(t, w, "approver")
	if err := w.Logout(ctx, a, LogoutIdle); err != nil {
		t.Fatal(err)
	}
	if e := lastEntry(t, w); e.Kind != "logout" || e.Actor != "approver" || e.Detail != LogoutIdle {
		t.Fatalf("sign-out entry %+v", e)
	}
	if err := w.Approve(ctx, a, id, "ok"); err == nil {
		t.Fatal("a signed-out session approved a request")
	}
}
