//go:build ci

package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// TestScreenshotsOFD captures the stamping view with the demo OFD notice
// open and the finance seal placed (stamp-ofd), and the approver's page of
// that request (approve-ofd), and the stamped OFD on the verification
// screen with its page (verify-ofd), in both languages (issue 15 point 2). Each
// capture fails when a label or button is cut off at 1280×800.
func TestScreenshotsOFD(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			w := newWorkstation(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			shot := func(name string) { t.Helper(); shoot(t, w, lang, name) }

			signIn(t, w, "custodian", app.DemoPassword)
			v := w.Stamp
			openDoc(t, v, filepath.Join(ws.Home, "documents", app.DemoOFD))
			dragSeal(v, palette(t, v, "finance"), float32(155*v.scale), float32(205*v.scale)) // over the date
			test.Type(v.Reason, map[string]string{assets.LangZH: "印发通知", assets.LangEN: "Issue the notice"}[lang])
			waitFor(t, "the thumbnail", func() bool { return v.thumbs[0] != nil })
			shot("stamp-ofd")
			test.Tap(v.Action)

			signIn(t, w, "approver", app.DemoPassword)
			a := w.Approve
			a.List.Select(0)
			waitFor(t, "the page preview", func() bool { return a.pending == 0 && a.PagePreview.Image != nil })
			shot("approve-ofd")
			test.Tap(a.Approve)

			// Stamped, then checked on the verification screen with its page.
			ctx := context.Background()
			reqs, _ := ws.Requests(ctx, app.RequestApproved)
			cs, _ := ws.Login(ctx, "custodian", app.DemoPassword)
			out := filepath.Join(ws.Home, "documents", "关于启用电子印章的通知-已盖章.ofd")
			if len(reqs) != 1 {
				t.Fatalf("%d approved requests: %q", len(reqs), a.Message.Text)
			}
			if _, err := ws.Stamp(ctx, cs, app.StampInput{RequestID: reqs[0].ID, OutPath: out, PIN: app.DemoPIN}); err != nil {
				t.Fatal(err)
			}
			signIn(t, w, "auditor", app.DemoPassword)
			test.Tap(w.Nav[ViewVerify])
			w.Verify.VerifyFile(out)
			waitFor(t, "the verification", func() bool { return w.Verify.pending == 0 && w.Verify.previews == 0 && w.Verify.Preview.Image != nil })
			shot("verify-ofd")
		})
	}
}
