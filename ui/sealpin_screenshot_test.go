//go:build ci

package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"sealdesk/app"
	"sealdesk/assets"
)

// TestScreenshotsSealPIN captures a custodian's seal screen with the contract
// seal selected, its PIN's deadline under the list and the change dialog open
// after a wrong current PIN (seal-pin), in both languages; it fails when a
// label is cut off at 1280×800; and the sign-in notice of PINs due within a
// week (seal-pin-due).
func TestScreenshotsSealPIN(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			w, p := openSealPIN(t, ws, lang, "contract")
			w.Window.Resize(fyne.NewSize(1280, 800))
			p.Change.OnTapped()
			d := p.Dialog
			// SetText, not test.Type: typing leaves each entry drawn as focused.
			d.Old.SetText("999999")
			d.New.SetText("246801")
			d.Again.SetText("246801")
			d.OK.OnTapped()
			d.Old.SetText(app.DemoPIN)
			d.New.SetText("246801")
			d.Again.SetText("246801")
			shoot(t, w, lang, "seal-pin")

			// Five days before the PINs must change, the custodian is told at sign-in.
			ws.Now = func() time.Time { return time.Now().AddDate(0, 0, 55) }
			n := newWorkstation(t, ws, lang)
			n.Window.Resize(fyne.NewSize(1280, 800))
			signIn(t, n, "custodian", app.DemoPassword)
			shoot(t, n, lang, "seal-pin-due")
		})
	}
}
