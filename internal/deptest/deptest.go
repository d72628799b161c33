// Package deptest checks in tests that a package does not depend on what it
// must not know: Fyne in the domain packages, siblings' internals, the GUI in
// the command line.
package deptest

import (
	"os/exec"
	"strings"
	"testing"
)

// GUI is the import path prefix of the GUI toolkit, which only ui and main may import.
const GUI = "fyne.io/fyne"

// Deps lists every package the package in dir depends on, itself included.
func Deps(t *testing.T, dir string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps in %s: %v\n%s", dir, err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 2 {
		t.Fatalf("go list -deps listed %d packages: the check would prove nothing", len(deps))
	}
	return deps
}

// Imports lists the packages that the non-test files of the package in dir
// import directly. A face (ui, sealctl) depends on store through app, so only
// its own imports can tell whether it reaches past app.
func Imports(t *testing.T, dir string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list in %s: %v\n%s", dir, err, out)
	}
	imps := strings.Fields(string(out))
	if len(imps) < 2 {
		t.Fatalf("go list listed %d imports: the check would prove nothing", len(imps)-1)
	}
	return imps[1:]
}

// Matching returns the deps that are, or lie below, one of prefixes.
func Matching(deps []string, prefixes ...string) []string {
	var out []string
	for _, d := range deps {
		for _, p := range prefixes {
			if d == p || strings.HasPrefix(d, p+"/") {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// ForbidImports fails t when a non-test file of the package in the current
// directory imports a path starting with one of prefixes.
func ForbidImports(t *testing.T, prefixes ...string) {
	t.Helper()
	for _, d := range Matching(Imports(t, "."), prefixes...) {
		t.Errorf("imports %s, which it must not: go through sealdesk/app", d)
	}
}

// Forbid fails t when the package in the current directory depends, directly or
// not, on any import path starting with one of prefixes.
func Forbid(t *testing.T, prefixes ...string) {
	t.Helper()
	for _, d := range Matching(Deps(t, "."), prefixes...) {
		t.Errorf("depends on %s, which it must not", d)
	}
}

// Importers lists the packages matched by pattern (run from dir) whose
// non-test files import path directly. Test files are not counted: a test
// helper may be imported by every package's tests and still never ship.
func Importers(t *testing.T, dir, pattern, path string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", pattern)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s in %s: %v\n%s", pattern, dir, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		t.Fatalf("go list %s listed %d packages: the check would prove nothing", pattern, len(lines))
	}
	var who []string
	for _, l := range lines {
		f := strings.Fields(l)
		for _, imp := range f[1:] {
			if imp == path {
				who = append(who, f[0])
				break
			}
		}
	}
	return who
}
