//go:build ci

package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sealdesk/assets"
)

// TestScreenshotsAdmin captures the administration tabs (authorisations,
// approval rules, settings), the exchange screen after a ledger import and
// the audit report screen after a report, in both languages. With
// -screenshots it writes docs/screenshots/admin-grants-<lang>.png,
// admin-rules-, admin-settings-, exchange- and audit-<lang>.png.
func TestScreenshotsAdmin(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			approvedForCustodian(t, ws)
			w, v := openAdmin(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			shot := func(name string) { t.Helper(); shoot(t, w, lang, name) }
			v.GrantUser.SetSelected("custodian")
			v.GrantSeal.SetSelected(sealLabel(t, v, "finance"))
			v.GrantFrom.SetText("2026-12-01")
			v.GrantTo.SetText("2027-11-30")
			test.Tap(v.GrantAdd)
			v.GrantList.Select(0)
			shot("admin-grants")

			v.Tabs.SelectIndex(1)
			v.RuleSeal.SetSelected(sealLabel(t, v, "contract"))
			v.RuleRequired.SetSelected("1")
			v.RuleApprovers.SetSelected([]string{"approver"})
			test.Tap(v.RuleSave)
			shot("admin-rules")

			v.Tabs.SelectIndex(2)
			v.EvidenceMonths.SetText("36")
			test.Tap(v.SettingsSave)
			shot("admin-settings")

			// A ledger extract of this workstation, imported back as if from the field.
			// Folders below the test's home folder, shown as ~/…
			dir := filepath.Join(os.Getenv("HOME"), "交换")
			os.MkdirAll(dir, 0o700)
			test.Tap(w.Nav[ViewExchange])
			w.Exchange.ExportLedgerTo(filepath.Join(dir, "field.sdledger"))
			other := demoWorkspaceAt(t, filepath.Join(os.Getenv("HOME"), "SealDesk", "hq"))
			trustRoots(t, other, ws)
			h := newWorkstation(t, other, lang)
			h.Window.Resize(fyne.NewSize(1280, 800))
			signIn(t, h, "admin", "demo")
			test.Tap(h.Nav[ViewExchange])
			for l := range h.Exchange.requests {
				h.Exchange.Request.SetSelected(l)
				break
			}
			h.Exchange.ImportLedgerFrom(filepath.Join(dir, "field.sdledger"))
			w = h
			shot("exchange")

			test.Tap(w.Nav[ViewAudit])
			a := w.Audit
			from, to, _ := a.period()
			a.GenerateTo(filepath.Join(dir, "audit.pdf"), from, to)
			waitFor(t, "the report", func() bool {
				doMu.Lock()
				defer doMu.Unlock()
				return !a.busy
			})
			shot("audit")
		})
	}
}
