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
