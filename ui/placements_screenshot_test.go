//go:build ci

package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/testpdf"
)

// TestScreenshotsPlacements captures the screens of issue 16 in both
// languages: the 骑缝章 dialog with its slice preview (stamp-seam), the
// approver seeing every marked page of a request (approve-pages), the batch
// request dialog (batch-request) and a finished batch stamp with one
// document refused (batch-stamp). Each capture fails when a label or button
// is cut off at 1280×800; with -screenshots it writes
// docs/screenshots/<name>-<lang>.png.
func TestScreenshotsPlacements(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			ctx := context.Background()
			w := newWorkstation(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			shot := func(name string) { t.Helper(); shoot(t, w, lang, name) }

			signIn(t, w, "custodian", app.DemoPassword)
			v := w.Stamp
			doc := demoDoc(ws)
			openDoc(t, v, doc)
			dragSeal(v, palette(t, v, "contract"), float32(150*v.scale), float32(240*v.scale))
			test.Type(v.MorePages, "1-2")
			test.Type(v.Reason, map[string]string{assets.LangZH: "合同正文及附件各页盖章", assets.LangEN: "Seal on the contract and its annex"}[lang])
			test.Tap(v.Action)

			test.Tap(v.SeamBtn)
			d := v.SeamDialog
			waitFor(t, "the seam preview", func() bool { return d.pending == 0 && d.Preview.Image != nil })
			shot("stamp-seam")
			test.Tap(d.Cancel)

			// A folder of receipts for the batch dialog.
			dir := filepath.Join(os.Getenv("HOME"), "报销单")
			os.MkdirAll(dir, 0o700)
			for i := 1; i <= 4; i++ {
				b := testpdf.New(testpdf.Options{Title: fmt.Sprint("receipt ", i), Pages: []testpdf.Page{{Lines: []string{fmt.Sprint("Receipt ", i)}}}})
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("receipt-%d.pdf", i)), b, 0o600)
			}
			openDoc(t, v, filepath.Join(dir, "receipt-1.pdf"))
			dragSeal(v, palette(t, v, "finance"), float32(150*v.scale), float32(200*v.scale))
			test.Tap(v.BatchBtn)
			shot("batch-request")
			test.Tap(v.BatchDialog.OK)
			pending, _ := ws.Requests(ctx, app.RequestPending)
			batch := ""
			for _, r := range pending {
				if r.Batch != "" {
					batch = r.Batch
				}
			}
			if batch == "" {
				t.Fatalf("no batch filed: %q", v.Message.Text)
			}

			signIn(t, w, "approver", app.DemoPassword)
			a := w.Approve
			for i, r := range a.Pending {
				if r.Batch == "" && len(r.Placements) == 2 {
					a.List.Select(i)
				}
			}
			waitFor(t, "the pages preview", func() bool { return a.pending == 0 && a.PagePreview.Image != nil })
			shot("approve-pages")
			test.Tap(a.Approve)
			a.List.Select(0)
			test.Tap(a.ApproveAll)

			// One receipt edited after approval: refused alone, named.
			p := filepath.Join(dir, "receipt-3.pdf")
			os.WriteFile(p, append(mustReadFile(t, p), "\n% edited\n"...), 0o600)
			signIn(t, w, "custodian", app.DemoPassword)
			w.ShowView(ViewMine)
			w.Mine.Reload()
			w.Mine.openBatchStamp(batch)
			sd := w.Mine.BatchDialog
			sd.Out.SetText(filepath.Join("~", map[string]string{assets.LangZH: "已盖章", assets.LangEN: "stamped"}[lang]))
			sd.PIN.SetText(app.DemoPIN)
			test.Tap(sd.OK)
			waitFor(t, "the batch to finish", func() bool { return sd.Result != nil })
			if files, _ := os.ReadDir(filepath.Join(os.Getenv("HOME"), map[string]string{assets.LangZH: "已盖章", assets.LangEN: "stamped"}[lang])); len(files) != 3 {
				t.Errorf("%d stamped files below the home folder: %q", len(files), sd.Message.Text)
			}
			shot("batch-stamp")
		})
	}
}
