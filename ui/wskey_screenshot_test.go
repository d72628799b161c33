//go:build ci

package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/assets"
)

// TestScreenshotsWorkstationKey captures the settings tab's workstation key
// section with the move dialog open on a USB key's SM2 key, in both
// languages, checked for cut-off text; with -screenshots it writes
// docs/screenshots/admin-wskey-<lang>.png.
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
			c := w.Window.Canvas()
			for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
				for _, b := range cutOff(o, fyne.NewPos(0, 0), c.Size().Width) {
					if !strings.HasSuffix(b, ", label 0") { // a dialog's title label, which Fyne leaves unsized
						t.Errorf("cut off at 1280×800: %s", b)
					}
				}
			}
			if *writeScreenshots {
				save(t, "admin-wskey-"+lang+".png", c.Capture())
			}
		})
	}
}
