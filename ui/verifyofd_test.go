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

// stampedOFD stamps the demo notice with the finance seal at (150, 240) mm
// through the workflow and returns the stamped package's path.
func stampedOFD(t *testing.T, ws *app.Workspace) string {
	t.Helper()
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
	return out
}

// TestVerifyViewOFD (issue 15 point 4): the verification screen checks an
// OFD stamped through the workflow as it checks a PDF: one card for its seal
// signature, named by the seal, with its picture, signer and trust, and
// the page of the seal previewed with the seal drawn.
func TestVerifyViewOFD(t *testing.T) {
	ws := demoWorkspace(t)
	out := stampedOFD(t, ws)
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

// TestPrintOFDFromPrintScreen (issue 15 point 4): the printer asks for a
// copy of a stamped OFD on the print screen, prints it once approved, and
// checks the copy's QR against the OFD.
func TestPrintOFDFromPrintScreen(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	doc := stampedOFD(t, ws)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "printer", app.DemoPassword)
	v := w.PrintScreen()
	test.Type(v.Doc, doc)
	test.Type(v.Reason, "存档")
	test.Tap(v.Request)
	if len(v.Requests) != 1 {
		t.Fatalf("%d requests; message %q", len(v.Requests), v.RequestMsg.Text)
	}
	id := v.Requests[0].ID
	as, _ := ws.Login(ctx, "approver", app.DemoPassword)
	if err := ws.Approve(ctx, as, id, ""); err != nil {
		t.Fatal(err)
	}
	test.Tap(w.SignOut)
	signIn(t, w, "printer", app.DemoPassword)
	v = w.PrintScreen()
	v.List.Select(0)
	out := t.TempDir()
	test.Type(v.OutDir, out)
	test.Tap(v.Print)
	waitFor(t, "the copy", func() bool { return !v.busy.Load() })
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(files) != 1 {
		t.Fatalf("%d files; message %q", len(files), v.Message.Text)
	}
	_, scan := copyScan(t, w, files[0])
	v.Scan.SetText(scan)
	v.Original.SetText(doc)
	test.Tap(v.VerifyCopy)
	waitFor(t, "the check", func() bool { return !v.checking.Load() })
	if got := v.CopyResult.Text; !strings.HasPrefix(got, "复印件属于该原件：第 1 / 1 份，打印申请 "+id) {
		t.Fatalf("the copy against its OFD: %q", got)
	}
}
