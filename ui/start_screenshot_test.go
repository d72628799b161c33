//go:build ci

package ui

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"sealdesk/app"
	"sealdesk/assets"
)

// TestScreenshotsStartNotice captures the dialog a workspace with loose file
// modes opens with, in both languages (docs/screenshots/start-notice-<lang>.png).
func TestScreenshotsStartNotice(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			h := t.TempDir()
			t.Setenv("HOME", h)
			home := filepath.Join(h, "SealDesk", "demo")
			if err := app.InitDemo(context.Background(), home, rand.Reader, time.Now()); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(filepath.Join(home, "workspace.db"), 0o644); err != nil {
				t.Fatal(err)
			}
			ws, err := app.Open(home)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ws.Close() })
			w := newWorkstation(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			if len(w.StartNotices) != 1 {
				t.Fatalf("notices: %q", w.StartNotices)
			}
			shoot(t, w, lang, "start-notice")
		})
	}
}
