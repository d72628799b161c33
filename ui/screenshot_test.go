//go:build ci

package ui

import (
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

var writeScreenshots = flag.Bool("screenshots", false, "write docs/screenshots/*.png")

// TestScreenshots walks through every screen with the software painter (-tags
// ci, no display needed), in both languages. With -screenshots it writes each
// capture into docs/screenshots/<screen>-<lang>.png; without, it still checks
// that each capture has the window's size.
func TestScreenshots(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) { screenshots(t, lang) })
	}
}

func screenshots(t *testing.T, lang string) {
	ws := shotWorkspace(t)
	w := newWorkstation(t, ws, lang)
	w.Window.Resize(fyne.NewSize(1280, 800))
	shot := func(name string) { t.Helper(); shoot(t, w, lang, name) }
	shot("signin")

	// Custodian: the contract open on page 2, the contract seal placed.
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	doc := demoDoc(ws)
	openDoc(t, v, doc)
	v.GoTo(1)
	waitFor(t, "page 2", func() bool { return v.cache.any(1) != nil })
	dragSeal(v, palette(t, v, "contract"), float32(150*v.scale), float32(62*v.scale))
	test.Type(v.Reason, map[string]string{assets.LangZH: "与示例贸易有限公司签订的销售合同", assets.LangEN: "Sales contract with Example Trading"}[lang])
	waitFor(t, "thumbnails", func() bool { return v.thumbs[0] != nil && v.thumbs[1] != nil })
	shot("stamp")
	test.Tap(v.Action)
	// A second request, so the approver's list has more than one line.
	ctx := context.Background()
	s, _ := ws.Login(ctx, "custodian", "demo")
	if _, err := ws.Request(ctx, s, app.RequestInput{Seal: "finance", DocPath: doc, Page: 1, XMM: 150, YMM: 240, Reason: "付款确认"}); err != nil {
		t.Fatal(err)
	}
	test.Tap(w.SignOut)

	signIn(t, w, "approver", "demo")
	for i, r := range w.Approve.Pending {
		if r.SealID == "contract" {
			w.Approve.List.Select(i)
		}
	}
	test.Type(w.Approve.Comment, map[string]string{assets.LangZH: "同意，按合同第 2 页盖章", assets.LangEN: "Approved: page 2 of the contract"}[lang])
	shot("approve")
	test.Tap(w.Approve.Approve)
	test.Tap(w.SignOut)

	signIn(t, w, "custodian", "demo")
	test.Tap(w.Nav[ViewMine])
	shot("mine")
	test.Tap(w.Nav[ViewStamp])
	v = w.Stamp
	openDoc(t, v, doc)
	test.Tap(v.Action)
	test.Type(v.PIN.Entry, "135790")
	shot("pin")
	test.Tap(v.PIN.OK)
	waitFor(t, "the stamp", func() bool { return !v.PIN.busy })
	waitFor(t, "the stamped copy", func() bool { return v.loading == 0 && v.docPath != doc && v.cache.any(v.page) != nil })
	waitFor(t, "thumbnails", func() bool { return v.thumbs[len(v.thumbs)-1] != nil })
	shot("stamped")
	out := v.docPath
	test.Tap(w.SignOut)

	signIn(t, w, "auditor", "demo")
	for i, e := range w.Ledger.Entries {
		if e.Kind == "stamp" {
			w.Ledger.Table.Select(widget.TableCellID{Row: i, Col: 0})
		}
	}
	shot("ledger")
	test.Tap(w.Nav[ViewVerify])
	w.Verify.VerifyFile(out)
	waitFor(t, "verification", func() bool { return w.Verify.pending == 0 })
	shot("verify")
	test.Tap(w.SignOut)

	signIn(t, w, "admin", "demo")
	test.Tap(w.Nav[ViewSeals])
	shot("seals")
}

func save(t *testing.T, name string, img image.Image) {
	t.Helper()
	dir := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// shotWorkspace is a demo workspace at ~/SealDesk/demo of a home folder of the
// test's own, so that the screenshots show the path a person would see and no
// temporary test folder.
func shotWorkspace(t *testing.T) *app.Workspace {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	return demoWorkspaceAt(t, filepath.Join(home, "SealDesk", "demo"))
}
