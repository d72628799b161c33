//go:build ci

package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/assets"
)

// TestScreenshotsSealAdmin captures the administrator's seal screen (a seal
// suspended and exported, so its reason and history show) and the make-seal
// form with its preview, in both languages. With -screenshots it writes
// docs/screenshots/sealadmin-<lang>.png, sealadmin-make-<lang>.png and
// sealadmin-revoke-<lang>.png.
func TestScreenshotsSealAdmin(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			w, v := openSealAdmin(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			shot := func(name string) { t.Helper(); shoot(t, w, lang, name) }
			selectSeal(t, v, "finance")
			v.ExportTo(filepath.Join(t.TempDir(), "finance.sel"))
			test.Tap(v.Suspend)
			test.Type(v.Reason, map[string]string{assets.LangZH: "财务负责人变更，待交接", assets.LangEN: "Finance manager changing; awaiting hand-over"}[lang])
			test.Tap(v.ReasonOK)
			shot("sealadmin")

			test.Tap(v.Make)
			f := v.Form
			// SetText, not test.Type: typing leaves each entry drawn as focused.
			f.Org.SetText("示例贸易有限公司")
			f.PIN.SetText("246810")
			f.PIN2.SetText("246810")
			shot("sealadmin-make")
			f.Dialog.Hide()

			// Revoking asks for the reason, then once more because it is final.
			selectSeal(t, v, "contract")
			test.Tap(v.Revoke)
			v.Reason.SetText(map[string]string{assets.LangZH: "公司合并，合同专用章停用", assets.LangEN: "Merger: the contract seal is retired"}[lang])
			test.Tap(v.ReasonOK)
			shot("sealadmin-revoke")
		})
	}
}
