//go:build ci

package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/copies"
)

// TestScreenshotsPrint captures the printer's screen in both languages: one
// request printed in full, one approved with every copy left (selected, a
// folder chosen), one awaiting approval, and a copy checked against its
// original. With -screenshots (the flag of screenshot_test.go) it writes
// docs/screenshots/print-<lang>.png and, scrolled to the copy check,
// print-copy-<lang>.png.
func TestScreenshotsPrint(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) { printScreenshot(t, lang) })
	}
}

func printScreenshot(t *testing.T, lang string) {
	ws := shotWorkspace(t)
	ctx := context.Background()
	// Every folder below the test's home folder, shown as ~/…
	home := os.Getenv("HOME")
	doc := stampedDocIn(t, ws, filepath.Join(home, "合同"))
	ps, _ := ws.Login(ctx, "printer", "demo")
	as, _ := ws.Login(ctx, "approver", "demo")
	text := map[string][3]string{
		assets.LangZH: {"报送税务局", "银行开户资料", "存档备查"},
		assets.LangEN: {"For the tax office", "Bank account opening", "Archive"},
	}[lang]
	ask := func(n int, reason string, approve bool) string {
		t.Helper()
		id, err := ws.RequestPrint(ctx, ps, doc, n, reason)
		if err != nil {
			t.Fatal(err)
		}
		if approve {
			if err := ws.Approve(ctx, as, id, ""); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	used := ask(2, text[0], true)
	out := filepath.Join(home, "copies")
	res, err := ws.Print(ctx, ps, app.PrintInput{RequestID: used, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	open := ask(3, text[1], true)
	ask(1, text[2], false)

	w := newWorkstation(t, ws, lang)
	w.Window.Resize(fyne.NewSize(1280, 800))
	signIn(t, w, "printer", "demo")
	v := w.PrintScreen()
	for i, p := range v.Requests {
		if p.ID == open {
			v.List.Select(i)
		}
	}
	v.OutDir.SetText(filepath.Join("~", "复印件"))
	v.Grey.SetChecked(true)

	// A copy of the first request, checked against the stamped original.
	r, err := w.renderer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(res.Files[1])
	d, err := r.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	img, err := d.Render(ctx, 0, 150)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	qr, err := copies.DecodeQR(img)
	if err != nil {
		t.Fatal(err)
	}
	v.QR.SetText(qr)
	v.Original.SetText(homeRelative(doc))
	v.verifyCopy()
	waitFor(t, "the copy check", func() bool { return !v.checking.Load() })

	shoot(t, w, lang, "print")
	// The copy check sits below the print form: scroll to it.
	v.scroll.ScrollToBottom()
	shoot(t, w, lang, "print-copy")
}
