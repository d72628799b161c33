package ui

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// openSealAdmin signs in as admin and opens the seal screen.
func openSealAdmin(t *testing.T, ws *app.Workspace, lang string) (*Workstation, *SealAdminView) {
	t.Helper()
	w := newWorkstation(t, ws, lang)
	signIn(t, w, "admin", "demo")
	test.Tap(w.Nav[ViewSeals])
	v := w.SealAdmin()
	if v == nil {
		t.Fatal("the administrator got no seal administration view")
	}
	return w, v
}

// selectSeal selects the seal with the given id in the admin list.
func selectSeal(t *testing.T, v *SealAdminView, id string) {
	t.Helper()
	for i, s := range v.Seals {
		if s.ID == id {
			v.List.Select(i)
			if v.Selected != i {
				t.Fatalf("selecting %s: selected %d", id, v.Selected)
			}
			return
		}
	}
	t.Fatalf("seal %s not listed", id)
}

func sealStatus(t *testing.T, ws *app.Workspace, id string) string {
	t.Helper()
	s, err := ws.FindSeal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Status
}

func ledgerOutcomes(t *testing.T, ws *app.Workspace, kind, seal string) []string {
	t.Helper()
	es, err := ws.Ledger(context.Background(), app.LedgerFilter{Kind: kind, SealID: seal})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Outcome)
	}
	return out
}

// TestSealAdminLifecycle walks the contract seal through suspend, resume, a
// revoke refused for want of a reason, and a confirmed revoke, checking the
// screen, the seal's status in the database and the ledger at each step.
func TestSealAdminLifecycle(t *testing.T) {
	ws := demoWorkspace(t)
	_, v := openSealAdmin(t, ws, assets.LangZH)
	if len(v.Seals) != 5 || v.List.Length() != 5 {
		t.Fatalf("%d seals listed, want the demo's 5", v.List.Length())
	}
	if !v.Suspend.Disabled() || !v.Revoke.Disabled() {
		t.Fatal("actions enabled with no seal selected")
	}
	selectSeal(t, v, "contract")
	status := v.labels["ui.seal.status"]
	if status.Text != "启用" || v.Picture.Resource == nil || v.labels["ui.seal.code"].Text == "" || !strings.Contains(v.labels["ui.seal.cert"].Text, "至") {
		t.Fatalf("details: status %q, picture %t, code %q, certificate %q", status.Text, v.Picture.Resource != nil,
			v.labels["ui.seal.code"].Text, v.labels["ui.seal.cert"].Text)
	}
	if !v.Resume.Disabled() || v.Suspend.Disabled() {
		t.Fatal("an active seal must offer suspend, not resume")
	}

	// Suspend, with a reason.
	test.Tap(v.Suspend)
	test.Type(v.Reason, "印章送检")
	test.Tap(v.ReasonOK)
	if !strings.HasPrefix(status.Text, "暂停") || !strings.Contains(status.Text, "印章送检") {
		t.Fatalf("status after suspend: %q", status.Text)
	}
	if got := sealStatus(t, ws, "contract"); got != app.SealSuspended {
		t.Fatalf("stored status %s", got)
	}
	if got := ledgerOutcomes(t, ws, "seal.suspend", "contract"); len(got) != 1 || got[0] != app.OutcomeOK {
		t.Fatalf("suspend ledger entries: %v", got)
	}
	if !v.Suspend.Disabled() || v.Resume.Disabled() || v.Message.Text != "已暂停：示例科技有限公司合同专用章" {
		t.Fatalf("after suspend: message %q", v.Message.Text)
	}

	// Resume, no reason needed.
	test.Tap(v.Resume)
	test.Tap(v.ReasonOK)
	if status.Text != "启用" || sealStatus(t, ws, "contract") != app.SealActive {
		t.Fatalf("status after resume: %q", status.Text)
	}
	if !strings.Contains(v.Events.Text, "恢复") {
		t.Fatalf("history lacks the resume: %q", v.Events.Text)
	}

	// Revoke without a reason: refused, the refusal on screen and in the ledger.
	test.Tap(v.Revoke)
	test.Tap(v.ReasonOK)
	want := assets.T(assets.LangZH, "err.seal_reason_required")
	if v.Message.Text != want || v.Message.Importance != widget.DangerImportance {
		t.Fatalf("refusal shown as %q, want %q", v.Message.Text, want)
	}
	if v.ConfirmOK != nil {
		t.Fatal("a revoke without a reason asked for confirmation")
	}
	if sealStatus(t, ws, "contract") != app.SealActive {
		t.Fatal("revoked without a reason")
	}
	if got := ledgerOutcomes(t, ws, "seal.revoke", "contract"); len(got) != 1 || got[0] != app.OutcomeRefused {
		t.Fatalf("refused revoke ledger entries: %v", got)
	}

	// Revoke with a reason, confirmed.
	test.Tap(v.Revoke)
	test.Type(v.Reason, "公司合并，印章停用")
	test.Tap(v.ReasonOK)
	if v.ConfirmOK == nil || sealStatus(t, ws, "contract") != app.SealActive {
		t.Fatal("revoked before the confirmation")
	}
	test.Tap(v.ConfirmOK)
	if !strings.HasPrefix(status.Text, "注销") || sealStatus(t, ws, "contract") != app.SealRevoked {
		t.Fatalf("status after revoke: %q", status.Text)
	}
	if !v.Revoke.Disabled() || !v.Suspend.Disabled() || !v.Resume.Disabled() || v.Export.Disabled() {
		t.Fatal("a revoked seal may only be exported")
	}
	if got := ledgerOutcomes(t, ws, "seal.revoke", "contract"); len(got) != 2 || got[0]+got[1] != app.OutcomeRefused+app.OutcomeOK && got[0]+got[1] != app.OutcomeOK+app.OutcomeRefused {
		t.Fatalf("revoke ledger entries: %v", got)
	}
}

// TestSealAdminMake makes a contract seal for another organisation through the
// form: the preview follows the typing, a mismatched PIN is caught, and the
// made seal appears in the list, selected, with its picture.
func TestSealAdminMake(t *testing.T) {
	ws := demoWorkspace(t)
	_, v := openSealAdmin(t, ws, assets.LangZH)
	test.Tap(v.Make)
	f := v.Form
	if f == nil || f.kind() != "contract" || f.Preview.Resource == nil {
		t.Fatal("the form opens on the contract seal with its preview")
	}
	if f.Holder.Visible() || !f.Org.Visible() {
		t.Fatal("a contract seal asks for the organisation, not a holder")
	}
	before := f.Preview.Resource.Content()
	f.Org.SetText("")
	test.Type(f.Org, "示例贸易有限公司")
	if bytes.Equal(before, f.Preview.Resource.Content()) {
		t.Fatal("the preview did not follow the organisation's name")
	}
	if f.Algorithm.Selected != "SM2" {
		t.Fatalf("default algorithm %q", f.Algorithm.Selected)
	}
	test.Type(f.PIN, "246810")
	test.Type(f.PIN2, "246811")
	test.Tap(f.OK)
	if f.Message.Text != "两次输入的 PIN 不一致" {
		t.Fatalf("mismatched PIN: %q", f.Message.Text)
	}
	f.PIN2.SetText("")
	test.Type(f.PIN2, "246810")
	test.Tap(f.OK)
	const name = "示例贸易有限公司合同专用章"
	waitFor(t, "the new seal", func() bool {
		var done bool
		// The done message is the last thing the make callback sets.
		fyne.DoAndWait(func() { done = strings.Contains(v.Message.Text, name) })
		return done
	})
	if len(v.Seals) != 6 || v.List.Length() != 6 {
		t.Fatalf("%d seals after making one", len(v.Seals))
	}
	if v.Selected < 0 || v.Seals[v.Selected].Name != name {
		t.Fatalf("the new seal is not selected (%d)", v.Selected)
	}
	s := v.Seals[v.Selected]
	if _, err := png.Decode(bytes.NewReader(s.Picture)); err != nil || s.Kind != "contract" || s.Algorithm != "SM2" {
		t.Fatalf("made seal %s %s, picture: %v", s.Kind, s.Algorithm, err)
	}
	if v.Picture.Resource == nil || !bytes.Equal(v.Picture.Resource.Content(), s.Picture) {
		t.Fatal("the details do not show the new seal's picture")
	}
	if got := ledgerOutcomes(t, ws, "seal.make", s.ID); len(got) != 1 || got[0] != app.OutcomeOK {
		t.Fatalf("make ledger entries: %v", got)
	}
}

// TestSealAdminHiddenFromCustodian: a custodian reads the list, with no admin
// action anywhere on the screen.
func TestSealAdminHiddenFromCustodian(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	test.Tap(w.Nav[ViewSeals])
	if w.SealAdmin() != nil || w.Seals.Length() != 5 {
		t.Fatalf("custodian: admin view %v, %d seals", w.SealAdmin(), w.Seals.Length())
	}
	admin := map[string]bool{}
	for _, k := range []string{"ui.sa.suspend", "ui.sa.resume", "ui.sa.revoke", "ui.sa.export", "ui.sa.make", "ui.sa.import"} {
		admin[assets.T(assets.LangZH, k)] = true
	}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if admin[x.Text] {
				t.Errorf("custodian sees the %q button", x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(w.Window.Content())
}
