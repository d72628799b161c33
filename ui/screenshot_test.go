//go:build ci

package ui

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/assets"
)

var writeScreenshots = flag.Bool("screenshots", false, "write docs/screenshots/*.png")

// TestScreenshots draws every screen with the software painter (-tags ci, no
// display needed). With -screenshots it writes them into docs/screenshots/;
// without, it still checks that each capture has content.
func TestScreenshots(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		a := test.NewTempApp(t)
		w, err := New(a, demoWorkspace(t), lang)
		if err != nil {
			t.Fatal(err)
		}
		w.Window.Resize(fyne.NewSize(900, 620))
		w.Window.Show()
		img := w.Window.Canvas().Capture()
		if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 500 {
			t.Fatalf("capture is %v", b)
		}
		if !*writeScreenshots {
			continue
		}
		dir := filepath.Join("..", "docs", "screenshots")
		os.MkdirAll(dir, 0o755)
		f, err := os.Create(filepath.Join(dir, "seals-"+lang+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
