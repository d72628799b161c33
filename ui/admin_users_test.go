package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// userIndex returns the row of name in the users tab.
func userIndex(t *testing.T, v *AdminView, name string) int {
	t.Helper()
	for i, u := range v.Users {
		if u.Name == name {
			return i
		}
	}
	t.Fatalf("no user %s in the list", name)
	return -1
}

// TestAdminUsers: the users tab adds a user (the app's refusal shown in the
// screen's language first), shows a user locked by wrong passwords and
// unlocks them, refuses to disable the last administrator, disables and
// re-enables a user and sets a new password; each act lands in the ledger.
func TestAdminUsers(t *testing.T) {
	ws := demoWorkspace(t)
	now := time.Now()
	ws.Now = func() time.Time { return now }
	ctx := context.Background()
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		_, v := openAdmin(t, ws, lang)
		v.Tabs.SelectIndex(3)
		v.UserName.SetText("Bad Name")
		v.UserRoles.SetSelected([]string{assets.T(lang, "ui.role.printer")})
		v.UserPassword.SetText("print-2026")
		test.Tap(v.UserAdd)
		want := map[string]string{assets.LangZH: "用户名“Bad Name”无效", assets.LangEN: "invalid user name “Bad Name”"}[lang]
		if !strings.Contains(v.Message.Text, want) {
			t.Fatalf("%s: bad name: %q", lang, v.Message.Text)
		}
	}
	w, v := openAdmin(t, ws, assets.LangEN)
	v.Tabs.SelectIndex(3)
	user := func(name string) app.UserInfo {
		t.Helper()
		us, err := ws.Users(ctx, w.Session)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range us {
			if u.Name == name {
				return u
			}
		}
		t.Fatalf("no user %s", name)
		return app.UserInfo{}
	}
	before := len(v.Users)
	v.UserName.SetText("zhouli")
	v.UserDisplay.SetText("周丽")
	v.UserRoles.SetSelected([]string{"printer", "auditor"})
	v.UserPassword.SetText("print-2026")
	test.Tap(v.UserAdd)
	if len(v.Users) != before+1 || !strings.Contains(v.Message.Text, "user zhouli added") {
		t.Fatalf("add: %d users, %q", len(v.Users), v.Message.Text)
	}
	if u := user("zhouli"); strings.Join(u.Roles, " ") != "printer auditor" {
		t.Fatalf("stored user %+v", u)
	}
	if _, err := ws.Login(ctx, "zhouli", "print-2026"); err != nil {
		t.Fatal(err)
	}

	for i := 0; i < 10; i++ {
		ws.Login(ctx, "printer", "wrong")
		now = now.Add(time.Hour)
	}
	v.Reload()
	v.UserList.Select(userIndex(t, v, "printer"))
	if !strings.Contains(v.UserSelected.Text, "locked") || v.UserUnlock.Disabled() {
		t.Fatalf("locked user shown as %q, unlock disabled %v", v.UserSelected.Text, v.UserUnlock.Disabled())
	}
	test.Tap(v.UserUnlock)
	if u := user("printer"); u.Locked || u.FailedLogins != 0 || !strings.Contains(v.Message.Text, "lifted") {
		t.Fatalf("after unlock: %+v, %q", u, v.Message.Text)
	}

	v.UserList.Select(userIndex(t, v, "admin"))
	test.Tap(v.UserDisable)
	if !strings.Contains(v.Message.Text, "last administrator") {
		t.Fatalf("disable the last administrator: %q", v.Message.Text)
	}
	v.UserList.Select(userIndex(t, v, "zhouli"))
	test.Tap(v.UserDisable)
	if u := user("zhouli"); !u.Disabled || v.UserDisable.Text != "Enable" {
		t.Fatalf("disable: %+v, button %q", u, v.UserDisable.Text)
	}
	test.Tap(v.UserDisable)
	if u := user("zhouli"); u.Disabled {
		t.Fatal("enable did not enable")
	}
	v.UserNewPass.SetText("print-2027")
	test.Tap(v.UserSetPass)
	if _, err := ws.Login(ctx, "zhouli", "print-2027"); err != nil {
		t.Fatalf("new password: %v (%q)", err, v.Message.Text)
	}
	es, _ := ws.Ledger(ctx, app.LedgerFilter{Actor: "admin"})
	kinds := map[string]int{}
	for _, e := range es {
		kinds[e.Kind]++
	}
	for _, k := range []string{"user.create", "user.unlock", "user.disable", "user.enable", "user.password"} {
		if kinds[k] == 0 {
			t.Fatalf("no %s entry by admin: %v", k, kinds)
		}
	}
	if _, err := ws.Users(ctx, nil); app.Code(err) != "role" {
		t.Fatalf("users without a session: %v", err)
	}
}
