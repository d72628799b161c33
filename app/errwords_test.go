package app

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// scanSources returns "file:line: text" for every line of the non-test Go
// files in dirs that re matches.
func scanSources(t *testing.T, re *regexp.Regexp, dirs ...string) []string {
	t.Helper()
	var hits []string
	n := 0
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			n++
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(data), "\n") {
				if re.MatchString(line) {
					hits = append(hits, f+":"+strconv.Itoa(i+1)+": "+strings.TrimSpace(line))
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("scanned %d files in %v: the scan went wrong", n, dirs)
	}
	return hits
}

// TestAppNamesNoFlags: app does not know which face runs it, so its errors
// name no command-line flag; a face words its own input (sealctl's
// cliArgument) from a typed code (issue 14).
func TestAppNamesNoFlags(t *testing.T) {
	for _, h := range scanSources(t, regexp.MustCompile(`errf\(.*"--[a-z]`), ".") {
		t.Errorf("%s: report a code and let the face name its flag", h)
	}
	w := demo(t)
	_, err := w.sealID(context.Background(), "Bad ID", "contract")
	if Code(err) != CodeSealIDAlphabet || strings.Contains(err.Error(), "--") || !BadInput(err) {
		t.Errorf("seal id outside the alphabet: %v (code %s)", err, Code(err))
	}
}

// TestFacesNameCodesByConstant: ui and sealctl create and compare error codes
// through app's Code… constants, never a string literal (issue 14).
func TestFacesNameCodesByConstant(t *testing.T) {
	re := regexp.MustCompile(`NewError\("|Code: "|Code\([^)]*\) *[!=]= *"|\.Code *[!=]= *"`)
	for _, h := range scanSources(t, re, "../ui", "../cmd/sealctl") {
		t.Errorf("%s: use an app.Code… constant", h)
	}
}
