//go:build ci

package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"sealdesk/assets"
)

// TestScreenshotsAdminUsers captures the users tab with a user waiting after
// five wrong passwords selected, in both languages. With -screenshots it
// writes docs/screenshots/admin-users-<lang>.png.
func TestScreenshotsAdminUsers(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.Local)
			ws.Now = func() time.Time { return now }
			for i := 0; i < 5; i++ {
				ws.Login(context.Background(), "printer", "wrong")
			}
			w, v := openAdmin(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			v.Tabs.SelectIndex(3)
			v.UserList.Select(userIndex(t, v, "printer"))
			v.UserName.SetText("zhouli")
			v.UserDisplay.SetText("周丽")
			v.UserRoles.SetSelected([]string{assets.T(lang, "ui.role.printer")})
			shoot(t, w, lang, "admin-users", "zhouli")
		})
	}
}
