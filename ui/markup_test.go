package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// goldenWorkspace makes the demo workspace at a fixed path, since the status
// bar shows the workspace folder and the goldens must not depend on a temp name.
func goldenWorkspace(t *testing.T) *app.Workspace {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "sealdesk-golden")
	os.RemoveAll(dir)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return demoWorkspaceAt(t, filepath.Join(dir, "demo"))
}

// TestGoldenMarkup compares the widget trees of the sign-in screen and of the
// custodian's and auditor's main screens with the goldens in testdata/: a
// layout change, a lost widget or a changed label fails here. After an
// intended change, copy testdata/failed/*.xml over the goldens and review
// the diff.
func TestGoldenMarkup(t *testing.T) {
	ws := goldenWorkspace(t)
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		w := newWorkstation(t, ws, lang)
		test.AssertRendersToMarkup(t, "signin-"+lang+".xml", w.Window.Canvas())
		signIn(t, w, "custodian", "demo")
		waitUSB(t, w)
		w.setStatus("")
		test.AssertRendersToMarkup(t, "stamp-"+lang+".xml", w.Window.Canvas())
		w.endSession(app.LogoutUser)
		signIn(t, w, "approver", "demo")
		waitUSB(t, w)
		w.setStatus("")
		test.AssertRendersToMarkup(t, "approve-"+lang+".xml", w.Window.Canvas())
		w.endSession(app.LogoutUser)
	}
}

// waitUSB waits for the session's first USB report (the tests' bus is empty)
// to be shown and laid out: doMu is held by a background callback for its
// whole run, so once we hold it the report is complete.
func waitUSB(t *testing.T, w *Workstation) {
	t.Helper()
	waitFor(t, "the USB status", func() bool {
		doMu.Lock()
		defer doMu.Unlock()
		return w.USB.Text != ""
	})
}
