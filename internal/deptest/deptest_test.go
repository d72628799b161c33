package deptest

import "testing"

// TestCatchesFyne is the positive control: the ui package does import Fyne, so
// the check the domain packages rely on must see it there.
func TestCatchesFyne(t *testing.T) {
	if got := Matching(Deps(t, "../../ui"), GUI); len(got) == 0 {
		t.Fatal("Fyne not found among the ui package's dependencies: the dependency tests cannot fail")
	}
	if got := Matching([]string{"fyne.io/fyne/v2/widget", "fyne.io/fynex"}, "fyne.io/fyne"); len(got) != 1 {
		t.Fatalf("prefix matching: %v", got)
	}
}

// TestImportsAreDirect is the control of the faces' check: app imports store
// directly, ui does not but depends on it through app, and test files'
// imports are not counted (ui's tests forge rows through store).
func TestImportsAreDirect(t *testing.T) {
	if got := Matching(Imports(t, "../../app"), "sealdesk/store"); len(got) != 1 {
		t.Fatalf("app's direct imports %v: store not seen", got)
	}
	if got := Matching(Deps(t, "../../ui"), "sealdesk/store"); len(got) != 1 {
		t.Fatal("ui does not depend on store through app: the control proves nothing")
	}
	if got := Matching(Imports(t, "../../ui"), "sealdesk/store", "sealdesk/device"); len(got) != 0 {
		t.Fatalf("ui imports %v directly", got)
	}
}

// TestImportersSeesProductFiles is the control of TestNotInTheProduct: app's
// non-test files import store, and store's tests (which import only store's
// own helpers) do not make store an importer of itself.
func TestImportersSeesProductFiles(t *testing.T) {
	got := Importers(t, "../..", "./...", "sealdesk/store")
	found := false
	for _, p := range got {
		found = found || p == "sealdesk/app"
	}
	if !found {
		t.Fatalf("importers of store %v: app not seen", got)
	}
}
