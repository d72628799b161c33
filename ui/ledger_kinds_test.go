package ui

import (
	"slices"
	"testing"

	"sealdesk/app"
)

// TestLedgerFilterOffersEveryKind: the ledger's kind filter offers every kind
// app writes (app.EntryKinds), not a list of the desktop's own that misses
// some (issue 14), even before the ledger holds an entry of that kind.
func TestLedgerFilterOffersEveryKind(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, "en")
	signIn(t, w, "auditor", "demo")
	v := w.Ledger
	for _, k := range app.EntryKinds() {
		l := w.label("ui.kind.", k)
		if !slices.Contains(v.Kind.Options, l) || v.kinds[l] != k {
			t.Errorf("kind %s: label %q offered %v, filters on %q", k, l, slices.Contains(v.Kind.Options, l), v.kinds[l])
		}
	}
}
