//go:build ci

package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/assets"
)

// TestScreenshotsWorkstationKey captures the settings tab's workstation key
// section with the move dialog open on a USB key's SM2 key, in both
// languages, under the checks every screenshot gets (shoot); with
// -screenshots it writes docs/screenshots/admin-wskey-<lang>.png.
func TestScreenshotsWorkstationKey(t *testing.T) {
	sm2Token(t)
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			w, v := openAdmin(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			v.Tabs.SelectIndex(2)
			test.Tap(v.WSKeyMove)
			v.WSKeyDialog.PIN.SetText("24681357")
			shoot(t, w, lang, "admin-wskey", "workstation") // the token's key label
		})
	}
}
