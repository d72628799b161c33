package pdfview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneHeaderCheck: IsPDF is the product's one "%PDF-" check (issue 14).
// Any other non-test file of the module that spells the bare header as a
// literal is checking it again. Writers spell a whole header ("%PDF-1.7"),
// which this does not match.
func TestOneHeaderCheck(t *testing.T) {
	const needle = `"%PDF-"`
	var owners []string
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), needle) {
			owners = append(owners, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(owners) != 1 || owners[0] != "../pdfview/render.go" {
		t.Fatalf("the PDF header is checked in %v, want only ../pdfview/render.go (IsPDF): call pdfview.IsPDF", owners)
	}
}
