package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// TestVerifyViewOFD (issue 15 point 4): the verification screen checks an
// OFD stamped through the workflow as it checks a PDF: one card for its seal
// signature, named by the seal, with its picture, signer and trust, and
// the page of the seal previewed with the seal drawn.
func TestVerifyViewOFD(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	doc := filepath.Join(ws.Home, "documents", app.DemoOFD)
	cs, _ := ws.Login(ctx, "custodian", app.DemoPassword)
	id, err := ws.Request(ctx, cs, app.RequestInput{Seal: "finance", DocPath: doc, Page: 1, XMM: 150, YMM: 240, Reason: "印发通知"})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := ws.Login(ctx, "approver", app.DemoPassword)
	if err := ws.Approve(ctx, as, id, ""); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "通知-盖章.ofd")
	if _, err := ws.Stamp(ctx, cs, app.StampInput{RequestID: id, OutPath: out, PIN: app.DemoPIN}); err != nil {
		t.Fatal(err)
	}

	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "auditor", app.DemoPassword)
	test.Tap(w.Nav[ViewVerify])
	v := w.Verify
	v.VerifyFile(out)
	waitFor(t, "the verification", func() bool { return v.pending == 0 })
	p := v.Panel
	if len(p.Cards) != 1 {
		t.Fatalf("cards %d, want 1: %v", len(p.Cards), texts(p.content))
	}
	c := p.Cards[0]
	if !strings.Contains(c.Title.Text, "财务专用章") {
		t.Errorf("card title %q: want the seal's name", c.Title.Text)
	}
	if c.Picture == nil || c.Picture.Image == nil {
		t.Error("the card shows no seal picture")
	}
	all := strings.Join(texts(p.content), "\n")
	for _, want := range []string{"签章人：", "信任：可信", "签章时间："} {
		if !strings.Contains(all, want) {
			t.Errorf("panel lacks %q:\n%s", want, all)
		}
	}
	// The page of the seal is previewed, the seal drawn from its StampAnnot.
	waitFor(t, "the preview", func() bool { return v.previews == 0 && v.Preview.Image != nil })
	if got := pageRedShare(v.Preview.Image, 210, 140, 230, 160, 250); got < 0.05 {
		t.Fatalf("the preview shows no seal at its spot (red share %.3f); title %q", got, v.PreviewTitle.Text)
	}
	if !strings.Contains(v.PreviewTitle.Text, "第 1 页") {
		t.Errorf("preview title %q", v.PreviewTitle.Text)
	}
}
