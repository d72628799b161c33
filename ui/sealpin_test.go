package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// openSealPIN signs a custodian in, opens the seals screen and selects seal id.
func openSealPIN(t *testing.T, ws *app.Workspace, lang, id string) (*Workstation, *SealPINPanel) {
	t.Helper()
	w := newWorkstation(t, ws, lang)
	signIn(t, w, "custodian", app.DemoPassword)
	test.Tap(w.Nav[ViewSeals])
	p := w.SealPIN
	if p == nil {
		t.Fatal("a custodian's seal screen has no PIN panel")
	}
	seals, err := ws.Seals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range seals {
		if s.ID == id {
			w.Seals.Select(i)
			return w, p
		}
	}
	t.Fatalf("seal %s not listed", id)
	return nil, nil
}

// TestSealPINScreen: on the seals screen a custodian sees when the selected
// seal's PIN was set and by when it must change, and changes it: a wrong
// current PIN and two different new PINs are said in the dialog, which stays
// open; the right one closes it and the seal then stamps with the new PIN
// only. Past the workspace's 60 days the line turns red and says a change is
// due before stamping. An approver's seal screen has no PIN panel.
func TestSealPINScreen(t *testing.T) {
	ctx := context.Background()
	ws := demoWorkspace(t)
	w, p := openSealPIN(t, ws, assets.LangZH, "contract")
	due := time.Now().AddDate(0, 0, 60).Format(time.DateOnly)
	if !strings.Contains(p.Status.Text, "须于 "+due+" 前修改") || p.Change.Disabled() {
		t.Fatalf("status %q, change enabled %v", p.Status.Text, !p.Change.Disabled())
	}

	test.Tap(p.Change)
	d := p.Dialog
	submit := func(old, newPIN, again string) {
		test.Type(d.Old, old)
		test.Type(d.New, newPIN)
		test.Type(d.Again, again)
		test.Tap(d.OK)
	}
	submit("999999", "246801", "246801")
	if !strings.Contains(d.Message.Text, "保护口令错误") || d.Old.Text != "" {
		t.Fatalf("wrong current PIN: %q", d.Message.Text)
	}
	submit(app.DemoPIN, "246801", "246802")
	if !strings.Contains(d.Message.Text, "不一致") {
		t.Fatalf("two new PINs: %q", d.Message.Text)
	}
	submit(app.DemoPIN, "246801", "246801")
	if !strings.Contains(w.Status.Text, "保护口令已修改") {
		t.Fatalf("status bar %q; dialog %q", w.Status.Text, d.Message.Text)
	}
	es, _ := ws.Ledger(ctx, app.LedgerFilter{Kind: app.EntrySealPIN, SealID: "contract"})
	if len(es) != 2 || es[0].Outcome != "refused" || es[1].Outcome != "ok" {
		t.Fatalf("ledger %+v", es)
	}
	custodian, err := ws.Login(ctx, "custodian", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.ChangeSealPIN(ctx, custodian, "contract", app.DemoPIN, "357912"); app.Code(err) != app.CodePINIncorrect {
		t.Fatalf("the old PIN still opens the key: %v", err)
	}

	// 61 days on, the line is red and says so.
	ws.Now = func() time.Time { return time.Now().AddDate(0, 0, 61) }
	w.Seals.Unselect(1)
	w.Seals.Select(0)
	if p.Status.Importance != widget.DangerImportance || !strings.Contains(p.Status.Text, "盖章前须修改") {
		t.Fatalf("after 61 days: %q", p.Status.Text)
	}

	a := newWorkstation(t, ws, assets.LangZH)
	signIn(t, a, "approver", app.DemoPassword)
	test.Tap(a.Nav[ViewSeals])
	if a.SealPIN != nil || len(a.PINNotice) != 0 {
		t.Fatalf("an approver sees the PIN panel or notice %q", a.PINNotice)
	}
}

// TestSealPINNoticeAtSignIn: a week before a seal's PIN must change, and
// after, its custodian is told at sign-in, seal by seal; sooner, nothing.
func TestSealPINNoticeAtSignIn(t *testing.T) {
	ws := demoWorkspace(t)
	for _, c := range []struct {
		days int
		want string
	}{{50, ""}, {55, "还有 5 天"}, {61, "盖章前须修改"}} {
		ws.Now = func() time.Time { return time.Now().AddDate(0, 0, c.days) }
		w := newWorkstation(t, ws, assets.LangZH)
		signIn(t, w, "custodian", app.DemoPassword)
		got := strings.Join(w.PINNotice, "\n")
		switch {
		case c.want == "" && got != "":
			t.Fatalf("after %d days: %q", c.days, got)
		case c.want != "" && (len(w.PINNotice) != 5 || !strings.Contains(got, "示例科技有限公司合同专用章的保护口令") || strings.Count(got, c.want) != 5):
			t.Fatalf("after %d days: %q", c.days, got)
		}
	}
}
